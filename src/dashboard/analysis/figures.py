"""The sourced value: a figure as a range with the sources it was built from.

"Figure" here means a number a page states, never a chart. Every figure is a range (``low``,
``high``) and carries its sources, date and claim type, so a chart or caption can always say
where a number came from. Sums of ranges stay ranges; a sum with an unknown part is not
pretended to be complete; a normalised figure is unknown when its denominator is.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Final

import pandas as pd

from dashboard.text.formatting import decimal_year, is_missing, ref_bounds, scalar_float, scalar_text

# Claims that describe what is (or was) the case, as opposed to what someone hoped for.
OBSERVED_CLAIMS: Final = ("actual", "self-reported", "estimate")
PER_INHABITANTS: Final = 100_000
PER_AREA: Final = 1_000  # per 1,000 km²

# The loaded datasets by key: what every computation over several datasets takes.
Frames = Mapping[str, pd.DataFrame]


@dataclass(frozen=True)
class Figure:
    """A figure as a range with its provenance; both bounds None means unknown."""

    low: float | None
    high: float | None
    qualifier: str | None = None
    ref_date: str | None = None
    source_ids: tuple[str, ...] = ()
    claim_type: str | None = None
    parts: tuple[str, ...] = field(default=())  # names of what was summed, for captions
    missing_parts: tuple[str, ...] = field(default=())  # what had no figure

    @property
    def known(self) -> bool:
        return self.low is not None or self.high is not None


UNKNOWN: Final = Figure(None, None)


def with_value(rows: pd.DataFrame) -> pd.DataFrame:
    """The rows with a known figure: at least one end of ``value_low``/``value_high`` stated."""
    return rows[rows["value_low"].notna() | rows["value_high"].notna()]


def latest_first_order(ref_date: str) -> tuple[object, object]:
    """Sort key putting the most recent reference period last: its end, then its start."""
    start, end = ref_bounds(ref_date)
    return end, start


def latest(
    frame: pd.DataFrame, entity: str, measure: str, claims: Iterable[str] = OBSERVED_CLAIMS
) -> pd.DataFrame:
    """Per entity, the most recent known row of ``measure`` among ``claims``.

    "Most recent" compares the end of each reference period, then its start, so an
    exact 2021 count wins over a period inferred as 2020/2021.
    """
    rows = frame[(frame["measure"] == measure) & frame["claim_type"].isin(list(claims))]
    rows = with_value(rows)
    if rows.empty:
        return rows
    order = rows["ref_date"].map(latest_first_order)
    return rows.assign(_order=order).sort_values("_order").groupby(entity).tail(1).drop(columns="_order")


def figure_of(row: Mapping[str, object] | pd.Series) -> Figure:
    """The figure of one dataset row."""
    return Figure(
        low=scalar_float(row["value_low"]),
        high=scalar_float(row["value_high"]),
        qualifier=scalar_text(row["qualifier"]),
        ref_date=scalar_text(row["ref_date"]),
        source_ids=(str(row["source_id"]),),
        claim_type=scalar_text(row["claim_type"]),
    )


def span(ref_dates: Iterable[str]) -> str | None:
    """One reference date, or the period from the earliest to the latest of several."""
    unique = sorted(set(ref_dates), key=ref_bounds)
    if not unique:
        return None
    if len(unique) == 1:
        return unique[0]
    first = unique[0].split("/")[0]
    last = max(unique, key=lambda value: ref_bounds(value)[1]).split("/")[-1]
    return first if first == last else f"{first}/{last}"


def total(figures: Iterable[Figure], names: Iterable[str] = ()) -> Figure:
    """The sum of several figures, as a range; unknown parts are listed, not zeroed."""
    figures, names = list(figures), list(names)
    labelled = list(zip(figures, names or [""] * len(figures), strict=True))
    known = [(fig, name) for fig, name in labelled if fig.known]
    missing = tuple(name for fig, name in labelled if not fig.known and name)
    if not known:
        return replace(UNKNOWN, missing_parts=missing)
    lows = [fig.low if fig.low is not None else fig.high for fig, _ in known]
    highs = [fig.high for fig, _ in known]
    qualifiers = {fig.qualifier for fig, _ in known} - {None}
    one_sided = any(fig.high is None or fig.qualifier in ("more_than", "at_least") for fig, _ in known)
    qualifier = "at_least" if one_sided or missing else ("approx" if qualifiers else None)
    return Figure(
        low=sum(value for value in lows if value is not None),
        high=None if one_sided or missing else sum(value for value in highs if value is not None),
        qualifier=qualifier,
        ref_date=span(fig.ref_date for fig, _ in known if fig.ref_date),
        source_ids=tuple(dict.fromkeys(source for fig, _ in known for source in fig.source_ids)),
        claim_type=_common({fig.claim_type for fig, _ in known}),
        parts=tuple(name for _, name in known if name),
        missing_parts=missing,
    )


def _common(values: set[str | None]) -> str | None:
    return values.pop() if len(values) == 1 else None


def per_capita(fig: Figure, population: float | None, per: int = PER_INHABITANTS) -> Figure:
    """``fig`` per ``per`` inhabitants; unknown when the population is."""
    if population is None or is_missing(population) or population <= 0 or not fig.known:
        return replace(fig, low=None, high=None)
    scale = per / float(population)
    return replace(
        fig,
        low=None if fig.low is None else fig.low * scale,
        high=None if fig.high is None else fig.high * scale,
    )


def per_area(fig: Figure, area_km2: float | None, per: int = PER_AREA) -> Figure:
    """``fig`` per ``per`` km²; unknown when the area is."""
    return per_capita(fig, area_km2, per)


def share_of(fig: Figure, whole: Figure) -> Figure:
    """``fig`` as a percentage of ``whole``, as a range from the lowest to the highest ratio
    the two ranges allow; unknown when either is unknown or open-ended."""
    if fig.low is None or fig.high is None or whole.low is None or whole.high is None or whole.low <= 0:
        return replace(fig, low=None, high=None, qualifier=None)
    return replace(fig, low=100 * fig.low / whole.high, high=100 * fig.high / whole.low, qualifier=None)


def _bounds(fig: Figure) -> tuple[float, float] | None:
    """Both ends of a known figure, a one-sided one standing in for the missing end; None if unknown."""
    low = fig.low if fig.low is not None else fig.high
    high = fig.high if fig.high is not None else fig.low
    if low is None or high is None:  # neither side set: the figure is unknown
        return None
    return low, high


def share_reached(actual: Figure, expected: Figure) -> Figure:
    """``actual`` as a percentage of ``expected``; a range when either is a range.

    685,189 visitors against a 1.5-2 million forecast is 34-46 %, not 39 %.
    """
    actual_bounds, expected_bounds = _bounds(actual), _bounds(expected)
    if actual_bounds is None or expected_bounds is None:
        return UNKNOWN
    (actual_low, actual_high), (expected_low, expected_high) = actual_bounds, expected_bounds
    if expected_low <= 0:
        return UNKNOWN
    return Figure(
        low=100 * actual_low / expected_high,
        high=100 * actual_high / expected_low,
        ref_date=actual.ref_date,
        source_ids=tuple(dict.fromkeys(actual.source_ids + expected.source_ids)),
    )


def time_series(
    frame: pd.DataFrame, entity: str, name: str, measure: str, keep: Sequence[str] = ()
) -> pd.DataFrame:
    """A measure over time per entity, with each reference period kept as a period.

    ``x`` is the middle of the period as a fractional year; ``x_minus``/``x_plus`` reach
    to its ends, so a chart can draw "c. 2011-2013" as a span rather than a point.
    Columns named in ``keep`` (for example a prepared ``hover``) are carried along.
    """
    rows = with_value(frame[frame["measure"] == measure])
    records = []
    for _, row in rows.iterrows():
        start, end = ref_bounds(str(row["ref_date"]))
        first, last = decimal_year(start), decimal_year(end) + 1 / 365
        middle = (first + last) / 2
        fig = figure_of(row)
        low = fig.low if fig.low is not None else fig.high
        high = fig.high if fig.high is not None else fig.low
        records.append(
            {
                "entity": row[entity],
                "name": row[name],
                "region_id": row["region_id"],
                "x": middle,
                "x_minus": middle - first,
                "x_plus": last - middle,
                # A range has no single value: charts draw it as a span from low to high.
                "y": low if low == high else None,
                "low": fig.low,
                "high": fig.high,
                "qualifier": fig.qualifier,
                "ref_date": row["ref_date"],
                "claim_type": row["claim_type"],
                "source_id": row["source_id"],
                **{column: row[column] for column in keep},
            }
        )
    columns = [
        "entity",
        "name",
        "region_id",
        "x",
        "x_minus",
        "x_plus",
        "y",
        "low",
        "high",
        "qualifier",
        "ref_date",
        "claim_type",
        "source_id",
        *keep,
    ]
    return (
        pd.DataFrame.from_records(records, columns=columns)
        .sort_values(["entity", "x"])
        .reset_index(drop=True)
    )
