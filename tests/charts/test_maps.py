"""The folium map: local Leaflet only, values as colours, escaped text, marked approximations."""

from __future__ import annotations

import html
import math
import re
from collections.abc import Iterator
from typing import Any

import folium
import geopandas as gpd
import pytest

from dashboard.analysis import geo
from dashboard.charts import folium_maps
from dashboard.charts.leaflet_assets import LEAFLET_CSS_URL, LEAFLET_JS_URL

XSS_TITLE = "<script>alert(1)</script>"
XSS_NAME = "<img src=x onerror=alert(1)>"
APPROXIMATE = "locatie bij benadering"


def _format(value: float | None) -> str:
    return "onbekend" if value is None else f"{value:.1f}"


def _elements(element: Any) -> Iterator[Any]:
    yield element
    for child in element._children.values():
        yield from _elements(child)


def _geojsons(fmap: folium.Map) -> list[folium.GeoJson]:
    return [e for e in _elements(fmap) if isinstance(e, folium.GeoJson)]


def _province_styles(fmap: folium.Map) -> dict[str, dict[str, Any]]:
    (layer,) = [g for g in _geojsons(fmap) if "region_id" in g.data["features"][0]["properties"]]
    return {f["properties"]["region_id"]: layer.style_function(f) for f in layer.data["features"]}


def _point_features(fmap: folium.Map) -> list[tuple[folium.GeoJson, dict[str, Any]]]:
    """The features of the point layers (areas given as points carry a region id instead)."""
    return [
        (g, f)
        for g in _geojsons(fmap)
        for f in g.data["features"]
        if f["geometry"]["type"] == "Point" and "region_id" not in f["properties"]
    ]


@pytest.fixture(scope="module")
def provinces() -> gpd.GeoDataFrame:
    return geo.load_provinces()


def _build(provinces: gpd.GeoDataFrame, **overrides: Any) -> tuple[folium.Map, folium_maps.Legend]:
    arguments: dict[str, Any] = {
        "values": {"NL-FL": 10.0, "NL-GR": 90.0, "NL-NH": None, "BE-VLI": 40.0},
        "value_label": "Datacenters",
        "format_value": _format,
        "layers": [
            folium_maps.PointLayer(
                "Campussen",
                "#0072b2",
                [
                    folium_maps.MapPoint(52.37, 5.22, "Almere", ("Flevoland",), approximate=False),
                    folium_maps.MapPoint(50.93, 5.34, "Hasselt", ("Limburg",), approximate=True),
                ],
            )
        ],
        "approximate_text": APPROXIMATE,
    }
    arguments.update(overrides)
    return folium_maps.build_map(provinces, **arguments)


@pytest.fixture(scope="module")
def rendered(provinces: gpd.GeoDataFrame) -> str:
    fmap, _ = _build(provinces)
    page: str = fmap.get_root().render()
    return page


# --- offline -------------------------------------------------------------------------------------


def test_html_has_no_outside_url(rendered: str) -> None:
    assert re.findall(r"https?://|//cdn|cdnjs|jsdelivr|unpkg", rendered) == []


def test_html_loads_only_local_leaflet(rendered: str) -> None:
    scripts = re.findall(r"<script[^>]*\bsrc=\"([^\"]+)\"", rendered)
    styles = re.findall(r"<link[^>]*\bhref=\"([^\"]+)\"", rendered)
    assert scripts == [LEAFLET_JS_URL]
    assert styles == [LEAFLET_CSS_URL]


def test_no_element_declares_outside_assets(provinces: gpd.GeoDataFrame) -> None:
    # streamlit-folium ignores the page header and loads default_js/default_css of every element.
    fmap, _ = _build(provinces)
    links = {
        url
        for element in _elements(fmap)
        for attribute in ("default_js", "default_css")
        for _, url in getattr(element, attribute, [])
    }
    assert links == {LEAFLET_JS_URL, LEAFLET_CSS_URL}


def test_folium_defaults_are_untouched_for_other_maps(provinces: gpd.GeoDataFrame) -> None:
    _build(provinces)
    other = folium.Map()
    assert any("jquery" in url for _, url in other.default_js)
    assert any(url.startswith("https://") for _, url in folium.Map.default_css)


def test_no_tiles_and_no_cdn_only_elements(provinces: gpd.GeoDataFrame) -> None:
    fmap, _ = _build(provinces)
    kinds = {type(e).__name__ for e in _elements(fmap)}
    assert not kinds & {"TileLayer", "Marker", "Icon", "Choropleth", "Popup", "Tooltip"}
    assert not [e for e in _elements(fmap) if e.__class__.__module__.startswith("branca.colormap")]


