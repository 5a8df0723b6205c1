"""Analysts' sign-in that survives a reload, for a bounded time: store-backed sessions.

Streamlit cannot set a cookie from a script run (the page talks to the server over a
websocket), and a cookie set by JavaScript cannot be HttpOnly. So the sign-in is handed to a
small HTTP route that the app server mounts next to Streamlit (``serve.py``, ``st.App``):

1. The sign-in form (Streamlit) checks the password and issues a one-time *ticket*, valid
   two minutes, which the page posts at once to ``/_session/start`` (a form POST: the ticket
   never appears in a URL, a log or the history).
2. The route exchanges the ticket for a *session token* and sets it as a cookie that is
   HttpOnly (no script can read it), SameSite=Strict, Secure over HTTPS, and expires after
   SESSION_LIFETIME; the store keeps only the token's SHA-256 hash and the same expiry.
3. Every script run reads the cookie (``st.context.cookies``) and asks the store who it is;
   signing out deletes the row, so the cookie is worthless from then on, on every server.

This module makes and checks the tokens and keeps their hashes; it imports neither streamlit
nor starlette.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime, timedelta
from typing import Final, Literal

import sqlalchemy as sa

from dashboard.store.engine import StoreBase, StoreWriteError, metadata

COOKIE: Final = "dashboard_session"
SESSION_LIFETIME: Final = timedelta(hours=8)  # a working day; then the analyst signs in again
TICKET_LIFETIME: Final = timedelta(minutes=2)

# A "ticket" row lives two minutes and is exchanged once for a "session" row, which ends at
# ``expires_at`` or at sign-out. Only SHA-256 hashes of the tokens are stored, so a copy of
# the database signs nobody in.
sessions_table = sa.Table(
    "analyst_sessions",
    metadata,
    sa.Column("token_hash", sa.String(64), primary_key=True),
    sa.Column("name", sa.String(64), nullable=False),
    sa.Column("kind", sa.String(8), nullable=False),
    sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
)
SessionKind = Literal["ticket", "session"]


class Sessions(StoreBase):
    """The store's sign-in tickets and sessions, kept by the hash of their token."""

    def add_session(self, token_hash: str, name: str, kind: SessionKind, expires_at: datetime) -> None:
        """Keep a sign-in ticket or session; expired rows are deleted on the way."""
        try:
            with self._begin() as connection:
                connection.execute(
                    sessions_table.delete().where(sessions_table.c.expires_at < datetime.now(UTC))
                )
                connection.execute(
                    sessions_table.insert().values(
                        token_hash=token_hash, name=name, kind=kind, expires_at=expires_at
                    )
                )
        except sa.exc.SQLAlchemyError as error:
            raise StoreWriteError(f"the sign-in session was not written: {error}") from error

    def session_name(self, token_hash: str, kind: SessionKind, now: datetime | None = None) -> str | None:
        """The analyst of an unexpired ticket or session, or None."""
        moment = now or datetime.now(UTC)
        query = sa.select(sessions_table.c.name).where(
            (sessions_table.c.token_hash == token_hash)
            & (sessions_table.c.kind == kind)
            & (sessions_table.c.expires_at > moment)
        )
        with self.engine.connect() as connection:
            found = connection.execute(query).scalar_one_or_none()
        return None if found is None else str(found)

    def take_ticket(self, token_hash: str) -> str | None:
        """The analyst of an unexpired ticket, deleting it: a ticket is used once, even when
        two requests carry it at the same moment (only one DELETE removes the row)."""
        name = self.session_name(token_hash, "ticket")
        if name is None:
            return None
        with self._begin() as connection:
            deleted = connection.execute(
                sessions_table.delete().where(
                    (sessions_table.c.token_hash == token_hash) & (sessions_table.c.kind == "ticket")
                )
            )
        return name if deleted.rowcount == 1 else None

    def end_session(self, token_hash: str) -> None:
        with self._begin() as connection:
            connection.execute(sessions_table.delete().where(sessions_table.c.token_hash == token_hash))


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def issue_ticket(name: str, store: Sessions) -> str:
    """A one-time ticket for ``name``, to be exchanged by the session route."""
    ticket = secrets.token_urlsafe(32)
    store.add_session(_hash(ticket), name, "ticket", datetime.now(UTC) + TICKET_LIFETIME)
    return ticket


def start(ticket: str, store: Sessions) -> str | None:
    """A new session token for the ticket's analyst; None for a used, expired or unknown ticket."""
    name = store.take_ticket(_hash(ticket)) if ticket else None
    if name is None:
        return None
    token = secrets.token_urlsafe(32)
    store.add_session(_hash(token), name, "session", datetime.now(UTC) + SESSION_LIFETIME)
    return token


def analyst(token: str | None, store: Sessions, now: datetime | None = None) -> str | None:
    """The analyst a session cookie belongs to, while it has not expired or been ended."""
    return store.session_name(_hash(token), "session", now) if token else None


def end(token: str | None, store: Sessions) -> None:
    """Sign-out: the token signs nobody in any more, on any app server."""
    if token:
        store.end_session(_hash(token))
