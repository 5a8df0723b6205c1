"""What an upload changes against the current version, row by row, by primary key."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Final

import numpy as np
import pandas as pd

from dashboard.text import formatting
from dashboard.text.i18n import Language, t


@dataclass(frozen=True)
class ChangedRow:
    """One row present in both versions whose values differ."""

    key: tuple[object, ...]
    before: dict[str, object]
    after: dict[str, object]
    columns: tuple[str, ...]  # the columns whose value changed


@dataclass(frozen=True)
class Diff:
    primary_key: tuple[str, ...]
    added: pd.DataFrame
    removed: pd.DataFrame
    changed: tuple[ChangedRow, ...] = field(default=())
    unchanged: int = 0

    @property
    def is_empty(self) -> bool:
        return self.added.empty and self.removed.empty and not self.changed

    def counts(self) -> dict[str, int]:
        return {
            "added": len(self.added),
            "removed": len(self.removed),
            "changed": len(self.changed),
            "unchanged": self.unchanged,
        }


def compare(current: pd.DataFrame, new: pd.DataFrame, primary_key: Sequence[str]) -> Diff:
    """Rows added, removed and changed in ``new`` relative to ``current``.

    Both frames have been validated against the same schema, so their columns share
    types and keys are unique in each. Vectorised: a 200,000-row upload is compared by
    one outer merge, not a Python loop over rows.
    """
    keys = list(primary_key)
    values = [column for column in current.columns if column not in keys and column in new.columns]
    merged = current.merge(new, on=keys, how="outer", suffixes=("__before", "__after"), indicator=True)

    def side(rows: pd.DataFrame, suffix: str) -> pd.DataFrame:
        picked = rows[keys + [f"{column}{suffix}" for column in values]]
        return picked.set_axis(keys + values, axis=1)[list(current.columns)].reset_index(drop=True)

    added = side(merged[merged["_merge"] == "right_only"], "__after")
    removed = side(merged[merged["_merge"] == "left_only"], "__before")
    both = merged[merged["_merge"] == "both"]
    before, after = side(both, "__before"), side(both, "__after")

    differs = pd.DataFrame(False, index=before.index, columns=values)
    for column in values:
        old, new_values = before[column], after[column]
        same = (old == new_values).fillna(False).astype(bool) | (old.isna() & new_values.isna())
        differs[column] = ~same
    changed_rows = differs.any(axis=1)
    changed = tuple(
        ChangedRow(
            key=tuple(before.loc[index, keys]),
            before=before.loc[index].to_dict(),
            after=after.loc[index].to_dict(),
            columns=tuple(column for column in values if differs.at[index, column]),
        )
        for index in before.index[changed_rows]
    )
    return Diff(
        primary_key=tuple(keys),
        added=added,
        removed=removed,
        changed=changed,
        unchanged=int((~changed_rows).sum()),
    )


def column_title(column: str, lang: Language) -> str:
    """A dataset column as the reader names it ("Power, low (MW)", not ``capacity_mw_low``)."""
    return t(f"column.{column}", lang)


# Whole numbers that name rather than count (a year, a position): no thousands separator.
PLAIN_NUMBER_COLUMNS: Final = frozenset({"edition", "focus_order"})
# Enough decimals that a changed latitude or a range bound is visibly different; trailing
# zeros are dropped, so 12.5 reads "12,5" and not "12.500000".
SHOWN_DECIMALS: Final = 6


def cell_text(value: object, lang: Language, column: str = "") -> str:
    """A cell as the reader writes it: empty stays empty (not "None"), numbers in the
    language's format ("12,5" in Dutch, not "12.500000"), text as it is."""
    if formatting.is_missing(value):
        return ""
    if isinstance(value, bool | np.bool_):
        return str(value)
    if isinstance(value, int | float | np.integer | np.floating):
        if column in PLAIN_NUMBER_COLUMNS:
            return str(int(value))
        return formatting.number(float(value), lang, decimals=SHOWN_DECIMALS)
    return str(value)


def readable(frame: pd.DataFrame, lang: Language, *, keep: Sequence[str] = ()) -> pd.DataFrame:
    """``frame`` with its cells as text in ``lang`` and its columns titled; the columns in
    ``keep`` (labels the caller made) are left as they are."""
    return pd.DataFrame(
        {
            (column if column in keep else column_title(column, lang)): [
                value if column in keep else cell_text(value, lang, column) for value in frame[column]
            ]
            for column in frame.columns
        },
        index=frame.index,
    )
