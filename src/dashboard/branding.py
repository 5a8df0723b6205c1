"""The deployment's branding file (``DASHBOARD_BRANDING``): who publishes this dashboard and
how to reach them, for the accessibility and privacy statements.

A municipality that deploys the dashboard is the one accountable for it, so the statements
name that organisation and its contact points. The file is checked once, as a whole: an
unknown key, a missing name or an address that is not one is refused with the file and the
field named, rather than a statement that shows a half-filled contact block. Without the
setting the texts stay neutral ("the organisation that runs this dashboard").

Example: ``deploy/branding.example.toml``. Only the organisation and its contact details are
read so far; logo, colour, default language and opening regions are the rest of issue 15.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, fields
from functools import cache
from pathlib import Path
from typing import Final

from dashboard import settings

_EMAIL: Final = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_WEB: Final = re.compile(r"^https?://\S+$")


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


NEUTRAL: Final = Branding()


def parse(path: Path) -> Branding:
    """Read and check a branding file; BrandingError says what is wrong where."""
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise BrandingError(f"{path}: cannot read the branding file ({error.strerror})") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise BrandingError(f"{path}: not valid TOML ({error})") from None
    _only(path, "", document, {"organisation", "contact"})
    organisation = _table(path, document, "organisation")
    _only(path, "organisation", organisation, {"name"})
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
    return Branding(name=name.strip(), contact=contact)


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
