"""Campuses: the latest stated figure per campus, targets apart, with sources."""

from __future__ import annotations

from typing import Final

import pandas as pd
import streamlit as st

from dashboard import formatting, metrics
from dashboard.components import charts
from dashboard.views import state
from dashboard.views.common import (
    chart_or_table,
    figure_rows,
    frames,
    hover_for,
    labeller,
    lang,
    page_header,
    sources_list,
    static_table,
    t,
)

PAGE: Final = "campuses"


def render() -> None:
    page_header(PAGE)
    data = frames("sources", "campuses")
    sources, campuses = data["sources"], data["campuses"]
    observed = campuses[campuses["claim_type"].isin(metrics.OBSERVED_CLAIMS)]
    measures = list(dict.fromkeys(observed["measure"]))
    measure = state.url_widget(
        st.selectbox,
        t("common.measure"),
        measures,
        key=state.CAMPUSES_MEASURE,
        default="companies" if "companies" in measures else measures[0],
        format_func=labeller("measure."),
    )

    latest = metrics.latest(campuses, "campus_id", measure)
    names = campuses.drop_duplicates("campus_id").set_index("campus_id")["campus_name"]
    by_campus = latest.set_index("campus_id")
    table = pd.DataFrame(
        {
            "label": [names[campus] for campus in names.index],
            "low": [by_campus.at[c, "value_low"] if c in by_campus.index else None for c in names.index],
            "high": [by_campus.at[c, "value_high"] if c in by_campus.index else None for c in names.index],
        }
    )
    hovers = dict(zip(latest["campus_id"], hover_for(latest, "campus_name", sources), strict=True))
    table["hover"] = [
        hovers.get(c, formatting.html_escape(f"{names[c]}: {t('common.unknown')}")) for c in names.index
    ]
    figure = charts.range_bars(table, lang(), y_title=t(f"measure.{measure}"), range_label=t("common.range"))
    unknown = [names[c] for c in names.index if c not in by_campus.index]
    caption = t(f"{PAGE}.latest_note")
    if unknown:
        caption += " " + t("compare.unknown_for", regions=", ".join(unknown))
    chart_or_table(PAGE, "latest", figure, figure_rows(latest, "campus_name", sources), caption=caption)

    targets = campuses[campuses["claim_type"] == "target"]
    if not targets.empty:
        st.subheader(t(f"{PAGE}.targets"))
        static_table(figure_rows(targets, "campus_name", sources))
    st.subheader(t(f"{PAGE}.all_figures"))
    static_table(figure_rows(campuses, "campus_name", sources))
    sources_list(list(campuses["source_id"]), sources)
