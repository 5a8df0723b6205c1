"""Accessibility in real Chromium: axe-core on every public page in both languages, the
compare page's main controls by keyboard alone, and the presenter theme's text contrast.

axe-core comes bundled with axe-playwright-python, so nothing is fetched at test time.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from axe_playwright_python.base import AXE_SCRIPT
from axe_playwright_python.sync_playwright import Axe
from browser.conftest import add_analyst, sign_in, stop_servers
from playwright.sync_api import Page, expect

from dashboard.catalog import datasets, pages
from dashboard.present import decks
from dashboard.store import Store
from dashboard.testing import start_server
from dashboard.text.i18n import catalogue

pytestmark = pytest.mark.browser

PUBLIC_PAGES = {page.name: page for page in pages.PAGES if not page.analyst_only}
LANGUAGES = ("nl", "en")
BLOCKING_IMPACTS = ("serious", "critical")
# The presenter advances every `interval` seconds; a minute keeps one slide up for the axe run.
# The first chart, not the title slide: it has a chart, a source line and the QR code.
PRESENT_QUERY = "&interval=60&slide=1"
# The embed view as a snippet opens it: one chart (a bar chart with its expander and link).
EMBED_QUERY = "&embed=true&chart=compare&regions=GM0034,GM0363"
EXTRA_QUERY = {"present": PRESENT_QUERY, "embed": EMBED_QUERY}
FOLIUM_FRAME = 'iframe[title="streamlit_folium.st_folium"]'
MAX_HEIGHT = 16_000  # px; the longest page (data centres) is about 11,000

# Drawn means: the script has finished (Streamlit marks the app root), the connection is up,
# nothing is stale or still loading, and every plotly chart has drawn its SVG.
DRAWN = """() => {
    const app = document.querySelector('[data-testid="stApp"]');
    if (!app || app.getAttribute('data-test-script-state') !== 'notRunning') return false;
    if (app.getAttribute('data-test-connection-state') !== 'CONNECTED') return false;
    if (document.querySelector(
        '[data-testid="stStatusWidget"], [data-stale="true"], [data-testid="stSkeleton"], '
        + '[data-testid="stSpinner"]'
    )) return false;
    return [...document.querySelectorAll('[data-testid="stPlotlyChart"]')]
        .every(chart => chart.querySelector('.main-svg'));
}"""


def wait_until_drawn(page: Page, *, quiet_ms: int = 1000) -> None:
    """Drawn, and still drawn after a pause: writing widget values to the URL can start one
    more run right after the first, and a check made between the two sees half a page."""
    for _ in range(2):
        page.wait_for_function(DRAWN, timeout=60_000)
        page.wait_for_timeout(quiet_ms)
    page.wait_for_function(DRAWN, timeout=60_000)


def show_whole_page(page: Page) -> None:
    """Make the window as tall as the page. Streamlit scrolls inside its main element, and
    axe's color-contrast rule skips whatever that element has scrolled out of sight."""
    width = page.viewport_size["width"] if page.viewport_size else 1440
    height = page.evaluate(
        """() => Math.max(...['[data-testid="stMain"]', '[data-testid="stSidebarContent"]']
            .map(selector => document.querySelector(selector))
            .filter(Boolean)
            .map(element => element.scrollHeight))"""
    )
    page.set_viewport_size({"width": width, "height": min(max(int(height) + 50, 1000), MAX_HEIGHT)})
    wait_until_drawn(page)


def open_page(page: Page, app_url: str, page_name: str, lang: str) -> None:
    spec = PUBLIC_PAGES[page_name]
    page.goto(f"{app_url}/{spec.url}?lang={lang}{EXTRA_QUERY.get(page_name, '')}")
    heading = page.get_by_role("heading", level=1)
    if page_name == "present":  # there the heading is the slide's title, not the page's
        expect(heading.first).to_be_visible(timeout=30_000)
    elif page_name == "embed":  # a frame in another site's page: the chart's title, a level lower
        expect(page.get_by_role("heading", level=3).first).to_be_visible(timeout=30_000)
    else:
        title = catalogue(lang)[f"{page_name}.title"]  # type: ignore[arg-type]
        expect(heading.filter(has_text=title)).to_be_visible(timeout=30_000)
    if page_name == "map":
        leaflet = page.frame_locator(FOLIUM_FRAME).locator("path.leaflet-interactive").first
        expect(leaflet).to_be_attached(timeout=30_000)
    wait_until_drawn(page)


