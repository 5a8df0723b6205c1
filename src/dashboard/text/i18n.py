"""The UI text catalogue: every visible string is looked up here, Dutch by default.

Catalogues are flat TOML tables in ``locales/{nl,en}.toml``; a test checks that both
languages define the same keys and that every key the code asks for exists.
"""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources
from typing import Final, Literal, get_args

Language = Literal["nl", "en"]
LANGUAGES: Final[tuple[Language, ...]] = get_args(Language)
DEFAULT_LANGUAGE: Final[Language] = "nl"
BABEL_LOCALES: Final[dict[Language, str]] = {"nl": "nl_NL", "en": "en_GB"}


def _flatten(table: dict[str, object], prefix: str = "") -> dict[str, str]:
    flat: dict[str, str] = {}
    for name, value in table.items():
        key = f"{prefix}{name}"
        if isinstance(value, dict):
            flat.update(_flatten(value, f"{key}."))
        else:
            flat[key] = str(value)
    return flat


@cache
def catalogue(lang: Language) -> dict[str, str]:
    """All texts of one language, keyed ``section.name``."""
    raw = resources.files("dashboard.text").joinpath("locales", f"{lang}.toml").read_text(encoding="utf-8")
    return _flatten(tomllib.loads(raw))


def as_language(value: object) -> Language:
    """``value`` if it names a supported language, else the default (for URL parameters)."""
    return value if value in LANGUAGES else DEFAULT_LANGUAGE


def t(key: str, lang: Language, /, **values: object) -> str:
    """The text for ``key`` in ``lang`` with ``{placeholders}`` filled in.

    A missing key is a programming error caught by the catalogue test; at run time it
    shows the key itself rather than failing a page in front of an audience.
    """
    text = catalogue(lang).get(key, key)
    return text.format(**values) if values else text


@cache
def _notes(lang: Language) -> dict[str, str]:
    """English note -> note in ``lang`` (``locales/notes.<lang>.toml``; English has none)."""
    path = resources.files("dashboard.text").joinpath("locales", f"notes.{lang}.toml")
    if not path.is_file():
        return {}
    return {entry["en"]: entry[lang] for entry in tomllib.loads(path.read_text(encoding="utf-8"))["note"]}


def note(text: object, lang: Language) -> object:
    """A note the project wrote (data is in English) in the reader's language where a version
    is kept; otherwise as written. Keyed by the whole English text, so a note an analyst has
    changed is never shown with a stale translation. Quotes from sources never come here."""
    return _notes(lang).get(text, text) if isinstance(text, str) else text
