"""Where to count: a region by definition, or a circle around a city, and what lies in both.

A comparison is only honest when it says how its regions were drawn. The same Almere data
centre is in "Almere", in "Flevoland", in "MRA" and within 25 km of Amsterdam; comparing
any two of those counts it twice. An :class:`Area` selects the rows of a dataset it
covers, and :func:`shared_entities` names exactly what two compared areas both count.

Area keys are URL-safe: a region id (``GM0034``) or a circle ``<region id>~<km>``
(``GM0034~25``: within 25 km of Almere's centre, as the sources give it).
"""

from __future__ import annotations

import math
import weakref
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Final

import pandas as pd

from dashboard.text.formatting import is_missing, scalar_float, scalar_text
from dashboard.text.i18n import Language

RADIUS_SEPARATOR: Final = "~"
RADIUS_CHOICES_KM: Final = (10, 25, 50, 100)
EARTH_RADIUS_KM: Final = 6371.0088  # mean radius (IUGG)

RegionClosure = Mapping[str, frozenset[str]]


# --- Which region lies in which -------------------------------------------------------


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


def region_names(regions: pd.DataFrame, lang: Language) -> dict[str, str]:
    """Each region's name in ``lang`` (``nl`` or ``en``) by region id."""
    return dict(zip(regions["region_id"], regions[f"name_{lang}"], strict=True))


def province_of(region_id: str, regions: pd.DataFrame) -> str:
    """The province a region lies in (itself for a province; unchanged for others)."""
    table = regions.set_index("region_id")
    current = region_id
    while current in table.index and table.at[current, "kind"] == "municipality":
        current = str(table.at[current, "parent_id"])
    return current


def national_area(country: str, regions: pd.DataFrame) -> Area:
    """Every region of a country, groupings included (a cluster may be placed at a landsdeel)."""
    return Area(country, country, frozenset(regions.loc[regions["country"] == country, "region_id"]))


@dataclass(frozen=True)
class Area:
    """A region and everything inside it, or every located row within ``radius_km`` of a centre."""

    key: str
    region_id: str
    covers: frozenset[str]
    radius_km: float | None = None
    centre: tuple[float, float] | None = None

    @property
    def is_radius(self) -> bool:
        return self.radius_km is not None

    def rows(self, frame: pd.DataFrame) -> pd.DataFrame:
        """The rows of ``frame`` this area counts."""
        if self.radius_km is None:
            return frame[frame["region_id"].isin(self.covers)]
        if self.centre is None or "lat" not in frame:
            return frame.iloc[0:0]
        located = frame[frame["lat"].notna() & frame["lon"].notna()]
        distance = distance_km(self.centre, located["lat"].astype(float), located["lon"].astype(float))
        return located[distance <= self.radius_km]


def distance_km(centre: tuple[float, float], lat: pd.Series, lon: pd.Series) -> pd.Series:
    """Great-circle distance (haversine) from ``centre`` to each point, in km."""
    lat0, lon0 = (math.radians(value) for value in centre)
    lat1 = lat.map(math.radians)
    dlat = lat1 - lat0
    dlon = lon.map(math.radians) - lon0
    half_dlat, half_dlon = (dlat / 2).map(math.sin), (dlon / 2).map(math.sin)
    inner = half_dlat**2 + math.cos(lat0) * lat1.map(math.cos) * half_dlon**2
    return 2 * EARTH_RADIUS_KM * inner.map(lambda value: math.asin(math.sqrt(min(1.0, value))))


def radius_key(region_id: str, km: int) -> str:
    return f"{region_id}{RADIUS_SEPARATOR}{km}"


def centres(regions: pd.DataFrame) -> list[str]:
    """Regions a circle can be drawn around: those with a sourced centre point."""
    if "lat" not in regions:
        return []
    return list(regions.loc[regions["lat"].notna() & regions["lon"].notna(), "region_id"])


def area(key: str, regions: pd.DataFrame, closure: RegionClosure) -> Area:
    """The area a key names; KeyError for an unknown region or a circle without a centre."""
    region_id, _, km = key.partition(RADIUS_SEPARATOR)
    table = regions.set_index("region_id")
    if region_id not in table.index:
        raise KeyError(f"unknown region {region_id!r}")
    if not km:
        return Area(key, region_id, closure.get(region_id, frozenset({region_id})))
    if region_id not in centres(regions) or not km.isdigit() or not 1 <= int(km) <= 500:
        raise KeyError(f"no circle {key!r}: the region needs a sourced centre and 1-500 km")
    lat, lon = scalar_float(table.at[region_id, "lat"]), scalar_float(table.at[region_id, "lon"])
    if lat is None or lon is None:  # centres() has checked; this keeps the types honest
        raise KeyError(f"no circle {key!r}: the region has no centre")
    return Area(key, region_id, frozenset(), radius_km=float(km), centre=(lat, lon))


