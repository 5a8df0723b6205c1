"""The accessibility statement (after the Dutch model of digitoegankelijk.nl) and the privacy
statement, naming the organisation and contact details of the deployment's branding file."""

from __future__ import annotations

from datetime import date
from typing import Final

import streamlit as st

from dashboard import branding, settings
from dashboard.text import formatting
from dashboard.ui.language import lang, t

# The day this version passed tests/browser/test_accessibility.py (axe-core and keyboard) in
# `make test`. A release that changes the pages runs those tests again and moves this date;
# the statement says "checked on" this day, not "today".
ACCESSIBILITY_CHECKED: Final = date(2026, 12, 5)


def render_accessibility() -> None:
    organisation = _organisation()
    st.title(t("accessibility.title"))
    st.markdown(t("accessibility.intro", organisation=organisation, url=settings.public_url()))
    st.header(t("accessibility.status_heading"))
    st.markdown(t("accessibility.status"))
    st.header(t("accessibility.checked_heading"))
    st.markdown(t("accessibility.checked", checked=formatting.day(ACCESSIBILITY_CHECKED, lang())))
    st.header(t("accessibility.limits_heading"))
    st.markdown(t("accessibility.limits"))
    st.header(t("accessibility.contact_heading"))
    st.markdown(t("accessibility.contact", organisation=_organisation(inline=True)))
    _contact()
    st.markdown(t("accessibility.complaint", organisation=_organisation(inline=True)))


def render_privacy() -> None:
    st.title(t("privacy.title"))
    st.markdown(t("privacy.intro", organisation=_organisation()))
    for heading, body in (
        ("privacy.viewers_heading", "privacy.viewers"),
        ("privacy.analysts_heading", "privacy.analysts"),
        ("privacy.cookies_heading", "privacy.cookies"),
    ):
        st.header(t(heading))
        st.markdown(t(body, organisation=_organisation(inline=True)))
    st.header(t("privacy.contact_heading"))
    st.markdown(t("privacy.contact", organisation=_organisation(inline=True)))
    _contact()


def _organisation(*, inline: bool = False) -> str:
    name = branding.current().name
    if name:
        return name
    return t("statements.organisation_neutral_inline" if inline else "statements.organisation_neutral")


def _contact() -> None:
    contact = branding.current().contact
    form = f"[{contact.web_form}]({contact.web_form})" if contact.web_form else None
    lines = [
        f"- {t(label)}: {value}"
        for label, value in (
            ("statements.email", f"[{contact.email}](mailto:{contact.email})" if contact.email else None),
            ("statements.phone", contact.phone),
            ("statements.web_form", form),
            ("statements.address", contact.address),
        )
        if value
    ]
    if lines:
        st.markdown("\n".join(lines))
    else:
        st.info(t("statements.no_contact"))
