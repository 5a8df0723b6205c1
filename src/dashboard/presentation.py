"""Presentations as data: an ordered list of charts with their settings, stored as TOML.

A slide's settings are exactly the URL parameters of its view, so a slide, a shared link
and a QR code all reopen the same thing. The shipped presentations live in
``presentations/`` in the repository. Presentations that analysts save go to the store
(``Store.save_presentation``), so every app server sees them; files that earlier releases
saved in ``DASHBOARD_PRESENTATIONS_DIR`` are still listed, read-only.
"""

from __future__ import annotations

import os
import re
import tomllib
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Final

import tomli_w

from dashboard import metrics, slide_builders
from dashboard.i18n import Language
from dashboard.slides import Slide

PRESENTATIONS_DIR: Final = Path(__file__).resolve().parents[2] / "presentations"
DEFAULT_PRESENTATION: Final = "default"
MAX_SLIDES: Final = 100
_KEY: Final = re.compile(r"[a-z0-9][a-z0-9-]{0,63}")


class PresentationError(ValueError):
    """A presentation file that cannot be read; the message says what is wrong with it."""


@dataclass(frozen=True)
class SlideSpec:
    view: str  # the chart of a view: a key of slide_builders.KINDS
    settings: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Presentation:
    key: str
    title_nl: str
    title_en: str
    interval_s: int
    slides: tuple[SlideSpec, ...]

    def title(self, lang: Language) -> str:
        return self.title_nl if lang == "nl" else self.title_en

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
            if view not in slide_builders.KINDS:
                known = ", ".join(sorted(slide_builders.KINDS))
                raise PresentationError(f"slide {number}: unknown view {view!r}; known: {known}")
            specs.append(SlideSpec(view, {str(k): str(v) for k, v in slide.get("settings", {}).items()}))
        return Presentation(
            key=key,
            title_nl=str(raw["title_nl"]),
            title_en=str(raw.get("title_en", raw["title_nl"])),
            interval_s=max(1, int(raw.get("interval_s", 20))),
            slides=tuple(specs),
        )
    except (tomllib.TOMLDecodeError, KeyError, TypeError, ValueError, AttributeError) as error:
        if isinstance(error, PresentationError):
            raise
        raise PresentationError(f"not a presentation file: {error}") from error


def dumps(presentation: Presentation) -> str:
    return tomli_w.dumps(
        {
            "title_nl": presentation.title_nl,
            "title_en": presentation.title_en,
            "interval_s": presentation.interval_s,
            "slides": [{"view": spec.view, "settings": dict(spec.settings)} for spec in presentation.slides],
        }
    )


def older_saves_dir() -> Path | None:
    """``DASHBOARD_PRESENTATIONS_DIR``: where earlier releases saved presentations as files."""
    configured = os.environ.get("DASHBOARD_PRESENTATIONS_DIR")
    return Path(configured) if configured else None


def _folders() -> list[Path]:
    """The folders of presentation files, the one that wins a shared key last."""
    return list(dict.fromkeys(folder for folder in (PRESENTATIONS_DIR, older_saves_dir()) if folder))


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


def build(spec: SlideSpec, frames: metrics.Frames, lang: Language) -> Slide:
    """The slide for one chart with its settings."""
    return slide_builders.build(spec.view, spec.settings, frames, lang)
