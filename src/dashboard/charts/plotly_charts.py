"""DataFrame in, plotly chart out: bars of ranges, stacked counts and rank lines, and the
style every plotly chart shares (separators, value ticks, edges). No streamlit, no
translation: labels arrive ready. Time axes are :mod:`plotly_time`, the static map
:mod:`plotly_map`.

Ranges are drawn as ranges: a solid bar up to the lower bound and a hatched segment
from the lower to the upper bound, or a vertical span on time axes. A range is never
reduced to its midpoint.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Final

import pandas as pd
import plotly.graph_objects as go
from babel.numbers import format_compact_decimal, format_decimal

from dashboard.charts import palette
from dashboard.text.formatting import is_missing
from dashboard.text.i18n import Language

PALETTE: Final = palette.OKABE_ITO
RANGE_PATTERN: Final = "/"
# Solid bars get a thin dark edge: some palette colours alone are too faint on the white plot
# (yellow is 1.3:1, sky blue and orange 2.3:1), and a bar needs 3:1 to be seen (WCAG 1.4.11).
BAR_EDGE: Final = {"color": "#1a1a1a", "width": 1}
# Plotly's number separators: decimal mark first, then the thousands separator.
SEPARATORS: Final[dict[Language, str]] = {"nl": ",.", "en": ".,"}


colour = palette.colour
# From a million on, ticks are abbreviated the reader's way ("2,5 mln." in Dutch, "2.5M" in
# English, from CLDR through Babel); below it they are written in full ("250.000").
ABBREVIATE_FROM: Final = 1_000_000
TICKS: Final = 5  # about this many tick steps on a value axis


def _y_top(fig: go.Figure) -> float:
    """The largest value a figure draws on its y axis (a bar's base plus its length)."""
    top = 0.0
    for trace in fig.data:
        ys = trace.y if trace.y is not None else ()
        bases = trace.base if trace.type == "bar" and trace.base is not None else None
        for index, value in enumerate(ys):
            if value is None or (isinstance(value, float) and math.isnan(value)):
                continue
            base = bases[index] if isinstance(bases, (list, tuple)) and index < len(bases) else None
            top = max(top, float(value) + (float(base) if base is not None and not is_missing(base) else 0.0))
    return top


def nice_step(top: float, *, whole: bool) -> float:
    """A step of 1, 2 or 5 times a power of ten giving about ``TICKS`` steps up to ``top``;
    at least 1 when the axis counts things (no "0,5 data centres")."""
    if top <= 0:
        return 1.0
    raw = top / TICKS
    power = 10.0 ** math.floor(math.log10(raw))
    step: float = next(factor * power for factor in (1, 2, 5, 10) if factor * power >= raw)
    return max(1.0, step) if whole else step


def tick_text(value: float, lang: Language) -> str:
    """A tick label: Babel's compact form from a million ("2,5 mln."), else in full."""
    if abs(value) >= ABBREVIATE_FROM:
        return str(format_compact_decimal(value, locale=lang, fraction_digits=1))
    return str(format_decimal(value, locale=lang, decimal_quantization=False))


def value_ticks(fig: go.Figure, lang: Language, *, whole: bool) -> None:
    """Ticks from zero in whole steps for counts, written the reader's way."""
    top = _y_top(fig)
    step = nice_step(top, whole=whole)
    if top < ABBREVIATE_FROM:
        fig.update_yaxes(tick0=0, dtick=step, exponentformat="none", separatethousands=True)
        return
    values = [index * step for index in range(math.ceil(top / step) + 1)]
    fig.update_yaxes(tickvals=values, ticktext=[tick_text(value, lang) for value in values])


def style(
    fig: go.Figure,
    lang: Language,
    *,
    y_title: str,
    x_title: str = "",
    height: int = 420,
    whole: bool = False,
) -> go.Figure:
    """The look every plotly chart shares: the reader's separators, titles, value ticks, edges."""
    fig.update_layout(
        separators=SEPARATORS[lang],
        height=height,
        margin={"l": 10, "r": 10, "t": 30, "b": 10},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0},
        font={"size": 14},
        plot_bgcolor="white",
        hoverlabel={"align": "left"},
    )
    fig.update_yaxes(title_text=y_title, rangemode="tozero", gridcolor="#dddddd", zerolinecolor="#999999")
    fig.update_xaxes(title_text=x_title)
    if fig.layout.yaxis.autorange != "reversed":  # rank axes keep their own ticks
        value_ticks(fig, lang, whole=whole)
    for trace in fig.data:
        if trace.type == "bar" and not trace.marker.pattern.shape:  # hatched ranges keep their own edge
            trace.marker.line = BAR_EDGE
    return fig


