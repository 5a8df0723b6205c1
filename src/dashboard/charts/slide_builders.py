"""Every chart a view shows, built without streamlit, as a :class:`Slide`.

A page draws ``build(kind, settings, frames, lang)``; the present page, the PowerPoint deck
and the PNG/SVG/CSV exports draw the very same object. So what a presenter exports is what
the official saw, and a chart is written once.

``settings`` are the view's URL parameters (:mod:`dashboard.catalog.params`). A missing or unknown
setting falls back to the view's default, as a hand-edited URL does, so an old
presentation file never fails on a renamed option.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Final

import pandas as pd

from dashboard.analysis import areas, figures, headlines
from dashboard.catalog import measures as catalog
from dashboard.catalog import pages, params, schemas
from dashboard.catalog.measures import Normalisation
from dashboard.charts import map_layers, map_legend, map_model, member_notes, palette, plotly_charts
from dashboard.charts.slides import Slide
from dashboard.charts.tables import figure_rows, figure_text, hover_for
from dashboard.text import formatting, provenance
from dashboard.text.i18n import Language, t

Settings = Mapping[str, str]
EVENT_EXPECTATIONS: Final = ("forecast", "target")
# Campus measures in hectares, m² or euros: not counted in whole steps like companies are.
MEASURED_UNITS: Final = ("_ha", "_m2", "_meur")
SOURCES_ON_A_SLIDE: Final = 4  # more are counted, not named; the page lists them all


# --- Choices a view offers, and the defaults a slide falls back to -------------------


def focus_regions(regions: pd.DataFrame) -> list[str]:
    """The regions this product is about, in their fixed order (the compare default)."""
    focus = regions[regions["focus_order"].notna()].sort_values("focus_order")
    return list(focus["region_id"])


def chosen_regions(settings: Settings, regions: pd.DataFrame) -> list[str]:
    known = set(regions["region_id"])
    wanted = [region for region in settings.get(params.COMPARE_REGIONS, "").split(",") if region]
    chosen = [region for region in wanted if region in known]
    return chosen if wanted else focus_regions(regions)


def _pick(settings: Settings, key: str, options: Sequence[str], default: str) -> str:
    value = settings.get(key)
    return value if value is not None and value in options else default


def event_choices(events: pd.DataFrame) -> dict[str, str]:
    """Event id -> name, events with forecasts or targets first: comparing them with the
    actual is what the events view is for."""
    expected = set(events.loc[events["claim_type"].isin(EVENT_EXPECTATIONS), "event_id"])
    named = events.drop_duplicates("event_id")
    named = named.assign(_later=~named["event_id"].isin(expected)).sort_values(["_later", "event_name"])
    return dict(zip(named["event_id"], named["event_name"], strict=True))


def event_measures(events: pd.DataFrame, event_id: str) -> list[str]:
    return list(dict.fromkeys(events.loc[events["event_id"] == event_id, "measure"]))


def chosen_event(settings: Settings, events: pd.DataFrame) -> tuple[str, str]:
    """(event id, measure) from the settings, or the view's defaults."""
    event_ids = list(event_choices(events))
    event_id = _pick(settings, params.EVENTS_EVENT, event_ids, event_ids[0])
    measures = event_measures(events, event_id)
    return event_id, _pick(settings, params.EVENTS_MEASURE, measures, measures[0])


def campus_measures(campuses: pd.DataFrame) -> list[str]:
    observed = campuses[campuses["claim_type"].isin(figures.OBSERVED_CLAIMS)]
    return list(dict.fromkeys(observed["measure"]))


def chosen_campus_measure(settings: Settings, campuses: pd.DataFrame) -> str:
    measures = campus_measures(campuses)
    default = "companies" if "companies" in measures else measures[0]
    return _pick(settings, params.CAMPUSES_MEASURE, measures, default)


def indicator_series(indicators: pd.DataFrame) -> list[str]:
    return list(dict.fromkeys(indicators["indicator_id"]))


