"""App-wide styling and one accessibility repair that Streamlit's options cannot express.

Streamlit draws captions and quoted text in its text colour at 60 % opacity: #828180 on white,
3.9:1, below WCAG AA's 4.5:1 for body text. Source lines and notes are how officials trace a
figure, so they are set in an opaque grey that keeps them quieter than body text at 7:1; so
are the charts' axis labels and legends, which Streamlit's chart theme greys to 3.8:1.

A table wider than the page scrolls sideways inside a box that cannot take keyboard focus, so
without a mouse its last columns (the notes) could not be reached. A small script makes every
such box a named, focusable region (WCAG 2.1.1), and only while it actually scrolls.

Streamlit draws a sidebar with sections as a ``<ul>`` whose children are each section's
``<div>`` (a ``<header>`` and the ``<li>`` links): invalid list markup that screen readers
announce as a broken list (axe: "list", "listitem"), and four extra banner landmarks. The
script turns each section into a group of links named by its title (WCAG 1.3.1).

The same script sets the document's language (Streamlit writes ``<html lang="en">`` whatever
the page says, so a screen reader would read Dutch with English rules) and puts the file
uploader's fixed English strings ("Upload", "200MB per file", "Drag and drop file here") in
the reader's language: Streamlit has no parameter for them, and CSS cannot rewrite the size
and file types that share a text node with "per file".
"""

from __future__ import annotations

import json
from typing import Final

import streamlit as st
from streamlit import config as streamlit_config

from dashboard import branding, settings
from dashboard.catalog import params
from dashboard.text.i18n import LANGUAGES, Language, t

PHONE_LANGUAGE: Final = "phone_language"
STATEMENT_LINKS: Final = "statement_links"
NOTES_TABLE: Final = "notes_table"

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
/* The language switch in the page itself, for phones: there the sidebar (with its switch) is
   folded away behind a button. Wider screens have the sidebar's. */
[data-testid="stLayoutWrapper"]:has(> .st-key-{PHONE_LANGUAGE}) {{ display: none; }}
@media (max-width: 767.98px) {{
  /* Drawn after the page (app.py), moved to its top. */
  [data-testid="stLayoutWrapper"]:has(> .st-key-{PHONE_LANGUAGE}) {{ display: flex; order: -1; }}
  /* The overview's table fits a 390 px phone without sideways scrolling. */
  [data-testid="stMainBlockContainer"] [data-testid="stMarkdownContainer"] table {{ font-size: 0.75rem; }}
  [data-testid="stMainBlockContainer"] [data-testid="stMarkdownContainer"] :is(th, td) {{
    padding: 0.25rem 0.25rem;
  }}
  /* Long column titles may break anywhere; values ("onbekend") stay whole. */
  [data-testid="stMainBlockContainer"] [data-testid="stMarkdownContainer"] th {{ overflow-wrap: anywhere; }}
}}
/* Tables whose last column is long notes: the notes get a wide, bounded column and the
   short columns do not break mid-word, so a row is a few lines tall, not dozens; the table
   scrolls sideways instead (its box is then focusable, see the script). */
