"""Map: provinces coloured by a chosen measure, toggleable point layers, all offline."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Final

import folium
import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from dashboard import assets, formatting, geo, metrics, provenance
from dashboard.components import maps
from dashboard.i18n import Language
from dashboard.i18n import t as translate
from dashboard.views import state
from dashboard.views.common import (
    current_versions,
    frames,
    frames_at,
    labeller,
    lang,
    page_header,
    static_table,
    t,
)

PAGE: Final = "map"
MAP_HEIGHT: Final = 600
PROVINCE_MEASURES: Final = (
    "data_centres",
    "data_centres_per_100k",
    "campus_companies",
    "cluster_members",
    "population",
)
LAYERS: Final = ("data_centres", "campuses", "events", "clusters")
LAYER_COLOURS: Final = dict(zip(LAYERS, maps.POINT_PALETTE, strict=False))
DATASETS: Final = ("regions", "sources", "data_centres", "clusters", "events", "campuses")


def render() -> None:
    page_header(PAGE)
    left, right = st.columns([1, 2])
    with left:
        measure = state.url_widget(
            st.selectbox,
            t(f"{PAGE}.measure"),
            PROVINCE_MEASURES,
            key=state.MAP_MEASURE,
            default=PROVINCE_MEASURES[0],
            format_func=functools.partial(_measure_label, lang=lang()),
        )
    with right:
        layers = state.url_widget(
            st.pills,
            t(f"{PAGE}.layers"),
            LAYERS,
            key=state.MAP_LAYERS,
            default=LAYERS,
            many=True,
            selection_mode="multi",
            format_func=labeller(f"{PAGE}.layer_"),
        )
    data = frames(*DATASETS)
    fmap, legend = build(measure, tuple(layers or ()), lang())
    st_folium(fmap, returned_objects=[], height=MAP_HEIGHT, use_container_width=True, key="province_map")
    _legend(legend, measure)
    st.caption(t(f"{PAGE}.attribution"))
    _points_table(data, tuple(layers or ()))


def _measure_label(key: str, lang: Language) -> str:
    if key == "data_centres_per_100k":
        return f"{translate('measure.data_centres', lang)} {translate('compare.per_100k_suffix', lang)}"
    return translate(f"measure.{key}", lang)


@st.cache_data(show_spinner=False, max_entries=64)
def _map_inputs(
    versions: tuple[tuple[str, int], ...], measure: str, layers: tuple[str, ...], lang: Language
) -> tuple[dict[str, float | None], list[maps.PointLayer]]:
    """Province values and point layers, computed once per data version and choice."""
    data = frames_at(dict(versions))
    values = province_values(data, list(geo.load_provinces()["region_id"]), measure)
    point_layers = [
        maps.PointLayer(
            translate(f"{PAGE}.layer_{key}", lang), LAYER_COLOURS[key], POINT_BUILDERS[key](data, lang)
        )
        for key in layers
    ]
    return values, point_layers


def build(measure: str, layers: tuple[str, ...], lang: Language) -> tuple[folium.Map, maps.Legend]:
    """A fresh map per run: st_folium renders (and renumbers) the object it is given, so a
    map shared between sessions through a cache would be mutated concurrently. Only the
    map object is rebuilt (a few milliseconds); its inputs come from the cache."""
    values, point_layers = _map_inputs(tuple(current_versions(*DATASETS).items()), measure, layers, lang)
    decimals = 1 if measure == "data_centres_per_100k" else None
    return maps.build_map(
        geo.load_provinces(),
        values,
        value_label=_measure_label(measure, lang),
        format_value=lambda value: formatting.number(value, lang, decimals=decimals),
        layers=point_layers,
        approximate_text=translate(f"{PAGE}.approximate", lang),
        height_px=MAP_HEIGHT,
        leaflet_urls=assets.leaflet_urls(str(st.get_option("server.baseUrlPath") or "")),
    )


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


def _legend(legend: maps.Legend, measure: str) -> None:
    decimals = 1 if measure == "data_centres_per_100k" else None
    items = [
        (
            colour,
            formatting.number(low, lang(), decimals=decimals)
            + ("" if low == high else f"–{formatting.number(high, lang(), decimals=decimals)}"),
        )
        for low, high, colour in legend.bins
    ]
    if legend.has_unknown:
        items.append((legend.unknown_colour, t(f"{PAGE}.no_value")))
    # Only our own numbers and catalogue text go into this HTML; no data text.
    swatches = "".join(
        f'<span style="display:inline-flex;align-items:center;margin-right:1.2em">'
        f'<span style="width:1.1em;height:1.1em;background:{colour};border:1px solid #555;'
        f'margin-right:.4em;display:inline-block"></span>{formatting.html_escape(label)}</span>'
        for colour, label in items
    )
    st.markdown(f"**{t(f'{PAGE}.legend')}:** {swatches}", unsafe_allow_html=True)


# --- Points -----------------------------------------------------------------------


def _approximate(precision: object) -> bool:
    return formatting.is_missing(precision) or precision != "site"


def _located(frame: pd.DataFrame, entity: str) -> pd.DataFrame:
    return frame.dropna(subset=["lat", "lon"]).drop_duplicates(entity)


def _data_centre_points(data: metrics.Frames, lang: Language) -> list[maps.MapPoint]:
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
            maps.MapPoint(row["lat"], row["lon"], row["name"], lines, _approximate(row["location_precision"]))
        )
    return points


def _figure_points(
    dataset: str, entity: str, name: str, measure: str
) -> Callable[[metrics.Frames, Language], list[maps.MapPoint]]:
    def build(data: metrics.Frames, lang: Language) -> list[maps.MapPoint]:
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
                maps.MapPoint(
                    row["lat"], row["lon"], row[name], tuple(lines), _approximate(row["location_precision"])
                )
            )
        return points

    return build


def _or_unknown(value: object, lang: Language) -> str:
    return translate("common.unknown", lang) if formatting.is_missing(value) else str(value)


POINT_BUILDERS: Final[dict[str, Callable[[metrics.Frames, Language], list[maps.MapPoint]]]] = {
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


def _points_table(data: metrics.Frames, layers: tuple[str, ...]) -> None:
    """The same points as a table, and the entities that have no location at all."""
    rows, unplaced = [], []
    for layer in layers:
        entity, name = NAME_COLUMNS[layer]
        frame = data[layer].drop_duplicates(entity)
        for _, row in frame.iterrows():
            if formatting.is_missing(row["lat"]):
                unplaced.append(str(row[name]))
                continue
            rows.append(
                {
                    t(f"{PAGE}.layers"): t(f"{PAGE}.layer_{layer}"),
                    t("common.name"): row[name],
                    t("common.place"): row["place"],
                    t("common.location"): t(f"precision.{row['location_precision']}"),
                    "lat": row["lat"],
                    "lon": row["lon"],
                }
            )
    if st.toggle(t("common.show_table"), key=state.table_toggle_key(PAGE, "points")):
        st.subheader(t(f"{PAGE}.points_table"))
        static_table(pd.DataFrame(rows))
    if unplaced:
        st.caption(t(f"{PAGE}.not_on_map", names=", ".join(unplaced)))