def test_base_url_path_urls_are_used(provinces: gpd.GeoDataFrame) -> None:
    urls = ("/dash/app/static/vendor/leaflet/leaflet.js", "/dash/app/static/vendor/leaflet/leaflet.css")
    fmap, _ = _build(provinces, leaflet_urls=urls)
    page = fmap.get_root().render()
    assert f'src="{urls[0]}"' in page
    assert f'href="{urls[1]}"' in page


def test_layer_control_and_bounds(rendered: str, provinces: gpd.GeoDataFrame) -> None:
    fmap, _ = _build(provinces)
    (control,) = [e for e in _elements(fmap) if isinstance(e, folium.LayerControl)]
    # Collapsed to its icon, at the top right: opened it covered the northern provinces.
    assert control.options["collapsed"] is True
    assert control.options["position"] == "topright"
    groups = [e for e in _elements(fmap) if isinstance(e, folium.FeatureGroup)]
    assert [g.layer_name for g in groups] == ["Campussen"]
    assert "fitBounds" in rendered


def test_payload_with_all_provinces_and_forty_points(provinces: gpd.GeoDataFrame) -> None:
    layers = [
        folium_maps.PointLayer(
            f"Laag {n}",
            folium_maps.POINT_PALETTE[n],
            [
                folium_maps.MapPoint(
                    51 + i / 10, 4 + n / 2, f"Locatie {n}-{i} met een lange naam", ("Gemeente",), i % 3 == 0
                )
                for i in range(10)
            ],
        )
        for n in range(4)
    ]
    values = {region_id: float(i) for i, region_id in enumerate(provinces["region_id"])}
    fmap, _ = _build(provinces, values=values, layers=layers)
    size = len(fmap.get_root().render().encode("utf-8"))
    assert size < 150_000, size


# --- values as colours ----------------------------------------------------------------------------


def test_values_colour_provinces(provinces: gpd.GeoDataFrame) -> None:
    fmap, legend = _build(provinces)
    styles = _province_styles(fmap)
    assert styles["NL-FL"]["fillColor"] != styles["NL-GR"]["fillColor"]
    assert styles["NL-FL"]["fillColor"] in folium_maps.SEQUENTIAL_PALETTE
    assert styles["NL-GR"]["fillColor"] in folium_maps.SEQUENTIAL_PALETTE
    assert styles["NL-NH"]["fillColor"] == folium_maps.UNKNOWN_COLOUR  # None
    assert styles["NL-UT"]["fillColor"] == folium_maps.UNKNOWN_COLOUR  # not in the mapping
    assert legend.has_unknown
    assert legend.unknown_colour == folium_maps.UNKNOWN_COLOUR


def test_legend_matches_the_colours_drawn(provinces: gpd.GeoDataFrame) -> None:
    fmap, legend = _build(provinces)
    styles = _province_styles(fmap)
    values = {"NL-FL": 10.0, "NL-GR": 90.0, "BE-VLI": 40.0}
    for region_id, value in values.items():
        (colour,) = [c for low, high, c in legend.bins if low <= value <= high]
        assert styles[region_id]["fillColor"] == colour
    assert [(low, high) for low, high, _ in legend.bins] == [(10.0, 10.0), (40.0, 40.0), (90.0, 90.0)]


def test_colours_reach_the_browser(rendered: str, provinces: gpd.GeoDataFrame) -> None:
    fmap, _ = _build(provinces)
    for style in _province_styles(fmap).values():
        assert style["fillColor"] in rendered


def test_nan_is_unknown(provinces: gpd.GeoDataFrame) -> None:
    fmap, legend = _build(provinces, values={"NL-FL": math.nan, "NL-GR": 3.0})
    assert _province_styles(fmap)["NL-FL"]["fillColor"] == folium_maps.UNKNOWN_COLOUR
    assert len(legend.bins) == 1


def test_classify_quantiles() -> None:
    legend = folium_maps.classify([1, 2, 3, 4, 5, 6, 7, 8, 9, 100, None], classes=5)
    lows = [low for low, _, _ in legend.bins]
    highs = [high for _, high, _ in legend.bins]
    assert len(legend.bins) == 5
    assert lows == sorted(lows)
    assert all(high < next_low for high, next_low in zip(highs, lows[1:], strict=False))
    assert (lows[0], highs[-1]) == (1, 100)
    assert len({colour for _, _, colour in legend.bins}) == 5
    assert legend.bins[0][2] == folium_maps.SEQUENTIAL_PALETTE[0]
    assert legend.bins[-1][2] == folium_maps.SEQUENTIAL_PALETTE[-1]
    assert legend.has_unknown
    assert legend.colour_for(None) == folium_maps.UNKNOWN_COLOUR
    assert legend.colour_for(1000) == folium_maps.SEQUENTIAL_PALETTE[-1]


