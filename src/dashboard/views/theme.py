"""App-wide styling and one accessibility repair that Streamlit's options cannot express.

Streamlit draws captions and quoted text in its text colour at 60 % opacity: #828180 on white,
3.9:1, below WCAG AA's 4.5:1 for body text. Source lines and notes are how officials trace a
figure, so they are set in an opaque grey that keeps them quieter than body text at 7:1; so
are the charts' axis labels and legends, which Streamlit's chart theme greys to 3.8:1.

A table wider than the page scrolls sideways inside a box that cannot take keyboard focus, so
without a mouse its last columns (the notes) could not be reached. A small script makes every
such box a named, focusable region (WCAG 2.1.1), and only while it actually scrolls.
"""

from __future__ import annotations

import json
from typing import Final

import streamlit as st

# 7.1:1 on white, 6.7:1 on the sidebar's #f8f8f7 (WCAG AAA for normal text on the page).
QUIET_TEXT: Final = "#595856"

APP_CSS: Final = f"""
<style>
[data-testid="stCaptionContainer"] {{ color: {QUIET_TEXT}; opacity: 1; }}
[data-testid="stMarkdownContainer"] blockquote {{ color: {QUIET_TEXT}; opacity: 1; }}
/* Streamlit's chart theme draws axis text in #808495 (3.8:1); the theme sets it inline. */
.js-plotly-plot .main-svg :is(.xtick, .ytick) text,
.js-plotly-plot .main-svg :is(.xtitle, .ytitle, .legendtext, .legendtitletext) {{
    fill: {QUIET_TEXT} !important;
}}
[data-testid="stTable"] > div:focus-visible {{ outline: 2px solid #005A8C; outline-offset: 2px; }}
</style>
"""

# Streamlit wraps st.table in <div data-testid="stTable"><div style="overflow:auto">.
FOCUSABLE_TABLE_SCROLLERS: Final = """
<script>
(() => {
  // One observer per page load; a language switch only changes the label it gives.
  window.dashboardTableLabel = %s;
  if (window.dashboardTablesWatched) return;
  window.dashboardTablesWatched = true;
  const mark = () => {
    for (const box of document.querySelectorAll('[data-testid="stTable"] > div')) {
      if (box.scrollWidth > box.clientWidth + 1) {
        box.tabIndex = 0;
        box.setAttribute('role', 'region');
        box.setAttribute('aria-label', window.dashboardTableLabel);
      } else if (box.hasAttribute('tabindex')) {
        box.removeAttribute('tabindex');
        box.removeAttribute('role');
        box.removeAttribute('aria-label');
      }
    }
  };
  let queued = false;
  const soon = () => {
    if (!queued) { queued = true; requestAnimationFrame(() => { queued = false; mark(); }); }
  };
  new MutationObserver(soon).observe(document.body, {childList: true, subtree: true});
  window.addEventListener('resize', soon);
  mark();
})();
</script>
"""


def apply(scroll_label: str) -> None:
    """Style-only HTML goes to Streamlit's event container and takes no room on the page; the
    script goes to the sidebar's end, where its empty block is out of the way."""
    st.html(APP_CSS)
    st.sidebar.html(
        # A JSON string is a JavaScript string literal; "<\\/" keeps it from closing the script.
        FOCUSABLE_TABLE_SCROLLERS % json.dumps(scroll_label).replace("</", "<\\/"),
        unsafe_allow_javascript=True,
    )
