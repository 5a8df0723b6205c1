"""Areas and what they count: aggregation, normalisation, double counting and circles.

Property tests build tiny synthetic countries; example tests check the curated data.
"""

from __future__ import annotations

import csv
import math

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard.analysis import areas, figures, headlines, overlaps
from dashboard.catalog import datasets
from dashboard.catalog.schemas import DC_STATUSES

# --- Helpers -------------------------------------------------------------------------

# Inside the Netherlands/Belgium bounds the schemas allow, so every point is a valid one.
LATS = st.floats(min_value=49.0, max_value=54.5, allow_nan=False)
LONS = st.floats(min_value=2.0, max_value=8.0, allow_nan=False)
MAYBE_LAT = st.one_of(st.none(), LATS)
MAYBE_LON = st.one_of(st.none(), LONS)
MEAN_EARTH_RADIUS_KM = 6371.0088  # IUGG mean radius, stated here independently of areas.py


def region_rows(rows: list[dict[str, object]]) -> pd.DataFrame:
    """A regions frame with the columns area(), region_closure() and national_area() read."""
    columns = ["region_id", "kind", "parent_id", "members", "country", "lat", "lon"]
    return pd.DataFrame.from_records(
        [{column: row.get(column) for column in columns} for row in rows], columns=columns
    )


def site_rows(rows: list[dict[str, object]]) -> pd.DataFrame:
    """A data-centre frame with the columns operating_data_centres() and double_counted() read."""
    columns = ["dc_id", "name", "status", "region_id", "ref_date", "source_id", "lat", "lon"]
    frame = pd.DataFrame.from_records(
        [
            {
                "dc_id": f"dc-{index}",
                "name": f"Site {index}",
                "status": "operating",
                "ref_date": "2024",
                "source_id": "s",
                "lat": None,
                "lon": None,
                **row,
            }
            for index, row in enumerate(rows)
        ],
        columns=columns,
    )
    return frame.astype({"lat": float, "lon": float})


