"""One upload end to end in Chromium: sign in, upload a Dutch Excel file, read the report
and the diff, publish, and find the new version in the history."""

from __future__ import annotations

from pathlib import Path

import pytest
from browser.conftest import add_analyst, sign_in, stop_servers
from playwright.sync_api import Page, expect

from dashboard.catalog import datasets
from dashboard.store import Store
from dashboard.testing import start_server

pytestmark = pytest.mark.browser


def test_analyst_uploads_a_dutch_excel_file_and_publishes_it(page: Page, tmp_path: Path) -> None:
    edited = datasets.get("data_centres").load_curated()
    edited.loc[0, "note"] = "Gebeld met de exploitant; € onbekend"
    upload = tmp_path / "datacenters.csv"
    upload.write_bytes(
        edited.to_csv(sep=";", decimal=",", index=False, lineterminator="\r\n").encode("cp1252")
    )
    database = f"sqlite:///{tmp_path / 'store.sqlite3'}"
    add_analyst(database, "ana", "correct horse battery")

    process, url = start_server(database, tmp_path / "streamlit.log")
    try:
        sign_in(page, url, "ana", "correct horse battery")

        page.get_by_role("link", name="Upload").click()
        expect(page.get_by_role("heading", level=1).filter(has_text="Upload")).to_be_visible(timeout=30_000)
        page.locator('input[type="file"]').set_input_files(str(upload))
        expect(page.get_by_text(f"Geen problemen gevonden in {len(edited)} rijen.")).to_be_visible(
            timeout=30_000
        )
        expect(page.get_by_text("codering cp1252 · scheidingsteken ; · decimaalteken ,")).to_be_visible()
        page.get_by_role("button", name="Publiceren als versie 2").click()
        expect(page.get_by_text(f"Gepubliceerd als versie 2 ({len(edited)} rijen).")).to_be_visible(
            timeout=30_000
        )

        page.get_by_role("link", name="Historie").click()
        expect(page.get_by_role("cell", name="datacenters.csv")).to_be_visible(timeout=30_000)
    finally:
        stop_servers(process, visitors=[page])
    store = Store(database)
    assert store.current_version("data_centres") == 2
    assert store.load("data_centres").loc[0, "note"] == "Gebeld met de exploitant; € onbekend"
