"""The open-data package as a consumer checks it: `frictionless validate` on what
`dashboard datapackage` writes, and on a copy broken the ways real data breaks."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
import zipfile
from io import BytesIO
from pathlib import Path

import pytest
from frictionless import validate

from dashboard.catalog import datasets
from dashboard.files import datapackage
from dashboard.store import Store


def write_package(folder: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "dashboard.cli", "datapackage", str(folder)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def errors(descriptor: Path) -> list[str]:
    report = validate(descriptor)
    return [error.type for task in report.tasks for error in task.errors] + [
        error.type for error in report.errors
    ]


@pytest.fixture
def package(tmp_path: Path, database_url: str) -> Path:
    result = write_package(tmp_path / "open-data")
    assert result.returncode == 0, result.stderr
    return tmp_path / "open-data"


def test_the_package_of_the_seeded_store_validates(package: Path) -> None:
    assert sorted(path.name for path in package.iterdir()) == sorted(
        [datapackage.DESCRIPTOR, *(dataset.file for dataset in datasets.DATASETS.values())]
    )
    assert errors(package / datapackage.DESCRIPTOR) == []


def test_the_descriptor_says_what_the_registry_says(package: Path) -> None:
    descriptor = json.loads((package / datapackage.DESCRIPTOR).read_text(encoding="utf-8"))
    resources = {resource["path"]: resource for resource in descriptor["resources"]}
    events = resources["events.csv"]
    assert (events["title"], events["title_en"]) == ("Evenementen", "Events")
    assert events["schema"]["primaryKey"] == ["event_id", "edition", "measure", "claim_type", "ref_date"]
    fields = {field["name"]: field for field in events["schema"]["fields"]}
    assert fields["value_low"]["type"] == "number"
    assert fields["source_id"]["constraints"]["required"] is True
    assert fields["claim_type"]["constraints"]["enum"]  # the allowed claim types, from the schema
    assert {"fields": ["source_id"], "reference": {"resource": "sources", "fields": ["source_id"]}} in events[
        "schema"
    ]["foreignKeys"]
    assert resources["regions.csv"]["schema"]["fields"][0]["name"] == "region_id"
    assert fields["ref_date"]["title"] == "Peildatum"
    # Attributions come from the rows' own sources: CBS boundaries and PeeringDB facilities.
    assert {"title": "Kadaster / CBS"} in resources["regions.csv"]["sources"]
    assert {"title": "PeeringDB"} in resources["data_centres.csv"]["sources"]
    assert all(resource["licenses"][0]["name"] == "CC-BY-4.0" for resource in descriptor["resources"])
    assert all(resource["version"] == 1 for resource in descriptor["resources"])


def test_a_broken_reference_or_value_fails_validation(package: Path) -> None:
    """The check can fail: a source id that is not in sources.csv, a status not in the list."""
    path = package / "data_centres.csv"
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    rows[0]["source_id"] = "no-such-source"
    rows[1]["status"] = "half open"
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.DictWriter(file, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    assert sorted(errors(package / datapackage.DESCRIPTOR)) == ["constraint-error", "foreign-key"]


def test_a_duplicate_key_fails_validation(package: Path) -> None:
    path = package / "campuses.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join([*lines, lines[1]]) + "\n", encoding="utf-8")
    assert "primary-key" in errors(package / datapackage.DESCRIPTOR)


def test_the_package_holds_the_newest_published_version(tmp_path: Path, database_url: str) -> None:
    store = Store(database_url)
    store.ensure_ready()
    shorter = store.load("data_centres").iloc[:-1]
    store.publish("data_centres", shorter, user="ana", based_on=1, origin="upload")
    result = write_package(tmp_path / "open-data")
    assert result.returncode == 0, result.stderr
    descriptor = json.loads((tmp_path / "open-data" / datapackage.DESCRIPTOR).read_text(encoding="utf-8"))
    resource = next(entry for entry in descriptor["resources"] if entry["path"] == "data_centres.csv")
    assert resource["version"] == 2
    assert resource["published"] == store.history("data_centres")[0].created_at.isoformat(timespec="seconds")
    with (tmp_path / "open-data" / "data_centres.csv").open(encoding="utf-8") as file:
        assert sum(1 for _ in csv.DictReader(file)) == len(shorter) == resource["rows"]
    assert errors(tmp_path / "open-data" / datapackage.DESCRIPTOR) == []


def test_the_zip_holds_the_same_files(package: Path, database_url: str) -> None:
    store = Store(database_url)
    published = {key: store.history(key)[0] for key in datasets.DATASETS}
    frames = {key: store.load(key) for key in datasets.DATASETS}
    with zipfile.ZipFile(BytesIO(datapackage.zipped(frames, published))) as archive:
        names = {Path(name).name: archive.read(name) for name in archive.namelist()}
    assert set(names) == {path.name for path in package.iterdir()}
    assert names["events.csv"] == (package / "events.csv").read_bytes()


def test_an_unwritable_folder_gives_one_line(tmp_path: Path, database_url: str) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    result = write_package(blocker / "open-data")
    assert result.returncode == 2
    assert result.stderr.startswith("dashboard: cannot write")
    assert "Traceback" not in result.stderr
