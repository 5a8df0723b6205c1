"""Scorecard: hand-computed examples, unknown values, ties, bad weights, and invariance properties."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard.analysis import scorecard
from dashboard.analysis.scorecard import METHODS, Method

# Scores closer than this are treated as a possible float tie: rank order is only asserted beyond it.
TIE_TOLERANCE = 1e-9


def frame(index: list[str], **columns: list[float]) -> pd.DataFrame:
    return pd.DataFrame(columns, index=index, dtype="float64")


THREE = frame(["R1", "R2", "R3"], a=[10.0, 20.0, 30.0], b=[5.0, 1.0, 3.0])


def ranks_of(card: scorecard.Scorecard) -> dict[str, object]:
    ranks: dict[str, object] = card.scores["rank"].to_dict()
    return ranks


def test_minmax_hand_computed() -> None:
    # a -> [0, 0.5, 1], b -> [1, 0, 0.5]; equal weights average them.
    card = scorecard.score(THREE, {"a": 1, "b": 1})
    assert card.scores["a"].tolist() == [0.0, 0.5, 1.0]
    assert card.scores["b"].tolist() == [1.0, 0.0, 0.5]
    assert card.scores["score"].tolist() == [0.5, 0.25, 0.75]
    assert ranks_of(card) == {"R1": 2, "R2": 3, "R3": 1}
    assert str(card.scores["rank"].dtype) == "Int64"
    assert card.scores["known"].tolist() == [2, 2, 2]
    assert card.weights == {"a": 0.5, "b": 0.5}
    assert card.method == "minmax"


def test_zscore_hand_computed() -> None:
    # a: mean 20, population std sqrt(200/3) -> [-r, 0, r] with r = sqrt(3/2); b: mean 3, std sqrt(8/3)
    # -> [r, -r, 0]. Scores are the means: [0, -r/2, r/2].
    r = math.sqrt(1.5)
    card = scorecard.score(THREE, {"a": 1, "b": 1}, "zscore")
    np.testing.assert_allclose(card.scores["a"], [-r, 0.0, r], atol=1e-12)
    np.testing.assert_allclose(card.scores["b"], [r, -r, 0.0], atol=1e-12)
    np.testing.assert_allclose(card.scores["score"], [0.0, -r / 2, r / 2], atol=1e-12)
    assert ranks_of(card) == {"R1": 2, "R2": 3, "R3": 1}


def test_unknown_value_is_left_out_not_counted_as_zero() -> None:
    values = frame(["A", "B", "C", "D"], a=[0.0, 10.0, 5.0, math.nan], b=[0.0, 10.0, math.nan, math.nan])
    card = scorecard.score(values, {"a": 1, "b": 3}, min_coverage=0.0)  # the coverage rule is tested below
    # C has only a (normalised 0.5), so its score is 0.5 whatever b weighs; as a zero it would be 0.125.
    assert card.scores.loc["C", "score"] == 0.5
    assert card.scores["known"].tolist() == [2, 2, 1, 0]
    # D knows nothing weighted: no score and no rank, and it does not take a rank from anyone.
    assert math.isnan(card.scores.loc["D", "score"])
    assert card.scores.loc["D", "rank"] is pd.NA
    assert card.scores["rank"].dropna().to_dict() == {"A": 3, "B": 1, "C": 2}


def test_a_value_only_for_a_zero_weight_indicator_gives_no_score() -> None:
    values = frame(["A", "B", "C"], a=[1.0, 2.0, math.nan], c=[1.0, 2.0, 3.0])
    card = scorecard.score(values, {"a": 1, "c": 0})
    assert card.scores.loc["C", "known"] == 0
    assert card.scores.loc["C", "rank"] is pd.NA
    # Not ranked, so not normalised either: its c does not stretch the scale of those ranked.
    assert math.isnan(card.scores.loc["C", "c"])
    assert card.scores["c"].tolist()[:2] == [0.0, 1.0]


def test_a_region_is_ranked_only_when_half_of_the_weight_is_known() -> None:
    # The case: three equal indicators; Amsterdam and Hasselt each have one, top of its
    # scale, and tied first; Noord-Nederland has all three.
    values = frame(
        ["Amsterdam", "Hasselt", "Almere", "Noord", "Brainport"],
        dc=[1.7, math.nan, 1.3, 0.3, 0.4],
        clusters=[math.nan, math.nan, math.nan, 5.7, math.nan],
        campus=[math.nan, 317.6, math.nan, 13.1, 29.3],
    )
    card = scorecard.score(values, {"dc": 1, "clusters": 1, "campus": 1})
    assert card.min_coverage == scorecard.MIN_COVERAGE == 0.5
    scores = card.scores
    assert scores["ranked"].to_dict() == {
        "Amsterdam": False,
        "Hasselt": False,
        "Almere": False,
        "Noord": True,
        "Brainport": True,
    }
    assert scores["rank"].dropna().to_dict() == {"Brainport": 1, "Noord": 2}
    assert scores.loc["Amsterdam", "rank"] is pd.NA
    assert math.isnan(scores.loc["Amsterdam", "score"])
    np.testing.assert_allclose(scores["coverage"], [1 / 3, 1 / 3, 1 / 3, 1.0, 2 / 3])
    # Those not ranked do not move the others: the same as scoring the two alone.
    alone = scorecard.score(values.loc[["Noord", "Brainport"]], {"dc": 1, "clusters": 1, "campus": 1})
    assert alone.scores["score"].to_dict() == scores["score"].dropna().to_dict()


def test_exactly_half_of_the_weight_is_enough_and_the_share_is_of_weight_not_count() -> None:
    values = frame(["A", "B", "C"], a=[1.0, 2.0, 3.0], b=[1.0, math.nan, 2.0], c=[1.0, math.nan, math.nan])
    # B knows a, which weighs 2 of 4: exactly half, so ranked. C knows a and b: 3 of 4.
    card = scorecard.score(values, {"a": 2, "b": 1, "c": 1})
    assert card.scores["ranked"].tolist() == [True, True, True]
    # With a weighing 1 of 4, B's one indicator is a quarter of the weight: not ranked.
    card = scorecard.score(values, {"a": 1, "b": 1, "c": 2})
    assert card.scores["ranked"].tolist() == [True, False, True]


@pytest.mark.parametrize("min_coverage", [-0.1, 1.5, math.nan])
def test_a_coverage_outside_zero_to_one_is_rejected(min_coverage: float) -> None:
    with pytest.raises(ValueError, match="min_coverage is a share of the weight"):
        scorecard.score(THREE, {"a": 1}, min_coverage=min_coverage)


def test_sensitivity_leaves_a_region_unranked_where_its_figures_carry_too_little_weight() -> None:
    values = frame(["A", "B", "C"], a=[1.0, 2.0, 3.0], b=[3.0, math.nan, 1.0])
    table = scorecard.sensitivity(values, {"a": 1, "b": 1}, steps=3)
    ranks = table[table["indicator"] == "b"].set_index(["share", "region"])["rank"]
    assert ranks[0.0, "B"] == 2  # b weighs nothing: B's a is all the weight
    assert ranks[0.5, "B"] is not pd.NA  # half the weight known: ranked
    assert ranks[1.0, "B"] is pd.NA  # b is all the weight and B does not know it


def test_ties_share_the_lowest_rank() -> None:
    values = frame(["X", "Y", "Z", "W"], a=[1.0, 0.0, 0.0, 0.5], b=[0.0, 1.0, 0.0, 0.0])
    card = scorecard.score(values, {"a": 1, "b": 1})
    # X and Y both score 0.5 and share rank 1; W (0.25) is third, not second.
    assert card.scores["score"].tolist() == [0.5, 0.5, 0.0, 0.25]
    assert ranks_of(card) == {"X": 1, "Y": 1, "Z": 4, "W": 3}


def test_weights_are_normalised_over_positive_ones() -> None:
    values = frame(["A", "B"], a=[1.0, 2.0], b=[2.0, 1.0], c=[5.0, 1.0])
    card = scorecard.score(values, {"a": 2, "b": 0, "c": 6})
    assert card.weights == {"a": 0.25, "c": 0.75}
    assert card.scores["known"].tolist() == [2, 2]  # b has weight 0: not counted
    assert card.scores["score"].tolist() == [0.75, 0.25]


def test_negative_weight_is_rejected_by_name() -> None:
    with pytest.raises(ValueError, match=r"weight for indicator 'b' is negative \(-1\.0\)"):
        scorecard.score(THREE, {"a": 1, "b": -1})
    with pytest.raises(ValueError, match="'b' is negative"):
        scorecard.sensitivity(THREE, {"a": 1, "b": -1})


@pytest.mark.parametrize("weights", [{"a": 0.0, "b": 0.0}, {}])
def test_all_zero_weights_are_rejected(weights: dict[str, float]) -> None:
    with pytest.raises(ValueError, match="all weights are zero"):
        scorecard.score(THREE, weights)


def test_weight_for_an_unknown_indicator_is_rejected() -> None:
    with pytest.raises(ValueError, match="not in the values: typo"):
        scorecard.score(THREE, {"a": 1, "typo": 1})


@pytest.mark.parametrize(("method", "neutral"), [("minmax", 0.5), ("zscore", 0.0)])
def test_columns_that_cannot_discriminate_become_neutral(method: Method, neutral: float) -> None:
    values = frame(["A", "B", "C"], one=[math.nan, 7.0, math.nan], flat=[3.0, 3.0, math.nan])
    out = scorecard.normalise(values, method)
    assert out["one"].isna().tolist() == [True, False, True]
    assert out.loc["B", "one"] == neutral
    assert out["flat"].tolist()[:2] == [neutral, neutral]
    assert math.isnan(out.loc["C", "flat"])


def test_sensitivity_covers_weighted_keys_and_shares_zero_weights_equally() -> None:
    values = frame(["A", "B", "C"], a=[3.0, 2.0, 1.0], b=[1.0, 3.0, 2.0], c=[1.0, 2.0, 4.0])
    table = scorecard.sensitivity(values, {"a": 1, "b": 0}, steps=3)
    assert sorted(set(table["indicator"])) == ["a", "b"]  # c has no key in weights
    assert table["share"].drop_duplicates().tolist() == [0.0, 0.5, 1.0]
    assert str(table["rank"].dtype) == "Int64"
    # a at share 0: b and c are both zero, so they split the whole weight equally.
    at_zero = table[(table["indicator"] == "a") & (table["share"] == 0.0)].set_index("region")["rank"]
    assert at_zero.to_dict() == ranks_of(scorecard.score(values, {"b": 1, "c": 1}))
    # a at share 1: a alone decides.
    at_one = table[(table["indicator"] == "a") & (table["share"] == 1.0)].set_index("region")["rank"]
    assert at_one.to_dict() == {"A": 1, "B": 2, "C": 3}


def test_sensitivity_skips_a_share_that_leaves_no_weight() -> None:
    table = scorecard.sensitivity(THREE[["a"]], {"a": 1}, steps=5)
    assert 0.0 not in set(table["share"])
    assert len(table) == 4 * 3


# --- properties -------------------------------------------------------------------------------------

INTEGER_CELLS = st.integers(0, 1000).map(float)  # exact under scaling checks: no spurious spread
FACTORS = st.floats(0.001, 1000.0, allow_nan=False, allow_infinity=False)


@st.composite
def tables(
    draw: st.DrawFn, cells: st.SearchStrategy[float] = INTEGER_CELLS
) -> tuple[pd.DataFrame, dict[str, float]]:
    n_regions = draw(st.integers(2, 8))
    keys = [f"i{k}" for k in range(draw(st.integers(1, 4)))]
    columns = {key: draw(st.lists(cells, min_size=n_regions, max_size=n_regions)) for key in keys}
    weights = {key: float(draw(st.integers(0, 5))) for key in keys}
    if not any(weights.values()):
        weights[keys[0]] = 1.0
    return pd.DataFrame(columns, index=[f"R{i}" for i in range(n_regions)]), weights


def assert_same_order(scores: pd.Series, ranks: pd.Series) -> None:
    """Wherever two base scores differ by more than float noise, ``ranks`` must order them the same."""
    for i in scores.index:
        for j in scores.index:
            if scores[i] > scores[j] + TIE_TOLERANCE:
                assert ranks[i] < ranks[j], (i, j, scores[i], scores[j])


@settings(max_examples=100, deadline=None)
@given(tables(), FACTORS, st.sampled_from(METHODS))
def test_common_positive_factor_keeps_scores_and_ranks(
    table: tuple[pd.DataFrame, dict[str, float]], factor: float, method: Method
) -> None:
    values, weights = table
    base = scorecard.score(values, weights, method)
    scaled = scorecard.score(values * factor, weights, method)
    np.testing.assert_allclose(scaled.scores["score"], base.scores["score"], rtol=0, atol=TIE_TOLERANCE)
    assert_same_order(base.scores["score"], scaled.scores["rank"])


@settings(max_examples=100, deadline=None)
@given(tables(), st.lists(FACTORS, min_size=4, max_size=4), st.sampled_from(METHODS))
def test_own_positive_factor_per_indicator_keeps_scores_and_ranks(
    table: tuple[pd.DataFrame, dict[str, float]], factors: list[float], method: Method
) -> None:
    values, weights = table
    scaled_values = values * pd.Series(factors[: values.shape[1]], index=values.columns)
    base = scorecard.score(values, weights, method)
    scaled = scorecard.score(scaled_values, weights, method)
    np.testing.assert_allclose(scaled.scores["score"], base.scores["score"], rtol=0, atol=TIE_TOLERANCE)
    assert_same_order(base.scores["score"], scaled.scores["rank"])


@settings(max_examples=100, deadline=None)
@given(tables(cells=st.floats(0.0, 1e6, allow_nan=False, allow_infinity=False)))
def test_minmax_values_and_score_lie_in_unit_interval(table: tuple[pd.DataFrame, dict[str, float]]) -> None:
    values, weights = table
    card = scorecard.score(values, weights, "minmax")
    normalised = card.scores[list(values.columns)].to_numpy()
    assert ((normalised >= 0.0) & (normalised <= 1.0)).all()
    assert card.scores["score"].between(0.0, 1.0).all()
    assert card.scores["rank"].between(1, len(values)).all()


@settings(max_examples=100, deadline=None)
@given(tables(), st.sampled_from(METHODS))
def test_sensitivity_ranks_every_region_once_and_share_zero_drops_the_indicator(
    table: tuple[pd.DataFrame, dict[str, float]], method: Method
) -> None:
    values, weights = table
    steps = 5
    result = scorecard.sensitivity(values, weights, method, steps=steps)
    assert list(result.columns) == ["indicator", "share", "region", "rank"]
    shares_per_indicator = steps if len(weights) > 1 else steps - 1  # lone indicator: share 0 skipped
    assert len(result) == len(weights) * shares_per_indicator * len(values)
    for _, group in result.groupby(["indicator", "share"]):
        assert sorted(group["region"]) == sorted(values.index)
        assert group["rank"].notna().all()
    for indicator in weights:
        without = {**weights, indicator: 0.0}
        if not any(without.values()):
            continue
        base = scorecard.score(values, without, method)
        rows = result[(result["indicator"] == indicator) & (result["share"] == 0.0)]
        assert_same_order(base.scores["score"], rows.set_index("region")["rank"])
