"""Every municipality, official denominators, complete groupings and where each point lies.

A municipal official must find their own municipality with CBS (or Statbel) figures, and a
grouping (the MRA, Brainport) must be exactly the sum of its members. These tests walk the
regions the data declares, rather than a hand-picked few.
"""

from __future__ import annotations

import json

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard.analysis import areas, geo
from dashboard.catalog import datasets

DUTCH_PROVINCES = {
    f"NL-{code}" for code in ("DR", "FL", "FR", "GE", "GR", "LI", "NB", "NH", "OV", "UT", "ZE", "ZH")
}
# CBS 37259eng, population on 1 January 2023 (research note §1b), stated here apart from data/.
CBS_TOTALS_2023 = {
    "NL-GR": 596_075,
    "NL-FR": 659_551,
    "NL-DR": 502_051,
    "NL-FL": 444_701,
    "NL-NH": 2_952_622,
    "NL-NB": 2_626_210,
    "LD-NOORD": 1_757_677,
    "NL": 17_811_291,
}
# A province's own land area is older than the municipal figures (CBS 2017 via a mirror for
# some): the members' 2023 land areas may differ by boundary corrections and reclaimed or
# re-measured land, not by more than this.
LAND_AREA_TOLERANCE = 0.02


@pytest.fixture(scope="module")
def regions() -> pd.DataFrame:
    return datasets.get("regions").load_curated()


@pytest.fixture(scope="module")
def closure(regions: pd.DataFrame) -> dict[str, frozenset[str]]:
    return areas.region_closure(regions)


def municipalities(regions: pd.DataFrame, country: str) -> pd.DataFrame:
    return regions[(regions["kind"] == "municipality") & (regions["country"] == country)]


# --- Every municipality ------------------------------------------------------------------


def test_every_dutch_municipality_of_the_2023_map_is_a_region_with_cbs_figures(regions: pd.DataFrame) -> None:
    dutch = municipalities(regions, "NL")
    assert len(dutch) == 342
    assert dutch["region_id"].str.fullmatch(r"GM\d{4}").all()
    assert set(dutch["parent_id"]) == DUTCH_PROVINCES
    assert dutch["population"].notna().all()
    assert (dutch["population_date"] == "2023-01-01").all()
    assert (dutch["population_source_id"] == "cbs-wbk-2023").all()
    assert dutch["area_km2"].notna().all()
    assert (dutch["area_kind"] == "land").all()
    assert (dutch["area_source_id"] == "cbs-wbk-2023").all()
    # The focus municipalities no longer rest on Wikipedia mirrors.
    focus = dutch.set_index("region_id").loc[["GM0034", "GM0014", "GM0363", "GM0772"]]
    assert list(focus["population"]) == [222_825, 238_147, 918_117, 243_730]


def test_every_belgian_limburg_municipality_has_its_statbel_population(regions: pd.DataFrame) -> None:
    belgian = municipalities(regions, "BE")
    before_2025 = belgian[belgian["valid_from"].isna()]
    assert len(before_2025) == 42
    assert before_2025["region_id"].str.fullmatch(r"NIS7\d{4}").all()
    assert (before_2025["population_date"] == "2020-01-01").all()
    assert before_2025["population"].sum() == 877_370  # the research note's sum of the 42
    # The 2025 map: 38 municipalities, four of them formed by a merger.
    retired = set(belgian.loc[belgian["valid_to"].notna(), "region_id"])
    formed = set(belgian.loc[belgian["valid_from"].notna(), "region_id"])
    assert formed == {"NIS71072", "NIS71071", "NIS73110", "NIS73111"}
    assert len(belgian) - len(retired) == 38
    assert "NIS71022" in retired  # Hasselt's code until 2024
    merged_from = {member for value in belgian["members"].dropna() for member in value.split("|")}
    assert merged_from == retired


def test_the_municipal_boundaries_match_the_regions(regions: pd.DataFrame) -> None:
    layer = geo.load_municipalities()
    dutch = municipalities(regions, "NL").set_index("region_id")
    assert len(layer) == 342
    assert set(layer["region_id"]) == set(dutch.index)
    assert layer.geometry.is_valid.all()
    assert not layer.geometry.is_empty.any()
    # The province a municipality's row names is the one the boundary file records.
    assert (layer.set_index("region_id")["province"] == dutch.loc[layer["region_id"], "parent_id"]).all()


