"""The `dashboard` command as automation uses it: a real subprocess on an empty store."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import pytest

from dashboard import datasets


def run(*arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "dashboard.cli", *arguments],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_datasets_json_describes_every_dataset() -> None:
    result = run("datasets", "--json")
    assert result.returncode == 0, result.stderr
    described = {entry["key"]: entry for entry in json.loads(result.stdout)}
    assert set(described) == set(datasets.DATASETS)
    events = described["events"]
    assert events["primary_key"] == ["event_id", "edition", "measure", "claim_type", "ref_date"]
    columns = {column["name"]: column for column in events["columns"]}
    assert columns["value_low"] == {"name": "value_low", "type": "float64", "required": False}
    assert columns["source_id"]["required"] is True


def test_export_seeds_an_empty_store_and_prints_the_current_version(database_url: str) -> None:
    result = run("export", "campuses")
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert list(rows[0]) == datasets.get("campuses").columns
    assert len(rows) == len(datasets.get("campuses").load_curated())


def test_template_is_the_header_only() -> None:
    result = run("template", "data_centres")
    assert result.returncode == 0
    assert result.stdout.strip().split(",") == datasets.get("data_centres").columns


@pytest.mark.parametrize(
    "arguments",
    [
        pytest.param(("export", "nope"), id="unknown-dataset"),
        pytest.param(("frobnicate",), id="unknown-command"),
        pytest.param((), id="no-command"),
    ],
)
def test_bad_arguments_give_one_line_and_exit_2(arguments: tuple[str, ...], database_url: str) -> None:
    result = run(*arguments)
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert "Traceback" not in result.stderr