def chosen_indicator(settings: Settings, indicators: pd.DataFrame) -> str:
    series = indicator_series(indicators)
    default = "amsix_peak_traffic" if "amsix_peak_traffic" in series else series[0]
    return _pick(settings, params.DATA_CENTRES_SERIES, series, default)


def chosen_measure(settings: Settings) -> str:
    return _pick(settings, params.COMPARE_MEASURE, list(headlines.HEADLINES), "data_centres")


def chosen_normalisation(settings: Settings) -> str:
    """The normalisation from the settings if the chosen measure allows it, else absolute."""
    return _pick(
        settings, params.COMPARE_NORMALISATION, catalog.allowed(chosen_measure(settings)), catalog.ABSOLUTE
    )


def chosen_map(settings: Settings) -> tuple[str, tuple[str, ...], str]:
    """(measure, point layers, level) from the settings, or the map's defaults."""
    measure = _pick(settings, params.MAP_MEASURE, map_layers.AREA_MEASURES, "data_centres")
    raw = settings.get(params.MAP_LAYERS)
    layers = (
        map_layers.LAYERS
        if raw is None
        else tuple(layer for layer in map_layers.LAYERS if layer in raw.split(","))
    )
    return measure, layers, _pick(settings, params.MAP_LEVEL, map_layers.LEVELS, map_layers.LEVELS[0])


# --- Builders ------------------------------------------------------------------------


def _source_line(
    source_ids: Sequence[str], frames: figures.Frames, lang: Language, ref_dates: pd.Series
) -> str:
    """'Bron: …, 2022 · betrouwbaarheid: hoog' as plain text, for slides and decks."""
    ids = list(dict.fromkeys(str(source) for source in source_ids if not formatting.is_missing(source)))
    return provenance.caption(
        ids,
        frames["sources"],
        lang,
        ref_date=figures.span(ref_dates.dropna()),
        markdown=False,
        limit=SOURCES_ON_A_SLIDE,
    )


def normalised_text(row: pd.Series, how: Normalisation, lang: Language) -> str:
    """A headline-table row's figure in one normalisation, as text ('1,3', 'ca. 26.546,2')."""
    return formatting.figure(
        row[how.low], row[how.high], lang, qualifier=row["qualifier"], decimals=how.decimals, unit=how.unit
    )


def area_label(key: str, names: Mapping[str, str], lang: Language) -> str:
    """'Almere', or 'binnen 25 km van Almere' for a circle."""
    region_id, _, km = key.partition(areas.RADIUS_SEPARATOR)
    name = names.get(region_id, region_id)
    return t("compare.circle_label", lang, km=km, place=name) if km else name


def compared_keys(settings: Settings, regions: pd.DataFrame) -> list[str]:
    """The chosen regions plus the circle, if one is drawn, as area keys."""
    closure = areas.region_closure(regions)
    circle = settings.get(params.COMPARE_CIRCLE, "")
    keys = [*chosen_regions(settings, regions), *([circle] if circle else [])]
    return areas.known_keys(list(dict.fromkeys(keys)), regions, closure)


def _denominator_line(row: pd.Series, how: Normalisation, sources: pd.DataFrame, lang: Language) -> str:
    """'Inwoners: 214.715 (peildatum 1 jan 2021) · Bron: …' for a tooltip; '' when absolute."""
    if how.denominator == "population":
        text = t(
            "compare.population_hover",
            lang,
            population=formatting.number(row["population"], lang),
            date=formatting.ref_date(row["population_date"], lang),
        )
        ids = row["population_source_ids"]
    elif how.denominator == "area":
        text = t(
            "compare.area_hover",
            lang,
            area=formatting.number(row["area_km2"], lang, decimals=0),
            kind=t(f"compare.area_kind_{row['area_kind']}", lang) if row["area_kind"] else "",
            date=formatting.ref_date(row["area_date"], lang),
        )
        ids = row["area_source_ids"]
    elif row["national_low"] is not None and not formatting.is_missing(row["national_low"]):
        whole = formatting.figure(row["national_low"], row["national_high"], lang)
        return t("compare.national_hover", lang, value=whole, country=row["country"])
    else:
        return ""
    return f"{text}<br>{formatting.html_escape(provenance.hover_lines(list(ids), sources, lang))}"


