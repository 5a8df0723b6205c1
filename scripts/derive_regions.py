"""Derive every municipality the dashboard compares, and the municipal map, from the reference pack.

Reads the raw files in ``../shared/reference/regions/`` (or ``--reference DIR``) and writes

* ``data/boundaries/municipalities.geojson``: the 342 Dutch municipalities of the CBS 2023
  map, geometries repaired (``make_valid``), simplified once and rounded for the browser,
  with the properties ``region_id`` (GM code), ``name``, ``province`` and ``source_id``;
* ``data/boundaries/municipalities_precise.geojson``: the same, repaired but not simplified
  (5 decimals, ~1 m), to locate points in: never sent to a browser;
* the municipality rows of ``data/regions.csv``: the same 342 with their CBS key figures,
  the 42 municipalities of Belgian Limburg (2019-2024 map) with their Statbel figures, and
  the four Limburg municipalities formed on 1 January 2025 as groupings of their
  predecessors; the member lists of the MRA and Brainport (Metropoolregio Eindhoven).

Rows of other kinds (countries, provinces, landsdelen, groupings) are curated by hand and
kept as they are, except the two member lists. What a hand-curated municipality row adds
(focus order, a sourced city centre for the circles) is carried over.

The province of each Dutch municipality is the Natural Earth province
(``data/boundaries/provinces.geojson``) its polygon overlaps most; the script checks the
result against CBS 37259eng's province totals and stops if any differs.

    .venv/bin/python scripts/derive_regions.py
    .venv/bin/python scripts/derive_regions.py --reference /path/to/reference/regions
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any, Final

import numpy as np
import shapely
from derive_boundaries import write_collection  # the scripts folder is on sys.path when run
from shapely.geometry import shape

ROOT: Final = Path(__file__).resolve().parents[1]
REFERENCE: Final = ROOT.parent / "shared" / "reference" / "regions"
REGIONS_CSV: Final = ROOT / "data" / "regions.csv"
PROVINCES: Final = ROOT / "data" / "boundaries" / "provinces.geojson"
OUTPUT: Final = ROOT / "data" / "boundaries" / "municipalities.geojson"
# The same polygons, repaired but not simplified, to 5 decimals (~1 m): what a point is
# located in. The browser gets the simplified layer, whose borders move by up to ~450 m.
PRECISE_OUTPUT: Final = ROOT / "data" / "boundaries" / "municipalities_precise.geojson"
PRECISE_DECIMALS: Final = 5

CBS_FILE: Final = "cbs_gemeenten_2023.geojson"
MEMBERS_FILE: Final = "mra_brainport_municipalities_nl.csv"
LIMBURG_FILE: Final = "limburg_be_municipalities.csv"

# The source rows in data/sources.csv these figures cite.
CBS_SOURCE: Final = "cbs-wbk-2023"
CBS_POPULATION_SOURCE: Final = "cbs-37259eng"
STATBEL_SOURCE: Final = "statbel-bevolking-2020"
MERGER_SOURCE: Final = "embuild-fusies-2025"
# Statbel areas as quoted by the arrondissement tables; Hasselt keeps its curated area.
AREA_SOURCES: Final = {"Maaseik": "de-wikipedia-arr-maaseik", "Tongeren": "gpedia-arr-tongeren"}
HERK_DE_STAD_AREA_SOURCE: Final = "de-wikipedia-herk-de-stad"

CBS_DATE: Final = "2023-01-01"
STATBEL_DATE: Final = "2020-01-01"
MERGER_DATE: Final = "2025-01-01"
LAST_DAY_BEFORE_MERGER: Final = "2024-12-31"

# Names CBS writes formally that people search by another name.
NAME_OVERRIDES: Final = {
    "GM0518": ("'s-Gravenhage (Den Haag)", "The Hague ('s-Gravenhage)"),
    "GM0796": ("'s-Hertogenbosch (Den Bosch)", "'s-Hertogenbosch (Den Bosch)"),
}
# The MRA's last three names are not in the stored official page: they are the older
# 33-name list minus three municipalities that merged since (research note §1a).
INFERRED_MRA_MEMBERS: Final = frozenset({"GM0880", "GM0479", "GM0473"})
GROUPINGS: Final = {"MRA": "MRA", "MRE": "BRAINPORT"}
# The Limburg municipalities formed on 1 January 2025, by their new NIS code.
MERGED_NAMES: Final = {
    "71072": ("Hasselt (vanaf 2025)", "Hasselt (from 2025)"),
    "71071": ("Tessenderlo-Ham", "Tessenderlo-Ham"),
    "73110": ("Bilzen-Hoeselt", "Bilzen-Hoeselt"),
    "73111": ("Tongeren-Borgloon", "Tongeren-Borgloon"),
}

# Douglas-Peucker tolerance in degrees (0.004 deg is ~450 m north-south, ~270 m east-west):
# under a pixel at the map's opening zoom, and it keeps the municipal layer, with its popups
# and every point, inside the 300 KB budget of the map page (0.003 gave 9,273 vertices and
# ~300 KB before the points; 0.004 gives 7,698).
TOLERANCE: Final = 0.004
# 3 decimals (~110 m north-south, ~70 m east-west) sit below the simplification error and
# save ~25 KB over 4.
DECIMALS: Final = 3

REGION_COLUMNS: Final = (
    "region_id",
    "name_nl",
    "name_en",
    "kind",
    "country",
    "parent_id",
    "members",
    "membership",
    "valid_from",
    "valid_to",
    "focus_order",
    "population",
    "population_date",
    "population_source_id",
    "area_km2",
    "area_kind",
    "area_date",
    "area_source_id",
    "lat",
    "lon",
    "location_source_id",
    "source_id",
    "note",
)
# What a hand-curated municipality row keeps when the script rewrites it.
CARRIED: Final = ("focus_order", "lat", "lon", "location_source_id")
AREA_COLUMNS: Final = ("area_km2", "area_kind", "area_date", "area_source_id")


def thousands(value: float) -> str:
    return f"{value:,.0f}"


# --- The Dutch municipalities --------------------------------------------------------------


def read_cbs(reference: Path) -> list[dict[str, Any]]:
    """The 342 municipalities (the "Buitenland" record GM0998 carries no figures)."""
    collection = json.loads((reference / CBS_FILE).read_text(encoding="utf-8"))
    features = [
        feature for feature in collection["features"] if feature["properties"]["gemeentecode"] != "GM0998"
    ]
    if len(features) != 342:
        sys.exit(f"{CBS_FILE}: expected 342 municipalities, found {len(features)}")
    return features


def repaired(features: list[dict[str, Any]]) -> list[Any]:
    """Each municipality's polygon, made valid (five are invalid after the source's simplification)."""
    geometries = []
    for feature in features:
        geometry = shape(feature["geometry"])
        if not geometry.is_valid:
            geometry = shapely.make_valid(geometry)
            # make_valid can return a collection with stray lines; keep only the areas.
            if geometry.geom_type == "GeometryCollection":
                geometry = shapely.union_all([part for part in geometry.geoms if part.area > 0])
        geometries.append(geometry)
    return geometries


def assign_provinces(codes: list[str], geometries: list[Any]) -> dict[str, str]:
    """The Dutch province each municipality overlaps most (Natural Earth's coarse coast and
    borders put a few representative points outside every province)."""
    collection = json.loads(PROVINCES.read_text(encoding="utf-8"))
    provinces = [
        (feature["properties"]["region_id"], shape(feature["geometry"]))
        for feature in collection["features"]
        if feature["properties"]["country"] == "NL"
    ]
    assigned = {}
    for code, geometry in zip(codes, geometries, strict=True):
        overlaps = [(geometry.intersection(polygon).area, region) for region, polygon in provinces]
        area, region = max(overlaps)
        if area <= 0:
            sys.exit(f"{code}: overlaps no Dutch province")
        assigned[code] = region
    return assigned


def check_province_totals(
    features: list[dict[str, Any]], provinces: Mapping[str, str], totals: Mapping[str, int]
) -> None:
    """Stop unless the members of each province with a CBS total sum to exactly that total."""
    sums: dict[str, int] = {}
    for feature in features:
        properties = feature["properties"]
        province = provinces[properties["gemeentecode"]]
        sums[province] = sums.get(province, 0) + int(properties["aantalInwoners"])
    for province, total in totals.items():
        if sums.get(province) != total:
            sys.exit(f"{province}: members sum to {sums.get(province)}, CBS 37259eng gives {total}")
    print("province totals: " + ", ".join(f"{p} {thousands(s)}" for p, s in sorted(sums.items())))


def simplified(geometries: list[Any]) -> list[Any]:
    array = np.array(geometries, dtype=object)
    result = shapely.set_precision(shapely.simplify(array, TOLERANCE, preserve_topology=True), 10**-DECIMALS)
    result = shapely.orient_polygons(result, exterior_cw=False)
    for geometry in result:
        if geometry.is_empty or not geometry.is_valid:
            sys.exit("simplification produced an empty or invalid geometry")
    return list(result)


def write_boundaries(
    rows: Iterable[Mapping[str, Any]], output: Path = OUTPUT, decimals: int = DECIMALS
) -> int:
    return write_collection(
        (
            (
                {
                    "region_id": row["region_id"],
                    "name": row["name"],
                    "province": row["province"],
                    "source_id": CBS_SOURCE,
                },
                row["geometry"],
            )
            for row in rows
        ),
        output,
        decimals,
    )


def read_members(reference: Path) -> dict[str, dict[str, str]]:
    with (reference / MEMBERS_FILE).open(encoding="utf-8", newline="") as handle:
        return {row["gm_code"]: row for row in csv.DictReader(handle)}


def dutch_rows(
    features: list[dict[str, Any]], provinces: Mapping[str, str], members: Mapping[str, Mapping[str, str]]
) -> Iterator[dict[str, str]]:
    for feature in features:
        properties = feature["properties"]
        code = properties["gemeentecode"]
        name = properties["gemeentenaam"]
        name_nl, name_en = NAME_OVERRIDES.get(code, (name, name))
        total_km2 = int(properties["oppervlakteTotaalInHa"]) / 100
        land_km2 = int(properties["oppervlakteLandInHa"]) / 100
        inhabitants = thousands(int(properties["aantalInwoners"]))
        notes = [
            f"CBS Wijk- en Buurtkaart 2023 (Kadaster / CBS, 2023): {inhabitants} inhabitants on 1 Jan 2023, "
            f"land area {land_km2:.2f} km² of {total_km2:.2f} km² in total."
        ]
        member = members.get(code)
        if member is not None:
            own_2023 = int(member["pop_2023-01-01_37259eng"])
            if own_2023 != int(properties["aantalInwoners"]):
                notes.append(
                    f"CBS 37259eng gives {thousands(own_2023)} for 1 Jan 2023 (a boundary correction "
                    "between Gooise Meren and Hilversum; the two differ by the same 18 in opposite "
                    "directions)."
                )
            notes.append(
                f"1 Jan 2024: {thousands(int(member['pop_2024-01-01_37259eng']))} (CBS 37259eng); "
                "per-capita figures use 1 Jan 2023 for every Dutch municipality."
            )
        if code in INFERRED_MRA_MEMBERS:
            notes.append("Its MRA membership is inferred (medium confidence): see the MRA row.")
        yield {
            "region_id": code,
            "name_nl": name_nl,
            "name_en": name_en,
            "kind": "municipality",
            "country": "NL",
            "parent_id": provinces[code],
            "population": str(int(properties["aantalInwoners"])),
            "population_date": CBS_DATE,
            "population_source_id": CBS_SOURCE,
            "area_km2": f"{int(properties['oppervlakteLandInHa']) / 100:.2f}",
            "area_kind": "land",
            "area_date": CBS_DATE,
            "area_source_id": CBS_SOURCE,
            "source_id": CBS_SOURCE,
            "note": " ".join(notes),
        }


# --- Belgian Limburg -----------------------------------------------------------------------


def read_limburg(reference: Path) -> list[dict[str, str]]:
    with (reference / LIMBURG_FILE).open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    if len(rows) != 42:
        sys.exit(f"{LIMBURG_FILE}: expected 42 municipalities, found {len(rows)}")
    return rows


def belgian_rows(limburg: list[dict[str, str]]) -> Iterator[dict[str, str]]:
    successors: dict[str, list[dict[str, str]]] = {}
    for row in limburg:
        old, new = row["nis_2019_2024"], row["nis_from_2025"]
        merged = old != new or sum(other["nis_from_2025"] == new for other in limburg) > 1
        if merged:
            successors.setdefault(new, []).append(row)
        notes = [f"Statbel: {thousands(int(row['pop_2020-01-01_statbel']))} inhabitants on 1 Jan 2020."]
        if row["pop_2022-01-01"]:
            notes.append(
                f"1 Jan 2022: {thousands(int(row['pop_2022-01-01']))} (Statbel via Wikipedia); per-capita "
                "figures use 1 Jan 2020 for every Belgian municipality."
            )
        area: dict[str, str] = {}
        if row["area_km2_statbel"]:
            source = (
                HERK_DE_STAD_AREA_SOURCE
                if row["name_nl"] == "Herk-de-Stad"
                else AREA_SOURCES[row["arrondissement"]]
            )
            area = {
                "area_km2": row["area_km2_statbel"],
                "area_kind": "total",
                "area_date": "2022",
                "area_source_id": source,
            }
            notes.append("The area's own date is not stated; 2022 is the year of the table that gives it.")
        if merged:
            notes.append(
                f"On the 2019–2024 map; merged into NIS {new} on 1 Jan 2025. Figures dated before 2025 "
                "count here and in the merged municipality."
            )
        yield {
            "region_id": f"NIS{old}",
            "name_nl": row["name_nl"],
            "name_en": row["name_nl"],
            "kind": "municipality",
            "country": "BE",
            "parent_id": "BE-VLI",
            "valid_to": LAST_DAY_BEFORE_MERGER if merged else "",
            "population": row["pop_2020-01-01_statbel"],
            "population_date": STATBEL_DATE,
            "population_source_id": STATBEL_SOURCE,
            **area,
            "source_id": STATBEL_SOURCE,
            "note": " ".join(notes),
        }
    for new, parts in sorted(successors.items()):
        name_nl, name_en = MERGED_NAMES[new]
        names = " + ".join(part["name_nl"] for part in parts)
        yield {
            "region_id": f"NIS{new}",
            "name_nl": name_nl,
            "name_en": name_en,
            "kind": "municipality",
            "country": "BE",
            "parent_id": "BE-VLI",
            "members": "|".join(f"NIS{part['nis_2019_2024']}" for part in parts),
            "membership": "complete",
            "valid_from": MERGER_DATE,
            "source_id": MERGER_SOURCE,
            "note": f"{names} since 1 Jan 2025 (the 2025 map). Population and area are summed from the "
            "municipalities it was formed from, on their own dates.",
        }


# --- Writing ---------------------------------------------------------------------------------


def read_regions() -> list[dict[str, str]]:
    with REGIONS_CSV.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def merged_regions(
    curated: list[dict[str, str]], derived: list[dict[str, str]], members: Mapping[str, Mapping[str, str]]
) -> list[dict[str, str]]:
    """Curated non-municipal rows first, in their order, then every municipality by country and code."""
    by_id = {row["region_id"]: row for row in curated}
    kept = [dict(row) for row in curated if row["kind"] != "municipality"]
    for row in kept:
        for source_key, region_id in GROUPINGS.items():
            if row["region_id"] == region_id:
                row["members"] = "|".join(
                    code for code, member in members.items() if member["region"] == source_key
                )
                row["membership"] = "complete"
    municipalities = []
    for row in derived:
        previous = by_id.get(row["region_id"], {})
        for column in CARRIED:
            if previous.get(column):
                row[column] = previous[column]
        if not row.get("area_km2") and previous.get("area_km2"):
            # A curated area the reference pack lacks (Hasselt's) stays, with its own source.
            for column in AREA_COLUMNS:
                row[column] = previous[column]
            row["note"] += " Area as curated before, from its own source."
        municipalities.append({column: row.get(column, "") for column in REGION_COLUMNS})
    municipalities.sort(key=lambda row: (row["country"] != "NL", row["region_id"]))
    return [{column: row.get(column, "") for column in REGION_COLUMNS} for row in kept] + municipalities


def write_regions(rows: list[dict[str, str]]) -> None:
    with REGIONS_CSV.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=REGION_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


PROVINCE_TOTALS_2023: Final = {  # CBS 37259eng, population on 1 Jan 2023 (research note §1b)
    "NL-GR": 596075,
    "NL-FR": 659551,
    "NL-DR": 502051,
    "NL-FL": 444701,
    "NL-NH": 2952622,
    "NL-NB": 2626210,
}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--reference", type=Path, default=REFERENCE, help="the reference pack's regions folder"
    )
    args = parser.parse_args(argv)

    features = read_cbs(args.reference)
    codes = [feature["properties"]["gemeentecode"] for feature in features]
    geometries = repaired(features)
    provinces = assign_provinces(codes, geometries)
    check_province_totals(features, provinces, PROVINCE_TOTALS_2023)

    def layer(shapes: list[Any]) -> Iterator[dict[str, Any]]:
        for code, feature, geometry in zip(codes, features, shapes, strict=True):
            yield {
                "region_id": code,
                "name": NAME_OVERRIDES.get(code, (feature["properties"]["gemeentenaam"],))[0],
                "province": provinces[code],
                "geometry": geometry,
            }

    # Snapped to the output grid first, so that rounding cannot make a ring touch itself.
    precise = list(shapely.set_precision(np.array(geometries, dtype=object), 10**-PRECISE_DECIMALS))
    if not all(geometry.is_valid and not geometry.is_empty for geometry in precise):
        sys.exit("snapping to the precise grid produced an invalid geometry")
    precise_size = write_boundaries(layer(precise), PRECISE_OUTPUT, PRECISE_DECIMALS)
    written = PRECISE_OUTPUT.relative_to(ROOT)
    print(f"{len(geometries)} municipalities at full detail, {precise_size} bytes -> {written}")
    shapes = simplified(geometries)
    before = sum(int(shapely.get_num_coordinates(g)) for g in geometries)
    after = sum(int(shapely.get_num_coordinates(g)) for g in shapes)
    size = write_boundaries(layer(shapes))
    written = OUTPUT.relative_to(ROOT)
    print(f"{len(shapes)} municipalities, {before} -> {after} vertices, {size} bytes -> {written}")

    members = read_members(args.reference)
    missing = sorted(set(members) - set(codes))
    if missing:
        sys.exit(f"members not on the CBS 2023 map: {missing}")
    derived = [*dutch_rows(features, provinces, members), *belgian_rows(read_limburg(args.reference))]
    rows = merged_regions(read_regions(), derived, members)
    write_regions(rows)
    print(f"{len(rows)} regions ({len(derived)} municipalities) -> {REGIONS_CSV.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
