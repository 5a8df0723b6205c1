"""The compare page's charts: one measure across the chosen areas (absolute, per inhabitant,
per km² or as a share), and the member organisations of the clusters inside each area over
time. Also the page's choices (regions, circle, measure, normalisation) with their defaults,
which the compare tables and the overview read too.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from dashboard.analysis import areas, figures, headlines
from dashboard.catalog import measures as catalog
from dashboard.catalog import params
from dashboard.catalog.measures import Normalisation
from dashboard.charts import member_notes, palette, plotly_charts, plotly_time
from dashboard.charts.slide import Settings, Slide, source_line
from dashboard.charts.tables import figure_text, hover_for
from dashboard.text import formatting, provenance
from dashboard.text.i18n import Language, t

CLUSTER_MEMBERS = catalog.MEASURES["cluster_members"]


def focus_regions(regions: pd.DataFrame) -> list[str]:
    """The regions this product is about, in their fixed order (the compare default)."""
    focus = regions[regions["focus_order"].notna()].sort_values("focus_order")
    return list(focus["region_id"])


def chosen_regions(settings: Settings, regions: pd.DataFrame) -> list[str]:
    known = set(regions["region_id"])
    wanted = [region for region in settings.get(params.COMPARE_REGIONS, "").split(",") if region]
    chosen = [region for region in wanted if region in known]
    return chosen if wanted else focus_regions(regions)


def chosen_measure(settings: Settings) -> str:
    return params.PARAMS[params.COMPARE_MEASURE].pick(settings)


def chosen_normalisation(settings: Settings) -> str:
    """The normalisation from the settings if the chosen measure allows it, else absolute."""
    return params.PARAMS[params.COMPARE_NORMALISATION].pick(
        settings, catalog.allowed(chosen_measure(settings))
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
        source_line=source_line(
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
    id_column, name_column, counted = (
        CLUSTER_MEMBERS.entity_id,
        CLUSTER_MEMBERS.entity_name,
        CLUSTER_MEMBERS.counted_by[1],
    )
    pieces, without = [], []
    chosen = chosen_regions(settings, regions)
    region_colour = palette.region_colours(chosen, regions)
    line_colours: dict[str, str] = {}
    for region_id in chosen:
        rows = areas.in_region(frames[CLUSTER_MEMBERS.dataset], region_id, closure)
        rows = rows.assign(**{name_column: rows[name_column] + f" ({names[region_id]})"})
        rows = rows.assign(hover=hover_for(rows, name_column, sources, lang))
        piece = figures.time_series(rows, id_column, name_column, counted, keep=["hover"])
        # A cluster's line has its region's colour, as the region's bar does.
        line_colours.update(dict.fromkeys(piece["name"], region_colour[region_id]))
        pieces.append(piece)
        if piece.empty:
            without.append(names[region_id])
    if not pieces:  # no region chosen: an empty series with the same columns
        empty = frames[CLUSTER_MEMBERS.dataset].iloc[0:0].assign(hover=[])
        pieces.append(figures.time_series(empty, id_column, name_column, counted, keep=["hover"]))
    series = pd.concat(pieces, ignore_index=True)
    series = series.assign(label=series["name"])
    return Slide(
        title=t("compare.members_over_time", lang),
        figure=plotly_time.time_series(
            series,
            lang,
            y_title=t("compare.axis_cluster_members", lang),
            x_title=t("common.year", lang),
            colours=line_colours,
            whole=True,
        ),
        source_line=source_line(list(series["source_id"]), frames, lang, series["ref_date"]),
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
