"""How each region is drawn, as the compare and Sources pages say it."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard.analysis import areas, definitions
from dashboard.catalog import datasets


@pytest.fixture(scope="module")
def regions() -> pd.DataFrame:
    return datasets.get("regions").load_curated()


def test_a_province_names_its_first_members_and_counts_the_rest(regions: pd.DataFrame) -> None:
    names = areas.region_names(regions, "en")
    (province,) = definitions.compare_definitions(["NL-NB"], regions, names)
    inside = areas.direct_members("NL-NB", regions)
    assert len(province.members) == definitions.MEMBERS_SHOWN
    assert province.more_members == len(inside) - definitions.MEMBERS_SHOWN
    assert province.members[0] == names[inside[0]]
    assert province.source_id is not None
    assert not province.circle


def test_a_circle_has_no_members_source_or_map(regions: pd.DataFrame) -> None:
    (circle,) = definitions.compare_definitions(["GM0034~25"], regions, areas.region_names(regions, "en"))
    assert circle.circle
    assert (circle.members, circle.more_members, circle.source_id) == ((), 0, None)


def test_a_grouping_is_its_listed_members_and_a_province_its_counted_municipalities(
    regions: pd.DataFrame,
) -> None:
    names = areas.region_names(regions, "nl")
    listed = regions.set_index("region_id").at["MRA", "members"]
    mra = definitions.composition("MRA", listed, regions, names)
    assert mra.members == tuple(names.get(member, member) for member in str(listed).split("|"))
    assert mra.kind_counts == ()
    flevoland = definitions.composition("NL-FL", None, regions, names)
    assert flevoland.members == ()
    assert flevoland.kind_counts == (("municipality", len(areas.direct_members("NL-FL", regions))),)


def test_the_sources_page_lists_every_non_municipality_and_only_the_notable_municipalities(
    regions: pd.DataFrame,
) -> None:
    listed = definitions.listed_regions(regions)
    assert set(regions.loc[regions["kind"] != "municipality", "region_id"]) <= set(listed["region_id"])
    municipalities = listed[listed["kind"] == "municipality"]
    notable = municipalities[["focus_order", "valid_from", "valid_to"]].notna().any(axis=1)
    assert notable.all()
    assert len(municipalities) < (regions["kind"] == "municipality").sum()


def test_region_names_follow_the_language(regions: pd.DataFrame) -> None:
    assert areas.region_names(regions, "en")["NL-NB"] == regions.set_index("region_id").at["NL-NB", "name_en"]
    assert set(areas.region_names(regions, "en")) == set(regions["region_id"])
