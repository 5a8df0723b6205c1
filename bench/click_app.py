"""A one-button app for measuring whether clicks are answered: each click's callback saves a
numbered presentation version in the store and the page says how many it has answered.

Run by bench/clicks.py and tests/ui/test_click_callbacks.py through dashboard.testing.start_server,
so it runs with the project's .streamlit/config.toml, as the dashboard does.
"""

import time

import streamlit as st

from dashboard.store import Store
from dashboard.ui import callbacks
from dashboard.ui.data import get_store

# As app.py does; ?unfixed=1 shows Streamlit's own behaviour (only in a server of its own:
# the fix is per process).
if st.query_params.get("unfixed") != "1":
    callbacks.install()

KEY = "click-bench"


def _answer(store: Store) -> None:
    # ?slow=1: the callback takes a moment before it touches session state, so a request sent
    # right after the click always arrives while it runs (the regression test's condition).
    if st.query_params.get("slow") == "1":
        time.sleep(0.3)
    answered = st.session_state.get("answered", 0) + 1
    st.session_state["answered"] = answered
    # One version per click, each with its own content (the store does not repeat an
    # identical save); the session id keeps parallel sessions apart.
    content = f"click {answered} at {time.monotonic_ns()}"
    store.save_presentation(f"{KEY}-{st.session_state['session']}", content, user="bench")


st.session_state.setdefault("session", st.query_params.get("session", "0"))
st.button("Opslaan", on_click=_answer, args=(get_store(),))
st.write(f"answered:{st.session_state.get('answered', 0)}")
