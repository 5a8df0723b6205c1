"""Text from data never runs as code: hostile names, notes and sources are published, every
page is visited in Chromium, no dialog opens and the text shows literally."""

from __future__ import annotations

from collections.abc import Iterator

import pandas as pd
import pytest
from browser.conftest import start_server
from playwright.sync_api import Dialog, Page, expect

from dashboard import navigation
from dashboard.store import Store

pytestmark = pytest.mark.browser

# Each would run script if rendered as HTML, markdown or a link, in the places data text goes:
# tables, captions, markdown source lists, plotly labels and tooltips, Leaflet tooltips, slides.
HOSTILE = (
    "<img src=x onerror=alert('img')>",
    "<script>alert('script')</script>",
    '"><svg onload=alert("svg")>',
    "[klik hier](javascript:alert('md'))",
    "<a href=\"javascript:alert('a')\">javascript:alert('href')</a>",
)
TEXT_COLUMNS = {
    "sources": ("title", "publisher", "note"),
    "regions": ("name_nl", "name_en"),
    "data_centres": ("name", "operator", "place", "note"),
    "clusters": ("cluster_name", "note"),
    "events": ("event_name", "note"),
    "campuses": ("campus_name", "note"),
}
# Rows whose text is replaced: what the default views show first (Almere, its sites, the
# first cluster, Floriade, the first campus) and the sources they cite.
ROWS = {
    "regions": lambda frame: frame["region_id"] == "GM0034",
    "data_centres": lambda frame: frame["place"].fillna("").str.startswith("Almere"),
    "clusters": lambda frame: frame["cluster_id"] == frame["cluster_id"].iloc[0],
    "events": lambda frame: frame["event_id"] == "floriade-2022",
    "campuses": lambda frame: frame["campus_id"] == frame["campus_id"].iloc[0],
}


def hostile(frame: pd.DataFrame, key: str) -> pd.DataFrame:
    frame = frame.copy()
    chosen = ROWS[key](frame) if key in ROWS else frame.index < 12
    offset = list(TEXT_COLUMNS).index(key)  # so every string lands in several kinds of place
    for number, column in enumerate(TEXT_COLUMNS[key]):
        text = HOSTILE[(number + offset) % len(HOSTILE)]
        # Names that identify an entity stay one name per entity (the schema checks them).
        frame.loc[chosen, column] = f"{text} {key}"
    return frame


@pytest.fixture(scope="module")
def hostile_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("hostile")
    url = f"sqlite:///{folder / 'store.sqlite3'}"
    store = Store(url)
    store.ensure_ready()
    for key in TEXT_COLUMNS:
        store.publish(
            key, hostile(store.load(key), key), user="attacker", based_on=store.current_version(key)
        )
    process, app_url = start_server(url, folder / "streamlit.log")
    yield app_url
    process.terminate()
    process.wait(timeout=20)


PAGES = list(navigation.visible_pages(is_analyst=False))


@pytest.mark.parametrize("page_spec", PAGES, ids=[page.name for page in PAGES])
def test_no_page_runs_text_from_data(page: Page, hostile_app: str, page_spec: navigation.PageSpec) -> None:
    dialogs: list[str] = []

    def refuse(dialog: Dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", refuse)
    page.goto(f"{hostile_app}/{page_spec.url}?lang=nl&interval=5")
    expect(page.locator('[data-testid="stMainBlockContainer"] h1').first).to_be_visible(timeout=30_000)
    page.wait_for_timeout(2_500)  # charts, maps and tooltips draw after the title
    # Move over every chart and map so tooltips render their (escaped) text too.
    for target in page.locator('[data-testid="stPlotlyChart"], iframe').all()[:6]:
        box = target.bounding_box()
        if box:
            page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
            page.wait_for_timeout(300)
    assert not dialogs, f"script from data ran on {page_spec.name}: {dialogs}"
    injected = page.evaluate(
        """() => [...document.querySelectorAll('img[src="x"], svg[onload], a[href^="javascript"]')]
            .map(element => element.outerHTML.slice(0, 120))"""
    )
    assert not injected, f"markup from data became elements on {page_spec.name}: {injected}"


def test_hostile_text_shows_literally(page: Page, hostile_app: str) -> None:
    # data_centres: name <svg…>, operator [markdown link], place <a href=javascript:>, note <img>.
    page.goto(f"{hostile_app}/datacenters?lang=nl")
    table = page.locator('[data-testid="stTable"]').first
    expect(table).to_contain_text("[klik hier](javascript:alert('md')) data_centres", timeout=30_000)
    expect(table).to_contain_text('"><svg onload=alert("svg")> data_centres')
    # sources: title <img…>, shown in the source list (markdown) with its publisher <script>.
    page.goto(f"{hostile_app}/bronnen?lang=nl")
    expect(page.get_by_text("<img src=x onerror=alert('img')> sources").first).to_be_visible(timeout=30_000)
    expect(page.get_by_text("<script>alert('script')</script> sources").first).to_be_visible()
