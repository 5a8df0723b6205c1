"""Text from data never runs as code: hostile names, notes and sources are published, every
page is visited in Chromium, no dialog opens and the text shows literally."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from browser.conftest import add_analyst, sign_in, stop_servers
from playwright.sync_api import Dialog, Page, expect

from dashboard.catalog import datasets, pages
from dashboard.store import Store
from dashboard.testing import start_server

pytestmark = pytest.mark.browser

# Each would run script if rendered as HTML, in the places data text goes: tables, captions,
# markdown source lists, plotly labels and tooltips, Leaflet tooltips, slides.
HTML = (
    "<img src=x onerror=alert('img')>",
    "<script>alert('script')</script>",
    '"><svg onload=alert("svg")>',
    "<a href=\"javascript:alert('a')\">javascript:alert('href')</a>",
)
# And this would become a link wherever text is rendered as markdown (titles, subheaders,
# alerts, st.table cells), so every hostile text carries it.
MARKDOWN = "[klik hier](javascript:alert('md'))"


def hostile_text(column_number: int, where: str) -> str:
    """A markdown link, one of the HTML attacks and ``where`` (a dataset's key, or another
    label) so a test can tell where a text came from. The attack rotates with the column and
    the dataset, so each lands in several kinds of place."""
    offset = list(TEXT_COLUMNS).index(where) if where in TEXT_COLUMNS else 0
    return f"{MARKDOWN} {HTML[(column_number + offset) % len(HTML)]} {where}"


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
    for number, column in enumerate(TEXT_COLUMNS[key]):
        # Names that identify an entity stay one name per entity (the schema checks them).
        frame.loc[chosen, column] = hostile_text(number, key)
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
    stop_servers(process)


def refuse_dialogs(page: Page) -> list[str]:
    """Every dialog the page opens (an alert() that ran), dismissed and kept for the test."""
    dialogs: list[str] = []

    def refuse(dialog: Dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", refuse)
    return dialogs


def injected_elements(page: Page) -> list[str]:
    """Elements the hostile texts would have made had they been rendered as markup. A link
    from the markdown counts even where Streamlit's markdown emptied its javascript: href:
    the text was not shown as it is."""
    return list(
        page.evaluate(
            """() => [
                ...[...document.querySelectorAll(
                    'img[src="x"], svg[onload], script:not([src]):not([type]), a[href^="javascript"]'
                )].filter(element => element.outerHTML.includes('alert')),
                ...[...document.querySelectorAll('a')].filter(a => a.textContent.trim() === 'klik hier'),
            ].map(element => element.outerHTML.slice(0, 120))"""
        )
    )


PAGES = list(pages.visible_pages(is_analyst=False))


@pytest.mark.parametrize("page_spec", PAGES, ids=[page.name for page in PAGES])
def test_no_page_runs_text_from_data(page: Page, hostile_app: str, page_spec: pages.PageSpec) -> None:
    dialogs = refuse_dialogs(page)
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
    injected = injected_elements(page)
    assert not injected, f"markup from data became elements on {page_spec.name}: {injected}"


def test_hostile_text_shows_literally(page: Page, hostile_app: str) -> None:
    # data_centres: the name and the operator in the per-site table (st.table, markdown cells).
    page.goto(f"{hostile_app}/datacenters?lang=nl")
    table = page.locator('[data-testid="stTable"]').first
    expect(table).to_contain_text(hostile_text(0, "data_centres"), timeout=30_000)
    expect(table).to_contain_text(hostile_text(1, "data_centres"))
    # sources: the title and the publisher in the source list (markdown).
    page.goto(f"{hostile_app}/bronnen?lang=nl")
    expect(page.get_by_text(hostile_text(0, "sources")).first).to_be_visible(timeout=30_000)
    expect(page.get_by_text(hostile_text(1, "sources")).first).to_be_visible()
    # regions: Almere's name as the overview's subheader (markdown).
    page.goto(f"{hostile_app}/?lang=nl")
    expect(page.get_by_role("heading", name=hostile_text(0, "regions"))).to_be_visible(timeout=30_000)


# --- the analysts' pages: a hostile file, its report and diff, its audit row in the history --

ANALYST, PASSWORD = "ana", "correct horse battery"
FILE_NAME = f"{MARKDOWN} {HTML[0]}.csv"  # no "/": a name a browser can really send


def hostile_upload(*, valid: bool) -> bytes:
    """The data centres as a Dutch Excel CSV with hostile names, and when not ``valid`` also
    a hostile header (an unknown column: a warning) and a hostile number (a row error)."""
    frame = datasets.get("data_centres").load_curated().astype(object)
    frame.loc[0, "name"] = hostile_text(0, "data_centres")
    frame.loc[1, "note"] = hostile_text(3, "data_centres")
    if not valid:
        frame[hostile_text(1, "upload")] = "x"
        frame.loc[2, "capacity_mw_low"] = hostile_text(2, "upload")
    return frame.to_csv(sep=";", decimal=",", index=False, lineterminator="\r\n").encode("cp1252")


def choose_file(page: Page, content: bytes) -> None:
    page.locator('input[type="file"]').set_input_files(
        {"name": FILE_NAME, "mimeType": "text/csv", "buffer": content}
    )


def test_analyst_pages_show_a_hostile_file_literally(page: Page, tmp_path: Path) -> None:
    database = f"sqlite:///{tmp_path / 'store.sqlite3'}"
    add_analyst(database, ANALYST, PASSWORD)
    process, url = start_server(database, tmp_path / "streamlit.log")
    dialogs = refuse_dialogs(page)
    try:
        sign_in(page, url, ANALYST, PASSWORD)
        page.get_by_role("link", name="Upload").click()
        expect(page.get_by_role("heading", level=1).filter(has_text="Upload")).to_be_visible(timeout=30_000)

        # The report: the header in a warning (markdown), the number in the problem table.
        choose_file(page, hostile_upload(valid=False))
        expect(page.get_by_text("Problemen gevonden: 1.")).to_be_visible(timeout=30_000)
        warning = page.locator('[data-testid="stAlertContentWarning"]')
        expect(warning).to_contain_text(f"Kolom ‘{hostile_text(1, 'upload')}’ hoort niet bij")
        expect(page.locator('[data-testid="stTable"]')).to_contain_text(hostile_text(2, "upload"))
        assert injected_elements(page) == []

        # The diff, and a hostile note on the version.
        choose_file(page, hostile_upload(valid=True))
        rows = len(datasets.get("data_centres").load_curated())
        expect(page.get_by_text(f"Geen problemen gevonden in {rows} rijen.")).to_be_visible(timeout=30_000)
        page.get_by_label("Toelichting bij deze versie").fill(hostile_text(0, "note"))
        page.get_by_role("button", name="Publiceren als versie 2").click()
        expect(page.get_by_text(f"Gepubliceerd als versie 2 ({rows} rijen).")).to_be_visible(timeout=30_000)
        assert injected_elements(page) == []

        # The audit row: the file's name and the note, as text.
        page.get_by_role("link", name="Historie").click()
        history = page.locator('[data-testid="stTable"]')
        expect(history).to_contain_text(FILE_NAME, timeout=30_000)
        expect(history).to_contain_text(hostile_text(0, "note"))
        assert injected_elements(page) == []
    finally:
        stop_servers(process, visitors=[page])
    assert dialogs == []
