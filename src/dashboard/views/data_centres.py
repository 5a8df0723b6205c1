"""Data centres: known sites per province by status, the site table, the sources."""

from __future__ import annotations

from typing import Final

import pandas as pd
import streamlit as st

from dashboard import formatting, metrics, provenance, schemas
from dashboard.components import charts
from dashboard.views import state
from dashboard.views.common import (
    chart_or_table,
    figure_rows,
    figure_text,
    frames,
    hover_for,
    labeller,
    lang,
    page_header,
    sources_list,
    static_table,
    t,
)

PAGE: Final = "data_centres"


def render() -> None:
    page_header(PAGE)
    data = frames("regions", "sources", "data_centres", "indicators")
    regions, sources, sites = data["regions"], data["sources"], data["data_centres"]
    names = dict(zip(regions["region_id"], regions[f"name_{lang()}"], strict=True))

    sites = sites.assign(province=[metrics.province_of(region, regions) for region in sites["region_id"]])
    counts = sites.groupby(["province", "status"], as_index=False).agg(
        count=("dc_id", "size"), sites=("name", ", ".join)
    )
    status_labels = {status: t(f"status.{status}") for status in schemas.DC_STATUSES}
    counts = counts.assign(
        label=counts["province"].map(names),
        group=counts["status"].map(status_labels),
        hover=[f"{formatting.html_escape(listed)}" for listed in counts["sites"]],
    )
    figure = charts.stacked_counts(
        counts,
        lang(),
        y_title=t(f"{PAGE}.count_axis"),
        group_order=[status_labels[status] for status in schemas.DC_STATUSES],
    )
    table = counts[["label", "group", "count", "sites"]].set_axis(
        [t("common.region"), t(f"{PAGE}.status"), t(f"{PAGE}.count"), t(f"{PAGE}.sites")], axis=1
    )
    chart_or_table(PAGE, "by_province", figure, table, caption=t(f"{PAGE}.not_a_census"))

    st.subheader(t(f"{PAGE}.sites"))
    unknown_power = int((sites["capacity_mw_low"].isna() & sites["capacity_mw_high"].isna()).sum())
    st.caption(t(f"{PAGE}.unknown_power", unknown=unknown_power, total=len(sites)))
    static_table(site_table(sites, names, sources))
    context_series(data["indicators"], sources)
    sources_list(
        [*sites["source_id"], *sites["location_source_id"].dropna(), *data["indicators"]["source_id"]],
        sources,
    )


def site_table(sites: pd.DataFrame, names: dict[str, str], sources: pd.DataFrame) -> pd.DataFrame:
    """Every site with its figures as stated, translated headers, and its confidence."""

    def measure(column: str, unit: str) -> list[str]:
        return [
            figure_text(low, high, unit=unit)
            for low, high in zip(sites[f"{column}_low"], sites[f"{column}_high"], strict=True)
        ]

    return pd.DataFrame(
        {
            t("common.name"): sites["name"],
            t(f"{PAGE}.operator"): sites["operator"],
            t("common.place"): sites["place"],
            t("common.region"): sites["region_id"].map(names),
            t(f"{PAGE}.status"): [t(f"status.{status}") for status in sites["status"]],
            t(f"{PAGE}.capacity"): measure("capacity_mw", "MW"),
            t(f"{PAGE}.floor_area"): measure("floor_area_m2", "m²"),
            t(f"{PAGE}.site_area"): measure("site_area_ha", "ha"),
            t("common.ref_date"): [formatting.ref_date(value, lang()) for value in sites["ref_date"]],
            t("common.claim_type"): [t(f"claim.{value}") for value in sites["claim_type"]],
            t("common.confidence"): [
                t(f"confidence.{provenance.lowest_confidence([source], sources) or 'low'}")
                for source in sites["source_id"]
            ],
            t("common.location"): [
                t(f"precision.{value}") if not formatting.is_missing(value) else t("common.unknown")
                for value in sites["location_precision"]
            ],
            t("common.note"): sites["note"],
        }
    )


def context_series(indicators: pd.DataFrame, sources: pd.DataFrame) -> None:
    """National context (DDA, AMS-IX, NorthC) as dated series, one chosen at a time."""
    st.subheader(t(f"{PAGE}.context"))
    st.caption(t(f"{PAGE}.context_intro"))
    series_ids = list(dict.fromkeys(indicators["indicator_id"]))
    chosen = state.url_widget(
        st.selectbox,
        t(f"{PAGE}.indicator"),
        series_ids,
        key=state.DATA_CENTRES_SERIES,
        default="amsix_peak_traffic" if "amsix_peak_traffic" in series_ids else series_ids[0],
        format_func=labeller("indicator."),
    )
    rows = indicators[indicators["indicator_id"] == chosen]
    label = t(f"indicator.{chosen}")
    rows = rows.assign(measure=chosen, name=label, hover=hover_for(rows.assign(name=label), "name", sources))
    series = metrics.time_series(rows, "indicator_id", "name", chosen, keep=["hover"])
    figure = charts.time_series(
        series.assign(label=series["name"]), lang(), y_title=label, x_title=t("common.year")
    )
    table = figure_rows(rows.assign(name=label), "name", sources, measure_prefix="indicator.")
    chart_or_table(PAGE, "context", figure, table, caption=t("compare.periods_note"))
