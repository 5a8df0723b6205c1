"""A one-button app for measuring whether clicks are answered: each click's callback saves a
numbered presentation version in the store and the page says how many it has answered.

Run by bench/clicks.py and tests/ui/test_click_answers.py through dashboard.testing.start_server,
so it runs with the project's .streamlit/config.toml, as the dashboard does.
"""

import streamlit as st

from dashboard.store import Store
from dashboard.ui.data import get_store

KEY = "click-bench"


def _answer(store: Store) -> None:
    answered = st.session_state.get("answered", 0) + 1
    st.session_state["answered"] = answered
    # One version per click; the session id keeps parallel sessions apart.
    store.save_presentation(f"{KEY}-{st.session_state['session']}", f"click {answered}", user="bench")


st.session_state.setdefault("session", st.query_params.get("session", "0"))
st.button("Opslaan", on_click=_answer, args=(get_store(),))
st.write(f"answered:{st.session_state.get('answered', 0)}")
