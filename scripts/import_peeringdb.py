"""Import the Dutch and Belgian facilities of a PeeringDB sample into the data-centre inventory.

Reads

* the PeeringDB facility sample ``../shared/reference/regions/peeringdb_facilities_nl_be_sample.csv``
  (``--sample FILE``): the 53 Dutch and Belgian facilities among the first 500 facilities of
  PeeringDB's API (ids 1-721), as stored in the public repository dotwaffle/peeringdb-plus. It
  is a sample, not a census: PeeringDB lists several thousand facilities;
* the unsimplified CBS 2023 municipal polygons of the dashboard
  (``data/boundaries/municipalities_precise.geojson``, written by ``scripts/derive_regions.py``)
  and its province layer (``data/boundaries/provinces.geojson``), to place each point;

and writes

* ``data/sources.csv``: one row per imported facility, ``peeringdb-fac-<id>``;
* ``data/data_centres.csv``: one row per facility with coordinates, ``peeringdb-<id>``, unless
  the facility is a site the file already lists under another name (``MERGED``): that row keeps
  its id, name and figures and takes the facility's point, date and source;
* the ``region_id`` of every row with coordinates, computed from its point: the municipality
  (GM code) for a Dutch point, the province for a Belgian one (no Belgian municipal map is
  used). Rows without coordinates keep the region typed from their place.

A point is placed with ``dashboard.analysis.geo.locate`` on the unsimplified polygons (~1 m), as the
dashboard's own checks do: the simplified layer the map draws moves borders by up to ~450 m,
and a site 9 m inside Amsterdam must count in Amsterdam.

A facility without coordinates (fac 566, Digital Residence, Nijmegen: no address, no networks)
is not imported: the city field alone cannot place or confirm a site.

Rows and sources the script owns are rewritten in place and new ones appended, so running it
again gives the same files.

    .venv/bin/python scripts/import_peeringdb.py
    .venv/bin/python scripts/import_peeringdb.py --sample /path/to/peeringdb_facilities_nl_be_sample.csv
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import geopandas as gpd
import pandas as pd

from dashboard.analysis import geo

ROOT: Final = Path(__file__).resolve().parents[1]
REFERENCE: Final = ROOT.parent / "shared" / "reference" / "regions"
SAMPLE: Final = REFERENCE / "peeringdb_facilities_nl_be_sample.csv"
DATA_CENTRES: Final = ROOT / "data" / "data_centres.csv"
SOURCES: Final = ROOT / "data" / "sources.csv"

REPOSITORY: Final = "dotwaffle/peeringdb-plus"
PAGES: Final = "testdata/visibility-baseline/beta/anon/api/fac/page-1.json / page-2.json"
COMMIT: Final = "459317fce73a61cdc53b2a66bf2fcbf551bf90c0"
SOURCE_PREFIX: Final = "peeringdb-fac-"
ROW_PREFIX: Final = "peeringdb-"

# Facilities that are a site data_centres.csv already lists: the existing row is kept and
# takes the facility's point, date and source (it is newer and has the street address).
MERGED: Final[Mapping[int, str]] = {238: "northc-oude-meer-oum01", 239: "northc-aalsmeer"}

# PeeringDB's ``city`` names a village or port, not always a municipality: the municipality
# it lies in on the CBS 2023 map. A city missing here and from the municipal names stops the run.
LOCALITIES: Final[Mapping[str, str]] = {
    "Eemshaven": "GM1966",  # Het Hogeland
    "Oude Meer": "GM0394",  # Haarlemmermeer
    "Rijen": "GM0784",  # Gilze en Rijen
    "Sittard": "GM1883",  # Sittard-Geleen
    "Son": "GM0848",  # Son en Breugel
}
# The Belgian province each ``city`` of the sample lies in, to notice a point outside it.
BE_CITY_PROVINCES: Final[Mapping[str, str]] = {
    "Antwerp": "BE-VAN",
    "Brussels": "BE-BRU",
    "Ghent": "BE-VOV",
    "Machelen": "BE-VBR",
    "Merelbeke": "BE-VOV",
    "Nossegem": "BE-VBR",
    "Villers-le-Bouillet": "BE-WLG",
}
# A place more precise than the municipality, where a source names it.
PLACES: Final[Mapping[int, str]] = {64: "Schiphol-Rijk (Haarlemmermeer)"}  # research note §3b

# What other sources add to a facility's note: facts with their source and date, and the
# rows it must not be confused with. Figures of buildings inside a campus stay here, not in
# the capacity or area columns, so the campus counts once and nothing is summed twice.
CURATED_NOTES: Final[Mapping[int, str]] = {
    61: "Digital Realty Amsterdam AMS9 (PeeringDB facility 104, Science Park 121) is about 70 m away; "
    "PeeringDB lists them as two facilities, kept as two rows.",
    62: "AM7 is on Business Park Amstel III: a 6 MW data-centre extension was completed in 2018 and a "
    "second phase with a new entrance in May 2021 (PI Online, 2021-07-15, "
    "https://pi-online.nl/nieuws/equinix-opent-het-vernieuwde-datacenter-am7). The 6 MW is the 2018 "
    "extension, not the site's total, so the capacity columns stay empty.",
    64: "Digital Realty's Schiphol-Rijk campus (ex-Interxion) is one PeeringDB facility; the buildings "
    "named inside it get no rows of their own, so the campus counts once. Cessnalaan lies in "
    "Schiphol-Rijk (research note §3b). AMS7: up to 7,300 m² of net technical space or 13 MW of customer "
    "power in six phases from Q1 2014, a plan at the time (Colo-X, 2013, colox-amsterdam-2013). A new "
    "Interxion data centre 'on a campus near Schiphol Airport' of 8,000 m² and 15 MW, built in three "
    "stages with 5 MW usable at the visit (TechRepublic, undated, "
    "https://www.techrepublic.com/de/pictures/photos-take-a-tour-of-this-major-new-datacenter/); the "
    "stored text does not name the building, which the research note takes to be AMS8. AMS5, at the "
    "southern tip of Schiphol-Rijk, is to deliver residual heat to the RichPort and Starpark business "
    "parks through Polderwarmte: 45,000 GJ a year at the start, up to 75,000 GJ after five years (letter "
    "of intent; Duurzaam Ondernemen, 2021-10, https://www.duurzaam-ondernemen.nl/interxion-gaat-"
    "restwarmte-leveren-aan-polderwarmte-voor-bedrijventerreinen-in-schiphol-rijk/). Whether each "
    "building is at Cessnalaan 1 is not stated and the campus's total power and floor area are not "
    "known, so no building figure fills the capacity or area columns.",
    104: "Digital Realty Amsterdam AMS17 (PeeringDB facility 61, Science Park 120) is about 70 m away; "
    "PeeringDB lists them as two facilities, kept as two rows. Not Datacenter Almere "
    "(datacenter-almere), another former SARA/Vancis site.",
    238: "Listed as NorthC access point OUM01 in Alibaba Cloud Express Connect docs "
    "(alibaba-cloud-express-connect; undated, c.2024–25 per the research sheet), the row's source before "
    "this import, when it was shown at an unverified Oude Meer point (which lies in Aalsmeer). PeeringDB's "
    "code NL-OUM-01 matches OUM01, and its address is the street address of NorthC's head office "
    "(Fokkerweg 300 Building 59, 1438 AN Oude Meer, per its privacy statement); whether the data centre "
    "is that building is not stated. Per-site MW, floor area and opening year not found.",
    239: "Listed as a NorthC access point in Alibaba Cloud Express Connect docs "
    "(alibaba-cloud-express-connect; undated, c.2024–25 per the research sheet), the row's source before "
    "this import, when it was shown at an unverified Aalsmeer centroid. Ex-NLDC; delivers ~1 MW of "
    "residual heat to the Hornmeer heat grid from spring 2019 (NLDC news 2018-02-20): heat, not IT "
    "capacity. Not in the 2019 merger list. Per-site MW, floor area and opening year not found.",
    262: "May be the same site as NorthC Amsterdam (AMS01) (northc-amsterdam-ams01), which is shown at "
    "the Amsterdam city point without an address: no source says whether they are one site. The code "
    "NL-AMS-02 differs from AMS01, so both rows are kept.",
    284: "Same PeeringDB point as MCI/Verizon Brussels (Diegem) H (PeeringDB facility 285, Culliganlaan "
    "2/H): PeeringDB lists buildings E and H as two facilities, kept as two rows; whether they are "
    "separate data-centre buildings is not stated.",
    285: "Same PeeringDB point as MCI/Verizon Brussels (Diegem) E (PeeringDB facility 284, Culliganlaan "
    "2e): PeeringDB lists buildings E and H as two facilities, kept as two rows; whether they are "
    "separate data-centre buildings is not stated.",
    304: "Listed by the research note under Brainport (Science Park Eindhoven, in Son en Breugel); no "
    "power, floor area or opening year found.",
    426: "Not Google or NorthC: the research note matches this point to 'TCN Data Hotel Groningen' "
    "(Zernikelaan 16, owner Bytesnet) in a 2020 lead list that is not imported.",
    532: "Not Google Eemshaven (google-eemshaven), whose low-confidence point is about 1.5 km away: the "
    "research note matches this point to 'Data Hotel Eemshaven' (TCN, Huibertgatweg 2) in a 2020 lead "
    "list that is not imported.",
}


# --- Reading and writing ---------------------------------------------------------------------


Row = dict[str, str]


def read_table(path: Path) -> tuple[list[str], list[Row]]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def write_table(path: Path, fields: Sequence[str], rows: Iterable[Row]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


@dataclass(frozen=True)
class Facility:
    """One row of the PeeringDB sample."""

    id: int
    name: str
    aka: str
    operator: str
    address1: str
    zipcode: str
    city: str
    country: str
    lat: float | None
    lon: float | None
    networks: int
    exchanges: int
    carriers: int
    updated: str  # YYYY-MM-DD

    @property
    def source_id(self) -> str:
        return f"{SOURCE_PREFIX}{self.id}"

    @property
    def row_id(self) -> str:
        return MERGED.get(self.id, f"{ROW_PREFIX}{self.id}")

    @property
    def address(self) -> str:
        return ", ".join(part for part in (self.address1, f"{self.zipcode} {self.city}".strip()) if part)

    @property
    def closed(self) -> bool:
        return "(closed)" in self.name.lower()

    @property
    def precision(self) -> str:
        # PeeringDB geocodes the street address; a bare estate name ("Amstel Business Park") is an area.
        return "street" if re.search(r"\d", self.address1) else "area"


def read_sample(path: Path) -> list[Facility]:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    facilities = []
    for row in rows:
        if row["country"] not in ("NL", "BE"):
            sys.exit(f"{path}: facility {row['id']} is in {row['country']}, not NL or BE")
        located = bool(row["latitude"] and row["longitude"])
        facilities.append(
            Facility(
                id=int(row["id"]),
                name=row["name"].strip(),
                aka=row["aka"].strip(),
                operator=" ".join(row["org_name"].split()),
                address1=row["address1"].strip(),
                zipcode=row["zipcode"].strip(),
                city=row["city"].strip(),
                country=row["country"],
                lat=round(float(row["latitude"]), 5) if located else None,
                lon=round(float(row["longitude"]), 5) if located else None,
                networks=int(row["net_count"]),
                exchanges=int(row["ix_count"]),
                carriers=int(row["carrier_count"]),
                updated=row["updated"][:10],
            )
        )
    return facilities


# --- Where a point lies ----------------------------------------------------------------------


@dataclass(frozen=True)
class Geography:
    municipalities: gpd.GeoDataFrame  # unsimplified CBS 2023 municipalities: region_id, name, geometry
    provinces: gpd.GeoDataFrame  # the dashboard's province layer (NL and BE)

    @classmethod
    def load(cls) -> Geography:
        return cls(municipalities=geo.load_municipalities(precise=True), provinces=geo.load_provinces())

    def names(self) -> dict[str, str]:
        """Municipality and province names as the map layers write them."""
        return {
            **dict(zip(self.municipalities["region_id"], self.municipalities["name"], strict=True)),
            **dict(zip(self.provinces["region_id"], self.provinces["name"], strict=True)),
        }

    def locate(self, lat: pd.Series, lon: pd.Series) -> pd.DataFrame:
        """Per point: its municipality (Dutch points), its province, and the ``region`` it
        counts in: the municipality for a Dutch point, the province for a Belgian one."""
        found = pd.DataFrame(
            {
                "municipality": geo.locate(lat, lon, self.municipalities),
                "province": geo.locate(lat, lon, self.provinces),
            },
            index=lat.index,
        )
        found["region"] = found["municipality"].fillna(found["province"])
        return found


# --- The rows --------------------------------------------------------------------------------


def source_row(facility: Facility, fields: Sequence[str]) -> Row:
    row = dict.fromkeys(fields, "")
    row.update(
        {
            "source_id": facility.source_id,
            "title": f"PeeringDB facility {facility.id}: {facility.name}",
            "publisher": "PeeringDB",
            "url": f"https://www.peeringdb.com/fac/{facility.id}",
            "published": facility.updated,
            "language": "en",
            "confidence": "high",
            "note": f"Read from the public repository {REPOSITORY}, {PAGES}, commit {COMMIT}: PeeringDB's "
            "beta API as seen anonymously, a sample of the first 500 facilities (ids 1–721), not a census. "
            f"Address as listed: {facility.address}, {facility.country}. 'published' is the record's "
            "updated date.",
        }
    )
    return row


def place_and_mismatch(facility: Facility, where: pd.Series, names: Mapping[str, str]) -> tuple[str, str]:
    """The place the coordinates say, and a sentence when PeeringDB's city field disagrees."""
    city = facility.city
    if facility.country == "BE":
        province = str(where["province"])
        expected = BE_CITY_PROVINCES.get(city)
        if expected is None:
            sys.exit(f"facility {facility.id}: add the province of {city!r} to BE_CITY_PROVINCES")
        if expected == province:
            return city, ""
        return f"{city} area ({names[province]})", (
            f"PeeringDB's city field says {city}, but the coordinates lie in {names[province]}, outside "
            f"{names[expected]}; the region follows the coordinates."
        )
    region = str(where["municipality"])
    municipality = names[region]
    place = PLACES.get(facility.id, municipality)
    if city == municipality:
        return place, ""
    if city in LOCALITIES:
        if LOCALITIES[city] == region:
            return PLACES.get(facility.id, f"{city} ({municipality})"), ""
        expected_name = names[LOCALITIES[city]]
        return place, (
            f"PeeringDB's city field says {city}, which lies in {expected_name}, but the coordinates lie "
            f"in {municipality} (CBS 2023 municipal map); the region follows the coordinates."
        )
    if city in names.values():
        return place, (
            f"PeeringDB's city field says {city}, but the coordinates lie in {municipality} (CBS 2023 "
            "municipal map); the region follows the coordinates."
        )
    sys.exit(f"facility {facility.id}: {city!r} is no municipality; add it to LOCALITIES")


