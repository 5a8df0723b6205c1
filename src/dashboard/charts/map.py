"""The map page as a static chart: its areas, outlines and points drawn with plotly, for
slides, images and decks (the live page draws the same content with Leaflet), and the map's
choices (measure, point layers, level) with the defaults its slide falls back to.
"""

from __future__ import annotations

import pandas as pd

from dashboard.analysis import figures
from dashboard.catalog import params
from dashboard.charts import map_layers, map_legend, map_model, plotly_map
from dashboard.charts.slide import Settings, Slide, source_line
from dashboard.text import formatting
from dashboard.text.i18n import Language, t


def chosen_map(settings: Settings) -> tuple[str, tuple[str, ...], str]:
    """(measure, point layers, level) from the settings, or the map's defaults."""
    measure = params.PARAMS[params.MAP_MEASURE].pick(settings)
    raw = settings.get(params.MAP_LAYERS)
    layers = params.PARAMS[params.MAP_LAYERS].options
    chosen = layers if raw is None else tuple(layer for layer in layers if layer in raw.split(","))
    return measure, chosen, params.PARAMS[params.MAP_LEVEL].pick(settings)


def map_slide(settings: Settings, frames: figures.Frames, lang: Language) -> Slide:
    """The map page's areas, outlines and points as a static map (slides, images, decks)."""
    measure, layers, level = chosen_map(settings)
    content = map_layers.map_content(frames, measure, layers, level, lang)
    ids = list(content.areas["region_id"])
    texts = {region: content.details.info[region].value for region in ids}
    legend = map_model.classify(content.values.values())
    names = dict(zip(ids, content.areas["name"], strict=True))
    hover = {region: f"{formatting.html_escape(names[region])}: {texts[region]}" for region in ids}
    drawn = [
        (
            layer.label,
            layer.colour,
            [
                (float(point.lat), float(point.lon), formatting.html_escape(point.title))
                for point in layer.points
            ],
        )
        for layer in content.layers
    ]
    located = [frames[layer].dropna(subset=["lat", "lon"]) for layer in layers]
    source_ids = [source for frame in located for source in frame["source_id"]]
    ref_dates = pd.concat([frame["ref_date"] for frame in located]) if located else pd.Series(dtype=object)
    # The table lists what has a figure: 350 rows of "no figures" would hide the few that do.
    listed = [region for region in ids if content.values[region] is not None] or ids
    return Slide(
        title=f"{t('map.title', lang)}: {content.value_label}",
        figure=plotly_map.province_map(
            content.areas,
            {region: legend.colour_for(value) for region, value in content.values.items()},
            hover,
            drawn,
            lang,
            outlines=[(outline.label, outline.geometry) for outline in content.outlines],
            bounds=map_model.fitted_bounds(content.areas, content.framed),
            legend_title=content.value_label,
            legend_items=map_legend.legend_items(legend, lang, content.decimals, t("map.no_value", lang)),
        ),
        source_line=source_line(source_ids, frames, lang, ref_dates),
        table=pd.DataFrame(
            {
                t("common.region", lang): [names[region] for region in listed],
                content.value_label: [texts[region] for region in listed],
            }
        ),
        note=t(f"map.attribution_{level}", lang),
    )
