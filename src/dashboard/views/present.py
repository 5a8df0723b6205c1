"""Present: one view per slide in large type, advancing by itself, with a QR code to the
live view. Works offline: charts are plotly (bundled), the map slide is a static map."""

from __future__ import annotations

import os
import time
from typing import Final
from urllib.parse import urlencode

import plotly.graph_objects as go
import segno
import streamlit as st

from dashboard import presentation
from dashboard.i18n import Language
from dashboard.slides import Slide
from dashboard.views import state
from dashboard.views.common import CHART_CONFIG, current_versions, frames_at, lang, t

PAGE: Final = "present"
INTERVALS: Final = ("5", "10", "20", "30", "60")
SLIDE_DATASETS: Final = ("regions", "sources", "data_centres", "clusters", "events", "campuses")
DEFAULT_PUBLIC_URL: Final = "http://127.0.0.1:8501"
# Large type for the back of the room: Streamlit sizes everything in rem, so a 24 px root
# makes body text 24 px at 1920x1080. Chrome (sidebar, header, toolbar) is hidden here only.
PRESENTER_CSS: Final = """
<style>
html { font-size: 24px; }
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"],
[data-testid="stToolbar"], [data-testid="stDecoration"] { display: none !important; }
[data-testid="stMainBlockContainer"] { padding-top: 1rem; max-width: 100%; }
[data-testid="stCaptionContainer"] { color: #1a1a1a !important; font-size: 1rem; }
</style>
"""


def public_url() -> str:
    """Where the audience reaches this dashboard (``DASHBOARD_PUBLIC_URL``), for QR codes."""
    return (os.environ.get("DASHBOARD_PUBLIC_URL") or DEFAULT_PUBLIC_URL).rstrip("/")


def live_url(slide: Slide, language: Language) -> str:
    query = {**slide.query, "lang": language}
    return f"{public_url()}/{slide.page}?{urlencode(query)}"


@st.cache_data(show_spinner=False, max_entries=16)
def _slides(key: str, versions: tuple[tuple[str, int], ...], language: Language) -> list[Slide]:
    deck = presentation.load(key)
    data = frames_at(dict(versions))
    return [presentation.build(spec, data, language) for spec in deck.slides]


def render() -> None:
    st.markdown(PRESENTER_CSS, unsafe_allow_html=True)
    names = presentation.available()
    key = state.url_widget(
        st.selectbox,
        t(f"{PAGE}.presentation"),
        names,
        key=state.PRESENT_NAME,
        default=presentation.DEFAULT_PRESENTATION,
        label_visibility="collapsed",
    )
    deck = presentation.load(str(key))
    slides = _slides(deck.key, tuple(current_versions(*SLIDE_DATASETS).items()), lang())
    state.seed_from_url(state.PRESENT_SLIDE, [str(number) for number in range(1, len(slides) + 1)], "1")
    interval = str(deck.interval_s) if str(deck.interval_s) in INTERVALS else "20"
    state.seed_from_url(state.PRESENT_INTERVAL, INTERVALS, interval)
    _slideshow(slides, deck.interval_s)


@st.fragment(run_every=1)
def _slideshow(slides: list[Slide], default_interval: int) -> None:
    """Re-runs every second on its own; advances when the interval has passed and not paused."""
    count = len(slides)
    index = int(st.session_state.get(state.PRESENT_SLIDE, "1")) - 1
    interval = int(st.session_state.get(state.PRESENT_INTERVAL) or default_interval)
    now = time.monotonic()
    shown_since = float(st.session_state.setdefault(state.PRESENT_SHOWN_AT, now))
    if not st.session_state.get(state.PRESENT_PAUSED) and now - shown_since >= interval:
        index = (index + 1) % count
        _show(index)

    slide = slides[index % count]
    st.title(slide.title)
    chart, side = st.columns([4, 1])
    with chart:
        # Chart text in the same large type as the page (plotly sizes in px, not rem).
        figure = go.Figure(slide.figure).update_layout(font={"size": 22})
        st.plotly_chart(
            figure,
            width="stretch",
            config={**CHART_CONFIG, "staticPlot": False},
            key=f"{PAGE}.chart.{index}",
        )
        st.caption(slide.source_line)
    with side:
        # The QR code is our own SVG (a URL we build), not text from data.
        st.image(
            segno.make(live_url(slide, lang()), error="m").svg_inline(scale=6),
            caption=t(f"{PAGE}.scan"),
            width="stretch",
        )

    previous, pause, following, position = st.columns([1, 1, 1, 3])
    # Callbacks run before the next run, so the new slide is drawn by that run directly.
    previous.button(
        t(f"{PAGE}.previous"),
        key=f"{PAGE}.previous",
        width="stretch",
        on_click=_show,
        args=((index - 1) % count,),
    )
    paused = bool(st.session_state.get(state.PRESENT_PAUSED))
    pause.button(
        t(f"{PAGE}.resume" if paused else f"{PAGE}.pause"),
        key=f"{PAGE}.pause",
        width="stretch",
        on_click=_toggle_pause,
    )
    following.button(
        t(f"{PAGE}.next"), key=f"{PAGE}.next", width="stretch", on_click=_show, args=((index + 1) % count,)
    )
    with position:
        st.progress(
            (index % count + 1) / count, text=t(f"{PAGE}.position", number=index % count + 1, count=count)
        )
    st.selectbox(
        t(f"{PAGE}.interval"),
        INTERVALS,
        key=state.PRESENT_INTERVAL,
        format_func="{} s".format,  # "20 s" reads the same in Dutch and English
    )


def _toggle_pause() -> None:
    st.session_state[state.PRESENT_PAUSED] = not st.session_state.get(state.PRESENT_PAUSED)
    st.session_state[state.PRESENT_SHOWN_AT] = time.monotonic()


def _show(index: int) -> None:
    st.session_state[state.PRESENT_SLIDE] = str(index + 1)
    st.session_state[state.PRESENT_SHOWN_AT] = time.monotonic()