def _year_gaps(table: pd.DataFrame, labels: Mapping[str, str], how: Normalisation, lang: Language) -> str:
    """Say so when a figure and its denominator are more than a year apart."""
    if how.denominator is None:
        return ""
    gap, date = (
        f"{how.denominator}_gap",
        "population_date" if how.denominator == "population" else "area_date",
    )
    wide = [
        t(
            "compare.year_gap_item",
            lang,
            region=labels[row["region_id"]],
            figure=formatting.ref_date(row["ref_date"], lang),
            denominator=formatting.ref_date(row[date], lang),
        )
        for _, row in table.iterrows()
        if not formatting.is_missing(row[gap]) and row[gap] > 1
    ]
    return t(f"compare.year_gap_{how.denominator}", lang, items="; ".join(wide)) if wide else ""


def value_axis(measure: str, normalisation: str, lang: Language) -> str:
    """What the compare axis counts, short enough for the axis: 'Aantal datacenters',
    'Clusterleden per 100.000 inwoners' (the chart's title says it in full)."""
    if normalisation == "absolute":
        return t(f"compare.axis_{measure}", lang)
    return t(f"compare.axis_{normalisation}", lang, measure=t(f"measure_short.{measure}", lang))


def compare(settings: Settings, frames: figures.Frames, lang: Language) -> Slide:
    """One measure across the chosen areas: absolute, per inhabitant, per km² or as a share."""
    regions, sources = frames["regions"], frames["sources"]
    names = dict(zip(regions["region_id"], regions[f"name_{lang}"], strict=True))
    keys = compared_keys(settings, regions)
    labels = {key: area_label(key, names, lang) for key in keys}
    measure = chosen_measure(settings)
    normalisation = chosen_normalisation(settings)
    how = catalog.NORMALISATIONS[normalisation]
    table = headlines.headline_table(frames, keys, [measure])
    rows, partial = [], []
    for _, row in table.iterrows():
        value = normalised_text(row, how, lang)
        if not (formatting.is_missing(row[how.low]) and formatting.is_missing(row[how.high])):
            noted = member_notes.with_partial(value, row, how, names, lang)
            if noted != value:
                partial.append(labels[row["region_id"]])
            value = noted
        absolute = formatting.figure(row["low"], row["high"], lang, qualifier=row["qualifier"])
        hover = "<br>".join(
            line
            for line in (
                f"<b>{formatting.html_escape(labels[row['region_id']])}</b>: {formatting.html_escape(value)}",
                ""
                if how.denominator is None and normalisation == "absolute"
                else f"{t('compare.absolute', lang)}: {formatting.html_escape(absolute)}",
                formatting.html_escape(provenance.hover_lines(row["source_ids"], sources, lang)),
                _denominator_line(row, how, sources, lang),
            )
            if line
        )
        rows.append(
            {
                "label": labels[row["region_id"]],
                "low": row[how.low],
                "high": row[how.high],
                "hover": hover,
                "value": value,
                "absolute": absolute,
                "population": formatting.number(row["population"], lang),
                "area": formatting.number(row["area_km2"], lang, decimals=0),
                "ref_date": formatting.ref_date(row["ref_date"], lang),
            }
        )
    frame = pd.DataFrame(
        rows, columns=["label", "low", "high", "hover", "value", "absolute", "population", "area", "ref_date"]
    )
    unknown = [
        label
        for label, low, high in zip(frame["label"], frame["low"], frame["high"], strict=True)
        if formatting.is_missing(low) and formatting.is_missing(high)
    ]
    notes = [
        t("compare.unknown_for", lang, regions=", ".join(unknown)) if unknown else "",
        _year_gaps(table, labels, how, lang),
        t(f"compare.partial_note_{how.denominator}", lang, regions=", ".join(partial)) if partial else "",
        t("compare.share_note", lang) if normalisation == catalog.SHARE else "",
    ]
    title = t(f"measure.{measure}", lang) + (
        "" if normalisation == "absolute" else f" {t(f'compare.{normalisation}_suffix', lang)}"
    )
    colours = palette.region_colours(list(table["region_id"]), regions)
    return Slide(
        title=title,
        figure=plotly_charts.range_bars(
            frame,
            lang,
            y_title=value_axis(measure, normalisation, lang),
            range_label=t("common.range", lang),
            unknown_label=t("common.unknown", lang),
            colours=palette.by_label(colours, labels),
            whole=normalisation == "absolute",
        ),
        source_line=_source_line(
            [source for ids in table["source_ids"] for source in ids], frames, lang, table["ref_date"]
        ),
        table=frame[["label", "value", "absolute", "ref_date", "population", "area"]].set_axis(
            [
                t(key, lang)
                for key in (
                    "common.region",
                    "common.value",
                    "compare.absolute",
                    "common.ref_date",
                    "common.population",
                    "compare.area",
                )
            ],
            axis=1,
        ),
        note=" ".join(note for note in notes if note),
    )


