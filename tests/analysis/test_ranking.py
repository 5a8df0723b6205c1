"""The scorecard's ranking as the page shows it (dashboard.analysis.ranking) and its rank chart."""

from __future__ import annotations

import math

import pandas as pd

from dashboard.analysis import ranking
from dashboard.charts import plotly_charts

INDEX = ["Amsterdam", "Hasselt", "Noord", "Brainport"]
LOWS = pd.DataFrame(
    {"dc": [1.7, math.nan, 0.3, 0.4], "campus": [math.nan, 317.6, 13.1, 20.0]}, index=INDEX, dtype="float64"
)
HIGHS = LOWS.assign(campus=[math.nan, 317.6, 13.1, 40.0])  # Brainport's campus figure is a range


def test_ranked_best_first_then_the_unranked_with_their_coverage() -> None:
    result = ranking.rank(LOWS, HIGHS, {"dc": 1, "campus": 1}, "minmax")
    # Half the weight is enough: everyone here knows one of two equal indicators at least.
    assert [region.key for region in result.ranked] == ["Amsterdam", "Hasselt", "Brainport", "Noord"]
    assert result.unranked == []
    result = ranking.rank(LOWS, HIGHS, {"dc": 1, "campus": 3}, "minmax")
    assert [region.key for region in result.ranked] == ["Hasselt", "Brainport", "Noord"]
    (amsterdam,) = result.unranked
    assert (amsterdam.key, amsterdam.known, amsterdam.coverage) == ("Amsterdam", 1, 0.25)
    assert amsterdam.score_low is None
    assert amsterdam.rank_low is None
    assert not amsterdam.ranked
    assert result.weighted == 2
    assert result.min_coverage == 0.5


def test_a_range_in_the_figures_gives_a_range_of_scores() -> None:
    result = ranking.rank(LOWS, HIGHS, {"dc": 1, "campus": 1}, "minmax")
    brainport = next(region for region in result.ranked if region.key == "Brainport")
    assert brainport.score_low is not None
    assert brainport.score_high is not None
    assert brainport.score_low < brainport.score_high


def test_the_rank_chart_shows_only_ranks_that_exist() -> None:
    table = pd.DataFrame({"label": ["A", "A", "B", "B"], "x": [0.0, 1.0, 0.0, 1.0], "rank": [1, 2, 2, 1]})
    figure = plotly_charts.rank_lines(table, "en", x_title="share", y_title="rank")
    assert tuple(figure.layout.yaxis.range) == (2.5, 0.5)  # rank 1 at the top; no rank 0 or 3
    assert tuple(figure.layout.yaxis.tickvals) == (1, 2)
