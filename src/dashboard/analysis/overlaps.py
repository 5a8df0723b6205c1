"""What compared areas count twice: the entities two areas share, and areas nested in others.

Comparing Almere with the MRA counts Almere's data centres in both bars. The compare page
warns about that before anyone adds the bars up: it names every entity two compared areas
both count, pair by pair, and names a region lying inside another even when the two share
nothing for the chosen measure (the figures still overlap by definition). Both are worked
out here, from one region closure, as a :class:`CompareOverlaps` the page only has to word.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

from dashboard.analysis import areas
from dashboard.analysis.areas import RegionClosure
from dashboard.analysis.figures import Frames
from dashboard.catalog import measures as catalog

SharedPair = tuple[str, str, list[str]]  # (first key, second key, names of what both count)


@dataclass(frozen=True)
class CompareOverlaps:
    """Where the compared areas overlap, in the order the areas were given."""

    shared: tuple[SharedPair, ...]  # pairs counting the same entities for the measure
    nested: tuple[tuple[str, str], ...]  # (inner, outer): a region inside another, not in ``shared``

    @property
    def any(self) -> bool:
        return bool(self.shared or self.nested)


def double_counted(
    frames: Frames, keys: Sequence[str], measure: str, closure: RegionClosure | None = None
) -> list[SharedPair]:
    """Every pair of compared areas that count the same entities for ``measure``, with their
    names: (first key, second key, names), in the order the areas were given."""
    regions = frames["regions"]
    closure = areas.region_closure(regions) if closure is None else closure
    spec = catalog.MEASURES[measure]
    rows = spec.rows(frames[spec.dataset])
    chosen = [areas.area(key, regions, closure) for key in keys]
    found = []
    for index, first in enumerate(chosen):
        for second in chosen[index + 1 :]:
            names = areas.shared_entities(first, second, rows, spec.entity_id, spec.entity_name)
            if names:
                found.append((first.key, second.key, names))
    return found


def nested_regions(
    keys: Sequence[str], closure: RegionClosure, already: Collection[tuple[str, str]] = ()
) -> list[tuple[str, str]]:
    """Every (inner, outer) pair of compared regions where ``inner`` lies inside ``outer``,
    leaving out circles (a circle has no members) and the pairs in ``already``."""
    found = []
    for outer in keys:
        for inner in keys:
            inside = inner in closure.get(outer, frozenset()) and areas.RADIUS_SEPARATOR not in inner + outer
            if inner != outer and inside and (outer, inner) not in already:
                found.append((inner, outer))
    return found


def compare_overlaps(frames: Frames, keys: Sequence[str], measure: str) -> CompareOverlaps:
    """The shared entities of each pair of compared areas, then the nested regions whose pair
    shares nothing (a pair already named for its shared entities is not named twice)."""
    closure = areas.region_closure(frames["regions"])
    shared = double_counted(frames, keys, measure, closure)
    warned = {(first, second) for first, second, _ in shared} | {
        (second, first) for first, second, _ in shared
    }
    return CompareOverlaps(tuple(shared), tuple(nested_regions(keys, closure, warned)))
