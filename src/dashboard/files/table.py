"""The file as text cells before any conversion: what the CSV and workbook readers return.

Both readers hand the same :class:`TableRead` to the rest of the pipeline, so columns,
numbers and validation never know which kind of file the analyst sent.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import pyarrow.compute as pc  # type: ignore[import-untyped,unused-ignore]

from dashboard.files.problems import Problem, Refused

Rows = npt.NDArray[np.int64]  # per kept record: its frame index (file row = index + 2)


@dataclass(frozen=True)
class Table:
    """Every data record of the file as text, before any conversion."""

    header: list[str]  # as written
    columns: list[Any]  # pyarrow string arrays, one per header position
    numbers: dict[int, Any]  # .xlsx only: the cells Excel holds as numbers (null elsewhere)
    offset: int  # frame index of the first record minus its position (file row = index + 2)

    @property
    def length(self) -> int:
        return len(self.columns[0]) if self.columns else 0

    def text(self, position: int, index: int) -> str:
        value = self.columns[position][index - self.offset].as_py()
        return "" if value is None else str(value)


@dataclass(frozen=True)
class TableRead:
    """What a reader learnt: the table (None when the file was refused) and how it was written."""

    table: Table | None
    encoding: str | None = None
    delimiter: str | None = None
    problems: tuple[Problem, ...] = ()
    warnings: tuple[Problem, ...] = ()

    @classmethod
    def refused(
        cls,
        refused: Refused,
        *,
        encoding: str | None = None,
        delimiter: str | None = None,
        problems: tuple[Problem, ...] = (),
    ) -> TableRead:
        """No table: ``problems`` found before the refusal and the refusal's own."""
        return cls(None, encoding, delimiter, problems + refused.problems)


def has_text(column: Any) -> Any:
    """Per cell, whether it holds any text."""
    return pc.greater(pc.binary_length(column), 0)
