"""The figures no source was found for, listed instead of left out."""

from __future__ import annotations

import pandas as pd

from dashboard.analysis import unknowns


def frame(**columns: list[object]) -> pd.DataFrame:
    return pd.DataFrame(columns)


def test_only_rows_without_either_bound_are_unknown_and_indicators_keep_their_own_columns() -> None:
    empty = {"value_low": [None], "value_high": [None], "ref_date": ["2024"], "note": ["not found"]}
    known = {"value_low": [1.0], "value_high": [None], "ref_date": ["2024"], "note": [""]}
    data = {
        "clusters": frame(
            cluster_name=["A", "B"], measure=["member_organisations"] * 2, **_rows(empty, known)
        ),
        "events": frame(event_name=["E"], measure=["visitors"], **known),
        "campuses": frame(campus_name=["C"], measure=["companies"], **empty),
        "indicators": frame(subject=["S"], indicator_id=["dda_colocation_dcs"], **empty),
        "data_centres": frame(name=["x", "y"], capacity_mw_low=[None, 5.0], capacity_mw_high=[None, None]),
    }
    found = unknowns.unknown_figures(data)
    assert list(found.figures.columns) == list(unknowns.COLUMNS)
    assert list(found.figures["dataset"]) == ["clusters", "campuses", "indicators"]
    assert list(found.figures["name"]) == ["A", "C", "S"]
    assert list(found.figures["measure"]) == ["member_organisations", "companies", "dda_colocation_dcs"]
    assert found.sites_without_power == ("x",)
    assert found.site_count == 2


def _rows(*rows: dict[str, list[object]]) -> dict[str, list[object]]:
    return {column: [value for row in rows for value in row[column]] for column in rows[0]}
