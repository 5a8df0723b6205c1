"""Walk the registry: every dataset exists, validates, resolves its sources and is documented."""

from __future__ import annotations

import csv
import json

import pandas as pd
import pandera.pandas as pa
import pytest
from pandera.typing import Series

from dashboard import settings
from dashboard.catalog import datasets, dictionary, schemas
from dashboard.text.i18n import LANGUAGES, catalogue

KEYS = sorted(datasets.DATASETS)
SOURCE_COLUMNS = ("source_id", "location_source_id", "population_source_id", "area_source_id")


@pytest.fixture(scope="module")
def curated() -> dict[str, pd.DataFrame]:
    return {key: dataset.load_curated() for key, dataset in datasets.DATASETS.items()}


@pytest.mark.parametrize("key", KEYS)
def test_curated_file_has_the_declared_header(key: str) -> None:
    dataset = datasets.get(key)
    with dataset.path.open(encoding="utf-8", newline="") as handle:
        header = next(csv.reader(handle))
    assert header == dataset.columns


@pytest.mark.parametrize("key", KEYS)
def test_curated_file_passes_its_schema_and_has_rows(key: str, curated: dict[str, pd.DataFrame]) -> None:
    assert len(curated[key]) > 0


@pytest.mark.parametrize("key", KEYS)
def test_primary_key_is_unique(key: str, curated: dict[str, pd.DataFrame]) -> None:
    dataset = datasets.get(key)
    duplicated = curated[key].duplicated(list(dataset.primary_key), keep=False)
    assert not duplicated.any(), curated[key][duplicated]


@pytest.mark.parametrize("key", [key for key in KEYS if key != "sources"])
def test_every_source_reference_resolves(key: str, curated: dict[str, pd.DataFrame]) -> None:
    known = set(curated["sources"]["source_id"])
    frame = curated[key]
    assert "source_id" in frame.columns, "every row except sources must cite a source"
    for column in SOURCE_COLUMNS:
        if column in frame.columns:
            unresolved = set(frame[column].dropna()) - known
            assert not unresolved, f"{key}.{column} cites unknown sources {unresolved}"


@pytest.mark.parametrize("key", [key for key in KEYS if key not in ("sources", "regions")])
def test_every_region_reference_resolves(key: str, curated: dict[str, pd.DataFrame]) -> None:
    unresolved = set(curated[key]["region_id"]) - set(curated["regions"]["region_id"])
    assert not unresolved


def test_region_parents_and_members_resolve(curated: dict[str, pd.DataFrame]) -> None:
    regions = curated["regions"]
    known = set(regions["region_id"])
    assert set(regions["parent_id"].dropna()) <= known
    members = {member for value in regions["members"].dropna() for member in value.split("|")}
    assert members <= known


BOUNDARY_FILES = {"provinces.geojson": "natural-earth-admin1", "municipalities.geojson": "cbs-wbk-2023"}


def boundary_sources(file: str | None = None) -> set[str]:
    found = set()
    for name in [file] if file else BOUNDARY_FILES:
        collection = json.loads((settings.data_dir() / "boundaries" / name).read_text(encoding="utf-8"))
        found |= {feature["properties"]["source_id"] for feature in collection["features"]}
    return found


@pytest.mark.parametrize(("file", "source"), BOUNDARY_FILES.items())
def test_boundaries_cite_a_known_source(file: str, source: str, curated: dict[str, pd.DataFrame]) -> None:
    assert boundary_sources(file) == {source}
    assert source in set(curated["sources"]["source_id"])


def test_every_source_is_cited(curated: dict[str, pd.DataFrame]) -> None:
    cited = boundary_sources() | {
        value
        for key, frame in curated.items()
        if key != "sources"
        for column in SOURCE_COLUMNS
        if column in frame.columns
        for value in frame[column].dropna()
    }
    uncited = set(curated["sources"]["source_id"]) - cited
    assert not uncited, f"sources nobody cites: {uncited}"


def test_regions_cover_the_provinces_municipalities_and_groupings(curated: dict[str, pd.DataFrame]) -> None:
    regions = curated["regions"].set_index("region_id")
    provinces = set(regions.index[regions["kind"] == "province"])
    assert {
        f"NL-{code}" for code in ["DR", "FL", "FR", "GE", "GR", "LI", "NB", "NH", "OV", "UT", "ZE", "ZH"]
    } | {"BE-VLI"} <= provinces
    assert {"GM0034", "GM0014", "GM0363", "GM0772", "NIS71022"} <= set(regions.index)
    assert regions.at["LD-NOORD", "members"].split("|") == ["NL-GR", "NL-FR", "NL-DR"]


def test_data_dictionary_is_current() -> None:
    committed = (settings.data_dir() / "README.md").read_text(encoding="utf-8")
    assert committed == dictionary.render(), "run: python scripts/write_data_dictionary.py"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_measure_in_the_data_has_a_label(lang: str, curated: dict[str, pd.DataFrame]) -> None:
    measures = {value for key in ("clusters", "events", "campuses") for value in curated[key]["measure"]}
    missing = {measure for measure in measures if f"measure.{measure}" not in catalogue(lang)}  # type: ignore[arg-type]
    assert not missing


def test_forecast_ranges_stay_ranges(curated: dict[str, pd.DataFrame]) -> None:
    """The seed article's "1.5 to 2 million visitors" is stored as a range, not 1.75 million."""
    events = curated["events"]
    forecast = events[
        (events["event_id"] == "floriade-2022")
        & (events["claim_type"] == "forecast")
        & (events["measure"] == "visitors")
    ]
    assert ((forecast["value_low"] == 1_500_000) & (forecast["value_high"] == 2_000_000)).any()
    actual = events[
        (events["event_id"] == "floriade-2022")
        & (events["claim_type"] == "actual")
        & (events["measure"] == "visitors")
    ]
    assert list(actual["value_low"]) == [685_189]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_indicator_series_has_a_label(lang: str, curated: dict[str, pd.DataFrame]) -> None:
    series = set(curated["indicators"]["indicator_id"])
    assert {f"indicator.{name}" for name in series} <= set(catalogue(lang))  # type: ignore[arg-type]


def test_a_schema_that_states_no_key_is_refused() -> None:
    """The primary key is read from the schema only; a schema that states none is a bug."""

    class Unkeyed(pa.DataFrameModel):
        name: Series[str]

    with pytest.raises(ValueError, match="states no primary key"):
        schemas.primary_key(Unkeyed)
