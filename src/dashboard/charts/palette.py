"""One palette for every chart and map: Okabe & Ito (2008), with one colour per region.

A region keeps its colour on every chart and page: the compare bars, the cluster lines, the
scorecard's bars and rank lines. The focus regions (``focus_order`` in regions.csv) own a
colour each, whatever else is chosen; other regions take the colours left over, in the order
they were chosen, so two regions on one chart never share a colour while colours last.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Final

import pandas as pd

# Okabe & Ito (2008): distinguishable under the common colour-vision deficiencies.
BLUE: Final = "#0072B2"
ORANGE: Final = "#E69F00"
GREEN: Final = "#009E73"
PURPLE: Final = "#CC79A7"
SKY_BLUE: Final = "#56B4E9"
VERMILION: Final = "#D55E00"
YELLOW: Final = "#F0E442"
BLACK: Final = "#000000"
OKABE_ITO: Final = (BLUE, ORANGE, GREEN, PURPLE, SKY_BLUE, VERMILION, YELLOW, BLACK)
# Map point layers: their own fixed colours (data centres orange, campuses sky blue, ...).
POINT_LAYER_COLOURS: Final = (ORANGE, SKY_BLUE, GREEN, BLUE, VERMILION, PURPLE, BLACK)


def colour(index: int) -> str:
    """The palette's colour at ``index``, cycling (for things that are not regions)."""
    return OKABE_ITO[index % len(OKABE_ITO)]


def _focus_order(regions: pd.DataFrame) -> dict[str, int]:
    focus = regions[regions["focus_order"].notna()].sort_values("focus_order")
    return {str(region): index for index, region in enumerate(focus["region_id"])}


def region_colours(keys: Sequence[str], regions: pd.DataFrame) -> dict[str, str]:
    """Area key (region id, or a circle ``id~km``) -> colour, the same on every chart.

    The n-th focus region has the palette's n-th colour. Other keys, in the given order,
    take the colours no focus region owns, then those of focus regions not among ``keys``,
    and only then repeat.
    """
    focus = _focus_order(regions)
    owned = {key: OKABE_ITO[focus[key] % len(OKABE_ITO)] for key in keys if key in focus}
    reserved = {OKABE_ITO[index % len(OKABE_ITO)] for index in focus.values()}
    free = [c for c in OKABE_ITO if c not in reserved] + [
        c for c in OKABE_ITO if c in reserved and c not in owned.values()
    ]
    colours: dict[str, str] = {}
    others = 0
    for key in dict.fromkeys(keys):
        if key in owned:
            colours[key] = owned[key]
        else:
            colours[key] = free[others % len(free)] if free else colour(others)
            others += 1
    return colours


def by_label(colours: Mapping[str, str], labels: Mapping[str, str]) -> dict[str, str]:
    """Colours keyed by the label a chart shows instead of the area key."""
    return {labels[key]: value for key, value in colours.items() if key in labels}


def home_colours(
    entities: Mapping[str, str], regions: pd.DataFrame, closure: Mapping[str, frozenset[str]]
) -> dict[str, str]:
    """Entity label -> the colour of the focus region it lies in (a cluster in Groningen
    has Noord-Nederland's colour, as on the compare page); entities in no focus region
    are left out, for the chart's own colours. ``entities`` maps label -> region id."""
    focus = _focus_order(regions)
    colours = region_colours(list(focus), regions)
    found = {}
    for label, region_id in entities.items():
        home = next((key for key in focus if region_id in closure.get(key, frozenset({key}))), None)
        if home is not None:
            found[label] = colours[home]
    return found