[class*="st-key-{NOTES_TABLE}-"] [data-testid="stTable"] :is(td, th) {{ min-width: 6.5rem; }}
[class*="st-key-{NOTES_TABLE}-"] [data-testid="stTable"] :is(td, th):last-child {{
    min-width: 26rem; max-width: 40rem;
}}
[data-testid="stTable"] > div:focus-visible {{ outline: 2px solid #005A8C; outline-offset: 2px; }}
</style>
"""

# An embedded chart fills its frame: the page's padding would waste a fifth of a 600 px frame.
EMBED_CSS: Final = """
<style>
[data-testid="stMainBlockContainer"] { padding: 0.5rem 0.75rem 0.75rem; }
[data-testid="stMainBlockContainer"] [data-testid="stVerticalBlock"] { gap: 0.5rem; }
</style>
"""

# Streamlit wraps st.table in <div data-testid="stTable"><div style="overflow:auto">.
# No HTML tags inside the script's text, comments included: st.html then left the whole
# script unrun (seen with Streamlit 1.67).
PAGE_SCRIPT: Final = """
<script>
(() => {
  // One observer per page load; a language switch only changes the texts it uses.
  window.dashboardTexts = %s;
  document.documentElement.lang = window.dashboardTexts.lang;
  if (window.dashboardTablesWatched) { window.dashboardMark && window.dashboardMark(); return; }
  window.dashboardTablesWatched = true;
  const markTables = () => {
    for (const box of document.querySelectorAll('[data-testid="stTable"] > div')) {
      if (box.scrollWidth > box.clientWidth + 1) {
        box.tabIndex = 0;
        box.setAttribute('role', 'region');
        box.setAttribute('aria-label', window.dashboardTexts.tableLabel);
      } else if (box.hasAttribute('tabindex')) {
        box.removeAttribute('tabindex');
        box.removeAttribute('role');
        box.removeAttribute('aria-label');
      }
    }
  };
  // Streamlit's uploader texts, matched exactly so nothing else on the page is touched.
  const rewrite = (node, from, to) => {
    if (node.nodeValue !== null && from.test(node.nodeValue)) {
      const text = node.nodeValue.replace(from, to);
      if (text !== node.nodeValue) node.nodeValue = text;
    }
  };
  const markUploaders = () => {
    const texts = window.dashboardTexts.uploader;
    for (const zone of document.querySelectorAll('[data-testid="stFileUploaderDropzone"]')) {
      const walker = document.createTreeWalker(zone, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        rewrite(node, /^(Upload|Bestand kiezen|Choose file)$/, texts.button);
        rewrite(node, /(?: per file| per bestand)$/, texts.perFile);
        rewrite(node, /^Drag and drop (?:a )?files? here$/, texts.drop);
      }
      const input = zone.querySelector('input[type="file"]');
      if (input && input.getAttribute('aria-label') !== texts.input) {
        input.setAttribute('aria-label', texts.input);
      }
    }
    if (document.documentElement.lang !== window.dashboardTexts.lang) {
      document.documentElement.lang = window.dashboardTexts.lang;
    }
  };
  // Sidebar sections (a list of section blocks, each a header and list items) become named groups.
  const markNavigation = () => {
    for (const items of document.querySelectorAll('[data-testid="stSidebarNavItems"]')) {
      const sections = [...items.children].filter((child) => child.tagName === 'DIV');
      if (!sections.length) continue;
      if (items.getAttribute('role') !== 'none') items.setAttribute('role', 'none');
      for (const section of sections) {
        const header = section.querySelector(':scope > header');
        const title = header ? header.textContent.replace(/(expand_more|expand_less)$/, '').trim() : '';
        if (section.getAttribute('role') !== 'group') section.setAttribute('role', 'group');
        if (title && section.getAttribute('aria-label') !== title) section.setAttribute('aria-label', title);
        if (header && header.getAttribute('role') !== 'none') header.setAttribute('role', 'none');
        for (const item of section.querySelectorAll(':scope > li')) {
          if (item.getAttribute('role') !== 'none') item.setAttribute('role', 'none');
        }
      }
    }
  };
  const mark = () => { markTables(); markUploaders(); markNavigation(); };
  window.dashboardMark = mark;
  let queued = false;
  const soon = () => {
    if (!queued) { queued = true; requestAnimationFrame(() => { queued = false; mark(); }); }
  };
  new MutationObserver(soon).observe(document.body, {childList: true, subtree: true, characterData: true});
  window.addEventListener('resize', soon);
  mark();
})();
</script>
"""


def page_texts(lang: Language) -> dict[str, object]:
    """What the page script needs in the reader's language."""
    return {
        "lang": lang,
        "tableLabel": t("common.table_scroll", lang),
        "uploader": {
            "button": t("common.uploader_button", lang),
            "perFile": t("common.uploader_per_file", lang),
            "drop": t("common.uploader_drop", lang),
            "input": t("common.uploader_input", lang),
        },
    }


def apply(lang: Language, *, embedded: bool = False) -> None:
    """Style-only HTML goes to Streamlit's event container and takes no room on the page; the
    script goes to the sidebar's end, where its empty block is out of the way, or, in an
    embedded chart, which has no sidebar, where this is called (app.py: after the chart)."""
    st.html(APP_CSS + EMBED_CSS if embedded else APP_CSS)
    (st if embedded else st.sidebar).html(
        # JSON is a JavaScript literal; "<\\/" keeps a text from closing the script.
        PAGE_SCRIPT % json.dumps(page_texts(lang)).replace("</", "<\\/"),
        unsafe_allow_javascript=True,
    )


def phone_language_switch(current: Language) -> None:
    """A button to the other language at the top of every page, shown only on narrow screens
    (CSS above), where the sidebar's switch is hidden behind the menu button."""
    other = next(language for language in LANGUAGES if language != current)
    with st.container(key=PHONE_LANGUAGE, horizontal=True, horizontal_alignment="right"):
        st.button(
            t("common.language_switch", current),
            key=f"{PHONE_LANGUAGE}.button",
            icon=":material/translate:",
            on_click=_switch_language,
            args=(other,),
        )


def _switch_language(language: Language) -> None:
    # Before the sidebar's switch is drawn on the rerun, so it shows the new language too.
    st.session_state[params.LANGUAGE] = language


def statement_links(current: Language) -> None:
    """The accessibility and privacy statements, linked below every page (a Dutch public
    body's site links them from every page's footer)."""
    with st.container(key=STATEMENT_LINKS, horizontal=True):
        st.caption(t("statements.footer", current))
        for page in ("accessibility", "privacy"):
            st.page_link(f"app_pages/{page}.py", label=t(f"{page}.title", current))


def use_branding_colour() -> None:
    """The branding file's primary colour as Streamlit's ``theme.primaryColor`` (instead of
    ``.streamlit/config.toml``'s), for every session started after this call. Streamlit has no
    public API for it: ``st.set_option`` accepts only ``client.*`` options, so this uses the
    config module's setter, as the ``--theme.primaryColor`` command-line flag does."""
    colour = branding.current().primary_colour
    if colour is not None:
        streamlit_config.set_option("theme.primaryColor", colour, where_defined=f"{settings.BRANDING.name}")


def brand_sidebar(brand: branding.Branding) -> None:
    """The organisation's logo at the top of the sidebar, when the branding file gives one."""
    if brand.logo is not None:
        st.logo(str(brand.logo), size="large")