def compare_members(settings: Settings, frames: figures.Frames, lang: Language) -> Slide:
    """Cluster member organisations over time for the clusters inside each chosen region."""
    regions, sources = frames["regions"], frames["sources"]
    names = dict(zip(regions["region_id"], regions[f"name_{lang}"], strict=True))
    closure = areas.region_closure(regions)
    pieces, without = [], []
    chosen = chosen_regions(settings, regions)
    region_colour = palette.region_colours(chosen, regions)
    line_colours: dict[str, str] = {}
    for region_id in chosen:
        rows = areas.in_region(frames["clusters"], region_id, closure)
        rows = rows.assign(cluster_name=rows["cluster_name"] + f" ({names[region_id]})")
        rows = rows.assign(hover=hover_for(rows, "cluster_name", sources, lang))
        piece = figures.time_series(
            rows, "cluster_id", "cluster_name", "member_organisations", keep=["hover"]
        )
        # A cluster's line has its region's colour, as the region's bar does.
        line_colours.update(dict.fromkeys(piece["name"], region_colour[region_id]))
        pieces.append(piece)
        if piece.empty:
            without.append(names[region_id])
    if not pieces:  # no region chosen: an empty series with the same columns
        empty = frames["clusters"].iloc[0:0].assign(hover=[])
        pieces.append(
            figures.time_series(empty, "cluster_id", "cluster_name", "member_organisations", keep=["hover"])
        )
    series = pd.concat(pieces, ignore_index=True)
    series = series.assign(label=series["name"])
    return Slide(
        title=t("compare.members_over_time", lang),
        figure=plotly_charts.time_series(
            series,
            lang,
            y_title=t("compare.axis_cluster_members", lang),
            x_title=t("common.year", lang),
            colours=line_colours,
            whole=True,
        ),
        source_line=_source_line(list(series["source_id"]), frames, lang, series["ref_date"]),
        table=pd.DataFrame(
            {
                t("common.name", lang): list(series["label"]),
                t("common.ref_date", lang): [formatting.ref_date(v, lang) for v in series["ref_date"]],
                t("common.value", lang): [
                    figure_text(low, high, lang, qualifier)
                    for low, high, qualifier in zip(
                        series["low"], series["high"], series["qualifier"], strict=True
                    )
                ],
                t("common.claim_type", lang): [t(f"claim.{v}", lang) for v in series["claim_type"]],
            }
        ),
        note=" ".join(
            [t("compare.periods_note", lang) if not series.empty else t("compare.no_series", lang)]
            + (
                [t("compare.no_series_for", lang, regions=", ".join(without))]
                if without and not series.empty
                else []
            )
            + _members_normalisation_note(settings, lang)
        ),
    )


