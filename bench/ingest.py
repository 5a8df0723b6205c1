"""Upload figures: validating a 200,000-row Dutch Excel file against raw pyarrow, and
publishing 200,000 rows to SQLite and PostgreSQL. Writes bench/README.md between markers.

The file is written the way Dutch Excel writes it (cp1252, `;`, decimal comma, a euro
sign in the notes). Both readers get the same bytes in the same run; the baseline gets
the right options handed to it, while read_upload has to detect them.
"""

from __future__ import annotations

import io
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.csv as pcsv
from readme_block import write_block

from dashboard.catalog import datasets
from dashboard.files import upload
from dashboard.store import Store
from dashboard.testing import PostgresServer, postgres_bin_dir  # the tests' server, reused

ROWS = 200_000
RUNS = 5


def dutch_excel_file() -> tuple[pd.DataFrame, bytes]:
    curated = datasets.get("data_centres").load_curated()
    big = curated.iloc[np.arange(ROWS) % len(curated)].reset_index(drop=True)
    big["dc_id"] = [f"dc-{index}" for index in range(ROWS)]
    big["note"] = big["note"].str.slice(0, 30) + " €"
    text = big.to_csv(sep=";", decimal=",", index=False, lineterminator="\r\n")
    return big, text.encode("cp1252")


def timed(function: Callable[[], object]) -> list[float]:
    function()  # warm-up
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return times


def main() -> None:
    frame, data = dutch_excel_file()
    dataset = datasets.get("data_centres")
    limits = upload.Limits(max_bytes=len(data) + 1)

    def baseline() -> object:
        return pcsv.read_csv(
            io.BytesIO(data),
            read_options=pcsv.ReadOptions(encoding="cp1252"),
            parse_options=pcsv.ParseOptions(delimiter=";"),
            convert_options=pcsv.ConvertOptions(decimal_point=","),
        )

    def validated() -> object:
        result, report = upload.read_upload(data, "datacenters.csv", dataset, limits=limits)
        if not report.ok or result is None or len(result) != ROWS:
            raise SystemExit(f"the benchmark file did not validate: {report.problems[:3]}")
        return result

    pyarrow_times, ours_times = timed(baseline), timed(validated)
    publish: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory() as folder:
        publish["SQLite"] = publish_times(f"sqlite:///{Path(folder) / 'bench.sqlite3'}", frame)
    if postgres_bin_dir():
        server = PostgresServer(Path(tempfile.mkdtemp(prefix="dashboard-pg-bench-")))
        server.start()
        try:
            publish["PostgreSQL"] = publish_times(server.url(), frame)
        finally:
            server.stop()
    write_report(len(data), pyarrow_times, ours_times, publish)


def publish_times(url: str, frame: pd.DataFrame) -> list[float]:
    store = Store(url)
    store.ensure_ready()
    times = []
    for _ in range(3):
        based_on = store.current_version("data_centres")
        started = time.perf_counter()
        store.publish("data_centres", frame, user="bench", based_on=based_on)
        times.append(time.perf_counter() - started)
    store.engine.dispose()
    return times


def write_report(
    size: int, pyarrow_times: list[float], ours: list[float], publish: dict[str, list[float]]
) -> None:
    base, mine = statistics.median(pyarrow_times), statistics.median(ours)
    lines = [
        f"{ROWS:,} data-centre rows, {size / 1e6:.1f} MB as Dutch Excel writes them (cp1252, `;`, decimal "
        f"comma); median of {RUNS} runs after a warm-up, measured {time.strftime('%Y-%m-%d')}.",
        "",
        "| figure | seconds | ratio | target |",
        "| --- | --- | --- | --- |",
        f"| `pyarrow.csv.read_csv` with the right options (baseline) | {base:.3f} | 1.0× | |",
        f"| `upload.read_upload`: detect, parse, convert, validate, report | {mine:.3f} "
        f"| {mine / base:.1f}× | ≤ 10× |",
    ]
    for database, times in publish.items():
        lines.append(
            f"| publish 200,000 rows to {database} (median of 3) | {statistics.median(times):.3f} | | |"
        )
    if "PostgreSQL" not in publish:
        lines.append("| publish to PostgreSQL | not measured: Debian's postgresql is not installed | | |")
    print(write_block("ingest", lines, "## `files/upload.py`"))


if __name__ == "__main__":
    main()
