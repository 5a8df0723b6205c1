"""The deployment's branding file (``DASHBOARD_BRANDING``): who publishes this dashboard and
how to reach them, for the accessibility and privacy statements.

A municipality that deploys the dashboard is the one accountable for it, so the statements
name that organisation and its contact points. The file is checked once, as a whole: an
unknown key, a missing name or an address that is not one is refused with the file and the
field named, rather than a statement that shows a half-filled contact block. Without the
setting the texts stay neutral ("the organisation that runs this dashboard").

It also carries the organisation's logo (SVG or PNG, shown at the top of the sidebar) and its
primary colour (buttons, links, selected controls). Streamlit draws white text on the primary
colour, so a colour with less than 4.5:1 contrast against white (WCAG 2.1, 1.4.3) is refused.

Its ``[defaults]`` say how a visitor without a ``lang`` or ``regions`` in the URL finds the
dashboard: in which language, and which regions the overview shows. A link's own parameters
still win. The region ids are checked only for their form here (this module knows no data);
the UI checks them against the regions dataset and refuses an unknown one by name.

The logo and colour also go on the projector's slides and into PowerPoint exports.

Example: ``deploy/branding.example.toml``.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, fields
from functools import cache
from pathlib import Path
from typing import Final

from dashboard import settings
from dashboard.text.i18n import DEFAULT_LANGUAGE, LANGUAGES, Language

_EMAIL: Final = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_WEB: Final = re.compile(r"^https?://\S+$")
_HEX: Final = re.compile(r"^#[0-9a-fA-F]{6}$")
MIN_CONTRAST: Final = 4.5  # WCAG 2.1 AA for normal text, white on the colour
LOGO_SUFFIXES: Final = (".svg", ".png")
_PNG_SIGNATURE: Final = b"\x89PNG\r\n\x1a\n"
# A region id as data/regions.csv writes them ("GM0034", "NL-FL", "LD-NOORD"): no comma, which
# separates ids in a URL's ``regions=``, and no spaces.
_REGION_ID: Final = re.compile(r"^[A-Za-z0-9_-]+$")


class BrandingError(ValueError):
    """The branding file cannot be used; the message names the file and the field."""


@dataclass(frozen=True)
class Contact:
    """How readers reach the organisation about the statements (all optional but one)."""

    email: str | None = None
    phone: str | None = None
    web_form: str | None = None  # a contact form's address
    address: str | None = None  # postal address, one line


@dataclass(frozen=True)
class Branding:
    """The organisation behind this deployment; ``name`` None means the neutral default."""

    name: str | None = None
    contact: Contact = Contact()
    logo: Path | None = None
    primary_colour: str | None = None  # "#rrggbb"; None keeps the theme's own
    language: Language = DEFAULT_LANGUAGE  # for a visitor whose URL has no ``lang``
    regions: tuple[str, ...] = ()  # the overview's regions without ``regions=``; () the focus regions


NEUTRAL: Final = Branding()


def parse(path: Path) -> Branding:
    """Read and check a branding file; BrandingError says what is wrong where."""
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise BrandingError(f"{path}: cannot read the branding file ({error.strerror})") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise BrandingError(f"{path}: not valid TOML ({error})") from None
    _only(path, "", document, {"organisation", "contact", "style", "defaults"})
    organisation = _table(path, document, "organisation")
    _only(path, "organisation", organisation, {"name", "logo"})
    name = organisation.get("name")
    if not isinstance(name, str) or not name.strip():
        raise BrandingError(f"{path}: [organisation] name is required (the organisation's name)")
    contact_table = _table(path, document, "contact")
    _only(path, "contact", contact_table, {field.name for field in fields(Contact)})
    values = {key: _text(path, f"contact.{key}", value) for key, value in contact_table.items()}
    contact = Contact(**values)
    if contact.email and not _EMAIL.match(contact.email):
        raise BrandingError(f"{path}: contact.email {contact.email!r} is not an e-mail address")
    if contact.web_form and not _WEB.match(contact.web_form):
        raise BrandingError(f"{path}: contact.web_form must start with https:// or http://")
    if not (contact.email or contact.phone or contact.web_form):
        raise BrandingError(f"{path}: [contact] needs at least one of email, phone, web_form")
    style = document.get("style", {})
    if not isinstance(style, dict):
        raise BrandingError(f"{path}: [style] must be a table")
    _only(path, "style", style, {"primary_colour"})
    defaults = document.get("defaults", {})
    if not isinstance(defaults, dict):
        raise BrandingError(f"{path}: [defaults] must be a table")
    _only(path, "defaults", defaults, {"language", "regions"})
    return Branding(
        name=name.strip(),
        contact=contact,
        logo=_logo(path, organisation.get("logo")),
        primary_colour=_colour(path, style.get("primary_colour")),
        language=_language(path, defaults.get("language")),
        regions=_regions(path, defaults.get("regions")),
    )


def contrast_with_white(colour: str) -> float:
    """The WCAG 2.1 contrast ratio of white text on ``colour`` ("#rrggbb")."""
    channels = [int(colour[index : index + 2], 16) / 255 for index in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    return 1.05 / (luminance + 0.05)


def _colour(path: Path, value: object) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not _HEX.match(value):
        raise BrandingError(f'{path}: style.primary_colour must be a colour like "#005A8C", not {value!r}')
    ratio = contrast_with_white(value)
    if ratio < MIN_CONTRAST:
        raise BrandingError(
            f"{path}: style.primary_colour {value} has contrast {ratio:.2f}:1 with white text; "
            f"at least {MIN_CONTRAST}:1 is needed (WCAG 2.1 AA). Choose a darker shade."
        )
    return value.upper()


def _language(path: Path, value: object) -> Language:
    if value is None:
        return DEFAULT_LANGUAGE
    for language in LANGUAGES:
        if value == language:
            return language
    choices = " or ".join(f'"{language}"' for language in LANGUAGES)
    raise BrandingError(f"{path}: defaults.language must be {choices}, not {value!r}")


def _regions(path: Path, value: object) -> tuple[str, ...]:
    if value is None:
        return ()
    example = '["GM0034", "NL-FL"]'
    if not isinstance(value, list) or not value:
        raise BrandingError(f"{path}: defaults.regions must be a list of region ids like {example}")
    for item in value:
        if not isinstance(item, str) or not _REGION_ID.match(item):
            raise BrandingError(
                f"{path}: defaults.regions: {item!r} is not a region id (in quotes, like {example})"
            )
    return tuple(dict.fromkeys(value))


def unknown_regions(brand: Branding, known: set[str]) -> list[str]:
    """The branding's default regions that are not among ``known`` (the regions dataset's ids)."""
    return [region for region in brand.regions if region not in known]


def _logo(path: Path, value: object) -> Path | None:
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise BrandingError(f"{path}: organisation.logo must be a file name in quotes")
    logo = (path.parent / value).resolve()
    if logo.suffix.lower() not in LOGO_SUFFIXES:
        raise BrandingError(f"{path}: organisation.logo must be an SVG or PNG file, not {logo.name!r}")
    if not logo.is_file():
        raise BrandingError(f"{path}: organisation.logo {value!r} does not exist (looked for {logo})")
    if logo.suffix.lower() == ".png" and not logo.read_bytes().startswith(_PNG_SIGNATURE):
        raise BrandingError(f"{path}: organisation.logo {value!r} is not a PNG image")
    return logo


@cache
def _parsed(path: Path, modified: float) -> Branding:
    return parse(path)


def current() -> Branding:
    """The configured branding (read again when the file changes), or the neutral default."""
    path = settings.branding_file()
    if path is None:
        return NEUTRAL
    try:
        modified = path.stat().st_mtime
    except OSError as error:
        raise BrandingError(f"{path}: cannot read the branding file ({error.strerror})") from None
    return _parsed(path, modified)


def _table(path: Path, document: dict[str, object], name: str) -> dict[str, object]:
    table = document.get(name)
    if not isinstance(table, dict):
        raise BrandingError(f"{path}: the [{name}] table is required")
    return table


def _only(path: Path, table: str, values: dict[str, object], allowed: set[str]) -> None:
    unknown = sorted(set(values) - allowed)
    if unknown:
        where = f"[{table}] " if table else ""
        raise BrandingError(
            f"{path}: unknown {where}key {unknown[0]!r}; allowed: {', '.join(sorted(allowed))}"
        )


def _text(path: Path, key: str, value: object) -> str | None:
    if not isinstance(value, str):
        raise BrandingError(f"{path}: {key} must be text in quotes")
    return value.strip() or None
