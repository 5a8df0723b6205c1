"""Compare regions: a measure across chosen regions, absolute or per 100,000 inhabitants."""

from __future__ import annotations

from typing import Final

import pandas as pd
import streamlit as st

from dashboard import metrics
from dashboard.slide_builders import NORMALISATIONS, focus_regions
from dashboard.views import state
from dashboard.views.common import (
    frames,
    headline_table,
    labeller,
    lang,
    page_header,
    slide,
    slide_block,
    sources_list,
    t,
)

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

    settings = {
        state.COMPARE_REGIONS: ",".join(chosen),
        state.COMPARE_MEASURE: measure,
        state.COMPARE_NORMALISATION: normalisation,
    }
    bar_column, line_column = st.columns(2)
    with bar_column:
        bars = slide("compare", settings)
        st.subheader(bars.title)
        slide_block(PAGE, "compare", settings)
    with line_column:
        st.subheader(t("compare.members_over_time"))
        slide_block(PAGE, "compare_members", settings)
    table = headline_table(chosen, [measure])
    sources_list([source for ids in table["source_ids"] for source in ids], sources)


def _overlap_warnings(chosen: list[str], regions: pd.DataFrame, names: dict[str, str]) -> None:
    closure = metrics.region_closure(regions)
    for outer in chosen:
        for inner in chosen:
            if inner != outer and inner in closure.get(outer, frozenset()):
                st.warning(
                    t("compare.overlap", inner=names[inner], outer=names[outer]), icon=":material/warning:"
                )
