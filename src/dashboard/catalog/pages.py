"""The pages of the app, declared once: the router, the browser tests and the benchmark
all read this list.

Each page belongs to a section of the sidebar (its title is ``nav.<section>`` in the
catalogue), so fifteen pages read as five groups: what officials compare, the datasets
behind it, presenting, the analysts' work, and the statements about the dashboard.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

# The sidebar's sections, in the order they are shown.
SECTIONS: Final = ("compare", "data", "present", "analysts", "about")


@dataclass(frozen=True)
class PageSpec:
    name: str  # app_pages/<name>.py, and the catalogue section of its texts
    url_path: str  # Dutch, as officials share them; the default page lives at the root
    icon: str
    section: str  # one of SECTIONS
    default: bool = False
    analyst_only: bool = False  # hidden from viewers; the view also checks the role itself
    embedded: bool = False  # one chart for other sites' iframes: reached by its link, never listed

    def shown_to(self, *, is_analyst: bool) -> bool:
        """Whether the sidebar lists this page for a visitor (viewers never see analysts' pages)."""
        if self.embedded:
            return False
        return is_analyst or not self.analyst_only

    @property
    def url(self) -> str:
        """The path after the server address: "" for the default page."""
        return "" if self.default else self.url_path


PAGES: Final = (
    PageSpec("overview", "overzicht", ":material/dashboard:", "compare", default=True),
    PageSpec("compare", "vergelijk", ":material/compare_arrows:", "compare"),
    PageSpec("scorecard", "scorekaart", ":material/leaderboard:", "compare"),
    PageSpec("map", "kaart", ":material/map:", "compare"),
    PageSpec("data_centres", "datacenters", ":material/dns:", "data"),
    PageSpec("clusters", "clusters", ":material/hub:", "data"),
    PageSpec("events", "evenementen", ":material/event:", "data"),
    PageSpec("campuses", "campussen", ":material/apartment:", "data"),
    PageSpec("sources", "bronnen", ":material/menu_book:", "data"),
    PageSpec("present", "presenteren", ":material/slideshow:", "present"),
    # What a chart's "Insluiten / Embed" snippet opens inside another site's page.
    PageSpec("embed", "insluiten", ":material/code:", "present", embedded=True),
    PageSpec("upload", "upload", ":material/upload_file:", "analysts", analyst_only=True),
    PageSpec("history", "historie", ":material/history:", "analysts", analyst_only=True),
    PageSpec("access", "analisten", ":material/login:", "analysts"),
    # The statements a Dutch public body publishes; also linked below every page.
    PageSpec("accessibility", "toegankelijkheid", ":material/accessibility:", "about"),
    PageSpec("privacy", "privacy", ":material/shield:", "about"),
)


def by_section(pages: tuple[PageSpec, ...] = PAGES) -> dict[str, list[PageSpec]]:
    """The pages grouped by section, sections in :data:`SECTIONS` order, pages in list order."""
    return {section: [page for page in pages if page.section == section] for section in SECTIONS}


def visible_pages(is_analyst: bool) -> tuple[PageSpec, ...]:
    """The pages a visitor sees listed: viewers never see the analysts' pages, nobody the
    embed view."""
    return tuple(page for page in PAGES if page.shown_to(is_analyst=is_analyst))


def get(name: str) -> PageSpec:
    """The page called ``name`` (its app_pages file's stem)."""
    return next(page for page in PAGES if page.name == name)
