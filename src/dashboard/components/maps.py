"""GeoDataFrame in, folium Map out: local Leaflet only, escaped popups, no tiles.

Everything here works with no internet: the map loads Leaflet from Streamlit's static serving
(``dashboard.assets``) and nothing else. Avoided on purpose, because each pulls files from a CDN
or breaks without them:

- ``folium.Map``'s default JS/CSS (jQuery, Bootstrap, Font Awesome, awesome-markers);
- ``folium.Choropleth`` and any branca colormap (d3);
- ``folium.Marker`` default icons (Bootstrap/Font Awesome);
- ``folium.Popup``, whose script calls jQuery's ``$()``, and ``folium.Tooltip``, which splices
  its text into a JavaScript template literal (a backtick or ``${`` in a name would run as code).

Popups and tooltips therefore go through ``GeoJsonPopup``/``GeoJsonTooltip``, which read the text
from the feature's properties at run time. Leaflet puts that text into ``innerHTML``, so every
string from data is ``html.escape``d here first.
"""

from __future__ import annotations

import html
import math
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import folium
import geopandas as gpd
from branca.element import Figure
from shapely.geometry import mapping

from dashboard.assets import LEAFLET_CSS_URL, LEAFLET_JS_URL
from dashboard.components.map_model import (  # re-exported: callers draw what they classify
    BACKGROUND_COLOUR,
    NL_BE_BOUNDS,
    POINT_PALETTE,
    POINT_PANE,
    SEQUENTIAL_PALETTE,
    UNKNOWN_COLOUR,
    Bin,
    Legend,
    MapPoint,
    PointLayer,
    classify,
    is_value,
)

__all__ = [
    "BACKGROUND_COLOUR",
    "NL_BE_BOUNDS",
    "POINT_PALETTE",
    "POINT_PANE",
    "SEQUENTIAL_PALETTE",
    "UNKNOWN_COLOUR",
    "Bin",
    "Legend",
    "MapPoint",
    "PointLayer",
    "build_map",
    "classify",
]


def _text(value: object) -> str:
    """Escape text from data for ``innerHTML`` (Leaflet tooltips, popups, layer names)."""
    return html.escape(str(value), quote=True)


def _province_layer(
    provinces: gpd.GeoDataFrame,
    values: Mapping[str, float | None],
    legend: Legend,
    value_label: str,
    format_value: Callable[[float | None], str],
) -> folium.GeoJson:
    features: list[dict[str, Any]] = []
    styles: dict[str, dict[str, Any]] = {}
    for region_id, name, geometry in zip(
        provinces["region_id"], provinces["name"], provinces.geometry, strict=True
    ):
        value = values.get(region_id)
        known = value is not None and is_value(value)
        styles[region_id] = {
            "fillColor": legend.colour_for(value),
            "fillOpacity": 0.75 if known else 0.6,
            "color": "#4d4d4d",
            "weight": 0.8,
        }
        tooltip = f"<strong>{_text(name)}</strong><br>{_text(value_label)}: {_text(format_value(value))}"
        features.append(
            {
                "type": "Feature",
                # Only what the browser needs: the id for the style switch and the tooltip.
                "properties": {"region_id": region_id, "tooltip": tooltip},
                "geometry": mapping(geometry),
            }
        )

    def style(feature: dict[str, Any]) -> dict[str, Any]:
        return styles[feature["properties"]["region_id"]]

    def highlight(_feature: dict[str, Any]) -> dict[str, Any]:
        return {"weight": 2.5, "color": "#000000"}

    return folium.GeoJson(
        {"type": "FeatureCollection", "features": features},
        name=_text(value_label),
        style_function=style,
        highlight_function=highlight,
        tooltip=folium.GeoJsonTooltip(fields=["tooltip"], labels=False, sticky=True),
        attribution="Natural Earth",
    )


def _point_style(colour: str, approximate: bool) -> dict[str, Any]:
    base: dict[str, Any] = {"pane": POINT_PANE, "radius": 6, "fill": True, "fillColor": colour}
    if approximate:
        # Dashed outline and a pale fill: "somewhere around here", not a street address.
        return {**base, "color": colour, "weight": 2, "dashArray": "3 3", "fillOpacity": 0.3}
    return {**base, "color": "#1a1a1a", "weight": 1, "fillOpacity": 0.95}


