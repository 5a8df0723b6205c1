"""How each region is drawn: what it consists of, the source that lists it, the map it is on.

A comparison is honest only when it says how its regions were drawn. The compare page shows,
for each compared area, the members it consists of and the source that lists them; the
Sources page lists every region someone may ask about with what it consists of. What those
tables say is worked out here as typed values; the pages only word and lay them out.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Final

import pandas as pd

from dashboard.analysis import areas
from dashboard.text.formatting import is_missing

MEMBERS_SHOWN: Final = 30  # a province has ~50 municipalities; name these, count the rest


@dataclass(frozen=True)
class RegionDefinition:
    """How one compared area is drawn; a circle has no members, source or map years."""

    key: str
    circle: bool
    members: tuple[str, ...]  # the names of the first MEMBERS_SHOWN regions directly inside it
    more_members: int  # how many more lie directly inside it, counted and not named
    source_id: str | None  # the source that draws the region
    valid_from: object  # the municipal map the region is on (missing: the current map)
    valid_to: object


def compare_definitions(
    keys: Sequence[str], regions: pd.DataFrame, names: Mapping[str, str]
) -> tuple[RegionDefinition, ...]:
    """The definition of each compared area key (a region id or a circle ``GM0034~25``)."""
    by_id = regions.set_index("region_id")
    found = []
    for key in keys:
        region_id = key.partition(areas.RADIUS_SEPARATOR)[0]
        circle = areas.RADIUS_SEPARATOR in key
        members = [] if circle else areas.direct_members(region_id, regions)
        found.append(
            RegionDefinition(
                key=key,
                circle=circle,
                members=tuple(names.get(member, member) for member in members[:MEMBERS_SHOWN]),
                more_members=max(0, len(members) - MEMBERS_SHOWN),
                source_id=None if circle else str(by_id.at[region_id, "source_id"]),
                valid_from=None if circle else by_id.at[region_id, "valid_from"],
                valid_to=None if circle else by_id.at[region_id, "valid_to"],
            )
        )
    return tuple(found)


def listed_regions(regions: pd.DataFrame) -> pd.DataFrame:
    """The regions the Sources page defines: the groupings, provinces and countries, and the
    municipalities with something to say (a focus region, a merger, an inferred membership).
    The 388 municipalities' own figures are on Compare."""
    return regions[
        (regions["kind"] != "municipality")
        | regions["focus_order"].notna()
        | regions["valid_from"].notna()
        | regions["valid_to"].notna()
    ]


@dataclass(frozen=True)
class Composition:
    """What a region consists of: the members it names, or else how many regions of each kind
    lie directly inside it (a province: its municipalities)."""

    members: tuple[str, ...]  # names, when the region lists its members
    kind_counts: tuple[tuple[str, int], ...]  # (kind, count), most common first


def composition(
    region_id: str, members: object, regions: pd.DataFrame, names: Mapping[str, str]
) -> Composition:
    """What ``region_id`` consists of: its ``members`` column (``GM0034|GM0363``) named in the
    reader's language, or, when it lists none, the regions directly inside it counted by kind."""
    if not is_missing(members):
        return Composition(tuple(names.get(member, member) for member in str(members).split("|")), ())
    kinds = dict(zip(regions["region_id"], regions["kind"], strict=True))
    inside = areas.direct_members(region_id, regions)
    counts = pd.Series([kinds.get(member, "municipality") for member in inside]).value_counts()
    return Composition((), tuple((str(kind), int(count)) for kind, count in counts.items()))
