"""Change and compound annual growth between two stated figures of one entity — never interpolated.

Method. Every figure is a range and every reference date a period, so every result is a range too:

* **Elapsed years.** A reference date covers ``[first day, day after last day)`` as fractional years
  (``"2012"`` is 2012.0-2013.0, ``"2011/2013"`` is 2011.0-2014.0). Starts are compared with starts and
  ends with ends, so two single years are exactly their difference apart (2012 -> 2024 is 12 years)
  while an inferred period widens the span ("2011/2013" -> "2024" is 11-13 years). A span that could
  be negative (overlapping periods) is clamped to 0.
* **Change** uses range arithmetic: ``(end_low - start_high, end_high - start_low)``.
* **Relative change and CAGR** are the extremes over the corners of the value ranges and the year
  span: growth is monotone in each of them, so the corners bound it. CAGR is ``(end/start)**(1/years)-1``.
  It is left out (None) when the span could be under half a year — annualising a few months blows
  small differences up into absurd yearly rates — or when a value could be zero or negative.
* **One-sided figures** ("more than 10") stand in for their known bound on both sides, as in
  :func:`dashboard.analysis.figures.time_series`; the result says so with the note ``"one_sided"`` rather than
  dropping a figure the sources do give.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from itertools import combinations, product
from typing import Final

import pandas as pd

from dashboard.analysis.figures import figure_of
from dashboard.text.formatting import decimal_year, ref_bounds

# Shorter spans are not annualised: 10 % in three months would read as 46 % a year.
MIN_YEARS_FOR_CAGR: Final = 0.5
MAX_EXPONENT: Final = 700.0
ONE_SIDED_QUALIFIERS: Final = frozenset({"more_than", "at_least", "up_to"})

Row = Mapping[str, object] | pd.Series


@dataclass(frozen=True)
class Growth:
    """How a figure changed between two stated points; every number is a (low, high) range.

    ``note`` is a machine key (comma-joined, in this order) for captions to translate:
    ``one_sided`` (an end is "more than"/"up to" and stands in for its known bound),
    ``period`` (an end has an inferred period such as "2011/2013"),
    ``mixed_claims`` (the claim types differ, e.g. a forecast against an actual).
    """

    start_ref: str
    end_ref: str
    years: tuple[float, float]
    change: tuple[float, float] | None
    change_pct: tuple[float, float] | None
    cagr_pct: tuple[float, float] | None
    source_ids: tuple[str, ...]
    claim_types: tuple[str, str]
    note: str | None


def _span(ref_date: str) -> tuple[float, float]:
    """The period as fractional years, its end being the day after its last day (so "2012" is 2012-2013)."""
    first, last = ref_bounds(ref_date)
    return decimal_year(first), decimal_year(last + timedelta(days=1))


def _middle(ref_date: str) -> float:
    first, last = _span(ref_date)
    return (first + last) / 2


def points(rows: pd.DataFrame) -> pd.DataFrame:
    """The rows of ONE entity+measure that have data, sorted by the middle of their reference period.

    Rows whose both bounds are NaN are dropped: unknown is not a data point. The original columns
    (and index) are kept; the sort is stable so equal dates keep their order.
    """
    known = rows[rows["value_low"].notna() | rows["value_high"].notna()]
    order = known["ref_date"].map(lambda value: _middle(str(value)))
    return known.assign(_middle=order).sort_values("_middle", kind="stable").drop(columns="_middle")


def _ranges(row: Row) -> tuple[float, float, bool]:
    """Low and high of a row's figure and whether it is one-sided; ValueError when unknown."""
    fig = figure_of(row)
    low = fig.low if fig.low is not None else fig.high
    high = fig.high if fig.high is not None else fig.low
    if low is None or high is None:
        raise ValueError(f"unknown figure at {fig.ref_date!r}: it has no value to grow from or to")
    one_sided = fig.low is None or fig.high is None or fig.qualifier in ONE_SIDED_QUALIFIERS
    return low, high, one_sided


def _extremes(values: list[float]) -> tuple[float, float]:
    return min(values), max(values)


def between(start: Row, end: Row) -> Growth:
    """Growth from one figure row to a later one (see the module docstring for the method).

    Raises ValueError if ``end`` is not after ``start`` (comparing period middles) or either is unknown.
    """
    start_ref, end_ref = str(start["ref_date"]), str(end["ref_date"])
    if _middle(end_ref) <= _middle(start_ref):
        raise ValueError(f"end {end_ref!r} is not after start {start_ref!r}")
    start_low, start_high, start_one_sided = _ranges(start)
    end_low, end_high, end_one_sided = _ranges(end)

    (start_first, start_last), (end_first, end_last) = _span(start_ref), _span(end_ref)
    # Like with like: start-to-start and end-to-end; the two differ only when the periods' lengths do.
    span_a, span_b = end_first - start_first, end_last - start_last
    years = (max(0.0, min(span_a, span_b)), max(0.0, span_a, span_b))

    change = (end_low - start_high, end_high - start_low)
    change_pct = None
    ratios: list[float] = []
    if start_low > 0:  # a start that could be 0 has no relative change
        ratios = [e / s for e, s in product((end_low, end_high), (start_low, start_high))]
        low_ratio, high_ratio = _extremes(ratios)
        change_pct = (100 * (low_ratio - 1), 100 * (high_ratio - 1))

    cagr_pct = None
    if ratios and end_low > 0 and years[0] >= MIN_YEARS_FOR_CAGR:
        # expm1/log keep precision for ratios near 1 (a few % over many years).
        exponents = [math.log(ratio) / span for ratio, span in product(ratios, years)]
        # Beyond e**700 a float overflows; such a "yearly rate" (a start of 1e-265) says nothing.
        if max(exponents) < MAX_EXPONENT:
            cagr_pct = _extremes([100 * math.expm1(exponent) for exponent in exponents])

    start_fig, end_fig = figure_of(start), figure_of(end)
    claim_types = (start_fig.claim_type or "", end_fig.claim_type or "")
    flags = {
        "one_sided": start_one_sided or end_one_sided,
        "period": "/" in start_ref or "/" in end_ref,
        "mixed_claims": claim_types[0] != claim_types[1],
    }
    note = ",".join(key for key, on in flags.items() if on) or None
    return Growth(
        start_ref=start_ref,
        end_ref=end_ref,
        years=years,
        change=change,
        change_pct=change_pct,
        cagr_pct=cagr_pct,
        source_ids=tuple(dict.fromkeys(start_fig.source_ids + end_fig.source_ids)),
        claim_types=claim_types,
        note=note,
    )


def all_pairs(rows: pd.DataFrame) -> list[Growth]:
    """``between()`` for every ordered pair (i < j) of ``points(rows)``, for a "from year / to year" picker.

    Two points at the same moment (two sources for one date) have no elapsed time between them and are
    skipped, so the list has n*(n-1)/2 entries only when all dates differ.
    """
    ordered = [row for _, row in points(rows).iterrows()]
    return [
        between(first, second)
        for first, second in combinations(ordered, 2)
        if _middle(str(second["ref_date"])) > _middle(str(first["ref_date"]))
    ]