def haversine_km(first: tuple[float, float], second: tuple[float, float]) -> float:
    """Great-circle distance in the atan2 form, written apart from areas.distance_km."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*first, *second))
    a = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * MEAN_EARTH_RADIUS_KM * math.atan2(math.sqrt(a), math.sqrt(max(0.0, 1 - a)))


def count(fig: figures.Figure) -> float:
    """A site count, unknown (no rows found) read as 0 for summing."""
    assert fig.low == fig.high, "a count of sites is exact"
    return 0.0 if fig.low is None else fig.low


# --- 1. Aggregation preserves totals ------------------------------------------------


@st.composite
def countries(draw: st.DrawFn) -> tuple[pd.DataFrame, pd.DataFrame, list[str]]:
    """NL with 2-4 provinces of 0-3 municipalities, a landsdeel over some provinces, a
    Belgian province, and sites of any status placed in provinces and municipalities."""
    provinces = [f"NL-P{index}" for index in range(draw(st.integers(2, 4)))]
    regions: list[dict[str, object]] = [
        {"region_id": "NL", "kind": "country", "country": "NL"},
        {"region_id": "BE", "kind": "country", "country": "BE"},
        {"region_id": "BE-VLI", "kind": "province", "parent_id": "BE", "country": "BE"},
    ]
    municipalities = []
    for index, province in enumerate(provinces):
        regions.append({"region_id": province, "kind": "province", "parent_id": "NL", "country": "NL"})
        for number in range(draw(st.integers(0, 3))):
            municipality = f"GM{index}{number:02d}"
            municipalities.append(municipality)
            regions.append(
                {"region_id": municipality, "kind": "municipality", "parent_id": province, "country": "NL"}
            )
    # A grouping overlaps the provinces: the national count must still count each site once.
    grouped = draw(st.lists(st.sampled_from(provinces), min_size=1, unique=True))
    regions.append({"region_id": "LD-X", "kind": "landsdeel", "members": "|".join(grouped), "country": "NL"})
    places = provinces + municipalities + ["BE-VLI"]
    sites = draw(
        st.lists(
            st.fixed_dictionaries(
                {
                    "region_id": st.sampled_from(places),
                    "status": st.sampled_from(DC_STATUSES),
                    "lat": MAYBE_LAT,
                    "lon": MAYBE_LON,
                }
            ),
            max_size=30,
        )
    )
    return region_rows(regions), site_rows(sites), provinces


@settings(max_examples=100, deadline=None)
@given(countries())
def test_provinces_add_up_to_the_national_count(
    country: tuple[pd.DataFrame, pd.DataFrame, list[str]],
) -> None:
    regions, sites, provinces = country
    frames = {"regions": regions, "data_centres": sites}
    closure = areas.region_closure(regions)
    dutch = sites[(sites["status"] == "operating") & (sites["region_id"] != "BE-VLI")]

    by_province = [
        headlines.operating_data_centres(frames, areas.area(province, regions, closure))
        for province in provinces
    ]
    national = headlines.operating_data_centres(frames, areas.national_area("NL", regions))

    assert sum(count(fig) for fig in by_province) == len(dutch)
    assert count(national) == len(dutch)
    for province, fig in zip(provinces, by_province, strict=True):
        municipalities = regions.loc[regions["parent_id"] == province, "region_id"]
        inside = dutch[dutch["region_id"].isin(municipalities)]
        expected = len(dutch[dutch["region_id"] == province]) + len(inside)
        # No site found is "unknown", never a claimed 0.
        assert (fig.low, fig.high) == ((expected, expected) if expected else (None, None))
        assert sorted(fig.parts) == sorted(pd.concat([dutch[dutch["region_id"] == province], inside])["name"])


# --- 2. Normalising and back ---------------------------------------------------------

POSITIVE = st.floats(min_value=1e-6, max_value=1e12, allow_nan=False, allow_infinity=False)
DENOMINATORS = st.floats(min_value=1e-3, max_value=1e10, allow_nan=False, allow_infinity=False)


@st.composite
def ranges(draw: st.DrawFn) -> figures.Figure:
    low, high = sorted((draw(POSITIVE), draw(POSITIVE)))
    return figures.Figure(low, high, source_ids=("s",))


@settings(max_examples=100, deadline=None)
@given(ranges(), DENOMINATORS)
def test_per_capita_and_per_area_times_the_denominator_give_back_the_figure(
    fig: figures.Figure, denominator: float
) -> None:
    per_person = figures.per_capita(fig, denominator)
    per_km2 = figures.per_area(fig, denominator)
    assert per_person.low is not None
    assert per_person.high is not None
    assert per_km2.low is not None
    assert per_km2.high is not None
    assert per_person.low * denominator / 100_000 == pytest.approx(fig.low, rel=1e-9)
    assert per_person.high * denominator / 100_000 == pytest.approx(fig.high, rel=1e-9)
    assert per_km2.low * denominator / 1_000 == pytest.approx(fig.low, rel=1e-9)
    assert per_km2.high * denominator / 1_000 == pytest.approx(fig.high, rel=1e-9)
    assert per_person.low <= per_person.high
    # Provenance of the figure is kept.
    assert per_person.source_ids == fig.source_ids


@settings(max_examples=100, deadline=None)
@given(ranges(), st.sampled_from([None, math.nan, pd.NA, 0, 0.0, -5.0]))
def test_an_unknown_denominator_gives_an_unknown_figure_never_zero(
    fig: figures.Figure, denominator: float | None
) -> None:
    # None, NaN, NA, or no positive size: there is nothing to divide by.
    for normalised in (figures.per_capita(fig, denominator), figures.per_area(fig, denominator)):
        assert (normalised.low, normalised.high) == (None, None)
        assert not normalised.known


def test_an_unknown_figure_stays_unknown_per_capita() -> None:
    assert not figures.per_capita(figures.UNKNOWN, 100_000.0).known
    assert not figures.per_area(figures.UNKNOWN, 1_000.0).known


# --- 3. Double counting --------------------------------------------------------------


@st.composite
def groupings(draw: st.DrawFn) -> tuple[dict[str, pd.DataFrame], str, set[str]]:
    """Municipalities of one province, a metro area over some of them, and sites anywhere."""
    municipalities = [f"GM{index:04d}" for index in range(1, draw(st.integers(1, 5)) + 1)]
    members = draw(st.lists(st.sampled_from(municipalities), unique=True))
    regions = region_rows(
        [
            {"region_id": "NL", "kind": "country", "country": "NL"},
            {"region_id": "NL-FL", "kind": "province", "parent_id": "NL", "country": "NL"},
            *(
                {"region_id": code, "kind": "municipality", "parent_id": "NL-FL", "country": "NL"}
                for code in municipalities
            ),
            {
                "region_id": "METRO",
                "kind": "metro_area",
                "members": "|".join(members) or None,
                "country": "NL",
            },
        ]
    )
    sites = draw(
        st.lists(
            st.fixed_dictionaries(
                {
                    "region_id": st.sampled_from([*municipalities, "METRO", "NL-FL"]),
                    "status": st.sampled_from(DC_STATUSES),
                }
            ),
            max_size=20,
        )
    )
    chosen = draw(st.sampled_from(municipalities))
    return {"regions": regions, "data_centres": site_rows(sites)}, chosen, set(members)


@settings(max_examples=100, deadline=None)
@given(groupings())
def test_double_counted_names_exactly_the_municipality_sites_a_grouping_also_counts(
    grouping: tuple[dict[str, pd.DataFrame], str, set[str]],
) -> None:
    frames, municipality, members = grouping
    sites = frames["data_centres"]
    own = sites[(sites["region_id"] == municipality) & (sites["status"] == "operating")]
    expected = sorted(own["name"]) if municipality in members else []

    found = overlaps.double_counted(frames, [municipality, "METRO"], "data_centres")
    reversed_found = overlaps.double_counted(frames, ["METRO", municipality], "data_centres")

    assert found == ([(municipality, "METRO", expected)] if expected else [])
    assert reversed_found == ([("METRO", municipality, expected)] if expected else [])


# --- 4. Circles ----------------------------------------------------------------------


@settings(max_examples=100, deadline=None)
@given(LATS, LONS, LATS, LONS)
def test_distance_is_symmetric_and_zero_at_the_centre(
    lat1: float, lon1: float, lat2: float, lon2: float
) -> None:
    there = areas.distance_km((lat1, lon1), pd.Series([lat2, lat1]), pd.Series([lon2, lon1]))
    back = areas.distance_km((lat2, lon2), pd.Series([lat1]), pd.Series([lon1]))
    assert there.iloc[1] == 0.0
    assert there.iloc[0] == pytest.approx(back.iloc[0], rel=1e-9, abs=1e-9)
    assert there.iloc[0] == pytest.approx(haversine_km((lat1, lon1), (lat2, lon2)), rel=1e-9, abs=1e-6)


@settings(max_examples=100, deadline=None)
@given(
    LATS,
    LONS,
    st.integers(1, 500),
    st.lists(st.tuples(MAYBE_LAT, MAYBE_LON), max_size=25),
)
def test_a_circle_counts_exactly_the_located_rows_within_its_radius(
    lat: float, lon: float, radius: int, points: list[tuple[float | None, float | None]]
) -> None:
    regions = region_rows(
        [
            {"region_id": "NL", "kind": "country", "country": "NL"},
            {
                "region_id": "CITY",
                "kind": "municipality",
                "parent_id": "NL",
                "country": "NL",
                "lat": lat,
                "lon": lon,
            },
        ]
    )
    # Rows are placed in another region on purpose: a circle looks at points, not at region ids.
    sites = site_rows([{"region_id": "NL", "lat": point[0], "lon": point[1]} for point in points])
    where = areas.area(f"CITY~{radius}", regions, areas.region_closure(regions))
    assert (where.radius_km, where.centre) == (float(radius), (lat, lon))

    counted = set(where.rows(sites)["dc_id"])

    for dc_id, point_lat, point_lon in zip(sites["dc_id"], sites["lat"], sites["lon"], strict=True):
        if math.isnan(point_lat) or math.isnan(point_lon):
            assert dc_id not in counted, "a row without a point is never in a circle"
            continue
        distance = haversine_km((lat, lon), (point_lat, point_lon))
        if abs(distance - radius) < 1e-6:  # on the rim, rounding decides either way
            continue
        assert (dc_id in counted) == (distance < radius)


def test_a_circle_on_a_frame_without_points_counts_nothing() -> None:
    regions = region_rows(
        [{"region_id": "CITY", "kind": "municipality", "country": "NL", "lat": 52.0, "lon": 5.0}]
    )
    where = areas.area("CITY~100", regions, areas.region_closure(regions))
    assert where.rows(pd.DataFrame({"region_id": ["CITY"], "name": ["x"]})).empty
    assert not headlines.operating_data_centres(
        {"data_centres": site_rows([{"region_id": "CITY"}])}, where
    ).known


# --- 5. Shares -----------------------------------------------------------------------

NON_NEGATIVE = st.floats(min_value=0.0, max_value=1e12, allow_nan=False, allow_infinity=False)


@settings(max_examples=100, deadline=None)
@given(NON_NEGATIVE, POSITIVE)
def test_share_of_exact_figures_is_the_exact_percentage(part: float, whole: float) -> None:
    part = min(part, whole)
    share = figures.share_of(figures.Figure(part, part), figures.Figure(whole, whole))
    assert share.low == share.high == 100 * part / whole


@settings(max_examples=100, deadline=None)
@given(
    st.lists(NON_NEGATIVE, min_size=2, max_size=2),
    st.lists(POSITIVE, min_size=2, max_size=2),
    st.floats(0, 1),
    st.floats(0, 1),
)
def test_share_of_ranges_is_an_ordered_range_holding_every_possible_ratio(
    part: list[float], whole: list[float], part_at: float, whole_at: float
) -> None:
    (part_low, part_high), (whole_low, whole_high) = sorted(part), sorted(whole)
    share = figures.share_of(figures.Figure(part_low, part_high), figures.Figure(whole_low, whole_high))
    assert share.low is not None
    assert share.high is not None
    assert 0 <= share.low <= share.high
    # Any exact pair the two ranges allow gives a share inside the reported range
    # (float rounding is monotone, so this holds exactly).
    some_part = min(part_high, max(part_low, part_low + part_at * (part_high - part_low)))
    some_whole = min(whole_high, max(whole_low, whole_low + whole_at * (whole_high - whole_low)))
    assert share.low <= 100 * some_part / some_whole <= share.high
    if part_high <= whole_low:
        # A part no larger than the whole is at most 100 %, up to the last bits of
        # rounding: in floats 100 * a / a can be 100.00000000000001.
        assert share.high <= 100 * (1 + 1e-12)


def test_share_of_an_unknown_or_open_ended_figure_is_unknown() -> None:
    whole = figures.Figure(10.0, 10.0)
    assert not figures.share_of(figures.UNKNOWN, whole).known
    assert not figures.share_of(figures.Figure(5.0, None, qualifier="at_least"), whole).known
    assert not figures.share_of(figures.Figure(5.0, 5.0), figures.Figure(10.0, None)).known
    assert not figures.share_of(figures.Figure(0.0, 0.0), figures.Figure(0.0, 0.0)).known


# --- Reference-date gaps -------------------------------------------------------------


def test_year_gap_is_zero_when_periods_overlap_and_whole_years_otherwise() -> None:
    assert areas.year_gap("2014/2026", "2021") == 0
    assert areas.year_gap("2018", "2022-01-01") == 4
    assert areas.year_gap("2022-01-01", "2018") == 4
    assert areas.year_gap("2017/2021", "2024-01-01") == 3
    assert areas.year_gap(None, "2021") is None
    assert areas.year_gap("2021", None) is None
    assert areas.year_gap("", "2021") is None


@settings(max_examples=100, deadline=None)
@given(st.integers(1900, 2100), st.integers(0, 20), st.integers(1900, 2100))
def test_year_gap_is_symmetric_and_zero_inside_a_period(start: int, length: int, year: int) -> None:
    period = f"{start}/{start + length}"
    assert areas.year_gap(period, str(year)) == areas.year_gap(str(year), period)
    assert (areas.year_gap(period, str(year)) == 0) == (start <= year <= start + length)


# --- Curated data --------------------------------------------------------------------


@pytest.fixture(scope="module")
def curated() -> dict[str, pd.DataFrame]:
    return {key: datasets.DATASETS[key].load_curated() for key in ("regions", "data_centres")}


@pytest.fixture(scope="module")
def regions_csv() -> dict[str, dict[str, str]]:
    """regions.csv as written, read without the dashboard's loader."""
    with datasets.DATASETS["regions"].path.open(encoding="utf-8", newline="") as handle:
        return {row["region_id"]: row for row in csv.DictReader(handle)}


