"""Pure comparisons: which rows lie in a region, headline figures, per-capita values.

Every figure here is a range (``low``, ``high``) and carries the sources it was built
from, so a chart or caption can always say where a number came from. Sums of ranges
stay ranges; a sum with an unknown part is not pretended to be complete.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Final

import pandas as pd

from dashboard.analysis import areas
from dashboard.analysis.areas import Area
from dashboard.catalog import measures as catalog
from dashboard.text.formatting import decimal_year, is_missing, ref_bounds, scalar_float, scalar_text

# Claims that describe what is (or was) the case, as opposed to what someone hoped for.
OBSERVED_CLAIMS: Final = ("actual", "self-reported", "estimate")
PER_INHABITANTS: Final = 100_000

RegionClosure = Mapping[str, frozenset[str]]


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


def region_closure(regions: pd.DataFrame) -> dict[str, frozenset[str]]:
    """For each region, every region lying inside it (itself included).

    A province contains its municipalities (``parent_id``); a grouping contains its
    ``members`` and whatever lies inside them.
    """
    children: dict[str, set[str]] = {region: set() for region in regions["region_id"]}
    for region, parent, members in zip(
        regions["region_id"], regions["parent_id"], regions["members"], strict=True
    ):
        if not is_missing(parent) and parent in children:
            children[parent].add(region)
        if not is_missing(members):
            children[region].update(str(members).split("|"))

    def expand(region: str, seen: frozenset[str]) -> frozenset[str]:
        inside = {region}
        for child in children.get(region, ()):  # members not modelled as rows still count
            if child not in seen:
                inside |= expand(child, seen | {child})
        return frozenset(inside)

    return {region: expand(region, frozenset({region})) for region in children}


def in_region(frame: pd.DataFrame, region_id: str, closure: RegionClosure) -> pd.DataFrame:
    """The rows of ``frame`` located in ``region_id`` or anywhere inside it."""
    return frame[frame["region_id"].isin(closure.get(region_id, frozenset({region_id})))]


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
    rows = rows[rows["value_low"].notna() | rows["value_high"].notna()]
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


# --- Headline measures -------------------------------------------------------------
# Each takes the loaded frames and an area, and returns one Figure.

Frames = Mapping[str, pd.DataFrame]


def operating_data_centres(frames: Frames, where: Area) -> Figure:
    """How many operating data-centre sites the dataset knows in the area."""
    rows = operating_sites(where.rows(frames["data_centres"]))
    if rows.empty:
        # No site found in the sources is not "no data centre": say unknown, not 0.
        return UNKNOWN
    return Figure(
        low=float(len(rows)),
        high=float(len(rows)),
        ref_date=span(rows["ref_date"]),
        source_ids=tuple(dict.fromkeys(rows["source_id"])),
        claim_type="actual",
        parts=tuple(rows["name"]),
    )


def _latest_total(dataset: str, entity: str, name: str, measure: str) -> Callable[[Frames, Area], Figure]:
    def compute(frames: Frames, where: Area) -> Figure:
        rows = where.rows(frames[dataset])
        rows = rows[rows["measure"] == measure]
        names = dict(zip(rows[entity], rows[name], strict=False))
        found = latest(rows, entity, measure)
        figures = {row[entity]: figure_of(row) for _, row in found.iterrows()}
        return total(
            [figures.get(key, UNKNOWN) for key in names],
            [names[key] for key in names],
        )

    compute.__doc__ = f"The latest {measure} of each {dataset} entity in the region, summed."
    return compute


cluster_members = _latest_total("clusters", "cluster_id", "cluster_name", "member_organisations")
campus_companies = _latest_total("campuses", "campus_id", "campus_name", "companies")


def event_visitors(frames: Frames, where: Area) -> Figure:
    """The most recent actual visitor total of an event in the area (not a sum)."""
    rows = where.rows(frames["events"])
    found = latest(rows, "event_id", "visitors", claims=("actual",))
    if found.empty:
        return UNKNOWN
    found = found.assign(_end=found["ref_date"].map(lambda value: ref_bounds(value)[1]))
    row = found.sort_values("_end").iloc[-1]
    return replace(figure_of(row), parts=(f"{row['event_name']} ({row['edition']})",))


def operating_sites(sites: pd.DataFrame) -> pd.DataFrame:
    return sites[sites["status"] == "operating"]


HEADLINES: Final[dict[str, Callable[[Frames, Area], Figure]]] = {
    "data_centres": operating_data_centres,
    "cluster_members": cluster_members,
    "campus_companies": campus_companies,
    "event_visitors": event_visitors,
}


# Measures that are sums over entities (event visitors is one event's figure, not a sum).
ADDITIVE: Final = frozenset(key for key, measure in catalog.MEASURES.items() if measure.additive)
PER_AREA: Final = 1_000  # per 1,000 km²


def per_area(fig: Figure, area_km2: float | None, per: int = PER_AREA) -> Figure:
    """``fig`` per ``per`` km²; unknown when the area is."""
    return per_capita(fig, area_km2, per)


def share_of(fig: Figure, whole: Figure) -> Figure:
    """``fig`` as a percentage of ``whole``, as a range from the lowest to the highest ratio
    the two ranges allow; unknown when either is unknown or open-ended."""
    if fig.low is None or fig.high is None or whole.low is None or whole.high is None or whole.low <= 0:
        return replace(fig, low=None, high=None, qualifier=None)
    return replace(fig, low=100 * fig.low / whole.high, high=100 * fig.high / whole.low, qualifier=None)


def national_area(country: str, regions: pd.DataFrame) -> Area:
    """Every region of a country, groupings included (a cluster may be placed at a landsdeel)."""
    return Area(country, country, frozenset(regions.loc[regions["country"] == country, "region_id"]))


# The entities behind each headline: (dataset, id column, name column, rows that count).
MEASURE_ENTITIES: Final[dict[str, tuple[str, str, str, Callable[[pd.DataFrame], pd.DataFrame]]]] = {
    key: (measure.dataset, measure.entity_id, measure.entity_name, measure.rows)
    for key, measure in catalog.MEASURES.items()
}


def double_counted(frames: Frames, keys: Sequence[str], measure: str) -> list[tuple[str, str, list[str]]]:
    """Every pair of compared areas that count the same entities for ``measure``, with their
    names: (first key, second key, names), in the order the areas were given."""
    regions = frames["regions"]
    closure = region_closure(regions)
    dataset, entity, name, counted = MEASURE_ENTITIES[measure]
    rows = counted(frames[dataset])
    chosen = [areas.area(key, regions, closure) for key in keys]
    found = []
    for index, first in enumerate(chosen):
        for second in chosen[index + 1 :]:
            names = areas.shared_entities(first, second, rows, entity, name)
            if names:
                found.append((first.key, second.key, names))
    return found


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
        rows = rows[rows["value_low"].notna() | rows["value_high"].notna()]
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
    closure = region_closure(regions)
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
            # A normalisation the measure does not allow stays empty: no page can show it.
            allows = catalog.MEASURES[measure].allows
            per = per_capita(fig, people.value) if allows("per_100k") else UNKNOWN
            dense = per_area(fig, land.value) if allows("per_1000km2") else UNKNOWN
            whole = UNKNOWN
            if country and allows(catalog.SHARE):
                if (country, measure) not in nationals:
                    nationals[country, measure] = HEADLINES[measure](frames, national_area(country, regions))
                whole = nationals[country, measure]
            share = share_of(fig, whole) if allows(catalog.SHARE) else UNKNOWN
            records.append(
                {
                    "region_id": key,
                    "measure": measure,
                    "low": fig.low,
                    "high": fig.high,
                    "qualifier": fig.qualifier,
                    "ref_date": fig.ref_date,
                    "per_100k_low": per.low,
                    "per_100k_high": per.high,
                    "per_1000km2_low": dense.low,
                    "per_1000km2_high": dense.high,
                    "share_low": share.low,
                    "share_high": share.high,
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


def time_series(
    frame: pd.DataFrame, entity: str, name: str, measure: str, keep: Sequence[str] = ()
) -> pd.DataFrame:
    """A measure over time per entity, with each reference period kept as a period.

    ``x`` is the middle of the period as a fractional year; ``x_minus``/``x_plus`` reach
    to its ends, so a chart can draw "c. 2011-2013" as a span rather than a point.
    Columns named in ``keep`` (for example a prepared ``hover``) are carried along.
    """
    rows = frame[(frame["measure"] == measure) & (frame["value_low"].notna() | frame["value_high"].notna())]
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


def province_of(region_id: str, regions: pd.DataFrame) -> str:
    """The province a region lies in (itself for a province; unchanged for others)."""
    table = regions.set_index("region_id")
    current = region_id
    while current in table.index and table.at[current, "kind"] == "municipality":
        current = str(table.at[current, "parent_id"])
    return current


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


# --- Scorecard inputs ----------------------------------------------------------------

SCORECARD_NORMALISATIONS: Final = ("per_100k", "per_1000km2", "absolute")


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
