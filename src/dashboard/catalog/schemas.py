"""One pandera model per dataset: the single place that says what a valid row is.

Conventions shared by every figure-bearing dataset:

* A figure is a range ``[value_low, value_high]``. An exact figure has ``value_low ==
  value_high``; a one-sided claim ("more than 10") fills one side and names it in
  ``qualifier``; an unknown figure leaves both empty (the UI then says "unknown").
  Ranges are never collapsed to a midpoint: "1.5-2 million" stays 1.5 and 2 million.
* ``ref_date`` is when the figure applies: ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``, or an
  interval ``start/end`` (ISO 8601) when the source is undated and only a period can be
  inferred. It is never invented: the note says how an interval was inferred.
* ``claim_type`` says what kind of statement the figure is (a forecast is not an actual).
* ``source_id`` resolves to a row of ``sources``; the registry test checks it.
"""

from __future__ import annotations

from typing import Any, ClassVar, Final

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

CLAIM_TYPES: Final = ("forecast", "target", "estimate", "actual", "self-reported")
CONFIDENCE_LEVELS: Final = ("high", "medium", "low")
QUALIFIERS: Final = ("approx", "more_than", "at_least", "up_to")
LOCATION_PRECISIONS: Final = ("site", "street", "area", "municipality", "region")
REGION_KINDS: Final = (
    "country",
    "province",
    "municipality",
    "landsdeel",
    "metro_area",
    "economic_region",
)
MEMBERSHIPS: Final = ("complete", "partial")
AREA_KINDS: Final = ("land", "total")  # what a region's stated area covers
DC_STATUSES: Final = ("operating", "planned", "under_construction", "on_hold", "cancelled", "closed")
DC_KINDS: Final = ("colocation", "hyperscale", "government")
# The coded values the pages show in words: catalogue section -> values, each shown as
# t("<section>.<value>"). Membership and data-centre kind are not shown as words.
LABELLED_VALUES: Final[dict[str, tuple[str, ...]]] = {
    "claim": CLAIM_TYPES,
    "confidence": CONFIDENCE_LEVELS,
    "qualifier": QUALIFIERS,
    "status": DC_STATUSES,
    "precision": LOCATION_PRECISIONS,
    "kind": REGION_KINDS,
    "area": AREA_KINDS,
}

_DATE = r"\d{4}(-\d{2}(-\d{2})?)?"
REF_DATE_PATTERN: Final = rf"^{_DATE}(/{_DATE})?$"
ID_PATTERN: Final = r"^[A-Za-z0-9][A-Za-z0-9_.-]*$"

# The Netherlands and Belgium lie well inside these bounds; a point outside them is a
# typo or swapped latitude/longitude.
LAT_RANGE: Final = (49.0, 54.5)
LON_RANGE: Final = (2.0, 8.0)


def _id_field(*, unique: bool = False) -> Any:  # pa.Field returns Any; the attribute's annotation types it
    return pa.Field(str_matches=ID_PATTERN, str_length={"max_value": 64}, unique=unique)


def _range_is_ordered(frame: pd.DataFrame, low: str, high: str) -> pd.Series:
    """True where the range is empty, one-sided, or low <= high."""
    both = frame[low].notna() & frame[high].notna()
    return ~both | (frame[low] <= frame[high])


class _Strict(pa.DataFrameModel):
    class Config:
        strict = True  # an unexpected column is an error: it would be silently dropped
        coerce = True


class SourceSchema(_Strict):
    """A publication a figure was taken from."""

    source_id: Series[str] = _id_field(unique=True)
    title: Series[str] = pa.Field(str_length={"min_value": 1, "max_value": 300})
    publisher: Series[str] = pa.Field(str_length={"min_value": 1, "max_value": 200})
    url: Series[str] = pa.Field(nullable=True, str_matches=r"^https?://\S+$")
    published: Series[str] = pa.Field(nullable=True, str_matches=REF_DATE_PATTERN)
    language: Series[str] = pa.Field(str_matches=r"^[a-z]{2}$")  # ISO 639-1 of the publication
    quote: Series[str] = pa.Field(nullable=True, str_length={"max_value": 400})
    confidence: Series[str] = pa.Field(isin=CONFIDENCE_LEVELS)
    note: Series[str] = pa.Field(nullable=True)


