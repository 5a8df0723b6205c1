"""The map page's Leaflet map and its legend, drawn by the map page and the map slide alike.

Only the content (areas, values, points) is cached; the folium map object is made per run.
"""

from __future__ import annotations

from typing import Final

import folium
import streamlit as st

from dashboard.catalog import params
from dashboard.charts import folium_maps, leaflet_assets, map_layers, map_legend
from dashboard.text.i18n import Language
from dashboard.ui.data import COMPARISON_DATASETS, by_version
from dashboard.ui.language import lang, t

MAP_HEIGHT: Final = 600

_map_content = by_version(map_layers.map_content, max_entries=64)


def build(
    measure: str,
    layers: tuple[str, ...],
    lang: Language,
    *,
    level: str = params.LEVELS[0],
    height: int = MAP_HEIGHT,
) -> tuple[folium.Map, folium_maps.Legend]:
    """A fresh map per run: st_folium renders (and renumbers) the object it is given, so a
    map shared between sessions through a cache would be mutated concurrently. Only the
    map object is rebuilt; its content comes from the cache."""
    content = _map_content(COMPARISON_DATASETS, measure, layers, level, lang)
    return folium_maps.build_map(
        **content.arguments(),
        height_px=height,
        leaflet_urls=leaflet_assets.leaflet_urls(str(st.get_option("server.baseUrlPath") or "")),
    )


def legend_line(legend: folium_maps.Legend, measure: str) -> None:
    """The legend under the map: the measure as its title, its classes as ranges, light to dark."""
    items = map_legend.legend_items(legend, lang(), map_layers.decimals_for(measure), t("map.no_value"))
    # Only our own numbers and catalogue text go into this HTML, escaped all the same.
    st.markdown(
        map_legend.legend_html(map_layers.measure_label(measure, lang()), items), unsafe_allow_html=True
    )
