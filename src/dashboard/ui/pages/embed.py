"""One chart for another site's ``<iframe>``: its title, the chart, what it cannot show, the
source line, and a link to the full view in the dashboard. No sidebar, no controls
(app.py draws none for this page); the chart's settings and language come from the address
the "Insluiten / Embed" snippet wrote (:mod:`dashboard.present.embeds`).
"""

from __future__ import annotations

import plotly.graph_objects as go
import streamlit as st

from dashboard.charts import kinds
from dashboard.present import embeds, links
from dashboard.text import provenance
from dashboard.ui import blocks
from dashboard.ui.data import slide
from dashboard.ui.embed_block import dashboard_address
from dashboard.ui.language import lang, t


def render() -> None:
    kind = st.query_params.get(embeds.CHART, "")
    if kind not in kinds.KINDS:
        # A mistyped or outdated address: say so in the frame, never a traceback.
        st.info(t("embed.no_chart"))
        st.markdown(f"[{t('embed.open_front')}]({links.front_url(lang(), dashboard_address())})")
        return
    shown = slide(kind, chart_settings(kind))
    # A heading of the frame's own: the embedding page has its own h1 and the frame is named
    # by the iframe's title attribute.
    st.subheader(shown.title, anchor=False)
    # A copy: the slide is cached and shared with the pages.
    figure = go.Figure(shown.figure).update_layout(height=embeds.chart_height(kind))
    if kind == "map":  # on a slide the legend lies over the sea; in a low frame it would hide the south
        figure.update_layout(legend={"yanchor": "top", "y": -0.01})
    st.plotly_chart(figure, width="stretch", config=blocks.CHART_CONFIG, key="embed.chart")
    if shown.note:
        st.caption(provenance.escape_line(shown.note))
    st.caption(provenance.escape_line(shown.source_line))
    with st.expander(t("embed.table")):
        blocks.static_table(shown.table)
    # Markdown links leave the frame in a new tab: the reader keeps the news page.
    st.markdown(f"[{t('embed.open')}]({links.live_url(shown, lang(), dashboard_address())})")


def chart_settings(kind: str) -> dict[str, str]:
    """The chart's settings named in the address (a list setting may come as repeated
    parameters, as Streamlit's own links write them); the rest fall back to their defaults."""
    return {
        name: ",".join(st.query_params.get_all(name))
        for name in kinds.KINDS[kind].settings
        if name in st.query_params
    }
