"""The map in real Chromium: points that share a spot can each be opened."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

FOLIUM_FRAME = 'iframe[title="streamlit_folium.st_folium"]'
# Five data centres and the ICT cluster all sit at Almere's centre (approximate locations).
ALMERE = (
    "NorthC Almere (AER01)",
    "Keppel Almere Data Centre 1",
    "Keppel Almere Data Centre 2",
    "Datacenter Almere (ex-SARA/Vancis/Interxion ALM1)",
    "Almere Oosterwold multi-tenant data-centre campus (plan)",
    "ICT & Tech cluster Almere",
)


ZOOM_TO_ALMERE = """() => {
    const name = Object.keys(window).find(key => key.startsWith("map_") && window[key].setView);
    window[name].setView([52.367, 5.217], 12, {animate: false});
    return window[name].getZoom();
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
    # The marker (Leaflet's focusable button) around each named dot.
    dots = [
        frame.locator(".leaflet-marker-icon").filter(has=frame.get_by_role("img", name=title, exact=True))
        for title in ALMERE
    ]
    expect(dots[0]).to_be_visible(timeout=60_000)
    # The page settles (st_folium may draw its frame anew) before the visitor zooms.
    expect(page.locator('[data-testid="stStatusWidget"]')).to_have_count(0, timeout=30_000)
    page.wait_for_timeout(2000)
    # Zoomed in on Almere as a visitor would: the neighbours (Floriade, Mediagateway) move
    # away, but points at one spot would stay stacked at any zoom were they not spread.
    handle = page.locator(FOLIUM_FRAME).element_handle()
    assert handle is not None
    map_frame = handle.content_frame()
    assert map_frame is not None
    assert map_frame.evaluate(ZOOM_TO_ALMERE) == 12
    page.wait_for_timeout(1500)
    boxes = [dot.bounding_box() for dot in dots]
    for index, box in enumerate(boxes):
        assert box is not None
        for other in boxes[index + 1 :]:
            assert other is not None
            assert not _overlap(box, other), (box, other)
    popup = frame.locator(".leaflet-popup-content")
    for title, dot in zip(ALMERE, dots, strict=True):
        dot.click()
        expect(popup).to_contain_text(title, timeout=10_000)
        frame.locator(".leaflet-popup-close-button").click()  # an open popup covers the ring
        expect(popup).to_have_count(0)
