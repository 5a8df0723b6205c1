"""Moving between pages by the sidebar, as a visitor does: what two pages share stays chosen."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

REGIONS = {
    "nl": ("Almere · gemeente", "Noord-Nederland", "Brainport Eindhoven"),
    "en": ("Almere · municipality", "Northern Netherlands", "Brainport Eindhoven"),
}
SCORECARD = {"nl": "Scorekaart", "en": "Scorecard"}
CHOOSE = {"nl": "Kies ten minste twee regio's", "en": "Choose at least two regions"}


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_compare_to_scorecard_keeps_the_regions(page: Page, app_url: str, lang: str) -> None:
    page.goto(f"{app_url}/vergelijk?lang={lang}&regions=GM0034,LD-NOORD,BRAINPORT")
    picker = page.locator('[data-testid="stMultiSelect"]').first
    expect(picker).to_contain_text(REGIONS[lang][0], timeout=30_000)
    page.locator('[data-testid="stSidebarNav"]').get_by_role("link", name=SCORECARD[lang]).click()
    page.wait_for_url("**/scorekaart**", timeout=30_000)
    picker = page.locator('[data-testid="stMultiSelect"]').first  # the scorecard's picker
    for name in REGIONS[lang]:
        expect(picker).to_contain_text(name, timeout=30_000)
    expect(page.get_by_text(CHOOSE[lang])).to_have_count(0)
    page.screenshot(path=f"/work/shots/nav/after_scorecard_from_compare_{lang}.png")


SECTIONS = {
    "nl": ("Vergelijken", "Gegevens", "Presentaties", "Voor analisten", "Over dit dashboard"),
    "en": ("Compare", "Data", "Presentations", "For analysts", "About this dashboard"),
}


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_sidebar_groups_the_pages_in_sections(page: Page, app_url: str, lang: str) -> None:
    page.goto(f"{app_url}/?lang={lang}")
    nav = page.locator('[data-testid="stSidebarNav"]')
    expect(nav).to_contain_text(SECTIONS[lang][0], timeout=30_000)
    headers = nav.locator('[data-testid="stNavSectionHeader"]')
    expect(headers).to_have_count(len(SECTIONS[lang]))
    for header, title in zip(headers.all(), SECTIONS[lang], strict=True):
        expect(header).to_contain_text(title)
    page.screenshot(path=f"/work/shots/nav/sections_{lang}.png")
