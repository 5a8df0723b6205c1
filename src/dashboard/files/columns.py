"""Which column of the file is which of the dataset's: the header as the analyst wrote it.

Case, surrounding spaces and inner runs of spaces do not matter. Unknown and unnamed
columns are warnings; duplicated and missing ones are problems; a header that matches
nothing, or is clearly another dataset's, refuses the file with one plain problem.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pyarrow.compute as pc  # type: ignore[import-untyped,unused-ignore]

from dashboard.catalog.datasets import DATASETS, Dataset
from dashboard.files.limits import Limits
from dashboard.files.problems import Problem
from dashboard.files.table import Table, has_text


@dataclass(frozen=True)
class Header:
    """Canonical column name -> position in the file, and what is wrong with the header.

    ``refusal`` is set when no column can be used: then ``warnings`` are dropped, because
    the refusal says it all (every column would be "unknown", or belongs to another dataset).
    """

    positions: dict[str, int]
    problems: tuple[Problem, ...]
    warnings: tuple[Problem, ...]
    refusal: Problem | None = None


def normalise(name: str) -> str:
    """Header as compared: case, surrounding spaces and inner runs of spaces do not matter."""
    return re.sub(r"\s+", "_", name.strip().strip("\ufeff").strip().casefold())


def too_many_columns(count: int, limits: Limits) -> Problem:
    return Problem.for_file("too_many_columns", count=count, limit=limits.max_columns)


def column_name(table: Table, position: int, dataset: Dataset) -> str:
    """The canonical name of the column at ``position``, else its header as written."""
    normal = normalise(table.header[position])
    return next((name for name in dataset.columns if name == normal), table.header[position].strip())


def match_header(table: Table, dataset: Dataset) -> Header:
    """Where each of the dataset's columns is in the file, and what is wrong with the header."""
    wanted = {normalise(name): name for name in dataset.columns}
    positions: dict[str, int] = {}
    seen: dict[str, list[int]] = {}
    found: set[str] = set()
    problems: list[Problem] = []
    warnings: list[Problem] = []
    for position, written in enumerate(table.header):
        normal = normalise(written)
        if normal:
            found.add(normal)
        name = wanted.get(normal)
        if name is not None:
            seen.setdefault(name, []).append(position)
            positions.setdefault(name, position)
        elif not normal:
            if pc.any(has_text(pc.utf8_trim_whitespace(table.columns[position]))).as_py():
                warnings.append(Problem.for_file("unnamed_column", position=position + 1))
        else:
            warnings.append(Problem(None, written.strip(), None, "unknown_column"))
    for name, where in seen.items():
        if len(where) > 1:
            problems.append(
                Problem(None, name, None, "duplicate_column", {"positions": [p + 1 for p in where]})
            )
    missing = [name for name in dataset.columns if name not in positions]
    if not missing:
        return Header(positions, tuple(problems), tuple(warnings))
    refusal = _other_dataset(found, dataset)
    if refusal is None and not positions:
        refusal = Problem.for_file(
            "no_known_columns",
            dataset_nl=dataset.title_nl,
            dataset_en=dataset.title_en,
            expected=dataset.columns,
        )
    if refusal is not None:
        return Header(positions, tuple(problems), (), refusal)
    problems += [Problem(None, name, None, "missing_column") for name in missing]
    return Header(positions, tuple(problems), tuple(warnings))


def _other_dataset(found: set[str], dataset: Dataset) -> Problem | None:
    """wrong_dataset when the header is clearly another registered dataset's."""

    def similarity(other: Dataset) -> float:
        columns = set(other.columns)
        return len(found & columns) / len(found | columns) if found else 0.0

    own = similarity(dataset)
    score, best = max(
        ((similarity(other), other) for other in DATASETS.values() if other.key != dataset.key),
        key=lambda pair: pair[0],
    )
    if score >= 0.8 and score > own:
        return Problem.for_file(
            "wrong_dataset",
            dataset=best.key,
            found_nl=best.title_nl,
            found_en=best.title_en,
            expected_nl=dataset.title_nl,
            expected_en=dataset.title_en,
        )
    return None
