"""Dutch pages in Chromium, as a reader sees them (issue 12, items 9 and 15): no English of
the app's own making, the document language matching the page, the uploader in Dutch, and
on a phone the overview's table and a language switch in the first screen."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from dashboard.catalog import pages
from dashboard.text.i18n import catalogue

pytestmark = pytest.mark.browser

PAGES = {page.name: page.url for page in pages.visible_pages(is_analyst=False)}

# Words the app itself put on Dutch pages before (units, Streamlit's own placeholders and
# uploader strings, the seed article's publisher line, hover instructions).
ENGLISH = (
    "organisations",
    "companies",
    "visitors",
    "Choose an option",
    "Choose options",
    "Drag and drop",
    "Browse files",
    "per file",
    "publisher not stated",
    "Hover",
    "tooltip",
    "Source:",
)

# What a source wrote stays in its language: quotes and publication titles are left out of
# the check. So are the data's notes on the figure pages, which have no Dutch version yet;
# the Sources page's notes do, and are checked.
VISIBLE_TEXT = """(keepNotes) => {
  const copy = document.querySelector('[data-testid="stApp"]').cloneNode(true);
  for (const quote of copy.querySelectorAll('blockquote')) quote.remove();
  for (const item of copy.querySelectorAll('li')) {
    const title = item.querySelector(':scope > strong, :scope > p > strong');
    if (title && item.textContent.includes('betrouwbaarheid:')) title.remove();
  }
  if (!keepNotes) {
    for (const table of copy.querySelectorAll('table')) {
      const headers = [...table.querySelectorAll('thead th')].map((th) => th.textContent.trim());
      const column = headers.indexOf('Toelichting');
      if (column < 0) continue;
      for (const row of table.querySelectorAll('tr')) row.children[column]?.remove();
    }
  }
  copy.style.position = 'absolute';
  copy.style.left = '-99999px';
  document.body.appendChild(copy);
  const text = copy.innerText;
  copy.remove();
  return text;
}"""


def open_dutch(page: Page, url: str, name: str) -> None:
    page.goto(url)
    # The Present page is titled by the slide it shows.
    title = "" if name == "present" else catalogue("nl")[f"{name}.title"]
    expect(page.get_by_role("heading", level=1).filter(has_text=title).first).to_be_visible(timeout=60_000)
    expect(page.locator('[data-testid="stStatusWidget"]')).to_have_count(0, timeout=60_000)
    # The page script (theme.PAGE_SCRIPT) sets the document's language and rewrites
    # Streamlit's own English; on a slow machine it runs a moment after the heading shows.
    expect(page.locator("html")).to_have_attribute("lang", "nl", timeout=30_000)
    page.wait_for_timeout(500)


@pytest.mark.parametrize("name", list(PAGES))
def test_a_dutch_page_shows_no_english_of_its_own_and_says_it_is_dutch(
    page: Page, app_url: str, name: str
) -> None:
    open_dutch(page, f"{app_url}/{PAGES[name]}?lang=nl", name)
    assert page.evaluate("document.documentElement.lang") == "nl"
    text = page.evaluate(VISIBLE_TEXT, name == "sources")
    found = [word for word in ENGLISH if word.casefold() in text.casefold()]
    assert not found, f"English on the Dutch {name} page: {found}"


def test_the_document_language_follows_the_switch(page: Page, app_url: str) -> None:
    open_dutch(page, f"{app_url}/?lang=nl", "overview")
    expect(page.locator("html")).to_have_attribute("lang", "nl", timeout=10_000)
    page.get_by_role("radio", name="EN", exact=True).click()
    expect(page.get_by_role("heading", level=1).filter(has_text="Overview")).to_be_visible(timeout=30_000)
    expect(page.locator("html")).to_have_attribute("lang", "en", timeout=10_000)


def test_the_file_uploader_speaks_dutch(page: Page, app_url: str) -> None:
    open_dutch(page, f"{app_url}/presenteren?lang=nl", "present")
    zone = page.locator('[data-testid="stFileUploaderDropzone"]').first
    expect(zone).to_be_attached(timeout=30_000)
    expect(zone).to_contain_text("Bestand kiezen", timeout=10_000)
    expect(zone).to_contain_text("per bestand")
    text = zone.text_content() or ""
    assert "per file" not in text
    assert "Upload" not in text
    assert zone.locator('input[type="file"]').get_attribute("aria-label") == "bestand kiezen"


def test_a_phone_gets_the_table_and_a_language_switch_in_its_first_screen(
    browser: Browser, app_url: str
) -> None:
    phone = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, locale="nl-NL"
    )
    page = phone.new_page()
    try:
        open_dutch(page, f"{app_url}/?lang=nl", "overview")
        table = page.locator('[data-testid="stMarkdownContainer"] table').first
        expect(table).to_be_visible()
        box = table.bounding_box()
        assert box is not None
        assert box["x"] >= 0
        assert box["x"] + box["width"] <= 390, "the table runs off a 390 px screen"
        assert box["y"] < 844, "the table is not in the first screen"
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        # Every known value in it opens its source.
        links = table.locator("a")
        assert links.count() >= 8
        assert all(
            "/bronnen?lang=nl&bron=" in (links.nth(i).get_attribute("href") or "")
            for i in range(links.count())
        )
        # The sidebar is folded away on a phone; the switch is on the page itself.
        switch = page.get_by_role("button", name="In het Engels (EN)")
        expect(switch).to_be_in_viewport()
        switch.tap()
        expect(page.get_by_role("heading", level=1).filter(has_text="Overview")).to_be_visible(timeout=30_000)
        expect(page.get_by_role("button", name="In Dutch (NL)")).to_be_in_viewport()
    finally:
        phone.close()


def test_a_wide_screen_keeps_the_switch_in_the_sidebar_only(page: Page, app_url: str) -> None:
    open_dutch(page, f"{app_url}/?lang=nl", "overview")
    expect(page.get_by_role("radio", name="EN", exact=True)).to_be_visible()
    expect(page.get_by_role("button", name="In het Engels (EN)")).to_be_hidden()
