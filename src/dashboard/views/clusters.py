"""Clusters: member organisations over time, with unknown counts said out loud."""

from __future__ import annotations

from typing import Final

import streamlit as st

from dashboard.views.common import (
    figure_rows,
    frames,
    page_header,
    slide_block,
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
    slide_block(PAGE, "clusters", {})

    members = clusters[clusters["measure"] == MEASURE]
    known = members[members["value_low"].notna() | members["value_high"].notna()]
    unknown = sorted(set(members["cluster_name"]) - set(known["cluster_name"]))
    if unknown:
        st.warning(t(f"{PAGE}.unknown_members", names=", ".join(unknown)), icon=":material/help:")
    st.subheader(t(f"{PAGE}.all_figures"))
    static_table(figure_rows(clusters, "cluster_name", sources))
    sources_list(list(clusters["source_id"]), sources)
