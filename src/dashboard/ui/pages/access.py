"""The analyst sign-in page: the identity provider's button, the local form, or how to create
an account; and signing out. Who is signed in is decided by :mod:`dashboard.ui.access`."""

from __future__ import annotations

import html

import streamlit as st

from dashboard.store import accounts, sessions
from dashboard.ui import session_routes, url_state
from dashboard.ui.access import (
    ACCESS_URL,
    current_analyst,
    oidc_configured,
    provider_account,
    provider_reachable,
    refuse_viewer_message,
    session_cookie,
)
from dashboard.ui.data import get_store
from dashboard.ui.language import t


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
            if oidc_configured():
                # No rerun after it: a rerun drops st.logout's redirect to /auth/logout, and the
                # identity cookie (and the provider's session) would outlive the sign-out.
                st.logout()
                return
            st.session_state.pop(url_state.ANALYST, None)
            sessions.end(session_cookie(), get_store())
            st.rerun()
        return
    if oidc_configured():
        _render_provider_sign_in()
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


def _render_provider_sign_in() -> None:
    """Signed in through the provider but not an analyst: say so, and offer to sign out (to
    sign in with another account). Not signed in: the provider's button, if it can be reached."""
    if provider_account() is not None:
        st.warning(refuse_viewer_message())
        if st.button(t("access.sign_out")):
            st.logout()
        return
    if st.button(t("access.sign_in_provider")):
        if provider_reachable():
            st.login()
        else:
            st.error(t("access.provider_unreachable"))


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
