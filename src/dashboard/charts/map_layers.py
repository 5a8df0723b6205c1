"""What the map shows, computed without streamlit: the areas (provinces, or municipalities),
one value per area for the colour scale with a popup saying what it is and where it comes
from, the outlines of the groupings, and the point layers (sites, campuses, events,
clusters) with their tooltips.

The map page draws these with Leaflet; map slides and images draw them with plotly.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final

import pandas as pd

from dashboard.analysis import areas, figures, headlines
from dashboard.catalog import measures as catalog
from dashboard.catalog.params import LAYERS, POPULATION, split_area_measure
from dashboard.charts import map_model, member_notes
from dashboard.text import formatting, provenance
from dashboard.text.i18n import Language
from dashboard.text.i18n import t as translate

LAYER_COLOURS: Final = dict(zip(LAYERS, map_model.POINT_PALETTE, strict=False))
# A point layer is a measure's dataset: its entities' id and name columns and what counts them.
LAYER_MEASURES: Final = {measure.dataset: measure for measure in catalog.MEASURES.values()}
# Groupings drawn as outlines over either level, dissolved from their members' polygons.
OUTLINE_KINDS: Final = ("landsdeel", "metro_area", "economic_region")
# Dissolving simplified neighbours leaves hairline gaps; closing by this much (degrees,
# ~200 m) and simplifying again gives one clean line per grouping.
OUTLINE_CLOSING: Final = 0.002
OUTLINE_DECIMALS: Final = 3

if TYPE_CHECKING:
    import geopandas as gpd


def measure_label(key: str, lang: Language) -> str:
    measure, normalisation = split_area_measure(key)
    name = translate(f"measure.{measure}", lang)
    if normalisation == catalog.ABSOLUTE:
        return name
    return f"{name} {translate(f'compare.{normalisation}_suffix', lang)}"


def decimals_for(measure: str) -> int | None:
    return catalog.NORMALISATIONS[split_area_measure(measure)[1]].decimals


@dataclass(frozen=True)
class AreaFigure:
    """What the map says about one area: the number it is coloured by (None = uncoloured),
    the figure as text, and the population it was divided by, with date and source."""

    value: float | None
    text: str
    population: areas.Denominator


def area_figures(
    data: figures.Frames, region_ids: Sequence[str], measure: str, lang: Language
) -> dict[str, AreaFigure]:
    """One figure per area (province, municipality) for the colour scale and its popup.

    Only areas that contain a row of the measure's dataset are computed; the others have no
    figure in the sources, which is said as such, never drawn as zero. That keeps a map of
    342 municipalities as cheap as one of 23 provinces.
    """
    regions = data["regions"]
    known = set(regions["region_id"])
    ids = [region for region in region_ids if region in known]
    people = areas.populations(ids, regions)
    names = dict(zip(regions["region_id"], regions[f"name_{lang}"], strict=True))
    no_figures = translate("compare.no_figures", lang)
    if measure == POPULATION:
        return {
            region: AreaFigure(
                people[region].value if region in people else None,
                formatting.number(people[region].value, lang) if region in people else no_figures,
                people.get(region, areas.Denominator(None)),
            )
            for region in region_ids
        }
    headline, normalisation = split_area_measure(measure)
    dataset = catalog.MEASURES[headline].dataset
    closure = areas.region_closure(regions)
    placed = set(data[dataset]["region_id"])
    counted = [region for region in ids if closure.get(region, frozenset({region})) & placed]
    table = headlines.headline_table(data, counted, [headline]).set_index("region_id") if counted else None
    low, high = catalog.NORMALISATIONS[normalisation].low, catalog.NORMALISATIONS[normalisation].high
    decimals = decimals_for(measure)
    figures: dict[str, AreaFigure] = {}
    for region in region_ids:
        population = people.get(region, areas.Denominator(None))
        if table is None or region not in table.index:
            figures[region] = AreaFigure(None, no_figures, population)
            continue
        lower = formatting.scalar_float(table.at[region, low])
        upper = formatting.scalar_float(table.at[region, high])
        absolute_known = not formatting.is_missing(table.at[region, "low"]) or not formatting.is_missing(
            table.at[region, "high"]
        )
        if lower is None and upper is None:
            text = translate("compare.no_denominator" if absolute_known else "compare.no_figures", lang)
        else:
            text = formatting.figure(
                lower,
                upper,
                lang,
                qualifier=formatting.scalar_text(table.at[region, "qualifier"]),
                decimals=decimals,
            )
            # A province's sites in 3 of its 44 municipalities, divided by all its inhabitants.
            coverage = {column: table.at[region, column] for column in ("covered_members", "member_count")}
            how = catalog.NORMALISATIONS[normalisation]
            text = member_notes.with_partial(text, coverage, how, names, lang)
        # Colour by a single number only when the figure is one; a range stays uncoloured.
        exact = lower is not None and (upper is None or lower == upper)
        figures[region] = AreaFigure(lower if exact else None, text, population)
    return figures


def area_info(figure: AreaFigure, sources: pd.DataFrame, lang: Language) -> map_model.AreaInfo:
    """The popup of an area: the measure's value, the population with its date, its source."""
    population = figure.population
    if population.value is None:
        return map_model.AreaInfo(figure.text, translate("common.unknown", lang), "")
    return map_model.AreaInfo(
        figure.text,
        f"{formatting.number(population.value, lang)} ({formatting.ref_date(population.ref_date, lang)})",
        provenance.short_sources(list(population.source_ids), sources, lang),
    )


