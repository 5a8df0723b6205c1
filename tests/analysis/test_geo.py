"""The derived province boundaries and the GeoDataFrame loaders."""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import numpy as np
import pytest
import shapely

from dashboard import settings
from dashboard.analysis import geo

BOUNDARIES = settings.data_dir() / "boundaries" / "provinces.geojson"
NL_PROVINCES = {f"NL-{c}" for c in ("DR", "FL", "FR", "GE", "GR", "LI", "NB", "NH", "OV", "UT", "ZE", "ZH")}
BE_PROVINCES = {
    "BE-VAN",
    "BE-VBR",
    "BE-VLI",
    "BE-VOV",
    "BE-VWV",
    "BE-WBR",
    "BE-WHT",
    "BE-WLG",
    "BE-WLX",
    "BE-WNA",
}


def test_default_path_is_in_the_data_dir() -> None:
    assert geo.provinces_path() == BOUNDARIES
    assert BOUNDARIES.is_file(), "run scripts/derive_boundaries.py"


def test_boundaries_file_is_small() -> None:
    assert BOUNDARIES.stat().st_size <= 150_000


def test_boundaries_file_has_exactly_the_agreed_properties() -> None:
    collection = json.loads(BOUNDARIES.read_text(encoding="utf-8"))
    assert collection["type"] == "FeatureCollection"
    for feature in collection["features"]:
        assert set(feature["properties"]) == {"region_id", "name", "country", "source_id"}
        assert feature["properties"]["name"].strip()


def test_coordinates_are_rounded() -> None:
    text = BOUNDARIES.read_text(encoding="utf-8")
    assert not re.search(r"\d\.\d{6,}", text), "coordinates carry more than 5 decimals"


def test_all_dutch_provinces_and_belgian_limburg() -> None:
    ids = set(geo.load_provinces()["region_id"])
    assert ids >= NL_PROVINCES | {"BE-VLI"}
    assert ids >= BE_PROVINCES
    assert not {i for i in ids if i.startswith("NL-BQ")}, "Caribbean special municipalities are not provinces"


def test_loaded_frame_shape_and_crs() -> None:
    provinces = geo.load_provinces()
    assert list(provinces.columns) == ["region_id", "name", "country", "geometry"]
    assert provinces.crs is not None
    assert provinces.crs.to_epsg() == 4326
    assert provinces["region_id"].is_unique
    assert (provinces["country"] == provinces["region_id"].str[:2]).all()
    assert set(provinces.loc[provinces["region_id"] == "NL-UT", "name"]) == {"Utrecht"}


def test_geometries_are_valid_polygons_in_nl_and_be() -> None:
    provinces = geo.load_provinces()
    assert provinces.geometry.is_valid.all()
    assert not provinces.geometry.is_empty.any()
    assert set(provinces.geom_type) <= {"Polygon", "MultiPolygon"}
    # Longitude first: NL + BE lie between 2.5-7.3 deg E and 49.4-53.6 deg N.
    west, south, east, north = provinces.total_bounds
    assert 2.4 < west < east < 7.3
    assert 49.4 < south < north < 53.7


def test_neighbours_share_borders_without_overlaps() -> None:
    geometries = np.asarray(geo.load_provinces().geometry.values, dtype=object)
    assert shapely.coverage_is_valid(geometries)


def test_simplified_shapes_stay_recognisable() -> None:
    provinces = geo.load_provinces().set_index("region_id")
    # Areas in square degrees, unchanged by simplification within 2 % (Flevoland ~0.318).
    assert provinces.loc["NL-FL"].geometry.area == pytest.approx(0.3175, rel=0.02)
    # The Wadden islands survive: Friesland is a mainland plus four islands.
    assert len(provinces.loc["NL-FR"].geometry.geoms) == 5


def test_load_returns_a_copy(tmp_path: Path) -> None:
    path = tmp_path / "provinces.geojson"
    shutil.copyfile(BOUNDARIES, path)
    first = geo.load_provinces(path)
    first.loc[:, "name"] = "changed"
    assert "changed" not in set(geo.load_provinces(path)["name"])


def test_cache_follows_the_file(tmp_path: Path) -> None:
    path = tmp_path / "provinces.geojson"
    collection = json.loads(BOUNDARIES.read_text(encoding="utf-8"))
    path.write_text(json.dumps(collection), encoding="utf-8")
    assert len(geo.load_provinces(path)) == len(collection["features"])

    collection["features"] = collection["features"][:2]
    path.write_text(json.dumps(collection), encoding="utf-8")
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert len(geo.load_provinces(path)) == 2


def test_load_rejects_a_file_without_the_properties(tmp_path: Path) -> None:
    path = tmp_path / "bad.geojson"
    feature = {
        "type": "Feature",
        "properties": {"id": "x"},
        "geometry": {"type": "Point", "coordinates": [5.0, 52.0]},
    }
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [feature]}), encoding="utf-8")
    with pytest.raises(ValueError, match="region_id"):
        geo.load_provinces(path)