# --- axe ------------------------------------------------------------------------------------

# axe-core 4.12 throws "Element midpoint exceeds the grid bounds" (dequelabs/axe-core#4253) in
# its color-contrast rule on the column headers of st.table (a wide HTML table in a horizontally
# scrolling box), and a rule that throws reports nothing else at all: every other element of
# the page goes unchecked. Only inside st.table, and only the elements it threw on, are left
# out and the rule is run again; a throw anywhere else fails the test.
TOLERATED_CRASH_CONTAINER = '[data-testid="stTable"]'
MAX_RERUNS = 60
RUN_AXE = "([context, options]) => axe.run(context, options)"
IN_CONTAINER = """([selector, container]) => {
    const found = [...document.querySelectorAll(selector)];
    return found.length > 0 && found.every(element => element.closest(container));
}"""


@dataclass
class AxeCheck:
    violations: list[dict[str, Any]]
    problems: list[str] = field(default_factory=list)  # rules axe could not run
    skipped: list[str] = field(default_factory=list)  # st.table headers left out after a throw


def axe_check(page: Page) -> AxeCheck:
    """axe-core on the whole page, including inside its frames.

    Nothing is excluded up front: the only frame is streamlit-folium's component frame, served
    by this app, and what it draws is ours to answer for. axe is injected into every frame so
    that it checks them instead of reporting them as untested.
    """
    for frame in page.frames:
        if frame is not page.main_frame:
            frame.evaluate(AXE_SCRIPT)
    response = Axe().run(page, options={"resultTypes": ["violations"]}).response
    check = AxeCheck(violations=list(response["violations"]))
    for rule in (rule for rule in response["incomplete"] if rule.get("error")):
        exclude: list[list[str]] = []
        crashed = rule
        for _ in range(MAX_RERUNS):
            message = str(crashed["error"].get("message", crashed["error"]))
            targets = [list(node["target"]) for node in crashed["nodes"]]
            if not targets or not all(
                len(target) == 1 and page.evaluate(IN_CONTAINER, [target[0], TOLERATED_CRASH_CONTAINER])
                for target in targets
            ):
                check.problems.append(f"axe could not run {rule['id']} on {targets}: {message}")
                break
            exclude += targets
            check.skipped += [target[0] for target in targets]
            rerun = page.evaluate(
                RUN_AXE, [{"exclude": exclude}, {"runOnly": [rule["id"]], "resultTypes": ["violations"]}]
            )
            check.violations += rerun["violations"]
            crashed = next((r for r in rerun["incomplete"] if r.get("error")), None)
            if crashed is None:
                break
        else:
            check.problems.append(f"axe kept throwing in {rule['id']} after {MAX_RERUNS} reruns")
    return check


def describe(violations: list[dict[str, Any]]) -> str:
    lines = []
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation['impact']}, {len(violation['nodes'])} element(s)): "
            f"{violation['help']}"
        )
        for node in violation["nodes"][:3]:
            colours = contrast_colours(node)
            lines.append(f"    {' >>> '.join(map(str, node['target']))}")
            lines.append(
                f"      {' '.join(node['html'].split())[:160]}"
                + (f"  ({colours[0]} on {colours[1]})" if colours else "")
            )
    return "\n".join(lines)


def contrast_colours(node: dict[str, Any]) -> tuple[str, str] | None:
    """(text, background) as axe reports them for a color-contrast finding."""
    for check in node["any"] + node["all"] + node["none"]:
        data = check.get("data")
        if isinstance(data, dict) and data.get("fgColor"):
            return str(data["fgColor"]), str(data["bgColor"])
    return None


# Fixed in this order, each once a case here failed on it: the selected NL/EN label (primary
# colour darkened, 4.3 -> 5.8:1), captions and quoted sources (Streamlit's 60 % opacity, 3.9 ->
# 7.1:1, views/theme.py), the greyed-out radius picker (now shown only with a centre), st.table's
# scrolling box (made a focusable region) and the presenter's QR code (an <img> with alt text).
@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("page_name", PUBLIC_PAGES)
def test_no_serious_or_critical_axe_violations(page: Page, app_url: str, page_name: str, lang: str) -> None:
    open_page(page, app_url, page_name, lang)
    show_whole_page(page)
    check = axe_check(page)
    where = f"/{PUBLIC_PAGES[page_name].url}?lang={lang}"
    if check.skipped:  # left out of color-contrast after axe threw on them (see above)
        where += f" (without {len(check.skipped)} st.table header(s) axe-core#4253 throws on)"
    assert not check.problems, f"axe could not check all of {where}: {check.problems}"
    blocking = [v for v in check.violations if v["impact"] in BLOCKING_IMPACTS]
    assert not blocking, f"axe on {where}:\n{describe(blocking)}"


