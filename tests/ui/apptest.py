"""Opening one page of the whole app (router, sidebar, page) in AppTest, as a link would."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[2] / "app.py")


def open_page(page: str, **query: str) -> AppTest:
    """``app_pages/<page>.py`` opened with ``query`` in the address; fails on any exception."""
    app = AppTest.from_file(APP, default_timeout=90)
    for name, value in query.items():
        app.query_params[name] = value
    app.run()
    app.switch_page(f"app_pages/{page}.py").run()
    assert not app.exception, [exception.message for exception in app.exception]
    return app
