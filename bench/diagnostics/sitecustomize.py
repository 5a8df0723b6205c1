"""Diagnostics for lost clicks (issue 14), loaded by a Streamlit server that has this folder
first on its PYTHONPATH, e.g. ``start_server(..., env={"PYTHONPATH": "bench/diagnostics:src"})``.

The server's log then shows each rerun request, each run with the click triggers it carries,
each ``RerunException``, and which widgets changed when the callbacks ran. With
``CLICK_PATCH=1`` it also takes out the yield at the top of
``SafeSessionState.on_script_will_rerun`` (an experiment, see bench/README.md).
"""

from __future__ import annotations

import os
import sys
import threading
import time
from typing import Any

from streamlit.runtime import app_session
from streamlit.runtime.scriptrunner import script_runner
from streamlit.runtime.state import safe_session_state, session_state


def _log(*parts: object) -> None:
    moment = f"{time.monotonic():.3f} {threading.current_thread().name[-12:]}"
    print(f"[diag {moment}]", *parts, file=sys.stderr, flush=True)


def _triggers(states: Any) -> list[str]:
    if not states:
        return []
    return [w.id[-6:] for w in states.widgets if w.WhichOneof("value") == "trigger_value" and w.trigger_value]


def _wrap(owner: Any, name: str, before: Any) -> None:
    original = getattr(owner, name)

    def wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
        before(self, *args, **kwargs)
        return original(self, *args, **kwargs)

    setattr(owner, name, wrapper)


_wrap(
    app_session.AppSession,
    "request_rerun",
    lambda self, state: _log("REQ trig=", _triggers(state.widget_states) if state else None),
)
_wrap(
    script_runner.ScriptRunner,
    "_run_script",
    lambda self, data: _log("RUN trig=", _triggers(data.widget_states)),
)
_wrap(
    script_runner.RerunException,
    "__init__",
    lambda self, data: _log("RERUN-EXC trig=", _triggers(data.widget_states)),
)
_wrap(
    session_state.SessionState,
    "on_script_will_rerun",
    lambda self, states, **_: _log("WILL trig=", _triggers(states)),
)
_wrap(
    session_state.SessionState,
    "_call_callbacks",
    lambda self, *_, **__: _log(
        "CB changed=", [w[-6:] for w in self._new_widget_state if self._widget_changed(w)]
    ),
)

if os.environ.get("CLICK_PATCH"):

    def _apply_then_call_callbacks(self: Any, fresh_widget_states: Any, **kwargs: Any) -> None:
        with self._lock:
            self._state.on_script_will_rerun(fresh_widget_states, **kwargs)

    safe_session_state.SafeSessionState.on_script_will_rerun = _apply_then_call_callbacks
    _log("PATCHED")
