"""The app server: Streamlit's pages (app.py) plus the route that sets the analysts' HttpOnly
session cookie (dashboard.ui.session_routes) and the headers that say which sites may frame
the pages (dashboard.ui.frame_headers). Run it as ``streamlit run serve.py``."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from dashboard import branding
from dashboard.present import embeds
from dashboard.ui import frame_headers, session_routes, theme

try:
    theme.use_branding_colour()  # before the first session: each session gets the theme at its start
except branding.BrandingError as error:
    # Refused at start, where the operator looks, rather than a dashboard in the wrong colours.
    raise SystemExit(f"dashboard: {error}") from None
try:
    framing = frame_headers.middleware()  # which other sites may show the charts in an iframe
except embeds.FramingError as error:
    raise SystemExit(f"dashboard: {error}") from None

app = st.App(Path(__file__).with_name("app.py"), routes=session_routes.routes(), middleware=framing)
