"""The open-data package: every dataset's published version as UTF-8 CSV plus a
``datapackage.json`` (Frictionless Data Package, v1 with v2's ``$schema``-free layout).

The descriptor is generated from the registry (titles, descriptions, column types, primary
keys, licence) and from the data itself (which publishers each dataset cites), never written
by hand, so it cannot drift from what validation enforces. ``frictionless validate`` on the
result checks types, constraints, primary and foreign keys (tests/files/test_datapackage.py).

Dutch is the package's language (``title``/``description``, as data.overheid.nl lists Dutch
public data); the English text sits beside it in ``title_en``/``description_en``, custom
properties the specification allows. The CSVs are the data as published: no spreadsheet
safety quoting, no BOM (those are for the analysts' Excel downloads, ``files.downloads``).
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import Any, Final, Protocol

import pandas as pd

from dashboard.catalog import datasets, dictionary
from dashboard.catalog.datasets import Dataset
from dashboard.text import provenance
from dashboard.text.i18n import t

DESCRIPTOR: Final = "datapackage.json"
PACKAGE_NAME: Final = "regionale-digitale-ecosystemen"
CC_BY: Final = {
    "name": "CC-BY-4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
    "title": "Creative Commons Attribution 4.0",
}
# Columns that point at a row of another dataset: column -> (dataset, its key column).
# Every ``*source_id`` column points at ``sources`` (see catalog.schemas).
REFERENCES: Final = {"region_id": ("regions", "region_id"), "parent_id": ("regions", "region_id")}
_FRICTIONLESS_TYPES: Final = {"str": "string", "Int64": "integer", "float64": "number"}


class Published(Protocol):
    """Which version of a dataset the package holds and when it was published (the store's
    audit row, ``VersionInfo``, is one)."""

    @property
    def version(self) -> int: ...

    @property
    def created_at(self) -> datetime: ...


def descriptor(frames: Mapping[str, pd.DataFrame], published: Mapping[str, Published]) -> dict[str, Any]:
    """The ``datapackage.json`` for these frames (one per registered dataset)."""
    sources = frames["sources"]
    publisher_of = dict(zip(sources["source_id"], sources["publisher"], strict=True))
    # The publishers each dataset's rows cite (each row names its own source in sources.csv).
    publishers = {
        key: sorted({publisher_of[source] for source in ids if source in publisher_of})
        for key, ids in provenance.cited_by(frames).items()
    }
    newest = max(entry.created_at for entry in published.values())
    return {
        "profile": "tabular-data-package",
        "name": PACKAGE_NAME,
        "title": t("datapackage.title", "nl"),
        "title_en": t("datapackage.title", "en"),
        "description": t("datapackage.description", "nl"),
        "description_en": t("datapackage.description", "en"),
        "created": newest.isoformat(timespec="seconds"),
        "licenses": [CC_BY],
        "resources": [
            _resource(dataset, frames[dataset.key], published[dataset.key], publishers.get(dataset.key, []))
            for dataset in datasets.DATASETS.values()
        ],
    }


def write(folder: Path, frames: Mapping[str, pd.DataFrame], published: Mapping[str, Published]) -> Path:
    """Write the CSVs and the descriptor into ``folder`` (created if missing); the descriptor's path."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in _files(frames, published).items():
        (folder / name).write_bytes(content)
    return folder / DESCRIPTOR


def zipped(frames: Mapping[str, pd.DataFrame], published: Mapping[str, Published]) -> bytes:
    """The same files as one zip, for a download."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in _files(frames, published).items():
            archive.writestr(f"{PACKAGE_NAME}/{name}", content)
    return buffer.getvalue()


def _files(frames: Mapping[str, pd.DataFrame], published: Mapping[str, Published]) -> dict[str, bytes]:
    files = {
        dataset.file: frames[dataset.key][dataset.columns].to_csv(index=False, lineterminator="\n").encode()
        for dataset in datasets.DATASETS.values()
    }
    text = json.dumps(descriptor(frames, published), ensure_ascii=False, indent=2)
    files[DESCRIPTOR] = (text + "\n").encode()
    return files


def _resource(
    dataset: Dataset, frame: pd.DataFrame, published: Published, publishers: list[str]
) -> dict[str, Any]:
    return {
        "profile": "tabular-data-resource",
        "name": dataset.key.replace("_", "-"),
        "path": dataset.file,
        "title": dataset.title_nl,
        "title_en": dataset.title_en,
        "description": dataset.description_nl,
        "description_en": dataset.description_en,
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "licenses": [{**CC_BY, "title": f"{CC_BY['title']}: {dataset.licence}"}],
        "sources": [{"title": publisher} for publisher in publishers],
        "version": published.version,
        "published": published.created_at.isoformat(timespec="seconds"),
        "rows": len(frame),
        "schema": _schema(dataset),
    }


def _schema(dataset: Dataset) -> dict[str, Any]:
    columns = dataset.schema.to_schema().columns
    types = dataset.column_types()
    fields = []
    for name in dataset.columns:
        column = columns[name]
        constraints: dict[str, Any] = {"required": not column.nullable}
        if column.unique:
            constraints["unique"] = True
        rules = []
        for check in column.checks:
            statistics = getattr(check, "statistics", {}) or {}
            if check.name == "isin":
                constraints["enum"] = list(statistics["allowed_values"])
            elif check.name == "in_range":
                constraints["minimum"] = statistics["min_value"]
                constraints["maximum"] = statistics["max_value"]
            rules.append(dictionary.describe_check(check))
        fields.append(
            {
                "name": name,
                "type": _FRICTIONLESS_TYPES[types[name]],
                "title": t(f"column.{name}", "nl"),
                "title_en": t(f"column.{name}", "en"),
                "description": "; ".join(rules),
                "constraints": constraints,
            }
        )
    return {
        "fields": fields,
        "missingValues": [""],
        "primaryKey": list(dataset.primary_key),
        "foreignKeys": _foreign_keys(dataset),
    }


def _foreign_keys(dataset: Dataset) -> list[dict[str, Any]]:
    keys = []
    for column in dataset.columns:
        target: tuple[str, str] | None = REFERENCES.get(column)
        if column.endswith("source_id") and dataset.key != "sources":
            target = ("sources", "source_id")
        if target is None or (dataset.key, column) == target:  # a table's own key is no reference
            continue
        resource, field = target
        # A reference to the resource itself is written with an empty name (regions.parent_id).
        name = "" if resource == dataset.key else resource.replace("_", "-")
        keys.append({"fields": [column], "reference": {"resource": name, "fields": [field]}})
    return keys