def _members_normalisation_note(settings: Settings, lang: Language) -> list[str]:
    """The member counts over time stay absolute; say so when the page divides the other chart."""
    normalisation = chosen_normalisation(settings)
    if normalisation == catalog.ABSOLUTE:
        return []
    return [t("compare.members_absolute", lang, normalisation=t(f"compare.{normalisation}_suffix", lang))]


def events(settings: Settings, frames: figures.Frames, lang: Language) -> Slide:
    """Forecasts, targets and revisions of one event's measure, against the actual."""
    all_events, sources = frames["events"], frames["sources"]
    event_id, measure = chosen_event(settings, all_events)
    rows = all_events[(all_events["event_id"] == event_id) & (all_events["measure"] == measure)]
    name = str(rows["event_name"].iloc[0])
    rows = rows.assign(event_name=rows["event_name"] + " (" + rows["edition"].astype(str) + ")")
    rows = rows.assign(hover=hover_for(rows, "event_name", sources, lang))
    return Slide(
        title=f"{name}: {t(f'measure.{measure}', lang)}",
        figure=plotly_charts.claims_timeline(
            rows,
            lang,
            y_title=t(f"measure.{measure}", lang),
            claim_labels={claim: t(f"claim.{claim}", lang) for claim in schemas.CLAIM_TYPES},
        ),
        source_line=_source_line(list(rows["source_id"]), frames, lang, rows["ref_date"]),
        table=figure_rows(rows, "event_name", sources, lang),
        note=t("events.timeline_note", lang),
    )


def clusters(settings: Settings, frames: figures.Frames, lang: Language) -> Slide:
    """Member organisations per cluster over time; unknown counts named in the note."""
    sources = frames["sources"]
    members = frames["clusters"][frames["clusters"]["measure"] == "member_organisations"]
    members = members.assign(hover=hover_for(members, "cluster_name", sources, lang))
    series = figures.time_series(
        members, "cluster_id", "cluster_name", "member_organisations", keep=["hover"]
    )
    known = members[members["value_low"].notna() | members["value_high"].notna()]
    regions = frames["regions"]
    homes = dict(zip(series["name"], series["region_id"], strict=True))
    return Slide(
        title=t("compare.members_over_time", lang),
        figure=plotly_charts.time_series(
            series.assign(label=series["name"]),
            lang,
            y_title=t("compare.axis_cluster_members", lang),
            x_title=t("common.year", lang),
            colours=palette.home_colours(homes, regions, areas.region_closure(regions)),
            whole=True,
        ),
        source_line=_source_line(list(known["source_id"]), frames, lang, known["ref_date"]),
        table=figure_rows(known, "cluster_name", sources, lang),
        note=t("compare.periods_note", lang),
    )


def campuses(settings: Settings, frames: figures.Frames, lang: Language) -> Slide:
    """The latest stated figure per campus; campuses without one are named as unknown."""
    all_campuses, sources = frames["campuses"], frames["sources"]
    measure = chosen_campus_measure(settings, all_campuses)
    latest = figures.latest(all_campuses, "campus_id", measure)
    names = all_campuses.drop_duplicates("campus_id").set_index("campus_id")["campus_name"]
    by_campus = latest.set_index("campus_id")
    hovers = dict(zip(latest["campus_id"], hover_for(latest, "campus_name", sources, lang), strict=True))
    frame = pd.DataFrame(
        {
            "label": list(names),
            "low": [by_campus.at[c, "value_low"] if c in by_campus.index else None for c in names.index],
            "high": [by_campus.at[c, "value_high"] if c in by_campus.index else None for c in names.index],
            "hover": [
                hovers.get(c, formatting.html_escape(f"{names[c]}: {t('common.unknown', lang)}"))
                for c in names.index
            ],
        }
    )
    unknown = [names[c] for c in names.index if c not in by_campus.index]
    regions = frames["regions"]
    homes = all_campuses.drop_duplicates("campus_id").set_index("campus_id")["region_id"]
    colours = palette.home_colours(
        {names[c]: str(homes[c]) for c in names.index}, regions, areas.region_closure(regions)
    )
    note = t("campuses.latest_note", lang)
    if unknown:
        note += " " + t("compare.unknown_for", lang, regions=", ".join(unknown))
    return Slide(
        title=f"{t('campuses.title', lang)}: {t(f'measure.{measure}', lang)}",
        figure=plotly_charts.range_bars(
            frame,
            lang,
            y_title=t(f"measure.{measure}", lang),
            range_label=t("common.range", lang),
            unknown_label=t("common.unknown", lang),
            colours=colours,
            whole=not measure.endswith(MEASURED_UNITS),
        ),
        source_line=_source_line(list(latest["source_id"]), frames, lang, latest["ref_date"]),
        table=figure_rows(latest, "campus_name", sources, lang),
        note=note,
    )