@pytest.fixture(scope="module")
def closure(curated: dict[str, pd.DataFrame]) -> dict[str, frozenset[str]]:
    return areas.region_closure(curated["regions"])


def test_almere_and_mra_both_count_almeres_operating_sites(curated: dict[str, pd.DataFrame]) -> None:
    # Almere (GM0034) is a member of MRA, so each operating site in Almere is counted by both
    # areas: these three are Almere's operating sites in data_centres.csv. Almere's closed site
    # and on-hold campus plan count in neither; Amsterdam's sites count in MRA only.
    shared = ["Keppel Almere Data Centre 1", "Keppel Almere Data Centre 2", "NorthC Almere (AER01)"]
    assert overlaps.double_counted(curated, ["GM0034", "MRA"], "data_centres") == [("GM0034", "MRA", shared)]
    sites = curated["data_centres"]
    operating = sites[(sites["region_id"] == "GM0034") & (sites["status"] == "operating")]
    assert sorted(operating["name"]) == shared


def test_a_landsdeel_without_a_land_area_sums_its_provinces(
    curated: dict[str, pd.DataFrame],
    closure: dict[str, frozenset[str]],
    regions_csv: dict[str, dict[str, str]],
) -> None:
    regions = curated["regions"]
    members = ("NL-GR", "NL-FR", "NL-DR")
    assert regions_csv["LD-NOORD"]["area_km2"] == ""
    assert tuple(regions_csv["LD-NOORD"]["members"].split("|")) == members

    land = areas.land_area(areas.area("LD-NOORD", regions, closure), regions)

    assert land.value == pytest.approx(sum(float(regions_csv[code]["area_km2"]) for code in members))
    assert land.summed_from == members
    assert land.source_ids == tuple(dict.fromkeys(regions_csv[code]["area_source_id"] for code in members))
    assert land.kind == "land"
    # Its own sourced population wins over a sum of its members.
    people = areas.population(areas.area("LD-NOORD", regions, closure), regions)
    assert people.value == float(regions_csv["LD-NOORD"]["population"])
    assert people.summed_from == ()


