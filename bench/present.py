"""Presenter figures: time from "next" to the next slide drawn, and the present page's
first-visit bytes, each next to a minimal Streamlit app measured the same way in this run.
Writes bench/README.md between markers.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from playwright.sync_api import Browser, Page, sync_playwright
from readme_block import write_block

from dashboard.testing import CHROMIUM, CHROMIUM_ARGS, start_server  # the tests' server and browser

RUNS = 5
# The baseline: a one-button app whose title changes on click, like a slide change.
BASELINE_APP = """import streamlit as st

count = st.session_state.setdefault("count", 0)
st.title(f"Slide {count}")
if st.button("Next"):
    st.session_state["count"] = count + 1
    st.rerun()
"""


def first_visit_bytes(browser: Browser, url: str) -> int:
    """Bytes of every HTTP response a first visit with an empty cache receives."""
    context = browser.new_context()
    page = context.new_page()
    sizes: list[int] = []

    def record(response: object) -> None:
        try:
            sizes.append(len(response.body()))  # type: ignore[attr-defined]
        except Exception:  # redirects and aborted requests have no body
            return

    page.on("response", record)
    page.goto(url)
    page.locator("h1").first.wait_for(timeout=60_000)
    page.wait_for_timeout(2000)
    context.close()
    return sum(sizes)


def next_to_drawn(page: Page, url: str, button: str) -> list[float]:
    page.goto(url)
    heading = page.locator("h1").first
    heading.wait_for(timeout=60_000)
    page.wait_for_timeout(1500)
    times = []
    for _ in range(RUNS + 1):
        before = heading.inner_text()
        started = time.perf_counter()
        page.get_by_role("button", name=button).click()
        page.wait_for_function(
            "previous => document.querySelector('h1') && document.querySelector('h1').innerText !== previous",
            arg=before,
            timeout=30_000,
        )
        page.locator('[data-testid="stStatusWidget"]').wait_for(state="detached", timeout=30_000)
        times.append(time.perf_counter() - started)
    return times[1:]  # the first click warms caches


def main() -> None:
    with tempfile.TemporaryDirectory() as folder_name, sync_playwright() as playwright:
        folder = Path(folder_name)
        baseline_app = folder / "baseline.py"
        baseline_app.write_text(BASELINE_APP, encoding="utf-8")
        database = f"sqlite:///{folder / 'store.sqlite3'}"
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        baseline, baseline_url = start_server(database, folder / "baseline.log", app=str(baseline_app))
        app, app_url = start_server(database, folder / "app.log")
        try:
            page = browser.new_page(viewport={"width": 1920, "height": 1080})
            page.goto(app_url)
            page.locator("h1").first.wait_for(timeout=60_000)
            results = {
                "baseline_bytes": first_visit_bytes(browser, baseline_url),
                "present_bytes": first_visit_bytes(browser, f"{app_url}/presenteren?interval=60"),
                "baseline_next": next_to_drawn(page, baseline_url, "Next"),
                "present_next": next_to_drawn(page, f"{app_url}/presenteren?interval=60&lang=en", "Next ▶"),
            }
        finally:
            for process in (baseline, app):
                process.terminate()
                process.wait(timeout=20)
            browser.close()
    write_report(results)


def write_report(results: dict[str, object]) -> None:
    base_next = statistics.median(results["baseline_next"])  # type: ignore[arg-type]
    present_next = statistics.median(results["present_next"])  # type: ignore[arg-type]
    base_bytes, present_bytes = int(results["baseline_bytes"]), int(results["present_bytes"])  # type: ignore[call-overload]
    lines = [
        f"Measured {time.strftime('%Y-%m-%d')}; median of {RUNS} clicks after one warm-up, 1920×1080, "
        "uncompressed bytes (Streamlit serves no gzip; a proxy would cut them).",
        "",
        "| figure | value | ratio to baseline |",
        "| --- | --- | --- |",
        f"| one-button Streamlit app: click to new title (baseline) | {base_next:.3f} s | 1.00× |",
        f"| present page: Next to the next slide drawn | {present_next:.3f} s "
        f"| {present_next / base_next:.2f}× |",
        f"| one-button Streamlit app: first-visit bytes (baseline) | {base_bytes / 1e6:.2f} MB | 1.00× |",
        f"| present page: first-visit bytes | {present_bytes / 1e6:.2f} MB "
        f"| {present_bytes / base_bytes:.2f}× |",
    ]
    print(write_block("present", lines, "## `present.py`"))


if __name__ == "__main__":
    main()
