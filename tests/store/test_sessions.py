"""Analysts' sessions in the store (SQLite and PostgreSQL): a ticket works once and briefly,
a session lasts SESSION_LIFETIME and ends at sign-out, and only hashes are stored."""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa

from dashboard.store import Store, sessions
from dashboard.store.sessions import sessions_table


def test_a_ticket_starts_one_session_and_the_session_ends_at_sign_out(store_url: str) -> None:
    store = Store(store_url)
    store.ensure_ready()
    ticket = sessions.issue_ticket("ana", store)
    token = sessions.start(ticket, store)
    assert token is not None
    assert sessions.start(ticket, store) is None  # used once
    assert sessions.analyst(token, store) == "ana"
    with store.engine.connect() as connection:
        stored = set(connection.execute(sa.select(sessions_table.c.token_hash)).scalars())
    assert token not in stored  # a copy of the database signs nobody in
    sessions.end(token, store)
    assert sessions.analyst(token, store) is None


def test_a_session_expires(store_url: str) -> None:
    store = Store(store_url)
    store.ensure_ready()
    token = sessions.start(sessions.issue_ticket("ana", store), store)
    later = datetime.now(UTC) + sessions.SESSION_LIFETIME
    assert sessions.analyst(token, store, now=later - sessions.TICKET_LIFETIME) == "ana"
    assert sessions.analyst(token, store, now=later + sessions.TICKET_LIFETIME) is None


def test_unknown_or_missing_tokens_sign_nobody_in(store_url: str) -> None:
    store = Store(store_url)
    store.ensure_ready()
    assert sessions.start("made-up", store) is None
    assert sessions.start("", store) is None
    assert sessions.analyst("made-up", store) is None
    assert sessions.analyst(None, store) is None
