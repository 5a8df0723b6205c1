"""Moving between pages by the sidebar, as a visitor does: what two pages share stays chosen."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(
    ("lang", "link", "almere", "noord", "brainport"),
    [
        pytest.param("nl", "Scorekaart", "Almere · gemeente", "Noord-Nederland", "Brainport", id="nl"),
        pytest.param("en", "Scorecard", "Almere · municipality", "Northern Netherlands", "Brainport", id="en"),
    ],
)
def test_compare_to_scorecard_keeps_the_regions(
    page: Page, app_url: str, lang: str, link: str, almere: str, noord: str, brainport: str
) -> None:
    page.goto(f"{app_url}/vergelijk?lang={lang}&regions=GM0034,LD-NOORD,BRAINPORT")
    picker = page.locator('[data-testid="stMultiSelect"]').first
    expect(picker).to_contain_text(almere, timeout=30_000)
    page.locator('[data-testid="stSidebarNav"]').get_by_role("link", name=link).click()
    page.wait_for_url("**/scorekaart**", timeout=30_000)
    picker = page.locator('[data-testid="stMultiSelect"]').first
    for name in (almere, noord, brainport):
        expect(picker).to_contain_text(name, timeout=30_000)
    expect(page.locator('[data-testid="stAlert"]').filter(has_text="ten minste twee")).to_have_count(0)
    expect(page.locator('[data-testid="stAlert"]').filter(has_text="at least two")).to_have_count(0)
    page.screenshot(path=f"/work/shots/nav/scorecard_after_nav_{lang}.png")
