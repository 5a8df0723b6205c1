"""The URL parameters of every view, named once.

A view's widgets write these into the URL and a slide's settings use the same names, so a
shared link, a QR code and a slide in a presentation all reopen the same view. Pure (no
streamlit), so slide builders and the command line read them too.
"""

from __future__ import annotations

from typing import Final

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
