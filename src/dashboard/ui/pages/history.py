"""History: every version of a dataset with its audit row (view, download, roll back), and
every save of a presentation (restore an earlier one)."""

from __future__ import annotations

from typing import Final

import pandas as pd
import streamlit as st

from dashboard.present import decks
from dashboard.present.decks import Presentation, PresentationError
from dashboard.store import (
    CURATED_NOTE,
    CURATED_ORIGINS,
    ROLLBACK_NOTE,
    StoreWriteError,
    VersionConflict,
    VersionInfo,
)
from dashboard.text import formatting
from dashboard.ui import url_state
from dashboard.ui.access import require_analyst
from dashboard.ui.blocks import dataset_choice, download_buttons, show_outcome, static_table
from dashboard.ui.data import get_store
from dashboard.ui.language import lang, t

PAGE: Final = "history"
CONFIRM: Final = f"{PAGE}.confirm"


def render() -> None:
    analyst = require_analyst(PAGE)
    st.title(t(f"{PAGE}.title"))
    st.markdown(t(f"{PAGE}.intro"))
    _datasets(analyst)
    _presentations(analyst)


def _datasets(analyst: str) -> None:
    dataset = dataset_choice(url_state.HISTORY_DATASET)
    store = get_store()
    entries = store.history(dataset.key)
    static_table(
        pd.DataFrame(
            {
                t(f"{PAGE}.version"): [entry.version for entry in entries],
                t(f"{PAGE}.when"): [formatting.moment(entry.created_at, lang()) for entry in entries],
                t(f"{PAGE}.who"): [entry.created_by for entry in entries],
                t(f"{PAGE}.origin"): [t(f"{PAGE}.origin_{entry.origin}") for entry in entries],
                t(f"{PAGE}.file"): [entry.file_name or "" for entry in entries],
                t(f"{PAGE}.rows"): [entry.row_count for entry in entries],
                "sha256": [entry.sha256[:12] for entry in entries],
                t(f"{PAGE}.note"): [_shown_note(entry) for entry in entries],
            }
        )
    )
    show_outcome(url_state.HISTORY_ROLLED_BACK)
    versions = [entry.version for entry in entries]
    chosen = st.selectbox(t(f"{PAGE}.pick"), versions, key=f"{url_state.HISTORY_VERSION}.{dataset.key}")
    if chosen is None:
        return
    frame = store.load(dataset.key, chosen)
    download_buttons(dataset, frame, stem=f"{dataset.key}-v{chosen}", label=t(f"{PAGE}.download"))
    with st.expander(t(f"{PAGE}.view", version=chosen)):
        st.dataframe(frame, hide_index=True, width="stretch")
    current = versions[0]
    if chosen == current:
        st.caption(t(f"{PAGE}.is_current"))
        return
    confirmed = st.checkbox(t(f"{PAGE}.confirm", version=chosen, next=current + 1), key=CONFIRM)
    st.button(
        t(f"{PAGE}.rollback", version=chosen),
        disabled=not confirmed,
        on_click=_roll_back,
        args=(dataset.key, chosen, current, analyst),
    )


def _roll_back(key: str, version: int, seen: int, analyst: str) -> None:
    """Publish ``version`` again on top of ``seen``, the newest version the page showed. A
    callback, so the table drawn in the next run already lists the new version, and the
    confirmation is cleared before anyone clicks twice."""
    st.session_state[CONFIRM] = False
    try:
        info = get_store().rollback(key, version, user=analyst, based_on=seen)
    except VersionConflict as conflict:
        message = t(f"{PAGE}.rollback_conflict", based_on=conflict.based_on, current=conflict.current)
        st.session_state[url_state.HISTORY_ROLLED_BACK] = (False, message)
        return
    except StoreWriteError:
        st.session_state[url_state.HISTORY_ROLLED_BACK] = (False, t(f"{PAGE}.rollback_failed"))
        return
    st.session_state[url_state.HISTORY_ROLLED_BACK] = (
        True,
        t(f"{PAGE}.rolled_back", version=version, new=info.version),
    )


def _shown_note(entry: VersionInfo) -> str:
    """A note the store wrote itself in the reader's language; an analyst's note as written."""
    if entry.origin in CURATED_ORIGINS and entry.note == CURATED_NOTE:
        return t(f"{PAGE}.note_curated")
    if entry.origin == "rollback" and (restored := ROLLBACK_NOTE.fullmatch(entry.note or "")):
        return t(f"{PAGE}.note_rollback", version=int(restored[1]))
    return entry.note or ""


def _presentations(analyst: str) -> None:
    st.header(t(f"{PAGE}.presentations"))
    st.markdown(t(f"{PAGE}.presentations_intro"))
    store = get_store()
    language = lang()
    newest = {key: _readable(key, content) for key, content in store.saved_presentations().items()}
    if not newest:
        st.caption(t(f"{PAGE}.no_presentations"))
        return
    # Titles, as the presenter's picker shows them; the key tells apart two presentations of one title.
    labels = {key: f"{deck.title(language)} ({key})" if deck else key for key, deck in newest.items()}
    key = st.selectbox(
        t(f"{PAGE}.presentation_pick"),
        sorted(newest),
        format_func=labels.__getitem__,
        key=url_state.HISTORY_PRESENTATION,
    )
    if key is None:
        return
    saves = store.presentation_history(key)
    saved_decks = {entry.version: _readable(key, entry.content) for entry in saves}
    static_table(
        pd.DataFrame(
            {
                t(f"{PAGE}.version"): [entry.version for entry in saves],
                t(f"{PAGE}.when"): [formatting.moment(entry.created_at, lang()) for entry in saves],
                t(f"{PAGE}.who"): [entry.created_by for entry in saves],
                t(f"{PAGE}.presentation_title"): [
                    deck.title(language) if deck else t(f"{PAGE}.presentation_unreadable")
                    for deck in saved_decks.values()
                ],
                t(f"{PAGE}.presentation_slides"): [
                    len(deck.slides) if deck else "" for deck in saved_decks.values()
                ],
            }
        )
    )
    older = {entry.version: entry.content for entry in saves[1:] if saved_decks[entry.version] is not None}
    if older:
        version = st.selectbox(
            t(f"{PAGE}.presentation_version_pick"),
            list(older),
            key=f"{url_state.HISTORY_PRESENTATION}.{key}.version",
        )
        if version is not None:
            st.button(
                t(f"{PAGE}.presentation_restore", version=version),
                on_click=_restore,
                args=(key, version, older[version], analyst),
            )
    show_outcome(url_state.HISTORY_RESTORED)


def _restore(key: str, version: int, content: str, analyst: str) -> None:
    """Save an earlier version again as the newest. A callback, so the table of saves drawn
    in the next run already lists the new version."""
    try:
        before = get_store().newest_presentation_version(key)
        new = get_store().save_presentation(key, content, user=analyst)
    except StoreWriteError:
        st.session_state[url_state.HISTORY_RESTORED] = (False, t("present.save_failed"))
        return
    # The same content as the newest save (a second click) writes nothing.
    message = "presentation_already_restored" if new == before else "presentation_restored"
    st.session_state[url_state.HISTORY_RESTORED] = (
        True,
        t(f"{PAGE}.{message}", version=version, key=key, new=new),
    )


def _readable(key: str, content: str) -> Presentation | None:
    try:
        return decks.loads(key, content)
    except PresentationError:
        return None