def counted(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def facility_note(facility: Facility, mismatch: str) -> str:
    named = f" ({facility.name})" if facility.id in MERGED else ""
    parts = [f"PeeringDB facility {facility.id}{named}, updated {facility.updated}: {facility.address}."]
    if facility.aka:
        parts.append(f"Also listed as '{facility.aka}'.")
    parts.append(
        f"PeeringDB lists {counted(facility.networks, 'network')}, "
        f"{counted(facility.exchanges, 'internet exchange')} and "
        f"{counted(facility.carriers, 'carrier')} there."
    )
    if facility.closed:
        parts.append(
            "Status 'closed' because PeeringDB's name marks it closed; when it closed is not stated."
        )
    elif facility.id not in MERGED:
        parts.append("Status 'operating' means listed in PeeringDB and not marked closed.")
    if mismatch:
        parts.append(mismatch)
    if facility.precision == "area":
        parts.append(
            f"PeeringDB gives no street and number, only '{facility.address1}', so the point is an area."
        )
    if facility.country == "BE":
        parts.append("Region: the province the point lies in (no Belgian municipal map is used).")
    parts.append("Power, floor area, opening year and kind (colocation or hyperscale) are not in PeeringDB.")
    if facility.id in CURATED_NOTES:
        parts.append(CURATED_NOTES[facility.id])
    return " ".join(parts)


def facility_row(
    facility: Facility,
    where: pd.Series,
    geography: Geography,
    fields: Sequence[str],
    existing: Row | None,
) -> Row:
    region = str(where["region"])
    place, mismatch = place_and_mismatch(facility, where, geography.names())
    located = {
        "region_id": region,
        "place": place,
        "lat": str(facility.lat),
        "lon": str(facility.lon),
        "location_precision": facility.precision,
        "location_source_id": facility.source_id,
        "claim_type": "actual",
        "ref_date": facility.updated,
        "source_id": facility.source_id,
        "note": facility_note(facility, mismatch),
    }
    if existing is not None:  # a merged row keeps its name, operator, kind, status and figures
        return {**existing, **located}
    row = dict.fromkeys(fields, "")
    row.update(
        {
            "dc_id": facility.row_id,
            "name": facility.name,
            "operator": facility.operator,
            "status": "closed" if facility.closed else "operating",
            **located,
        }
    )
    return row


def check(facilities: list[Facility], where: pd.DataFrame) -> None:
    for facility in facilities:
        found = where.loc[facility.id]
        if facility.country == "NL" and pd.isna(found["municipality"]):
            sys.exit(f"facility {facility.id}: its point lies in no Dutch municipality")
        if facility.country == "BE" and not str(found["province"]).startswith("BE-"):
            sys.exit(f"facility {facility.id}: its point lies in no Belgian province")


def update(
    sample: list[Facility],
    *,
    dc_fields: Sequence[str],
    dc_rows: list[Row],
    source_fields: Sequence[str],
    source_rows: list[Row],
    geography: Geography,
) -> tuple[list[Row], list[Row]]:
    """The data-centre and source rows after the import; the inputs are left unchanged."""
    imported = [facility for facility in sample if facility.lat is not None and facility.lon is not None]
    points = pd.DataFrame(
        {"lat": [f.lat for f in imported], "lon": [f.lon for f in imported]},
        index=[f.id for f in imported],
    )
    where = geography.locate(points["lat"], points["lon"])
    check(imported, where)

    by_row = {row["dc_id"]: row for row in dc_rows}
    missing = [row_id for row_id in MERGED.values() if row_id not in by_row]
    if missing:
        sys.exit(f"data_centres.csv lacks the rows facilities merge into: {missing}")
    generated = {
        f.row_id: facility_row(f, where.loc[f.id], geography, dc_fields, by_row.get(f.row_id))
        for f in imported
    }
    order = sorted(imported, key=lambda f: (f.country != "NL", generated[f.row_id]["place"], f.id))

    rows = relocated(dc_rows, geography)
    out: list[Row] = []
    for row in rows:
        if row["dc_id"] in generated:
            out.append(generated.pop(row["dc_id"]))
        elif not row["dc_id"].startswith(ROW_PREFIX):  # a facility no longer imported is dropped
            out.append(row)
    out.extend(generated[f.row_id] for f in order if f.row_id in generated)

    sources = {f.source_id: source_row(f, source_fields) for f in imported}
    source_out: list[Row] = []
    for row in source_rows:
        if row["source_id"] in sources:
            source_out.append(sources.pop(row["source_id"]))
        elif not row["source_id"].startswith(SOURCE_PREFIX):
            source_out.append(row)
    source_out.extend(sources[f.source_id] for f in order if f.source_id in sources)
    return out, source_out


def relocated(rows: list[Row], geography: Geography) -> list[Row]:
    """Every row with coordinates gets the region its point lies in (municipality in NL, province
    in BE); a row whose point lies in neither keeps its region and is reported."""
    located = [row for row in rows if row["lat"] and row["lon"]]
    index = [row["dc_id"] for row in located]
    lat = pd.Series([float(row["lat"]) for row in located], index=index, dtype=float)
    lon = pd.Series([float(row["lon"]) for row in located], index=index, dtype=float)
    where = geography.locate(lat, lon)
    names = geography.names()
    out = []
    for row in rows:
        if row["dc_id"] not in where.index:
            out.append(row)
            continue
        region = where.at[row["dc_id"], "region"]
        if pd.isna(region) or not str(region).startswith(("GM", "BE-")):
            print(f"  {row['dc_id']}: point in no municipality or Belgian province; region kept")
            out.append(row)
            continue
        if region != row["region_id"]:
            print(f"  {row['dc_id']}: region {row['region_id']} -> {region} ({names.get(region, region)})")
        out.append({**row, "region_id": str(region)})
    return out


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sample", type=Path, default=SAMPLE, help="the PeeringDB sample CSV")
    args = parser.parse_args(argv)
    if not args.sample.exists():
        sys.exit(f"{args.sample} not found: pass --sample")

    sample = read_sample(args.sample)
    geography = Geography.load()
    dc_fields, dc_rows = read_table(DATA_CENTRES)
    source_fields, source_rows = read_table(SOURCES)
    dc_out, source_out = update(
        sample,
        dc_fields=dc_fields,
        dc_rows=dc_rows,
        source_fields=source_fields,
        source_rows=source_rows,
        geography=geography,
    )
    write_table(DATA_CENTRES, dc_fields, dc_out)
    write_table(SOURCES, source_fields, source_out)

    skipped = [f for f in sample if f.lat is None or f.lon is None]
    imported = len(sample) - len(skipped)
    print(
        f"{imported} of {len(sample)} facilities imported ({len(MERGED)} into existing rows); "
        f"data_centres.csv {len(dc_rows)} -> {len(dc_out)} rows, sources.csv {len(source_rows)} -> "
        f"{len(source_out)} rows"
    )
    for facility in skipped:
        print(f"  not imported, no coordinates: facility {facility.id} {facility.name} ({facility.city})")


if __name__ == "__main__":
    main()
