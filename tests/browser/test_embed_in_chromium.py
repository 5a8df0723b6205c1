"""Two charts embedded in a page of another origin, in Chromium, offline: the snippets the
"Insluiten / Embed" popover gives, pasted into a news page served from another port and host
name. The site named in ``DASHBOARD_FRAME_ANCESTORS`` shows both charts (title, chart, source
line, link to the dashboard; no sidebar) in the language of each snippet; a site not named
gets an empty frame, because the app's own headers refuse it."""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser.conftest import is_outside, stop_servers
from playwright.sync_api import Frame, Page, expect

from dashboard import settings
from dashboard.present import embeds
from dashboard.testing import free_port, start_server

pytestmark = pytest.mark.browser


@pytest.fixture
def news_site(tmp_path: Path) -> Iterator[tuple[Path, int]]:
    """A municipality's news site: a folder of pages on its own port, on ``localhost`` (the
    app is on 127.0.0.1: another host name and port, so another origin and another site)."""
    folder = tmp_path / "site"
    folder.mkdir()
    port = free_port()
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield folder, port
    server.shutdown()
    server.server_close()


def news_page(*snippets: str) -> str:
    return (
        '<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>Nieuws</title></head>'
        "<body style='font-family: sans-serif; max-width: 900px; margin: auto'>"
        "<h1>Nieuws: de digitale economie van de regio</h1><p>De gemeente vergelijkt…</p>"
        + "".join(f"<section>{snippet}</section>" for snippet in snippets)
        + "</body></html>"
    )


def chart_frame(page: Page, title: str) -> Frame:
    handle = page.locator(f'iframe[title="{title}"]').element_handle(timeout=30_000)
    assert handle is not None
    frame = handle.content_frame()
    assert frame is not None
    return frame


def test_two_charts_show_in_an_allowed_sites_page_and_not_in_another(
    page: Page, tmp_path: Path, news_site: tuple[Path, int]
) -> None:
    folder, port = news_site
    allowed = f"http://localhost:{port}"
    server, app_url = start_server(
        f"sqlite:///{tmp_path / 'store.sqlite3'}",
        tmp_path / "streamlit.log",
        env={settings.FRAME_ANCESTORS.name: allowed},
    )
    outside: list[str] = []
    page.on(
        "request",
        lambda request: (
            outside.append(request.url)
            if is_outside(request.url) or ("localhost" in request.url and str(port) not in request.url)
            else None
        ),
    )
    compare_settings = {"regions": "GM0034,GM0363", "measure": "data_centres"}
    compare_url = embeds.embed_url(app_url, "compare", compare_settings, "nl")
    clusters_url = embeds.embed_url(app_url, "clusters", {}, "en")
    compare_title, clusters_title = "Datacenters: Almere en Amsterdam", "Cluster members"
    (folder / "index.html").write_text(
        news_page(
            embeds.iframe_snippet(compare_url, compare_title),
            embeds.iframe_snippet(clusters_url, clusters_title),
        ),
        encoding="utf-8",
    )
    try:
        page.set_viewport_size({"width": 1000, "height": 1400})
        page.goto(f"{allowed}/index.html")

        dutch = chart_frame(page, compare_title)
        expect(dutch.locator(".js-plotly-plot .main-svg").first).to_be_visible(timeout=60_000)
        expect(dutch.get_by_text("Bron:").first).to_be_visible()
        link = dutch.get_by_role("link", name="Open in het dashboard")
        expect(link).to_be_visible()
        assert link.get_attribute("href", timeout=5_000).startswith(f"{app_url}/vergelijk?")  # type: ignore[union-attr]
        assert link.get_attribute("target") == "_blank"  # the reader keeps the news page
        expect(dutch.locator("h3").first).to_have_text("Datacenters in bedrijf, genoemd in de bronnen")
        expect(dutch.locator(".js-plotly-plot").first).to_contain_text("Almere")  # the chosen regions
        assert dutch.locator("[data-testid=stSidebar]").count() == 0

        english = chart_frame(page, clusters_title)
        expect(english.locator(".js-plotly-plot .main-svg").first).to_be_visible(timeout=60_000)
        expect(english.get_by_text("Source:").first).to_be_visible()
        expect(english.get_by_role("link", name="Open in the dashboard")).to_be_visible()
        assert english.locator("[data-testid=stSidebar]").count() == 0
        # What the privacy statement says of embedded charts: no cookie beyond these two.
        cookies = {cookie["name"] for cookie in page.context.cookies()}
        assert cookies <= {"_streamlit_xsrf", "dashboard_route"}, cookies
        page.wait_for_timeout(1_000)  # the charts' enter transition
        page.screenshot(path=str(tmp_path / "embed-news-page.png"), full_page=True)

        # The same snippet in a site that is not named: the browser refuses the frame.
        (folder / "other.html").write_text(news_page(embeds.iframe_snippet(compare_url, compare_title)))
        refused = f"http://127.0.0.1:{port}/other.html"  # another origin than the allowed one
        page.goto(refused)
        frame = chart_frame(page, compare_title)
        page.wait_for_timeout(3_000)
        assert frame.locator("[data-testid=stApp]").count() == 0, "a site not allowed showed the chart"
        assert outside == [], outside
    finally:
        stop_servers(server, visitors=[page])
