"""Numbers as analysts type them: one decimal separator chosen for the whole file.

A cell such as "52,26" or "1.500.000" only reads with a decimal comma, "52.26" only with a
point; the file's separator is the one more cells need. Nothing is guessed cell by cell,
and a cell that does not read as a number is a problem, never a silent missing value.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Final

import numpy as np
import pandas as pd
import pyarrow as arrow  # type: ignore[import-untyped,unused-ignore]
import pyarrow.compute as pc  # type: ignore[import-untyped,unused-ignore]

from dashboard.files.problems import Problem, clip
from dashboard.files.table import Rows

# A number as Python and Excel in English write it: 1500, -3.5, .5, 1e6.
POINT_NUMBER: Final = r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$"
# A number as Dutch Excel writes it: 1500, 1.500.000, -3,5, 7,025, 1.500,25.
COMMA_NUMBER: Final = r"^[+-]?(\d+|\d{1,3}(\.\d{3})+)(,\d+)?([eE][+-]?\d+)?$"
# "7,025" in a comma-separated file may be English seven thousand and twenty-five: such a
# cell is no evidence of a decimal comma.
ENGLISH_THOUSANDS: Final = r"^[+-]?\d{1,3}(,\d{3})+$"


class NumericText:
    """The text cells of a numeric column and which of them read as numbers, either way."""

    def __init__(self, text: Any, native: Any) -> None:
        # In .xlsx, the cells that are real numbers need no decimal: only the text is read.
        self.text = text if native is None else pc.if_else(pc.is_valid(native), "", text)
        self.native = native  # .xlsx: the cells that are real numbers (their text is "")
        self.filled = pc.greater(pc.binary_length(self.text), 0)
        self.as_comma = pc.match_substring_regex(self.text, COMMA_NUMBER)
        self.as_point = pc.match_substring_regex(self.text, POINT_NUMBER)


def choose_decimal(columns: list[NumericText], *, delimiter: str | None, native: bool) -> str | None:
    """ "," or "." for the whole file, by which reading more numeric cells need.

    A cell such as "52,26" or "1.500.000" only reads with a decimal comma, "52.26" only
    with a point; "1500" and "1.500" read both ways and decide nothing. "7,025" is
    evidence of a comma only in a ';' or tab file: in a ',' file it may be English 7025.
    """
    comma = point = cells = 0
    for column in columns:
        cells += pc.sum(column.filled).as_py() or 0
        only_comma = pc.and_(column.as_comma, pc.invert(column.as_point))
        if delimiter in (";", "\t"):
            comma += pc.sum(only_comma).as_py() or 0
        else:
            candidates = column.text.filter(only_comma)
            comma += len(candidates) - (
                pc.sum(pc.match_substring_regex(candidates, ENGLISH_THOUSANDS)).as_py() or 0
            )
        point += pc.sum(pc.and_(column.as_point, pc.invert(column.as_comma))).as_py() or 0
    if native and not cells:
        return None  # a workbook whose numbers are all real numbers: no decimal to choose
    if comma != point:
        return "," if comma > point else "."
    # Nothing decides: a ';' file comes from an Excel whose decimal is a comma.
    return "," if delimiter == ";" else "."


def to_numbers(
    cells: NumericText,
    *,
    decimal: str | None,
    dtype: str,
    index: Rows,
    column: str,
    text: Callable[[int], str],
) -> tuple[pd.Series, list[Problem]]:
    """The column as ``dtype`` and a problem per cell that is not a (whole) number.

    ``text`` gives a record's cell as written, by frame index, for the report.
    """
    if decimal == ",":
        valid = cells.as_comma
        plain = pc.replace_substring(pc.replace_substring(cells.text, ".", ""), ",", ".")
    else:
        valid = cells.as_point
        plain = cells.text
    values = pc.cast(pc.if_else(valid, plain, arrow.scalar(None, arrow.string())), arrow.float64())
    finite = pc.fill_null(pc.is_finite(values), False)
    bad = pc.and_(cells.filled, pc.invert(pc.and_(valid, finite)))
    if cells.native is not None:
        values = pc.if_else(pc.is_valid(cells.native), cells.native, values)
    floats = values.to_numpy(zero_copy_only=False).astype("float64")
    flags = np.asarray(bad.to_numpy(zero_copy_only=False), dtype=bool)
    problems = _bad_cells(flags, "not_a_number", index=index, column=column, text=text)
    if dtype != "Int64":
        return pd.Series(floats, index=index, dtype="float64"), problems
    fractional = ~np.isnan(floats) & (floats != np.floor(floats))
    problems += _bad_cells(fractional, "not_a_whole_number", index=index, column=column, text=text)
    floats[fractional] = np.nan
    return pd.Series(pd.array(floats, dtype="Int64"), index=index), problems


def _bad_cells(
    flags: Any, code: str, *, index: Rows, column: str, text: Callable[[int], str]
) -> list[Problem]:
    rows = [int(index[at]) for at in np.flatnonzero(flags)]
    return [Problem(row + 2, column, clip(text(row)), code) for row in rows]