class RegionSchema(_Strict):
    """A place a figure can be compared by: country, province, municipality or grouping."""

    region_id: Series[str] = _id_field(unique=True)
    name_nl: Series[str]
    name_en: Series[str]
    kind: Series[str] = pa.Field(isin=REGION_KINDS)
    country: Series[str] = pa.Field(isin=("NL", "BE"))
    parent_id: Series[str] = pa.Field(nullable=True)
    # Groupings list their members as "NL-GR|NL-FR|NL-DR"; an entity counts in a
    # grouping when its region is a member or lies inside one.
    members: Series[str] = pa.Field(nullable=True, str_matches=r"^[A-Za-z0-9_.-]+(\|[A-Za-z0-9_.-]+)*$")
    # Whether every member is modelled (``members``, or for a province the regions whose
    # ``parent_id`` it is): only then may a missing population or area be summed from them.
    membership: Series[str] = pa.Field(nullable=True, isin=MEMBERSHIPS)
    # The municipal map a region belongs to: a municipality merged away on 1 Jan 2025 has
    # ``valid_to`` 2024-12-31, the merged one ``valid_from`` 2025-01-01. Empty: both maps.
    valid_from: Series[str] = pa.Field(nullable=True, str_matches=REF_DATE_PATTERN)
    valid_to: Series[str] = pa.Field(nullable=True, str_matches=REF_DATE_PATTERN)
    focus_order: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=1)
    population: Series[pd.Int64Dtype] = pa.Field(nullable=True, gt=0)
    population_date: Series[str] = pa.Field(nullable=True, str_matches=REF_DATE_PATTERN)
    population_source_id: Series[str] = pa.Field(nullable=True)
    area_km2: Series[float] = pa.Field(nullable=True, gt=0)
    area_kind: Series[str] = pa.Field(nullable=True, isin=AREA_KINDS)
    area_date: Series[str] = pa.Field(nullable=True, str_matches=REF_DATE_PATTERN)
    area_source_id: Series[str] = pa.Field(nullable=True)
    # The city centre a radius ("within 25 km of Almere") is drawn around.
    lat: Series[float] = pa.Field(
        nullable=True, in_range={"min_value": LAT_RANGE[0], "max_value": LAT_RANGE[1]}
    )
    lon: Series[float] = pa.Field(
        nullable=True, in_range={"min_value": LON_RANGE[0], "max_value": LON_RANGE[1]}
    )
    location_source_id: Series[str] = pa.Field(nullable=True)
    source_id: Series[str]
    note: Series[str] = pa.Field(nullable=True)

    class Config:
        # Versions published before the centre columns existed still validate (rollback).
        add_missing_columns = True

    @pa.dataframe_check(error="a centre needs both lat and lon and a source")
    @classmethod
    def centre_is_sourced(cls, frame: pd.DataFrame) -> pd.Series:
        has_lat, has_lon = frame["lat"].notna(), frame["lon"].notna()
        return (~has_lat & ~has_lon) | (has_lat & has_lon & frame["location_source_id"].notna())

    @pa.dataframe_check(error="a population or area needs its date and source")
    @classmethod
    def denominators_are_sourced(cls, frame: pd.DataFrame) -> pd.Series:
        pop_ok = frame["population"].isna() | (
            frame["population_date"].notna() & frame["population_source_id"].notna()
        )
        area_ok = frame["area_km2"].isna() | (
            frame["area_date"].notna() & frame["area_source_id"].notna() & frame["area_kind"].notna()
        )
        return pop_ok & area_ok


class _Located(_Strict):
    """Columns of anything drawn as a point on the map."""

    region_id: Series[str]
    place: Series[str] = pa.Field(nullable=True)
    lat: Series[float] = pa.Field(
        nullable=True, in_range={"min_value": LAT_RANGE[0], "max_value": LAT_RANGE[1]}
    )
    lon: Series[float] = pa.Field(
        nullable=True, in_range={"min_value": LON_RANGE[0], "max_value": LON_RANGE[1]}
    )
    location_precision: Series[str] = pa.Field(nullable=True, isin=LOCATION_PRECISIONS)
    location_source_id: Series[str] = pa.Field(nullable=True)

    @pa.dataframe_check(error="a point needs both lat and lon, a precision and a source")
    @classmethod
    def point_is_complete(cls, frame: pd.DataFrame) -> pd.Series:
        has_lat, has_lon = frame["lat"].notna(), frame["lon"].notna()
        complete = (
            has_lat & has_lon & frame["location_precision"].notna() & frame["location_source_id"].notna()
        )
        return (~has_lat & ~has_lon) | complete


class _Claim(_Strict):
    """What kind of statement, when it applies, and who made it."""

    claim_type: Series[str] = pa.Field(isin=CLAIM_TYPES)
    ref_date: Series[str] = pa.Field(str_matches=REF_DATE_PATTERN)
    source_id: Series[str]
    note: Series[str] = pa.Field(nullable=True)


