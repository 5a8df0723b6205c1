"""The `dashboard` command as automation uses it: a real subprocess on an empty store."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pptx
import pytest
from pptx.enum.shapes import MSO_SHAPE_TYPE

from dashboard.catalog import datasets
from dashboard.store import Store
from dashboard.testing import refuse_inserts


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


def dutch_excel_bytes(key: str) -> bytes:
    """The curated data as Dutch Excel saves it: cp1252, semicolons, decimal commas."""
    frame = datasets.get(key).load_curated()
    return frame.to_csv(sep=";", decimal=",", index=False, lineterminator="\r\n").encode("cp1252")


def test_validate_reports_a_dutch_excel_file_as_valid(tmp_path: Path, database_url: str) -> None:
    path = tmp_path / "datacenters.csv"
    path.write_bytes(dutch_excel_bytes("data_centres"))
    result = run("validate", str(path), "--dataset", "data_centres", "--json")
    assert result.returncode == 0, result.stdout + result.stderr
    report = json.loads(result.stdout)
    assert (report["ok"], report["encoding"], report["delimiter"], report["decimal"]) == (
        True,
        "cp1252",
        ";",
        ",",
    )
    assert report["rows"] == len(datasets.get("data_centres").load_curated())
    assert report["problems"] == []


def test_validate_lists_row_level_problems_and_exits_1(tmp_path: Path, database_url: str) -> None:
    text = dutch_excel_bytes("data_centres").decode("cp1252").splitlines()
    fields = text[1].split(";")
    fields[datasets.get("data_centres").columns.index("status")] = "half open"
    text[1] = ";".join(fields)
    path = tmp_path / "broken.csv"
    path.write_bytes("\r\n".join(text).encode("cp1252"))
    result = run("validate", str(path), "--dataset", "data_centres", "--json")
    assert result.returncode == 1
    problems = json.loads(result.stdout)["problems"]
    assert [(problem["row"], problem["column"], problem["value"]) for problem in problems] == [
        (2, "status", "half open")
    ]
    assert problems[0]["message"]


def test_validate_an_unreadable_file_exits_2(tmp_path: Path, database_url: str) -> None:
    path = tmp_path / "photo.csv"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    assert run("validate", str(path), "--dataset", "events").returncode == 2
    assert run("validate", str(tmp_path / "missing.csv"), "--dataset", "events").returncode == 2


def test_import_history_rollback_and_export_round_trip(tmp_path: Path, database_url: str) -> None:
    rows = dutch_excel_bytes("campuses").decode("cp1252").splitlines()
    path = tmp_path / "campussen.csv"
    path.write_bytes("\r\n".join(rows[:-1]).encode("cp1252"))  # drop the last row
    result = run("import", str(path), "--dataset", "campuses", "--user", "ana", "--note", "dropped one")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "2"

    history = json.loads(run("history", "campuses", "--json").stdout)
    assert [(entry["version"], entry["created_by"], entry["file_name"]) for entry in history] == [
        (2, "ana", "campussen.csv"),
        (1, "system", "data/campuses.csv"),
    ]
    assert history[0]["row_count"] == len(rows) - 2
    assert len(history[0]["sha256"]) == 64

    assert run("rollback", "campuses", "1", "--user", "bob").stdout.strip() == "3"
    exported = run("export", "campuses").stdout
    assert len(list(csv.DictReader(io.StringIO(exported)))) == len(rows) - 1
    old = run("export", "campuses", "--version", "2").stdout
    assert len(list(csv.DictReader(io.StringIO(old)))) == len(rows) - 2
    assert run("export", "campuses", "--version", "9").returncode == 2


def test_import_and_rollback_the_database_refuses_say_so(tmp_path: Path, database_url: str) -> None:
    path = tmp_path / "campussen.csv"
    path.write_bytes(dutch_excel_bytes("campuses"))
    assert run("import", str(path), "--dataset", "campuses", "--user", "ana").returncode == 0
    store = Store(database_url)
    refuse_inserts(store, "dataset_versions")
    for result in (
        run("import", str(path), "--dataset", "campuses", "--user", "ana"),
        run("rollback", "campuses", "1", "--user", "bob"),
    ):
        assert result.returncode == 1
        assert "campuses: version 3 was not published" in result.stderr
        assert "Traceback" not in result.stderr
    assert store.current_version("campuses") == 2


def test_the_upload_size_limit_is_configurable(
    tmp_path: Path, database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "datacenters.csv"
    path.write_bytes(dutch_excel_bytes("data_centres"))
    monkeypatch.setenv("DASHBOARD_MAX_UPLOAD_MB", "0.001")
    result = run("validate", str(path), "--dataset", "data_centres", "--json", "--lang", "nl")
    assert result.returncode == 2
    (problem,) = json.loads(result.stdout)["problems"]
    assert problem["code"] == "too_large"


@pytest.mark.skipif(not Path("/usr/bin/chromium").exists(), reason="chart images need Debian's chromium")
def test_slides_writes_the_default_presentation_as_a_deck(tmp_path: Path, database_url: str) -> None:
    output = tmp_path / "deck.pptx"
    result = run("slides", "--lang", "en", "--output", str(output))
    assert result.returncode == 0, result.stderr
    deck = pptx.Presentation(str(output))
    titles = [slide.shapes.title.text for slide in deck.slides]
    assert titles[0] == "Digital ecosystems compared"
    assert titles[1:3] == [
        "Operating data centres named in the sources",
        "Floriade Expo 2022: Visitors",
    ]
    assert len(titles) == 1 + 5
    floriade = list(deck.slides)[2]
    lines = [
        paragraph.text
        for shape in floriade.shapes
        if shape.has_text_frame and shape != floriade.shapes.title
        for paragraph in shape.text_frame.paragraphs
    ]
    note, source_line = lines
    assert note.startswith("Each marker sits at the date")
    assert "nieuws.nl (ANP), 9 Oct 2022" in source_line
    assert "confidence:" in source_line
    assert len([shape for shape in floriade.shapes if shape.shape_type == MSO_SHAPE_TYPE.PICTURE]) == 1


def test_slides_names_the_known_presentations_for_a_wrong_one(tmp_path: Path) -> None:
    result = run("slides", "--presentation", "nope", "--output", str(tmp_path / "x.pptx"))
    assert result.returncode == 2
    assert "known: default" in result.stderr


def test_check_says_healthy_then_names_a_damaged_version(database_url: str) -> None:
    assert run("seed").returncode == 0
    healthy = run("check")
    assert healthy.returncode == 0, healthy.stderr
    assert "store: healthy" in healthy.stderr
    # Damage one stored version as a failing disk or a bad restore would.
    store = Store(database_url)
    with store.engine.begin() as connection:
        connection.exec_driver_sql(
            "UPDATE dataset_versions SET content = X'00' WHERE dataset_key = 'events' AND version = 1"
        )
    store.save_presentation("regiodag", "title_nl = [not toml", user="ana")
    damaged = run("check")
    assert damaged.returncode == 1
    assert "events version 1: content is not readable Parquet" in damaged.stdout
    assert "presentation regiodag: not a presentation file" in damaged.stdout
    assert "store: 2 problems" in damaged.stderr
