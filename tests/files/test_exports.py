"""Exports analysts open in Excel never run a formula from the data."""

from __future__ import annotations

import io

import openpyxl
import pandas as pd
import pytest

from dashboard.catalog import datasets
from dashboard.files import diff, downloads, upload

DANGEROUS = ['=HYPERLINK("http://x","klik")', "+31 20 123", "-2+3", "@SUM(A1)", "\tcmd", "\rcmd"]


@pytest.mark.parametrize("text", DANGEROUS, ids=["equals", "plus", "minus", "at", "tab", "carriage-return"])
def test_text_that_could_run_as_a_formula_is_quoted(text: str) -> None:
    assert downloads.neutralise(text) == "'" + text


def test_numbers_and_plain_text_are_untouched() -> None:
    assert downloads.neutralise(-3.5) == -3.5
    assert downloads.neutralise("NorthC Almere") == "NorthC Almere"


def sites_with_formulas() -> pd.DataFrame:
    frame = datasets.get("data_centres").load_curated()
    frame.loc[0, "name"] = DANGEROUS[0]
    frame.loc[1, "note"] = "<script>alert(1)</script>"
    return frame


def test_csv_export_is_formula_safe_and_keeps_numbers() -> None:
    frame = sites_with_formulas()
    raw = downloads.to_csv(frame)
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: Excel reads it as UTF-8
    back = pd.read_csv(io.BytesIO(raw), encoding="utf-8-sig")
    assert back.loc[0, "name"] == "'" + DANGEROUS[0]
    assert back.loc[1, "note"] == "<script>alert(1)</script>"
    assert back["capacity_mw_low"].dtype.kind == "f"


def test_dutch_pages_offer_dutch_excels_csv_first_and_english_pages_the_international() -> None:
    assert downloads.csv_dialects("nl") == (downloads.EXCEL_NL, downloads.INTERNATIONAL)
    assert downloads.csv_dialects("en") == (downloads.INTERNATIONAL, downloads.EXCEL_NL)


def test_dutch_excel_csv_has_semicolons_decimal_commas_and_a_bom() -> None:
    """What Dutch Excel splits into columns on a double click, with numbers as numbers."""
    frame = pd.DataFrame({"naam": ["NorthC; Almere", "=1+1"], "capaciteit_mw": [12.5, 3.0], "sites": [2, 1]})
    raw = downloads.to_csv(frame, downloads.EXCEL_NL)
    assert raw.startswith(b"\xef\xbb\xbf")
    assert raw.decode("utf-8-sig").split("\r\n")[:3] == [
        "naam;capaciteit_mw;sites",
        '"NorthC; Almere";12,5;2',  # a separator inside text is quoted
        "'=1+1;3,0;1",
    ]
    back = pd.read_csv(io.BytesIO(raw), sep=";", decimal=",", encoding="utf-8-sig")
    assert back["capaciteit_mw"].tolist() == [12.5, 3.0]


def test_xlsx_export_stores_text_not_formulas() -> None:
    raw = downloads.to_xlsx(sites_with_formulas(), "data_centres")
    sheet = openpyxl.load_workbook(io.BytesIO(raw))["data_centres"]
    header = [cell.value for cell in sheet[1]]
    name = sheet.cell(row=2, column=header.index("name") + 1)
    assert name.data_type == "s"
    assert name.value == "'" + DANGEROUS[0]
    capacity = [row[header.index("capacity_mw_low")] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert any(isinstance(value, float | int) for value in capacity)


def test_template_is_the_header_and_one_example_row() -> None:
    dataset = datasets.get("campuses")
    template = downloads.template(dataset)
    assert list(template.columns) == dataset.columns
    assert len(template) == 1


def test_an_exported_file_uploads_back_unchanged() -> None:
    """Export -> upload is lossless in every dialect: the apostrophe that neutralises a
    formula is removed again, and decimal commas read back as the same numbers."""
    dataset = datasets.get("data_centres")
    frame = sites_with_formulas()
    for raw, name in (
        (downloads.to_csv(frame, downloads.EXCEL_NL), "export-excel-nl.csv"),
        (downloads.to_csv(frame, downloads.INTERNATIONAL), "export.csv"),
        (downloads.to_xlsx(frame, dataset.key), "export.xlsx"),
    ):
        back, report = upload.read_upload(raw, name, dataset)
        assert report.ok, report.problems
        assert back is not None
        assert back.loc[0, "name"] == DANGEROUS[0]
        pd.testing.assert_frame_equal(back, dataset.validate(frame))


@pytest.mark.parametrize("key", sorted(datasets.DATASETS))
@pytest.mark.parametrize(
    "dialect", [downloads.EXCEL_NL, downloads.INTERNATIONAL], ids=lambda dialect: dialect.key
)
def test_every_dataset_downloads_and_uploads_back_without_a_diff(
    key: str, dialect: downloads.CsvDialect
) -> None:
    dataset = datasets.get(key)
    frame = dataset.load_curated()
    back, report = upload.read_upload(downloads.to_csv(frame, dialect), f"{key}.csv", dataset)
    assert report.ok, report.problems
    assert back is not None
    pd.testing.assert_frame_equal(back, dataset.validate(frame))
    assert diff.compare(dataset.validate(frame), back, dataset.primary_key).is_empty