# --- the analysts' pages ----------------------------------------------------------------------

ANALYST, PASSWORD = "ana", "correct horse battery"
# What an analyst sees: the upload report of a file with a row error and an unknown column,
# the diff of a valid file ready to publish, and the history of versions and of saves.
ANALYST_VIEWS = ("upload-report", "upload-diff", "history")


@pytest.fixture(scope="module")
def analyst_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("analyst")
    database = f"sqlite:///{folder / 'store.sqlite3'}"
    add_analyst(database, ANALYST, PASSWORD)
    # Two saves of a presentation: Historie then shows its saves and the restore controls.
    store = Store(database)
    for title in ("Regiodag", "Regiodag, herzien"):
        saved = decks.Presentation("regiodag", title, title, 20, (decks.SlideSpec("clusters"),))
        store.save_presentation(saved.key, decks.dumps(saved), user=ANALYST)
    store.engine.dispose()
    process, url = start_server(database, folder / "streamlit.log")
    yield url
    stop_servers(process)


def analyst_file(*, valid: bool) -> bytes:
    """The data centres as a Dutch Excel CSV with one note changed; when not ``valid`` also a
    column the dataset does not have and a capacity that is not a number."""
    frame = datasets.get("data_centres").load_curated().astype(object)
    frame.loc[0, "note"] = "Gebeld met de exploitant"
    if not valid:
        frame["opmerking_intern"] = "x"
        frame.loc[1, "capacity_mw_low"] = "veel"
    return frame.to_csv(sep=";", decimal=",", index=False, lineterminator="\r\n").encode("cp1252")


def open_analyst_view(page: Page, url: str, view: str, lang: str) -> None:
    """Sign in, switch language, and move by the sidebar's links (a new URL would sign out)."""
    texts = catalogue(lang)  # type: ignore[arg-type]
    sign_in(page, url, ANALYST, PASSWORD)
    if lang != "nl":
        page.get_by_role("radio", name=lang.upper(), exact=True).click()
        expect(page.get_by_role("heading", level=1).filter(has_text=texts["access.title"])).to_be_visible()
    page_name = view.split("-", maxsplit=1)[0]
    page.get_by_role("link", name=texts[f"{page_name}.title"], exact=True).click()
    expect(page.get_by_role("heading", level=1).filter(has_text=texts[f"{page_name}.title"])).to_be_visible(
        timeout=30_000
    )
    if page_name == "upload":
        valid = view == "upload-diff"
        page.locator('input[type="file"]').set_input_files(
            {"name": "datacenters.csv", "mimeType": "text/csv", "buffer": analyst_file(valid=valid)}
        )
        verdict = texts["upload.valid"] if valid else texts["upload.invalid"]
        expect(page.get_by_text(verdict.split("{")[0].strip())).to_be_visible(timeout=30_000)
    wait_until_drawn(page)


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("view", ANALYST_VIEWS)
def test_analyst_pages_have_no_serious_or_critical_axe_violations(
    page: Page, analyst_url: str, view: str, lang: str
) -> None:
    open_analyst_view(page, analyst_url, view, lang)
    show_whole_page(page)
    check = axe_check(page)
    assert not check.problems, f"axe could not check all of {view} ({lang}): {check.problems}"
    blocking = [v for v in check.violations if v["impact"] in BLOCKING_IMPACTS]
    assert not blocking, f"axe on {view} ({lang}):\n{describe(blocking)}"


@pytest.mark.parametrize("view", ANALYST_VIEWS)
def test_every_analyst_control_is_reached_by_tab(page: Page, analyst_url: str, view: str) -> None:
    open_analyst_view(page, analyst_url, view, "nl")
    missing = controls_not_reached_by_tab(page)
    assert not missing, f"{view}: not reached by Tab: {missing}"


