"""What a map shows, without drawing it: colour classes, point layers and their palettes.

Kept apart from ``maps`` (folium) so that slides, exports and the map's inputs are computed
without importing folium, which costs a quarter of a second at the first page of a process.
"""

from __future__ import annotations

import math
import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

from dashboard.charts import palette

# Reversed viridis, 5 steps: perceptually uniform, readable with every common colour-vision
# deficiency and in greyscale; light = low, dark = high.
SEQUENTIAL_PALETTE: Final = ("#fde725", "#5ec962", "#21918c", "#3b528b", "#440154")
# Neutral grey for "no value": no hue, so it never reads as a step of the palette.
UNKNOWN_COLOUR: Final = "#cccccc"
BACKGROUND_COLOUR: Final = "#ffffff"
# Okabe-Ito, the colour-blind-safe qualitative palette, for point layers (caller's choice).
POINT_PALETTE: Final = palette.POINT_LAYER_COLOURS

# NL + BE, (south, west), (north, east); used when no provinces are passed.
NL_BE_BOUNDS: Final = ((49.49, 2.52), (53.56, 7.23))
POINT_PANE: Final = "points"
_HEX_COLOUR: Final = re.compile(r"#(?:[0-9a-fA-F]{3}){1,2}")

Bin = tuple[float, float, str]


@dataclass(frozen=True)
class Legend:
    """What the caller needs to draw the legend in Streamlit.

    ``bins`` are ``(low, high, colour)`` from low to high; ``low`` and ``high`` are the smallest
    and largest value actually in that class, so ranges never overlap. ``has_unknown`` says
    whether any province on the map is drawn in ``unknown_colour``.
    """

    bins: tuple[Bin, ...]
    unknown_colour: str = UNKNOWN_COLOUR
    has_unknown: bool = False

    def colour_for(self, value: float | None) -> str:
        if value is None or not math.isfinite(value) or not self.bins:
            return self.unknown_colour
        for _low, high, colour in self.bins:
            if value <= high:
                return colour
        return self.bins[-1][2]


@dataclass(frozen=True)
class MapPoint:
    lat: float
    lon: float
    title: str
    lines: tuple[str, ...] = ()
    approximate: bool = False


@dataclass(frozen=True)
class AreaInfo:
    """What an area's popup says besides its name: the figure as text, and the population it
    is divided by, with date, and that population's source."""

    value: str
    population: str
    source: str


@dataclass(frozen=True)
class AreaDetails:
    """Every area's popup text, and the row labels shown once (not once per area: 350
    municipalities would repeat them 350 times in what the browser receives)."""

    info: Mapping[str, AreaInfo]
    name_label: str
    population_label: str
    source_label: str


@dataclass(frozen=True)
class Outline:
    """A grouping's border (e.g. the MRA), drawn as a line over the coloured areas;
    ``geometry`` is a GeoJSON geometry mapping."""

    label: str
    geometry: Mapping[str, Any]


@dataclass(frozen=True)
class PointLayer:
    """One toggleable layer of circle markers; ``colour`` is ``#rgb`` or ``#rrggbb``."""

    label: str
    colour: str
    points: Sequence[MapPoint]

    def __post_init__(self) -> None:
        if not _HEX_COLOUR.fullmatch(self.colour):
            raise ValueError(f"colour must be #rgb or #rrggbb, got {self.colour!r}")


Bounds = tuple[tuple[float, float], tuple[float, float]]  # (south, west), (north, east)
# A margin around the fitted frame (degrees), so edge points are not cut in half.
FRAME_MARGIN: Final = 0.05