def area_details(
    figures: dict[str, AreaFigure], sources: pd.DataFrame, lang: Language
) -> map_model.AreaDetails:
    return map_model.AreaDetails(
        {region: area_info(figure, sources, lang) for region, figure in figures.items()},
        translate("common.name", lang),
        translate("common.population", lang),
        translate("map.population_source", lang),
    )


@dataclass(frozen=True)
class MapContent:
    """Everything one map draws, in the viewer's language: built once per data version and
    choice (the page caches it), drawn by ``charts.folium_maps.build_map(**content.arguments())``."""

    areas: gpd.GeoDataFrame
    values: dict[str, float | None]
    details: map_model.AreaDetails
    outlines: list[map_model.Outline]
    layers: list[map_model.PointLayer]
    value_label: str
    decimals: int | None
    outline_label: str
    approximate_text: str
    lang: Language
    framed: frozenset[str] = frozenset()

    def arguments(self) -> dict[str, Any]:
        """The keyword arguments of ``build_map`` (the caller adds height and Leaflet's URLs)."""
        decimals, lang = self.decimals, self.lang
        return {
            "provinces": self.areas,
            "values": self.values,
            "value_label": self.value_label,
            "format_value": lambda value: formatting.number(value, lang, decimals=decimals),
            "details": self.details,
            "outlines": self.outlines,
            "outline_label": self.outline_label,
            "layers": self.layers,
            "approximate_text": self.approximate_text,
            "framed": self.framed,
        }


def map_content(
    data: figures.Frames, measure: str, layers: Sequence[str], level: str, lang: Language
) -> MapContent:
    """The map page's content: areas at ``level`` coloured by ``measure``, with popups, the
    groupings' outlines and the chosen point layers."""
    shown = map_areas(level, data["regions"], lang)
    figures = area_figures(data, list(shown["region_id"]), measure, lang)
    return MapContent(
        areas=shown,
        values={region: figure.value for region, figure in figures.items()},
        details=area_details(figures, data["sources"], lang),
        outlines=grouping_outlines(data["regions"], lang),
        layers=point_layers(data, tuple(layers), lang),
        value_label=measure_label(measure, lang),
        decimals=decimals_for(measure),
        outline_label=translate("map.outlines", lang),
        approximate_text=translate("map.approximate", lang),
        lang=lang,
        framed=modelled(data["regions"]),
    )


def modelled(regions: pd.DataFrame) -> frozenset[str]:
    """The regions the product models down to municipalities: every municipality and the
    provinces they lie in (all Dutch ones; in Belgium, Limburg only). The map opens on these."""
    municipalities = regions[regions["kind"] == "municipality"]
    parents = municipalities["parent_id"].dropna()
    return frozenset(str(region) for region in [*municipalities["region_id"], *parents])


def map_areas(level: str, regions: pd.DataFrame, lang: Language) -> gpd.GeoDataFrame:
    """The areas a level colours: region_id, name (in ``lang`` where the region is modelled),
    geometry. Municipalities: the Dutch municipal polygons, the Belgian provinces, and Belgian
    municipalities with a sourced centre as points (no licence-clean polygons exist)."""
    import geopandas as gpd  # noqa: PLC0415  (imported when a map is drawn, not per page)

    from dashboard.analysis import geo  # noqa: PLC0415

    names = dict(zip(regions["region_id"], regions[f"name_{lang}"], strict=True))
    provinces = geo.load_provinces()
    if level != "municipalities":
        shown = provinces[["region_id", "name", "geometry"]]
    else:
        municipalities = geo.load_municipalities()[["region_id", "name", "geometry"]]
        belgian = provinces[provinces["country"] == "BE"][["region_id", "name", "geometry"]]
        centres = regions[
            (regions["country"] == "BE")
            & (regions["kind"] == "municipality")
            & regions["lat"].notna()
            & regions["lon"].notna()
        ]
        points = gpd.GeoDataFrame(
            {"region_id": list(centres["region_id"]), "name": list(centres[f"name_{lang}"])},
            geometry=gpd.points_from_xy(centres["lon"].astype(float), centres["lat"].astype(float)),
            crs=provinces.crs,
        )
        shown = pd.concat([municipalities, belgian, points], ignore_index=True)
    shown = shown.assign(
        name=[names.get(region, name) for region, name in zip(shown["region_id"], shown["name"], strict=True)]
    )
    return gpd.GeoDataFrame(shown, geometry="geometry", crs=provinces.crs).reset_index(drop=True)


