"""Read an analyst's upload into a validated frame, or say plainly everything that is wrong.

Takes what Excel really writes: CSV in UTF-8 (with or without BOM), cp1252 or UTF-16
("Unicode text"), separated by comma, semicolon, tab or pipe, with decimal commas and Dutch
thousands dots; and .xlsx workbooks. Every cell is read as text first and converted by the
dataset's declared types, so nothing is guessed or silently turned into a missing value.
The registry's pandera schema does the validation; this module only turns its failure cases
into rows, columns, values and plain sentences. No Streamlit here: the upload view and the
CLI both call :func:`read_upload`.
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import logging
import math
import os
import re
import zipfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time
from pathlib import PurePath
from typing import Any, Final

import numpy as np
import numpy.typing as npt
import pandas as pd
import pandera.errors
import pyarrow as arrow  # type: ignore[import-untyped,unused-ignore]
import pyarrow.compute as pc  # type: ignore[import-untyped,unused-ignore]
import pyarrow.csv as arrow_csv  # type: ignore[import-untyped,unused-ignore]

from dashboard.catalog import schemas
from dashboard.catalog.datasets import DATASETS, Dataset
from dashboard.text.formatting import number, scalar_float
from dashboard.text.i18n import Language, catalogue

logger = logging.getLogger(__name__)

_Rows = npt.NDArray[np.int64]  # per kept record: its frame index (file row = index + 2)

DELIMITERS: Final = (",", ";", "\t", "|")
SAMPLE_BYTES: Final = 64 * 1024
SAMPLE_ROWS: Final = 50
MAX_PROBLEMS: Final = 1_000
VALUE_CHARS: Final = 200
XLSX_SUFFIXES: Final = frozenset({".xlsx", ".xlsm"})
# Formats an analyst may pick in Excel's "Save as" that this reader cannot open.
UNSUPPORTED_SUFFIXES: Final = frozenset({".xls", ".xlsb", ".ods", ".numbers", ".json", ".parquet"})
# Starts of common binary files: a picture or archive renamed .csv is refused, not parsed.
BINARY_MAGIC: Final = (
    b"\x89PNG",
    b"PK\x03\x04",
    b"PK\x05\x06",
    b"%PDF",
    b"GIF8",
    b"\xff\xd8\xff",
    b"\xd0\xcf\x11\xe0",  # old .xls and .doc (OLE2)
    b"\x1f\x8b",
    b"Rar!",
    b"7z\xbc\xaf",
)
# cp1252 leaves these five bytes undefined; a file holding one is not cp1252.
CP1252_UNDEFINED: Final = (b"\x81", b"\x8d", b"\x8f", b"\x90", b"\x9d")

# A number as Python and Excel in English write it: 1500, -3.5, .5, 1e6.
POINT_NUMBER: Final = r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$"
# A number as Dutch Excel writes it: 1500, 1.500.000, -3,5, 7,025, 1.500,25.
COMMA_NUMBER: Final = r"^[+-]?(\d+|\d{1,3}(\.\d{3})+)(,\d+)?([eE][+-]?\d+)?$"
# "7,025" in a comma-separated file may be English seven thousand and twenty-five: such a
# cell is no evidence of a decimal comma.
ENGLISH_THOUSANDS: Final = r"^[+-]?\d{1,3}(,\d{3})+$"

RANGE_CHECKS: Final = frozenset({"ranges_are_ordered", "range_is_ordered"})
BOUND_CHECKS: Final = {
    "in_range": "between",
    "greater_than_or_equal_to": "at_least",
    "greater_than": "greater_than",
    "less_than_or_equal_to": "at_most",
    "less_than": "less_than",
    "equal_to": "equal_to",
}
# Friendly descriptions of the schema's text patterns (see [ingest.formats]).
FORMATS_BY_PATTERN: Final = {schemas.REF_DATE_PATTERN: "ref_date", schemas.ID_PATTERN: "identifier"}
FORMATS_BY_COLUMN: Final = {"url": "url", "language": "language", "members": "members"}


@dataclass(frozen=True)
class Limits:
    """What one upload may hold; each limit has its own problem code."""

    max_bytes: int = 20 * 1024 * 1024
    max_rows: int = 200_000
    max_columns: int = 100
    max_cell_chars: int = 10_000
    max_uncompressed_bytes: int = 200 * 1024 * 1024  # .xlsx zip bomb guard


DEFAULT_LIMITS: Final = Limits()


def configured_limits() -> Limits:
    """The limits an operator set: ``DASHBOARD_MAX_UPLOAD_MB`` and ``DASHBOARD_MAX_ROWS``.

    Streamlit's own ``server.maxUploadSize`` caps what reaches the app at all; keep it at
    least as large as ``DASHBOARD_MAX_UPLOAD_MB`` so the analyst gets this module's message.
    """
    megabytes = float(os.environ.get("DASHBOARD_MAX_UPLOAD_MB") or DEFAULT_LIMITS.max_bytes / 1024 / 1024)
    rows = int(os.environ.get("DASHBOARD_MAX_ROWS") or DEFAULT_LIMITS.max_rows)
    return replace(DEFAULT_LIMITS, max_bytes=int(megabytes * 1024 * 1024), max_rows=rows)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an upload, located as the analyst sees the file."""

    row: int | None  # header = 1, first data row = 2; None = whole file
    column: str | None  # canonical column name, or the header as written for unknown columns
    value: str | None  # the cell text as in the file, at most VALUE_CHARS characters
    code: str
    params: Mapping[str, object] = field(default_factory=dict)

    def message(self, lang: Language) -> str:
        """A plain sentence from the ``[ingest]`` catalogue table."""
        texts = catalogue(lang)
        template = texts.get(f"ingest.{self.code}") or texts["ingest.unexpected"]
        values: dict[str, object] = {"row": self.row, "column": self.column, "value": self.value}
        values.update(code=self.code, **_localised(self.params, lang))
        return template.format_map(_KeepMissing(values))


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

    def as_json(self, lang: Language = "en") -> dict[str, object]:
        def entry(problem: Problem) -> dict[str, object]:
            return {
                "row": problem.row,
                "column": problem.column,
                "value": problem.value,
                "code": problem.code,
                "message": problem.message(lang),
            }

        return {
            "ok": self.ok,
            "rows": self.rows,
            "encoding": self.encoding,
            "delimiter": self.delimiter,
            "decimal": self.decimal,
            "problems": [entry(problem) for problem in self.problems],
            "warnings": [entry(problem) for problem in self.warnings],
        }


