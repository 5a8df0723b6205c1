"""The data-centre inventory as a user relies on it: every facility of the PeeringDB sample
listed once, every site counted in the region its point lies in, and no site listed twice.

The checks on ``data/`` need only the repository. The checks against the reference sample and
the import script need ``../shared/reference/regions/`` and skip where it is absent (CI checks
out the repository alone).
"""

from __future__ import annotations

import importlib.util
import itertools
import math
import re
import sys
from pathlib import Path
from types import ModuleType

import pandas as pd
import pytest

from dashboard.analysis import geo
from dashboard.catalog import datasets

ROOT = Path(__file__).resolve().parents[2]
REFERENCE = ROOT.parent / "shared" / "reference" / "regions"
SAMPLE = REFERENCE / "peeringdb_facilities_nl_be_sample.csv"
SCRIPT = ROOT / "scripts" / "import_peeringdb.py"

# The Dutch and Belgian facilities of the PeeringDB sample that have coordinates (fac 566,
# Nijmegen, has none), kept here so the checks on data/ run without the reference pack.
SAMPLE_IDS = frozenset(
    {
        *(18, 61, 62, 63, 64, 68, 80, 104, 110, 118, 135, 187, 190, 191, 193, 212, 213, 235),
        *(236, 238, 239, 245, 262, 278, 284, 285, 295, 299, 304, 374, 375, 376, 406, 421, 426),
        *(441, 442, 494, 497, 524, 532, 538, 544, 567, 596, 644, 652, 659, 662, 678, 707, 716),
    }
)
SOURCE = re.compile(r"^peeringdb-fac-(\d+)$")
# What the notes say (written by scripts/import_peeringdb.py and by hand).
TYPED_REGION = "Region typed from the place name"
COARSER_REGION = "coarser region"
NEAR_M = 100


@pytest.fixture(scope="module")
def curated() -> dict[str, pd.DataFrame]:
    return {key: datasets.get(key).load_curated() for key in ("regions", "sources", "data_centres")}


@pytest.fixture(scope="module")
def sites(curated: dict[str, pd.DataFrame]) -> pd.DataFrame:
    return curated["data_centres"]


@pytest.fixture(scope="module")
def sample() -> pd.DataFrame:
    if not SAMPLE.exists():
        pytest.skip(f"the reference pack {REFERENCE} is absent (CI checks out the repository alone)")
    return pd.read_csv(SAMPLE, dtype=str, keep_default_na=False)


def facility_ids(row: pd.Series) -> set[int]:
    """The PeeringDB facilities a row cites, as its source or as its location's source."""
    found = set()
    for column in ("source_id", "location_source_id"):
        match = SOURCE.match(str(row[column])) if pd.notna(row[column]) else None
        if match:
            found.add(int(match.group(1)))
    return found


def rows_by_facility(sites: pd.DataFrame) -> dict[int, list[str]]:
    found: dict[int, list[str]] = {}
    for _, row in sites.iterrows():
        for facility in facility_ids(row):
            found.setdefault(facility, []).append(row["dc_id"])
    return found


def row_of(sites: pd.DataFrame, facility: int) -> pd.Series:
    rows = rows_by_facility(sites)[facility]
    assert len(rows) == 1, rows
    return sites.set_index("dc_id").loc[rows[0]]


# --- Every facility once -----------------------------------------------------------------------


def test_every_sampled_facility_with_coordinates_is_listed_exactly_once(sites: pd.DataFrame) -> None:
    found = rows_by_facility(sites)
    assert {facility: rows for facility, rows in found.items() if len(rows) != 1} == {}
    assert set(found) == SAMPLE_IDS


def test_every_facility_has_its_own_source_row(curated: dict[str, pd.DataFrame]) -> None:
    sources = curated["sources"].set_index("source_id")
    for facility in sorted(SAMPLE_IDS):
        source = sources.loc[f"peeringdb-fac-{facility}"]
        assert source["publisher"] == "PeeringDB"
        assert source["url"] == f"https://www.peeringdb.com/fac/{facility}"
        assert "not a census" in source["note"]


