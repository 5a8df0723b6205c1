"""The sidebar's sections: every page in one, every section titled in both languages."""

from __future__ import annotations

import pytest

from dashboard.catalog import pages
from dashboard.text.i18n import LANGUAGES, t


def test_every_page_is_in_a_declared_section_and_none_is_empty() -> None:
    grouped = pages.by_section()
    assert list(grouped) == list(pages.SECTIONS)
    assert all(grouped.values()), grouped
    assert [page for listed in grouped.values() for page in listed] == sorted(
        pages.PAGES, key=lambda page: pages.SECTIONS.index(page.section)
    )


def test_the_comparison_pages_come_first_and_the_analysts_pages_last() -> None:
    grouped = {section: [page.name for page in listed] for section, listed in pages.by_section().items()}
    assert grouped["compare"][0] == "overview"  # the default page heads the first section
    assert set(grouped["analysts"]) == {"upload", "history", "access"}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_section_has_a_title_of_its_own(lang: str) -> None:
    titles = [t(f"nav.{section}", lang) for section in pages.SECTIONS]  # type: ignore[arg-type]
    assert len(set(titles)) == len(titles)
    page_titles = {t(f"{page.name}.title", lang) for page in pages.PAGES}  # type: ignore[arg-type]
    assert not set(titles) & page_titles  # a section is not named like one of its pages
