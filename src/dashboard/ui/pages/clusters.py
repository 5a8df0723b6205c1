"""Clusters: member organisations over time, with unknown counts said out loud."""

from __future__ import annotations

from typing import Final

import pandas as pd
import streamlit as st

from dashboard.analysis import figures
from dashboard.catalog import params
from dashboard.catalog.measures import MEASURES
from dashboard.ui import growth_block, url_state
from dashboard.ui.blocks import figure_rows, names_text, page_header, slide_block, sources_list, static_table
from dashboard.ui.data import frames
from dashboard.ui.language import t

PAGE: Final = "clusters"
MEASURE: Final = MEASURES["cluster_members"]  # its dataset, entity columns and figure


def render() -> None:
    page_header(PAGE)
    data = frames("sources", "clusters")
    sources, clusters = data["sources"], data["clusters"]
    slide_block(PAGE, "clusters", {})

    members = MEASURE.rows(clusters)
    known = figures.with_value(members)
    unknown = sorted(set(members[MEASURE.entity_name]) - set(known[MEASURE.entity_name]))
    if unknown:
        st.warning(t(f"{PAGE}.unknown_members", names=names_text(unknown)), icon=":material/help:")
    _growth(known, sources)
    st.subheader(t(f"{PAGE}.all_figures"))
    static_table(figure_rows(clusters, MEASURE.entity_name, sources))
    sources_list(list(clusters["source_id"]), sources)


def _growth(known: pd.DataFrame, sources: pd.DataFrame) -> None:
    """Growth of one cluster's member count between two of its stated figures."""
    names = dict(zip(known[MEASURE.entity_id], known[MEASURE.entity_name], strict=False))
    with_series = [cluster for cluster in names if (known[MEASURE.entity_id] == cluster).sum() >= 2]
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
    rows = known[known[MEASURE.entity_id] == cluster]
    growth_block.render(rows, sources, series=cluster, label=names[cluster], unit=growth_block.unit_of(rows))
