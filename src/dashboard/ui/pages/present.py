"""Present: a title slide, then one view per slide in large type, advancing by itself, with
a QR code to the live view and the time left on the slide; the controls stay out of the
picture while it plays. Below it, the presentation to put together, save and export.

Works offline: charts are plotly (bundled) and the map slide is the map page's Leaflet map
from local assets, without tiles.
"""

from __future__ import annotations

import functools
import math
import time
from typing import Final

import plotly.graph_objects as go
import streamlit as st
from streamlit_folium import st_folium

from dashboard import branding
from dashboard.charts import map as map_chart
from dashboard.charts.slide import Slide
from dashboard.present import chromium, decks, links, slide_exports
from dashboard.present.decks import Presentation, PresentationError, SlideSpec
from dashboard.store import StoreWriteError
from dashboard.text import formatting, provenance
from dashboard.ui import branded, map_block, url_state
from dashboard.ui.access import current_analyst
from dashboard.ui.blocks import CHART_CONFIG, draft
from dashboard.ui.data import get_store, slide
from dashboard.ui.language import lang, t
from dashboard.ui.present_controls import PRESENTER_CSS, WAKE_SCRIPT, clock_html, controls, show

PAGE: Final = "present"
DRAFT: Final = url_state.DRAFT_PRESENTATION
INTERVALS: Final = ("5", "10", "20", "30", "60")
MAX_FILE_BYTES: Final = 64 * 1024
SAVE_TITLE: Final = f"{PAGE}.save_title"
SAVE_OUTCOME: Final = f"{PAGE}.save_outcome"  # (ok, message) shown once after a save
MAP_HEIGHT: Final = 640
CHART_HEIGHT: Final = 600
OVERVIEW_PAGE: Final = "app_pages/overview.py"


def draft_presentation() -> Presentation:
    """What this visitor added with "add to presentation", as a presentation."""
    return Presentation(
        key=DRAFT,
        title_nl=t(f"{PAGE}.draft_title"),
        title_en=t(f"{PAGE}.draft_title"),
        interval_s=20,
        slides=tuple(SlideSpec(kind, settings) for kind, settings in draft()),
    )


def _choices() -> dict[str, Presentation | None]:
    """Every presentation to pick from by key; None where its file cannot be read."""
    choices: dict[str, Presentation | None] = {}
    if draft():
        choices[DRAFT] = draft_presentation()
    saved = get_store().saved_presentations()
    for key in decks.available(saved):
        try:
            choices[key] = decks.load(key, saved.get(key))
        except PresentationError:
            choices[key] = None
    return choices


def render() -> None:
    st.markdown(PRESENTER_CSS, unsafe_allow_html=True)
    if accent := branded.slide_css(branding.current()):  # the organisation's colour and logo size
        st.markdown(accent, unsafe_allow_html=True)
    choices = _choices()
    language = lang()
    titles = {
        key: deck.title(language) if deck else t(f"{PAGE}.unreadable", key=key)
        for key, deck in choices.items()
    }
    with st.container(key="present_top"):
        st.html(WAKE_SCRIPT, unsafe_allow_javascript=True)
        picker, way_out = st.columns([4, 1], vertical_alignment="center")
        with picker:
            key = url_state.url_widget(
                st.selectbox,
                t(f"{PAGE}.presentation"),
                list(choices),
                key=url_state.PRESENT_NAME,
                default=decks.DEFAULT_PRESENTATION,
                format_func=titles.__getitem__,
                label_visibility="collapsed",
            )
        way_out.page_link(OVERVIEW_PAGE, label=t(f"{PAGE}.exit"), icon=":material/close:")
        if links.qr_points_here():
            st.warning(t(f"{PAGE}.qr_local", url=links.public_url()), icon=":material/qr_code:")
    deck = choices[str(key)]
    if deck is None or not deck.slides:
        st.warning(t(f"{PAGE}.unreadable" if deck is None else f"{PAGE}.empty", key=key))
        _manage(deck, [])
        return
    slides = [slide(spec.view, spec.settings) for spec in deck.slides]
    # Position 0 is the title slide; 1..n are the charts, so ?slide=3 is still the third chart.
    url_state.seed_from_url(url_state.PRESENT_SLIDE, [str(number) for number in range(len(slides) + 1)], "0")
    interval = str(deck.interval_s) if str(deck.interval_s) in INTERVALS else "20"
    url_state.seed_from_url(url_state.PRESENT_INTERVAL, INTERVALS, interval)
    _slideshow(deck, slides)
    _manage(deck, slides)


