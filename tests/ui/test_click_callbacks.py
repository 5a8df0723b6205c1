"""A click is answered even when another request reaches the server while its callback runs
(issue 14: "Opslaan op de server" sometimes got no answer and saved nothing under load).

Driven over Streamlit's websocket protocol, so the second request arrives at a moment a
browser only hits by chance: bench/click_app.py's callback waits 0.3 s (``?slow=1``) before
it touches session state, and each click is followed at once by a plain rerun, as a
navigation or a second click would send. Each answered click saves one version in the store.
"""

from __future__ import annotations

import time
from pathlib import Path

from dashboard.store import Store
from dashboard.testing import start_server
from dashboard.ui.app_socket import AppSocket

CLICKS = 5


def clicks_stored(tmp_path: Path, query: str) -> tuple[int, int]:
    """(clicks the page says it answered, versions in the store) after CLICKS clicks."""
    url = f"sqlite:///{tmp_path / 'store.sqlite3'}"
    server, app_url = start_server(url, tmp_path / "server.log", app="bench/click_app.py")
    try:
        session = AppSocket(app_url, f"session=test&slow=1{query}")
        for _ in range(CLICKS):
            session.rerun("Opslaan")
            session.rerun()  # at once: arrives while the click's callback runs
            session.read_run()
            time.sleep(0.5)
            session.read_run(0.5)
        session.rerun()
        session.read_run()
        answered = int(session.texts[-1].split(":")[1])
        session.close()
    finally:
        server.terminate()
        server.wait(timeout=20)
    store = Store(url)
    stored = len(store.presentation_history("click-bench-test"))
    store.engine.dispose()
    return answered, stored


def test_every_click_is_answered_and_stored_when_another_request_follows(tmp_path: Path) -> None:
    assert clicks_stored(tmp_path, "") == (CLICKS, CLICKS)


def test_without_the_fix_streamlit_drops_such_clicks(tmp_path: Path) -> None:
    """The control: Streamlit's own behaviour loses them, so the test above can fail."""
    answered, stored = clicks_stored(tmp_path, "&unfixed=1")
    assert stored == answered
    assert stored < CLICKS
