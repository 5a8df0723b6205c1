"""A CSV upload as text cells, every record numbered as the analyst's file numbers it.

pyarrow's multithreaded parser reads a well-formed file; a file with ragged rows (or one
pyarrow will not parse) goes to the careful reader, which numbers every record exactly and
says which rows have too many fields and which too few.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import Any

import pyarrow as arrow  # type: ignore[import-untyped,unused-ignore]
import pyarrow.csv as arrow_csv  # type: ignore[import-untyped,unused-ignore]

from dashboard.catalog.datasets import Dataset
from dashboard.files import sniff
from dashboard.files.columns import too_many_columns
from dashboard.files.limits import Limits
from dashboard.files.problems import Problem, Refused, clip
from dashboard.files.table import Table, TableRead


@dataclass(frozen=True)
class _Parsed:
    """The careful reader's columns (None when the file is not a table) and what it found."""

    columns: list[Any] | None
    problems: tuple[Problem, ...]
    warnings: tuple[Problem, ...]


def read_csv(data: bytes, dataset: Dataset, limits: Limits) -> TableRead:
    """Every record of a CSV upload as text, or the reason it cannot be read."""
    try:
        encoding = sniff.detect_encoding(data)
    except Refused as refused:
        return TableRead.refused(refused)
    try:
        sniffed = sniff.sniff(data, encoding, dataset)
    except Refused as refused:
        return TableRead.refused(refused, encoding=encoding.label)
    label, delimiter = encoding.label, sniffed.delimiter
    if len(sniffed.header) > limits.max_columns:
        too_wide = Refused(too_many_columns(len(sniffed.header), limits))
        return TableRead.refused(too_wide, encoding=label, delimiter=delimiter)
    width = max(len(sniffed.header), 1)
    payload = data[encoding.start :]
    columns = _parse_with_arrow(payload, encoding.codec, delimiter, width, sniffed.skip)
    if columns is not None:
        return TableRead(_table(sniffed.header, columns), label, delimiter)
    # Ragged rows, a row longer than a block, or something pyarrow would not parse:
    # the careful reader numbers every record exactly and says what is wrong.
    parsed = _parse_with_csv(sniff.decode(payload, encoding.codec), delimiter, width, sniffed.skip)
    table = None if parsed.columns is None else _table(sniffed.header, parsed.columns)
    return TableRead(table, label, delimiter, parsed.problems, parsed.warnings)


def _table(header: list[str], columns: list[Any]) -> Table:
    return Table(header=header, columns=columns, numbers={}, offset=0)


def _parse_with_arrow(payload: bytes, codec: str, delimiter: str, width: int, skip: int) -> list[Any] | None:
    """Every record as text with pyarrow's multithreaded parser; None if any row is ragged."""
    names = [f"c{i}" for i in range(width)]
    ragged: list[int] = []

    def on_invalid(row: Any) -> str:
        ragged.append(row.number)
        return "skip"

    try:
        table = arrow_csv.read_csv(
            arrow.BufferReader(payload),  # not io.BytesIO: see store.frame_from_bytes
            read_options=arrow_csv.ReadOptions(
                column_names=names,
                skip_rows=skip,
                skip_rows_after_names=1,
                encoding=codec,
                block_size=4 << 20,
            ),
            parse_options=arrow_csv.ParseOptions(
                delimiter=delimiter,
                quote_char='"',
                double_quote=True,
                newlines_in_values=True,
                # Blank lines stay rows so every later row keeps its number.
                ignore_empty_lines=False,
                invalid_row_handler=on_invalid,
            ),
            convert_options=arrow_csv.ConvertOptions(
                column_types=dict.fromkeys(names, arrow.string()),
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except (arrow.ArrowException, UnicodeDecodeError, ValueError):
        return None
    if ragged:
        return None
    return [table.column(name).combine_chunks() for name in names]


def _parse_with_csv(text: str, delimiter: str, width: int, skip: int) -> _Parsed:
    """Every record padded or trimmed to the header's width, saying which rows were ragged."""
    cells: list[list[str]] = [[] for _ in range(width)]
    short: list[int] = []
    problems: list[Problem] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, quotechar='"')
    row = 1
    try:
        for _ in range(skip + 1):
            next(reader, None)
        for row, record in enumerate(reader, start=2):
            if len(record) > width:
                extra = record[width:]
                if any(value.strip() for value in extra):
                    problems.append(
                        Problem(
                            row,
                            None,
                            clip(delimiter.join(extra)),
                            "too_many_fields",
                            {"found": len(record), "expected": width},
                        )
                    )
                record = record[:width]  # noqa: PLW2901 - the same record, trimmed
            elif len(record) < width:
                if any(value.strip() for value in record):
                    short.append(row)
                record = record + [""] * (width - len(record))  # noqa: PLW2901 - padded
            for column, value in zip(cells, record, strict=True):
                column.append(value)
    except csv.Error as error:
        stop = Problem(row + 1, None, None, "not_a_table", {"detail": str(error)})
        return _Parsed(None, (*problems, stop), ())
    warnings = (
        (Problem(short[0], None, None, "short_rows", {"count": len(short), "expected": width}),)
        if short
        else ()
    )
    return _Parsed([arrow.array(column, type=arrow.string()) for column in cells], tuple(problems), warnings)
