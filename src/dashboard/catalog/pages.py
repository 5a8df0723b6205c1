"""The pages of the app, declared once: the router, the browser tests and the benchmark
all read this list."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final


@dataclass(frozen=True)
class PageSpec:
    name: str  # app_pages/<name>.py, and the catalogue section of its texts
    url_path: str  # Dutch, as officials share them; the default page lives at the root
    icon: str
    default: bool = False
    analyst_only: bool = False  # hidden from viewers; the view also checks the role itself

    def shown_to(self, *, is_analyst: bool) -> bool:
        """Whether the sidebar lists this page for a visitor (viewers never see analysts' pages)."""
        return is_analyst or not self.analyst_only

    @property
    def url(self) -> str:
        """The path after the server address: "" for the default page."""
        return "" if self.default else self.url_path


PAGES: Final = (
    PageSpec("overview", "overzicht", ":material/dashboard:", default=True),
    PageSpec("compare", "vergelijk", ":material/compare_arrows:"),
    PageSpec("scorecard", "scorekaart", ":material/leaderboard:"),
    PageSpec("map", "kaart", ":material/map:"),
    PageSpec("data_centres", "datacenters", ":material/dns:"),
    PageSpec("clusters", "clusters", ":material/hub:"),
    PageSpec("events", "evenementen", ":material/event:"),
    PageSpec("campuses", "campussen", ":material/apartment:"),
    PageSpec("sources", "bronnen", ":material/menu_book:"),
    PageSpec("present", "presenteren", ":material/slideshow:"),
    PageSpec("upload", "upload", ":material/upload_file:", analyst_only=True),
    PageSpec("history", "historie", ":material/history:", analyst_only=True),
    PageSpec("access", "analisten", ":material/login:"),
)


def visible_pages(is_analyst: bool) -> tuple[PageSpec, ...]:
    """The pages a visitor sees: viewers never see the analysts' pages."""
    return tuple(page for page in PAGES if page.shown_to(is_analyst=is_analyst))
