"""Every session-state key, named once, and the widgets whose value lives in the URL.

The URL parameters themselves, with their defaults and options, are declared in
:mod:`dashboard.catalog.params`; widgets bound to them use their names as keys, so a copied
URL reopens the same view. Keys carry their page's prefix where they are page-local.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Final

import streamlit as st

from dashboard.catalog import params
from dashboard.text.i18n import DEFAULT_LANGUAGE, Language, as_language, t

ANALYST: Final = "analyst"  # the signed-in analyst's name (local accounts)
SESSION_TICKET: Final = "access.ticket"  # a one-time ticket on its way to the session route
UPLOAD_DATASET: Final = "upload_dataset"
UPLOAD_RESULT: Final = "upload.result"  # (sha256, based_on version, frame, report) of the last file
UPLOAD_NOTE: Final = "upload.note"
UPLOAD_OUTCOME: Final = "upload.outcome"  # (ok, message) of the last publish
UPLOAD_ROUND: Final = "upload.round"  # counts publishes: a new uploader after each
HISTORY_DATASET: Final = "history_dataset"
HISTORY_VERSION: Final = "history.version"
HISTORY_PRESENTATION: Final = "history.presentation"
HISTORY_RESTORED: Final = "history.presentation.restored"  # the outcome of the last restore
HISTORY_ROLLED_BACK: Final = "history.rolled_back"  # the outcome of the last rollback

PRESENT_NAME: Final = "presentation"
PRESENT_SLIDE: Final = "slide"  # 1-based, in the URL so a link opens a given slide
PRESENT_INTERVAL: Final = "interval"  # seconds per slide, in the URL for kiosks
PRESENT_PAUSED: Final = "present.paused"
PRESENT_SHOWN_AT: Final = "present.shown_at"
PRESENT_DRAFT: Final = "present.draft"  # [(slide kind, settings)] added from the views
DRAFT_PRESENTATION: Final = "draft"  # the picker's value for that presentation


def table_toggle_key(page: str, chart: str) -> str:
    """The key of a chart's "show as table" switch."""
    return f"{page}.{chart}.table"


def language() -> Language:
    """The language chosen in the sidebar (bound to ``?lang=``), Dutch by default."""
    return as_language(st.session_state.get(params.LANGUAGE, DEFAULT_LANGUAGE))


def seed_from_url(
    key: str, options: Sequence[str], default: str | Sequence[str], *, many: bool = False
) -> None:
    """Give a widget its value from ``?key=`` on first render, so a shared URL reopens the view.

    Streamlit's own ``bind="query-params"`` writes the *displayed* label into the URL, which
    changes with the language; here the URL carries stable ids (``regions=GM0034,MRA``).
    Unknown ids in a hand-edited URL are dropped rather than failing the page.
    """
    if key in st.session_state:
        return
    if many:
        raw = st.query_params.get_all(key)
        wanted = [value for item in raw for value in str(item).split(",") if value]
        chosen = [value for value in wanted if value in options]
        st.session_state[key] = chosen if wanted else list(default)
    else:
        one = st.query_params.get(key)
        st.session_state[key] = one if one in options else default


def write_to_url(key: str, value: str | Sequence[str] | None, default: str | Sequence[str]) -> None:
    """Mirror a widget's value into the URL (comma-separated ids for several values).

    A default value is left out of the URL, so shared links stay short and a view opened
    without parameters is not rewritten.
    """
    encoded = ",".join(value) if isinstance(value, list | tuple) else value
    if encoded and encoded != (",".join(default) if isinstance(default, list | tuple) else default):
        if st.query_params.get(key) != encoded:
            st.query_params[key] = encoded
    elif key in st.query_params:
        del st.query_params[key]


_PLACEHOLDERS: Final[dict[Callable[..., Any], str]] = {
    st.multiselect: "common.choose_many",
    st.selectbox: "common.choose_one",
}


def keep_across_pages(key: str, options: Sequence[str], *, many: bool = False) -> None:
    """Hand a widget the value its key holds, as an explicit session-state write.

    Streamlit gives a keyed widget a new element id on each page (the id includes the page's
    script hash). Two pages that draw the same key (Compare and Scorecard share ``regions``)
    therefore meet as two widgets: ``persist_state="session"`` keeps the value under the key,
    but the new page's widget starts from its own empty state and returns ``[]`` (Streamlit
    1.67). An explicit write before the widget is drawn outranks that, and it is the value the
    key already holds, so a user's change (applied before the script runs) is kept as well.
    """
    if key not in st.session_state:
        return
    value = st.session_state[key]
    # Only a value the widget can show: one chosen among other options stays Streamlit's to drop.
    if many and isinstance(value, list | tuple):
        valid = all(item in options for item in value)
    else:
        valid = value in options
    if valid:
        st.session_state[key] = value


def url_widget(
    widget: Callable[..., Any],
    label: str,
    options: Sequence[str],
    *,
    key: str,
    default: str | Sequence[str],
    many: bool = False,
    **kwargs: Any,
) -> Any:
    """A selection widget whose value lives in the URL and survives page switches.

    A list left empty shows a placeholder in the reader's language: Streamlit's own is
    English ("Choose options") on every page.
    """
    if widget in _PLACEHOLDERS and "placeholder" not in kwargs:
        kwargs["placeholder"] = t(_PLACEHOLDERS[widget], language())
    seed_from_url(key, options, default, many=many)
    keep_across_pages(key, options, many=many)
    value = widget(label, options, key=key, persist_state="session", **kwargs)
    write_to_url(key, value, default)
    return value
