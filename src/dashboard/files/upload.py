"""Read an analyst's upload into a validated frame, or say plainly everything that is wrong.

Takes what Excel really writes: CSV in UTF-8 (with or without BOM), cp1252 or UTF-16
("Unicode text"), separated by comma, semicolon, tab or pipe, with decimal commas and Dutch
thousands dots; and .xlsx workbooks. Every cell is read as text first and converted by the
dataset's declared types, so nothing is guessed or silently turned into a missing value.

:func:`read_upload` is a short pipeline of stages, each a function returning a value:
read the file as text cells (:mod:`.csv_table` with :mod:`.sniff`, or :mod:`.xlsx_table`),
match the header (:mod:`.columns`), type the cells (:mod:`.frame`, :mod:`.numbers`) and
validate with the registry's pandera schema (:mod:`.failures`). A stage that refuses the
whole file ends the pipeline with what was learnt so far. No Streamlit here: the upload view
and the CLI both call :func:`read_upload`.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import PurePath
from typing import Final

import pandas as pd

from dashboard.catalog.datasets import Dataset
from dashboard.files import character_loss, columns, failures, frame
from dashboard.files.csv_table import read_csv
from dashboard.files.limits import DEFAULT_LIMITS, Limits, configured_limits
from dashboard.files.problems import Problem, megabytes
from dashboard.files.table import TableRead
from dashboard.files.xlsx_table import read_xlsx
from dashboard.text.i18n import Language

# The upload's public face: callers need no other module of the pipeline.
__all__ = [
    "DEFAULT_LIMITS",
    "Limits",
    "Problem",
    "Report",
    "configured_limits",
    "read_upload",
    "with_character_loss",
]

logger = logging.getLogger(__name__)

MAX_PROBLEMS: Final = 1_000
XLSX_SUFFIXES: Final = frozenset({".xlsx", ".xlsm"})
# Formats an analyst may pick in Excel's "Save as" that this reader cannot open.
UNSUPPORTED_SUFFIXES: Final = frozenset({".xls", ".xlsb", ".ods", ".numbers", ".json", ".parquet"})


@dataclass(frozen=True)
class Report:
    """What was read and everything that is wrong with it."""

    ok: bool
    rows: int
    encoding: str | None
    delimiter: str | None
    decimal: str | None
    problems: tuple[Problem, ...]
    warnings: tuple[Problem, ...]
    # Cells whose text lost characters the current version holds (see with_character_loss):
    # the file is valid, but publishing it needs the analyst's explicit consent.
    character_loss: tuple[Problem, ...] = ()

    def as_json(self, lang: Language = "en") -> dict[str, object]:
        def entry(problem: Problem) -> dict[str, object]:
            described: dict[str, object] = {
                "row": problem.row,
                "column": problem.column,
                "value": problem.value,
                "code": problem.code,
                "message": problem.message(lang),
            }
            if problem.code == character_loss.CODE and problem.row is not None:
                described.update(before=problem.params.get("before"), after=problem.params.get("after"))
            return described

        return {
            "ok": self.ok and not self.character_loss,
            "rows": self.rows,
            "encoding": self.encoding,
            "delimiter": self.delimiter,
            "decimal": self.decimal,
            "problems": [entry(problem) for problem in (*self.problems, *self.character_loss)],
            "warnings": [entry(problem) for problem in self.warnings],
        }


def with_character_loss(
    report: Report, upload: pd.DataFrame | None, current: pd.DataFrame, dataset: Dataset
) -> Report:
    """``report`` with the cells whose characters the file's code page lost against ``current``.

    Only a valid upload (``upload`` not None) that may come from a single-byte code page
    (:func:`character_loss.code_page`) can have any. Never raises: if the check itself fails,
    the whole file is marked as unchecked, which asks for the same consent as a loss (nothing
    slips through because of a bug).
    """
    if upload is None:
        return report
    page = character_loss.code_page(report.encoding, upload)
    if page is None:
        return report
    try:
        cells = character_loss.find(current, upload, dataset, page.codec)
    except Exception:  # a bug: say so, and still ask before publishing
        logger.exception("character-loss check failed for %s", dataset.key)
        unchecked = Problem.for_file(character_loss.UNCHECKED, encoding=page.label)
        return replace(report, character_loss=(unchecked,))
    return replace(report, character_loss=character_loss.problems(cells, page.label)[:MAX_PROBLEMS])


def read_upload(
    data: bytes, filename: str, dataset: Dataset, *, limits: Limits = DEFAULT_LIMITS
) -> tuple[pd.DataFrame | None, Report]:
    """Read ``data`` as ``dataset``; never raises for bad input: every problem is in the report.

    The frame is returned only when the report is ok: validated by ``dataset.validate`` and
    in ``dataset.columns`` order.
    """
    try:
        result, report = _read(data, filename, dataset, limits)
    except Exception:  # a bug or a parser failure nobody foresaw: still an answer, not a traceback
        logger.exception("unexpected failure reading upload %r", filename)
        result, report = None, _report(dataset, problems=[Problem.for_file("not_a_table")])
    return (result if report.ok else None), report


def _read(data: bytes, filename: str, dataset: Dataset, limits: Limits) -> tuple[pd.DataFrame | None, Report]:
    """The pipeline: refuse early what cannot be read, then text cells -> header -> typed -> valid.

    Each stage returns a value; one that refuses the file ends the pipeline, and the report
    keeps what was learnt so far (encoding, delimiter, rows, earlier problems).
    """
    suffix = PurePath(filename).suffix.casefold()
    if len(data) > limits.max_bytes:
        too_large = Problem.for_file(
            "too_large", size_mb=megabytes(len(data)), limit_mb=megabytes(limits.max_bytes)
        )
        return None, _report(dataset, problems=[too_large])
    if suffix in UNSUPPORTED_SUFFIXES:
        return None, _report(dataset, problems=[Problem.for_file("unsupported_type", extension=suffix)])

    read = read_xlsx(data, dataset, limits) if suffix in XLSX_SUFFIXES else read_csv(data, dataset, limits)
    if read.table is None:
        return None, _report(dataset, problems=read.problems, warnings=read.warnings, read=read)

    header = columns.match_header(read.table, dataset)
    problems = [*read.problems, *header.problems]
    if header.refusal is not None:
        return None, _report(dataset, problems=[*problems, header.refusal], read=read)
    warnings = [*read.warnings, *header.warnings]

    typed = frame.to_frame(read.table, header.positions, dataset, limits, delimiter=read.delimiter)
    problems += typed.problems
    if typed.frame is None:  # refused: too many rows, or none at all
        problems += [typed.refusal] if typed.refusal is not None else []
        return None, _report(dataset, problems=problems, warnings=warnings, rows=typed.rows, read=read)

    valid, broken = failures.validate(typed.frame, read.table, header.positions, dataset)
    report = _report(
        dataset,
        problems=problems + broken,
        warnings=warnings,
        rows=typed.rows,
        decimal=typed.decimal,
        read=read,
    )
    return valid, report


def _report(
    dataset: Dataset,
    *,
    problems: Iterable[Problem],
    warnings: Iterable[Problem] = (),
    rows: int = 0,
    read: TableRead | None = None,
    decimal: str | None = None,
) -> Report:
    """The report: one problem per cell, in file order, at most MAX_PROBLEMS of each kind.

    ``read`` says how the file was written (encoding, delimiter), once the reader knows.
    """
    kept = _capped(_sorted(_deduplicated(problems), dataset))
    return Report(
        ok=not kept,
        rows=rows,
        encoding=None if read is None else read.encoding,
        delimiter=None if read is None else read.delimiter,
        decimal=decimal,
        problems=tuple(kept),
        warnings=tuple(_capped(_sorted(warnings, dataset))),
    )


def _sorted(problems: Iterable[Problem], dataset: Dataset) -> list[Problem]:
    """By row (whole-file problems first), then column in the dataset's order, then code."""
    order = {name: position for position, name in enumerate(dataset.columns)}

    def key(problem: Problem) -> tuple[int, int, str, str]:
        column = -1 if problem.column is None else order.get(problem.column, len(order))
        return (-1 if problem.row is None else problem.row, column, problem.column or "", problem.code)

    return sorted(problems, key=key)


def _deduplicated(problems: Iterable[Problem]) -> list[Problem]:
    """One problem per cell: a value that is not a number is not also 'required'."""
    seen: set[tuple[int, str]] = set()
    kept = []
    for problem in problems:
        if problem.row is not None and problem.column is not None:
            cell = (problem.row, problem.column)
            if cell in seen:
                continue
            seen.add(cell)
        kept.append(problem)
    return kept


def _capped(problems: list[Problem]) -> list[Problem]:
    if len(problems) <= MAX_PROBLEMS:
        return problems
    more = len(problems) - MAX_PROBLEMS
    return [*problems[:MAX_PROBLEMS], Problem.for_file("too_many_problems", count=more)]