# --- keyboard ---------------------------------------------------------------------------------

IS_FOCUSED = "element => element === document.activeElement"
FOCUSED = """() => {
    const element = document.activeElement;
    const name = element.getAttribute('aria-label') || (element.labels && element.labels[0]
        && element.labels[0].innerText) || (element.innerText || '').trim().slice(0, 40);
    return `${element.getAttribute('role') || element.tagName.toLowerCase()} "${name}"`;
}"""
MAX_TABS = 60


@pytest.mark.parametrize("lang", LANGUAGES)
def test_compare_page_main_controls_are_reachable_by_tab(page: Page, app_url: str, lang: str) -> None:
    texts = catalogue(lang)  # type: ignore[arg-type]
    open_page(page, app_url, "compare", lang)
    targets = {
        "regions multiselect": page.get_by_role("combobox", name=texts["compare.regions"], exact=True),
        "measure selectbox": page.get_by_role("combobox", name=texts["compare.measure"], exact=True),
        "show-table toggle": page.get_by_role("switch", name=texts["common.show_table"], exact=True).first,
    }
    for target in targets.values():
        expect(target).to_be_attached()
    page.locator("body").focus()
    reached: dict[str, int] = {}
    trail: list[str] = []
    for press in range(1, MAX_TABS + 1):
        page.keyboard.press("Tab")
        trail.append(page.evaluate(FOCUSED))
        for what, target in targets.items():
            if what not in reached and target.evaluate(IS_FOCUSED):
                reached[what] = press
                expect(target).to_be_visible()  # focus did not land on something hidden
        if len(reached) == len(targets):
            break
    missing = sorted(set(targets) - set(reached))
    assert not missing, f"not reached in {MAX_TABS} Tab presses: {missing}; focus went: {trail}"
    # In reading order: first choose regions, then the measure, then read the chart or table.
    order = [reached["regions multiselect"], reached["measure selectbox"], reached["show-table toggle"]]
    assert order == sorted(order), reached


# Every control a page shows, once per tab stop: a radio group and a button group (the NL/EN
# switch, the map's layer pills) are one stop whose options the arrow keys move between, as in
# the WAI-ARIA patterns. Controls inside a closed expander are reached after opening it, and
# tabindex="-1" ones (a multiselect's remove chips, a selectbox's open arrow) have a keyboard
# way through the control they belong to. Frames (the Leaflet map) are Leaflet's own.
MARK_CONTROLS = """() => {
    const selector = 'a[href], button, input:not([type=hidden]), select, textarea, summary, '
        + '[tabindex]:not([tabindex="-1"]), [role=switch], [role=combobox], [role=slider]';
    const hidden = element => element.getClientRects().length === 0
        || getComputedStyle(element).visibility === 'hidden' || element.closest('[aria-hidden=true]');
    const folded = element => {
        const details = element.closest('details');
        return details && !details.open && element.tagName !== 'SUMMARY';
    };
    const names = [];
    for (const element of document.querySelectorAll(selector)) {
        if (hidden(element) || folded(element) || element.disabled
            || element.getAttribute('tabindex') === '-1') continue;
        const stop = element.closest('[role=radiogroup], [data-testid=stButtonGroup]') || element;
        if (stop.dataset.tabStop) continue;
        stop.dataset.tabStop = String(names.length);
        names.push(`${element.tagName.toLowerCase()} "${(element.getAttribute('aria-label')
            || element.innerText || element.name || '').trim().slice(0, 40)}"`);
    }
    return names;
}"""
TAB_STOP_REACHED = """() => {
    const stop = document.activeElement && document.activeElement.closest('[data-tab-stop]');
    return stop ? Number(stop.dataset.tabStop) : null;
}"""
MAX_TAB_STOPS = 400


def controls_not_reached_by_tab(page: Page) -> list[str]:
    """The page's controls (see MARK_CONTROLS) that Tab, pressed from the top, never reaches."""
    controls = page.evaluate(MARK_CONTROLS)
    assert len(controls) >= 5, controls  # at least the page links: the marking found the page
    page.locator("body").focus()
    reached: set[int] = set()
    for _ in range(MAX_TAB_STOPS):
        page.keyboard.press("Tab")
        stop = page.evaluate(TAB_STOP_REACHED)
        if stop is not None:
            reached.add(stop)
        if len(reached) == len(controls):
            break
    return [name for index, name in enumerate(controls) if index not in reached]


