"""Every click's callback runs to its end, even when another request arrives meanwhile.

Streamlit (1.67) lets a newer rerun request interrupt the run that carries a click at any
access to ``st.session_state``: first at the top of ``SafeSessionState.on_script_will_rerun``,
before the click is applied, and then inside the callback itself, at its first read or write
of session state. The replacing run gets the newer request, in which the browser has already
cleared the click, so the callback never runs or stops halfway: a save without an answer and
without a write (issue 14; ``bench/clicks.py`` measured 14 of 40 clicks stored under load).

:func:`install` makes applying the widget states and running the callbacks one uninterrupted
step. Callbacks are short (a store write, a message), and Streamlit checks for a newer request
right after them, so the newer request still wins at once, only after the click's answer.
"""

from __future__ import annotations

from typing import Any

from streamlit.runtime.state.safe_session_state import SafeSessionState

_original = SafeSessionState.on_script_will_rerun


def _apply_click_then_yield(self: SafeSessionState, fresh_widget_states: Any, **kwargs: Any) -> None:
    """``on_script_will_rerun`` with the session's yield check switched off while it runs."""
    yield_check = self._yield_callback
    # SafeSessionState forwards attribute writes to the session, hence object.__setattr__.
    object.__setattr__(self, "_yield_callback", lambda: None)
    try:
        _original(self, fresh_widget_states, **kwargs)
    finally:
        object.__setattr__(self, "_yield_callback", yield_check)


def install() -> None:
    """Once per server process; later calls change nothing."""
    SafeSessionState.on_script_will_rerun = _apply_click_then_yield  # type: ignore[method-assign]
