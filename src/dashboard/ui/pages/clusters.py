"""Clusters: member organisations over time, with unknown counts said out loud."""

from __future__ import annotations

from typing import Final

import pandas as pd
import streamlit as st

from dashboard.catalog import params
from dashboard.ui import growth_block, url_state
from dashboard.ui.common import (
    figure_rows,
    frames,
    names_text,
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
        st.warning(t(f"{PAGE}.unknown_members", names=names_text(unknown)), icon=":material/help:")
    _growth(known, sources)
    st.subheader(t(f"{PAGE}.all_figures"))
    static_table(figure_rows(clusters, "cluster_name", sources))
    sources_list(list(clusters["source_id"]), sources)


def _growth(known: pd.DataFrame, sources: pd.DataFrame) -> None:
    """Growth of one cluster's member count between two of its stated figures."""
    names = dict(zip(known["cluster_id"], known["cluster_name"], strict=False))
    with_series = [cluster for cluster in names if (known["cluster_id"] == cluster).sum() >= 2]
    if not with_series:
        return
    cluster = url_state.url_widget(
        st.selectbox,
        t("growth.series"),
        with_series,
        key=params.GROWTH_SERIES,
        default=with_series[0],
        format_func=names.__getitem__,
    )
    rows = known[known["cluster_id"] == cluster]
    growth_block.render(rows, sources, series=cluster, label=names[cluster], unit=growth_block.unit_of(rows))
