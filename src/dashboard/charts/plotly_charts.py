"""DataFrame in, plotly Figure out. No streamlit, no translation: labels arrive ready.

Ranges are drawn as ranges: a solid bar up to the lower bound and a hatched segment
from the lower to the upper bound, or a vertical span on time axes. A range is never
reduced to its midpoint.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from typing import Any, Final

import pandas as pd
import plotly.graph_objects as go
from babel.dates import format_date
from babel.numbers import format_compact_decimal, format_decimal

from dashboard.charts import palette
from dashboard.text.formatting import is_missing, ref_bounds
from dashboard.text.i18n import BABEL_LOCALES, Language

PALETTE: Final = palette.OKABE_ITO
RANGE_PATTERN: Final = "/"
# Solid bars get a thin dark edge: some palette colours alone are too faint on the white plot
# (yellow is 1.3:1, sky blue and orange 2.3:1), and a bar needs 3:1 to be seen (WCAG 1.4.11).
BAR_EDGE: Final = {"color": "#1a1a1a", "width": 1}
# Plotly's number separators: decimal mark first, then the thousands separator.
SEPARATORS: Final[dict[Language, str]] = {"nl": ",.", "en": ".,"}
CLAIM_SYMBOLS: Final[dict[str, str]] = {
    "target": "triangle-up",
    "forecast": "circle-open",
    "estimate": "square-open",
    "self-reported": "square",
    "actual": "diamond",
}


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


def _value_ticks(fig: go.Figure, lang: Language, *, whole: bool) -> None:
    """Ticks from zero in whole steps for counts, written the reader's way."""
    top = _y_top(fig)
    step = nice_step(top, whole=whole)
    if top < ABBREVIATE_FROM:
        fig.update_yaxes(tick0=0, dtick=step, exponentformat="none", separatethousands=True)
        return
    values = [index * step for index in range(math.ceil(top / step) + 1)]
    fig.update_yaxes(tickvals=values, ticktext=[tick_text(value, lang) for value in values])


def _style(
    fig: go.Figure,
    lang: Language,
    *,
    y_title: str,
    x_title: str = "",
    height: int = 420,
    whole: bool = False,
) -> go.Figure:
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
        _value_ticks(fig, lang, whole=whole)
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
    return _style(fig, lang, y_title=y_title, whole=whole)


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
    return _style(fig, lang, y_title=y_title, x_title=x_title, whole=whole)


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
    return _style(fig, lang, y_title=y_title)


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
    return _style(fig, lang, y_title=y_title)


