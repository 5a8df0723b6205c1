"""Clusters: member organisations over time, with unknown counts said out loud."""

from __future__ import annotations

from typing import Final

import streamlit as st

from dashboard import metrics
from dashboard.components import charts
from dashboard.views.common import (
    chart_or_table,
    figure_rows,
    frames,
    hover_for,
    lang,
    page_header,
    sources_list,
    static_table,
    t,
)

PAGE: Final = "clusters"
MEASURE: Final = "member_organisations"


def render() -> None:
    page_header(PAGE)
    data = frames("sources", "clusters")
    sources, clusters = data["sources"], data["clusters"]
    members = clusters[clusters["measure"] == MEASURE]

    members = members.assign(hover=hover_for(members, "cluster_name", sources))
    series = metrics.time_series(members, "cluster_id", "cluster_name", MEASURE, keep=["hover"])
    series = series.assign(label=series["name"])
    known = members[members["value_low"].notna() | members["value_high"].notna()]
    figure = charts.time_series(
        series, lang(), y_title=t("measure.member_organisations"), x_title=t("common.year")
    )
    chart_or_table(
        PAGE,
        "members",
        figure,
        figure_rows(known, "cluster_name", sources),
        caption=t("compare.periods_note"),
    )

    unknown = sorted(set(members["cluster_name"]) - set(known["cluster_name"]))
    if unknown:
        st.warning(t(f"{PAGE}.unknown_members", names=", ".join(unknown)), icon=":material/help:")
    st.subheader(t(f"{PAGE}.all_figures"))
    static_table(figure_rows(clusters, "cluster_name", sources))
    sources_list(list(clusters["source_id"]), sources)
