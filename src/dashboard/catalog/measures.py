"""The headline measures and the normalisations each one allows, declared once.

A normalisation is offered only where it means something. Dividing one event's visitors by
a region's inhabitants (Almere: 319,115 per 100,000) is a number, not a figure; and a
"share of the national total" of a list of *known* sites, clusters or campuses says how much
of the list lies in a region, not how much of the country's activity does, so it is offered
only for a measure whose dataset is a census. The compare page, the scorecard's indicators,
the map's measures, the headline table, the overview and the slides all read :data:`MEASURES`,
so this is the one place that says which measures there are, what each counts and which
normalisations it allows: adding a headline measure is one entry here and its labels in the
two locale files.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, Literal

import pandas as pd

# How a measure turns its rows in an area into one figure:
# "count" counts the rows that count (operating sites); "sum_of_latest" sums each entity's most
# recent observed figure (a cluster's members), naming the entities without one; "latest_actual"
# is the single most recent actual figure of any entity (one event's visitors, not a sum).
Aggregate = Literal["count", "sum_of_latest", "latest_actual"]
AGGREGATES: Final[tuple[Aggregate, ...]] = ("count", "sum_of_latest", "latest_actual")


@dataclass(frozen=True)
class Normalisation:
    """Which columns of the headline table a normalisation reads, and how it is written."""

    key: str
    low: str
    high: str
    decimals: int | None = None
    unit: str = ""
    denominator: str | None = None  # "population" or "area": whose date and source to show


NORMALISATIONS: Final[dict[str, Normalisation]] = {
    normalisation.key: normalisation
    for normalisation in (
        Normalisation("absolute", "low", "high"),
        Normalisation("per_100k", "per_100k_low", "per_100k_high", 1, denominator="population"),
        Normalisation("per_1000km2", "per_1000km2_low", "per_1000km2_high", 1, denominator="area"),
        Normalisation("share_national", "share_low", "share_high", 1, unit="%"),
    )
}
ABSOLUTE: Final = "absolute"
SHARE: Final = "share_national"


@dataclass(frozen=True)
class Measure:
    """A headline measure: the entities it counts and the normalisations that make sense."""

    key: str
    dataset: str
    entity_id: str
    entity_name: str
    counted_by: tuple[str, str]  # (column, value) of the rows that count: ("status", "operating")
    additive: bool  # a sum over entities; one event's visitors is not
    census: bool  # the dataset lists every such entity in the country, so a national total exists
    unit: str  # what one counts: "sites", "organisations", "companies", "visitors"
    normalisations: tuple[str, ...]
    aggregate: Aggregate = "sum_of_latest"

    @property
    def figure_measure(self) -> str:
        """The ``measure`` value of the rows whose figures are combined (``member_organisations``)."""
        return self.counted_by[1]

    def allows(self, normalisation: str) -> bool:
        return normalisation in self.normalisations

    def rows(self, frame: pd.DataFrame) -> pd.DataFrame:
        """The rows of this measure's dataset that count for it."""
        column, value = self.counted_by
        return frame[frame[column] == value]


# Densities of a list of known entities compare regions with each other; they are not a census.
DENSITIES: Final = (ABSOLUTE, "per_100k", "per_1000km2")

MEASURES: Final[dict[str, Measure]] = {
    measure.key: measure
    for measure in (
        Measure(
            "data_centres",
            "data_centres",
            "dc_id",
            "name",
            ("status", "operating"),
            additive=True,
            census=False,  # sites the sources name (a PeeringDB sample and the press)
            unit="sites",
            normalisations=DENSITIES,
            aggregate="count",
        ),
        Measure(
            "cluster_members",
            "clusters",
            "cluster_id",
            "cluster_name",
            ("measure", "member_organisations"),
            additive=True,
            census=False,  # the clusters the research found, not every Dutch cluster
            unit="organisations",
            normalisations=DENSITIES,
        ),
        Measure(
            "campus_companies",
            "campuses",
            "campus_id",
            "campus_name",
            ("measure", "companies"),
            additive=True,
            census=False,  # a few named campuses
            unit="companies",
            normalisations=DENSITIES,
        ),
        Measure(
            "event_visitors",
            "events",
            "event_id",
            "event_name",
            ("measure", "visitors"),
            additive=False,  # the latest event's visitors, not a sum over the area
            census=False,
            unit="visitors",
            normalisations=(ABSOLUTE,),
            aggregate="latest_actual",
        ),
    )
}


def allowed(measure: str) -> tuple[str, ...]:
    """The normalisations ``measure`` allows, in the order the pages offer them."""
    return MEASURES[measure].normalisations


def allows(measure: str, normalisation: str) -> bool:
    return measure in MEASURES and MEASURES[measure].allows(normalisation)


def limited(measure: str) -> bool:
    """Whether some normalisation is not offered for ``measure`` (the page then says why)."""
    return set(MEASURES[measure].normalisations) != set(NORMALISATIONS)


def name_column(dataset: str) -> str:
    """The column naming an entity of ``dataset`` (``cluster_name``), as its measures declare it."""
    return next(measure.entity_name for measure in MEASURES.values() if measure.dataset == dataset)
