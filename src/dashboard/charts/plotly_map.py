"""The map as a static plotly chart, for slides, images and decks: areas filled by class,
outlines of the groupings, point layers and a legend of the colour classes. The live page
draws the same content with Leaflet (:mod:`dashboard.charts.folium_maps`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Final

import plotly.graph_objects as go

from dashboard.charts.plotly_charts import SEPARATORS
from dashboard.text.i18n import Language


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