def data_centres(settings: Settings, frames: figures.Frames, lang: Language) -> Slide:
    """Sites named in the sources, per province and status (not a census)."""
    regions, sites = frames["regions"], frames["data_centres"]
    names = dict(zip(regions["region_id"], regions[f"name_{lang}"], strict=True))
    sites = sites.assign(province=[areas.province_of(region, regions) for region in sites["region_id"]])
    counts = sites.groupby(["province", "status"], as_index=False).agg(
        count=("dc_id", "size"), sites=("name", ", ".join)
    )
    status_labels = {status: t(f"status.{status}", lang) for status in schemas.DC_STATUSES}
    counts = counts.assign(
        label=counts["province"].map(names),
        group=counts["status"].map(status_labels),
        hover=[formatting.html_escape(listed) for listed in counts["sites"]],
    )
    return Slide(
        title=t("data_centres.by_province", lang),
        figure=plotly_charts.stacked_counts(
            counts,
            lang,
            y_title=t("data_centres.count_axis", lang),
            group_order=[status_labels[status] for status in schemas.DC_STATUSES],
        ),
        source_line=_source_line(list(sites["source_id"]), frames, lang, sites["ref_date"]),
        table=counts[["label", "group", "count", "sites"]].set_axis(
            [
                t("common.region", lang),
                t("data_centres.status", lang),
                t("data_centres.count", lang),
                t("data_centres.sites", lang),
            ],
            axis=1,
        ),
        note=t("data_centres.not_a_census", lang),
    )


def data_centres_context(settings: Settings, frames: figures.Frames, lang: Language) -> Slide:
    """One national context series (DDA, AMS-IX, NorthC) over time."""
    indicators, sources = frames["indicators"], frames["sources"]
    chosen = chosen_indicator(settings, indicators)
    label = t(f"indicator.{chosen}", lang)
    rows = indicators[indicators["indicator_id"] == chosen].assign(measure=chosen, name=label)
    rows = rows.assign(hover=hover_for(rows, "name", sources, lang))
    series = figures.time_series(rows, "indicator_id", "name", chosen, keep=["hover"])
    return Slide(
        title=label,
        figure=plotly_charts.time_series(
            series.assign(label=series["name"]), lang, y_title=label, x_title=t("common.year", lang)
        ),
        source_line=_source_line(list(rows["source_id"]), frames, lang, rows["ref_date"]),
        table=figure_rows(rows, "name", sources, lang, measure_prefix="indicator."),
        note=t("compare.periods_note", lang),
    )