def test_the_mra_is_summed_from_its_thirty_members(
    curated: dict[str, pd.DataFrame],
    closure: dict[str, frozenset[str]],
    regions_csv: dict[str, dict[str, str]],
) -> None:
    regions = curated["regions"]
    members = regions_csv["MRA"]["members"].split("|")
    assert len(members) == 30
    assert regions_csv["MRA"]["population"] == ""

    people = areas.population(areas.area("MRA", regions, closure), regions)

    # The research note's total of the 30 members on 1 Jan 2023 (CBS Wijk- en Buurtkaart).
    assert people.value == 2_581_116
    assert people.summed_from == tuple(members)
    assert people.ref_date == "2023-01-01"
    assert people.source_ids == ("cbs-wbk-2023",)


def test_a_partial_membership_gets_no_summed_denominator(
    curated: dict[str, pd.DataFrame], regions_csv: dict[str, dict[str, str]]
) -> None:
    # Every member has a population, yet a grouping that says some members are missing
    # would be understated by their sum: it stays unknown.
    partial = curated["regions"].copy()
    partial.loc[partial["region_id"] == "MRA", "membership"] = "partial"
    assert all(regions_csv[code]["population"] for code in regions_csv["MRA"]["members"].split("|"))

    where = areas.area("MRA", partial, areas.region_closure(partial))
    assert areas.population(where, partial).value is None
    assert areas.land_area(where, partial).value is None


