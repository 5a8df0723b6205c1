"""The app server: Streamlit's pages (app.py) plus the route that sets the analysts' HttpOnly
session cookie (dashboard.ui.session_routes). Run it as ``streamlit run serve.py``."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from dashboard.ui import session_routes

app = st.App(Path(__file__).with_name("app.py"), routes=session_routes.routes())