def range_bars(
    table: pd.DataFrame,
    lang: Language,
    *,
    y_title: str,
    range_label: str,
    unknown_label: str = "",
    colours: Mapping[str, str] | None = None,
    whole: bool = False,
) -> go.Figure:
    """Bars per ``label``: solid to ``low``, hatched from ``low`` to ``high`` where they differ.

    ``table`` has columns label, low, high, hover; unknown rows (both empty) get no bar but
    ``unknown_label`` written where the bar would stand, so a missing bar never reads as
    zero. A one-sided figure ("more than 10") gets a solid bar to its known bound only.
    ``colours`` maps labels to colours (``palette.region_colours``); ``whole`` says the
    axis counts things, so its ticks are whole numbers.
    """
    labels = list(table["label"])
    colour_of = {label: (colours or {}).get(label, colour(index)) for index, label in enumerate(labels)}
    solid_y: list[float | None] = []
    span_y: list[float | None] = []
    span_base: list[float | None] = []
    for low, high in zip(table["low"], table["high"], strict=True):
        low_value = None if is_missing(low) else float(low)
        high_value = None if is_missing(high) else float(high)
        solid_y.append(low_value if low_value is not None else high_value)
        if low_value is not None and high_value is not None and high_value > low_value:
            span_y.append(high_value - low_value)
            span_base.append(low_value)
        else:
            span_y.append(None)
            span_base.append(None)
    hover = list(table["hover"])
    fig = go.Figure()
    fig.add_bar(
        x=labels,
        y=solid_y,
        marker_color=[colour_of[label] for label in labels],
        hovertext=hover,
        hoverinfo="text",
        showlegend=False,
        name="",
    )
    if any(value is not None for value in span_y):
        fig.add_bar(
            x=labels,
            y=span_y,
            base=span_base,
            marker={
                "color": "white",
                "line": {"color": [colour_of[label] for label in labels], "width": 2},
                "pattern": {"shape": RANGE_PATTERN, "fgcolor": [colour_of[label] for label in labels]},
            },
            hovertext=hover,
            hoverinfo="text",
            name=range_label,
            showlegend=True,
        )
    if unknown_label:
        for label, low, high in zip(labels, solid_y, span_y, strict=True):
            if low is None and high is None:
                fig.add_annotation(
                    x=label,
                    y=0,
                    text=unknown_label,
                    showarrow=False,
                    yanchor="bottom",
                    textangle=-90,
                    font={"color": "#4d4d4d", "size": 13},
                )
    fig.update_layout(barmode="overlay", bargap=0.35)
    return style(fig, lang, y_title=y_title, whole=whole)


def stacked_counts(table: pd.DataFrame, lang: Language, *, y_title: str, group_order: list[str]) -> go.Figure:
    """Counts per ``label`` stacked by ``group`` (for example sites per province by status)."""
    fig = go.Figure()
    for index, group in enumerate(group_order):
        rows = table[table["group"] == group]
        if rows.empty:
            continue
        fig.add_bar(
            x=rows["label"],
            y=rows["count"],
            name=group,
            marker_color=colour(index),
            hovertext=rows["hover"],
            hoverinfo="text",
        )
    fig.update_layout(barmode="stack", bargap=0.35)
    fig.update_yaxes(dtick=1)
    return style(fig, lang, y_title=y_title)


def rank_lines(
    table: pd.DataFrame,
    lang: Language,
    *,
    x_title: str,
    y_title: str,
    marker_x: float | None = None,
    colours: Mapping[str, str] | None = None,
) -> go.Figure:
    """Rank (1 at the top) against a varied quantity, one line per ``label``.

    ``table`` has columns label, x, rank; ``marker_x`` draws the current setting as a line;
    ``colours`` maps labels to colours (one per region, as on the other charts).
    """
    fig = go.Figure()
    for index, (label, rows) in enumerate(table.groupby("label", sort=False)):
        fig.add_scatter(
            x=list(rows["x"]),
            y=list(rows["rank"]),
            mode="lines+markers",
            name=str(label),
            line={"color": (colours or {}).get(str(label), colour(index)), "width": 3, "shape": "hv"},
            hovertemplate="%{x:.0%}: %{y}<extra>%{fullData.name}</extra>",
        )
    if marker_x is not None:
        fig.add_vline(x=marker_x, line={"color": "#555555", "dash": "dot"})
    fig.update_xaxes(tickformat=".0%", range=[-0.02, 1.02])
    # Only the ranks that exist, 1 at the top: plotly's own reversed autorange pads to a rank 0.
    last = int(table["rank"].max()) if not table.empty else 1
    fig.update_yaxes(range=[last + 0.5, 0.5], tickvals=list(range(1, last + 1)), autorange=False)
    return style(fig, lang, y_title=y_title, x_title=x_title)
