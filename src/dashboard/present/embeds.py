"""Charts in other sites' pages: which sites may frame the dashboard, the address of one
chart's minimal view, and the ``<iframe>`` snippet a web editor copies.

A municipality's communication team puts a chart in a news page the way they do with
Datawrapper: an ``<iframe>`` pointing at ``/insluiten?embed=true&chart=<kind>&…`` (the hidden
embed page: title, chart, source line, a link to the full view, no sidebar). Browsers only
show it there when the dashboard's responses allow that site as a ``frame-ancestor``; by
default only the dashboard itself may frame its pages, so an operator opts in per site with
``DASHBOARD_FRAME_ANCESTORS`` (the app's own headers, :mod:`dashboard.ui.frame_headers`, and
nginx's, :mod:`dashboard.deploy`, say the same thing).

No Streamlit here: the policy and the snippet are text, tested directly.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from typing import Final
from urllib.parse import urlencode

from dashboard import settings as configuration  # `settings` elsewhere means a chart's settings
from dashboard.text.i18n import Language

EMBED_PATH: Final = "insluiten"  # the embed page's url path (catalog.pages declares it too)
CHART: Final = "chart"  # the URL parameter naming the chart (a key of charts.kinds.KINDS)
STREAMLIT_EMBED: Final = "embed"  # Streamlit's own: "true" drops its toolbar and padding
# Pixels. A chart is drawn lower than on a page (420 px) so that its title, a note, the source
# line and the link fit the frame without scrolling inside it; the map needs more room for its
# legend, and its frame grows by as much.
CHART_HEIGHT: Final = 340
CHART_HEIGHTS: Final = {"map": 560}
SNIPPET_HEIGHT: Final = 640  # the frame of a chart of CHART_HEIGHT
SELF: Final = "'self'"

# An origin as CSP's frame-ancestors takes it: scheme, host (a leading "*." for every
# subdomain), an optional port; nothing after the host, since a path would be ignored.
_ORIGIN: Final = re.compile(r"^https?://(\*\.)?[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:[0-9]{1,5})?$")


class FramingError(ValueError):
    """``DASHBOARD_FRAME_ANCESTORS`` holds something that is not an origin."""


def allowed_origins(configured: str | None = None) -> tuple[str, ...]:
    """The other sites that may frame the dashboard, checked; () when only itself may.

    Origins are separated by spaces or commas and compared without a trailing slash, as
    browsers compare them. A path, a query or a bare host is refused by name rather than
    silently ignored by the browser, which would leave the editor's page blank.
    """
    text = configuration.frame_ancestors() if configured is None else configured
    origins: list[str] = []
    for item in text.replace(",", " ").split():
        origin = item.lower().rstrip("/")
        if origin == SELF:
            continue
        if not _ORIGIN.match(origin):
            raise FramingError(
                f"{configuration.FRAME_ANCESTORS.name}: {item!r} is not a site's origin; "
                "write it as https://www.example.nl (scheme and host, an optional port, no path)"
            )
        origins.append(origin)
    return tuple(dict.fromkeys(origins))


def frame_ancestors(origins: tuple[str, ...]) -> str:
    """The CSP directive: ``frame-ancestors 'self' https://www.almere.nl``."""
    return " ".join(("frame-ancestors", SELF, *origins))


def x_frame_options(origins: tuple[str, ...]) -> str | None:
    """The older header, for browsers without CSP: SAMEORIGIN when no other site may frame
    the dashboard; None (not sent) when some may, since it cannot name them and browsers
    that know CSP ignore it anyway."""
    return None if origins else "SAMEORIGIN"


def chart_height(kind: str) -> int:
    """How tall the embed view draws a chart of ``kind``."""
    return CHART_HEIGHTS.get(kind, CHART_HEIGHT)


def snippet_height(kind: str) -> int:
    """How tall the snippet's frame is for a chart of ``kind``."""
    return SNIPPET_HEIGHT + chart_height(kind) - CHART_HEIGHT


def embed_url(base: str, kind: str, settings: Mapping[str, str], language: Language) -> str:
    """The address of one chart's minimal view, with the chart's current settings."""
    query = {STREAMLIT_EMBED: "true", CHART: kind, **settings, "lang": language}
    return f"{base.rstrip('/')}/{EMBED_PATH}?{urlencode(query)}"


def iframe_snippet(url: str, title: str, *, height: int = SNIPPET_HEIGHT) -> str:
    """The ``<iframe>`` a web editor pastes: titled (screen readers announce a frame by its
    title), full width, ``height`` tall (``snippet_height`` of its chart), no border, loaded
    when scrolled near."""
    return (
        f'<iframe src="{html.escape(url)}" title="{html.escape(title)}" '
        f'width="100%" height="{height}" style="border: 0; max-width: 100%;" '
        'loading="lazy"></iframe>'
    )