def test_the_expected_ids_are_the_samples_facilities_with_coordinates(sample: pd.DataFrame) -> None:
    assert set(sample["country"]) <= {"NL", "BE"}
    located = sample[(sample["latitude"] != "") & (sample["longitude"] != "")]
    assert set(located["id"].astype(int)) == SAMPLE_IDS


def test_each_facility_row_has_the_samples_point_date_and_status(
    sites: pd.DataFrame, curated: dict[str, pd.DataFrame], sample: pd.DataFrame
) -> None:
    sources = curated["sources"].set_index("source_id")
    for facility in sample[sample["latitude"] != ""].itertuples():
        row = row_of(sites, int(facility.id))
        updated = facility.updated[:10]
        assert (row["lat"], row["lon"]) == (
            pytest.approx(round(float(facility.latitude), 5)),
            pytest.approx(round(float(facility.longitude), 5)),
        ), facility.id
        assert row["ref_date"] == updated
        assert sources.at[row["source_id"], "published"] == updated
        assert row["status"] == ("closed" if "(closed)" in facility.name else "operating"), facility.id


# --- Regions from coordinates ------------------------------------------------------------------


def test_every_point_is_counted_in_the_region_it_lies_in(curated: dict[str, pd.DataFrame]) -> None:
    """Dutch points in the municipality they lie in on the unsimplified CBS polygons, Belgian
    points in their province: every data-centre row, never a coarser region."""
    sites = curated["data_centres"]
    located = sites[sites["lat"].notna() & sites["lon"].notna()]
    municipality = geo.locate(located["lat"], located["lon"], geo.load_municipalities(precise=True))
    province = geo.locate(located["lat"], located["lon"], geo.load_provinces())
    regions = curated["regions"].set_index("region_id")
    wrong = []
    for index, row in located.iterrows():
        expected = municipality[index] if pd.notna(municipality[index]) else province[index]
        if pd.isna(expected):
            wrong.append((row["dc_id"], row["region_id"], "outside every polygon"))
        elif row["region_id"] != expected:
            wrong.append((row["dc_id"], row["region_id"], expected))
    assert not wrong
    kinds = regions.loc[located["region_id"], "kind"]
    assert "country" not in set(kinds), "a point is never counted only at country level"


def test_rows_without_coordinates_say_their_region_is_typed(sites: pd.DataFrame) -> None:
    unlocated = sites[sites["lat"].isna() | sites["lon"].isna()]
    assert len(unlocated) > 0
    silent = unlocated[~unlocated["note"].fillna("").str.contains(TYPED_REGION, regex=False)]
    assert list(silent["dc_id"]) == []


@pytest.mark.parametrize(
    ("facility", "region", "not_region"),
    [
        (64, "GM0394", "GM0363"),  # city "Amsterdam", but Cessnalaan lies in Schiphol-Rijk, Haarlemmermeer
        (374, "GM0392", "GM0363"),  # city "Amsterdam", J.W. Lucasweg lies in Haarlem
        (567, "GM0303", "GM0034"),  # Dronten, in Flevoland but not Almere
        (238, "GM0394", "GM0358"),  # Oude Meer is in Haarlemmermeer, not Aalsmeer
        (68, "BE-VBR", "BE-BRU"),  # city "Brussels", but Wezenbeekstraat lies in Flemish Brabant
    ],
)
def test_known_cases_land_where_their_coordinates_are(
    sites: pd.DataFrame, facility: int, region: str, not_region: str
) -> None:
    row = row_of(sites, facility)
    assert row["region_id"] == region != not_region


def test_a_facility_peeringdb_marks_closed_is_closed(sites: pd.DataFrame) -> None:
    assert row_of(sites, 236)["status"] == "closed"
    assert row_of(sites, 64)["status"] == "operating"


# --- No site twice -----------------------------------------------------------------------------


