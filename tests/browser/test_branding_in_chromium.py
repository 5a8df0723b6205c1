"""A deployment with the sample branding file, in Chromium: the organisation's logo at the top
of the sidebar (served inline, offline), its colour on the selected controls, its name and
contact in the statements; a colour too light for white text is refused at start."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser.conftest import stop_servers
from playwright.sync_api import Page, expect

from dashboard import settings
from dashboard.testing import start_server

pytestmark = pytest.mark.browser

EXAMPLE = settings.PROJECT_ROOT / "deploy" / "branding.example.toml"
GREEN = "rgb(31, 110, 67)"  # the sample's #1F6E43


@pytest.fixture(scope="module")
def branded_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """One app server with the sample branding file, for this module's branded tests."""
    folder = tmp_path_factory.mktemp("branded")
    server, url = start_server(
        f"sqlite:///{folder / 'store.sqlite3'}",
        folder / "streamlit.log",
        env={settings.BRANDING.name: str(EXAMPLE)},
    )
    yield url
    stop_servers(server)


def test_the_sample_branding_shows_logo_colour_and_name(page: Page, branded_url: str, tmp_path: Path) -> None:
    page.set_viewport_size({"width": 1440, "height": 1000})
    page.goto(f"{branded_url}/toegankelijkheid")
    logo = page.locator("[data-testid=stSidebarLogo]")
    expect(logo).to_be_visible(timeout=60_000)
    assert logo.get_attribute("src").startswith("data:image/svg+xml")  # type: ignore[union-attr]
    selected_language = page.locator("[data-testid=stSidebar] button:has-text('NL')")
    expect(selected_language).to_have_css("color", GREEN)
    expect(page.get_by_text("Meld het bij Gemeente Voorbeeld")).to_be_visible()
    expect(page).to_have_title("Digitale ecosystemen · Gemeente Voorbeeld")  # the browser's tab
    page.screenshot(path=str(tmp_path / "branding.png"), full_page=True)


def test_the_projector_shows_the_logo_and_titles_in_the_colour(
    page: Page, branded_url: str, tmp_path: Path
) -> None:
    page.set_viewport_size({"width": 1920, "height": 1080})
    page.goto(f"{branded_url}/presenteren?lang=nl&slide=1&interval=60")
    logo = page.locator(".st-key-present_stage img.present-logo")
    expect(logo).to_be_visible(timeout=60_000)
    expect(logo).to_have_attribute("alt", "Logo van Gemeente Voorbeeld")
    assert logo.get_attribute("src").startswith("data:image/svg+xml")  # type: ignore[union-attr]
    assert logo.evaluate("image => image.complete && image.naturalWidth > 0")  # drawn, not broken
    expect(page.locator(".st-key-present_stage h1").first).to_have_css("color", GREEN)
    page.locator(".present-clock").first.wait_for()
    page.locator(".js-plotly-plot .main-svg").first.wait_for()  # the chart drawn, for the picture
    page.screenshot(path=str(tmp_path / "brand-present.png"))
    page.goto(f"{branded_url}/presenteren?lang=nl&slide=0&interval=60")  # the title slide has it too
    expect(page.locator(".st-key-present_title")).to_be_visible(timeout=60_000)
    expect(page.locator(".st-key-present_stage img.present-logo")).to_be_visible()
    page.wait_for_timeout(4000)  # the player's bars fade out while it plays (present_controls)
    page.screenshot(path=str(tmp_path / "brand-present-title.png"))


def test_without_branding_the_theme_keeps_its_own_colour(page: Page, tmp_path: Path) -> None:
    server, url = start_server(f"sqlite:///{tmp_path / 'store.sqlite3'}", tmp_path / "streamlit.log")
    try:
        page.goto(f"{url}/privacy")
        expect(page.locator("[data-testid=stSidebar] button:has-text('NL')")).to_have_css(
            "color", "rgb(0, 90, 140)", timeout=60_000
        )  # .streamlit/config.toml's #005A8C
        assert page.locator("[data-testid=stSidebarLogo]").count() == 0
    finally:
        stop_servers(server, visitors=[page])


def test_a_colour_too_light_for_white_text_is_refused_at_start(tmp_path: Path) -> None:
    light = tmp_path / "branding.toml"
    light.write_text(
        '[organisation]\nname = "X"\n[contact]\nemail = "a@b.nl"\n[style]\nprimary_colour = "#66CCFF"\n',
        encoding="utf-8",
    )
    result = subprocess.run(
        [sys.executable, "-c", "import runpy; runpy.run_path('serve.py')"],
        cwd=settings.PROJECT_ROOT,
        env={**os.environ, settings.BRANDING.name: str(light)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode != 0
    assert (
        f"dashboard: {light}: style.primary_colour #66CCFF has contrast 1.80:1 with white text"
        in result.stderr
    )
