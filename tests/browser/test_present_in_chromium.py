"""The present page in Chromium with the internet unreachable: it advances by itself,
shows a QR code, hides the navigation chrome and asks nothing of any outside host; while it
plays, its controls stay out of the picture until the mouse moves or a key is pressed."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from dashboard.ui.present_controls import AWAKE_MS

pytestmark = pytest.mark.browser

PROJECTOR = {"width": 1920, "height": 1080}
BARS = ('[class*="st-key-present_top"]', '[class*="st-key-present_controls"]')
# What is on screen of the player's controls: each bar's opacity (0 is out of the picture)
# and whether the deck picker, the buttons, the progress bar and the way out sit inside one
# of them (putting a presentation together is below the slide, in a folded expander).
ON_SCREEN = """(bars) => ({
    opacity: bars.map(bar => Number(getComputedStyle(document.querySelector(bar)).opacity)),
    inside: [
        '[data-testid="stSelectbox"]', '[data-testid="stButton"]', '[data-testid="stProgress"]',
        '[data-testid="stPageLink"]',
    ].map(control => [...document.querySelectorAll(control)]
        .filter(element => !element.closest('[data-testid="stExpander"]'))
        .filter(element => element.checkVisibility())  // not the phone-only language switch
        .every(element => bars.some(bar => element.closest(bar)))),
})"""
# Polls until both bars reach an opacity: the timers start when the page's script runs, which
# on a slow machine is a moment after the heading shows, so a fixed wait reads them early.
BARS_AT = """([bars, opacity]) => bars.every(
    bar => Number(getComputedStyle(document.querySelector(bar)).opacity) === opacity)"""


def wait_for_bars(page: Page, opacity: int, timeout: float) -> None:
    page.wait_for_function(BARS_AT, arg=[list(BARS), opacity], timeout=timeout)


def test_slides_advance_by_themselves_offline_with_a_qr_code(
    page: Page, app_url: str, outside_requests: list[str]
) -> None:
    page.goto(f"{app_url}/presenteren?lang=en&interval=5&slide=1")
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_text("Operating data centres named in the sources", timeout=30_000)
    expect(page.get_by_text("Slide 1 of 5")).to_be_attached()
    expect(page.get_by_role("img", name="QR code to this view:")).to_be_visible()
    expect(page.locator('[data-testid="stSidebar"]')).to_be_hidden()
    expect(heading).to_have_text("Floriade Expo 2022: Visitors", timeout=15_000)
    expect(page.get_by_text("Slide 2 of 5")).to_be_attached()
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
    expect(page.get_by_text("Titeldia · 5 dia's")).to_be_attached(timeout=30_000)
    expect(heading).to_have_text("Digitale ecosystemen vergeleken")
    titles = []
    for number in range(1, 6):
        expect(page.get_by_text(f"Dia {number} van 5")).to_be_attached(timeout=20_000)
        titles.append(heading.inner_text())
        if number == 3:
            leaflet = page.frame_locator('iframe[title="streamlit_folium.st_folium"]').locator(
                ".leaflet-container"
            )
            expect(leaflet).to_be_visible(timeout=15_000)
            expect(
                page.frame_locator('iframe[title="streamlit_folium.st_folium"]')
                .locator("path.leaflet-interactive")
                .first
            ).to_be_attached()
    expect(page.get_by_text("Titeldia · 5 dia's")).to_be_attached(timeout=20_000)  # wrapped around
    assert titles[2].startswith("Kaart:"), titles
    assert len(set(titles)) == 5, titles
    assert not outside_requests, outside_requests


def test_while_it_plays_the_controls_stay_out_of_the_picture_until_the_mouse_moves_or_a_key(
    page: Page, app_url: str, outside_requests: list[str], tmp_path: Path
) -> None:
    """At a projector's 1920x1080 the slide is all there is while it plays: the deck picker,
    the buttons, the progress bar and the way out appear on a mouse move or a key press, go
    again after a few seconds, and stay while paused."""
    page.set_viewport_size(PROJECTOR)
    page.goto(f"{app_url}/presenteren?lang=en&interval=60&slide=1")
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_text("Operating data centres named in the sources", timeout=30_000)
    expect(page.get_by_text("60 s left").or_(page.get_by_text("59 s left")).first).to_be_visible()

    asleep = AWAKE_MS + 1500  # the moment they show on arrival, and their fade
    # They go by themselves: a few seconds after arrival, with room for a slow machine.
    wait_for_bars(page, 0, timeout=asleep + 8_000)
    shown = page.evaluate(ON_SCREEN, list(BARS))
    assert shown["inside"] == [True, True, True, True], shown  # every control is in a bar
    # Putting a presentation together is below the slide, off the screen.
    editor = page.get_by_text("Put together and export").bounding_box()
    assert editor is not None
    assert editor["y"] >= PROJECTOR["height"], editor
    page.screenshot(path=tmp_path / "playing.png")

    page.mouse.move(960, 500)
    page.mouse.move(980, 520)
    wait_for_bars(page, 1, timeout=3_000)
    page.screenshot(path=tmp_path / "mouse_moved.png")
    expect(page.get_by_role("link", name="Back to the dashboard")).to_be_visible()

    wait_for_bars(page, 0, timeout=asleep + 8_000)
    page.keyboard.press("ArrowRight")  # a key shows them, and this one is the next slide
    wait_for_bars(page, 1, timeout=3_000)
    expect(heading).to_have_text("Floriade Expo 2022: Visitors", timeout=10_000)

    page.get_by_role("button", name="Pause").click()
    expect(page.get_by_text("paused", exact=True)).to_be_visible(timeout=10_000)
    page.wait_for_timeout(asleep)
    assert page.evaluate(ON_SCREEN, list(BARS))["opacity"] == [1, 1]  # paused: they stay

    page.get_by_role("link", name="Back to the dashboard").click()
    expect(page.get_by_role("heading", level=1, name="Overview")).to_be_visible(timeout=30_000)
    assert not outside_requests, outside_requests