def _point_layer(layer: PointLayer, approximate_text: str) -> folium.FeatureGroup:
    group = folium.FeatureGroup(name=_text(layer.label))
    features: list[dict[str, Any]] = []
    for point in layer.points:
        if not (math.isfinite(point.lat) and math.isfinite(point.lon)):
            continue  # one NaN would make Leaflet throw and blank the whole map
        popup = [f"<strong>{_text(point.title)}</strong>", *(_text(line) for line in point.lines)]
        tooltip = _text(point.title)
        if point.approximate:
            popup.append(f"<em>{_text(approximate_text)}</em>")
            tooltip += f" <em>({_text(approximate_text)})</em>"
        features.append(
            {
                "type": "Feature",
                "id": str(len(features)),
                "properties": {
                    "approximate": point.approximate,
                    "popup": "<br>".join(popup),
                    "tooltip": tooltip,
                },
                "geometry": {"type": "Point", "coordinates": [point.lon, point.lat]},
            }
        )
    if not features:
        return group  # GeoJsonTooltip/Popup refuse a layer without features

    exact, approximate = _point_style(layer.colour, False), _point_style(layer.colour, True)

    def style(feature: dict[str, Any]) -> dict[str, Any]:
        return approximate if feature["properties"]["approximate"] else exact

    folium.GeoJson(
        {"type": "FeatureCollection", "features": features},
        control=False,  # the FeatureGroup is what the layer control toggles
        marker=folium.CircleMarker(radius=6),
        style_function=style,
        popup=folium.GeoJsonPopup(fields=["popup"], labels=False, localize=False),
        tooltip=folium.GeoJsonTooltip(fields=["tooltip"], labels=False),
    ).add_to(group)
    return group


def _bounds(provinces: gpd.GeoDataFrame) -> list[list[float]]:
    if provinces.empty:
        (south, west), (north, east) = NL_BE_BOUNDS
    else:
        west, south, east, north = (float(v) for v in provinces.total_bounds)
    return [[south, west], [north, east]]


def build_map(
    provinces: gpd.GeoDataFrame,
    values: Mapping[str, float | None],
    *,
    value_label: str,
    format_value: Callable[[float | None], str],
    layers: Sequence[PointLayer] = (),
    approximate_text: str,
    height_px: int = 560,
    classes: int = 5,
    leaflet_urls: tuple[str, str] = (LEAFLET_JS_URL, LEAFLET_CSS_URL),
) -> tuple[folium.Map, Legend]:
    """A tile-free map of provinces coloured by ``values`` (keyed by region_id) plus point layers.

    Args:
        provinces: ``geo.load_provinces()`` or a subset (columns region_id, name, geometry).
        values: one number per region_id; missing, None or NaN is drawn as unknown.
        value_label: what the number is, shown in tooltips and as the layer name.
        format_value: formats a value (or None) in the viewer's language.
        layers: point layers, each toggleable.
        approximate_text: the translated words for "approximate location".
        classes: at most this many colour classes (quantiles of the known values).
        leaflet_urls: (JS, CSS) of the local Leaflet; ``assets.leaflet_urls(base_url_path)``
            when Streamlit runs under ``server.baseUrlPath``.

    Returns:
        The map and the legend (classes and colours) for the caller to draw.
    """
    shown = {region_id: values.get(region_id) for region_id in provinces["region_id"]}
    legend = classify(shown.values(), classes=classes)
    bounds = _bounds(provinces)
    centre = [(bounds[0][0] + bounds[1][0]) / 2, (bounds[0][1] + bounds[1][1]) / 2]

    # zoomSnap 0.25 lets fitBounds fill the frame; whole steps leave NL + BE small at 560 px.
    fmap = folium.Map(location=centre, zoom_start=7, tiles=None, height=height_px, zoom_snap=0.25)
    # Instance attributes shadow folium's class lists (CDN jQuery, Bootstrap, ...), so only this
    # map changes. Fresh lists, because JSCSSMixin.add_js_link mutates the list it finds.
    # st_folium collects exactly these attributes from every element to load in its iframe.
    js_url, css_url = leaflet_urls
    fmap.default_js = [("leaflet", js_url)]
    fmap.default_css = [("leaflet_css", css_url)]
    # Without tiles Leaflet paints its container #ddd, too close to the "unknown" grey.
    figure = fmap.get_root()
    if not isinstance(figure, Figure):  # folium.Map always puts itself in a Figure
        raise TypeError("folium.Map is not inside a Figure")
    figure.header.add_child(
        folium.Element(f"<style>.leaflet-container {{ background: {BACKGROUND_COLOUR}; }}</style>"),
        name="background",
    )
    # Points above polygons even after the province layer is toggled off and on again.
    folium.map.CustomPane(POINT_PANE, z_index=450, pointer_events=True).add_to(fmap)

    if not provinces.empty:
        _province_layer(provinces, values, legend, value_label, format_value).add_to(fmap)
    for layer in layers:
        _point_layer(layer, approximate_text).add_to(fmap)
    folium.LayerControl(collapsed=False).add_to(fmap)
    fmap.fit_bounds(bounds)
    return fmap, legend