def map_slide(settings: Settings, frames: figures.Frames, lang: Language) -> Slide:
    """The map page's areas, outlines and points as a static map (slides, images, decks)."""
    measure, layers, level = chosen_map(settings)
    content = map_layers.map_content(frames, measure, layers, level, lang)
    ids = list(content.areas["region_id"])
    texts = {region: content.details.info[region].value for region in ids}
    legend = map_model.classify(content.values.values())
    names = dict(zip(ids, content.areas["name"], strict=True))
    hover = {region: f"{formatting.html_escape(names[region])}: {texts[region]}" for region in ids}
    drawn = [
        (
            layer.label,
            layer.colour,
            [
                (float(point.lat), float(point.lon), formatting.html_escape(point.title))
                for point in layer.points
            ],
        )
        for layer in content.layers
    ]
    located = [frames[layer].dropna(subset=["lat", "lon"]) for layer in layers]
    source_ids = [source for frame in located for source in frame["source_id"]]
    ref_dates = pd.concat([frame["ref_date"] for frame in located]) if located else pd.Series(dtype=object)
    # The table lists what has a figure: 350 rows of "no figures" would hide the few that do.
    listed = [region for region in ids if content.values[region] is not None] or ids
    return Slide(
        title=f"{t('map.title', lang)}: {content.value_label}",
        figure=plotly_charts.province_map(
            content.areas,
            {region: legend.colour_for(value) for region, value in content.values.items()},
            hover,
            drawn,
            lang,
            outlines=[(outline.label, outline.geometry) for outline in content.outlines],
            bounds=map_model.fitted_bounds(content.areas, content.framed),
            legend_title=content.value_label,
            legend_items=map_legend.legend_items(legend, lang, content.decimals, t("map.no_value", lang)),
        ),
        source_line=_source_line(source_ids, frames, lang, ref_dates),
        table=pd.DataFrame(
            {
                t("common.region", lang): [names[region] for region in listed],
                content.value_label: [texts[region] for region in listed],
            }
        ),
        note=t(f"map.attribution_{level}", lang),
    )


Builder = Callable[[Settings, figures.Frames, Language], Slide]


@dataclass(frozen=True)
class Kind:
    """A kind of slide: the page it comes from, the settings it reads, how it is built."""

    page: str  # a page name from pages.PAGES
    builder: Builder
    settings: tuple[str, ...] = ()
    datasets: tuple[str, ...] = ("regions", "sources")


KINDS: Final[dict[str, Kind]] = {
    "compare": Kind(
        "compare",
        compare,
        (params.COMPARE_REGIONS, params.COMPARE_CIRCLE, params.COMPARE_MEASURE, params.COMPARE_NORMALISATION),
        ("regions", "sources", "data_centres", "clusters", "events", "campuses"),
    ),
    "compare_members": Kind(
        "compare",
        compare_members,
        (params.COMPARE_REGIONS, params.COMPARE_CIRCLE, params.COMPARE_MEASURE, params.COMPARE_NORMALISATION),
        ("regions", "sources", "clusters"),
    ),
    "events": Kind("events", events, (params.EVENTS_EVENT, params.EVENTS_MEASURE), ("sources", "events")),
    "clusters": Kind("clusters", clusters, (), ("regions", "sources", "clusters")),
    "campuses": Kind("campuses", campuses, (params.CAMPUSES_MEASURE,), ("regions", "sources", "campuses")),
    "data_centres": Kind("data_centres", data_centres, (), ("regions", "sources", "data_centres")),
    "data_centres_context": Kind(
        "data_centres", data_centres_context, (params.DATA_CENTRES_SERIES,), ("sources", "indicators")
    ),
    "map": Kind(
        "map",
        map_slide,
        (params.MAP_MEASURE, params.MAP_LAYERS, params.MAP_LEVEL),
        ("regions", "sources", "data_centres", "clusters", "events", "campuses"),
    ),
}
ALL_DATASETS: Final = tuple(dict.fromkeys(key for kind in KINDS.values() for key in kind.datasets))


def build(kind: str, settings: Settings, frames: figures.Frames, lang: Language) -> Slide:
    """The slide of one chart with its settings; KeyError names the kinds that exist."""
    if kind not in KINDS:
        raise KeyError(f"{kind!r} is not a kind of slide; these are: {', '.join(sorted(KINDS))}")
    spec = KINDS[kind]
    query = {key: settings[key] for key in spec.settings if key in settings}
    page = next(page.url for page in pages.PAGES if page.name == spec.page)
    return spec.builder(settings, frames, lang).with_origin(kind, page, query)