def grouping_outlines(regions: pd.DataFrame, lang: Language) -> list[map_model.Outline]:
    """The outline of each grouping (Noord-Nederland, MRA, Brainport), dissolved from the
    municipal polygons that lie inside it; a grouping with no Dutch municipality is skipped."""
    closure = areas.region_closure(regions)
    groupings = regions[regions["kind"].isin(OUTLINE_KINDS)]
    outlines = []
    for region_id, name in zip(groupings["region_id"], groupings[f"name_{lang}"], strict=True):
        geometry = _dissolved(tuple(sorted(closure.get(region_id, frozenset()))))
        if geometry is not None:
            outlines.append(map_model.Outline(str(name), geometry))
    return outlines


@functools.lru_cache(maxsize=32)
def _dissolved(inside: tuple[str, ...]) -> dict[str, Any] | None:
    """The exterior rings of the union of the municipalities among ``inside``, as GeoJSON."""
    import shapely  # noqa: PLC0415
    from shapely.geometry import MultiPolygon, Polygon  # noqa: PLC0415

    from dashboard.analysis import geo  # noqa: PLC0415

    municipalities = geo.load_municipalities()
    members = municipalities[municipalities["region_id"].isin(inside)]
    if members.empty:
        return None
    # A union on the file's own 0.001-degree grid is robust to the simplified polygons' slivers.
    union = shapely.union_all(list(members.geometry), grid_size=10**-OUTLINE_DECIMALS)
    closed = union.buffer(OUTLINE_CLOSING, join_style="mitre").buffer(-OUTLINE_CLOSING, join_style="mitre")
    closed = shapely.make_valid(closed.simplify(OUTLINE_CLOSING / 2))
    parts = [part for part in getattr(closed, "geoms", [closed]) if isinstance(part, Polygon)]
    # Only the outer edge: a grouping's outline is its border, not its lakes.
    outer = MultiPolygon([Polygon(part.exterior) for part in parts if not part.is_empty])
    return {"type": "MultiPolygon", "coordinates": _rounded(shapely.geometry.mapping(outer)["coordinates"])}


def _rounded(value: Any) -> Any:
    if isinstance(value, float):
        return round(value, OUTLINE_DECIMALS)
    return [_rounded(item) for item in value]


# --- Points -----------------------------------------------------------------------


def _approximate(precision: object) -> bool:
    return formatting.is_missing(precision) or precision != "site"


def _located(frame: pd.DataFrame, entity: str) -> pd.DataFrame:
    return frame.dropna(subset=["lat", "lon"]).drop_duplicates(entity)


def _data_centre_points(data: figures.Frames, lang: Language) -> list[map_model.MapPoint]:
    sources, sites = data["sources"], LAYER_MEASURES["data_centres"]
    points = []
    for _, row in _located(data[sites.dataset], sites.entity_id).iterrows():
        capacity = formatting.figure(row["capacity_mw_low"], row["capacity_mw_high"], lang, unit="MW")
        lines = (
            f"{translate('data_centres.operator', lang)}: {_or_unknown(row['operator'], lang)}",
            f"{translate('data_centres.status', lang)}: {translate('status.' + row['status'], lang)}",
            f"{translate('data_centres.capacity', lang)}: {capacity}",
            provenance.hover_lines([row["source_id"]], sources, lang),
        )
        points.append(
            map_model.MapPoint(
                row["lat"], row["lon"], row[sites.entity_name], lines, _approximate(row["location_precision"])
            )
        )
    return points


def _figure_points(
    counted: catalog.Measure,
) -> Callable[[figures.Frames, Language], list[map_model.MapPoint]]:
    """A layer's points with the latest figure of the measure its entities are counted by
    (a campus's companies, an event's visitors, a cluster's member organisations)."""
    dataset, entity, name, measure = (
        counted.dataset,
        counted.entity_id,
        counted.entity_name,
        counted.counted_by[1],
    )

    def build(data: figures.Frames, lang: Language) -> list[map_model.MapPoint]:
        frame, sources = data[dataset], data["sources"]
        latest = figures.latest(frame, entity, measure).set_index(entity)
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


POINT_BUILDERS: Final[dict[str, Callable[[figures.Frames, Language], list[map_model.MapPoint]]]] = {
    layer: _data_centre_points if layer == "data_centres" else _figure_points(LAYER_MEASURES[layer])
    for layer in LAYERS
}
NAME_COLUMNS: Final = {
    layer: (measure.entity_id, measure.entity_name) for layer, measure in LAYER_MEASURES.items()
}


def point_layers(data: figures.Frames, layers: tuple[str, ...], lang: Language) -> list[map_model.PointLayer]:
    return [
        map_model.PointLayer(
            translate(f"map.layer_{key}", lang), LAYER_COLOURS[key], POINT_BUILDERS[key](data, lang)
        )
        for key in layers
    ]