@pytest.mark.parametrize(
    ("values", "bins"),
    [
        pytest.param([], 0, id="no-values"),
        pytest.param([None, None], 0, id="all-unknown"),
        pytest.param([7.0, 7.0, 7.0], 1, id="one-distinct"),
        pytest.param([1.0, 2.0], 2, id="two-values"),
        pytest.param([1.0, 1.0, 1.0, 1.0, 5.0], 2, id="ties"),
    ],
)
def test_classify_small_inputs(values: list[float | None], bins: int) -> None:
    legend = folium_maps.classify(values)
    assert len(legend.bins) == bins
    if bins == 2:
        assert legend.bins[0][2] != legend.bins[1][2]


# --- text from data is escaped --------------------------------------------------------------------


def test_point_title_is_escaped(provinces: gpd.GeoDataFrame) -> None:
    layer = folium_maps.PointLayer(
        "Sites", "#e69f00", [folium_maps.MapPoint(52.0, 5.0, XSS_TITLE, (XSS_TITLE,), False)]
    )
    fmap, _ = _build(provinces, layers=[layer])
    page = fmap.get_root().render()
    assert "<script>alert(1)" not in page
    # The text reaches the page only inside JSON (where & is written \u0026) as an HTML entity.
    assert "\\u0026lt;script\\u0026gt;alert(1)\\u0026lt;/script\\u0026gt;" in page
    ((_, feature),) = _point_features(fmap)
    assert html.escape(XSS_TITLE) in feature["properties"]["popup"]
    assert XSS_TITLE not in feature["properties"]["popup"]
    assert feature["properties"]["tooltip"] == html.escape(XSS_TITLE)


def test_province_name_label_and_value_are_escaped(provinces: gpd.GeoDataFrame) -> None:
    renamed = provinces.copy()
    renamed.loc[renamed["region_id"] == "NL-UT", "name"] = XSS_NAME
    fmap, _ = _build(
        renamed,
        values={"NL-UT": 1.0},
        value_label="<b>label</b>",
        format_value=lambda _value: "<i>1</i>",
        layers=[folium_maps.PointLayer("<u>layer</u>", "#000", [])],
    )
    page = fmap.get_root().render()
    for raw in (XSS_NAME, "<b>label</b>", "<i>1</i>", "<u>layer</u>"):
        assert raw not in page
    areas = [f["properties"] for g in _geojsons(fmap) for f in g.data["features"] if "n" in f["properties"]]
    assert any(a["n"] == html.escape(XSS_NAME) and a["v"] == "&lt;i&gt;1&lt;/i&gt;" for a in areas)
    names = [e.layer_name for e in _elements(fmap) if isinstance(e, (folium.FeatureGroup, folium.GeoJson))]
    assert "&lt;u&gt;layer&lt;/u&gt;" in names
    assert "&lt;b&gt;label&lt;/b&gt;" in names


# --- points ---------------------------------------------------------------------------------------


def test_approximate_points_are_marked(provinces: gpd.GeoDataFrame) -> None:
    fmap, _ = _build(provinces)
    by_title = {f["properties"]["tooltip"].split(" <em>")[0]: (g, f) for g, f in _point_features(fmap)}
    exact_layer, exact = by_title["Almere"]
    approx_layer, approx = by_title["Hasselt"]

    assert APPROXIMATE in approx["properties"]["popup"]
    assert APPROXIMATE in approx["properties"]["tooltip"]
    assert APPROXIMATE not in exact["properties"]["popup"]
    assert "dashed" in approx_layer.style_function(approx)["html"]
    assert "dashed" not in exact_layer.style_function(exact)["html"]
    # A divIcon (no image, no CDN): the only kind of marker that can be shifted in pixels.
    assert type(approx_layer.marker) is folium.Marker
    assert type(approx_layer.marker.icon) is folium.DivIcon


def test_points_carry_title_lines_and_coordinates(provinces: gpd.GeoDataFrame) -> None:
    fmap, _ = _build(provinces)
    features = {f["properties"]["tooltip"].split(" <em>")[0]: f for _, f in _point_features(fmap)}
    almere = features["Almere"]
    assert almere["geometry"]["coordinates"] == [5.22, 52.37]  # GeoJSON: longitude first
    assert almere["properties"]["popup"] == "<strong>Almere</strong><br>Flevoland"


