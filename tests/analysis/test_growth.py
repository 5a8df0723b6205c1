"""Change and CAGR between stated figures: ranges in, ranges out, nothing interpolated."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from dashboard.analysis import growth


def row(
    low: float | None,
    high: float | None,
    ref_date: str,
    *,
    claim_type: str = "actual",
    qualifier: str | None = None,
    source_id: str = "s1",
) -> dict[str, object]:
    return {
        "value_low": math.nan if low is None else low,
        "value_high": math.nan if high is None else high,
        "qualifier": qualifier,
        "ref_date": ref_date,
        "claim_type": claim_type,
        "source_id": source_id,
    }


def frame(*rows: dict[str, object]) -> pd.DataFrame:
    return pd.DataFrame.from_records(list(rows))


def test_exact_members_2012_to_2024() -> None:
    result = growth.between(row(21, 21, "2012", source_id="a"), row(100, 100, "2024", source_id="b"))
    assert result.years == (12.0, 12.0)
    assert result.change == (79.0, 79.0)
    assert result.change_pct == pytest.approx((100 * 79 / 21, 100 * 79 / 21))
    assert result.change_pct is not None
    assert result.change_pct[0] == pytest.approx(376.19, abs=0.01)
    expected = 100 * ((100 / 21) ** (1 / 12) - 1)
    assert result.cagr_pct == pytest.approx((expected, expected))
    assert result.source_ids == ("a", "b")
    assert result.claim_types == ("actual", "actual")
    assert result.note is None
    assert (result.start_ref, result.end_ref) == ("2012", "2024")


def test_a_range_at_the_end_gives_a_cagr_range() -> None:
    result = growth.between(row(1_000_000, 1_000_000, "2015"), row(1_500_000, 2_000_000, "2025"))
    assert result.change == (500_000, 1_000_000)
    assert result.change_pct == pytest.approx((50.0, 100.0))
    assert result.cagr_pct == pytest.approx((100 * (1.5 ** (1 / 10) - 1), 100 * (2.0 ** (1 / 10) - 1)))


def test_a_range_at_the_start_subtracts_crosswise() -> None:
    result = growth.between(row(10, 20, "2020"), row(30, 30, "2022"))
    assert result.change == (10, 20)
    assert result.change_pct == pytest.approx((50.0, 200.0))


def test_an_inferred_period_widens_the_years_and_the_cagr() -> None:
    result = growth.between(row(21, 21, "2011/2013"), row(100, 100, "2024"))
    low_years, high_years = result.years
    assert 11 <= low_years < 12 < high_years <= 14
    assert result.years == pytest.approx((11.0, 13.0))
    assert result.cagr_pct == pytest.approx(
        (100 * ((100 / 21) ** (1 / 13) - 1), 100 * ((100 / 21) ** (1 / 11) - 1))
    )
    assert result.note == "period"


def test_mixed_precision_dates_give_a_span_range() -> None:
    result = growth.between(row(1, 1, "2012"), row(2, 2, "2024-07-01"))
    low_years, high_years = result.years
    # A yearly figure could belong anywhere in 2012; the mid-2024 day is fixed.
    assert low_years == pytest.approx(11.5, abs=0.01)
    assert high_years == pytest.approx(12.5, abs=0.01)


def test_unknown_rows_are_not_points() -> None:
    rows = frame(row(None, None, "2010"), row(5, 5, "2018"), row(3, 3, "2014"), row(None, None, "2020"))
    found = growth.points(rows)
    assert list(found["ref_date"]) == ["2014", "2018"]
    assert list(found.columns) == list(rows.columns)


def test_points_sort_by_the_middle_of_the_period() -> None:
    rows = frame(row(1, 1, "2021-10"), row(1, 1, "2011/2013"), row(1, 1, "2012-06-30"), row(1, 1, "2021"))
    assert list(growth.points(rows)["ref_date"]) == ["2012-06-30", "2011/2013", "2021", "2021-10"]


def test_end_before_start_raises() -> None:
    with pytest.raises(ValueError, match="not after"):
        growth.between(row(100, 100, "2024"), row(21, 21, "2012"))
    with pytest.raises(ValueError, match="not after"):
        growth.between(row(1, 1, "2020"), row(2, 2, "2020"))


def test_unknown_end_raises() -> None:
    with pytest.raises(ValueError, match="unknown"):
        growth.between(row(1, 1, "2020"), row(None, None, "2022"))


def test_a_zero_start_has_no_relative_change() -> None:
    result = growth.between(row(0, 0, "2018"), row(12, 12, "2022"))
    assert result.change == (12, 12)
    assert result.change_pct is None
    assert result.cagr_pct is None


def test_a_range_start_that_could_be_zero_has_no_relative_change() -> None:
    result = growth.between(row(0, 5, "2018"), row(12, 12, "2022"))
    assert result.change == (7, 12)
    assert result.change_pct is None


def test_a_zero_end_has_a_change_but_no_cagr() -> None:
    result = growth.between(row(10, 10, "2018"), row(0, 0, "2022"))
    assert result.change_pct == pytest.approx((-100.0, -100.0))
    assert result.cagr_pct is None


def test_a_short_span_is_not_annualised() -> None:
    result = growth.between(row(100, 100, "2024-01"), row(110, 110, "2024-03"))
    assert result.change_pct == pytest.approx((10.0, 10.0))
    assert result.cagr_pct is None


def test_forecast_against_actual_is_flagged() -> None:
    result = growth.between(
        row(1_500_000, 2_000_000, "2014", claim_type="forecast"), row(685_189, 685_189, "2016")
    )
    assert result.claim_types == ("forecast", "actual")
    assert result.note is not None
    assert "mixed_claims" in result.note.split(",")


def test_a_one_sided_end_stands_in_for_its_bound() -> None:
    result = growth.between(row(21, 21, "2012"), row(100, None, "2024", qualifier="more_than"))
    expected = 100 * ((100 / 21) ** (1 / 12) - 1)
    assert result.change == (79, 79)
    assert result.cagr_pct == pytest.approx((expected, expected))
    assert result.note == "one_sided"


def test_notes_combine_in_a_fixed_order() -> None:
    result = growth.between(
        row(None, 50, "2011/2013", qualifier="up_to", claim_type="estimate"), row(80, 80, "2020")
    )
    assert result.note == "one_sided,period,mixed_claims"


def test_between_accepts_series_from_points() -> None:
    rows = growth.points(frame(row(100, 100, "2024"), row(21, 21, "2012")))
    result = growth.between(rows.iloc[0], rows.iloc[1])
    assert result.change == (79, 79)


def test_all_pairs_skips_same_moment_duplicates() -> None:
    rows = frame(row(1, 1, "2020", source_id="a"), row(2, 2, "2020", source_id="b"), row(4, 4, "2022"))
    pairs = growth.all_pairs(rows)
    assert [(pair.start_ref, pair.end_ref) for pair in pairs] == [("2020", "2022"), ("2020", "2022")]


# --- Properties -------------------------------------------------------------------------

# Counts and traffic volumes: within six orders of magnitude the % round trip keeps 1e-9 precision.
positive = st.floats(min_value=1.0, max_value=1e6, allow_nan=False, allow_infinity=False)
value = st.floats(min_value=-1e6, max_value=1e9, allow_nan=False, allow_infinity=False)
year = st.integers(min_value=1990, max_value=2060)


@settings(max_examples=100, deadline=None)
@given(positive, positive, year, st.integers(min_value=1, max_value=40))
def test_cagr_compounds_back_to_the_end_value(v0: float, v1: float, y0: int, elapsed: int) -> None:
    y1 = y0 + elapsed
    result = growth.between(row(v0, v0, str(y0)), row(v1, v1, str(y1)))
    assert result.years == (elapsed, elapsed)
    assert result.cagr_pct is not None
    low, high = result.cagr_pct
    assert low == pytest.approx(high, rel=1e-12, abs=1e-12)
    assert v0 * (1 + low / 100) ** (y1 - y0) == pytest.approx(v1, rel=1e-9)


ref = st.one_of(
    year.map(str),
    st.tuples(year, st.integers(min_value=1, max_value=12)).map(lambda ym: f"{ym[0]}-{ym[1]:02d}"),
    st.tuples(year, st.integers(min_value=1, max_value=3)).map(lambda ys: f"{ys[0]}/{ys[0] + ys[1]}"),
)


@settings(max_examples=100, deadline=None)
@given(st.lists(value, min_size=2, max_size=2), st.lists(value, min_size=2, max_size=2), ref, ref)
@example([1.0, 4.1e-265], [1.0, 1.0], "1990-01", "1990-08")  # found by CI: the rate overflowed
def test_ranges_stay_ordered(start: list[float], end: list[float], first: str, second: str) -> None:
    rows = growth.points(
        frame(row(min(start), max(start), first), row(min(end), max(end), second, claim_type="forecast"))
    )
    try:
        result = growth.between(rows.iloc[0], rows.iloc[1])
    except ValueError:  # the same moment twice: no growth to measure
        return
    assert result.years[0] <= result.years[1]
    assert result.change is not None
    assert result.change[0] <= result.change[1]
    if result.change_pct is not None:
        assert result.change_pct[0] <= result.change_pct[1]
    if result.cagr_pct is not None:
        assert result.cagr_pct[0] <= result.cagr_pct[1]
        assert result.years[0] >= growth.MIN_YEARS_FOR_CAGR


@settings(max_examples=100, deadline=None)
@given(st.lists(year, min_size=0, max_size=8, unique=True))  # unique, in any order
def test_all_pairs_covers_every_ordered_pair(years: list[int]) -> None:
    rows = frame(*[row(float(index + 1), float(index + 1), str(y)) for index, y in enumerate(years)])
    if rows.empty:
        rows = frame(row(1, 1, "2000")).iloc[0:0]
    pairs = growth.all_pairs(rows)
    n = len(years)
    assert len(pairs) == n * (n - 1) // 2
    assert all(int(pair.end_ref) > int(pair.start_ref) for pair in pairs)
