"""An .xlsx upload as text cells, plus the cells Excel holds as real numbers.

The sheet named after the dataset is read (else the first); cells become the text the
analyst sees in Excel, and numbers stay numbers so no decimal separator has to be guessed.
The zip's declared size is checked before openpyxl unpacks anything (zip bomb guard).
"""

from __future__ import annotations

import io
import math
import zipfile
from datetime import date, datetime, time
from typing import Any

import pyarrow as arrow  # type: ignore[import-untyped,unused-ignore]

from dashboard.catalog.datasets import Dataset
from dashboard.files.columns import normalise, too_many_columns
from dashboard.files.limits import Limits
from dashboard.files.problems import Problem, Refused, megabytes
from dashboard.files.table import Table, TableRead

ENCODING = "xlsx"  # what the report shows as the encoding of a workbook


def read_xlsx(data: bytes, dataset: Dataset, limits: Limits) -> TableRead:
    """Every row of the dataset's sheet as text, or the reason the workbook cannot be read."""
    try:
        unpacked = _unpacked_size(data)
    except Refused as refused:
        return TableRead.refused(refused)
    try:
        return TableRead(_read_workbook(data, unpacked, dataset, limits), ENCODING)
    except Refused as refused:
        return TableRead.refused(refused, encoding=ENCODING)


def _unpacked_size(data: bytes) -> int:
    if not data.startswith(b"PK\x03\x04"):
        raise Refused(Problem.for_file("not_a_table"))
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise Refused(Problem.for_file("not_a_table")) from None


def _read_workbook(data: bytes, unpacked: int, dataset: Dataset, limits: Limits) -> Table:
    # Checked before opening: zipfile never inflates an entry past its declared size,
    # so the declared total bounds what openpyxl can unpack.
    if unpacked > limits.max_uncompressed_bytes:
        raise Refused(
            Problem.for_file(
                "too_large_unpacked",
                size_mb=megabytes(unpacked),
                limit_mb=megabytes(limits.max_uncompressed_bytes),
            )
        )
    import openpyxl  # type: ignore[import-untyped,unused-ignore]  # noqa: PLC0415 - only uploads need it

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a damaged workbook
        raise Refused(Problem.for_file("not_a_table")) from None
    try:
        return _read_sheet(_choose_sheet(workbook, dataset), limits)
    finally:
        workbook.close()


def _choose_sheet(workbook: Any, dataset: Dataset) -> Any:
    wanted = {normalise(name) for name in (dataset.key, dataset.title_nl, dataset.title_en)}
    for sheet in workbook.worksheets:
        if normalise(sheet.title) in wanted:
            return sheet
    if not workbook.worksheets:
        raise Refused(Problem.for_file("empty_file"))
    return workbook.worksheets[0]


def _read_sheet(sheet: Any, limits: Limits) -> Table:
    header: list[str] | None = None
    header_row = 0
    texts: list[list[str]] = []
    numbers: list[list[float | None]] = []
    blank = 0  # empty rows not yet known to lie between data rows
    filled = 0
    # A stored size such as A1:XFD1048576 (formatting to the sheet's edge) would pad
    # every row to 16,384 cells and add a million empty rows; read the cells present.
    sheet.reset_dimensions()
    for row, values in enumerate(sheet.iter_rows(values_only=True), start=1):
        cells = list(values)
        while cells and (cells[-1] is None or cells[-1] == ""):
            cells.pop()
        if len(cells) > limits.max_columns:
            raise Refused(too_many_columns(len(cells), limits))
        if header is None:
            if cells:
                header, header_row = [_cell_text(value) for value in cells], row
            continue
        if not cells:
            blank += 1
            continue
        # Empty rows between data rows stay rows, so later rows keep their numbers.
        texts += [[] for _ in range(blank)]
        numbers += [[] for _ in range(blank)]
        blank = 0
        filled += 1
        if filled > limits.max_rows:
            raise Refused(Problem.for_file("too_many_rows", limit=limits.max_rows))
        texts.append([_cell_text(value) for value in cells])
        numbers.append([_cell_number(value) for value in cells])
    if header is None:
        raise Refused(Problem.for_file("empty_file"))
    width = max([len(header), *(len(cells) for cells in texts)])
    header += [""] * (width - len(header))
    text_columns = [[cells[i] if i < len(cells) else "" for cells in texts] for i in range(width)]
    number_columns = [[cells[i] if i < len(cells) else None for cells in numbers] for i in range(width)]
    return Table(
        header=header,
        columns=[arrow.array(column, type=arrow.string()) for column in text_columns],
        numbers={i: arrow.array(column, type=arrow.float64()) for i, column in enumerate(number_columns)},
        offset=header_row - 1,
    )


def _cell_text(value: object) -> str:
    """A workbook cell as the analyst reads it in Excel (dates as ISO dates)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        text = ""
    elif isinstance(value, bool):
        text = "TRUE" if value else "FALSE"
    elif isinstance(value, float):
        text = str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    elif isinstance(value, datetime):
        text = value.date().isoformat() if value.time() == time(0) else value.isoformat(sep=" ")
    elif isinstance(value, date | time):
        text = value.isoformat()
    else:
        text = str(value)
    return text


def _cell_number(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)
