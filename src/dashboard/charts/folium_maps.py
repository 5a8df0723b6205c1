"""GeoDataFrame in, folium Map out: local Leaflet only, escaped popups, no tiles.

Everything here works with no internet: the map loads Leaflet from Streamlit's static
serving (``dashboard.charts.leaflet_assets``) and nothing else. Avoided on purpose, because
each pulls files from a CDN or breaks without them:

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
from collections.abc import Callable, Collection, Mapping, Sequence
from typing import Any

import folium
import geopandas as gpd
from branca.element import Figure
from shapely.geometry import mapping

from dashboard.charts.leaflet_assets import LEAFLET_CSS_URL, LEAFLET_JS_URL
from dashboard.charts.map_model import (  # re-exported: callers draw what they classify
    BACKGROUND_COLOUR,
    NL_BE_BOUNDS,
    POINT_PALETTE,
    POINT_PANE,
    SEQUENTIAL_PALETTE,
    UNKNOWN_COLOUR,
    AreaDetails,
    AreaInfo,
    Bin,
    Legend,
    MapPoint,
    Outline,
    PointLayer,
    classify,
    fitted_bounds,
    is_value,
    ring_offsets,
)

__all__ = [
    "BACKGROUND_COLOUR",
    "NL_BE_BOUNDS",
    "POINT_PALETTE",
    "POINT_PANE",
    "SEQUENTIAL_PALETTE",
    "UNKNOWN_COLOUR",
    "AreaDetails",
    "AreaInfo",
    "Bin",
    "Legend",
    "MapPoint",
    "Outline",
    "PointLayer",
    "build_map",
    "classify",
]


# folium embeds each layer's GeoJSON with Jinja's ``tojson``, whose json.dumps puts a space
# after every comma and colon: two bytes per coordinate pair, ~40 KB on the municipal map.
# Compact separators produce the same JSON; folium's templates share this environment.
folium.GeoJson._template.environment.policies["json.dumps_kwargs"] = {
    "sort_keys": True,
    "separators": (",", ":"),
}


def _text(value: object) -> str:
    """Escape text from data for ``innerHTML`` (Leaflet tooltips, popups, layer names)."""
    return html.escape(str(value), quote=True)


def _area_layer(
    areas: gpd.GeoDataFrame,
    values: Mapping[str, float | None],
    legend: Legend,
    *,
    value_label: str,
    format_value: Callable[[float | None], str],
    details: AreaDetails | None,
) -> folium.GeoJson:
    """Provinces or municipalities filled by value; an area given as a point (a Belgian
    municipality without a licence-clean polygon) is a large circle in the same colours.

    Hovering shows the name and value, a click the popup with the population and its
    source. Both read the feature's properties; the row labels are sent once.
    """
    features: list[dict[str, Any]] = []
    styles: dict[str, dict[str, Any]] = {}
    ordered = sorted(
        zip(areas["region_id"], areas["name"], areas.geometry, strict=True),
        key=lambda row: row[2].geom_type == "Point",  # points last: drawn on top
    )
    for region_id, name, geometry in ordered:
        value = values.get(region_id)
        known = value is not None and is_value(value)
        point = geometry.geom_type == "Point"
        styles[region_id] = {
            "fillColor": legend.colour_for(value),
            "fillOpacity": 0.75 if known else 0.6,
            "color": "#1a1a1a" if point else "#4d4d4d",
            "weight": 1.5 if point else 0.8 if details is None else 0.5,
            **({"radius": 9} if point else {}),
        }
        info = details.info.get(region_id) if details is not None else None
        properties = {
            # Only what the browser needs: the id for the style switch and the texts, under
            # one-letter keys (name, value, population, source): 350 areas repeat each key.
            "region_id": region_id,
            "n": _text(name),
            "v": _text(info.value if info is not None else format_value(value)),
        }
        if details is not None:
            properties["p"] = _text(info.population if info is not None else "")
            properties["s"] = _text(info.source if info is not None else "")
        features.append({"type": "Feature", "properties": properties, "geometry": mapping(geometry)})

    def style(feature: dict[str, Any]) -> dict[str, Any]:
        return styles[feature["properties"]["region_id"]]

    def highlight(_feature: dict[str, Any]) -> dict[str, Any]:
        return {"weight": 2.5, "color": "#000000"}

    name_label = details.name_label if details is not None else ""
    popup = (
        folium.GeoJsonPopup(
            fields=["n", "v", "p", "s"],
            aliases=[
                _text(label)
                for label in (name_label, value_label, details.population_label, details.source_label)
            ],
            localize=False,
        )
        if details is not None
        else None
    )
    return folium.GeoJson(
        {"type": "FeatureCollection", "features": features},
        name=_text(value_label),
        style_function=style,
        highlight_function=highlight,
        marker=folium.CircleMarker(radius=9),
        tooltip=folium.GeoJsonTooltip(
            fields=["n", "v"], aliases=[_text(name_label), _text(value_label)], sticky=True
        ),
        popup=popup,
        attribution="Natural Earth; Kadaster / CBS, 2023" if details is not None else "Natural Earth",
    )


def _outline_layer(outlines: Sequence[Outline], label: str) -> folium.FeatureGroup:
    """Groupings (MRA, Brainport, Noord-Nederland) as dashed borders over the areas."""
    group = folium.FeatureGroup(name=_text(label))
    features = [
        {
            "type": "Feature",
            "properties": {"name": f"<strong>{_text(outline.label)}</strong>"},
            "geometry": dict(outline.geometry),
        }
        for outline in outlines
    ]
    if not features:
        return group
    folium.GeoJson(
        {"type": "FeatureCollection", "features": features},
        control=False,
        style_function=lambda _feature: {
            "fill": False,
            "color": "#000000",
            "weight": 2.5,
            "dashArray": "8 5",
        },
        tooltip=folium.GeoJsonTooltip(fields=["name"], labels=False, sticky=True),
    ).add_to(group)
    return group


POINT_RADIUS_PX = 6


def _rgba(colour: str, opacity: float) -> str:
    digits = colour.lstrip("#")
    if len(digits) == 3:
        digits = "".join(digit * 2 for digit in digits)
    red, green, blue = (int(digits[index : index + 2], 16) for index in (0, 2, 4))
    return f"rgba({red},{green},{blue},{opacity})"


# The dots' shared shape, once in the page; each dot's HTML carries only its colours.
DOT_CSS = (
    f".map-point span {{ display: block; box-sizing: border-box; width: {2 * POINT_RADIUS_PX}px;"
    f" height: {2 * POINT_RADIUS_PX}px; border-radius: 50%; }}"
)


def _dot(colour: str, approximate: bool) -> str:
    """A dot drawn in HTML (a Leaflet divIcon): an exact site solid with a dark edge, an
    approximate one pale with a dashed edge ("somewhere around here", not a street address)."""
    edge = f"2px dashed {colour}" if approximate else "1px solid #1a1a1a"
    return f'<span style="background:{_rgba(colour, 0.3 if approximate else 0.95)};border:{edge}"></span>'


def _point_style(colour: str, approximate: bool, offset: tuple[int, int] = (0, 0)) -> dict[str, Any]:
    """The divIcon options of one point: its dot, shifted by ``offset`` pixels when it shares
    its spot with others (``map_model.ring_offsets``); popups and tooltips follow the dot.
    Points of one look share one style, so the page carries each look once."""
    dx, dy = offset
    size = 2 * POINT_RADIUS_PX
    return {
        "html": _dot(colour, approximate),
        "className": "map-point",
        "iconSize": [size, size],
        "iconAnchor": [POINT_RADIUS_PX - dx, POINT_RADIUS_PX - dy],
        "popupAnchor": [dx, dy - POINT_RADIUS_PX],
        "tooltipAnchor": [dx + POINT_RADIUS_PX, dy],
    }


def _point_layer(
    layer: PointLayer, approximate_text: str, offsets: Mapping[int, tuple[int, int]] | None = None
) -> folium.FeatureGroup:
    group = folium.FeatureGroup(name=_text(layer.label))
    features: list[dict[str, Any]] = []
    styles: dict[str, dict[str, Any]] = {}
    for index, point in enumerate(layer.points):
        if not (math.isfinite(point.lat) and math.isfinite(point.lon)):
            continue  # one NaN would make Leaflet throw and blank the whole map
        popup = [f"<strong>{_text(point.title)}</strong>", *(_text(line) for line in point.lines)]
        tooltip = _text(point.title)
        if point.approximate:
            popup.append(f"<em>{_text(approximate_text)}</em>")
            tooltip += f" <em>({_text(approximate_text)})</em>"
        feature_id = str(len(features))
        styles[feature_id] = _point_style(layer.colour, point.approximate, (offsets or {}).get(index, (0, 0)))
        features.append(
            {
                "type": "Feature",
                "id": feature_id,
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

    def style(feature: dict[str, Any]) -> dict[str, Any]:
        return styles[feature["id"]]

    folium.GeoJson(
        {"type": "FeatureCollection", "features": features},
        control=False,  # the FeatureGroup is what the layer control toggles
        # A divIcon, not a circle: only an icon can be shifted in pixels, which keeps points at
        # one spot apart at every zoom. Its options come from ``style`` per point.
        # Not keyboard-focusable, as the circles it replaced were not: a focusable icon is a
        # button, and a button needs a name the popup text cannot give it here.
        marker=folium.Marker(icon=folium.DivIcon(class_name="map-point"), pane=POINT_PANE, keyboard=False),
        style_function=style,
        popup=folium.GeoJsonPopup(fields=["popup"], labels=False, localize=False),
        tooltip=folium.GeoJsonTooltip(fields=["tooltip"], labels=False),
    ).add_to(group)
    return group


def build_map(
    provinces: gpd.GeoDataFrame,
    values: Mapping[str, float | None],
    *,
    value_label: str,
    format_value: Callable[[float | None], str],
    details: AreaDetails | None = None,
    outlines: Sequence[Outline] = (),
    outline_label: str = "",
    layers: Sequence[PointLayer] = (),
    approximate_text: str,
    height_px: int = 560,
    classes: int = 5,
    leaflet_urls: tuple[str, str] = (LEAFLET_JS_URL, LEAFLET_CSS_URL),
    framed: Collection[str] = (),
) -> tuple[folium.Map, Legend]:
    """A tile-free map of areas coloured by ``values`` (keyed by region_id) plus point layers.

    Args:
        provinces: the areas to colour: ``geo.load_provinces()``, ``map_layers.map_areas()`` or
            a subset (columns region_id, name, geometry; polygons, or points for areas
            known only by their centre).
        values: one number per region_id; missing, None or NaN is drawn as unknown.
        value_label: what the number is, shown in tooltips and as the layer name.
        format_value: formats a value (or None) in the viewer's language.
        details: per region_id, the popup's figure, population and source (``map_layers.
            area_details``); without it an area shows its name and ``format_value(value)``.
        outlines: groupings drawn as dashed borders, toggled together as ``outline_label``.
        layers: point layers, each toggleable.
        approximate_text: the translated words for "approximate location".
        classes: at most this many colour classes (quantiles of the known values).
        framed: the region ids the map opens on (``map_layers.modelled``); empty: all areas.
        leaflet_urls: (JS, CSS) of the local Leaflet; ``assets.leaflet_urls(base_url_path)``
            when Streamlit runs under ``server.baseUrlPath``.

    Returns:
        The map and the legend (classes and colours) for the caller to draw.
    """
    shown = {region_id: values.get(region_id) for region_id in provinces["region_id"]}
    legend = classify(shown.values(), classes=classes)
    (south, west), (north, east) = fitted_bounds(provinces, framed)
    bounds = [[south, west], [north, east]]
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
        folium.Element(f"<style>.leaflet-container {{ background: {BACKGROUND_COLOUR}; }} {DOT_CSS}</style>"),
        name="background",
    )
    # Points above polygons even after the province layer is toggled off and on again.
    folium.map.CustomPane(POINT_PANE, z_index=450, pointer_events=True).add_to(fmap)

    if not provinces.empty:
        _area_layer(
            provinces, values, legend, value_label=value_label, format_value=format_value, details=details
        ).add_to(fmap)
    if outlines:
        _outline_layer(outlines, outline_label).add_to(fmap)
    offsets = ring_offsets(layers)
    for layer_index, layer in enumerate(layers):
        mine = {point: offset for (owner, point), offset in offsets.items() if owner == layer_index}
        _point_layer(layer, approximate_text, mine).add_to(fmap)
    # Collapsed to its icon: opened at the top right it covered Groningen, Friesland and
    # Drenthe at 1440 px, and at the bottom right Belgian Limburg. The point layers are also
    # chosen above the map; the icon opens the control for the areas and outlines.
    folium.LayerControl(collapsed=True, position="topright").add_to(fmap)
    fmap.fit_bounds(bounds)
    return fmap, legend