# The order the region picker offers kinds in, after the focus regions: groupings first
# (they are what a comparison is usually about), then provinces, countries, municipalities.
PICKER_KIND_ORDER: Final = (
    "metro_area",
    "economic_region",
    "landsdeel",
    "province",
    "country",
    "municipality",
)


def picker_order(regions: pd.DataFrame, names: Mapping[str, str]) -> list[str]:
    """Every region, the focus regions first in their fixed order, then grouped by kind and
    sorted by name within a kind (a leading "'s-" does not sort 's-Gravenhage first)."""
    rank = {kind: position for position, kind in enumerate(PICKER_KIND_ORDER)}
    focus = regions[regions["focus_order"].notna()].sort_values("focus_order")
    rest = regions[regions["focus_order"].isna()]

    def key(region_id: str, kind: str) -> tuple[int, str]:
        name = names.get(region_id, region_id).casefold().removeprefix("'s-")
        return rank.get(kind, len(rank)), name

    ordered = sorted(zip(rest["region_id"], rest["kind"], strict=True), key=lambda pair: key(*pair))
    return [*focus["region_id"], *(region_id for region_id, _ in ordered)]


def known_keys(keys: Sequence[str], regions: pd.DataFrame, closure: RegionClosure) -> list[str]:
    """The keys that name an area, in order; a hand-edited URL's unknown keys are dropped."""
    valid = []
    for key in keys:
        try:
            area(key, regions, closure)
        except KeyError:
            continue
        valid.append(key)
    return valid


# --- Denominators --------------------------------------------------------------------


@dataclass(frozen=True)
class Denominator:
    """Population or land area of an area, with where it came from; value None = unknown."""

    value: float | None
    ref_date: str | None = None
    source_ids: tuple[str, ...] = ()
    kind: str | None = None  # for areas: "land" or "total"
    summed_from: tuple[str, ...] = ()  # member regions it was summed from, when no source gives it


def population(area_: Area, regions: pd.DataFrame) -> Denominator:
    """Inhabitants of the area; unknown for a circle (no population grid in the sources)."""
    return _denominator(area_, regions, POPULATION_COLUMNS)


POPULATION_COLUMNS: Final = ("population", "population_date", "population_source_id", None)
AREA_COLUMNS: Final = ("area_km2", "area_date", "area_source_id", "area_kind")


def populations(region_ids: Sequence[str], regions: pd.DataFrame) -> dict[str, Denominator]:
    """The population of many regions at once (a municipal map), the table indexed once."""
    return _denominators(region_ids, regions, POPULATION_COLUMNS)


def land_areas(region_ids: Sequence[str], regions: pd.DataFrame) -> dict[str, Denominator]:
    """The area of many regions at once, as :func:`land_area` gives each."""
    return _denominators(region_ids, regions, AREA_COLUMNS)


def _denominators(
    region_ids: Sequence[str], regions: pd.DataFrame, columns: tuple[str, str, str, str | None]
) -> dict[str, Denominator]:
    table = RegionTable.of(regions)
    return {
        region: _region_denominator(region, table, columns, frozenset())
        for region in region_ids
        if region in table.table.index
    }


def land_area(area_: Area, regions: pd.DataFrame) -> Denominator:
    """Area in km² (land where the source says so); unknown for a circle."""
    return _denominator(area_, regions, AREA_COLUMNS)


def _denominator(
    area_: Area, regions: pd.DataFrame, columns: tuple[str, str, str, str | None]
) -> Denominator:
    """The region's own sourced value, or the sum of its members' when its membership is complete."""
    if area_.is_radius:
        return Denominator(None)
    return _region_denominator(area_.region_id, RegionTable.of(regions), columns, frozenset())


@dataclass(frozen=True)
class RegionTable:
    """The regions indexed once, with the members a complete region's figures may be summed from."""

    table: pd.DataFrame
    summable: Mapping[str, tuple[str, ...]]
    children: Mapping[str, tuple[str, ...]]

    @classmethod
    def of(cls, regions: pd.DataFrame) -> RegionTable:
        """The table of this regions frame, built once per frame: a comparison asks for the
        denominators of every area, and indexing 400 regions each time cost more than the
        sums. Frames are treated as read-only (they come from the store's cache); the weak
        reference makes sure a new frame at a reused address is not given an old table."""
        cached = _TABLES.get(id(regions))
        if cached is not None and cached[0]() is regions:
            return cached[1]
        table = _region_table(regions)
        _TABLES[id(regions)] = (weakref.ref(regions), table)
        weakref.finalize(regions, _TABLES.pop, id(regions), None)
        return table


