"""The presenter's surface: large type, the bars that fade out while a presentation plays,
the clock under the QR code, and previous / pause / next (also on the keyboard).

Apart from the present page because none of it is about which presentation is shown: it is
how any slide is projected and stepped through.
"""

from __future__ import annotations

import html
import time
from typing import Final

import streamlit as st

from dashboard.ui import url_state
from dashboard.ui.language import t

# Widget and catalogue keys stay the present page's own ("present.next"), as before the move.
PAGE: Final = "present"

# Large type for the back of the room: Streamlit sizes everything in rem, so a 24 px root
# makes body text 24 px at 1920x1080. Chrome (sidebar, header, toolbar) is hidden here only.
#
# The projection surface: the slide fills the screen, and the player's two bars (deck
# picker and way out at the top, buttons and progress at the bottom) lie over its edges.
# While it plays, the bars are out of the picture until the mouse moves or a key is pressed
# (WAKE_SCRIPT marks the page awake for a few seconds), the pointer rests on one, or one has
# keyboard focus. Streamlit cannot see mouse moves, so this is done in the browser; the
# clock under the QR code says whether it plays (data-playing).
PRESENTER_CSS: Final = """
<style>
html { font-size: 24px; }
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"],
[data-testid="stToolbar"], [data-testid="stDecoration"] { display: none !important; }
[data-testid="stMainBlockContainer"] { padding-top: 0; max-width: 100%; }
[data-testid="stCaptionContainer"] { color: #1a1a1a !important; opacity: 1 !important; font-size: 1rem; }
.st-key-present_stage { min-height: calc(100vh - 3rem); }
.st-key-present_stage h1 { padding-top: 0; }
.st-key-present_title { padding-top: 20vh; }
.st-key-present_title h1 { font-size: 3.5rem; }
.st-key-present_top, .st-key-present_controls {
  position: fixed; left: 0; right: 0; z-index: 999990; padding: 0.5rem 2rem;
  background: #ffffff; box-shadow: 0 0 0.5rem rgba(0, 0, 0, 0.3); transition: opacity 0.3s;
}
.st-key-present_top { top: 0; }
.st-key-present_controls { bottom: 0; }
body:has(.present-clock[data-playing="true"]):not(.present-awake)
  :is(.st-key-present_top, .st-key-present_controls):not(:hover, :focus-within) { opacity: 0; }
/* Streamlit's warning text is 4.6:1; the presenter's text is held to 7:1 (AAA). */
.st-key-present_top [data-testid="stAlertContentWarning"] * { color: #4d3800; }
.present-clock { font-size: 0.8rem; }
.present-clock-track { height: 0.25rem; background: #d9d9d9; margin-bottom: 0.25rem; }
.present-clock-bar { height: 100%; background: #1a1a1a; }
</style>
"""
# Marks the page awake on a mouse move, click, touch or key, and for a moment on arrival so
# the presenter sees where the controls are; asleep again after AWAKE_MS. st.html is not
# put in an iframe, so this is the app's own document. Installed once per tab: a rerun or a
# second visit to the page must not add listeners again.
AWAKE_MS: Final = 3000
WAKE_SCRIPT: Final = f"""
<script>
(() => {{
  if (window.presentWake) return;
  let timer;
  window.presentWake = () => {{
    document.body.classList.add("present-awake");
    clearTimeout(timer);
    timer = setTimeout(() => document.body.classList.remove("present-awake"), {AWAKE_MS});
  }};
  for (const type of ["mousemove", "mousedown", "touchstart", "keydown", "wheel"]) {{
    document.addEventListener(type, window.presentWake, {{ passive: true }});
  }}
  window.presentWake();
}})();
</script>
"""


def clock_html(remaining_s: int, interval_s: int, *, paused: bool) -> str:
    """How long the slide stays up, as a thin bar that empties and 'nog 8 s'; 'gepauzeerd'
    with an empty bar while paused. data-playing lets PRESENTER_CSS hide the controls."""
    text = t(f"{PAGE}.paused") if paused else t(f"{PAGE}.remaining", seconds=remaining_s)
    share = 0.0 if paused else min(1.0, remaining_s / max(1, interval_s))
    return (
        f'<div class="present-clock" data-playing="{"false" if paused else "true"}">'
        f'<div class="present-clock-track"><div class="present-clock-bar" style="width: {share:.0%}">'
        f"</div></div>{html.escape(text)}</div>"
    )


def controls(position: int, positions: int, paused: bool) -> None:
    """Previous, pause and next (also on the arrow keys and the space bar) and where we are."""
    previous, pause, following, where = st.columns([1, 1, 1, 3], vertical_alignment="center")
    # Callbacks run before the next run, so the new slide is drawn by that run directly.
    previous.button(
        t(f"{PAGE}.previous"),
        key=f"{PAGE}.previous",
        width="stretch",
        on_click=show,
        args=((position - 1) % positions,),
        shortcut="Left",
    )
    pause.button(
        t(f"{PAGE}.resume" if paused else f"{PAGE}.pause"),
        key=f"{PAGE}.pause",
        width="stretch",
        on_click=toggle_pause,
        shortcut="Space",
    )
    following.button(
        t(f"{PAGE}.next"),
        key=f"{PAGE}.next",
        width="stretch",
        on_click=show,
        args=((position + 1) % positions,),
        shortcut="Right",
    )
    count = positions - 1
    with where:
        st.progress(
            position / count,
            text=t(f"{PAGE}.position", number=position, count=count)
            if position
            else t(f"{PAGE}.title_position", count=count),
        )


def toggle_pause() -> None:
    """Pause or play on; either way the current slide gets a whole interval from now."""
    st.session_state[url_state.PRESENT_PAUSED] = not st.session_state.get(url_state.PRESENT_PAUSED)
    st.session_state[url_state.PRESENT_SHOWN_AT] = time.monotonic()


def show(position: int) -> None:
    """Show the slide at ``position`` (0 is the title slide) for a whole interval."""
    st.session_state[url_state.PRESENT_SLIDE] = str(position)
    st.session_state[url_state.PRESENT_SHOWN_AT] = time.monotonic()
