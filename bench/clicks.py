"""Are clicks answered when another request follows at once? Prints answered / stored /
duplicated clicks for Streamlit's fastReruns on and off, with busy loops loading the cores.

Each click goes to bench/click_app.py over Streamlit's own websocket protocol
(dashboard.ui.app_socket) and is followed at once by a plain rerun, as a navigation or a
second click right after it would be. The app's callback saves one presentation version per
click, so "stored" counts what reached the store. Not a timed test: a figure to compare.

    .venv/bin/python bench/clicks.py [--clicks 100] [--busy 2]
"""

from __future__ import annotations

import argparse
import multiprocessing
import tempfile
import time
from pathlib import Path

from dashboard.store import Store
from dashboard.testing import start_server
from dashboard.ui.app_socket import AppSocket


def _busy() -> None:
    while True:
        pass


def run(clicks: int, fast_reruns: bool, folder: Path) -> tuple[int, int]:
    """(answered, stored) for ``clicks`` clicks, each followed at once by another request."""
    url = f"sqlite:///{folder / f'fast-{fast_reruns}.sqlite3'}"
    server, app_url = start_server(
        url,
        folder / f"fast-{fast_reruns}.log",
        app="bench/click_app.py",
        env={"STREAMLIT_RUNNER_FAST_RERUNS": str(fast_reruns).lower()},
    )
    try:
        session = AppSocket(app_url, "session=bench")
        for _ in range(clicks):
            session.rerun("Opslaan")
            session.rerun()
            session.read_run()
            time.sleep(0.2)
            session.read_run(0.3)
        time.sleep(1)
        session.read_run(1)
        session.rerun()
        session.read_run()
        answered = int(session.texts[-1].split(":")[1])
        session.close()
    finally:
        server.terminate()
        server.wait(timeout=20)
    store = Store(url)
    stored = len(store.presentation_history("click-bench-bench"))
    store.engine.dispose()
    return answered, stored


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clicks", type=int, default=100)
    parser.add_argument("--busy", type=int, default=2, help="busy loops loading the cores")
    arguments = parser.parse_args()
    loops = [multiprocessing.Process(target=_busy, daemon=True) for _ in range(arguments.busy)]
    for loop in loops:
        loop.start()
    try:
        with tempfile.TemporaryDirectory() as folder:
            for fast_reruns in (True, False):
                answered, stored = run(arguments.clicks, fast_reruns, Path(folder))
                n = arguments.clicks
                print(
                    f"fastReruns={str(fast_reruns).lower():5}  answered {answered}/{n}, stored {stored}/{n}, "
                    f"duplicates {max(0, stored - n)}",
                    flush=True,
                )
    finally:
        for loop in loops:
            loop.terminate()


if __name__ == "__main__":
    main()
