"""Who is an analyst in this session, checked on the server on every run.

With an identity provider configured in ``.streamlit/secrets.toml`` (an ``[auth]`` table),
analysts sign in through ``st.login`` and must be listed under ``[analysts] emails``.
Otherwise the embedded default applies: local accounts from ``dashboard user add``.
The router, the analysts' pages and the present page ask here; the sign-in page itself is
:mod:`dashboard.ui.pages.access`.
"""

from __future__ import annotations

from typing import Final

import streamlit as st

from dashboard.store import sessions
from dashboard.ui import url_state
from dashboard.ui.data import get_store
from dashboard.ui.language import t

ACCESS_PAGE: Final = "app_pages/access.py"  # relative to app.py, as st.page_link wants it
ACCESS_URL: Final = "analisten"


def oidc_configured() -> bool:
    """Whether analysts sign in through an identity provider (an ``[auth]`` table in secrets)."""
    try:
        return "auth" in st.secrets
    except FileNotFoundError:  # no secrets.toml at all: the embedded default
        return False


def current_analyst() -> str | None:
    """The signed-in analyst's name, or None for a viewer."""
    if oidc_configured():
        if not st.user.is_logged_in:
            return None
        email = str(st.user.get("email", ""))
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


def require_analyst(page: str) -> str:
    """Stop ``page`` for anyone who is not a signed-in analyst (a server-side check), saying
    why and linking to the sign-in page."""
    analyst = current_analyst()
    if analyst is None:
        st.title(t(f"{page}.title"))
        st.warning(t("access.sign_in_first"))
        st.page_link(ACCESS_PAGE, label=t("access.go_to_sign_in"), icon=":material/login:")
        st.stop()
    return str(analyst)
