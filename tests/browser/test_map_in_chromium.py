"""The map in real Chromium: points that share a spot can each be opened."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

FOLIUM_FRAME = 'iframe[title="streamlit_folium.st_folium"]'
# Five data centres and the ICT cluster all sit at Almere's centre (approximate locations).
ALMERE = {
    "NorthC Almere (AER01)",
    "Keppel Almere Data Centre 1",
    "Keppel Almere Data Centre 2",
    "Datacenter Almere (ex-SARA/Vancis/Interxion ALM1)",
    "Almere Oosterwold multi-tenant data-centre campus (plan)",
    "ICT & Tech cluster Almere",
}
# Zoomed in on Almere as a visitor would: neighbours (Floriade, Mediagateway) move away, but
# points at one spot would stay stacked at any zoom were they not spread. Returns the boxes of
# the markers drawn within 40 px of the spot, in document order, with their index.
ZOOM_TO_ALMERE = """() => {
    const name = Object.keys(window).find(key => key.startsWith("map_") && window[key].setView);
    const map = window[name];
    map.setView([52.367, 5.217], 12, {animate: false});
    const spot = map.latLngToContainerPoint([52.367, 5.217]);
    const origin = map.getContainer().getBoundingClientRect();
    return [...document.querySelectorAll(".leaflet-marker-icon")].map((icon, index) => {
        const box = icon.getBoundingClientRect();
        return {index, x: box.x, y: box.y, width: box.width, height: box.height,
                dx: box.x + box.width / 2 - origin.x - spot.x,
                dy: box.y + box.height / 2 - origin.y - spot.y};
    }).filter(box => Math.hypot(box.dx, box.dy) < 40);
}"""


def _overlap(one: dict[str, float], other: dict[str, float]) -> bool:
    return not (
        one["x"] + one["width"] <= other["x"]
        or other["x"] + other["width"] <= one["x"]
        or one["y"] + one["height"] <= other["y"]
        or other["y"] + other["height"] <= one["y"]
    )


def test_each_of_the_points_at_almere_can_be_clicked_open(page: Page, app_url: str) -> None:
    page.set_viewport_size({"width": 1440, "height": 1000})
    page.goto(f"{app_url}/kaart?lang=nl")
    frame = page.frame_locator(FOLIUM_FRAME)
    markers = frame.locator(".leaflet-marker-icon")
    expect(markers.first).to_be_visible(timeout=60_000)
    # The page settles (st_folium may draw its frame anew) before the visitor zooms.
    expect(page.locator('[data-testid="stStatusWidget"]')).to_have_count(0, timeout=30_000)
    page.wait_for_timeout(2000)
    handle = page.locator(FOLIUM_FRAME).element_handle()
    assert handle is not None
    map_frame = handle.content_frame()
    assert map_frame is not None
    near = map_frame.evaluate(ZOOM_TO_ALMERE)
    page.wait_for_timeout(1500)
    assert len(near) == len(ALMERE), near
    for position, box in enumerate(near):
        for other in near[position + 1 :]:
            assert not _overlap(box, other), (box, other)
    popup = frame.locator(".leaflet-popup-content")
    opened = set()
    for box in near:
        markers.nth(box["index"]).click()
        expect(popup).to_be_visible(timeout=10_000)
        opened.add(popup.locator("strong").first.inner_text())
        frame.locator(".leaflet-popup-close-button").click()  # an open popup covers the ring
        expect(popup).to_have_count(0)
    assert opened == ALMERE