def test_the_municipal_layer_is_simplified_and_rounded_for_the_browser() -> None:
    text = geo.municipalities_path().read_text(encoding="utf-8")
    collection = json.loads(text)
    coordinates = json.dumps([feature["geometry"]["coordinates"] for feature in collection["features"]])
    decimals = {
        len(number.split(".")[1])
        for number in coordinates.replace("[", " ").replace("]", " ").replace(",", " ").split()
        if "." in number
    }
    assert max(decimals) <= 3
    assert len(text.encode("utf-8")) < 200_000


# --- Sums ---------------------------------------------------------------------------------


@pytest.mark.parametrize("grouping", ["MRA", "BRAINPORT"])
def test_a_grouping_is_the_sum_of_its_complete_member_list(grouping: str, regions: pd.DataFrame) -> None:
    row = regions.set_index("region_id").loc[grouping]
    members = row["members"].split("|")
    assert row["membership"] == "complete"
    assert len(members) == {"MRA": 30, "BRAINPORT": 21}[grouping]
    table = regions.set_index("region_id").loc[members]
    where = areas.area(grouping, regions, areas.region_closure(regions))

    people = areas.population(where, regions)
    land = areas.land_area(where, regions)

    assert people.value == table["population"].sum()
    assert land.value == pytest.approx(table["area_km2"].sum())
    assert people.summed_from == land.summed_from == tuple(members)
    # Totals of the research note, computed there from the same CBS table.
    assert people.value == {"MRA": 2_581_116, "BRAINPORT": 803_180}[grouping]


def test_the_three_inferred_mra_members_say_so(regions: pd.DataFrame) -> None:
    table = regions.set_index("region_id")
    for code in ("GM0880", "GM0479", "GM0473"):  # Wormerland, Zaanstad, Zandvoort
        assert code in table.at["MRA", "members"].split("|")
        assert "inferred" in table.at[code, "note"]
    sources = datasets.get("sources").load_curated().set_index("source_id")
    assert sources.at[table.at["MRA", "source_id"], "confidence"] == "medium"


@pytest.mark.parametrize("province", sorted(DUTCH_PROVINCES))
def test_a_province_and_its_municipalities_agree(province: str, regions: pd.DataFrame) -> None:
    table = regions.set_index("region_id")
    inside = table[(table["parent_id"] == province) & (table["kind"] == "municipality")]
    assert len(inside) > 0
    where = areas.area(province, regions, areas.region_closure(regions))
    people = areas.population(where, regions)
    if province in CBS_TOTALS_2023:
        # Its own CBS total stays, and its municipalities sum to exactly that total.
        assert people.summed_from == ()
        assert people.value == CBS_TOTALS_2023[province] == inside["population"].sum()
    else:
        assert people.value == inside["population"].sum()
        assert set(people.summed_from) == set(inside.index)
    land = areas.land_area(where, regions)
    assert land.value is not None
    assert land.value == pytest.approx(inside["area_km2"].sum(), rel=LAND_AREA_TOLERANCE)


def test_the_country_and_the_landsdeel_match_cbs(regions: pd.DataFrame) -> None:
    dutch = municipalities(regions, "NL")
    table = regions.set_index("region_id")
    assert table.at["NL", "population"] == CBS_TOTALS_2023["NL"] == dutch["population"].sum()
    assert table.at["LD-NOORD", "population"] == CBS_TOTALS_2023["LD-NOORD"]
    assert (
        dutch[dutch["parent_id"].isin(["NL-GR", "NL-FR", "NL-DR"])]["population"].sum()
        == CBS_TOTALS_2023["LD-NOORD"]
    )


def test_belgian_limburgs_own_total_is_two_years_after_its_municipalities(regions: pd.DataFrame) -> None:
    table = regions.set_index("region_id")
    members = areas.populations(["BE-VLI"], regions)["BE-VLI"]
    assert members.ref_date == "2022-01-01"  # the province's own figure
    summed = municipalities(regions, "BE").query("valid_from.isna()", engine="python")["population"].sum()
    # 877,370 (2020) against 885,951 (2022): growth between the dates, under 1.5 %.
    assert 0 < table.at["BE-VLI", "population"] - summed < 0.015 * summed


