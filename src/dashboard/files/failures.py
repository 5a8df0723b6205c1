"""Pandera's failure cases turned into the analyst's problems: rows, columns, values, sentences.

The registry's pandera schema does the validation; this module only says, for each failed
check, which cell of the file broke which rule, in words the ``[ingest]`` texts can show.
"""

from __future__ import annotations

from typing import Any, Final

import pandas as pd
import pandera.errors
import pandera.pandas

from dashboard.catalog import schemas
from dashboard.catalog.datasets import Dataset
from dashboard.files.problems import Problem, clip
from dashboard.files.table import Table
from dashboard.text.formatting import scalar_float

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


def validate(
    frame: pd.DataFrame, table: Table, positions: dict[str, int], dataset: Dataset
) -> tuple[pd.DataFrame | None, list[Problem]]:
    """The validated frame when every column is present and valid; else what is wrong.

    With columns missing, only the present columns' own checks run: frame-wide checks read
    columns that may be missing, so they wait for a complete file.
    """
    complete = len(positions) == len(dataset.columns)
    try:
        if complete:
            return dataset.validate(frame), []
        _partial_schema(dataset, list(frame.columns)).validate(frame, lazy=True)
    except pandera.errors.SchemaErrors as errors:
        return None, _Failures(dataset, frame, table, positions).problems(errors.failure_cases)
    return None, []


class _Failures:
    """Turns pandera's failure cases into the analyst's problems (read only, never changed)."""

    def __init__(
        self, dataset: Dataset, frame: pd.DataFrame, table: Table, positions: dict[str, int]
    ) -> None:
        self.dataset = dataset
        self.schema = dataset.schema.to_schema()
        self.frame = frame
        self.table = table
        self.positions = positions

    def text(self, index: int, column: str) -> str:
        return clip(self.table.text(self.positions[column], index))

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


def _whole(value: object) -> int | None:
    """A pandas group key as int (check numbers come back as floats, NaN for none)."""
    number_ = scalar_float(value)
    return None if number_ is None else int(number_)
