"""Map: provinces or municipalities coloured by a chosen measure, the groupings' outlines,
toggleable point layers, all offline."""

from __future__ import annotations

import functools
from typing import Final

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from dashboard.analysis import figures
from dashboard.catalog import params
from dashboard.charts import map_layers
from dashboard.text import formatting
from dashboard.ui import url_state
from dashboard.ui.blocks import labeller, names_text, page_header, slide_actions, static_table
from dashboard.ui.data import COMPARISON_DATASETS, frames
from dashboard.ui.language import lang, t
from dashboard.ui.map_block import MAP_HEIGHT, build, legend_line

PAGE: Final = "map"
DATASETS: Final = COMPARISON_DATASETS


def render() -> None:
    page_header(PAGE)
    level_column, left, right = st.columns([1, 1, 2])
    with level_column:
        level = url_state.url_widget(
            st.radio,
            t(f"{PAGE}.level"),
            params.PARAMS[params.MAP_LEVEL].options,
            key=params.MAP_LEVEL,
            default=params.PARAMS[params.MAP_LEVEL].default,
            format_func=labeller(f"{PAGE}.level_"),
        )
    with left:
        measure = url_state.url_widget(
            st.selectbox,
            t(f"{PAGE}.measure"),
            params.PARAMS[params.MAP_MEASURE].options,
            key=params.MAP_MEASURE,
            default=params.PARAMS[params.MAP_MEASURE].default,
            format_func=labeller_for_measures(),
        )
    with right:
        layers = url_state.url_widget(
            st.pills,
            t(f"{PAGE}.layers"),
            params.PARAMS[params.MAP_LAYERS].options,
            key=params.MAP_LAYERS,
            default=params.PARAMS[params.MAP_LAYERS].default,
            many=True,
            selection_mode="multi",
            format_func=labeller(f"{PAGE}.layer_"),
        )
    chosen = tuple(layers or ())
    data = frames(*DATASETS)
    fmap, legend = build(measure, chosen, lang(), level=level)
    st_folium(fmap, returned_objects=[], height=MAP_HEIGHT, use_container_width=True, key="province_map")
    legend_line(legend, measure)
    st.caption(t(f"{PAGE}.attribution_{level}"))
    # Exports and slides draw the same areas and points as a static (plotly) map.
    slide_actions(
        "map",
        {params.MAP_MEASURE: measure, params.MAP_LAYERS: ",".join(chosen), params.MAP_LEVEL: level},
    )
    _points_table(data, chosen)


def labeller_for_measures() -> functools.partial[str]:
    return functools.partial(map_layers.measure_label, lang=lang())


def _points_table(data: figures.Frames, layers: tuple[str, ...]) -> None:
    """The same points as a table, and the entities that have no location at all."""
    rows, unplaced = [], []
    for layer in layers:
        entity, name = map_layers.NAME_COLUMNS[layer]
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
    if st.toggle(t("common.show_table"), key=url_state.table_toggle_key(PAGE, "points")):
        st.subheader(t(f"{PAGE}.points_table"))
        static_table(pd.DataFrame(rows))
    if unplaced:
        st.caption(t(f"{PAGE}.not_on_map", names=names_text(unplaced)))