@pytest.mark.parametrize("page_name", PUBLIC_PAGES)
def test_every_control_is_reached_by_tab(page: Page, app_url: str, page_name: str) -> None:
    open_page(page, app_url, page_name, "nl")
    missing = controls_not_reached_by_tab(page)
    assert not missing, f"/{PUBLIC_PAGES[page_name].url}: not reached by Tab: {missing}"


def test_button_groups_work_with_arrow_keys(page: Page, app_url: str) -> None:
    """The language switch and the map's layer pills: arrow to an option, Enter to choose."""
    open_page(page, app_url, "map", "nl")
    language, layers = page.locator('[data-testid="stButtonGroup"]').all()[:2]
    language.get_by_role("radio", name="NL").focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1).filter(has_text=catalogue("en")["map.title"])).to_be_visible()
    layers = page.locator('[data-testid="stButtonGroup"]').nth(1)
    campuses = layers.get_by_role("button", name=catalogue("en")["map.layer_campuses"])
    expect(campuses).to_have_attribute("aria-pressed", "true")
    layers.get_by_role("button").first.focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("Enter")
    expect(campuses).to_have_attribute("aria-pressed", "false")
    expect(page).to_have_url(re.compile(r"layers=data_centres%2Cevents%2Cclusters"))


def test_a_wide_table_scrolls_by_keyboard(page: Page, app_url: str) -> None:
    """The per-site data-centre table is wider than the page: its box is a named tab stop and
    the arrow keys scroll it to the notes in its last column."""
    open_page(page, app_url, "data_centres", "en")
    region = page.get_by_role("region", name="Table, scroll sideways with the arrow keys")
    expect(region).to_have_count(1)
    page.locator("body").focus()
    for _ in range(MAX_TAB_STOPS):
        page.keyboard.press("Tab")
        if region.evaluate(IS_FOCUSED):
            break
    else:
        pytest.fail("the table's scrolling box was never focused by Tab")
    assert region.evaluate("box => box.scrollLeft") == 0
    for _ in range(10):  # the arrow keys scroll the focused box, not the page
        page.keyboard.press("ArrowRight")
    region.element_handle().wait_for_element_state("stable")
    page.wait_for_function("box => box.scrollLeft > 0", arg=region.element_handle(), timeout=5_000)


# WCAG 2.x relative luminance of an sRGB colour, as JavaScript for the measurements below.
LUMINANCE = """([r, g, b]) => {
        const linear = v => (v /= 255) <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
        return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
    }"""


# --- chart text --------------------------------------------------------------------------------

# axe-core does not check text drawn in SVG, so the charts' own text is measured here: its
# resolved fill against the white page the charts are drawn on (their backgrounds are clear).
CHART_TEXT_CONTRASTS = (
    """() => {
    const channels = value => value.match(/[\\d.]+/g).slice(0, 3).map(Number);
    const luminance = """
    + LUMINANCE
    + """;
    return [...document.querySelectorAll('[data-testid="stPlotlyChart"] .main-svg text')]
        .filter(text => text.textContent.trim() && text.getClientRects().length)
        .map(text => ({text: text.textContent.trim().slice(0, 40), fill: getComputedStyle(text).fill,
                       ratio: 1.05 / (luminance(channels(getComputedStyle(text).fill)) + 0.05)}));
}"""
)
AA = 4.5  # WCAG 1.4.3 for text under 18 pt: tick labels are 12 px
CHART_PAGES = ("compare", "scorecard", "data_centres", "clusters", "events", "campuses")


@pytest.mark.parametrize("page_name", CHART_PAGES)
def test_chart_text_is_readable(page: Page, app_url: str, page_name: str) -> None:
    open_page(page, app_url, page_name, "nl")
    measured = page.evaluate(CHART_TEXT_CONTRASTS)
    assert len(measured) >= 4, measured  # at least one chart's ticks were found
    low = [f"{row['text']!r} {row['fill']} = {row['ratio']:.2f}:1" for row in measured if row["ratio"] < AA]
    assert not low, f"chart text below {AA}:1 on {page_name}: {low}"


# --- presenter contrast ---------------------------------------------------------------------

