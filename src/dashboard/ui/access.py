"""Who is an analyst in this session, checked on the server on every run.

With an identity provider configured in ``.streamlit/secrets.toml`` (an ``[auth]`` table),
analysts sign in through ``st.login`` and must be listed under ``[analysts] emails``.
Otherwise the embedded default applies: local accounts from ``dashboard user add``.
The router, the analysts' pages and the present page ask here; the sign-in page itself is
:mod:`dashboard.ui.pages.access`.
"""

from __future__ import annotations

import json
import urllib.request
from typing import Final

import streamlit as st

from dashboard.store import sessions
from dashboard.ui import url_state
from dashboard.ui.data import get_store
from dashboard.ui.language import t

ACCESS_PAGE: Final = "app_pages/access.py"  # relative to app.py, as st.page_link wants it
ACCESS_URL: Final = "analisten"
# How long the sign-in page waits for the identity provider's discovery document before
# saying it cannot be reached (a provider that answers at all answers well within this).
PROVIDER_TIMEOUT_SECONDS: Final = 5.0


def oidc_configured() -> bool:
    """Whether analysts sign in through an identity provider (an ``[auth]`` table in secrets)."""
    try:
        return "auth" in st.secrets
    except FileNotFoundError:  # no secrets.toml at all: the embedded default
        return False


def provider_account() -> str | None:
    """Who the identity provider signed this session in as (its e-mail address, "" when the
    provider sent none), analyst or not; None when nobody signed in through a provider."""
    if not oidc_configured() or not st.user.is_logged_in:
        return None
    return str(st.user.get("email") or "")


def current_analyst() -> str | None:
    """The signed-in analyst's name, or None for a viewer."""
    if oidc_configured():
        email = provider_account()
        if not email:
            return None
        allowed = {str(entry).lower() for entry in st.secrets.get("analysts", {}).get("emails", [])}
        return email if email.lower() in allowed else None
    name = st.session_state.get(url_state.ANALYST)
    if name:
        return str(name)
    # A reload starts a new Streamlit session: the HttpOnly cookie (set by the session
    # route) says who this is, for as long as the store keeps the session.
    return sessions.analyst(session_cookie(), get_store())


def session_cookie() -> str | None:
    """The session cookie the browser sent, if any (AppTest's context has no real cookies)."""
    value = st.context.cookies.get(sessions.COOKIE)
    return value if isinstance(value, str) and value else None


def provider_reachable() -> bool:
    """Whether the identity provider hands out its discovery document right now.

    Streamlit fetches that document in its own ``/auth/login`` route, outside the script; when
    the provider is down the browser lands on a bare "Authentication error" page in English.
    Asking first, just before ``st.login``, lets the sign-in page say so in the user's language.
    """
    url = str(st.secrets["auth"].get("server_metadata_url", ""))
    if not url.startswith(("https://", "http://")):
        return True  # no discovery URL (endpoints given one by one): nothing to ask in advance
    try:
        # The operator's own provider, from secrets.toml; the scheme is checked above.
        with urllib.request.urlopen(url, timeout=PROVIDER_TIMEOUT_SECONDS) as response:  # noqa: S310
            return "authorization_endpoint" in json.load(response)
    except (OSError, ValueError):  # refused, timed out, HTTP error, or not a discovery document
        return False


def refuse_viewer_message() -> str:
    """Why this session is not an analyst: signed in through the provider but not on the
    analysts' list (or without an e-mail address), or not signed in at all."""
    account = provider_account()
    if account is None:
        return t("access.sign_in_first")
    if not account:
        return t("access.no_email")
    return t("access.not_an_analyst", name=account)


def require_analyst(page: str) -> str:
    """Stop ``page`` for anyone who is not a signed-in analyst (a server-side check), saying
    why and linking to the sign-in page."""
    analyst = current_analyst()
    if analyst is None:
        st.title(t(f"{page}.title"))
        st.warning(refuse_viewer_message())
        st.page_link(ACCESS_PAGE, label=t("access.go_to_sign_in"), icon=":material/login:")
        st.stop()
    return str(analyst)