@st.fragment(run_every=1)
def _slideshow(deck: Presentation, slides: list[Slide]) -> None:
    """Re-runs every second on its own; advances when the interval has passed and not paused."""
    positions = len(slides) + 1  # the title slide, then the charts
    position = min(int(st.session_state.get(url_state.PRESENT_SLIDE, "0")), positions - 1)
    interval = int(st.session_state.get(url_state.PRESENT_INTERVAL) or deck.interval_s)
    now = time.monotonic()
    shown_since = float(st.session_state.setdefault(url_state.PRESENT_SHOWN_AT, now))
    paused = bool(st.session_state.get(url_state.PRESENT_PAUSED))
    if not paused and now - shown_since >= interval:
        position = (position + 1) % positions
        show(position)
        shown_since = now
    clock = clock_html(math.ceil(interval - (now - shown_since)), interval, paused=paused)

    with st.container(key="present_stage"):
        if position == 0:
            _title_slide(deck, clock)
        else:
            _chart_slide(slides[position - 1], position, clock)

    with st.container(key="present_controls"):
        controls(position, positions, paused)


def _title_slide(deck: Presentation, clock: str) -> None:
    """The presentation's name, the event and the day it is shown, and a QR code to the
    dashboard itself."""
    language = lang()
    text, side = st.columns([4, 1])
    with text, st.container(key="present_title"):
        st.title(provenance.escape_line(deck.title(language)))
        if deck.event(language):
            st.header(provenance.escape_line(deck.event(language)), anchor=False)
        if deck.date is not None:
            st.subheader(formatting.day(deck.date, language), anchor=False)
    with side:
        _logo()
        st.markdown(
            links.qr_code_html(links.front_url(language), t(f"{PAGE}.qr_front_alt")), unsafe_allow_html=True
        )
        st.caption(t(f"{PAGE}.scan_front"))
        st.markdown(clock, unsafe_allow_html=True)


def _chart_slide(shown: Slide, position: int, clock: str) -> None:
    st.title(provenance.escape_line(shown.title))
    chart, side = st.columns([4, 1])
    with chart:
        if shown.kind == "map":
            _live_map(shown)
        else:
            # Chart text in the same large type as the page (plotly sizes in px, not rem).
            # Streamlit's chart theme sets its own small tick and legend sizes, so it is off here.
            figure = (
                go.Figure(shown.figure)
                .update_layout(
                    font={"size": 22}, height=CHART_HEIGHT, margin={"l": 20, "r": 20, "t": 60, "b": 20}
                )
                .update_xaxes(automargin=True)
                .update_yaxes(automargin=True)
            )
            st.plotly_chart(
                figure,
                theme=None,
                width="stretch",
                config={**CHART_CONFIG, "staticPlot": False},
                key=f"{PAGE}.chart.{position}",
            )
        if shown.note:  # unknown values, periods drawn as spans: what the chart cannot say
            st.caption(provenance.escape_line(shown.note))
        st.caption(provenance.escape_line(shown.source_line))
    with side:
        _logo()
        st.markdown(
            links.qr_code_html(links.live_url(shown, lang()), t(f"{PAGE}.qr_alt")), unsafe_allow_html=True
        )
        st.caption(t(f"{PAGE}.scan"))
        st.markdown(clock, unsafe_allow_html=True)


def _logo() -> None:
    """The organisation's logo in the slide's top right corner, above the QR code, when the
    branding file gives one."""
    if logo := branded.logo_html(branding.current(), lang()):
        st.markdown(logo, unsafe_allow_html=True)


def _live_map(shown: Slide) -> None:
    """The map page's own Leaflet map (local assets, no tiles), with the slide's settings."""
    measure, layers, level = map_chart.chosen_map(shown.query)
    fmap, legend = map_block.build(measure, layers, lang(), level=level, height=MAP_HEIGHT)
    st_folium(fmap, returned_objects=[], height=MAP_HEIGHT, use_container_width=True, key=f"{PAGE}.map")
    map_block.legend_line(legend, measure)


# --- Putting a presentation together, saving and exporting it --------------------------


def _manage(deck: Presentation | None, slides: list[Slide]) -> None:
    with st.expander(t(f"{PAGE}.manage"), icon=":material/tune:"):
        st.selectbox(
            t(f"{PAGE}.interval"),
            INTERVALS,
            key=url_state.PRESENT_INTERVAL,
            format_func="{} s".format,  # "20 s" reads the same in Dutch and English
        )
        if deck is not None and slides:
            _exports(deck, slides)
        _draft_editor()
        _open_file()


def _exports(deck: Presentation, slides: list[Slide]) -> None:
    """The deck of exactly the slides on show, and the presentation's file."""
    pptx, toml_file = st.columns(2)
    pptx.download_button(
        t(f"{PAGE}.download_deck"),
        functools.partial(slide_exports.deck, slides, title=deck.title(lang()), brand=branding.current()),
        file_name=f"{deck.key}.pptx",
        mime="application/vnd.openxmlformats-officedocument.presentationml.presentation",
        key=f"{PAGE}.deck",
        on_click="ignore",
        icon=":material/slideshow:",
        disabled=not chromium.available(),
        help=None if chromium.available() else t("export.unavailable"),
    )
    toml_file.download_button(
        t(f"{PAGE}.download_file"),
        decks.dumps(deck).encode("utf-8"),
        file_name=f"{deck.key}.toml",
        mime="application/toml",
        key=f"{PAGE}.file",
        on_click="ignore",
        icon=":material/description:",
    )