_TABLES: dict[int, tuple[weakref.ReferenceType[pd.DataFrame], RegionTable]] = {}


def direct_members(region_id: str, regions: pd.DataFrame) -> list[str]:
    """What a region is made of, one level down: a grouping's ``members``, or the regions
    that name it as their parent on today's map (a province's municipalities)."""
    table = RegionTable.of(regions)
    if region_id in table.summable:
        return list(table.summable[region_id])
    members = table.table.at[region_id, "members"] if region_id in table.table.index else None
    if not is_missing(members):
        return str(members).split("|")
    return list(table.children.get(region_id, ()))


def _region_table(regions: pd.DataFrame) -> RegionTable:
    table = regions.set_index("region_id")
    current = table if "valid_to" not in table else table[table["valid_to"].isna()]
    children: dict[str, list[str]] = {}
    for region, parent in zip(current.index, current["parent_id"], strict=True):
        if not is_missing(parent):
            children.setdefault(str(parent), []).append(str(region))
    summable: dict[str, tuple[str, ...]] = {}
    if "membership" in table:
        for region, membership, members in zip(
            table.index, table["membership"], table["members"], strict=True
        ):
            if membership != "complete":
                continue
            # A grouping names its members; a province has the municipalities that name it
            # as their parent on today's map (a municipality merged away is counted through
            # the municipality it merged into).
            listed = str(members).split("|") if not is_missing(members) else children.get(str(region), [])
            summable[str(region)] = tuple(listed)
    return RegionTable(table, summable, {parent: tuple(kids) for parent, kids in children.items()})


def _region_denominator(
    region_id: str, regions: RegionTable, columns: tuple[str, str, str, str | None], seen: frozenset[str]
) -> Denominator:
    value, date, source, kind = columns
    table = regions.table
    if region_id not in table.index:
        return Denominator(None)
    if not is_missing(table.at[region_id, value]):
        return Denominator(
            scalar_float(table.at[region_id, value]),
            scalar_text(table.at[region_id, date]),
            (str(table.at[region_id, source]),),
            scalar_text(table.at[region_id, kind]) if kind else None,
        )
    members = regions.summable.get(region_id)
    if not members or region_id in seen:
        return Denominator(None)
    parts = [_region_denominator(member, regions, columns, seen | {region_id}) for member in members]
    kinds = {part.kind for part in parts}
    if any(part.value is None for part in parts) or len(kinds) > 1:
        return Denominator(None)  # a sum with an unknown part, or of land and total areas, is not a figure
    starts = sorted(part.ref_date.split("/")[0] for part in parts if part.ref_date)
    ends = sorted(part.ref_date.split("/")[-1] for part in parts if part.ref_date)
    span = None if not starts else starts[0] if starts[0] == ends[-1] else f"{starts[0]}/{ends[-1]}"
    return Denominator(
        # Rounded so that a sum of areas in hundredths of km² does not print float noise.
        round(sum(part.value for part in parts if part.value is not None), 6),
        span,
        tuple(dict.fromkeys(source for part in parts for source in part.source_ids)),
        kinds.pop(),
        tuple(members),
    )


def national(area_: Area, regions: pd.DataFrame) -> str | None:
    """The country an area lies in (its region's ``country``), for shares of a national total."""
    table = regions.set_index("region_id")
    return scalar_text(table.at[area_.region_id, "country"]) if area_.region_id in table.index else None


def year_gap(first: str | None, second: str | None) -> int | None:
    """Whole years between two reference dates' closest years: 0 when their periods overlap
    (a count dated 2014-2026 and a population of 2021), None when either is unknown."""
    if not first or not second:
        return None
    first_start, first_end = (int(part[:4]) for part in (first.split("/")[0], first.split("/")[-1]))
    second_start, second_end = (int(part[:4]) for part in (second.split("/")[0], second.split("/")[-1]))
    return max(0, first_start - second_end, second_start - first_end)


# --- Double counting ----------------------------------------------------------------


def shared_entities(first: Area, second: Area, frame: pd.DataFrame, entity: str, name: str) -> list[str]:
    """Names of the entities (sites, clusters, campuses, events) both areas count, sorted."""
    in_first = set(first.rows(frame)[entity])
    in_second = set(second.rows(frame)[entity])
    both = in_first & in_second
    names = frame.drop_duplicates(entity).set_index(entity)[name]
    return sorted(str(names[key]) for key in both)
