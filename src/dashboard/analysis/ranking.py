"""The scorecard's ranking as the page shows it: regions ranked best first, with scores and
ranks as ranges (computed on the low and on the high ends of the figures), and the regions
not ranked because their figures carry too little of the weight, each with how much it has.

Built without streamlit, so the ranking is tested directly and the page only lays it out.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dashboard.analysis import scorecard
from dashboard.text.formatting import scalar_float, scalar_int


@dataclass(frozen=True)
class RegionResult:
    """One region's place: score and rank at both ends (None when not ranked)."""

    key: str
    score_low: float | None
    score_high: float | None
    rank_low: int | None
    rank_high: int | None
    known: int  # indicators with weight > 0 that have a value
    coverage: float  # the share of the weight those carry, 0 to 1

    @property
    def ranked(self) -> bool:
        return self.rank_low is not None and self.rank_high is not None


@dataclass(frozen=True)
class Ranking:
    """The ranked regions best first (by the low end), then those left unranked."""

    ranked: list[RegionResult]
    unranked: list[RegionResult]
    weighted: int  # indicators with weight > 0
    min_coverage: float


def rank(
    lows: pd.DataFrame,
    highs: pd.DataFrame,
    weights: dict[str, float],
    method: scorecard.Method,
    min_coverage: float = scorecard.MIN_COVERAGE,
) -> Ranking:
    """Score both ends of every figure and rank the regions whose figures carry at least
    ``min_coverage`` of the weight; the others are listed, not ranked."""
    low_card = scorecard.score(lows, weights, method, min_coverage).scores
    high_card = scorecard.score(highs, weights, method, min_coverage).scores
    results = [
        RegionResult(
            key=str(key),
            score_low=scalar_float(low_card.at[key, "score"]),
            score_high=scalar_float(high_card.at[key, "score"]),
            rank_low=scalar_int(low_card.at[key, "rank"]),
            rank_high=scalar_int(high_card.at[key, "rank"]),
            known=scalar_int(low_card.at[key, "known"]) or 0,
            coverage=scalar_float(low_card.at[key, "coverage"]) or 0.0,
        )
        for key in lows.index
    ]
    ranked = [result for result in results if result.ranked]
    unranked = [result for result in results if not result.ranked]
    ranked.sort(key=lambda result: -(result.score_low or 0.0))  # best first, by the low end
    unranked.sort(key=lambda result: -result.coverage)
    weighted = sum(1 for weight in weights.values() if weight > 0)
    return Ranking(ranked, unranked, weighted, min_coverage)