def read_upload(
    data: bytes, filename: str, dataset: Dataset, *, limits: Limits = DEFAULT_LIMITS
) -> tuple[pd.DataFrame | None, Report]:
    """Read ``data`` as ``dataset``; never raises for bad input: every problem is in the report.

    The frame is returned only when the report is ok: validated by ``dataset.validate`` and
    in ``dataset.columns`` order.
    """
    upload = _Upload(dataset, limits)
    try:
        frame = upload.read(data, filename)
    except _Stop as stop:
        upload.problems.extend(stop.problems)
        frame = None
    except Exception:  # a bug or a parser failure nobody foresaw: still an answer, not a traceback
        logger.exception("unexpected failure reading upload %r", filename)
        upload.problems.append(Problem(None, None, None, "not_a_table"))
        frame = None
    return upload.report(frame)


# ---------------------------------------------------------------------------------------
# Internals


class _Stop(Exception):  # noqa: N818 - control flow, not an error: reading cannot go on
    def __init__(self, *problems: Problem) -> None:
        super().__init__(problems)
        self.problems = problems


class _KeepMissing(dict[str, object]):
    """Leaves an unknown ``{placeholder}`` in the text instead of raising (a test finds it)."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


@dataclass
class _Table:
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


@dataclass
class _Upload:
    dataset: Dataset
    limits: Limits
    encoding: str | None = None
    delimiter: str | None = None
    decimal: str | None = None
    rows: int = 0
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    def read(self, data: bytes, filename: str) -> pd.DataFrame | None:
        if len(data) > self.limits.max_bytes:
            raise _Stop(
                Problem(
                    None,
                    None,
                    None,
                    "too_large",
                    {"size_mb": _megabytes(len(data)), "limit_mb": _megabytes(self.limits.max_bytes)},
                )
            )
        suffix = PurePath(filename).suffix.casefold()
        if suffix in UNSUPPORTED_SUFFIXES:
            raise _Stop(Problem(None, None, None, "unsupported_type", {"extension": suffix}))
        table = self._read_xlsx(data) if suffix in XLSX_SUFFIXES else self._read_csv(data)
        return self._to_frame(table)

    def report(self, frame: pd.DataFrame | None) -> tuple[pd.DataFrame | None, Report]:
        problems = _capped(self._sorted(_deduplicated(self.problems)))
        warnings = _capped(self._sorted(self.warnings))
        ok = not problems
        report = Report(
            ok=ok,
            rows=self.rows,
            encoding=self.encoding,
            delimiter=self.delimiter,
            decimal=self.decimal,
            problems=tuple(problems),
            warnings=tuple(warnings),
        )
        return (frame if ok else None), report

    def _sorted(self, problems: Iterable[Problem]) -> list[Problem]:
        order = {name: position for position, name in enumerate(self.dataset.columns)}

        def key(problem: Problem) -> tuple[int, int, str, str]:
            column = -1 if problem.column is None else order.get(problem.column, len(order))
            return (-1 if problem.row is None else problem.row, column, problem.column or "", problem.code)

        return sorted(problems, key=key)

    # -- CSV ------------------------------------------------------------------------------

    def _read_csv(self, data: bytes) -> _Table:
        codec, start = self._detect_encoding(data)
        payload = data[start:]
        sample, complete = _sample(payload, codec)
        if not sample or sample.isspace():
            raise _Stop(Problem(None, None, None, "empty_file"))
        if _looks_binary(sample):
            raise _Stop(Problem(None, None, None, "not_a_table"))

        # Excel reads and hides a first line "sep=;"; honour it the same way.
        skip = 0
        declared = re.match(r"sep=(.)\r?\n", sample)
        if declared and declared.group(1) in DELIMITERS:
            skip, sample = 1, sample[declared.end() :]
        if not complete and len(_sample_records(sample, ",", complete=False)) < 2:
            sample, complete = _decode(payload, codec)[declared.end() if declared else 0 :], True
        delimiter = declared.group(1) if skip and declared else self._sniff(sample, complete=complete)
        self.delimiter = delimiter
        header = next(iter(_sample_records(sample, delimiter, complete=True)), [])
        if len(header) > self.limits.max_columns:
            raise _Stop(self._too_many_columns(len(header)))
        width = max(len(header), 1)
        columns = _parse_with_arrow(payload, codec, delimiter, width, skip)
        if columns is None:
            # Ragged rows, a row longer than a block, or something pyarrow would not parse:
            # the careful reader numbers every record exactly and says what is wrong.
            columns = self._parse_with_csv(_decode(payload, codec), delimiter, width, skip)
        return _Table(header=header, columns=columns, numbers={}, offset=0)

    def _detect_encoding(self, data: bytes) -> tuple[str, int]:
        """The Python codec of ``data`` and where the text starts (after a BOM)."""
        if data.startswith(codecs.BOM_UTF8):
            self.encoding = "utf-8-sig"
            self._check_decodes(data[3:], "utf-8")
            return "utf-8", 3
        for bom, codec in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
            if data.startswith(bom):
                # Excel's "Unicode text": UTF-16 with a BOM, usually tab-separated.
                self.encoding = "utf-16"
                self._check_decodes(data[2:], codec)
                return codec, 2
        if not data or data.isspace():  # isspace stops at the first other byte; strip copies
            raise _Stop(Problem(None, None, None, "empty_file"))
        guessed = _utf16_without_bom(data)
        if guessed:
            self.encoding = "utf-16"
            self._check_decodes(data, guessed)
            return guessed, 0
        if b"\x00" in data or data.startswith(BINARY_MAGIC):
            raise _Stop(Problem(None, None, None, "not_a_table"))
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            pass
        else:
            self.encoding = "utf-8"
            return "utf-8", 0
        # Excel on Dutch Windows writes cp1252; try it before latin-1, which accepts any byte.
        self.encoding = "latin-1" if any(byte in data for byte in CP1252_UNDEFINED) else "cp1252"
        return self.encoding, 0

    def _check_decodes(self, payload: bytes, codec: str) -> None:
        try:
            text = payload.decode(codec)
        except UnicodeDecodeError:
            raise _Stop(Problem(None, None, None, "undecodable", {"encoding": self.encoding})) from None
        if not text or text.isspace():
            raise _Stop(Problem(None, None, None, "empty_file"))
        if "\x00" in text:
            raise _Stop(Problem(None, None, None, "not_a_table"))

    def _sniff(self, sample: str, *, complete: bool) -> str:
        """The delimiter whose header best matches the dataset (ties: steadiest field count)."""
        own = set(self.dataset.columns)
        others = [set(other.columns) for other in DATASETS.values()]
        best: tuple[tuple[int, int, float, int], str] | None = None
        for delimiter in DELIMITERS:
            records = [record for record in _sample_records(sample, delimiter, complete=complete) if record]
            if not records:
                continue
            names = {_normalise(name) for name in records[0]}
            width = len(records[0])
            body = records[1:]
            steady = sum(len(record) == width for record in body) / len(body) if body else 1.0
            score = (len(names & own), max(len(names & columns) for columns in others), steady, width)
            if best is None or score > best[0]:
                best = (score, delimiter)
        return best[1] if best else ","

    def _parse_with_csv(self, text: str, delimiter: str, width: int, skip: int) -> list[Any]:
        cells: list[list[str]] = [[] for _ in range(width)]
        short: list[int] = []
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, quotechar='"')
        row = 1
        try:
            for _ in range(skip + 1):
                next(reader, None)
            for row, record in enumerate(reader, start=2):
                if len(record) > width:
                    extra = record[width:]
                    if any(value.strip() for value in extra):
                        self.problems.append(
                            Problem(
                                row,
                                None,
                                _clip(delimiter.join(extra)),
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
            raise _Stop(Problem(row + 1, None, None, "not_a_table", {"detail": str(error)})) from None
        if short:
            self.warnings.append(
                Problem(short[0], None, None, "short_rows", {"count": len(short), "expected": width})
            )
        return [arrow.array(column, type=arrow.string()) for column in cells]

    # -- xlsx -----------------------------------------------------------------------------

    def _read_xlsx(self, data: bytes) -> _Table:
        if not data.startswith(b"PK\x03\x04"):
            raise _Stop(Problem(None, None, None, "not_a_table"))
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                unpacked = sum(info.file_size for info in archive.infolist())
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
            raise _Stop(Problem(None, None, None, "not_a_table")) from None
        self.encoding = "xlsx"
        # Checked before opening: zipfile never inflates an entry past its declared size,
        # so the declared total bounds what openpyxl can unpack.
        if unpacked > self.limits.max_uncompressed_bytes:
            raise _Stop(
                Problem(
                    None,
                    None,
                    None,
                    "too_large_unpacked",
                    {
                        "size_mb": _megabytes(unpacked),
                        "limit_mb": _megabytes(self.limits.max_uncompressed_bytes),
                    },
                )
            )
        import openpyxl  # type: ignore[import-untyped,unused-ignore]  # noqa: PLC0415 - only uploads need it

        try:
            workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception:  # openpyxl raises many kinds for a damaged workbook
            raise _Stop(Problem(None, None, None, "not_a_table")) from None
        try:
            return self._read_sheet(self._choose_sheet(workbook))
        finally:
            workbook.close()

    def _choose_sheet(self, workbook: Any) -> Any:
        wanted = {
            _normalise(name) for name in (self.dataset.key, self.dataset.title_nl, self.dataset.title_en)
        }
        for sheet in workbook.worksheets:
            if _normalise(sheet.title) in wanted:
                return sheet
        if not workbook.worksheets:
            raise _Stop(Problem(None, None, None, "empty_file"))
        return workbook.worksheets[0]

    def _read_sheet(self, sheet: Any) -> _Table:
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
            if len(cells) > self.limits.max_columns:
                raise _Stop(self._too_many_columns(len(cells)))
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
            if filled > self.limits.max_rows:
                raise _Stop(Problem(None, None, None, "too_many_rows", {"limit": self.limits.max_rows}))
            texts.append([_cell_text(value) for value in cells])
            numbers.append([_cell_number(value) for value in cells])
        if header is None:
            raise _Stop(Problem(None, None, None, "empty_file"))
        width = max([len(header), *(len(cells) for cells in texts)])
        header += [""] * (width - len(header))
        text_columns = [[cells[i] if i < len(cells) else "" for cells in texts] for i in range(width)]
        number_columns = [[cells[i] if i < len(cells) else None for cells in numbers] for i in range(width)]
        return _Table(
            header=header,
            columns=[arrow.array(column, type=arrow.string()) for column in text_columns],
            numbers={i: arrow.array(column, type=arrow.float64()) for i, column in enumerate(number_columns)},
            offset=header_row - 1,
        )

    def _too_many_columns(self, count: int) -> Problem:
        return Problem(
            None, None, None, "too_many_columns", {"count": count, "limit": self.limits.max_columns}
        )

    # -- from text to a validated frame ---------------------------------------------------

    def _to_frame(self, table: _Table) -> pd.DataFrame | None:
        positions = self._match_header(table)
        trimmed = [pc.utf8_trim_whitespace(column) for column in table.columns]
        filled = _any_filled(trimmed, table.length)
        keep = np.flatnonzero(filled) if filled is not None else np.arange(table.length)
        self.rows = len(keep)
        if self.rows > self.limits.max_rows:
            raise _Stop(Problem(None, None, None, "too_many_rows", {"limit": self.limits.max_rows}))
        if not self.rows:
            raise _Stop(Problem(None, None, None, "header_only"))
        index: _Rows = (keep + table.offset).astype(np.int64)
        if len(keep) < table.length:
            take = arrow.array(keep)
            trimmed = [column.take(take) for column in trimmed]
            numbers = {i: column.take(take) for i, column in table.numbers.items()}
        else:
            numbers = table.numbers
        self._check_cell_lengths(table, trimmed, index)

        types = self.dataset.column_types()
        numeric = {
            position: _NumericText(
                _text_only(trimmed[position], numbers.get(position)), numbers.get(position)
            )
            for name, position in positions.items()
            if types[name] != "str"
        }
        self.decimal = self._choose_decimal(list(numeric.values()), native=bool(table.numbers))
        columns: dict[str, Any] = {}
        for name in self.dataset.columns:
            if name not in positions:
                continue
            position = positions[name]
            if types[name] == "str":
                columns[name] = _text_series(trimmed[position], index)
            else:
                cells = numeric[position]
                columns[name] = self._numbers(
                    cells, table=table, position=position, index=index, dtype=types[name]
                )
        frame = pd.DataFrame(columns, index=pd.Index(index))
        return self._validate(frame, table, positions)

    def _match_header(self, table: _Table) -> dict[str, int]:
        """Canonical column name -> position in the file; problems for everything else."""
        wanted = {_normalise(name): name for name in self.dataset.columns}
        positions: dict[str, int] = {}
        seen: dict[str, list[int]] = {}
        found: set[str] = set()
        for position, written in enumerate(table.header):
            normal = _normalise(written)
            if normal:
                found.add(normal)
            name = wanted.get(normal)
            if name is not None:
                seen.setdefault(name, []).append(position)
                positions.setdefault(name, position)
            elif not normal:
                if pc.any(_has_text(pc.utf8_trim_whitespace(table.columns[position]))).as_py():
                    unnamed = Problem(None, None, None, "unnamed_column", {"position": position + 1})
                    self.warnings.append(unnamed)
            else:
                self.warnings.append(Problem(None, written.strip(), None, "unknown_column"))
        for name, where in seen.items():
            if len(where) > 1:
                self.problems.append(
                    Problem(None, name, None, "duplicate_column", {"positions": [p + 1 for p in where]})
                )
        missing = [name for name in self.dataset.columns if name not in positions]
        if not missing:
            return positions
        self._check_dataset(found)
        if not positions:
            self.warnings.clear()  # every column would be "unknown": the one problem says it all
            raise _Stop(
                Problem(
                    None,
                    None,
                    None,
                    "no_known_columns",
                    {
                        "dataset_nl": self.dataset.title_nl,
                        "dataset_en": self.dataset.title_en,
                        "expected": self.dataset.columns,
                    },
                )
            )
        self.problems.extend(Problem(None, name, None, "missing_column") for name in missing)
        return positions

    def _check_dataset(self, found: set[str]) -> None:
        """Stop with wrong_dataset when the header is clearly another registered dataset's."""

        def similarity(dataset: Dataset) -> float:
            columns = set(dataset.columns)
            return len(found & columns) / len(found | columns) if found else 0.0

        own = similarity(self.dataset)
        score, best = max(
            ((similarity(other), other) for other in DATASETS.values() if other.key != self.dataset.key),
            key=lambda pair: pair[0],
        )
        if score >= 0.8 and score > own:
            self.warnings.clear()  # its columns are not "unknown": they belong elsewhere
            raise _Stop(
                Problem(
                    None,
                    None,
                    None,
                    "wrong_dataset",
                    {
                        "dataset": best.key,
                        "found_nl": best.title_nl,
                        "found_en": best.title_en,
                        "expected_nl": self.dataset.title_nl,
                        "expected_en": self.dataset.title_en,
                    },
                )
            )

    def _check_cell_lengths(self, table: _Table, trimmed: list[Any], index: _Rows) -> None:
        limit = self.limits.max_cell_chars
        for position, column in enumerate(trimmed):
            # Bytes bound characters from above: most columns need no character count.
            if (pc.max(pc.binary_length(column)).as_py() or 0) <= limit:
                continue
            lengths = pc.utf8_length(column)
            for at in np.flatnonzero(pc.greater(lengths, limit).to_numpy(zero_copy_only=False)):
                row = int(index[at])
                self.problems.append(
                    Problem(
                        row + 2,
                        self._column_name(table, position),
                        _clip(table.text(position, row)),
                        "cell_too_long",
                        {"length": lengths[int(at)].as_py(), "limit": limit},
                    )
                )

    def _column_name(self, table: _Table, position: int) -> str:
        normal = _normalise(table.header[position])
        return next((name for name in self.dataset.columns if name == normal), table.header[position].strip())

    def _choose_decimal(self, columns: list[_NumericText], *, native: bool) -> str | None:
        """ "," or "." for the whole file, by which reading more numeric cells need.

        A cell such as "52,26" or "1.500.000" only reads with a decimal comma, "52.26" only
        with a point; "1500" and "1.500" read both ways and decide nothing. "7,025" is
        evidence of a comma only in a ';' or tab file: in a ',' file it may be English 7025.
        """
        comma = point = cells = 0
        for column in columns:
            cells += pc.sum(column.filled).as_py() or 0
            only_comma = pc.and_(column.as_comma, pc.invert(column.as_point))
            if self.delimiter in (";", "\t"):
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
        return "," if self.delimiter == ";" else "."

    def _numbers(
        self, cells: _NumericText, *, table: _Table, position: int, index: _Rows, dtype: str
    ) -> pd.Series:
        if self.decimal == ",":
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
        self._bad_cells(bad, "not_a_number", table=table, position=position, index=index)
        if dtype != "Int64":
            return pd.Series(floats, index=index, dtype="float64")
        fractional = ~np.isnan(floats) & (floats != np.floor(floats))
        self._bad_cells(
            arrow.array(fractional), "not_a_whole_number", table=table, position=position, index=index
        )
        floats[fractional] = np.nan
        return pd.Series(pd.array(floats, dtype="Int64"), index=index)

    def _bad_cells(self, bad: Any, code: str, *, table: _Table, position: int, index: _Rows) -> None:
        name = self._column_name(table, position)
        flags = np.asarray(bad.to_numpy(zero_copy_only=False), dtype=bool)
        for at in np.flatnonzero(flags):
            row = int(index[at])
            self.problems.append(Problem(row + 2, name, _clip(table.text(position, row)), code))

    def _validate(self, frame: pd.DataFrame, table: _Table, positions: dict[str, int]) -> pd.DataFrame | None:
        complete = len(positions) == len(self.dataset.columns)
        try:
            if complete:
                return self.dataset.validate(frame)
            _partial_schema(self.dataset, list(frame.columns)).validate(frame, lazy=True)
        except pandera.errors.SchemaErrors as errors:
            failures = _Failures(self.dataset, frame, table, positions)
            self.problems.extend(failures.problems(errors.failure_cases))
        return None


