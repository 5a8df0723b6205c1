"""Page-ready, page-switch, map-payload and start-up figures, against an empty Streamlit page.

Run with `make bench`. Every figure is measured in this run, on this machine, next to a
baseline measured the same way (an empty Streamlit page served by the same command), so the
ratios compare like with like. Results are written into bench/README.md between markers.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import Page, sync_playwright
from readme_block import write_block

from dashboard.catalog import pages, params
from dashboard.catalog.datasets import DATASETS
from dashboard.charts import folium_maps, map_layers
from dashboard.testing import CHROMIUM, CHROMIUM_ARGS, start_server  # the tests' server and browser

ROOT = Path(__file__).resolve().parents[1]

PAGES = {page.name: page.url for page in pages.visible_pages(is_analyst=False) if page.name != "present"}
# The municipal map: 342 polygons, the Belgian provinces, the outlines and every point.
PAGES["map (municipalities)"] = f"{PAGES['map']}?level=municipalities"
# What an official opens to compare their own municipality with the groupings.
PAGES["compare (Zwolle, Almere, MRA, Brainport per 100k)"] = (
    f"{PAGES['compare']}?regions=GM0193,GM0034,MRA,BRAINPORT&per=per_100k"
)
# One chart in another site's frame, as the "Insluiten" snippet opens it (no sidebar).
PAGES["embed (one chart, no sidebar)"] = "insluiten?embed=true&chart=compare&regions=GM0034,GM0363"
MUNICIPAL_AREAS = 342
WARM_RUNS = 5
EMPTY_APP = 'import streamlit as st\n\nst.title("Empty")\n'


def wait_ready(page: Page) -> None:
    """Ready = the page's title is drawn and the script has finished running (an embedded
    chart's title is a level-3 heading: the page it sits in has the level-1 one)."""
    page.locator("h3" if "embed=true" in page.url else "h1").first.wait_for(state="visible", timeout=60_000)
    page.locator('[data-testid="stStatusWidget"]').wait_for(state="detached", timeout=60_000)
    if page.locator('iframe[title="streamlit_folium.st_folium"]').count():
        frame = page.frame_locator('iframe[title="streamlit_folium.st_folium"]')
        drawn = MUNICIPAL_AREAS if "level=municipalities" in page.url else 1
        frame.locator("path.leaflet-interactive").nth(drawn - 1).wait_for(state="attached", timeout=60_000)


def ready_time(page: Page, url: str) -> float:
    started = time.perf_counter()
    page.goto(url)
    wait_ready(page)
    return time.perf_counter() - started


def median_ready(page: Page, url: str) -> float:
    ready_time(page, url)  # warm-up: first script run, caches, imports
    return statistics.median(ready_time(page, url) for _ in range(WARM_RUNS))


def switch_time(page: Page, url: str, target_title: str) -> float:
    page.goto(url)
    wait_ready(page)
    started = time.perf_counter()
    page.locator('[data-testid="stSidebarNav"] a').filter(has_text=target_title).first.click()
    page.get_by_role("heading", level=1).filter(has_text=target_title).wait_for(timeout=60_000)
    page.locator('[data-testid="stStatusWidget"]').wait_for(state="detached", timeout=60_000)
    return time.perf_counter() - started


def start_to_usable(browser_page: Page, app: str, database_url: str, log: Path) -> float:
    """From process start to the first page drawn (includes import and seeding if needed)."""
    started = time.perf_counter()
    process, url = start_server(database_url, log, app=app)
    try:
        browser_page.goto(url)
        wait_ready(browser_page)
        return time.perf_counter() - started
    finally:
        process.terminate()
        process.wait(timeout=20)


def map_payload_bytes(level: str) -> int:
    """Bytes of the map document st_folium ships at a level, built as the map page builds it:
    every area with its popup, the groupings' outlines and all point layers."""
    data = {key: dataset.load_curated() for key, dataset in DATASETS.items()}
    content = map_layers.map_content(data, "data_centres", params.LAYERS, level, "nl")
    fmap, _ = folium_maps.build_map(**content.arguments())
    return len(fmap.get_root().render().encode("utf-8"))


