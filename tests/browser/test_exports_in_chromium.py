"""Exports and "add to presentation" as a visitor uses them, in Chromium."""

from __future__ import annotations

import io

import pytest
from exported_images import clipped_labels, ink_at_edges, svg_texts
from PIL import Image
from playwright.sync_api import Page, expect
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE

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


COMPARE_PER_CAPITA = "vergelijk?regions=GM0034,LD-NOORD,BRAINPORT&measure=data_centres&per=per_100k&lang=nl"


def test_downloaded_chart_images_cut_no_label_and_carry_title_and_source(page: Page, app_url: str) -> None:
    """The bytes a viewer downloads under a Dutch chart with decimal ticks ("1,4")."""
    page.goto(f"{app_url}/{COMPARE_PER_CAPITA}")
    expect(page.get_by_role("heading", name="Regio's vergelijken", level=1)).to_be_visible(timeout=30_000)
    page.get_by_role("button", name="Downloaden").first.click()
    with page.expect_download(timeout=60_000) as svg_download:
        page.get_by_role("button", name="Vectorafbeelding (SVG)").click()
    with open(svg_download.value.path(), "rb") as handle:  # noqa: PTH123
        svg = handle.read()
    assert clipped_labels(svg) == []
    texts = svg_texts(svg)
    assert texts[0].startswith("Datacenters")  # the chart's title, first
    assert any(text.startswith("Bron: ") for text in texts)
    assert any(text.startswith("Dashboard Digitale ecosystemen · gedownload op ") for text in texts)
    assert [text for text in texts if text.replace(",", "").isdigit() and "," in text]  # "1,4", whole

    with page.expect_download(timeout=60_000) as png_download:
        page.get_by_role("button", name="Afbeelding (PNG)").click()
    with open(png_download.value.path(), "rb") as handle:  # noqa: PTH123
        png = handle.read()
    assert ink_at_edges(png) == []


CSV_CASES = {
    # language: the download button, the first CSV, the other dialect, the CSV's first header
    "nl": ("Downloaden", "Cijfers (CSV)", "Cijfers: CSV internationaal (, en .)", "Regio;Waarde;"),
    "en": ("Download", "Figures (CSV)", "Figures: CSV for Dutch Excel (; and ,)", "Region,Value,"),
}


@pytest.mark.parametrize("lang", CSV_CASES)
def test_csv_comes_in_the_pages_excel_dialect_with_the_other_as_a_choice(
    page: Page, app_url: str, lang: str
) -> None:
    download, first, other, header = CSV_CASES[lang]
    page.goto(
        f"{app_url}/vergelijk?regions=GM0034,LD-NOORD,BRAINPORT&measure=data_centres&per=per_100k&lang={lang}"
    )
    page.get_by_role("button", name=download).first.click()
    with page.expect_download(timeout=60_000) as csv_download:
        page.get_by_role("button", name=first, exact=True).click()
    with open(csv_download.value.path(), "rb") as handle:  # noqa: PTH123
        raw = handle.read()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 with a BOM, so Excel reads the accents
    assert raw.decode("utf-8-sig").startswith(header)
    if lang == "nl":  # Dutch Excel: ';' between fields, so "1,3" is one decimal number
        assert "\r\nAlmere;1,3;" in raw.decode("utf-8-sig")
    expect(page.get_by_role("button", name=other)).to_be_visible()


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
    pictures = [
        shape for slide in deck.slides for shape in slide.shapes if shape.shape_type == MSO_SHAPE_TYPE.PICTURE
    ]
    assert len(pictures) == 5
    for picture in pictures:  # no tick label, axis title or category name cut by the picture's edge
        assert ink_at_edges(picture.image.blob) == [], picture.element.nvPicPr.cNvPr.get("descr")
