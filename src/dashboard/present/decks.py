"""Presentations as data: an ordered list of charts with their settings, stored as TOML.

A slide's settings are exactly the URL parameters of its view, so a slide, a shared link
and a QR code all reopen the same thing. A file may also name the event it is shown at and
the day (``event_nl``, ``event_en``, ``date``) for the title slide; files without them, as
earlier releases wrote, read as before. The shipped presentations live in
``presentations/`` in the repository. Presentations that analysts save go to the store
(``Store.save_presentation``), so every app server sees them; files that earlier releases
saved in ``DASHBOARD_PRESENTATIONS_DIR`` are still listed, read-only.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Final

import tomli_w

from dashboard import settings
from dashboard.analysis import figures
from dashboard.charts import kinds
from dashboard.charts.slide import Slide
from dashboard.text.i18n import Language

DEFAULT_PRESENTATION: Final = "default"
MAX_SLIDES: Final = 100
MAX_EVENT_CHARS: Final = 120  # one line on the title slide
_KEY: Final = re.compile(r"[a-z0-9][a-z0-9-]{0,63}")


class PresentationError(ValueError):
    """A presentation file that cannot be read; the message says what is wrong with it."""


@dataclass(frozen=True)
class SlideSpec:
    view: str  # the chart of a view: a key of kinds.KINDS
    settings: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Presentation:
    key: str
    title_nl: str
    title_en: str
    interval_s: int
    slides: tuple[SlideSpec, ...]
    event_nl: str = ""  # where it is shown ("Regiodag Almere"), for the title slide
    event_en: str = ""
    date: dt.date | None = None  # the day it is shown, for the title slide

    def title(self, lang: Language) -> str:
        return self.title_nl if lang == "nl" else self.title_en

    def event(self, lang: Language) -> str:
        return self.event_nl if lang == "nl" else self.event_en

    def with_slide(self, spec: SlideSpec) -> Presentation:
        """This presentation with ``spec`` appended ("add to presentation")."""
        return replace(self, slides=(*self.slides, spec))


def loads(key: str, text: str) -> Presentation:
    """Parse a presentation file; :class:`PresentationError` says what is wrong, in English
    (the command line shows it as is; pages show their own translated message)."""
    try:
        raw = tomllib.loads(text)
        slides = raw.get("slides", [])
        if not isinstance(slides, list) or len(slides) > MAX_SLIDES:
            raise PresentationError(f"'slides' must be a list of at most {MAX_SLIDES} tables")
        specs = []
        for number, slide in enumerate(slides, start=1):
            view = str(slide["view"])
            if view not in kinds.KINDS:
                known = ", ".join(sorted(kinds.KINDS))
                raise PresentationError(f"slide {number}: unknown view {view!r}; known: {known}")
            specs.append(SlideSpec(view, {str(k): str(v) for k, v in slide.get("settings", {}).items()}))
        # One language given serves both, as the title does.
        event_nl = _event(raw.get("event_nl", raw.get("event_en", "")), "event_nl")
        return Presentation(
            key=key,
            title_nl=str(raw["title_nl"]),
            title_en=str(raw.get("title_en", raw["title_nl"])),
            interval_s=max(1, int(raw.get("interval_s", 20))),
            slides=tuple(specs),
            event_nl=event_nl,
            event_en=_event(raw.get("event_en", event_nl), "event_en"),
            date=_date(raw.get("date")),
        )
    except (tomllib.TOMLDecodeError, KeyError, TypeError, ValueError, AttributeError) as error:
        if isinstance(error, PresentationError):
            raise
        raise PresentationError(f"not a presentation file: {error}") from error


def _event(value: object, name: str) -> str:
    """An event name: one line of text, short enough for the title slide."""
    if not isinstance(value, str):
        raise PresentationError(f"{name!r} must be text, in quotes")
    text = " ".join(value.split())
    if len(text) > MAX_EVENT_CHARS:
        raise PresentationError(f"{name!r} is longer than {MAX_EVENT_CHARS} characters")
    return text


def _date(value: object) -> dt.date | None:
    """The day of the presentation: a TOML date (2026-12-04) or that date in quotes."""
    if value is None:
        return None
    # A TOML date-time also reads as a datetime, which is a date too: a day is meant here.
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise PresentationError(f"'date' must be a day written as 2026-12-04, not {value!r}")


def dumps(presentation: Presentation) -> str:
    # The title slide's fields only when set, so a file without them stays as before.
    optional = {
        "event_nl": presentation.event_nl,
        "event_en": presentation.event_en if presentation.event_en != presentation.event_nl else "",
        "date": presentation.date,
    }
    return tomli_w.dumps(
        {
            "title_nl": presentation.title_nl,
            "title_en": presentation.title_en,
            **{name: value for name, value in optional.items() if value},
            "interval_s": presentation.interval_s,
            "slides": [{"view": spec.view, "settings": dict(spec.settings)} for spec in presentation.slides],
        }
    )


def older_saves_dir() -> Path | None:
    """``DASHBOARD_PRESENTATIONS_DIR``: where earlier releases saved presentations as files."""
    return settings.older_presentations_dir()


def _folders() -> list[Path]:
    """The folders of presentation files, the one that wins a shared key last."""
    folders = (settings.SHIPPED_PRESENTATIONS_DIR, older_saves_dir())
    return list(dict.fromkeys(folder for folder in folders if folder))


def available(saved: Iterable[str] = ()) -> list[str]:
    """Every presentation's key: the shipped ones, older saved files and ``saved`` (the keys
    the store holds), the default first."""
    files = {path.stem for folder in _folders() if folder.is_dir() for path in folder.glob("*.toml")}
    keys = {key for key in (*files, *saved) if _KEY.fullmatch(key)}
    return sorted(keys, key=lambda key: (key != DEFAULT_PRESENTATION, key))


def load(key: str = DEFAULT_PRESENTATION, saved: str | None = None) -> Presentation:
    """A presentation by key. ``saved`` is the store's newest content for ``key``, and wins
    over a file of the same key (an analyst saved over a shipped presentation)."""
    if not _KEY.fullmatch(key):
        raise PresentationError(f"no presentation {key!r}")
    if saved is not None:
        return loads(key, saved)
    for folder in reversed(_folders()):
        path = folder / f"{key}.toml"
        if path.is_file():
            return loads(key, path.read_text(encoding="utf-8"))
    raise PresentationError(f"no presentation {key!r}")


def key_for(title: str) -> str:
    """A key for a title: 'Regiodag Almere 2026' -> 'regiodag-almere-2026'."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    key = re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")[:64].strip("-")
    return key or "presentation"


def build(spec: SlideSpec, frames: figures.Frames, lang: Language) -> Slide:
    """The slide for one chart with its settings."""
    return kinds.build(spec.view, spec.settings, frames, lang)
