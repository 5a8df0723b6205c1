"""Province boundaries as a GeoDataFrame in EPSG:4326.

The province polygons are derived and simplified once by ``scripts/derive_boundaries.py``;
nothing here simplifies again.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Final

import geopandas as gpd

from dashboard.datasets import DATA_DIR

CRS: Final = "EPSG:4326"
PROVINCE_COLUMNS: Final = ("region_id", "name", "country")


def provinces_path() -> Path:
    return DATA_DIR / "boundaries" / "provinces.geojson"


def load_provinces(path: Path | None = None) -> gpd.GeoDataFrame:
    """Province polygons with columns region_id, name, country, geometry (EPSG:4326).

    The parsed file is cached per path and modification time; callers get their own copy, so
    changing the returned frame never changes what the next caller sees.
    """
    resolved = (path if path is not None else provinces_path()).resolve()
    return _read_provinces(resolved, resolved.stat().st_mtime_ns).copy()


@functools.lru_cache(maxsize=4)
def _read_provinces(path: Path, mtime_ns: int) -> gpd.GeoDataFrame:
    """Parse the GeoJSON; ``mtime_ns`` is only part of the cache key."""
    del mtime_ns
    collection = json.loads(path.read_text(encoding="utf-8"))
    # from_features needs no GDAL driver and keeps the properties exactly as written.
    frame = gpd.GeoDataFrame.from_features(collection["features"], crs=CRS)
    missing = [column for column in PROVINCE_COLUMNS if column not in frame.columns]
    if missing:
        raise ValueError(f"{path}: features lack the properties {missing}")
    return frame[[*PROVINCE_COLUMNS, "geometry"]]
