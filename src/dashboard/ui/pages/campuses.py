"""Campuses: the latest stated figure per campus, targets apart, with sources."""

from __future__ import annotations

from typing import Final

import streamlit as st

from dashboard.catalog import params
from dashboard.charts import series
from dashboard.ui import url_state
from dashboard.ui.blocks import figure_rows, labeller, page_header, slide_block, sources_list, static_table
from dashboard.ui.data import frames
from dashboard.ui.language import t

PAGE: Final = "campuses"


def render() -> None:
    page_header(PAGE)
    data = frames("sources", "campuses")
    sources, campuses = data["sources"], data["campuses"]
    measures = series.campus_measures(campuses)
    measure = url_state.url_widget(
        st.selectbox,
        t("common.measure"),
        measures,
        key=params.CAMPUSES_MEASURE,
        default=series.chosen_campus_measure({}, campuses),
        format_func=labeller("measure."),
    )
    slide_block(PAGE, "campuses", {params.CAMPUSES_MEASURE: measure})

    targets = campuses[campuses["claim_type"] == "target"]
    if not targets.empty:
        st.subheader(t(f"{PAGE}.targets"))
        static_table(figure_rows(targets, "campus_name", sources))
    st.subheader(t(f"{PAGE}.all_figures"))
    static_table(figure_rows(campuses, "campus_name", sources))
    sources_list(list(campuses["source_id"]), sources)
