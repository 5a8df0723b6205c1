"""Province and municipality boundaries as GeoDataFrames in EPSG:4326, and where a point lies.

The province polygons are derived and simplified once by ``scripts/derive_boundaries.py``,
the municipal ones by ``scripts/derive_regions.py``; nothing here simplifies again.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Final

import geopandas as gpd
import pandas as pd

from dashboard import settings

CRS: Final = "EPSG:4326"
PROVINCE_COLUMNS: Final = ("region_id", "name", "country")
MUNICIPALITY_COLUMNS: Final = ("region_id", "name", "province")


def provinces_path() -> Path:
    return settings.data_dir() / "boundaries" / "provinces.geojson"


def municipalities_path(*, precise: bool = False) -> Path:
    name = "municipalities_precise.geojson" if precise else "municipalities.geojson"
    return settings.data_dir() / "boundaries" / name


def load_provinces(path: Path | None = None) -> gpd.GeoDataFrame:
    """Province polygons with columns region_id, name, country, geometry (EPSG:4326).

    The parsed file is cached per path and modification time; callers get their own copy, so
    changing the returned frame never changes what the next caller sees.
    """
    resolved = (path if path is not None else provinces_path()).resolve()
    return _read_layer(resolved, resolved.stat().st_mtime_ns, PROVINCE_COLUMNS).copy()


def load_municipalities(path: Path | None = None, *, precise: bool = False) -> gpd.GeoDataFrame:
    """The Dutch municipalities of the CBS 2023 map: region_id (GM code), name, province, geometry.

    Simplified for drawing by default; ``precise`` gives the unsimplified polygons (~1 m), to
    decide which municipality a point lies in: simplification moves borders by up to ~450 m,
    and a site 9 m inside Amsterdam must count in Amsterdam.
    """
    resolved = (path if path is not None else municipalities_path(precise=precise)).resolve()
    return _read_layer(resolved, resolved.stat().st_mtime_ns, MUNICIPALITY_COLUMNS).copy()


@functools.lru_cache(maxsize=8)
def _read_layer(path: Path, mtime_ns: int, columns: tuple[str, ...]) -> gpd.GeoDataFrame:
    """Parse the GeoJSON; ``mtime_ns`` is only part of the cache key."""
    del mtime_ns
    collection = json.loads(path.read_text(encoding="utf-8"))
    # from_features needs no GDAL driver and keeps the properties exactly as written.
    frame = gpd.GeoDataFrame.from_features(collection["features"], crs=CRS)
    missing = [column for column in columns if column not in frame.columns]
    if missing:
        raise ValueError(f"{path}: features lack the properties {missing}")
    return frame[[*columns, "geometry"]]


def locate(lat: pd.Series, lon: pd.Series, layer: gpd.GeoDataFrame) -> pd.Series:
    """The ``region_id`` of the polygon of ``layer`` each point lies in; NA outside every
    polygon or without coordinates. Indexed like ``lat``.

    A point on the shared edge of two simplified polygons could lie in both; the first
    polygon in the layer's order wins, so the answer is the same on every run.
    """
    located = lat.notna() & lon.notna()
    points = gpd.GeoDataFrame(
        index=lat.index[located],
        geometry=gpd.points_from_xy(lon[located].astype(float), lat[located].astype(float)),
        crs=CRS,
    )
    joined = gpd.sjoin(points, layer[["region_id", "geometry"]], how="left", predicate="within")
    first: pd.Series = joined[~joined.index.duplicated(keep="first")]["region_id"]
    return first.reindex(lat.index).astype("string")
