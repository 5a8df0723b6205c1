"""The municipal map and the region search as a visitor uses them, offline, in Chromium."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import FrameLocator, Page, expect

pytestmark = pytest.mark.browser

MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'


def _open_map(page: Page, url: str, *, areas: int) -> FrameLocator:
    page.goto(url)
    frame = page.frame_locator(MAP_FRAME)
    expect(frame.locator("path.leaflet-interactive").nth(areas - 1)).to_be_attached(timeout=60_000)
    expect(page.locator('[data-testid="stStatusWidget"]')).to_have_count(0, timeout=30_000)
    return frame


def _area_paths(frame: FrameLocator) -> int:
    """Filled areas in Leaflet's overlay pane (point markers live in their own pane)."""
    count: int = frame.locator(".leaflet-overlay-pane path.leaflet-interactive").count()
    return count


def test_the_municipal_layer_draws_offline_and_almere_opens_its_popup(
    page: Page, app_url: str, outside_requests: list[str]
) -> None:
    frame = _open_map(page, f"{app_url}/kaart?lang=nl&level=municipalities&map_measure=population", areas=342)
    # 342 Dutch municipalities, the Belgian provinces and the groupings' outlines.
    drawn = _area_paths(frame)
    assert 342 + 10 <= drawn <= 342 + 11 + 3 + 5, drawn

    # Almere Buiten: inside Almere. Zoomed in on it, so the ring of points spread around the
    # city's centre (six sites) lies well away from where the visitor clicks.
    _zoom_to(page, lat=52.41, lon=5.29, zoom=12)
    almere = _pixel_of(page, lat=52.41, lon=5.29)
    page.mouse.click(*almere)
    popup = frame.locator(".leaflet-popup-content")
    expect(popup).to_be_visible(timeout=10_000)
    expect(popup).to_contain_text("Almere")
    expect(popup).to_contain_text("222.825 (1 jan 2023)")
    expect(popup).to_contain_text("Kadaster / CBS, 2023 (hoog)")
    assert not outside_requests, outside_requests


def test_the_layer_control_leaves_the_northern_provinces_visible(page: Page, app_url: str) -> None:
    frame = _open_map(page, f"{app_url}/kaart?lang=nl&level=provinces", areas=23)
    control = frame.locator(".leaflet-control-layers").bounding_box()
    assert control is not None
    # Groningen, Friesland and Drenthe: the northern tip and the eastern edge of the north.
    for lat, lon in ((53.45, 6.85), (53.3, 5.8), (52.85, 6.9), (53.2, 7.15)):
        x, y = _pixel_of(page, lat=lat, lon=lon)
        inside = control["x"] <= x <= control["x"] + control["width"] and (
            control["y"] <= y <= control["y"] + control["height"]
        )
        assert not inside, f"the layer control covers ({lat}, {lon})"
    # Opened (a hover), it still shows every layer and the point layers can be switched off.
    frame.locator(".leaflet-control-layers").hover()
    expect(frame.locator(".leaflet-control-layers-overlays label")).to_have_count(6, timeout=5_000)


def test_typing_part_of_a_name_finds_the_municipality(page: Page, app_url: str) -> None:
    page.goto(f"{app_url}/vergelijk?lang=nl&regions=GM0034,MRA")
    picker = page.get_by_role("combobox", name="Regio's")
    expect(picker).to_be_visible(timeout=30_000)
    picker.click()
    page.keyboard.type("Zw")
    option = page.get_by_role("option", name="Zwolle · gemeente")
    expect(option).to_be_visible(timeout=10_000)
    option.click()
    page.keyboard.press("Escape")
    # Zwolle joins the comparison: a row of its own in the every-measure table, and the URL.
    profile = (
        page.locator('[data-testid="stTable"]')
        .filter(has_text="Alle maatstaven")
        .or_(page.locator('[data-testid="stTable"]').filter(has_text="Zwolle"))
    )
    expect(profile.first).to_contain_text("Zwolle", timeout=30_000)
    page.wait_for_function("window.location.search.includes('GM0193')", timeout=15_000)


def _zoom_to(page: Page, *, lat: float, lon: float, zoom: int) -> None:
    """Set the map's view and wait until it holds.

    Under load the component can draw its map a second time after the page looks settled,
    which puts the view back to the whole country; a click computed for the zoomed view
    would then land on whatever lies at the country view's pixel. So the view is set again
    until the same map has kept it for a moment (each pass is cheap: no tiles to load).
    """
    for _ in range(20):
        handle = page.locator(MAP_FRAME).element_handle()  # found again: a redraw may replace it
        assert handle is not None
        content = handle.content_frame()
        assert content is not None
        content.evaluate(
            """([lat, lon, zoom]) => {
                const map = Object.values(window).find((value) => value instanceof L.Map);
                map.setView([lat, lon], zoom, {animate: false});
                window.__zoomedMap = map;
            }""",
            [lat, lon, zoom],
        )
        page.wait_for_timeout(500)  # the tiles-free redraw of the areas at the new zoom
        held: bool = content.evaluate(
            """([zoom]) => {
                const map = Object.values(window).find((value) => value instanceof L.Map);
                return map === window.__zoomedMap && map.getZoom() === zoom;
            }""",
            [zoom],
        )
        if held:
            return
    raise AssertionError("the map did not keep the zoomed view")


def _pixel_of(page: Page, *, lat: float, lon: float) -> tuple[float, float]:
    """Where a coordinate is drawn on the page: Leaflet's own projection, inside the frame."""
    frame_box = page.locator(MAP_FRAME).bounding_box()
    assert frame_box is not None
    handle = page.locator(MAP_FRAME).element_handle()
    assert handle is not None
    content = handle.content_frame()
    assert content is not None
    point: dict[str, Any] = content.evaluate(
        """([lat, lon]) => {
            const map = Object.values(window).find((value) => value instanceof L.Map);
            const at = map.latLngToContainerPoint([lat, lon]);
            const box = map.getContainer().getBoundingClientRect();
            return {x: at.x + box.left, y: at.y + box.top};
        }""",
        [lat, lon],
    )
    return frame_box["x"] + point["x"], frame_box["y"] + point["y"]