class _NumericText:
    """The text cells of a numeric column and which of them read as numbers, either way."""

    def __init__(self, text: Any, native: Any) -> None:
        self.text = text
        self.native = native  # .xlsx: the cells that are real numbers (their text is "")
        self.filled = pc.greater(pc.binary_length(text), 0)
        self.as_comma = pc.match_substring_regex(text, COMMA_NUMBER)
        self.as_point = pc.match_substring_regex(text, POINT_NUMBER)


class _Failures:
    """Turns pandera's failure cases into the analyst's problems."""

    def __init__(
        self, dataset: Dataset, frame: pd.DataFrame, table: _Table, positions: dict[str, int]
    ) -> None:
        self.dataset = dataset
        self.schema = dataset.schema.to_schema()
        self.frame = frame
        self.table = table
        self.positions = positions

    def text(self, index: int, column: str) -> str:
        return _clip(self.table.text(self.positions[column], index))

    def problems(self, cases: pd.DataFrame) -> list[Problem]:
        found: list[Problem] = []
        cases = cases.drop_duplicates(subset=["schema_context", "column", "check", "check_number", "index"])
        for (context, check, number_), group in cases.groupby(
            ["schema_context", "check", "check_number"], dropna=False, sort=False
        ):
            check_number = _whole(number_)
            if check == "field_uniqueness":
                for column, cases in group.groupby("column", sort=False):
                    found += self.duplicates(cases, [str(column)])
            elif check == "multiple_fields_uniqueness":
                found += self.duplicates(group, list(self.schema.unique or self.dataset.primary_key))
            elif context == "DataFrameSchema" and check_number is not None:
                found += self.frame_check(group, check_number)
            else:
                found += self.column_check(str(check), check_number, group)
        return found

    def column_check(self, check: str, check_number: int | None, group: pd.DataFrame) -> list[Problem]:
        found: list[Problem] = []
        for column, cases in group.groupby("column", sort=False):
            name = str(column)
            code, params = self.describe(check, check_number, name)
            for index in cases["index"]:
                if pd.isna(index) or name not in self.positions:
                    found.append(Problem(None, name, None, "column_rule_broken", {"rule": check}))
                    continue
                value = self.text(int(index), name)
                if code == "too_long":  # the text as checked: trimmed, not clipped for the report
                    length = len(str(self.frame.at[int(index), name]))
                    longest = scalar_float(params.get("max"))
                    length_code = "too_long" if longest is not None and length > longest else "too_short"
                    found.append(
                        Problem(int(index) + 2, name, value, length_code, {**params, "length": length})
                    )
                    continue
                found.append(Problem(int(index) + 2, name, value, code, params))
        return found

    def describe(self, check: str, check_number: int | None, column: str) -> tuple[str, dict[str, object]]:
        rule = None
        if check_number is not None and column in self.schema.columns:
            rule = self.schema.columns[column].checks[check_number]
        if check == "not_nullable" or rule is None:
            return ("required", {}) if check == "not_nullable" else ("rule_broken", {"rule": check})
        statistics = dict(rule.statistics or {})
        if rule.name == "isin":
            return "not_allowed", {"allowed": [str(value) for value in statistics["allowed_values"]]}
        if rule.name == "str_matches":
            pattern = str(statistics["pattern"])
            fmt = FORMATS_BY_PATTERN.get(pattern) or FORMATS_BY_COLUMN.get(column) or "pattern"
            return "wrong_format", {"pattern": pattern, "format": fmt}
        if rule.name == "str_length":  # too_long or too_short: column_check sees the value
            return "too_long", {"min": statistics.get("min_value"), "max": statistics.get("max_value")}
        if rule.name in BOUND_CHECKS:
            low, high = statistics.get("min_value"), statistics.get("max_value")
            if rule.name == "equal_to":
                low = high = statistics.get("value")
            return "out_of_range", {"bound": BOUND_CHECKS[rule.name], "min": low, "max": high}
        return "rule_broken", {"rule": rule.error or rule.name, "check": rule.name}

    def duplicates(self, group: pd.DataFrame, key: list[str]) -> list[Problem]:
        rows = sorted({int(index) for index in group["index"] if not pd.isna(index)})
        keys = {index: tuple(self.text(index, name) for name in key) for index in rows}
        by_key: dict[tuple[str, ...], list[int]] = {}
        for index in rows:
            by_key.setdefault(keys[index], []).append(index + 2)
        found = []
        for index in rows:
            others = [row for row in by_key[keys[index]] if row != index + 2]
            found.append(
                Problem(
                    index + 2,
                    key[0] if len(key) == 1 else None,
                    " | ".join(keys[index]),
                    "duplicate_key",
                    {"columns": key, "key": " | ".join(keys[index]), "others": others},
                )
            )
        return found

    def frame_check(self, group: pd.DataFrame, check_number: int) -> list[Problem]:
        rule = self.schema.checks[check_number]
        rows = sorted({int(index) for index in group["index"] if not pd.isna(index)})
        found: list[Problem] = []
        for index in rows:
            reversed_ranges = self.reversed_ranges(index) if rule.name in RANGE_CHECKS else []
            broken = Problem(
                index + 2, None, None, "rule_broken", {"rule": rule.error or rule.name, "check": rule.name}
            )
            found += reversed_ranges or [broken]
        return found

    def reversed_ranges(self, index: int) -> list[Problem]:
        found = []
        for low in self.frame.columns:
            if not str(low).endswith("_low"):
                continue
            high = str(low).removesuffix("_low") + "_high"
            if high not in self.frame.columns:
                continue
            low_value = scalar_float(self.frame.at[index, low])
            high_value = scalar_float(self.frame.at[index, high])
            if low_value is not None and high_value is not None and low_value > high_value:
                found.append(
                    Problem(
                        index + 2,
                        str(low),
                        self.text(index, str(low)),
                        "range_reversed",
                        {
                            "low_column": str(low),
                            "high_column": high,
                            "low": self.text(index, str(low)),
                            "high": self.text(index, high),
                        },
                    )
                )
        return found


