"""What compared areas count twice, worked out once for the compare page's warning."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard.analysis import areas, overlaps
from dashboard.catalog import datasets

KEYS = ["GM0034", "NL-FL", "MRA", "GM0034~25"]


@pytest.fixture(scope="module")
def curated() -> dict[str, pd.DataFrame]:
    return {key: datasets.get(key).load_curated() for key in datasets.DATASETS}


def test_every_pair_counting_the_same_sites_is_named_and_nesting_is_not_said_twice(
    curated: dict[str, pd.DataFrame],
) -> None:
    found = overlaps.compare_overlaps(curated, KEYS, "data_centres")
    assert found.shared == tuple(overlaps.double_counted(curated, KEYS, "data_centres"))
    assert ("GM0034", "NL-FL") in {(first, second) for first, second, _ in found.shared}
    # Almere lies in Flevoland and in the MRA, but the shared sites already say so.
    assert found.nested == ()
    assert found.any


def test_a_region_inside_another_is_named_even_when_they_share_nothing(
    curated: dict[str, pd.DataFrame],
) -> None:
    # No campus lies in Almere, so nothing is shared; Almere still lies in Flevoland and the MRA.
    found = overlaps.compare_overlaps(curated, KEYS, "campus_companies")
    assert found.shared == ()
    assert found.nested == (("GM0034", "NL-FL"), ("GM0034", "MRA"))


def test_circles_are_never_nested_and_a_lone_area_overlaps_nothing(curated: dict[str, pd.DataFrame]) -> None:
    closure = areas.region_closure(curated["regions"])
    assert overlaps.nested_regions(["GM0034~25", "GM0034"], closure) == []
    assert not overlaps.compare_overlaps(curated, ["GM0034"], "data_centres").any


def test_a_pair_already_warned_about_is_left_out_in_either_order(curated: dict[str, pd.DataFrame]) -> None:
    closure = areas.region_closure(curated["regions"])
    assert overlaps.nested_regions(["GM0034", "NL-FL"], closure) == [("GM0034", "NL-FL")]
    assert overlaps.nested_regions(["GM0034", "NL-FL"], closure, {("NL-FL", "GM0034")}) == []
