"""Time on the x axis, as plotly charts: series over the years and an event's claims (targets,
forecasts, actuals) on a dated axis. No streamlit, no translation: labels arrive ready.

A figure dated by a period the source does not date ("2011/2013") is drawn as a span over
that period, never as a point in its middle, and dated axes name their months the reader's
way (Babel), not plotly's English.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from typing import Final

import pandas as pd
import plotly.graph_objects as go
from babel.dates import format_date

from dashboard.charts.plotly_charts import colour, style
from dashboard.text.formatting import is_missing, ref_bounds
from dashboard.text.i18n import BABEL_LOCALES, Language

CLAIM_SYMBOLS: Final[dict[str, str]] = {
    "target": "triangle-up",
    "forecast": "circle-open",
    "estimate": "square-open",
    "self-reported": "square",
    "actual": "diamond",
}


def is_period(ref_date: object) -> bool:
    """An undated source whose period was inferred ("2011/2013"), not a dated figure."""
    return "/" in str(ref_date)


def time_series(
    series: pd.DataFrame,
    lang: Language,
    *,
    y_title: str,
    x_title: str,
    colours: Mapping[str, str] | None = None,
    whole: bool = False,
) -> go.Figure:
    """Lines through dated points per entity; undated periods apart; ranges as vertical spans.

    ``series`` comes from ``figures.time_series`` plus ``label`` and ``hover`` columns. A
    figure dated only to a period ("2011/2013") is an open marker with a horizontal bar over
    the period and no line to its neighbours: a line through it would draw a trend within a
    period the source does not date. ``colours`` maps labels to colours (one per region).
    """
    fig = go.Figure()
    for index, (label, rows) in enumerate(series.groupby("label", sort=False)):
        line_colour = (colours or {}).get(str(label), colour(index))
        valued = rows[rows["y"].notna()]
        periods = valued["ref_date"].map(is_period).astype(bool)
        dated, undated = valued[~periods], valued[periods]
        fig.add_scatter(
            x=dated["x"],
            y=dated["y"],
            mode="lines+markers",
            name=str(label),
            legendgroup=str(label),
            showlegend=not dated.empty,
            line={"color": line_colour, "width": 3},
            marker={"size": 11, "color": line_colour},
            hovertext=dated["hover"],
            hoverinfo="text",
        )
        if not undated.empty:
            fig.add_scatter(
                x=undated["x"],
                y=undated["y"],
                mode="markers",
                name=str(label),
                legendgroup=str(label),
                showlegend=dated.empty,
                marker={
                    "size": 12,
                    "symbol": "circle-open",
                    "color": line_colour,
                    "line": {"width": 2.5, "color": line_colour},
                },
                error_x={
                    "type": "data",
                    "symmetric": False,
                    "array": undated["x_plus"],
                    "arrayminus": undated["x_minus"],
                    "color": line_colour,
                    "thickness": 1.5,
                    "width": 4,
                },
                hovertext=undated["hover"],
                hoverinfo="text",
            )
        for _, row in rows[rows["y"].isna()].iterrows():
            low, high = row["low"], row["high"]
            fig.add_scatter(
                x=[row["x"], row["x"]],
                y=[low, high],
                mode="lines+markers",
                line={"color": line_colour, "width": 6},
                marker={"symbol": "line-ew", "size": 14, "line": {"width": 2, "color": line_colour}},
                hovertext=[row["hover"]] * 2,
                hoverinfo="text",
                showlegend=False,
                legendgroup=str(label),
                name=str(label),
            )
    if not series.empty:
        fig.update_xaxes(tickformat="d", dtick=1 if series["x"].max() - series["x"].min() < 12 else 2)
    return style(fig, lang, y_title=y_title, x_title=x_title, whole=whole)


def _middle(ref_date: str) -> date:
    start, end = ref_bounds(ref_date)
    return start + timedelta(days=(end - start).days // 2)


def claims_timeline(
    rows: pd.DataFrame,
    lang: Language,
    *,
    y_title: str,
    claim_labels: Mapping[str, str],
) -> go.Figure:
    """Forecasts, targets, revisions and actuals of one measure on a dated axis.

    ``rows`` holds one event's rows of one measure with an added ``hover`` column. Each
    claim type is a trace with its own symbol (so the legend reads without colour);
    ranges are vertical spans; a claim dated only to a period spans that period.
    """
    fig = go.Figure()
    for index, claim in enumerate(CLAIM_SYMBOLS):
        subset = rows[rows["claim_type"] == claim]
        subset = subset[subset["value_low"].notna() | subset["value_high"].notna()]
        if subset.empty:
            continue
        claim_colour = colour(index)
        xs, ys, hovers = [], [], []
        for _, row in subset.iterrows():
            low = row["value_low"] if not is_missing(row["value_low"]) else row["value_high"]
            high = row["value_high"] if not is_missing(row["value_high"]) else row["value_low"]
            start, end = ref_bounds(str(row["ref_date"]))
            middle = _middle(str(row["ref_date"]))
            if low != high:
                xs += [middle, middle, None]
                ys += [low, high, None]
                hovers += [row["hover"], row["hover"], None]
            if (end - start).days > 31:
                xs += [start, end, None]
                ys += [low, low, None]
                hovers += [row["hover"], row["hover"], None]
            xs += [middle, None]
            ys += [low if low == high else None, None]
            hovers += [row["hover"], None]
        fig.add_scatter(
            x=xs,
            y=ys,
            mode="lines+markers",
            connectgaps=False,
            name=claim_labels.get(claim, claim),
            line={"color": claim_colour, "width": 5},
            marker={
                "symbol": CLAIM_SYMBOLS[claim],
                "size": 14,
                "color": claim_colour,
                "line": {"width": 2, "color": claim_colour},
            },
            hovertext=hovers,
            hoverinfo="text",
        )
    dates = [ref_bounds(str(value)) for value in rows["ref_date"]]
    if dates:
        # At least a year wide, so one dated figure does not get an axis in milliseconds.
        first, last = min(start for start, _ in dates), max(end for _, end in dates)
        margin = max(timedelta(days=60), (timedelta(days=365) - (last - first)) / 2)
        start, end = first - margin, last + margin
        ticks = month_ticks(start, end)
        fig.update_xaxes(
            range=[start, end],
            tickvals=ticks,
            ticktext=[format_date(tick, "MMM y", locale=BABEL_LOCALES[lang]) for tick in ticks],
        )
    return style(fig, lang, y_title=y_title)


MONTH_STEPS: Final = (1, 2, 3, 6, 12, 24, 60)
MAX_TIME_TICKS: Final = 8


def month_ticks(start: date, end: date) -> list[date]:
    """First days of months between ``start`` and ``end``: every 1, 2, 3, 6 or 12 months (or
    every 2 or 5 years), so there are at most eight. Written by Babel, not plotly: plotly's
    month names are English on every page unless a locale script is loaded, and the app
    loads nothing from outside."""
    months = (end.year - start.year) * 12 + end.month - start.month
    step = next((step for step in MONTH_STEPS if months / step <= MAX_TIME_TICKS), MONTH_STEPS[-1])
    ticks = []
    index = start.year * 12 + start.month  # months since year 0 of the month after start's
    while (tick := date(index // 12, index % 12 + 1, 1)) <= end:
        month, year = index % 12, index // 12  # month 0 is January
        # January, then every ``step`` months; or January of every ``step // 12``-th year.
        if (month % step == 0) if step <= 12 else (month == 0 and year % (step // 12) == 0):
            ticks.append(tick)
        index += 1
    return ticks
