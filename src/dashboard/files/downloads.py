"""Downloads analysts open in Excel: CSV and .xlsx, safe against formula injection.

CSV comes in two dialects. Excel on a Dutch Windows splits a double-clicked .csv on ``;``
and reads ``12,5`` as a number: a ``,``-separated file opens as one column there. So Dutch
pages offer Dutch Excel's dialect first (``;``, decimal comma) and the international one
(``,``, decimal point) as the other choice; English pages the other way round. Both are
UTF-8 with a BOM, which Excel needs to read UTF-8, and both upload again unchanged.

A cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is run as a
formula by spreadsheet programs (OWASP "CSV injection"). Text cells starting with one of
those get a leading apostrophe, which Excel shows as nothing and treats as "this is text".
Numbers are numbers and are never touched: -3.5 stays a number.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Final

import pandas as pd

from dashboard.catalog.datasets import Dataset
from dashboard.text.i18n import Language

FORMULA_TRIGGERS: Final = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> object:
    """The cell as a spreadsheet should store it: text that could run as a formula is quoted."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy whose text cells are neutralised (numeric columns are left as they are)."""
    safe = frame.copy()
    for column in safe.columns:
        if not pd.api.types.is_numeric_dtype(safe[column]):
            safe[column] = safe[column].map(neutralise, na_action="ignore")
    return safe


@dataclass(frozen=True)
class CsvDialect:
    """How a CSV separates fields and writes decimals."""

    key: str
    separator: str
    decimal: str


EXCEL_NL: Final = CsvDialect("excel_nl", separator=";", decimal=",")
INTERNATIONAL: Final = CsvDialect("international", separator=",", decimal=".")
DIALECTS: Final = {dialect.key: dialect for dialect in (EXCEL_NL, INTERNATIONAL)}


def csv_dialects(lang: Language) -> tuple[CsvDialect, CsvDialect]:
    """The CSV a page offers first, then the other one."""
    return (EXCEL_NL, INTERNATIONAL) if lang == "nl" else (INTERNATIONAL, EXCEL_NL)


def to_csv(frame: pd.DataFrame, dialect: CsvDialect = INTERNATIONAL) -> bytes:
    """UTF-8 with BOM (so Excel detects the encoding), in ``dialect``, formula-safe."""
    text = safe_frame(frame).to_csv(
        index=False, sep=dialect.separator, decimal=dialect.decimal, lineterminator="\r\n"
    )
    return text.encode("utf-8-sig")


def to_xlsx(frame: pd.DataFrame, sheet_name: str) -> bytes:
    """One sheet named after the dataset, formula-safe text, numbers as numbers."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        safe_frame(frame).to_excel(writer, sheet_name=sheet_name[:31], index=False)
    return buffer.getvalue()


def template(dataset: Dataset) -> pd.DataFrame:
    """The header plus one example row (the first curated row) for analysts to start from."""
    return dataset.load_curated().head(1)[dataset.columns]
