"""Pure comparisons on tiny frames."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard.analysis import areas, figures, headlines

REGIONS = pd.DataFrame(
    {
        "region_id": ["NL", "NL-GR", "NL-FR", "NL-FL", "GM0014", "GM0034", "LD-NOORD", "MRA"],
        "kind": [
            "country",
            "province",
            "province",
            "province",
            "municipality",
            "municipality",
            "landsdeel",
            "metro_area",
        ],
        "parent_id": [None, "NL", "NL", "NL", "NL-GR", "NL-FL", None, None],
        "members": [None, None, None, None, None, None, "NL-GR|NL-FR", "GM0034"],
        "population": [17_590_672, 590_170, 654_019, 434_771, None, 214_715, 1_741_932, None],
        "population_date": ["2022-01-01"] * 4 + [None, "2021-01-01", "2022-01-01", None],
        "population_source_id": ["cbs"] * 4 + [None, "wiki", "cbs", None],
        "country": ["NL"] * 8,
        "area_km2": [None, 2324.67, 3340.0, 1412.0, None, 129.6, None, None],
        "area_kind": [None, "land", "land", "land", None, "land", None, None],
        "area_date": [None, "2017", "2023", "2017", None, "2021", None, None],
        "area_source_id": [None, "kpn", "wiki-fr", "worddisk", None, "wiki", None, None],
        "lat": [None] * 5 + [52.367, None, None],
        "lon": [None] * 5 + [5.217, None, None],
    }
)


def figure_rows(**columns: list[object]) -> pd.DataFrame:
    defaults = {"qualifier": None, "claim_type": "actual", "source_id": "s1", "unit": "organisations"}
    size = len(next(iter(columns.values())))
    return pd.DataFrame({**{key: [value] * size for key, value in defaults.items()}, **columns})


def test_closure_follows_parents_and_members() -> None:
    closure = areas.region_closure(REGIONS)
    assert closure["LD-NOORD"] == {"LD-NOORD", "NL-GR", "NL-FR", "GM0014"}
    assert closure["NL-FL"] == {"NL-FL", "GM0034"}
    assert "GM0034" in closure["MRA"]
    assert "GM0034" in closure["NL"]


def test_in_region_counts_a_municipality_inside_its_grouping() -> None:
    sites = pd.DataFrame({"region_id": ["GM0014", "NL-FR", "GM0034"], "name": ["a", "b", "c"]})
    closure = areas.region_closure(REGIONS)
    assert list(areas.in_region(sites, "LD-NOORD", closure)["name"]) == ["a", "b"]
    assert list(areas.in_region(sites, "MRA", closure)["name"]) == ["c"]


def test_latest_prefers_the_later_end_of_a_period() -> None:
    rows = figure_rows(
        cluster_id=["sn", "sn", "sn"],
        measure=["member_organisations"] * 3,
        value_low=[21.0, 80.0, 100.0],
        value_high=[21.0, 80.0, 100.0],
        ref_date=["2011/2013", "2021-10", "2023/2024"],
    )
    assert list(figures.latest(rows, "cluster_id", "member_organisations")["value_low"]) == [100.0]


def test_latest_ignores_forecasts_and_unknown_values() -> None:
    rows = figure_rows(
        cluster_id=["a", "a", "a"],
        measure=["member_organisations"] * 3,
        value_low=[5.0, 9.0, None],
        value_high=[5.0, 9.0, None],
        ref_date=["2020", "2021", "2022"],
        claim_type=["actual", "forecast", "actual"],
    )
    assert list(figures.latest(rows, "cluster_id", "member_organisations")["value_low"]) == [5.0]


def test_total_of_ranges_is_a_range_and_unknown_parts_make_it_a_lower_bound() -> None:
    exact = figures.Figure(80.0, 80.0, source_ids=("a",))
    ranged = figures.Figure(200.0, 250.0, source_ids=("b",))
    assert figures.total([exact, ranged], ["x", "y"]) == figures.Figure(
        280.0, 330.0, source_ids=("a", "b"), parts=("x", "y")
    )
    with_unknown = figures.total([exact, figures.UNKNOWN], ["x", "z"])
    assert (with_unknown.low, with_unknown.high, with_unknown.qualifier) == (80.0, None, "at_least")
    assert with_unknown.missing_parts == ("z",)
    assert not figures.total([figures.UNKNOWN], ["z"]).known


def test_per_capita_times_population_gives_back_the_figure() -> None:
    fig = figures.Figure(80.0, 100.0)
    per = figures.per_capita(fig, 1_741_932)
    assert per.low is not None
    assert per.high is not None
    assert per.low * 1_741_932 / 100_000 == pytest.approx(80.0)
    assert per.high * 1_741_932 / 100_000 == pytest.approx(100.0)
    assert not figures.per_capita(fig, None).known


def test_share_reached_of_a_forecast_range_is_a_range() -> None:
    actual = figures.Figure(685_189.0, 685_189.0)
    share = figures.share_reached(actual, figures.Figure(1_500_000.0, 2_000_000.0))
    assert share.low == pytest.approx(34.26, abs=0.01)
    assert share.high == pytest.approx(45.68, abs=0.01)
    assert not figures.share_reached(figures.UNKNOWN, figures.Figure(200.0, 250.0)).known


def test_headline_table_reports_unknown_not_zero_for_missing_members() -> None:
    frames = {
        "regions": REGIONS,
        "clusters": figure_rows(
            cluster_id=["sn", "ict-almere"],
            cluster_name=["Samenwerking Noord", "ICT & Tech cluster Almere"],
            region_id=["LD-NOORD", "GM0034"],
            measure=["member_organisations"] * 2,
            value_low=[80.0, None],
            value_high=[80.0, None],
            ref_date=["2021-10", "2021"],
        ),
    }
    table = headlines.headline_table(frames, ["LD-NOORD", "GM0034"], ["cluster_members"]).set_index(
        "region_id"
    )
    assert table.at["LD-NOORD", "low"] == 80.0
    assert pd.isna(table.at["GM0034", "low"])
    assert table.at["GM0034", "missing_parts"] == ("ICT & Tech cluster Almere",)
    assert table.at["LD-NOORD", "per_100k_low"] == pytest.approx(80 / 1_741_932 * 100_000)


def test_time_series_keeps_periods_and_ranges() -> None:
    rows = figure_rows(
        cluster_id=["sn", "sn"],
        cluster_name=["SN", "SN"],
        region_id=["LD-NOORD"] * 2,
        measure=["member_organisations"] * 2,
        value_low=[21.0, 200.0],
        value_high=[21.0, 250.0],
        ref_date=["2011/2013", "2021-10-14"],
    )
    series = figures.time_series(rows, "cluster_id", "cluster_name", "member_organisations")
    period, ranged = series.iloc[0], series.iloc[1]
    assert period["x"] - period["x_minus"] == pytest.approx(2011.0)
    assert period["x"] + period["x_plus"] == pytest.approx(2014.0, abs=0.01)
    assert period["y"] == 21.0
    assert pd.isna(ranged["y"])
    assert (ranged["low"], ranged["high"]) == (200.0, 250.0)
