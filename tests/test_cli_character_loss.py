"""`dashboard validate` and `import` with a Dutch CSV that lost characters (issue 14).

The files were saved by LibreOffice Calc from the dashboard's export
(scripts/make_character_loss_fixtures.py); the CLI runs as a real subprocess.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from dashboard.catalog import datasets
from dashboard.files.upload import read_upload
from dashboard.store import Store

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "character_loss"


def run(*arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "dashboard.cli", *arguments],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture
def centres_with_notes(database_url: str) -> Store:
    """A store whose current data centres hold → ≥ ł ő, a prime and an emoji in their notes, as an
    analyst's earlier UTF-8 upload left them (version 2)."""
    store = Store(database_url)
    store.ensure_ready()
    dataset = datasets.get("data_centres")
    frame, report = read_upload((FIXTURES / "data_centres-export.csv").read_bytes(), "export.csv", dataset)
    assert report.ok
    store.publish("data_centres", frame, user="bob", based_on=1, origin="upload")
    return store


def test_validate_lists_the_cells_under_their_own_code_and_exits_1(centres_with_notes: Store) -> None:
    path = FIXTURES / "data_centres-libreoffice-cp1252.csv"
    result = run("validate", str(path), "--dataset", "data_centres", "--json")
    assert result.returncode == 1, result.stdout + result.stderr
    report = json.loads(result.stdout)
    assert (report["ok"], report["encoding"]) == (False, "cp1252")
    lost = [problem for problem in report["problems"] if problem["code"] == "character_loss"]
    assert lost == report["problems"]
    assert [(problem["row"], problem["column"]) for problem in lost] == [(row, "note") for row in range(2, 7)]
    assert (lost[0]["before"], lost[0]["after"], lost[0]["value"]) == (
        ["→"],
        ["?"],
        "Capaciteit 10 ? 20 MW (uitbreiding)",
    )
    assert (lost[1]["before"], lost[1]["after"]) == (["′", "″", "≥"], ["'", '"', "?"])
    assert "Save the file as ‘CSV UTF-8’" in lost[0]["message"]


def test_validate_says_it_in_dutch(centres_with_notes: Store) -> None:
    path = FIXTURES / "data_centres-libreoffice-cp1252.csv"
    result = run("validate", str(path), "--dataset", "data_centres", "--lang", "nl")
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 5
    assert lines[0].startswith("Tekens die cp1252 niet kent, zijn vervangen: ‘→’ → ‘?’.")


def test_import_refuses_in_one_line_and_publishes_nothing(centres_with_notes: Store) -> None:
    path = FIXTURES / "data_centres-libreoffice-cp1252.csv"
    versions = len(centres_with_notes.history("data_centres"))
    result = run("import", str(path), "--dataset", "data_centres", "--user", "ana")
    assert result.returncode == 1
    assert result.stdout == ""
    (line,) = result.stderr.strip().splitlines()
    assert "5 cells lost characters cp1252 cannot hold" in line
    assert "--allow-character-loss" in line
    assert "Traceback" not in result.stderr
    assert len(centres_with_notes.history("data_centres")) == versions
    assert centres_with_notes.load("data_centres")["note"].iloc[0] == "Capaciteit 10 → 20 MW (uitbreiding)"


def test_import_with_allow_character_loss_publishes_what_the_file_holds(centres_with_notes: Store) -> None:
    path = FIXTURES / "data_centres-libreoffice-cp1252.csv"
    result = run("import", str(path), "--dataset", "data_centres", "--user", "ana", "--allow-character-loss")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "3"
    notes = centres_with_notes.load("data_centres")["note"]
    assert notes.iloc[0] == "Capaciteit 10 ? 20 MW (uitbreiding)"


def test_the_curated_events_saved_as_dutch_csv_are_refused(database_url: str) -> None:
    """The issue's own case on the shipped data: no earlier upload needed."""
    path = FIXTURES / "events-libreoffice-cp1252.csv"
    result = run("validate", str(path), "--dataset", "events", "--json")
    assert result.returncode == 1
    (problem,) = json.loads(result.stdout)["problems"]
    assert (problem["code"], problem["row"], problem["column"]) == ("character_loss", 4, "note")
    assert run("import", str(path), "--dataset", "events", "--user", "ana").returncode == 1
    assert Store(database_url).current_version("events") == 1


def test_a_dutch_csv_that_became_pure_ascii_is_refused_too(database_url: str) -> None:
    store = Store(database_url)
    store.ensure_ready()
    dataset = datasets.get("data_centres")
    export = (FIXTURES / "data_centres_ascii-export.csv").read_bytes()
    frame, _ = read_upload(export, "export.csv", dataset)
    store.publish("data_centres", frame, user="bob", based_on=1, origin="upload")
    path = FIXTURES / "data_centres_ascii-libreoffice-cp1252.csv"
    result = run("import", str(path), "--dataset", "data_centres", "--user", "ana")
    assert result.returncode == 1
    assert "2 cells lost characters ASCII cannot hold" in result.stderr
    assert store.current_version("data_centres") == 2


@pytest.mark.parametrize("name", ["data_centres-libreoffice-utf8.csv", "data_centres-libreoffice.xlsx"])
def test_utf_8_and_workbooks_pass(centres_with_notes: Store, name: str) -> None:
    result = run("validate", str(FIXTURES / name), "--dataset", "data_centres", "--json")
    assert result.returncode == 0, result.stdout
    assert json.loads(result.stdout)["problems"] == []


def test_the_flag_is_in_the_help() -> None:
    result = run("import", "--help")
    assert "--allow-character-loss" in result.stdout
