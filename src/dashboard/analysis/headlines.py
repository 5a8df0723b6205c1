"""Headline figures per area, as the measure catalogue declares them, and what they feed.

:data:`dashboard.catalog.measures.MEASURES` says which measures there are, which dataset and
entities each counts and how its rows become one figure; this module turns that declaration
into a computation (:data:`HEADLINES`), the headline table every comparing page reads (the
figure, its normalisations and their denominators) and the scorecard's indicators. Nothing
here lists the measures again.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from typing import Any, Final

import pandas as pd

from dashboard.analysis import areas
from dashboard.analysis.areas import Area, RegionClosure
from dashboard.analysis.figures import (
    UNKNOWN,
    Figure,
    Frames,
    figure_of,
    latest,
    per_area,
    per_capita,
    share_of,
    span,
    total,
    with_value,
)
from dashboard.catalog import measures as catalog
from dashboard.catalog.measures import Measure, Normalisation
from dashboard.text.formatting import ref_bounds

Headline = Callable[[Frames, Area], Figure]


def _count(measure: Measure) -> Headline:
    def compute(frames: Frames, where: Area) -> Figure:
        rows = measure.rows(where.rows(frames[measure.dataset]))
        if rows.empty:
            # No site found in the sources is not "no data centre" there: unknown, not 0.
            return UNKNOWN
        return Figure(
            low=float(len(rows)),
            high=float(len(rows)),
            ref_date=span(rows["ref_date"]),
            source_ids=tuple(dict.fromkeys(rows["source_id"])),
            claim_type="actual",
            parts=tuple(rows[measure.entity_name]),
        )

    compute.__doc__ = f"How many {measure.dataset} rows that count ({measure.counted_by}) lie in the area."
    return compute


def _sum_of_latest(measure: Measure) -> Headline:
    entity, name = measure.entity_id, measure.entity_name

    def compute(frames: Frames, where: Area) -> Figure:
        rows = measure.rows(where.rows(frames[measure.dataset]))
        names = dict(zip(rows[entity], rows[name], strict=False))
        found = latest(rows, entity, measure.figure_measure)
        figures = {row[entity]: figure_of(row) for _, row in found.iterrows()}
        return total(
            [figures.get(key, UNKNOWN) for key in names],
            [names[key] for key in names],
        )

    compute.__doc__ = (
        f"The latest {measure.figure_measure} of each {measure.dataset} entity in the region, summed."
    )
    return compute


def _latest_actual(measure: Measure) -> Headline:
    def compute(frames: Frames, where: Area) -> Figure:
        rows = where.rows(frames[measure.dataset])
        found = latest(rows, measure.entity_id, measure.figure_measure, claims=("actual",))
        if found.empty:
            return UNKNOWN
        found = found.assign(_end=found["ref_date"].map(lambda value: ref_bounds(value)[1]))
        row = found.sort_values("_end").iloc[-1]
        return replace(figure_of(row), parts=(_part_name(row, measure),))

    what = f"{measure.figure_measure} of one {measure.dataset} entity"
    compute.__doc__ = f"The most recent actual {what} in the area (not a sum)."
    return compute


def _part_name(row: pd.Series, measure: Measure) -> str:
    """The entity a figure is of, with its edition when the dataset has editions (an event's year)."""
    name = str(row[measure.entity_name])
    return f"{name} ({row['edition']})" if "edition" in row else name


_AGGREGATES: Final[dict[str, Callable[[Measure], Headline]]] = {
    "count": _count,
    "sum_of_latest": _sum_of_latest,
    "latest_actual": _latest_actual,
}

# Each declared measure's computation: frames and an area in, one Figure out.
HEADLINES: Final[dict[str, Headline]] = {
    key: _AGGREGATES[measure.aggregate](measure) for key, measure in catalog.MEASURES.items()
}
operating_data_centres: Final = HEADLINES["data_centres"]


def operating_sites(sites: pd.DataFrame) -> pd.DataFrame:
    """The data-centre sites that count: the ones operating."""
    return catalog.MEASURES["data_centres"].rows(sites)


def covered_members(frames: Frames, where: Area, measure: str, closure: RegionClosure) -> tuple[str, ...]:
    """The members of ``where`` that its figure of ``measure`` comes from, when that is only
    some of them; () when the figure covers the whole area, or the area has no members.

    Brainport's campus companies are Eindhoven's: divided by all 21 municipalities'
    inhabitants, that has to be said next to the value.
    """
    if where.is_radius:
        return ()
    members = areas.direct_members(where.region_id, frames["regions"])
    if not members:
        return ()
    spec = catalog.MEASURES[measure]
    rows = spec.rows(where.rows(frames[spec.dataset]))
    if "value_low" in rows:  # a figure per entity: only the entities with a known one count
        rows = with_value(rows)
    placed = set(rows["region_id"])
    if not placed or where.region_id in placed:  # an entity placed at the area covers it all
        return ()
    covered = tuple(member for member in members if closure.get(member, frozenset({member})) & placed)
    return covered if len(covered) < len(members) else ()


def headline_table(frames: Frames, keys: Iterable[str], measures: Iterable[str]) -> pd.DataFrame:
    """One row per area and measure: the figure and its normalisations, with denominators.

    ``keys`` are area keys (a region id, or ``GM0034~25`` for a circle); unknown keys raise
    KeyError. Every normalised value carries the date and sources of its denominator, and
    the gap in years between the figure's date and the denominator's.
    """
    regions = frames["regions"]
    closure = areas.region_closure(regions)
    records = []
    nationals: dict[tuple[str, str], Figure] = {}  # one national sum per country and measure
    for key in keys:
        where = areas.area(key, regions, closure)
        people = areas.population(where, regions)
        land = areas.land_area(where, regions)
        country = None if where.is_radius else areas.national(where, regions)
        members = 0 if where.is_radius else len(areas.direct_members(where.region_id, regions))
        for measure in measures:
            fig = HEADLINES[measure](frames, where)
            spec = catalog.MEASURES[measure]
            whole = UNKNOWN
            if country and spec.allows(catalog.SHARE):
                if (country, measure) not in nationals:
                    nationals[country, measure] = HEADLINES[measure](
                        frames, areas.national_area(country, regions)
                    )
                whole = nationals[country, measure]
            records.append(
                {
                    "region_id": key,
                    "measure": measure,
                    "low": fig.low,
                    "high": fig.high,
                    "qualifier": fig.qualifier,
                    "ref_date": fig.ref_date,
                    **_normalised(spec, fig, people.value, land.value, whole),
                    "national_low": whole.low,
                    "national_high": whole.high,
                    "country": country,
                    "population": None if people.value is None else int(people.value),
                    "population_date": people.ref_date,
                    "population_source_ids": people.source_ids,
                    "population_gap": areas.year_gap(fig.ref_date, people.ref_date) if fig.known else None,
                    "area_km2": land.value,
                    "area_kind": land.kind,
                    "area_date": land.ref_date,
                    "area_source_ids": land.source_ids,
                    "area_summed_from": land.summed_from,
                    "area_gap": areas.year_gap(fig.ref_date, land.ref_date) if fig.known else None,
                    "source_ids": fig.source_ids,
                    "parts": fig.parts,
                    "missing_parts": fig.missing_parts,
                    "covered_members": covered_members(frames, where, measure, closure) if fig.known else (),
                    "member_count": members,
                }
            )
    return pd.DataFrame.from_records(records)


def _normalised(
    spec: Measure, fig: Figure, population: float | None, area_km2: float | None, whole: Figure
) -> dict[str, float | None]:
    """The headline table's columns of every normalisation but the absolute figure, in the
    catalogue's order. One the measure does not allow stays empty: no page can show it."""
    columns: dict[str, float | None] = {}
    for how in catalog.NORMALISATIONS.values():
        if how.key == catalog.ABSOLUTE:
            continue
        value = _normalise(how, fig, population, area_km2, whole) if spec.allows(how.key) else UNKNOWN
        columns[how.low], columns[how.high] = value.low, value.high
    return columns


def _normalise(
    how: Normalisation, fig: Figure, population: float | None, area_km2: float | None, whole: Figure
) -> Figure:
    """``fig`` normalised as ``how`` says: by its denominator, or as a share of the national whole."""
    if how.denominator == "population":
        return per_capita(fig, population)
    if how.denominator == "area":
        return per_area(fig, area_km2)
    if how.key == catalog.SHARE:
        return share_of(fig, whole)
    return fig


# --- Scorecard inputs ----------------------------------------------------------------

# Densities first, then the absolute figure. A national share ranks regions of one country
# exactly as the absolute figure does, so a scorecard does not offer it.
SCORECARD_NORMALISATIONS: Final = (
    *(key for key, how in catalog.NORMALISATIONS.items() if how.denominator is not None),
    catalog.ABSOLUTE,
)


def indicator_key(measure: str, normalisation: str) -> str:
    return f"{measure}:{normalisation}"


SCORECARD_INDICATORS: Final = tuple(
    indicator_key(measure, normalisation)
    for normalisation in SCORECARD_NORMALISATIONS
    for measure in HEADLINES
    if catalog.allows(measure, normalisation)
)


def indicator_values(
    frames: Frames, keys: Sequence[str], indicators: Sequence[str]
) -> tuple[pd.DataFrame, pd.DataFrame, list[str]]:
    """Each area's value of each indicator (``measure:normalisation``) as two frames, the low
    and the high ends of its range (NaN = unknown), and the sources behind them.

    A scorecard is computed on each end separately: a range is not collapsed to a midpoint.
    """
    measures = list(dict.fromkeys(indicator.split(":")[0] for indicator in indicators))
    table = headline_table(frames, keys, measures).set_index(["region_id", "measure"])
    lows, highs = {}, {}
    for indicator in indicators:
        measure, normalisation = indicator.split(":")
        low, high = catalog.NORMALISATIONS[normalisation].low, catalog.NORMALISATIONS[normalisation].high
        found = table.xs(measure, level="measure")
        # A one-sided figure stands in for its known end, as in a time series.
        lows[indicator] = found[low].astype(float).fillna(found[high].astype(float))
        highs[indicator] = found[high].astype(float).fillna(found[low].astype(float))
    sources = [source for ids in table["source_ids"] for source in ids]
    return (
        pd.DataFrame(lows, index=list(keys)),
        pd.DataFrame(highs, index=list(keys)),
        list(dict.fromkeys(sources)),
    )


def indicator_coverage(
    frames: Frames, keys: Sequence[str], indicators: Sequence[str]
) -> dict[str, dict[str, Any]]:
    """Per indicator and area, what a normalised value covers: ``{indicator: {key: row}}`` with
    ``covered_members`` and ``member_count`` (see :func:`covered_members`), for the indicators
    divided by a denominator; absolute indicators need no such note and are left out."""
    measures = list(dict.fromkeys(indicator.split(":")[0] for indicator in indicators))
    table = headline_table(frames, keys, measures).set_index(["region_id", "measure"])
    found: dict[str, dict[str, Any]] = {}
    for indicator in indicators:
        measure, normalisation = indicator.split(":")
        if catalog.NORMALISATIONS[normalisation].denominator is None:
            continue
        rows = table.xs(measure, level="measure")
        covered, counts = rows["covered_members"], rows["member_count"]
        found[indicator] = {
            str(key): {"covered_members": covered[key], "member_count": counts[key]} for key in rows.index
        }
    return found
