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

This module makes and checks the tokens; it imports neither streamlit nor starlette.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime, timedelta
from typing import Final

from dashboard.store import Store

COOKIE: Final = "dashboard_session"
SESSION_LIFETIME: Final = timedelta(hours=8)  # a working day; then the analyst signs in again
TICKET_LIFETIME: Final = timedelta(minutes=2)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def issue_ticket(name: str, store: Store) -> str:
    """A one-time ticket for ``name``, to be exchanged by the session route."""
    ticket = secrets.token_urlsafe(32)
    store.add_session(_hash(ticket), name, "ticket", datetime.now(UTC) + TICKET_LIFETIME)
    return ticket


def start(ticket: str, store: Store) -> str | None:
    """A new session token for the ticket's analyst; None for a used, expired or unknown ticket."""
    name = store.take_ticket(_hash(ticket)) if ticket else None
    if name is None:
        return None
    token = secrets.token_urlsafe(32)
    store.add_session(_hash(token), name, "session", datetime.now(UTC) + SESSION_LIFETIME)
    return token


def analyst(token: str | None, store: Store, now: datetime | None = None) -> str | None:
    """The analyst a session cookie belongs to, while it has not expired or been ended."""
    return store.session_name(_hash(token), "session", now) if token else None


def end(token: str | None, store: Store) -> None:
    """Sign-out: the token signs nobody in any more, on any app server."""
    if token:
        store.end_session(_hash(token))
