"""Every kind of chart a view shows, registered once: ``build(kind, settings, frames, lang)``.

A page, the present page, the PowerPoint deck and the PNG/SVG/CSV exports all build a chart
through this registry, so each chart is written once and what a presenter exports is what
the official saw. What a kind and a slide are is :mod:`dashboard.charts.slide`; the builders
live in one module per page (compare, series, map, scorecard).
"""

from __future__ import annotations

from typing import Final

from dashboard.analysis import figures
from dashboard.catalog import pages, params
from dashboard.charts import compare, scorecard, series
from dashboard.charts import map as map_chart
from dashboard.charts.slide import Kind, Settings, Slide
from dashboard.text.i18n import Language

# The datasets a comparison reads: every headline measure's, with the regions and sources.
COMPARISON_DATASETS: Final = ("regions", "sources", "data_centres", "clusters", "events", "campuses")
COMPARE_SETTINGS: Final = (
    params.COMPARE_REGIONS,
    params.COMPARE_CIRCLE,
    params.COMPARE_MEASURE,
    params.COMPARE_NORMALISATION,
)

KINDS: Final[dict[str, Kind]] = {
    "compare": Kind("compare", compare.compare, COMPARE_SETTINGS, COMPARISON_DATASETS),
    "compare_members": Kind(
        "compare", compare.compare_members, COMPARE_SETTINGS, ("regions", "sources", "clusters")
    ),
    "events": Kind(
        "events", series.events, (params.EVENTS_EVENT, params.EVENTS_MEASURE), ("sources", "events")
    ),
    "clusters": Kind("clusters", series.clusters, (), ("regions", "sources", "clusters")),
    "campuses": Kind(
        "campuses", series.campuses, (params.CAMPUSES_MEASURE,), ("regions", "sources", "campuses")
    ),
    "data_centres": Kind("data_centres", series.data_centres, (), ("regions", "sources", "data_centres")),
    "data_centres_context": Kind(
        "data_centres", series.data_centres_context, (params.DATA_CENTRES_SERIES,), ("sources", "indicators")
    ),
    "map": Kind(
        "map",
        map_chart.map_slide,
        (params.MAP_MEASURE, params.MAP_LAYERS, params.MAP_LEVEL),
        COMPARISON_DATASETS,
    ),
    "scorecard": Kind(
        "scorecard",
        scorecard.scorecard_slide,
        (
            params.COMPARE_REGIONS,
            params.SCORECARD_INDICATORS,
            params.SCORECARD_METHOD,
            params.SCORECARD_WEIGHTS,
        ),
        COMPARISON_DATASETS,
    ),
}
ALL_DATASETS: Final = tuple(dict.fromkeys(key for kind in KINDS.values() for key in kind.datasets))


def build(kind: str, settings: Settings, frames: figures.Frames, lang: Language) -> Slide:
    """The slide of one chart with its settings; KeyError names the kinds that exist."""
    if kind not in KINDS:
        raise KeyError(f"{kind!r} is not a kind of slide; these are: {', '.join(sorted(KINDS))}")
    spec = KINDS[kind]
    query = {key: settings[key] for key in spec.settings if key in settings}
    page = next(page.url for page in pages.PAGES if page.name == spec.page)
    return spec.builder(settings, frames, lang).with_origin(kind, page, query)
