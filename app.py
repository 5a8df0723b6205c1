"""The router: page config, language, navigation. Pages and views do the rest."""

from __future__ import annotations

from pathlib import Path

import streamlit as st
from streamlit.navigation.page import StreamlitPage

from dashboard import branding
from dashboard.catalog import pages, params
from dashboard.charts import leaflet_assets
from dashboard.present import embeds
from dashboard.text.i18n import LANGUAGES, as_language, t
from dashboard.ui import branded, callbacks, theme, url_state
from dashboard.ui.access import current_analyst
from dashboard.ui.data import get_store

HERE = Path(__file__).parent


callbacks.install()  # a click's callback runs to its end (issue 14; see the module)

# A local icon: a Material-symbol favicon would be fetched from a font CDN.
st.set_page_config(
    page_title="Digitale ecosystemen", page_icon=str(HERE / "static" / "favicon.png"), layout="wide"
)


@st.cache_resource(show_spinner=False)
def _copy_vendor_assets() -> None:
    """Leaflet into static/ once per process (st_folium loads it from there, offline)."""
    leaflet_assets.ensure_leaflet(HERE / "static")


_copy_vendor_assets()
try:
    brand = branding.current()  # a wrong branding file stops every page, saying where, not one page later
except branding.BrandingError as error:
    st.error(t("statements.branding_error", url_state.language(), detail=str(error)))
    st.stop()
if brand.name:  # "Digitale ecosystemen · Gemeente Voorbeeld" in the browser's tab
    st.set_page_config(page_title=branded.page_title("Digitale ecosystemen", brand))
get_store()  # seed the store before the first page needs it

# One chart inside another site's page (the "Insluiten" snippet's address names it): no
# sidebar, no language switch, no footer; the address sets the language.
embedded = embeds.CHART in st.query_params
if embedded:
    st.session_state[params.LANGUAGE] = as_language(st.query_params.get(params.LANGUAGE, brand.language))
else:
    theme.brand_sidebar(brand)
    with st.sidebar:
        url_state.url_widget(
            st.segmented_control,
            "Taal / Language",
            LANGUAGES,
            key=params.LANGUAGE,
            default=brand.language,  # the branding file's, else Dutch; ?lang= still wins
            format_func=str.upper,
            required=True,
        )
lang = url_state.language()
branded.check_regions(brand, lang)  # an unknown region id in the branding file stops every page
is_analyst = current_analyst() is not None


def _page(page: pages.PageSpec) -> StreamlitPage:
    return st.Page(
        str(HERE / "app_pages" / f"{page.name}.py"),
        title=t(f"{page.name}.title", lang),
        icon=page.icon,
        url_path=page.url_path,
        default=page.default,
        # The analysts' pages exist for everyone, so /upload opened by a viewer (or by a
        # bookmark after sign-out) says "sign in first" instead of silently landing on the
        # Overview; viewers just do not see them in the sidebar.
        visibility="visible" if page.shown_to(is_analyst=is_analyst) else "hidden",
    )


navigation = st.navigation(
    # Sections, so fifteen pages read as five groups (compare, data, present, analysts, about).
    {
        t(f"nav.{section}", lang): [_page(page) for page in listed]
        for section, listed in pages.by_section().items()
    },
    # Every page listed: Streamlit folds a long list behind "View more", which hid the
    # analysts' Upload page once the scorecard made it thirteen.
    expanded=True,
    position="hidden" if embedded else "sidebar",
)
if embedded:
    navigation.run()
    theme.apply(lang, embedded=True)
else:
    theme.apply(lang)
    st.sidebar.caption(t("app.footer", lang))
    navigation.run()
    if navigation.url_path != pages.get("present").url_path:  # not under the projector's slides
        theme.statement_links(lang)
    # Drawn last so the page's own widgets keep their order; shown first on phones (theme CSS).
    theme.phone_language_switch(lang)
