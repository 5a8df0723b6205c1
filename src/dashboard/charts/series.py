"""The charts of the dataset pages that draw series: an event's forecasts, targets and
actuals; cluster members over time; the latest figure per campus; data-centre sites per
province and status, and the national context series. Also each page's choices (which event,
which campus measure, which context series) with the defaults its slide falls back to.
"""

from __future__ import annotations

from typing import Final

import pandas as pd

from dashboard.analysis import areas, figures
from dashboard.catalog import measures as catalog
from dashboard.catalog import params, schemas
from dashboard.charts import palette, plotly_charts, plotly_time
from dashboard.charts.slide import Settings, Slide, source_line
from dashboard.charts.tables import figure_rows, hover_for
from dashboard.text import formatting
from dashboard.text.i18n import Language, t

EVENT_EXPECTATIONS: Final = ("forecast", "target")
# Campus measures in hectares, m² or euros: not counted in whole steps like companies are.
MEASURED_UNITS: Final = ("_ha", "_m2", "_meur")
CLUSTER_MEMBERS = catalog.MEASURES["cluster_members"]
DATA_CENTRES = catalog.MEASURES["data_centres"]
CAMPUSES = catalog.MEASURES["campus_companies"]  # whose entities the campus chart lists


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
    event_id = params.PARAMS[params.EVENTS_EVENT].pick(settings, event_ids)
    measures = event_measures(events, event_id)
    return event_id, params.PARAMS[params.EVENTS_MEASURE].pick(settings, measures)


def campus_measures(campuses: pd.DataFrame) -> list[str]:
    observed = campuses[campuses["claim_type"].isin(figures.OBSERVED_CLAIMS)]
    return list(dict.fromkeys(observed["measure"]))


def chosen_campus_measure(settings: Settings, campuses: pd.DataFrame) -> str:
    return params.PARAMS[params.CAMPUSES_MEASURE].pick(settings, campus_measures(campuses))


def indicator_series(indicators: pd.DataFrame) -> list[str]:
    return list(dict.fromkeys(indicators["indicator_id"]))


def chosen_indicator(settings: Settings, indicators: pd.DataFrame) -> str:
    return params.PARAMS[params.DATA_CENTRES_SERIES].pick(settings, indicator_series(indicators))


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
        figure=plotly_time.claims_timeline(
            rows,
            lang,
            y_title=t(f"measure.{measure}", lang),
            claim_labels={claim: t(f"claim.{claim}", lang) for claim in schemas.CLAIM_TYPES},
        ),
        source_line=source_line(list(rows["source_id"]), frames, lang, rows["ref_date"]),
        table=figure_rows(rows, "event_name", sources, lang),
        note=t("events.timeline_note", lang),
    )


def clusters(settings: Settings, frames: figures.Frames, lang: Language) -> Slide:
    """Member organisations per cluster over time; unknown counts named in the note."""
    sources = frames["sources"]
    counted, name_column = CLUSTER_MEMBERS.counted_by[1], CLUSTER_MEMBERS.entity_name
    members = CLUSTER_MEMBERS.rows(frames[CLUSTER_MEMBERS.dataset])
    members = members.assign(hover=hover_for(members, name_column, sources, lang))
    series = figures.time_series(members, CLUSTER_MEMBERS.entity_id, name_column, counted, keep=["hover"])
    known = members[members["value_low"].notna() | members["value_high"].notna()]
    regions = frames["regions"]
    homes = dict(zip(series["name"], series["region_id"], strict=True))
    return Slide(
        title=t("compare.members_over_time", lang),
        figure=plotly_time.time_series(
            series.assign(label=series["name"]),
            lang,
            y_title=t("compare.axis_cluster_members", lang),
            x_title=t("common.year", lang),
            colours=palette.home_colours(homes, regions, areas.region_closure(regions)),
            whole=True,
        ),
        source_line=source_line(list(known["source_id"]), frames, lang, known["ref_date"]),
        table=figure_rows(known, name_column, sources, lang),
        note=t("compare.periods_note", lang),
    )


def campuses(settings: Settings, frames: figures.Frames, lang: Language) -> Slide:
    """The latest stated figure per campus; campuses without one are named as unknown."""
    all_campuses, sources = frames[CAMPUSES.dataset], frames["sources"]
    id_column, name_column = CAMPUSES.entity_id, CAMPUSES.entity_name
    measure = chosen_campus_measure(settings, all_campuses)
    latest = figures.latest(all_campuses, id_column, measure)
    names = all_campuses.drop_duplicates(id_column).set_index(id_column)[name_column]
    by_campus = latest.set_index(id_column)
    hovers = dict(zip(latest[id_column], hover_for(latest, name_column, sources, lang), strict=True))
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
    homes = all_campuses.drop_duplicates(id_column).set_index(id_column)["region_id"]
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
        source_line=source_line(list(latest["source_id"]), frames, lang, latest["ref_date"]),
        table=figure_rows(latest, name_column, sources, lang),
        note=note,
    )


def data_centres(settings: Settings, frames: figures.Frames, lang: Language) -> Slide:
    """Sites named in the sources, per province and status (not a census)."""
    regions, sites = frames["regions"], frames[DATA_CENTRES.dataset]
    names = dict(zip(regions["region_id"], regions[f"name_{lang}"], strict=True))
    sites = sites.assign(province=[areas.province_of(region, regions) for region in sites["region_id"]])
    counts = sites.groupby(["province", "status"], as_index=False).agg(
        count=(DATA_CENTRES.entity_id, "size"), sites=(DATA_CENTRES.entity_name, ", ".join)
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
        source_line=source_line(list(sites["source_id"]), frames, lang, sites["ref_date"]),
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
        figure=plotly_time.time_series(
            series.assign(label=series["name"]), lang, y_title=label, x_title=t("common.year", lang)
        ),
        source_line=source_line(list(rows["source_id"]), frames, lang, rows["ref_date"]),
        table=figure_rows(rows, "name", sources, lang, measure_prefix="indicator."),
        note=t("compare.periods_note", lang),
    )
