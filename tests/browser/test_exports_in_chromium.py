"""Exports and "add to presentation" as a visitor uses them, in Chromium."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from playwright.sync_api import Page, expect
from pptx import Presentation

pytestmark = pytest.mark.browser


def test_a_chart_downloads_as_png_and_powerpoint(page: Page, app_url: str) -> None:
    page.goto(f"{app_url}/campussen?lang=en")
    expect(page.get_by_role("heading", name="Campuses", level=1)).to_be_visible(timeout=30_000)
    page.get_by_role("button", name="Download").first.click()
    with page.expect_download(timeout=60_000) as png:
        page.get_by_role("button", name="Image (PNG)").click()
    assert png.value.suggested_filename == "campuses.png"
    with Image.open(png.value.path()) as image:
        assert image.format == "PNG"
        assert image.size == (1600, 900)
        darkest, lightest = image.convert("L").getextrema()
        assert lightest - darkest > 100  # a drawn chart, not a blank canvas

    with page.expect_download(timeout=60_000) as pptx:
        page.get_by_role("button", name="Slide (PowerPoint)").click()
    with open(pptx.value.path(), "rb") as handle:  # noqa: PTH123
        deck = Presentation(io.BytesIO(handle.read()))
    title = deck.slides[1].shapes.title
    assert title is not None
    assert title.text == "Campuses: Companies"


def test_added_views_become_my_presentation(page: Page, app_url: str) -> None:
    page.goto(f"{app_url}/evenementen?lang=en")
    expect(page.get_by_role("heading", name="Events", level=1)).to_be_visible(timeout=30_000)
    page.get_by_role("button", name="Add to presentation").click()
    expect(page.get_by_text("Added as slide 1 of your presentation")).to_be_visible(timeout=10_000)
    page.get_by_role("link", name="Present").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Floriade Expo 2022: Visitors", timeout=30_000)
    expect(page.get_by_text("Slide 1 of 1")).to_be_visible()


def test_the_whole_presentation_downloads_as_one_deck(page: Page, app_url: str) -> None:
    page.goto(f"{app_url}/presenteren?lang=en")
    expect(page.get_by_text("Title slide · 5 slides")).to_be_attached(timeout=30_000)
    page.get_by_role("button", name="Pause").click()
    page.get_by_text("Put together and export").click()
    with page.expect_download(timeout=90_000) as pptx:
        page.get_by_role("button", name="Whole presentation as PowerPoint").click()
    assert pptx.value.suggested_filename == "default.pptx"
    with open(pptx.value.path(), "rb") as handle:  # noqa: PTH123
        deck = Presentation(io.BytesIO(handle.read()))
    titles = [slide.shapes.title.text for slide in deck.slides if slide.shapes.title is not None]
    assert titles[0] == "Digital ecosystems compared"
    assert len(titles) == 6
    assert titles[3] == "Map: Operating data centres named in the sources"