def test_a_province_without_its_own_total_sums_its_municipalities(
    curated: dict[str, pd.DataFrame],
    closure: dict[str, frozenset[str]],
    regions_csv: dict[str, dict[str, str]],
) -> None:
    regions = curated["regions"]
    assert regions_csv["NL-OV"]["population"] == ""
    inside = [row for row in regions_csv.values() if row["parent_id"] == "NL-OV"]
    zwolle = regions_csv["GM0193"]
    assert zwolle in inside

    people = areas.population(areas.area("NL-OV", regions, closure), regions)

    assert people.value == sum(int(row["population"]) for row in inside)
    assert set(people.summed_from) == {row["region_id"] for row in inside}


def test_a_municipality_merged_in_2025_sums_the_ones_it_was_formed_from(
    curated: dict[str, pd.DataFrame],
    closure: dict[str, frozenset[str]],
    regions_csv: dict[str, dict[str, str]],
) -> None:
    regions = curated["regions"]
    hasselt_2025, hasselt, kortessem = (regions_csv[code] for code in ("NIS71072", "NIS71022", "NIS73040"))
    assert hasselt_2025["valid_from"] == "2025-01-01"
    assert hasselt["valid_to"] == kortessem["valid_to"] == "2024-12-31"

    people = areas.population(areas.area("NIS71072", regions, closure), regions)

    # 78,714 + 8,437 on 1 Jan 2020 (Statbel), as the research note computes it.
    assert people.value == 87_151
    assert people.ref_date == "2020-01-01"
    # Kortessem's area is not in the sources, so the merged area is unknown, not Hasselt's alone.
    assert areas.land_area(areas.area("NIS71072", regions, closure), regions).value is None
    # A figure placed in Hasselt before the merger counts in the merged Hasselt too.
    assert "NIS71022" in closure["NIS71072"]
    # Belgian Limburg's municipalities on today's map are not double counted by the merger.
    assert {"NIS71022", "NIS71072"} <= closure["BE-VLI"]


def test_circle_keys(
    curated: dict[str, pd.DataFrame],
    closure: dict[str, frozenset[str]],
    regions_csv: dict[str, dict[str, str]],
) -> None:
    regions = curated["regions"]
    assert regions_csv["NL-FR"]["lat"] == ""
    with pytest.raises(KeyError):
        areas.area("NL-FR~25", regions, closure)
    for bad in ("GM0034~0", "GM0034~501", "GM0034~abc", "NOWHERE", "NOWHERE~25"):
        with pytest.raises(KeyError):
            areas.area(bad, regions, closure)

    almere = areas.area("GM0034~25", regions, closure)
    assert almere.radius_km == 25
    assert almere.centre == (float(regions_csv["GM0034"]["lat"]), float(regions_csv["GM0034"]["lon"]))
    assert almere.is_radius
    # A circle has no sourced population or area.
    assert areas.population(almere, regions).value is None
    assert areas.land_area(almere, regions).value is None

    keys = ["GM0034", "NOWHERE", "GM0034~25", "NL-FR~25", "MRA", "GM0034~0"]
    assert areas.known_keys(keys, regions, closure) == ["GM0034", "GM0034~25", "MRA"]