def _draft_editor() -> None:
    """The visitor's own presentation: reorder, remove, save (analysts), or start over."""
    st.subheader(t(f"{PAGE}.draft_title"))
    items = draft()
    if not items:
        st.caption(t(f"{PAGE}.draft_empty"))
        return
    for index, (kind, settings) in enumerate(items):
        label, up, down, remove = st.columns([6, 1, 1, 1], vertical_alignment="center")
        label.markdown(f"{index + 1}. {provenance.escape_line(slide(kind, settings).title)}")
        up.button("↑", key=f"{PAGE}.up.{index}", help=t(f"{PAGE}.move_up"), on_click=_move, args=(index, -1))
        down.button(
            "↓", key=f"{PAGE}.down.{index}", help=t(f"{PAGE}.move_down"), on_click=_move, args=(index, 1)
        )
        remove.button(
            "✕", key=f"{PAGE}.remove.{index}", help=t(f"{PAGE}.remove"), on_click=_remove, args=(index,)
        )
    st.button(t(f"{PAGE}.clear"), key=f"{PAGE}.clear", on_click=_clear)
    if current_analyst() is None:
        st.caption(t(f"{PAGE}.save_needs_analyst"))
        return
    with st.form(f"{PAGE}.save_form", border=False):
        st.text_input(t(f"{PAGE}.save_title"), max_chars=80, key=SAVE_TITLE)
        st.form_submit_button(t(f"{PAGE}.save"), on_click=_save)
    outcome = st.session_state.pop(SAVE_OUTCOME, None)
    if outcome is not None:
        ok, message = outcome
        (st.success if ok else st.error)(message)


def _save() -> None:
    """Save the visitor's presentation under its title and switch the picker to it. A
    callback, so the picker (already drawn in the run that shows the form) can change."""
    title = str(st.session_state.get(SAVE_TITLE, "")).strip()
    if not title:
        st.session_state[SAVE_OUTCOME] = (False, t(f"{PAGE}.save_no_title"))
        return
    deck = Presentation(
        key=decks.key_for(title),
        title_nl=title,
        title_en=title,
        interval_s=int(st.session_state.get(url_state.PRESENT_INTERVAL) or 20),
        slides=draft_presentation().slides,
    )
    analyst = current_analyst()
    if analyst is None:  # signed out in another tab since the form was drawn
        st.session_state[SAVE_OUTCOME] = (False, t("access.analysts_only"))
        return
    try:
        before = get_store().newest_presentation_version(deck.key)
        version = get_store().save_presentation(deck.key, decks.dumps(deck), user=analyst)
    except StoreWriteError:
        st.session_state[SAVE_OUTCOME] = (False, t(f"{PAGE}.save_failed"))
        return
    st.session_state[url_state.PRESENT_NAME] = deck.key
    st.session_state[url_state.PRESENT_SLIDE] = "1"
    if version == before:  # the same content again (a second click): nothing was written
        saved = t(f"{PAGE}.saved_unchanged", key=deck.key, version=version)
    elif version == 1:
        saved = t(f"{PAGE}.saved", key=deck.key)
    else:
        saved = t(f"{PAGE}.saved_again", key=deck.key, previous=version - 1)
    st.session_state[SAVE_OUTCOME] = (True, saved)


def _open_file() -> None:
    """A presentation file (.toml) someone prepared elsewhere becomes this visitor's own."""
    uploaded = st.file_uploader(t(f"{PAGE}.open_file"), type=["toml"], key=f"{PAGE}.upload")
    if uploaded is None:
        return
    content = uploaded.getvalue()
    try:
        if len(content) > MAX_FILE_BYTES:
            raise PresentationError("too large")
        opened = decks.loads(DRAFT, content.decode("utf-8"))
    except (PresentationError, UnicodeDecodeError):
        st.error(t(f"{PAGE}.file_invalid"))
        return
    st.button(
        t(f"{PAGE}.use_file", count=len(opened.slides)),
        key=f"{PAGE}.use_file",
        on_click=_use,
        args=([(spec.view, dict(spec.settings)) for spec in opened.slides],),
    )


def _use(items: list[tuple[str, dict[str, str]]]) -> None:
    st.session_state[url_state.PRESENT_DRAFT] = items
    st.session_state[url_state.PRESENT_NAME] = DRAFT
    st.session_state[url_state.PRESENT_SLIDE] = "1"


def _move(index: int, offset: int) -> None:
    items = draft()
    target = max(0, min(len(items) - 1, index + offset))
    items.insert(target, items.pop(index))
    st.session_state[url_state.PRESENT_DRAFT] = items


def _remove(index: int) -> None:
    items = draft()
    del items[index]
    st.session_state[url_state.PRESENT_DRAFT] = items


def _clear() -> None:
    st.session_state[url_state.PRESENT_DRAFT] = []
