"""The store and everything read from it, cached by data version.

Every cache here is keyed on the version numbers of the datasets it reads: an upload makes a
new version, so a new cache entry, and a page never shows a stale figure. :func:`by_version`
is that rule written once; pages declare what they cache with it instead of repeating the
"versions -> frames -> pure function" wrapper.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Concatenate, Final, Generic, ParamSpec, TypeVar

import pandas as pd
import streamlit as st

from dashboard import settings
from dashboard.analysis import headlines
from dashboard.analysis.figures import Frames
from dashboard.catalog import datasets
from dashboard.charts import compare_tables, kinds
from dashboard.charts.slide import Slide
from dashboard.files import datapackage
from dashboard.store import Store
from dashboard.text.i18n import Language
from dashboard.ui.language import lang

P = ParamSpec("P")
T = TypeVar("T")
Versions = tuple[tuple[str, int], ...]

HEADLINE_DATASETS: Final = ("regions", "data_centres", "clusters", "events", "campuses")
# What a page comparing regions reads: the headline datasets and the sources they cite.
COMPARISON_DATASETS: Final = ("regions", "sources", "data_centres", "clusters", "events", "campuses")
SITE_COVERAGE_DATASETS: Final = ("regions", "sources", "data_centres", "indicators")


@st.cache_resource(show_spinner=False)
def _store_for(url: str) -> Store:
    store = Store(url)
    store.ensure_ready()
    return store


def get_store() -> Store:
    """One store per database URL and server process; seeded from ``data/`` on first use.

    Keyed on the URL read now, not once at import, so a process that is pointed at another
    database (tests do this per test) never keeps using the first one.
    """
    return _store_for(settings.database_url())


@st.cache_data(show_spinner=False, max_entries=64)
def _load(url: str, key: str, version: int) -> pd.DataFrame:
    # Keyed on the version number: a newer version is a new cache entry, never hidden.
    return get_store().load(key, version)


def current_versions(*keys: str) -> dict[str, int]:
    """The current version number of each dataset: the key of everything cached downstream."""
    versions = get_store().current_versions()
    return {key: versions[key] for key in keys}


def frames(*keys: str) -> dict[str, pd.DataFrame]:
    """The current version of each dataset (one cheap query for the version numbers)."""
    return frames_at(current_versions(*keys))


def frames_at(versions: Mapping[str, int]) -> dict[str, pd.DataFrame]:
    """The datasets at exactly these versions (from the cache when already loaded)."""
    url = get_store().url
    return {key: _load(url, key, version) for key, version in versions.items()}


def _settings_key(mapping: dict[str, object]) -> tuple[tuple[str, object], ...]:
    # A chart's settings hash alike in any order, so a page and an export of it share an entry.
    return tuple(sorted(mapping.items()))


class VersionCache(Generic[P, T]):
    """``build(frames, *args)`` computed once per data version and arguments (see :func:`by_version`).

    Call it with the datasets ``build`` reads, then ``build``'s other arguments:
    ``overlaps_cached(DATASETS, keys, measure)``. ``.at(versions, ...)`` computes at given
    versions (an export clicked later draws what the page showed). ``build`` must be a named
    function: Streamlit tells caches apart by module and name.
    """

    def __init__(self, build: Callable[Concatenate[Frames, P], T], *, max_entries: int = 128) -> None:
        def at_versions(versions: Versions, *args: P.args, **kwargs: P.kwargs) -> T:
            return build(frames_at(dict(versions)), *args, **kwargs)

        # st.cache_data keys a cache on the function's module, name and source; every wrapper
        # shares this source, so the name of what it builds keeps their caches apart.
        at_versions.__module__ = build.__module__
        at_versions.__qualname__ = f"{build.__qualname__}.by_version"
        self._cached = st.cache_data(
            show_spinner=False, max_entries=max_entries, hash_funcs={dict: _settings_key}
        )(at_versions)

    def at(self, versions: Mapping[str, int], /, *args: P.args, **kwargs: P.kwargs) -> T:
        return self._cached(tuple(versions.items()), *args, **kwargs)

    def __call__(self, datasets: Sequence[str], /, *args: P.args, **kwargs: P.kwargs) -> T:
        return self.at(current_versions(*datasets), *args, **kwargs)


def by_version(build: Callable[Concatenate[Frames, P], T], *, max_entries: int = 128) -> VersionCache[P, T]:
    """``build`` cached by the versions of the data it reads: the one cache wrapper pages use."""
    return VersionCache(build, max_entries=max_entries)


_headline_table = by_version(headlines.headline_table, max_entries=256)


def headline_table(region_ids: Sequence[str], measures: Sequence[str]) -> pd.DataFrame:
    """``headlines.headline_table`` computed once per data version and choice, not per rerun."""
    return _headline_table(HEADLINE_DATASETS, tuple(region_ids), tuple(measures))


_site_coverage = by_version(compare_tables.site_coverage_line, max_entries=256)


def site_coverage(key: str) -> str:
    """What an area's count of known data-centre sites covers, with the DDA's market context
    (plain text; markdown-escape it for a caption)."""
    return _site_coverage(SITE_COVERAGE_DATASETS, key, lang())


def _slide_of(frames: Frames, kind: str, settings: Mapping[str, str], language: Language) -> Slide:
    return kinds.build(kind, settings, frames, language)


_slides = by_version(_slide_of, max_entries=256)


def slide(kind: str, settings: Mapping[str, str], language: Language | None = None) -> Slide:
    """A chart of a view as a :class:`Slide`, built once per data version and settings."""
    return _slides(kinds.KINDS[kind].datasets, kind, dict(settings), language or lang())


def slide_at(
    versions: Mapping[str, int], kind: str, settings: Mapping[str, str], language: Language
) -> Slide:
    """The same slide at given data versions: what a page showed when an export was offered."""
    return _slides.at(versions, kind, dict(settings), language)


@st.cache_data(show_spinner=False, max_entries=8)
def _open_data_zip(url: str, versions: Versions) -> bytes:
    store = get_store()
    audit = {key: {entry.version: entry for entry in store.history(key)} for key, _ in versions}
    published = {key: audit[key][version] for key, version in versions}
    return datapackage.zipped(frames_at(dict(versions)), published)


def open_data_zip() -> bytes:
    """The open-data package of the current versions (``dashboard datapackage``) as a zip."""
    return _open_data_zip(get_store().url, tuple(current_versions(*datasets.DATASETS).items()))
