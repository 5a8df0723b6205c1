"""Who is an analyst in this session, checked on the server on every run.

With an identity provider configured in ``.streamlit/secrets.toml`` (an ``[auth]`` table),
analysts sign in through ``st.login`` and must be listed under ``[analysts] emails``.
Otherwise the embedded default applies: local accounts from ``dashboard user add``.
"""

from __future__ import annotations

import html
from typing import Final

import streamlit as st

from dashboard.store import accounts, sessions
from dashboard.ui import session_routes, url_state
from dashboard.ui.common import get_store, t

ACCESS_PAGE: Final = "app_pages/access.py"  # relative to app.py, as st.page_link wants it
ACCESS_URL: Final = "analisten"


def _oidc_configured() -> bool:
    try:
        return "auth" in st.secrets
    except FileNotFoundError:  # no secrets.toml at all: the embedded default
        return False


def current_analyst() -> str | None:
    """The signed-in analyst's name, or None for a viewer."""
    if _oidc_configured():
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
    return sessions.analyst(_session_cookie(), get_store())


def _session_cookie() -> str | None:
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


def render_sign_in() -> None:
    """The analyst sign-in page: OIDC button, or the local form, or how to create an account."""
    st.title(t("access.title"))
    analyst = current_analyst()
    ticket = st.session_state.pop(url_state.SESSION_TICKET, None)
    if analyst and ticket:
        _keep_signed_in(ticket)
    if analyst:
        st.success(t("access.signed_in_as", name=analyst))
        if st.button(t("access.sign_out")):
            if _oidc_configured():
                st.logout()
            st.session_state.pop(url_state.ANALYST, None)
            sessions.end(_session_cookie(), get_store())
            st.rerun()
        return
    if _oidc_configured():
        st.button(t("access.sign_in_provider"), on_click=st.login)
        return
    if not accounts.has_accounts(get_store()):
        st.info(
            t(
                "access.no_accounts", command=".venv/bin/dashboard user add NAME"
            )  # public page: no server path
        )
        return
    with st.form("sign_in"):
        name = st.text_input(t("access.name"))
        password = st.text_input(t("access.password"), type="password")
        submitted = st.form_submit_button(t("access.sign_in"))
    if submitted:
        analyst_account = accounts.sign_in(name.strip(), password, get_store())
        if analyst_account is None:
            st.error(t("access.wrong"))
        else:
            st.session_state[url_state.ANALYST] = analyst_account.name
            if session_routes.mounted():
                st.session_state[url_state.SESSION_TICKET] = sessions.issue_ticket(
                    analyst_account.name, get_store()
                )
            st.rerun()


def _keep_signed_in(ticket: str) -> None:
    """Post the one-time ticket to the session route at once, which answers with the HttpOnly
    cookie and brings the browser back to this page (see dashboard.store.sessions). A form post, so
    the ticket is in no URL; JavaScript only presses the button."""
    st.html(
        f"""<form id="keep-signed-in" method="post" action="{session_routes.START_PATH.lstrip("/")}">
        <input type="hidden" name="ticket" value="{html.escape(ticket)}">
        <input type="hidden" name="next" value="{ACCESS_URL}">
        <input type="hidden" name="lang" value="{url_state.language()}"></form>
        <script>document.getElementById("keep-signed-in").submit();</script>""",
        unsafe_allow_javascript=True,
    )
