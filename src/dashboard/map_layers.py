"""What the map shows, computed without streamlit: one value per province for the colour
scale, and the point layers (sites, campuses, events, clusters) with their tooltips.

The map page draws these with Leaflet; map slides and images draw them with plotly.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

import pandas as pd

from dashboard import formatting, metrics, provenance
from dashboard.components import map_model
from dashboard.i18n import Language
from dashboard.i18n import t as translate

PROVINCE_MEASURES: Final = (
    "data_centres",
    "data_centres_per_100k",
    "campus_companies",
    "cluster_members",
    "population",
)
LAYERS: Final = ("data_centres", "campuses", "events", "clusters")
LAYER_COLOURS: Final = dict(zip(LAYERS, map_model.POINT_PALETTE, strict=False))


def measure_label(key: str, lang: Language) -> str:
    if key == "data_centres_per_100k":
        return f"{translate('measure.data_centres', lang)} {translate('compare.per_100k_suffix', lang)}"
    return translate(f"measure.{key}", lang)


def decimals_for(measure: str) -> int | None:
    return 1 if measure == "data_centres_per_100k" else None


def province_values(data: metrics.Frames, province_ids: list[str], measure: str) -> dict[str, float | None]:
    """One number per province for the colour scale; None where it is unknown."""
    regions = data["regions"].set_index("region_id")
    if measure == "population":
        return {
            region: formatting.scalar_float(regions.at[region, "population"])
            if region in regions.index
            else None
            for region in province_ids
        }
    known = [region for region in province_ids if region in regions.index]
    headline = "data_centres" if measure == "data_centres_per_100k" else measure
    table = metrics.headline_table(data, known, [headline]).set_index("region_id")
    low, high = ("per_100k_low", "per_100k_high") if measure == "data_centres_per_100k" else ("low", "high")
    values: dict[str, float | None] = {}
    for region in province_ids:
        if region not in table.index:
            values[region] = None
            continue
        lower = formatting.scalar_float(table.at[region, low])
        upper = formatting.scalar_float(table.at[region, high])
        # Colour by a single number only when the figure is one; a range stays uncoloured.
        exact = lower is not None and (upper is None or lower == upper)
        values[region] = lower if exact else None
    return values


# --- Points -----------------------------------------------------------------------


def _approximate(precision: object) -> bool:
    return formatting.is_missing(precision) or precision != "site"


def _located(frame: pd.DataFrame, entity: str) -> pd.DataFrame:
    return frame.dropna(subset=["lat", "lon"]).drop_duplicates(entity)


def _data_centre_points(data: metrics.Frames, lang: Language) -> list[map_model.MapPoint]:
    sources = data["sources"]
    points = []
    for _, row in _located(data["data_centres"], "dc_id").iterrows():
        capacity = formatting.figure(row["capacity_mw_low"], row["capacity_mw_high"], lang, unit="MW")
        lines = (
            f"{translate('data_centres.operator', lang)}: {_or_unknown(row['operator'], lang)}",
            f"{translate('data_centres.status', lang)}: {translate('status.' + row['status'], lang)}",
            f"{translate('data_centres.capacity', lang)}: {capacity}",
            provenance.hover_lines([row["source_id"]], sources, lang),
        )
        points.append(
            map_model.MapPoint(
                row["lat"], row["lon"], row["name"], lines, _approximate(row["location_precision"])
            )
        )
    return points


def _figure_points(
    dataset: str, entity: str, name: str, measure: str
) -> Callable[[metrics.Frames, Language], list[map_model.MapPoint]]:
    def build(data: metrics.Frames, lang: Language) -> list[map_model.MapPoint]:
        frame, sources = data[dataset], data["sources"]
        latest = metrics.latest(frame, entity, measure).set_index(entity)
        points = []
        for _, row in _located(frame, entity).iterrows():
            lines = []
            if row[entity] in latest.index:
                found = latest.loc[row[entity]]
                value = formatting.figure(
                    found["value_low"], found["value_high"], lang, qualifier=found["qualifier"]
                )
                when = formatting.ref_date(found["ref_date"], lang)
                lines += [
                    f"{translate(f'measure.{measure}', lang)}: {value} ({when})",
                    provenance.hover_lines([found["source_id"]], sources, lang),
                ]
            else:
                lines.append(f"{translate(f'measure.{measure}', lang)}: {translate('common.unknown', lang)}")
            points.append(
                map_model.MapPoint(
                    row["lat"], row["lon"], row[name], tuple(lines), _approximate(row["location_precision"])
                )
            )
        return points

    return build


def _or_unknown(value: object, lang: Language) -> str:
    return translate("common.unknown", lang) if formatting.is_missing(value) else str(value)


POINT_BUILDERS: Final[dict[str, Callable[[metrics.Frames, Language], list[map_model.MapPoint]]]] = {
    "data_centres": _data_centre_points,
    "campuses": _figure_points("campuses", "campus_id", "campus_name", "companies"),
    "events": _figure_points("events", "event_id", "event_name", "visitors"),
    "clusters": _figure_points("clusters", "cluster_id", "cluster_name", "member_organisations"),
}
NAME_COLUMNS: Final = {
    "data_centres": ("dc_id", "name"),
    "campuses": ("campus_id", "campus_name"),
    "events": ("event_id", "event_name"),
    "clusters": ("cluster_id", "cluster_name"),
}


def point_layers(data: metrics.Frames, layers: tuple[str, ...], lang: Language) -> list[map_model.PointLayer]:
    return [
        map_model.PointLayer(
            translate(f"map.layer_{key}", lang), LAYER_COLOURS[key], POINT_BUILDERS[key](data, lang)
        )
        for key in layers
    ]
