"""Compare regions: a measure across chosen regions, absolute or per 100,000 inhabitants."""

from __future__ import annotations

from typing import Final

import pandas as pd
import streamlit as st

from dashboard import formatting, metrics, provenance
from dashboard.components import charts
from dashboard.views import state
from dashboard.views.common import (
    chart_or_table,
    figure_text,
    frames,
    headline_table,
    hover_for,
    labeller,
    lang,
    page_header,
    sources_list,
    t,
)
from dashboard.views.overview import focus_regions

NORMALISATIONS: Final = ("absolute", "per_100k")
PAGE: Final = "compare"


def render() -> None:
    page_header(PAGE)
    data = frames("regions", "sources", "data_centres", "clusters", "events", "campuses")
    regions, sources = data["regions"], data["sources"]
    names = dict(zip(regions["region_id"], regions[f"name_{lang()}"], strict=True))

    left, middle, right = st.columns([3, 2, 2])
    with left:
        chosen = state.url_widget(
            st.multiselect,
            t("compare.regions"),
            list(regions["region_id"]),
            key=state.COMPARE_REGIONS,
            default=focus_regions(regions),
            many=True,
            format_func=names.__getitem__,
        )
    with middle:
        measure = state.url_widget(
            st.selectbox,
            t("compare.measure"),
            list(metrics.HEADLINES),
            key=state.COMPARE_MEASURE,
            default="data_centres",
            format_func=labeller("measure."),
        )
    with right:
        normalisation = state.url_widget(
            st.radio,
            t("compare.normalisation"),
            NORMALISATIONS,
            key=state.COMPARE_NORMALISATION,
            default="absolute",
            format_func=labeller("compare."),
            horizontal=True,
        )
    if len(chosen) < 2:
        st.warning(t("compare.choose_two"))
        return
    _overlap_warnings(chosen, regions, names)

    table = headline_table(chosen, [measure])
    per_capita = normalisation == "per_100k"
    bar_column, line_column = st.columns(2)
    with bar_column:
        st.subheader(t(f"measure.{measure}") + (f" {t('compare.per_100k_suffix')}" if per_capita else ""))
        _bars(table, names, sources, per_capita)
    with line_column:
        st.subheader(t("compare.members_over_time"))
        _member_lines(data, chosen, names, sources)
    sources_list([source for ids in table["source_ids"] for source in ids], sources)


def _overlap_warnings(chosen: list[str], regions: pd.DataFrame, names: dict[str, str]) -> None:
    closure = metrics.region_closure(regions)
    for outer in chosen:
        for inner in chosen:
            if inner != outer and inner in closure.get(outer, frozenset()):
                st.warning(
                    t("compare.overlap", inner=names[inner], outer=names[outer]), icon=":material/warning:"
                )


def _bars(table: pd.DataFrame, names: dict[str, str], sources: pd.DataFrame, per_capita: bool) -> None:
    low_column, high_column = ("per_100k_low", "per_100k_high") if per_capita else ("low", "high")
    decimals = 1 if per_capita else None
    rows = []
    for _, row in table.iterrows():
        value = formatting.figure(
            row[low_column], row[high_column], lang(), qualifier=row["qualifier"], decimals=decimals
        )
        population = formatting.number(row["population"], lang())
        hover = "<br>".join(
            [
                f"<b>{formatting.html_escape(names[row['region_id']])}</b>: {value}",
                formatting.html_escape(provenance.hover_lines(row["source_ids"], sources, lang())),
                t(
                    "compare.population_hover",
                    population=population,
                    date=formatting.ref_date(row["population_date"], lang()),
                )
                if per_capita
                else "",
            ]
        )
        rows.append(
            {
                "label": names[row["region_id"]],
                "low": row[low_column],
                "high": row[high_column],
                "hover": hover,
                "value": value,
                "population": population,
                "ref_date": formatting.ref_date(row["ref_date"], lang()),
            }
        )
    frame = pd.DataFrame(rows)
    figure = charts.range_bars(frame, lang(), y_title=t("compare.value_axis"), range_label=t("common.range"))
    table_view = frame[["label", "value", "ref_date", "population"]].set_axis(
        [t("common.region"), t("common.value"), t("common.ref_date"), t("common.population")], axis=1
    )
    unknown = [
        label
        for label, low, high in zip(frame["label"], frame["low"], frame["high"], strict=True)
        if formatting.is_missing(low) and formatting.is_missing(high)
    ]
    caption = t("compare.unknown_for", regions=", ".join(unknown)) if unknown else None
    chart_or_table(PAGE, "bars", figure, table_view, caption=caption)


def _member_lines(
    data: metrics.Frames, chosen: list[str], names: dict[str, str], sources: pd.DataFrame
) -> None:
    closure = metrics.region_closure(data["regions"])
    pieces = []
    for region_id in chosen:
        rows = metrics.in_region(data["clusters"], region_id, closure)
        rows = rows.assign(cluster_name=rows["cluster_name"] + f" ({names[region_id]})")
        rows = rows.assign(hover=hover_for(rows, "cluster_name", sources))
        series = metrics.time_series(
            rows, "cluster_id", "cluster_name", "member_organisations", keep=["hover"]
        )
        pieces.append(series.assign(label=series["name"]))
    series = pd.concat(pieces, ignore_index=True)
    if series.empty:
        st.info(t("compare.no_series"))
        return
    series["value"] = [
        figure_text(low, high, qualifier)
        for low, high, qualifier in zip(series["low"], series["high"], series["qualifier"], strict=True)
    ]
    figure = charts.time_series(
        series, lang(), y_title=t("measure.cluster_members"), x_title=t("common.year")
    )
    table_view = (
        series[["label", "ref_date", "value", "claim_type"]]
        .assign(
            ref_date=lambda s: [formatting.ref_date(value, lang()) for value in s["ref_date"]],
            claim_type=lambda s: [t(f"claim.{value}") for value in s["claim_type"]],
        )
        .set_axis([t("common.name"), t("common.ref_date"), t("common.value"), t("common.claim_type")], axis=1)
    )
    chart_or_table(PAGE, "lines", figure, table_view, caption=t("compare.periods_note"))