def main() -> None:
    results: dict[str, object] = {}
    with tempfile.TemporaryDirectory() as folder_name, sync_playwright() as playwright:
        folder = Path(folder_name)
        empty = folder / "empty_app.py"
        empty.write_text(EMPTY_APP, encoding="utf-8")
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1440, "height": 1000})

        database_url = f"sqlite:///{folder / 'store.sqlite3'}"
        results["start_empty_s"] = start_to_usable(page, str(empty), database_url, folder / "empty.log")
        results["start_cold_store_s"] = start_to_usable(page, "app.py", database_url, folder / "cold.log")
        results["start_s"] = start_to_usable(page, "app.py", database_url, folder / "warm.log")

        empty_process, empty_url = start_server(database_url, folder / "empty2.log", app=str(empty))
        app_process, app_url = start_server(database_url, folder / "app.log")
        try:
            results["empty_ready_s"] = median_ready(page, empty_url)
            results["pages"] = {name: median_ready(page, f"{app_url}/{path}") for name, path in PAGES.items()}
            switches = [switch_time(page, f"{app_url}/", "Vergelijk") for _ in range(3)]
            switches += [switch_time(page, f"{app_url}/vergelijk", "Datacenters") for _ in range(3)]
            results["switch_median_s"] = statistics.median(switches)
            results["switch_max_s"] = max(switches)
        finally:
            for process in (empty_process, app_process):
                process.terminate()
                process.wait(timeout=20)
        browser.close()
    results["map_payload_bytes"] = map_payload_bytes("provinces")
    results["map_payload_municipal_bytes"] = map_payload_bytes("municipalities")
    write_report(results)
    print(json.dumps(results, indent=2))


def write_report(results: dict[str, object]) -> None:
    empty = float(results["empty_ready_s"])  # type: ignore[arg-type]
    pages: dict[str, float] = results["pages"]  # type: ignore[assignment]
    provinces_kb = int(results["map_payload_bytes"]) / 1024  # type: ignore[call-overload]
    municipal_kb = int(results["map_payload_municipal_bytes"]) / 1024  # type: ignore[call-overload]
    lines = [
        f"Measured {time.strftime('%Y-%m-%d')} on {os.cpu_count()} cores, Python {sys.version.split()[0]}; "
        f"median of {WARM_RUNS} warm loads in headless Chromium.",
        "",
        "| figure | value | ratio to baseline | target |",
        "| --- | --- | --- | --- |",
        f"| empty Streamlit page ready (baseline) | {empty:.3f} s | 1.00× | |",
    ]
    for name, seconds in pages.items():
        lines.append(f"| page ready: {name} | {seconds:.3f} s | {seconds / empty:.2f}× | ≤ 1.3× |")
    lines += [
        f"| page switch (median / max of 6) | {results['switch_median_s']:.3f} / "
        f"{results['switch_max_s']:.3f} s | | ≤ 0.4 s |",
        f"| map payload: provinces, outlines and all points | {provinces_kb:.1f} KB | | ≤ 150 KB |",
        f"| map payload: 342 municipalities, Belgian provinces, outlines and all points | "
        f"{municipal_kb:.1f} KB | | ≤ 300 KB |",
        f"| process start to first page usable (store seeded) | {results['start_s']:.2f} s "
        f"| {float(results['start_s']) / float(results['start_empty_s']):.2f}× of empty app "  # type: ignore[arg-type]
        f"({results['start_empty_s']:.2f} s) | ≤ 3.5 s |",
        f"| same, first start on an empty store (seeding) | {results['start_cold_store_s']:.2f} s | | |",
    ]
    print(write_block("pages", lines, "## `pages.py`"))


if __name__ == "__main__":
    if not CHROMIUM.exists():
        sys.exit("bench needs Debian's chromium: apt-get install chromium")
    subprocess.run(
        [sys.executable, "-m", "dashboard.cli", "seed"],
        check=True,
        cwd=ROOT,
        env={**os.environ},
        capture_output=True,
    )
    main()