def _partial_schema(dataset: Dataset, present: list[str]) -> Any:
    """The dataset's column checks for the columns present (when some are missing).

    Frame-wide checks read columns that may be missing, so they wait for a complete file.
    """
    full = dataset.schema.to_schema()
    unique = full.unique if full.unique and set(full.unique) <= set(present) else None
    return pandera.pandas.DataFrameSchema(
        {name: full.columns[name] for name in present}, coerce=True, strict=False, unique=unique
    )


# ---------------------------------------------------------------------------------------
# Small helpers


def _normalise(name: str) -> str:
    """Header as compared: case, surrounding spaces and inner runs of spaces do not matter."""
    return re.sub(r"\s+", "_", name.strip().strip("\ufeff").strip().casefold())


def _megabytes(size: int) -> float:
    return round(size / 1024 / 1024, 1)


def _clip(value: str) -> str:
    return value if len(value) <= VALUE_CHARS else value[: VALUE_CHARS - 1] + "…"


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
    return [*problems[:MAX_PROBLEMS], Problem(None, None, None, "too_many_problems", {"count": more})]


def _utf16_without_bom(data: bytes) -> str | None:
    """'utf-16-le'/'-be' when every other byte of the start is NUL, as in UTF-16 text."""
    head = data[:4096]
    if len(head) < 4:
        return None
    odd, even = head[1::2], head[0::2]
    if odd.count(0) > 0.9 * len(odd) and even.count(0) < 0.1 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.9 * len(even) and odd.count(0) < 0.1 * len(odd):
        return "utf-16-be"
    return None