@settings(max_examples=40, deadline=None)
@given(st.data())
def test_any_complete_grouping_is_the_sum_of_its_members(data: st.DataObject) -> None:
    regions = datasets.get("regions").load_curated()
    dutch = list(municipalities(regions, "NL")["region_id"])
    members = data.draw(st.lists(st.sampled_from(dutch), min_size=1, max_size=40, unique=True))
    partial = data.draw(st.booleans())
    grouping = {
        "region_id": "TEST-GROUPING",
        "name_nl": "Test",
        "name_en": "Test",
        "kind": "metro_area",
        "country": "NL",
        "members": "|".join(members),
        "membership": "partial" if partial else "complete",
        "source_id": "cbs-wbk-2023",
    }
    frame = pd.concat([regions, pd.DataFrame([grouping])], ignore_index=True)
    where = areas.area("TEST-GROUPING", frame, areas.region_closure(frame))
    people, land = areas.population(where, frame), areas.land_area(where, frame)
    table = regions.set_index("region_id").loc[members]
    if partial:
        assert people.value is None
        assert land.value is None
    else:
        assert people.value == table["population"].sum()
        assert land.value == pytest.approx(table["area_km2"].sum())
        assert people.source_ids == ("cbs-wbk-2023",)


# --- Where each point lies ------------------------------------------------------------------


def test_a_schiphol_rijk_site_lands_in_haarlemmermeer_not_amsterdam() -> None:
    layer = geo.load_municipalities(precise=True)
    # PeeringDB facility 64 (Cessnalaan, Schiphol-Rijk) gives Amsterdam as its city.
    lat, lon = pd.Series([52.28415, 52.356353]), pd.Series([4.770855, 4.951609])
    assert list(geo.locate(lat, lon, layer)) == ["GM0394", "GM0363"]  # Haarlemmermeer; Science Park
    assert geo.locate(pd.Series([None], dtype=float), pd.Series([None], dtype=float), layer).isna().all()
    # Geesinkweg (PeeringDB 299) lies 9 m inside Amsterdam: the simplified layer the browser
    # draws puts it across the border; the precise one, which decides, does not.
    assert list(geo.locate(pd.Series([52.33538]), pd.Series([4.933657]), layer)) == ["GM0363"]


def test_the_precise_layer_has_the_same_municipalities_unsimplified() -> None:
    precise, drawn = geo.load_municipalities(precise=True), geo.load_municipalities()
    assert list(precise["region_id"]) == list(drawn["region_id"])
    assert precise.geometry.is_valid.all()
    assert precise.geometry.count_coordinates().sum() > 2 * drawn.geometry.count_coordinates().sum()


POINT_DATASETS = ("data_centres", "clusters", "campuses", "events")


@pytest.mark.parametrize("key", POINT_DATASETS)
def test_every_point_lies_in_its_region(
    key: str, regions: pd.DataFrame, closure: dict[str, frozenset[str]]
) -> None:
    """A row's region is the municipality its point lies in (Dutch points), or a region
    containing it whose note says where the point is and why (a cluster for all of
    Noord-Nederland, "shown at Groningen"). Belgian points are checked against their
    province: there are no licence-clean municipal polygons."""
    frame = datasets.get(key).load_curated()
    located = frame[frame["lat"].notna()]
    municipality = geo.locate(located["lat"], located["lon"], geo.load_municipalities(precise=True))
    province = geo.locate(located["lat"], located["lon"], geo.load_provinces())
    kinds = regions.set_index("region_id")["kind"]
    names = regions.set_index("region_id")["name_nl"]
    wrong = []
    for index, row in located.iterrows():
        typed = row["region_id"]
        found = municipality[index] if not pd.isna(municipality[index]) else province[index]
        if pd.isna(found):
            wrong.append((row.iloc[0], typed, "outside every polygon"))
        elif typed == found:
            continue
        elif (
            found in closure.get(typed, frozenset())
            and kinds[typed] != "municipality"
            and names[found] in str(row["note"])
        ):
            continue  # a wider region containing the point, whose note says where it is shown
        elif kinds.get(typed) == "municipality" and typed.startswith("NIS") and found in closure:
            if typed in closure[found]:
                continue  # a Belgian municipality inside the province its point lies in
            wrong.append((row.iloc[0], typed, found))
        else:
            wrong.append((row.iloc[0], typed, found))
    assert not wrong, wrong


def test_a_city_centroid_is_not_called_a_site() -> None:
    frame = datasets.get("data_centres").load_curated()
    regions = datasets.get("regions").load_curated().set_index("region_id")
    centres = {
        (round(lat, 3), round(lon, 3))
        for lat, lon in zip(regions["lat"].dropna(), regions["lon"].dropna(), strict=True)
    }
    at_centre = frame[
        [
            (round(lat, 3), round(lon, 3)) in centres
            for lat, lon in zip(frame["lat"], frame["lon"], strict=True)
        ]
    ]
    assert not at_centre.empty  # the curated data has sites known only by their city
    assert set(at_centre["location_precision"]) <= {"municipality", "region"}