# WCAG 2.x relative luminance and contrast ratio, computed on what the browser resolved:
# colours with alpha and opacity are composited over the backgrounds beneath them.
CONTRASTS = (
    """() => {
    const parse = value => {
        const parts = value.match(/rgba?\\(([^)]*)\\)/)[1].split(/[\\s,\\/]+/).filter(Boolean);
        const [r, g, b, a] = parts.map(Number);
        return [r, g, b, a === undefined ? 1 : a];
    };
    const over = (top, bottom) => {
        const alpha = top[3] + bottom[3] * (1 - top[3]);
        const mix = i => (top[i] * top[3] + bottom[i] * bottom[3] * (1 - top[3])) / alpha;
        return [mix(0), mix(1), mix(2), alpha];
    };
    const chain = element => {
        const elements = [];
        for (let e = element; e; e = e.parentElement) elements.unshift(e);
        return elements;
    };
    const background = element => chain(element).reduce(
        (below, e) => over(parse(getComputedStyle(e).backgroundColor), below), [255, 255, 255, 1]);
    const opacity = element => chain(element).reduce(
        (product, e) => product * Number(getComputedStyle(e).opacity), 1);
    const luminance = """
    + LUMINANCE
    + """;
    const measure = (kind, element) => {
        const bg = background(element);
        const text = parse(getComputedStyle(element).color);
        const fg = over([text[0], text[1], text[2], text[3] * opacity(element)], bg);
        const [light, dark] = [luminance(fg), luminance(bg)].sort((a, b) => b - a);
        const hex = c => '#' + c.slice(0, 3).map(v => Math.round(v).toString(16).padStart(2, '0')).join('');
        return {kind, text: element.textContent.trim().slice(0, 60), fg: hex(fg), bg: hex(bg),
                ratio: (light + 0.05) / (dark + 0.05)};
    };
    const hasText = element => [...element.childNodes].some(
        node => node.nodeType === Node.TEXT_NODE && node.textContent.trim());
    const main = document.querySelector('[data-testid="stMain"]');
    const texts = [...main.querySelectorAll(
        '[data-testid="stMarkdownContainer"] *, [data-testid="stCaptionContainer"] *')]
        .filter(element => hasText(element) && element.tagName !== 'STYLE');
    return [
        measure('page', document.querySelector('[data-testid="stApp"]')),
        ...texts.filter(e => !e.closest('[data-testid="stCaptionContainer"]')).map(e => measure('body', e)),
        ...texts.filter(e => e.closest('[data-testid="stCaptionContainer"]')).map(e => measure('caption', e)),
    ];
}"""
)
AAA = 7.0  # WCAG 1.4.6 (enhanced contrast): read from the back of a room, on a projector


class LowContrastError(AssertionError):
    """Text measured below 7:1; the one failure the caption case's xfail expects."""


# The caption (source line) was 4.57:1 while Streamlit's caption opacity of 0.6 faded the
# #1a1a1a set in PRESENTER_CSS; the CSS now sets opacity 1 as well.
@pytest.mark.parametrize("kind", ["body", "caption"])
def test_presenter_text_has_aaa_contrast(page: Page, app_url: str, kind: str) -> None:
    """Body text (the page's own colour and every paragraph on the slide) and the captions,
    the source line first of all, against the background they are drawn on: at least 7:1.
    Colours are the same in both languages, so one is enough."""
    open_page(page, app_url, "present", "nl")
    expect(page.locator('[data-testid="stMain"] [data-testid="stCaptionContainer"]').first).to_be_visible()
    # While it plays the controls fade out of the picture; paused they stay, and are measured.
    page.get_by_role("button", name="Pauze").click()
    expect(page.get_by_text("gepauzeerd", exact=True)).to_be_visible(timeout=10_000)
    page.wait_for_timeout(500)  # the controls' fade in
    measured = page.evaluate(CONTRASTS)
    kinds = {row["kind"] for row in measured}
    assert {"page", "body", "caption"} <= kinds, measured
    rows = [row for row in measured if (row["kind"] == "caption") == (kind == "caption")]
    assert any(row["text"].startswith("Bron:") for row in measured if row["kind"] == "caption"), measured
    low = [row for row in rows if row["ratio"] < AAA]
    if low:
        raise LowContrastError(
            "below 7:1: "
            + "; ".join(
                f"{row['kind']} {row['text']!r} {row['fg']} on {row['bg']} = {row['ratio']:.2f}:1"
                for row in low
            )
        )
