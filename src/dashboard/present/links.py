"""Where a slide's QR code leads: the dashboard's public address, the live view of a slide,
the front page, and the QR code itself as an accessible <img>.

No Streamlit here: the addresses are settings and slide data, so they are tested directly.
"""

from __future__ import annotations

import html
import ipaddress
from typing import Final
from urllib.parse import urlencode, urlsplit

import segno

from dashboard import settings as configuration  # `settings` elsewhere means a slide's settings
from dashboard.charts.slide import Slide
from dashboard.text.i18n import Language

LOOPBACK_NAMES: Final = ("localhost",)


def public_url() -> str:
    """Where the audience reaches this dashboard (``DASHBOARD_PUBLIC_URL``), for QR codes."""
    return configuration.public_url().rstrip("/")


def qr_points_here() -> bool:
    """Whether the QR codes lead to this computer itself (``DASHBOARD_PUBLIC_URL`` unset, or
    localhost / 127.0.0.1 / ::1): a phone that scans one then reaches nothing."""
    configured = (configuration.PUBLIC_URL.configured() or "").strip()
    return not configured or points_here(configured)


def points_here(url: str) -> bool:
    """Whether ``url`` names this computer (localhost, 127.0.0.1, ::1, 0.0.0.0), which no
    other device and no other site's visitors reach."""
    # "127.0.0.1:8501" without a scheme would read as a scheme named 127.0.0.1.
    host = urlsplit(url if "://" in url else f"//{url}").hostname or ""
    if host in LOOPBACK_NAMES or host.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return address.is_loopback or address.is_unspecified


def live_url(shown: Slide, language: Language, base: str | None = None) -> str:
    """The view a slide comes from, at ``base`` (by default the public address)."""
    query = {**shown.query, "lang": language}
    return f"{(base or public_url()).rstrip('/')}/{shown.page}?{urlencode(query)}"


def front_url(language: Language, base: str | None = None) -> str:
    """The dashboard's front page, for the title slide's QR code."""
    return f"{(base or public_url()).rstrip('/')}/?{urlencode({'lang': language})}"


def qr_code_html(url: str, alt: str) -> str:
    """The QR code as an <img> with alt text (st.image gives an SVG none): the URL is one we
    build, and both it and the alt text are escaped for the attribute they sit in."""
    uri = segno.make(url, error="m").svg_data_uri(scale=6)
    return (
        f'<img src="{html.escape(uri)}" alt="{html.escape(f"{alt} {url}")}" '
        'style="width: 100%; height: auto; image-rendering: pixelated;">'
    )
