"""From text cells to a typed frame: the records kept, their lengths checked, numbers read.

Rows where every cell is empty are not data (Excel writes ';;;;' for formatted empty rows)
but keep their place, so every record keeps the row number the analyst sees. Text columns
stay text; numeric ones are read with the one decimal separator chosen for the file.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import Any, Final

import numpy as np
import pandas as pd
import pyarrow as arrow  # type: ignore[import-untyped,unused-ignore]
import pyarrow.compute as pc  # type: ignore[import-untyped,unused-ignore]

from dashboard.catalog.datasets import Dataset
from dashboard.files.columns import column_name
from dashboard.files.limits import Limits
from dashboard.files.numbers import NumericText, choose_decimal, to_numbers
from dashboard.files.problems import Problem, clip
from dashboard.files.table import Rows, Table, has_text

# Our exports put an apostrophe before text a spreadsheet would run as a formula
# (exports.FORMULA_TRIGGERS); reading it back removes exactly that apostrophe, so an
# export -> edit -> upload round trip does not grow "'" on every cycle.
_NEUTRALISED: Final = r"^'([=+\-@\t\r])"


@dataclass(frozen=True)
class Typed:
    """The frame (None when refused), how many records were data, and what was wrong."""

    frame: pd.DataFrame | None
    rows: int
    decimal: str | None = None
    problems: tuple[Problem, ...] = ()
    refusal: Problem | None = None


def to_frame(
    table: Table, positions: dict[str, int], dataset: Dataset, limits: Limits, *, delimiter: str | None
) -> Typed:
    """The dataset's columns found in ``table``, typed; refused when too many rows or none.

    ``delimiter`` is the CSV's (None for a workbook): it weighs the evidence for a decimal comma.
    """
    trimmed = [pc.utf8_trim_whitespace(column) for column in table.columns]
    filled = _any_filled(trimmed, table.length)
    keep = np.flatnonzero(filled) if filled is not None else np.arange(table.length)
    rows = len(keep)
    if rows > limits.max_rows:
        return Typed(None, rows, refusal=Problem.for_file("too_many_rows", limit=limits.max_rows))
    if not rows:
        return Typed(None, rows, refusal=Problem.for_file("header_only"))
    index: Rows = (keep + table.offset).astype(np.int64)
    if len(keep) < table.length:
        take = arrow.array(keep)
        trimmed = [column.take(take) for column in trimmed]
        numbers = {i: column.take(take) for i, column in table.numbers.items()}
    else:
        numbers = table.numbers
    problems = _too_long_cells(table, trimmed, index, dataset, limits)

    types = dataset.column_types()
    numeric = {
        position: NumericText(trimmed[position], numbers.get(position))
        for name, position in positions.items()
        if types[name] != "str"
    }
    decimal = choose_decimal(list(numeric.values()), delimiter=delimiter, native=bool(table.numbers))
    columns: dict[str, Any] = {}
    for name in dataset.columns:
        if name not in positions:
            continue
        position = positions[name]
        if types[name] == "str":
            columns[name] = _text_series(trimmed[position], index)
            continue
        columns[name], bad = to_numbers(
            numeric[position],
            decimal=decimal,
            dtype=types[name],
            index=index,
            column=column_name(table, position, dataset),
            text=partial(table.text, position),
        )
        problems += bad
    return Typed(pd.DataFrame(columns, index=pd.Index(index)), rows, decimal, tuple(problems))


def _any_filled(trimmed: list[Any], length: int) -> Any:
    """Per record, whether any cell holds text (Excel writes ';;;;' for formatted empty rows)."""
    if not trimmed:
        return None
    filled = np.zeros(length, dtype=bool)
    for column in trimmed:
        filled |= np.asarray(has_text(column).to_numpy(zero_copy_only=False), dtype=bool)
    return filled


def _too_long_cells(
    table: Table, trimmed: list[Any], index: Rows, dataset: Dataset, limits: Limits
) -> list[Problem]:
    limit = limits.max_cell_chars
    found: list[Problem] = []
    for position, column in enumerate(trimmed):
        # Bytes bound characters from above: most columns need no character count.
        if (pc.max(pc.binary_length(column)).as_py() or 0) <= limit:
            continue
        lengths = pc.utf8_length(column)
        for at in np.flatnonzero(pc.greater(lengths, limit).to_numpy(zero_copy_only=False)):
            row = int(index[at])
            found.append(
                Problem(
                    row + 2,
                    column_name(table, position, dataset),
                    clip(table.text(position, row)),
                    "cell_too_long",
                    {"length": lengths[int(at)].as_py(), "limit": limit},
                )
            )
    return found


def _text_series(trimmed: Any, index: Rows) -> pd.Series:
    empty = pc.equal(pc.binary_length(trimmed), 0)
    restored = pc.replace_substring_regex(trimmed, pattern=_NEUTRALISED, replacement=r"\1")
    values = pc.if_else(empty, arrow.scalar(None, arrow.string()), restored)
    return pd.Series(values.to_pandas(), dtype="str").set_axis(pd.Index(index))