class _Figure(_Claim):
    """One figure as a range; see the module docstring."""

    value_low: Series[float] = pa.Field(nullable=True)
    value_high: Series[float] = pa.Field(nullable=True)
    qualifier: Series[str] = pa.Field(nullable=True, isin=QUALIFIERS)
    unit: Series[str] = pa.Field(str_length={"min_value": 1, "max_value": 40})

    @pa.dataframe_check(error="value_low must not exceed value_high")
    @classmethod
    def range_is_ordered(cls, frame: pd.DataFrame) -> pd.Series:
        return _range_is_ordered(frame, "value_low", "value_high")


class DataCentreSchema(_Located, _Claim):
    """One data-centre site (or announced project), with what is known of its size."""

    dc_id: Series[str] = _id_field(unique=True)
    name: Series[str] = pa.Field(str_length={"min_value": 1, "max_value": 200})
    operator: Series[str] = pa.Field(nullable=True)
    kind: Series[str] = pa.Field(nullable=True, isin=DC_KINDS)
    status: Series[str] = pa.Field(isin=DC_STATUSES)
    opened: Series[str] = pa.Field(nullable=True, str_matches=REF_DATE_PATTERN)
    capacity_mw_low: Series[float] = pa.Field(nullable=True, ge=0)
    capacity_mw_high: Series[float] = pa.Field(nullable=True, ge=0)
    floor_area_m2_low: Series[float] = pa.Field(nullable=True, ge=0)
    floor_area_m2_high: Series[float] = pa.Field(nullable=True, ge=0)
    site_area_ha_low: Series[float] = pa.Field(nullable=True, ge=0)
    site_area_ha_high: Series[float] = pa.Field(nullable=True, ge=0)

    @pa.dataframe_check(error="a low bound must not exceed its high bound")
    @classmethod
    def ranges_are_ordered(cls, frame: pd.DataFrame) -> pd.Series:
        ok = pd.Series(True, index=frame.index)
        for measure in ("capacity_mw", "floor_area_m2", "site_area_ha"):
            ok &= _range_is_ordered(frame, f"{measure}_low", f"{measure}_high")
        return ok


class ClusterSchema(_Located, _Figure):
    """A cluster organisation's figure (members) at a date."""

    cluster_id: Series[str] = _id_field()
    cluster_name: Series[str]
    measure: Series[str] = _id_field()

    class Config:
        unique: ClassVar[list[str]] = ["cluster_id", "measure", "ref_date"]


class EventSchema(_Located, _Figure):
    """An event figure: a forecast, target, revision or actual, dated when it was said."""

    event_id: Series[str] = _id_field()
    event_name: Series[str]
    measure: Series[str] = _id_field()
    edition: Series[pd.Int64Dtype] = pa.Field(ge=1900, le=2100)

    class Config:
        unique: ClassVar[list[str]] = ["event_id", "edition", "measure", "claim_type", "ref_date"]


class CampusSchema(_Located, _Figure):
    """A tech campus figure (companies, people, area) at a date."""

    campus_id: Series[str] = _id_field()
    campus_name: Series[str]
    measure: Series[str] = _id_field()

    class Config:
        unique: ClassVar[list[str]] = ["campus_id", "measure", "claim_type", "ref_date"]


class IndicatorSchema(_Figure):
    """A context series (AMS-IX peak traffic, DDA counts, operator site counts)."""

    indicator_id: Series[str] = _id_field()
    subject: Series[str]
    region_id: Series[str]

    class Config:
        unique: ClassVar[list[str]] = ["indicator_id", "region_id", "ref_date"]


def column_order(model: type[pa.DataFrameModel]) -> list[str]:
    """The model's columns, its own first and shared ones (location, figure, claim) after.

    pandera lists inherited columns first; a person reading a CSV wants the identifying
    columns on the left, so walk the MRO from the most derived class instead.
    """
    names = set(model.to_schema().columns)
    ordered: list[str] = []
    for klass in model.__mro__:
        for name in vars(klass).get("__annotations__", {}):
            if name in names and name not in ordered:
                ordered.append(name)
    return ordered


def primary_key(model: type[pa.DataFrameModel]) -> tuple[str, ...]:
    """The columns that identify a row, as the schema states them (and pandera checks them).

    A table keyed by several columns says so in ``Config.unique``; a table keyed by one has a
    single ``unique=True`` id column. Stating it only here keeps the registry, the diff of an
    upload and the data dictionary from disagreeing with what validation enforces.
    """
    schema = model.to_schema()
    if schema.unique:
        return tuple(schema.unique)
    unique = tuple(name for name, column in schema.columns.items() if column.unique)
    if len(unique) != 1:
        raise ValueError(f"{model.__name__} states no primary key (Config.unique or one unique id column)")
    return unique
