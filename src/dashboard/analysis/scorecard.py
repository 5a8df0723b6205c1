"""Ecosystem scorecard: regions by indicators -> one composite score and a rank.

Each indicator is normalised on its own (min-max to [0, 1], or z-score), so units and scale drop out
and higher is better for every indicator. A region's score is the weighted mean of its normalised
values over the indicators it *has*: an unknown value is left out and the remaining weights
re-normalised, never counted as zero. A region is ranked only when the indicators it has carry
at least ``min_coverage`` of the weight (half, by default): one figure of three does not make a first
place. Regions below it are left out of the normalisation too, so they do not move anyone else's score.
``sensitivity`` shows how ranks move as one indicator's share
of the total weight runs from 0 to 1. Pure (no streamlit), so pages, exports and tests share it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final, Literal

import numpy as np
import pandas as pd

Method = Literal["minmax", "zscore"]
METHODS: Final = ("minmax", "zscore")
RESULT_COLUMNS: Final = ("score", "rank", "known", "coverage", "ranked")
# A region is ranked only when its known indicators carry at least this share of the weight.
MIN_COVERAGE: Final = 0.5
# Weights are fractions: 1/3 + 1/6 may come out a hair below 0.5.
COVERAGE_TOLERANCE: Final = 1e-9
# What a column that cannot discriminate (one known value, or all equal) gives its known cells:
# the neutral middle, so such an indicator neither lifts nor sinks anyone.
NEUTRAL: Final[dict[str, float]] = {"minmax": 0.5, "zscore": 0.0}
# Ranks are taken on scores rounded this far, so regions that tie on paper are not split by float
# noise (0.1 + 0.2 against 0.3); real differences in a scorecard are far larger than 1e-12.
RANK_DECIMALS: Final = 12


@dataclass(frozen=True)
class Scorecard:
    """Per region (index, input order): each indicator's normalised value (among the ranked
    regions), ``score`` (float, NaN when not ranked), ``rank`` (Int64, 1 = best, ties share the
    lowest rank, <NA> when not ranked), ``known`` (how many indicators with weight > 0 had a value),
    ``coverage`` (the share of the weight those carry, 0 to 1) and ``ranked`` (coverage reached
    ``min_coverage``)."""

    scores: pd.DataFrame
    weights: dict[str, float]  # indicators with weight > 0 only, summing to 1
    method: Method
    min_coverage: float = MIN_COVERAGE


def normalise(values: pd.DataFrame, method: Method) -> pd.DataFrame:
    """Normalise each column on its own; NaN stays NaN and is ignored in min/max/mean/std.

    ``minmax``: (x - min) / (max - min), in [0, 1]. ``zscore``: (x - mean) / std, population std
    (ddof=0). A column with fewer than 2 known values or zero spread cannot discriminate: its known
    cells become 0.5 (minmax) or 0.0 (zscore) instead of a division by zero.
    """
    if method not in METHODS:
        raise ValueError(f"unknown method {method!r}; choose one of {', '.join(METHODS)}")
    columns: dict[object, pd.Series] = {}
    for key in values.columns:
        column = values[key].astype("float64")
        low, high = column.min(), column.max()
        spread = high - low if method == "minmax" else column.std(ddof=0)
        # ``high > low`` rather than ``spread > 0`` alone: equal values can leave a z-score std of
        # 1e-17 from rounding in the mean, which would blow noise up to ±1.
        if column.count() < 2 or not (high > low and spread > 0):
            columns[key] = column.where(column.isna(), NEUTRAL[method])
        else:
            centre = low if method == "minmax" else column.mean()
            columns[key] = (column - centre) / spread
    return pd.DataFrame(columns, index=values.index, columns=values.columns)


def _checked_weights(values: pd.DataFrame, weights: Mapping[str, float]) -> dict[str, float]:
    """One finite weight >= 0 per indicator column, in column order (a missing key weighs 0)."""
    clashes = [key for key in values.columns if key in RESULT_COLUMNS]
    if clashes:
        raise ValueError(f"indicator names clash with result columns: {', '.join(map(str, clashes))}")
    unknown = sorted(set(weights) - set(values.columns))
    if unknown:
        # A typo in a weight key would otherwise silently drop that indicator.
        raise ValueError(f"weights name indicators that are not in the values: {', '.join(unknown)}")
    checked: dict[str, float] = {}
    for key in values.columns:
        weight = float(weights.get(key, 0.0))
        if not np.isfinite(weight):
            raise ValueError(f"weight for indicator {key!r} is not a finite number ({weight})")
        if weight < 0:
            raise ValueError(f"weight for indicator {key!r} is negative ({weight}); weights must be >= 0")
        checked[key] = weight
    return checked


def score(
    values: pd.DataFrame,
    weights: Mapping[str, float],
    method: Method = "minmax",
    min_coverage: float = MIN_COVERAGE,
) -> Scorecard:
    """Composite score and rank per region; see the module docstring for the method.

    ``values``: index = region ids, columns = indicator keys, floats (NaN = unknown). ``weights``:
    indicator -> weight >= 0 (missing = 0). Negative, non-finite or all-zero weights raise ValueError.
    Score = sum(w_i * norm_i) / sum(w_i over the indicators the region has a value for), for the
    regions whose known indicators carry at least ``min_coverage`` (0 to 1) of the weight.
    """
    if not 0.0 <= min_coverage <= 1.0:
        raise ValueError(f"min_coverage is a share of the weight, from 0 to 1; got {min_coverage}")
    given = _checked_weights(values, weights)
    total = sum(given.values())
    if total <= 0:
        raise ValueError("all weights are zero: give at least one indicator a positive weight")
    used = {key: weight / total for key, weight in given.items() if weight > 0}
    weight_row = pd.Series(used, dtype="float64")
    has = values[list(used)].notna()
    coverage = has.astype("float64").mul(weight_row, axis=1).sum(axis=1)
    ranked = (coverage > 0) & (coverage >= min_coverage - COVERAGE_TOLERANCE)
    # Normalised among the ranked regions only: a region with too few figures moves no one's score.
    table = normalise(values[ranked], method).reindex(values.index)
    weighted = table[list(used)]
    # Divide by the weight the region actually has values for: unknown is left out, not scored zero.
    composite = weighted.fillna(0.0).mul(weight_row, axis=1).sum(axis=1) / coverage.where(ranked)
    table["score"] = composite
    table["rank"] = composite.round(RANK_DECIMALS).rank(method="min", ascending=False).astype("Int64")
    table["known"] = has.sum(axis=1).astype(int)
    table["coverage"] = coverage
    table["ranked"] = ranked
    return Scorecard(scores=table, weights=used, method=method, min_coverage=min_coverage)


def sensitivity(
    values: pd.DataFrame,
    weights: Mapping[str, float],
    method: Method = "minmax",
    steps: int = 11,
    min_coverage: float = MIN_COVERAGE,
) -> pd.DataFrame:
    """How ranks move as each weighted indicator's share of the total weight runs over linspace(0, 1, steps).

    For each indicator with a key in ``weights`` (weight 0 included) and each share w, that indicator
    gets w and the others split 1 - w in their given proportions (equally if they are all zero).
    Returns long rows: indicator, share, region, rank (Int64, <NA> where the region is not ranked at
    that share); a share leaving every weight zero (only possible with a single indicator at share 0)
    is skipped.
    """
    if steps < 2:
        raise ValueError(f"steps must be at least 2 to span shares 0 to 1, got {steps}")
    given = _checked_weights(values, weights)
    frames: list[pd.DataFrame] = []
    for indicator in (key for key in given if key in weights):
        others = {key: weight for key, weight in given.items() if key != indicator}
        rest = sum(others.values())
        for share in np.linspace(0.0, 1.0, steps):
            varied = {
                key: (1.0 - float(share)) * (weight / rest if rest > 0 else 1.0 / len(others))
                for key, weight in others.items()
            }
            varied[indicator] = float(share)
            if not any(weight > 0 for weight in varied.values()):
                continue
            ranks = score(values, varied, method, min_coverage).scores["rank"]
            row = {"indicator": indicator, "share": float(share), "region": ranks.index, "rank": ranks.array}
            frames.append(pd.DataFrame(row))
    if not frames:
        return pd.DataFrame(
            {
                "indicator": pd.Series(dtype="str"),
                "share": pd.Series(dtype="float64"),
                "region": pd.Series(dtype=values.index.dtype),
                "rank": pd.Series(dtype="Int64"),
            }
        )
    return pd.concat(frames, ignore_index=True)