def province_map(
    provinces: Any,
    fills: Mapping[str, str],
    hover: Mapping[str, str],
    layers: Sequence[tuple[str, str, Sequence[tuple[float, float, str]]]],
    lang: Language,
    *,
    outlines: Sequence[tuple[str, Mapping[str, Any]]] = (),
    bounds: tuple[tuple[float, float], tuple[float, float]] | None = None,
    legend_title: str = "",
    legend_items: Sequence[tuple[str, str]] = (),
) -> go.Figure:
    """A static map for slides and images: areas filled, outlines and points on top, no basemap.

    Plotly's geo maps fetch their basemap from a CDN and folium needs a browser; plain
    longitude/latitude axes work offline and export with kaleido. ``provinces`` are the areas
    (provinces or municipalities; a point geometry is drawn as a filled circle); ``layers``
    are ``(label, colour, [(lat, lon, hover), ...])``; ``outlines`` are ``(label, GeoJSON)``.
    ``bounds`` ((south, west), (north, east)) frames the map as the map page does;
    ``legend_items`` are the colour classes ``(colour, label)`` under ``legend_title``.
    """
    fig = go.Figure()
    polygons = [
        (region_id, geometry)
        for region_id, geometry in zip(provinces["region_id"], provinces.geometry, strict=True)
        if geometry.geom_type != "Point"
    ]
    # A trace per province keeps its tooltip; 350 municipalities are drawn as one trace per
    # colour, which a slide (a picture) loses nothing by and a browser draws far faster.
    grouped = len(polygons) > MAX_AREA_TRACES
    traces: dict[str, tuple[str, str | None, list[float | None], list[float | None]]] = {}
    for region_id, geometry in polygons:
        colour = fills.get(region_id, "#cccccc")
        key = colour if grouped else region_id
        _, _, xs, ys = traces.setdefault(key, (colour, None if grouped else hover.get(region_id, ""), [], []))
        ring_xs, ring_ys = _rings(getattr(geometry, "geoms", [geometry]))
        xs.extend(ring_xs)
        ys.extend(ring_ys)
    for colour, text, xs, ys in traces.values():
        fig.add_scatter(
            x=xs,
            y=ys,
            fill="toself",
            mode="lines",
            line={"color": "#4d4d4d", "width": 0.3 if grouped else 0.8},
            fillcolor=colour,
            hoverinfo="skip" if text is None else "text",
            hovertext=text,
            showlegend=False,
        )
    centres = [
        (region_id, geometry)
        for region_id, geometry in zip(provinces["region_id"], provinces.geometry, strict=True)
        if geometry.geom_type == "Point"
    ]
    if centres:
        fig.add_scatter(
            x=[geometry.x for _, geometry in centres],
            y=[geometry.y for _, geometry in centres],
            mode="markers",
            marker={
                "size": 16,
                "color": [fills.get(region_id, "#cccccc") for region_id, _ in centres],
                "line": {"width": 1.5, "color": "#1a1a1a"},
            },
            hovertext=[hover.get(region_id, "") for region_id, _ in centres],
            hoverinfo="text",
            showlegend=False,
        )
    for label, geometry in outlines:
        coordinates = geometry["coordinates"]
        polygons_of = coordinates if geometry["type"] == "MultiPolygon" else [coordinates]
        xs, ys = [], []
        for polygon in polygons_of:
            for ring in polygon[:1]:  # the outer ring: an outline is a border
                xs += [x for x, _ in ring] + [None]
                ys += [y for _, y in ring] + [None]
        fig.add_scatter(
            x=xs,
            y=ys,
            mode="lines",
            line={"color": "#000000", "width": 2.5, "dash": "dash"},
            hovertext=label,
            hoverinfo="text",
            showlegend=False,
        )
    for label, layer_colour, points in layers:
        fig.add_scatter(
            x=[lon for _, lon, _ in points],
            y=[lat for lat, _, _ in points],
            mode="markers",
            name=label,
            marker={"size": 11, "color": layer_colour, "line": {"width": 1, "color": "#1a1a1a"}},
            hovertext=[text for _, _, text in points],
            hoverinfo="text",
        )
    for index, (item_colour, label) in enumerate(legend_items):
        # Legend-only squares: the classes of the fill colours, light (low) to dark (high).
        fig.add_scatter(
            x=[None],
            y=[None],
            mode="markers",
            name=label,
            marker={
                "symbol": "square",
                "size": 14,
                "color": item_colour,
                "line": {"width": 1, "color": "#555555"},
            },
            legendgroup="classes",
            legendgrouptitle_text=legend_title if index == 0 else None,
            showlegend=True,
        )
    fig.update_xaxes(visible=False)
    # One degree of longitude is ~0.62 of a degree of latitude at 52° N.
    fig.update_yaxes(visible=False, scaleanchor="x", scaleratio=1.62)
    if bounds is not None:
        (south, west), (north, east) = bounds
        fig.update_xaxes(range=[west, east])
        fig.update_yaxes(range=[south, north])
    fig.update_layout(
        separators=SEPARATORS[lang],
        plot_bgcolor="white",
        # A white border: the context areas the frame cuts (Belgium beyond Limburg) end inside
        # the picture instead of running into its edge, where they would read as cut off.
        margin={"l": 12, "r": 12, "t": 12, "b": 12},
        legend={"orientation": "h", "yanchor": "bottom", "y": 0, "x": 0},
        font={"size": 14},
    )
    return fig


MAX_AREA_TRACES: Final = 60


def _rings(parts: Any) -> tuple[list[float | None], list[float | None]]:
    """The outer rings of polygon parts as one line with gaps (None) between them."""
    xs: list[float | None] = []
    ys: list[float | None] = []
    for part in parts:
        x, y = part.exterior.coords.xy
        xs += [*x, None]
        ys += [*y, None]
    return xs, ys


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
    return _style(fig, lang, y_title=y_title, x_title=x_title)
