"""The URL parameters of every view, each declared once with its default and its options.

A view's widgets write these into the URL and a slide's settings use the same names, so a
shared link, a QR code and a slide in a presentation all reopen the same view. The widget's
first value and the value a slide falls back to are both read from :data:`PARAMS`, so a page
and its slide cannot disagree on a default. Pure (no streamlit), so slide builders and the
command line read them too.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Final

from dashboard.catalog import measures
from dashboard.text.i18n import DEFAULT_LANGUAGE, LANGUAGES

LANGUAGE: Final = "lang"

COMPARE_REGIONS: Final = "regions"
COMPARE_MEASURE: Final = "measure"
COMPARE_NORMALISATION: Final = "per"
COMPARE_CIRCLE: Final = "circle"  # "GM0034~25": within 25 km of Almere

MAP_MEASURE: Final = "map_measure"
MAP_LAYERS: Final = "layers"
MAP_LEVEL: Final = "level"  # "provinces" or "municipalities"

EVENTS_EVENT: Final = "event"
EVENTS_MEASURE: Final = "event_measure"

CAMPUSES_MEASURE: Final = "campus_measure"

DATA_CENTRES_SERIES: Final = "series"

SCORECARD_INDICATORS: Final = "indicators"  # "data_centres:per_100k,cluster_members:per_100k"
SCORECARD_METHOD: Final = "method"
SCORECARD_WEIGHTS: Final = "weights"  # "3,1,1", in indicator order

GROWTH_SERIES: Final = "growth"  # the cluster whose growth is shown
GROWTH_FROM: Final = "from"  # position of the start figure in the series
GROWTH_TO: Final = "to"


# --- What the map can show (its measure, layer and level options) ----------------------

# The (measure, normalisation) pairs the map can colour by, kept only where the catalogue
# allows the normalisation; the map's keys are "data_centres" and "data_centres_per_100k".
MAP_CHOICES: Final = (
    ("data_centres", measures.ABSOLUTE),
    ("data_centres", "per_100k"),
    ("campus_companies", measures.ABSOLUTE),
    ("cluster_members", measures.ABSOLUTE),
)
POPULATION: Final = "population"


def area_measure_key(measure: str, normalisation: str) -> str:
    return measure if normalisation == measures.ABSOLUTE else f"{measure}_{normalisation}"


def split_area_measure(key: str) -> tuple[str, str]:
    """(measure, normalisation) of a map measure key ("data_centres_per_100k")."""
    for measure, normalisation in MAP_CHOICES:
        if area_measure_key(measure, normalisation) == key:
            return measure, normalisation
    return key, measures.ABSOLUTE


AREA_MEASURES: Final = (
    *(
        area_measure_key(measure, normalisation)
        for measure, normalisation in MAP_CHOICES
        if measures.allows(measure, normalisation)
    ),
    POPULATION,
)
LAYERS: Final = ("data_centres", "campuses", "events", "clusters")
# Provinces, or the Dutch municipalities of the CBS 2023 map (Belgium stays at province level:
# the only Belgian municipal polygons found have a doubtful licence).
LEVELS: Final = ("provinces", "municipalities")


# --- Defaults and options ------------------------------------------------------------------


@dataclass(frozen=True)
class Param:
    """A URL parameter: its name, the value a view opens with, and the values it accepts.

    ``options`` is empty where the data decide them (the regions, an event's measures); the
    default is then the preferred value, used when the data hold it, else their first option.
    """

    name: str
    default: str | tuple[str, ...] = ""
    options: tuple[str, ...] = ()

    def default_among(self, options: Sequence[str]) -> str:
        """The default if ``options`` hold it, else their first (a dataset without it)."""
        return self.default if isinstance(self.default, str) and self.default in options else options[0]

    def pick(self, settings: Mapping[str, str], options: Sequence[str] | None = None) -> str:
        """The setting if it is an option, else the default: a hand-edited URL or an old
        presentation with a renamed option still opens."""
        allowed = self.options if options is None else options
        value = settings.get(self.name)
        return value if value is not None and value in allowed else self.default_among(allowed)


PARAMS: Final[dict[str, Param]] = {
    param.name: param
    for param in (
        Param(LANGUAGE, DEFAULT_LANGUAGE, LANGUAGES),
        Param(COMPARE_REGIONS),  # the data's focus regions (charts.compare.focus_regions)
        Param(COMPARE_CIRCLE),  # no circle
        Param(COMPARE_MEASURE, "data_centres", tuple(measures.MEASURES)),
        # Narrowed to what the chosen measure allows (measures.allowed).
        Param(COMPARE_NORMALISATION, measures.ABSOLUTE, tuple(measures.NORMALISATIONS)),
        Param(MAP_MEASURE, "data_centres", AREA_MEASURES),
        Param(MAP_LAYERS, LAYERS, LAYERS),
        Param(MAP_LEVEL, LEVELS[0], LEVELS),
        Param(EVENTS_EVENT),  # events with forecasts or targets first (charts.series)
        Param(EVENTS_MEASURE),  # the event's first measure
        Param(CAMPUSES_MEASURE, "companies"),
        Param(DATA_CENTRES_SERIES, "amsix_peak_traffic"),
        # Options: analysis.headlines.SCORECARD_INDICATORS and analysis.scorecard.METHODS.
        Param(
            SCORECARD_INDICATORS,
            ("data_centres:per_100k", "cluster_members:per_100k", "campus_companies:per_100k"),
        ),
        Param(SCORECARD_METHOD, "minmax"),
        Param(SCORECARD_WEIGHTS),  # 1 for every indicator
        Param(GROWTH_SERIES),  # the first cluster with a series
        Param(GROWTH_FROM),  # the series' first figure
        Param(GROWTH_TO),  # ... and its last
    )
}