def test_points_without_coordinates_are_skipped(provinces: gpd.GeoDataFrame) -> None:
    layer = folium_maps.PointLayer(
        "Sites",
        "#e69f00",
        [
            folium_maps.MapPoint(math.nan, 5.0, "nowhere", (), False),
            folium_maps.MapPoint(52.0, 5.0, "here", (), False),
        ],
    )
    fmap, _ = _build(provinces, layers=[layer])
    assert [f["properties"]["tooltip"] for _, f in _point_features(fmap)] == ["here"]
    assert "NaN" not in fmap.get_root().render()


def test_empty_layer_still_renders(provinces: gpd.GeoDataFrame) -> None:
    fmap, _ = _build(provinces, layers=[folium_maps.PointLayer("Leeg", "#000000", [])])
    assert "Leeg" in fmap.get_root().render()


@pytest.mark.parametrize("colour", ["red", "#12345", "#e69f00;background:url(x)", ""])
def test_point_layer_colour_must_be_hex(colour: str) -> None:
    with pytest.raises(ValueError, match="colour"):
        folium_maps.PointLayer("x", colour, [])


# --- points at one spot, the frame, the legend ------------------------------------------------------


def _offsets(fmap: folium.Map) -> dict[str, tuple[int, int]]:
    """Title -> how far its dot is shifted from the spot, in pixels (from its icon anchor)."""
    shifted = {}
    for layer, feature in _point_features(fmap):
        anchor_x, anchor_y = layer.style_function(feature)["iconAnchor"]
        title = feature["properties"]["tooltip"].split(" <em>")[0]
        shifted[title] = (folium_maps.POINT_RADIUS_PX - anchor_x, folium_maps.POINT_RADIUS_PX - anchor_y)
    return shifted


def test_points_at_one_spot_are_spread_apart_on_screen_not_on_the_ground(
    provinces: gpd.GeoDataFrame,
) -> None:
    sites = folium_maps.PointLayer(
        "Datacenters",
        "#e69f00",
        [folium_maps.MapPoint(52.367, 5.217, f"Almere {n}", (), True) for n in range(3)],
    )
    seat = folium_maps.PointLayer(
        "Clusters", "#009e73", [folium_maps.MapPoint(52.367, 5.217, "Cluster", (), True)]
    )
    alone = folium_maps.PointLayer(
        "Campussen", "#56b4e9", [folium_maps.MapPoint(51.41, 5.46, "Eindhoven", (), False)]
    )
    fmap, _ = _build(provinces, layers=[sites, seat, alone])
    offsets = _offsets(fmap)
    stacked = [offsets[title] for title in ("Almere 0", "Almere 1", "Almere 2", "Cluster")]
    assert len(set(stacked)) == 4  # four dots, four places
    for index, (x, y) in enumerate(stacked):
        for other_x, other_y in stacked[index + 1 :]:
            assert math.dist((x, y), (other_x, other_y)) >= 2 * folium_maps.POINT_RADIUS_PX
    assert offsets["Eindhoven"] == (0, 0)
    coordinates = {tuple(f["geometry"]["coordinates"]) for _, f in _point_features(fmap)}
    assert (5.217, 52.367) in coordinates  # the data keep the true spot


def test_the_frame_fits_the_modelled_regions_not_all_of_belgium(provinces: gpd.GeoDataFrame) -> None:
    modelled = {region for region in provinces["region_id"] if region.startswith("NL-")} | {"BE-VLI"}
    (south, west), (north, east) = folium_maps.fitted_bounds(provinces, modelled)
    limburg = provinces[provinces["region_id"] == "BE-VLI"].geometry.iloc[0]
    assert south <= limburg.bounds[1]  # Belgian Limburg is in the frame
    assert south > 50.6  # Liège, Namur, Luxembourg and Hainaut (down to 49.5) are not
    assert west > 3.0  # nor the coast of West Flanders (2.5)
    assert north > 53.4  # the whole of the Netherlands is
    assert east > 7.1


def test_the_modelled_regions_are_those_with_municipalities(provinces: gpd.GeoDataFrame) -> None:
    from dashboard.catalog import datasets  # noqa: PLC0415
    from dashboard.charts import map_layers  # noqa: PLC0415

    framed = map_layers.modelled(datasets.get("regions").load_curated())
    assert {"BE-VLI", "NL-FL", "NL-GR", "GM0034"} <= framed
    assert not {"BE-VAN", "BE-WLG", "BE-WLX"} & framed


def test_the_map_fits_that_frame(provinces: gpd.GeoDataFrame) -> None:
    fmap, _ = _build(provinces, framed={"NL-FL", "NL-GR"})
    (south, west), (north, east) = folium_maps.fitted_bounds(provinces, {"NL-FL", "NL-GR"})
    assert north - south < 2  # two provinces, not NL + BE
    rendered = fmap.get_root().render()
    assert f"[[{south},{west}],[{north},{east}]]" in rendered.replace(" ", "")