def _sample(payload: bytes, codec: str) -> tuple[str, bool]:
    """The first ~64 KB as text, and whether that is the whole file."""
    complete = len(payload) <= SAMPLE_BYTES
    decoder = codecs.getincrementaldecoder(codec)(errors="replace")
    return decoder.decode(payload[:SAMPLE_BYTES], final=complete), complete


def _decode(payload: bytes, codec: str) -> str:
    return payload.decode(codec, errors="replace")


def _looks_binary(sample: str) -> bool:
    controls = sum(1 for char in sample if ord(char) < 32 and char not in "\t\n\r\f\x1a")
    return controls > 0.01 * len(sample)


def _sample_records(sample: str, delimiter: str, *, complete: bool) -> list[list[str]]:
    """Up to SAMPLE_ROWS records of the sample; a record cut off by the sample's end is dropped."""
    reader = csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter, quotechar='"')
    try:
        records = list(itertools.islice(reader, SAMPLE_ROWS + 1))
    except csv.Error:
        return []
    if not complete and len(records) <= SAMPLE_ROWS:
        records = records[:-1]
    return records


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


def _any_filled(trimmed: list[Any], length: int) -> Any:
    """Per record, whether any cell holds text (Excel writes ';;;;' for formatted empty rows)."""
    if not trimmed:
        return None
    filled = np.zeros(length, dtype=bool)
    for column in trimmed:
        filled |= np.asarray(_has_text(column).to_numpy(zero_copy_only=False), dtype=bool)
    return filled