def fitted_bounds(areas: Any, framed: Collection[str] = ()) -> Bounds:
    """The frame of what the map is about: the areas in ``framed`` (the modelled regions).

    The other areas (most of Belgium, where only Limburg is modelled) stay drawn as context
    at the edge, but do not widen the frame. With no area framed, all of them.
    """
    if len(areas) == 0:
        return NL_BE_BOUNDS
    boxes = [
        geometry.bounds
        for region_id, geometry in zip(areas["region_id"], areas.geometry, strict=True)
        if region_id in framed
    ] or [geometry.bounds for geometry in areas.geometry]
    west, south = min(box[0] for box in boxes), min(box[1] for box in boxes)
    east, north = max(box[2] for box in boxes), max(box[3] for box in boxes)
    margin = FRAME_MARGIN
    return ((south - margin, west - margin), (north + margin, east + margin))


# Points at one spot (six Almere sites and its cluster seat share the municipality's centre)
# are spread on a ring around it, in screen pixels: separable at every zoom, and never
# moved on the ground. A ring keeps neighbouring dots this far apart (centre to centre).
POINT_SPACING_PX: Final = 16
SPOT_DECIMALS: Final = 5  # coordinates equal to ~1 m are one spot


def ring_offsets(layers: Sequence[PointLayer]) -> dict[tuple[int, int], tuple[int, int]]:
    """(layer index, point index) -> (dx, dy) in pixels for points that share a spot with others.

    Deterministic: the same data gives the same ring, in layer and point order, starting
    at the top and going clockwise. Points alone at their spot are not listed (no offset).
    """
    spots: dict[tuple[float, float], list[tuple[int, int]]] = {}
    for layer_index, layer in enumerate(layers):
        for point_index, point in enumerate(layer.points):
            if math.isfinite(point.lat) and math.isfinite(point.lon):
                spot = (round(point.lat, SPOT_DECIMALS), round(point.lon, SPOT_DECIMALS))
                spots.setdefault(spot, []).append((layer_index, point_index))
    offsets: dict[tuple[int, int], tuple[int, int]] = {}
    for members in spots.values():
        if len(members) < 2:
            continue
        # Radius so that neighbours on the ring are POINT_SPACING_PX apart (at least that far out).
        radius = max(POINT_SPACING_PX, POINT_SPACING_PX / (2 * math.sin(math.pi / len(members))))
        for order, member in enumerate(members):
            angle = 2 * math.pi * order / len(members)
            offsets[member] = (round(radius * math.sin(angle)), round(-radius * math.cos(angle)))
    return offsets


def is_value(value: float | None) -> bool:
    return value is not None and math.isfinite(value)


def classify(values: Iterable[float | None], classes: int = 5) -> Legend:
    """Quantile classes over the known values, coloured along ``SEQUENTIAL_PALETTE``.

    Quantiles rather than equal widths: regional figures are skewed (one metropolitan area
    dwarfs the rest), and equal widths would put nearly every province in the lowest class.
    """
    if not 1 <= classes <= len(SEQUENTIAL_PALETTE):
        raise ValueError(f"classes must be 1..{len(SEQUENTIAL_PALETTE)}")
    given = list(values)
    known = sorted(float(v) for v in given if v is not None and math.isfinite(v))
    has_unknown = len(known) < len(given)
    if not known:
        return Legend(bins=(), has_unknown=has_unknown)

    count = min(classes, len(set(known)))
    # Upper edge of class i: the value at rank ceil((i+1) * n / count) - 1 (nearest-rank).
    uppers = sorted({known[max(0, math.ceil((i + 1) * len(known) / count) - 1)] for i in range(count)})
    members: list[list[float]] = [[] for _ in uppers]
    for value in known:
        index = next(i for i, upper in enumerate(uppers) if value <= upper)
        members[index].append(value)
    groups = [group for group in members if group]

    last = len(SEQUENTIAL_PALETTE) - 1
    if len(groups) == 1:
        colours = [SEQUENTIAL_PALETTE[last // 2]]
    else:
        colours = [SEQUENTIAL_PALETTE[round(i * last / (len(groups) - 1))] for i in range(len(groups))]
    bins = tuple((group[0], group[-1], colour) for group, colour in zip(groups, colours, strict=True))
    return Legend(bins=bins, has_unknown=has_unknown)
