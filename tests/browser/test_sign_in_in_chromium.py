"""Signing in as an analyst, in Chromium: a reload keeps the analyst signed in (an HttpOnly
session cookie, checked against the store), signing out ends it, and a signed-out visitor on
/upload is told to sign in first."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser.conftest import add_analyst, sign_in, stop_servers
from playwright.sync_api import Page, expect

from dashboard.store import sessions
from dashboard.testing import start_server

pytestmark = pytest.mark.browser


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    database = f"sqlite:///{tmp_path / 'store.sqlite3'}"
    add_analyst(database, "ana", "correct horse battery")
    process, url = start_server(database, tmp_path / "streamlit.log")
    yield url
    stop_servers(process)


def upload_heading(page: Page) -> object:
    return page.get_by_role("heading", level=1).filter(has_text="Upload")


def test_a_reload_on_upload_keeps_the_analyst_signed_in_until_sign_out(page: Page, server: str) -> None:
    sign_in(page, server, "ana", "correct horse battery")
    cookie = next(cookie for cookie in page.context.cookies() if cookie["name"] == sessions.COOKIE)
    assert cookie["httpOnly"]
    assert cookie["sameSite"] == "Strict"
    lifetime = cookie["expires"] - time.time()  # a bounded session, not forever
    assert abs(lifetime - sessions.SESSION_LIFETIME.total_seconds()) < 120
    assert sessions.COOKIE not in page.evaluate("document.cookie")  # no script can read it

    page.locator('[data-testid="stSidebarNav"]').get_by_role("link", name="Upload").click()
    expect(upload_heading(page)).to_be_visible(timeout=30_000)
    page.reload()  # F5
    expect(upload_heading(page)).to_be_visible(timeout=30_000)
    expect(page.locator('input[type="file"]')).to_have_count(1)
    expect(page.get_by_text("Log eerst in als analist")).to_have_count(0)
    page.screenshot(path="/work/shots/nav/after_reload_on_upload.png")

    page.locator('[data-testid="stSidebarNav"]').get_by_role("link", name="Analisten").click()
    page.get_by_role("button", name="Uitloggen").click()
    expect(page.get_by_role("button", name="Inloggen")).to_be_visible(timeout=30_000)
    page.goto(f"{server}/upload?lang=nl")
    expect(page.get_by_text("Log eerst in als analist")).to_be_visible(timeout=30_000)
    expect(page.locator('input[type="file"]')).to_have_count(0)


def test_upload_opened_signed_out_says_sign_in_first_and_links_to_it(page: Page, server: str) -> None:
    page.goto(f"{server}/upload?lang=en")
    expect(page.get_by_text("Sign in first as an analyst")).to_be_visible(timeout=30_000)
    # Viewers do not get the analysts' pages in the sidebar, only the message where they landed.
    expect(page.locator('[data-testid="stSidebarNav"]').get_by_role("link", name="Upload")).to_have_count(0)
    page.screenshot(path="/work/shots/nav/after_upload_signed_out.png")
    page.get_by_role("link", name="Go to sign-in").click()
    page.wait_for_url("**/analisten**", timeout=30_000)
    expect(page.get_by_role("button", name="Sign in")).to_be_visible(timeout=30_000)
