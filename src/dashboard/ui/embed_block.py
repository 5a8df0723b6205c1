"""The "Insluiten / Embed" popover under every chart: the ``<iframe>`` snippet of the chart
with its current settings, what the editor must know before pasting it (which sites may show
it, whether its address is reachable), and a preview of the minimal view it opens."""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import urlsplit

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from dashboard import settings as configuration  # `settings` here means a chart's settings
from dashboard.charts import kinds
from dashboard.present import embeds, links
from dashboard.ui.data import slide
from dashboard.ui.language import lang, t


def embed_popover(row: DeltaGenerator, kind: str, settings: Mapping[str, str]) -> None:
    """The popover, in ``row`` beside the chart's downloads."""
    chart_settings = {name: value for name, value in settings.items() if name in kinds.KINDS[kind].settings}
    with row.popover(t("embed.button"), icon=":material/code:"):
        base = dashboard_address()
        url = embeds.embed_url(base, kind, chart_settings, lang())
        language = {"nl": t("embed.language_nl"), "en": t("embed.language_en")}[lang()]
        st.markdown(t("embed.how", language=language))
        # st.code has a copy button; the snippet is the one thing here meant to be copied.
        snippet = embeds.iframe_snippet(url, slide(kind, settings).title, height=embeds.snippet_height(kind))
        st.code(snippet, language="html", wrap_lines=True)
        st.markdown(f"[{t('embed.preview')}]({url})")
        try:
            origins = embeds.allowed_origins()
        except embeds.FramingError:  # serve.py refuses to start on it; app.py run bare does not
            origins = ()
        if origins:
            st.caption(t("embed.allowed", origins=", ".join(origins)))
        else:
            st.warning(t("embed.only_self"), icon=":material/info:")
        if links.points_here(base):
            st.warning(t("embed.local_address", url=base), icon=":material/warning:")
        st.caption(t("embed.other_language"))


def dashboard_address() -> str:
    """Where other sites' readers reach the dashboard: ``DASHBOARD_PUBLIC_URL`` when set,
    else the address this editor's browser used (more likely right than the built-in
    default, which is this computer)."""
    configured = configuration.PUBLIC_URL.configured()
    if configured:
        return configured.rstrip("/")
    seen = st.context.url  # None outside a browser session (AppTest)
    if seen:
        parts = urlsplit(seen)
        if parts.scheme and parts.netloc:
            return f"{parts.scheme}://{parts.netloc}"
    return links.public_url()
