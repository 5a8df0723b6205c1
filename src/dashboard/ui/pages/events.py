"""Events: forecasts, targets and revisions against what actually happened."""

from __future__ import annotations

from typing import Final

import pandas as pd
import streamlit as st

from dashboard.analysis import figures
from dashboard.catalog import params
from dashboard.charts import series
from dashboard.charts.series import EVENT_EXPECTATIONS as EXPECTATIONS
from dashboard.text import formatting
from dashboard.ui import url_state
from dashboard.ui.blocks import labeller, page_header, slide_block, sources_list
from dashboard.ui.data import frames
from dashboard.ui.language import lang, t

PAGE: Final = "events"


def render() -> None:
    page_header(PAGE)
    data = frames("sources", "events")
    sources, events = data["sources"], data["events"]
    labels = series.event_choices(events)
    event_ids = list(labels)

    left, right = st.columns(2)
    with left:
        event_id = url_state.url_widget(
            st.selectbox,
            t(f"{PAGE}.event"),
            event_ids,
            key=params.EVENTS_EVENT,
            default=params.PARAMS[params.EVENTS_EVENT].default_among(event_ids),
            format_func=labels.__getitem__,
        )
    measures = series.event_measures(events, event_id)
    with right:
        measure = url_state.url_widget(
            st.selectbox,
            t("common.measure"),
            measures,
            key=params.EVENTS_MEASURE,
            default=params.PARAMS[params.EVENTS_MEASURE].default_among(measures),
            format_func=labeller("measure."),
        )
    rows = events[(events["event_id"] == event_id) & (events["measure"] == measure)]
    _reached(rows)
    slide_block(PAGE, "events", {params.EVENTS_EVENT: event_id, params.EVENTS_MEASURE: measure})
    sources_list(list(rows["source_id"]), sources)


def _reached(rows: pd.DataFrame) -> None:
    """The final actual, and what share of each forecast or target it reached."""
    actuals = rows[rows["claim_type"] == "actual"]
    final = figures.latest(actuals, "event_id", str(rows["measure"].iloc[0]), claims=("actual",))
    if final.empty:
        if not actuals.empty:
            st.warning(t(f"{PAGE}.actual_unknown"), icon=":material/help:")
        return
    actual = figures.figure_of(final.iloc[0])
    columns = st.columns(1 + min(3, int(rows["claim_type"].isin(EXPECTATIONS).sum())))
    columns[0].metric(
        t(f"{PAGE}.actual"),
        formatting.figure(actual.low, actual.high, lang(), qualifier=actual.qualifier),
        help=formatting.ref_date(actual.ref_date, lang()),
    )
    expectations = rows[
        rows["claim_type"].isin(EXPECTATIONS) & (rows["value_low"].notna() | rows["value_high"].notna())
    ]
    for column, (_, row) in zip(columns[1:], expectations.iterrows(), strict=False):
        expected = figures.figure_of(row)
        share = figures.share_reached(actual, expected)
        column.metric(
            t(
                f"{PAGE}.share_of",
                claim=t(f"claim.{row['claim_type']}"),
                value=formatting.figure(expected.low, expected.high, lang(), qualifier=expected.qualifier),
                date=formatting.ref_date(row["ref_date"], lang()),
            ),
            formatting.figure(share.low, share.high, lang(), decimals=0, unit="%"),
        )