def test_known_duplicates_are_one_row(sites: pd.DataFrame) -> None:
    """PeeringDB 238 and 239 are the NorthC rows the file already had; the campus of fac 64
    counts once, its buildings AMS5, AMS7 and AMS8 only in its note."""
    assert rows_by_facility(sites)[238] == ["northc-oude-meer-oum01"]
    assert rows_by_facility(sites)[239] == ["northc-aalsmeer"]
    campus = row_of(sites, 64)
    assert all(building in campus["note"] for building in ("AMS5", "AMS7", "AMS8"))
    others = sites[sites["dc_id"] != campus.name]
    buildings = others[others["name"].str.contains(r"\bAMS ?[578]\b", regex=True)]
    assert list(buildings["dc_id"]) == []


def test_possible_duplicates_name_each_other(sites: pd.DataFrame) -> None:
    """NorthC Amsterdam 2 (PeeringDB 262) may be the AMS01 row: kept apart, each saying so."""
    by_id = sites.set_index("dc_id")
    assert "northc-amsterdam-ams01" in by_id.at["peeringdb-262", "note"]
    assert "PeeringDB facility 262" in by_id.at["northc-amsterdam-ams01", "note"]


def haversine_m(a: pd.Series, b: pd.Series) -> float:
    lat1, lon1, lat2, lon2 = (math.radians(float(v)) for v in (a["lat"], a["lon"], b["lat"], b["lon"]))
    inner = (
        math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * 6_371_000 * math.asin(math.sqrt(inner))


def mentions(row: pd.Series, other: pd.Series) -> bool:
    note = str(row["note"])
    if other["dc_id"] in note or other["name"] in note:
        return True
    return any(re.search(rf"\bfacility {facility}\b", note) for facility in facility_ids(other))


def test_same_operator_sites_within_100_m_mention_each_other(sites: pd.DataFrame) -> None:
    """Two rows of one operator this close may be one site listed twice: their notes must
    show someone looked (AMS17 and AMS9 across Science Park, Verizon's buildings E and H)."""
    located = sites[sites["lat"].notna() & sites["lon"].notna() & sites["operator"].notna()]
    unexplained = []
    checked = 0
    for (_, a), (_, b) in itertools.combinations(located.iterrows(), 2):
        same_operator = a["operator"].split()[0].casefold() == b["operator"].split()[0].casefold()
        if same_operator and haversine_m(a, b) <= NEAR_M:
            checked += 1
            if not (mentions(a, b) and mentions(b, a)):
                unexplained.append((a["dc_id"], b["dc_id"]))
    assert checked > 0, "expected the known close pairs (AMS17/AMS9, Verizon E/H) to be checked"
    assert not unexplained


def test_the_atlas_is_not_imported(curated: dict[str, pd.DataFrame]) -> None:
    """aptoptout/nl-datacenter-atlas (datacentermap-derived, no licence) is a lead list only."""
    sources = curated["sources"]
    text = sources[["url", "publisher", "note"]].fillna("").agg(" ".join, axis=1)
    cited = set(curated["data_centres"]["source_id"]) | set(
        curated["data_centres"]["location_source_id"].dropna()
    )
    atlas = sources.loc[text.str.contains("nl-datacenter-atlas|datacentermap", regex=True), "source_id"]
    assert set(atlas) & cited == set()


# --- The import script -------------------------------------------------------------------------


def load_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("import_peeringdb", SCRIPT)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up while being defined
    spec.loader.exec_module(module)
    return module


def test_the_import_reproduces_the_committed_files(sample: pd.DataFrame) -> None:
    """Running scripts/import_peeringdb.py again changes nothing: data/ is up to date with the
    sample, and the import is idempotent."""
    del sample  # only here to skip without the reference pack
    script = load_script()
    dc_fields, dc_rows = script.read_table(script.DATA_CENTRES)
    source_fields, source_rows = script.read_table(script.SOURCES)
    geography = script.Geography.load()
    facilities = script.read_sample(SAMPLE)

    def run(dcs: list[dict[str, str]], srcs: list[dict[str, str]]) -> tuple[list[dict[str, str]], ...]:
        return script.update(
            facilities,
            dc_fields=dc_fields,
            dc_rows=dcs,
            source_fields=source_fields,
            source_rows=srcs,
            geography=geography,
        )

    once = run(dc_rows, source_rows)
    assert once == (dc_rows, source_rows)
    assert run(*once) == once
