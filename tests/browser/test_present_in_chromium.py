"""The present page in Chromium with the internet unreachable: it advances by itself,
shows a QR code, hides the navigation chrome and asks nothing of any outside host."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser


def test_slides_advance_by_themselves_offline_with_a_qr_code(
    page: Page, app_url: str, outside_requests: list[str]
) -> None:
    page.goto(f"{app_url}/presenteren?lang=en&interval=5")
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_text("Operating data centres named in the sources", timeout=30_000)
    expect(page.get_by_text("Slide 1 of 6")).to_be_visible()
    expect(page.get_by_role("img", name="QR code to this view:")).to_be_visible()
    expect(page.locator('[data-testid="stSidebar"]')).to_be_hidden()
    expect(heading).to_have_text("Cluster organisation members per 100,000 inhabitants", timeout=15_000)
    expect(page.get_by_text("Slide 2 of 6")).to_be_visible()
    page.get_by_role("button", name="Pause").click()
    expect(page.get_by_role("button", name="Resume")).to_be_visible(timeout=10_000)
    # Body text and the source line are readable from the back of the room: at least 24 px.
    sizes = page.evaluate(
        """() => [document.documentElement, document.querySelector('[data-testid="stCaptionContainer"]')]
            .map(element => parseFloat(getComputedStyle(element).fontSize))"""
    )
    assert min(sizes) >= 24, sizes
    assert not outside_requests, outside_requests


def test_a_full_unattended_cycle_draws_every_slide_including_the_leaflet_map(
    page: Page, app_url: str, outside_requests: list[str]
) -> None:
    """The 'done when' of the presenter issue: the default presentation runs a whole cycle
    by itself, offline, the map slide draws Leaflet from local assets, and it wraps."""
    page.goto(f"{app_url}/presenteren?lang=nl&interval=5")
    heading = page.get_by_role("heading", level=1)
    titles = []
    for number in range(1, 7):
        expect(page.get_by_text(f"Dia {number} van 6")).to_be_visible(timeout=20_000)
        titles.append(heading.inner_text())
        if number == 4:
            leaflet = page.frame_locator('iframe[title="streamlit_folium.st_folium"]').locator(
                ".leaflet-container"
            )
            expect(leaflet).to_be_visible(timeout=15_000)
            expect(
                page.frame_locator('iframe[title="streamlit_folium.st_folium"]')
                .locator("path.leaflet-interactive")
                .first
            ).to_be_attached()
    expect(page.get_by_text("Dia 1 van 6")).to_be_visible(timeout=20_000)  # wrapped around
    assert titles[3].startswith("Kaart:"), titles
    assert len(set(titles)) == 6, titles
    assert not outside_requests, outside_requests