def _has_text(column: Any) -> Any:
    return pc.greater(pc.binary_length(column), 0)


def _whole(value: object) -> int | None:
    """A pandas group key as int (check numbers come back as floats, NaN for none)."""
    number_ = scalar_float(value)
    return None if number_ is None else int(number_)


def _text_only(text: Any, native: Any) -> Any:
    """The cells of a numeric column that are text (in .xlsx, numbers need no decimal)."""
    return text if native is None else pc.if_else(pc.is_valid(native), "", text)


# Our exports put an apostrophe before text a spreadsheet would run as a formula
# (exports.FORMULA_TRIGGERS); reading it back removes exactly that apostrophe, so an
# export -> edit -> upload round trip does not grow "'" on every cycle.
_NEUTRALISED: Final = r"^'([=+\-@\t\r])"


def _text_series(trimmed: Any, index: _Rows) -> pd.Series:
    empty = pc.equal(pc.binary_length(trimmed), 0)
    restored = pc.replace_substring_regex(trimmed, pattern=_NEUTRALISED, replacement=r"\1")
    values = pc.if_else(empty, arrow.scalar(None, arrow.string()), restored)
    return pd.Series(values.to_pandas(), dtype="str").set_axis(pd.Index(index))


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


def _format(value: object, lang: Language) -> str:
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float):
        return number(value, lang)
    if isinstance(value, list | tuple):
        if all(isinstance(item, int) for item in value):
            return ", ".join(str(item) for item in value)  # row numbers, as Excel shows them
        return ", ".join(f"‘{item}’" for item in value)
    return str(value)


def _localised(params: Mapping[str, object], lang: Language) -> dict[str, object]:
    """Placeholder values in ``lang``: numbers, lists, titles, rules, formats and bounds."""
    texts = catalogue(lang)
    values: dict[str, object] = {}
    for key, value in params.items():
        values[key] = "" if value is None else _format(value, lang)
        if key.endswith(f"_{lang}"):  # titles given in both languages: {found} is found_nl or found_en
            values[key.removesuffix(f"_{lang}")] = value
    if "check" in params:
        values["rule"] = texts.get(f"ingest.rules.{params['check']}", str(params.get("rule", "")))
    if "format" in params:
        template = texts.get(f"ingest.formats.{params['format']}", texts["ingest.formats.pattern"])
        values["format"] = template.format(pattern=params.get("pattern", ""))
    if "bound" in params:
        template = texts.get(f"ingest.bounds.{params['bound']}", texts["ingest.bounds.between"])
        values["range"] = template.format(
            min=_format(params.get("min"), lang), max=_format(params.get("max"), lang)
        )
    if "delimiter" in params:
        values["delimiter"] = texts["ingest.tab"] if params["delimiter"] == "\t" else params["delimiter"]
    return values
