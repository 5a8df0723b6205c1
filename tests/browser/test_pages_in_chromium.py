"""Every page in real Chromium with the internet unreachable: it draws, logs no errors,
and asks nothing of any host but the app server."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlparse

import pytest
from browser.conftest import is_outside, stop_servers
from playwright.sync_api import Page, expect

from dashboard.catalog import pages
from dashboard.testing import start_server
from dashboard.text.i18n import catalogue

pytestmark = pytest.mark.browser

PAGES = {page.name: page.url for page in pages.visible_pages(is_analyst=False) if page.name != "present"}


# Opened at /<page>, Streamlit's frontend first looks for its server under that path
# (/<page>/_stcore/health, /<page>/_stcore/host-config), gets 404, and then uses the root.
# Those probes are Streamlit's base-path discovery, not a fault of this app.
BASE_PATH_PROBE = re.compile(r"^/[^/]+/_stcore/(health|host-config)$")
FAILED_LOAD_404 = "Failed to load resource: the server responded with a status of 404 (Not Found)"


def without_base_path_probes(errors: list[str]) -> list[str]:
    probes = [
        error
        for error in errors
        if error.startswith("HTTP 404 ") and BASE_PATH_PROBE.match(urlparse(error.split(" ", 2)[2]).path)
    ]
    remaining = [error for error in errors if error not in probes]
    for _ in probes:
        if FAILED_LOAD_404 in remaining:
            remaining.remove(FAILED_LOAD_404)
    return remaining


def visit(page: Page, url: str) -> tuple[list[str], list[str]]:
    """Open ``url``; return the console errors and the outside requests seen meanwhile."""
    errors: list[str] = []
    outside: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    # The console names no URL for a failed load; record which one it was.
    page.on(
        "response",
        lambda response: (
            errors.append(f"HTTP {response.status} {response.url}") if response.status >= 400 else None
        ),
    )
    page.on("request", lambda request: outside.append(request.url) if is_outside(request.url) else None)
    page.goto(url)
    return errors, outside


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("page_name", list(PAGES))
def test_page_draws_offline_without_errors(page: Page, app_url: str, page_name: str, lang: str) -> None:
    errors, outside = visit(page, f"{app_url}/{PAGES[page_name]}?lang={lang}")
    title = catalogue(lang)[f"{page_name}.title"]  # type: ignore[arg-type]
    expect(page.get_by_role("heading", level=1).filter(has_text=title)).to_be_visible(timeout=30_000)
    expect(page.locator('[data-testid="stStatusWidget"]')).to_have_count(0, timeout=30_000)
    page.wait_for_timeout(500)
    assert not outside, f"requests left the app server: {outside}"
    assert not without_base_path_probes(errors), f"console errors: {errors}"
    assert page.locator('[data-testid="stException"]').count() == 0


def test_map_draws_provinces_and_points_from_local_leaflet(page: Page, app_url: str) -> None:
    errors, outside = visit(page, f"{app_url}/kaart")
    frame = page.frame_locator('iframe[title="streamlit_folium.st_folium"]')
    provinces = frame.locator("path.leaflet-interactive")
    # 12 Dutch provinces + at least Belgian Limburg, plus the circle markers (also paths).
    expect(provinces.nth(20)).to_be_attached(timeout=30_000)
    assert provinces.count() >= 13 + 10
    expect(frame.locator(".leaflet-control-layers")).to_be_visible()
    frame_box = page.locator('iframe[title="streamlit_folium.st_folium"]').bounding_box()
    assert frame_box is not None
    assert frame_box["height"] > 400, "the map frame collapsed (Leaflet not loaded?)"
    assert not outside, outside
    assert not without_base_path_probes(errors), errors


def test_switching_language_keeps_the_page(page: Page, app_url: str) -> None:
    visit(page, f"{app_url}/vergelijk")
    expect(page.get_by_role("heading", level=1).filter(has_text="Regio's vergelijken")).to_be_visible(
        timeout=30_000
    )
    page.get_by_role("radio", name="EN", exact=True).click()
    expect(page.get_by_role("heading", level=1).filter(has_text="Compare regions")).to_be_visible(
        timeout=30_000
    )
    assert "lang=en" in page.url


def test_first_visitor_of_a_fresh_server_gets_the_router_on_a_deep_link(page: Page, tmp_path: Path) -> None:
    """The first session after start opens /clusters: the routed page, not a bare file or a modal.

    With page files in a folder named `pages/`, Streamlit's automatic page discovery answered
    this first request itself (streamlit/streamlit#9992).
    """
    process, url = start_server(f"sqlite:///{tmp_path / 'store.sqlite3'}", tmp_path / "streamlit.log")
    try:
        errors, outside = visit(page, f"{url}/clusters")
        expect(page.get_by_role("heading", level=1).filter(has_text="Clusters")).to_be_visible(timeout=60_000)
        navigation = page.locator('[data-testid="stSidebarNav"]')
        expect(navigation).to_contain_text("Bronnen & methode")
        expect(page.get_by_role("radio", name="EN", exact=True)).to_be_visible()
        page.wait_for_timeout(1000)
        assert not any("does not seem to exist" in error for error in errors), errors
        assert not outside
    finally:
        stop_servers(process, visitors=[page])
