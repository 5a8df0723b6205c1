"""The branding file where pages need it: the regions the views open on (checked against
the regions dataset, which :mod:`dashboard.branding` cannot see), and the logo and colour on
the projector's slides. Without a branding file every function here leaves the page as it was.
"""

from __future__ import annotations

import base64
import functools
import html
from pathlib import Path

import pandas as pd
import streamlit as st

from dashboard import branding, settings
from dashboard.charts.compare import focus_regions
from dashboard.text.i18n import Language, t
from dashboard.ui.data import frames

LOGO_TYPES = {".svg": "image/svg+xml", ".png": "image/png"}


def check_regions(brand: branding.Branding, lang: Language) -> None:
    """Stop every page, saying which id and which file, when ``[defaults] regions`` names a
    region the data do not have: an overview that silently showed other regions would hide
    the mistake from the operator."""
    if not brand.regions:
        return
    unknown = branding.unknown_regions(brand, set(frames("regions")["regions"]["region_id"]))
    if unknown:
        st.error(
            t("statements.branding_unknown_region", lang, file=settings.branding_file(), region=unknown[0])
        )
        st.stop()


def opening_regions(regions: pd.DataFrame) -> list[str]:
    """The regions the overview opens on without ``regions=`` in its URL: the branding
    file's, else the data's focus regions."""
    return _configured(regions) or focus_regions(regions)


def comparison_regions(regions: pd.DataFrame) -> list[str]:
    """The regions Compare and Scorecard open on without ``regions=``: the branding file's
    first, then the focus regions they are compared with. The configured regions alone are
    often one municipality and its province, which a scorecard cannot rank (too few figures
    in the sources) and a comparison shows only against itself."""
    configured = _configured(regions)
    return configured + [region for region in focus_regions(regions) if region not in configured]


def _configured(regions: pd.DataFrame) -> list[str]:
    known = set(regions["region_id"])
    return [region for region in branding.current().regions if region in known]


def page_title(name: str, brand: branding.Branding) -> str:
    """The browser tab's title: the dashboard's name, then the organisation's when branded."""
    return f"{name} · {brand.name}" if brand.name else name


def logo_html(brand: branding.Branding, lang: Language) -> str:
    """The logo as an inline <img> (nothing fetched) for the projector's slides, or "" without
    one. Its alt text names the organisation."""
    if brand.logo is None:
        return ""
    source = _data_uri(brand.logo, brand.logo.stat().st_mtime)
    alt = html.escape(t("statements.logo_alt", lang, name=brand.name))
    return f'<img class="present-logo" src="{source}" alt="{alt}">'


@functools.cache
def _data_uri(logo: Path, modified: float) -> str:
    # The slideshow redraws every second: the file is read once per change, not per redraw.
    data = base64.b64encode(logo.read_bytes()).decode("ascii")
    return f"data:{LOGO_TYPES[logo.suffix.lower()]};base64,{data}"


def slide_css(brand: branding.Branding) -> str:
    """The projector's accent in the organisation's colour: slide titles and the clock's bar.
    The colour has at least 4.5:1 with white (checked at start), so titles stay legible."""
    if brand.primary_colour is None and brand.logo is None:
        return ""
    # As wide as the QR code under it, at most 4rem high, never stretched.
    rules = [
        ".st-key-present_stage img.present-logo { display: block; width: 100%; height: 4rem;"
        " object-fit: contain; object-position: left center; margin-bottom: 0.75rem; }"
    ]
    if brand.primary_colour is not None:
        colour = brand.primary_colour
        rules.append(f".st-key-present_stage h1 {{ color: {colour}; }}")
        rules.append(f".present-clock-bar {{ background: {colour}; }}")
    return "<style>\n" + "\n".join(rules) + "\n</style>"
