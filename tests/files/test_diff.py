"""Diff preview: rows added, removed and changed by primary key, with the changed cells."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard.catalog import datasets
from dashboard.files import diff
from dashboard.text.i18n import Language


def test_identical_versions_have_no_changes() -> None:
    current = datasets.get("clusters").load_curated()
    result = diff.compare(current, current.copy(), datasets.get("clusters").primary_key)
    assert result.is_empty
    assert result.counts() == {"added": 0, "removed": 0, "changed": 0, "unchanged": len(current)}


def test_added_removed_and_changed_rows_are_told_apart() -> None:
    dataset = datasets.get("events")
    current = dataset.load_curated()
    new = current.copy()
    actual = (
        (new["event_id"] == "floriade-2022")
        & (new["measure"] == "visitors")
        & (new["claim_type"] == "actual")
    )
    new.loc[actual, ["value_low", "value_high"]] = [700_000.0, 700_000.0]
    removed_row = new.iloc[[0]]
    new = new.iloc[1:]
    added_row = current.iloc[[1]].assign(ref_date="2030")
    new = dataset.validate(pd.concat([new, added_row], ignore_index=True))

    result = diff.compare(current, new, dataset.primary_key)
    assert result.counts()["added"] == 1
    assert list(result.added["ref_date"]) == ["2030"]
    assert result.counts()["removed"] == 1
    assert result.removed.iloc[0].to_dict() == removed_row.iloc[0].to_dict()
    (changed,) = [row for row in result.changed if row.after["value_low"] == 700_000.0]
    assert changed.columns == ("value_low", "value_high")
    assert changed.before["value_low"] == 685_189.0
    assert result.counts()["changed"] == 1


def test_missing_equals_missing_and_text_changes_are_seen() -> None:
    dataset = datasets.get("data_centres")
    current = dataset.load_curated()
    new = current.copy()
    new.loc[0, "note"] = "checked by phone"
    result = diff.compare(current, new, dataset.primary_key)
    assert [row.columns for row in result.changed] == [("note",)]


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("key", sorted(datasets.DATASETS))
def test_every_dataset_column_has_a_title_for_the_diff(key: str, lang: Language) -> None:
    for column in datasets.get(key).columns:
        title = diff.column_title(column, lang)
        assert title
        assert title != f"column.{column}", (key, column)


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("nl", ["12,5", "", "1.234.567", "52,378412", "2024", "NorthC"]),
        ("en", ["12.5", "", "1,234,567", "52.378412", "2024", "NorthC"]),
    ],
)
def test_cells_read_as_the_reader_writes_them(lang: Language, expected: list[str]) -> None:
    values: list[object] = [12.5, None, 1234567.0, 52.378412, 2024, "NorthC"]
    columns = ["capacity_mw_low", "operator", "floor_area_m2_low", "lat", "edition", "operator"]
    assert [
        diff.cell_text(value, lang, column) for value, column in zip(values, columns, strict=True)
    ] == expected
    assert diff.cell_text(float("nan"), lang) == ""
