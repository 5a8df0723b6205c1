"""The deployment of README "Deploy", tested for real where it can be.

Once for this module, ``dashboard.deploy.Cluster`` (what ``scripts/run_cluster.py`` runs)
starts PostgreSQL, two Streamlit app servers on it and nginx in front with
``deploy/nginx.conf``, all from Debian packages. The tests go through nginx: health check,
gzip, the upload limit, sticky sessions over HTTP, and in Chromium a first visit (bytes over
the wire, the page drawn over the websocket, the websocket on the same app server as the
page, also after a reload).

The Dockerfile is only checked statically: Docker is not available here, so the image is
never built or run by these tests.
"""

from __future__ import annotations

import gzip
import http.client
import os
import re
import subprocess
import tomllib
import urllib.request
from collections.abc import Iterator
from email.message import Message
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest
from browser.conftest import add_analyst, sign_in
from playwright.sync_api import Browser, expect

from dashboard import deploy, settings
from dashboard.catalog import datasets, pages
from dashboard.present import embeds

ROOT = Path(__file__).resolve().parents[1]
FIRST_VISIT_LIMIT = 3_000_000  # bytes over the wire for the overview page through nginx


def _require(found: object, package: str) -> None:
    if found is None:
        if os.environ.get("CI"):
            pytest.fail(f"{package} is missing on CI: make test should have installed it")
        pytest.skip(f"the deployment tests need Debian's {package}: apt-get install {package}")


@pytest.fixture(scope="module")
def cluster() -> Iterator[Any]:
    _require(deploy.nginx_binary(), "nginx")
    _require(deploy.postgres_bin_dir(), "postgresql")
    started = deploy.Cluster().start()  # throw-away: a temporary directory, deleted on stop
    yield started
    started.stop()


def get(url: str, headers: dict[str, str] | None = None) -> tuple[Message, bytes]:
    """Headers and body exactly as sent (urllib neither decompresses nor keeps cookies)."""
    request = urllib.request.Request(url, headers=headers or {})
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.headers, response.read()


def route_cookie(headers: Message) -> str | None:
    for value in headers.get_all("Set-Cookie") or []:
        match = re.match(r"dashboard_route=([^;]+)", value)
        if match:
            return match.group(1)
    return None


# -- nginx.conf and the Dockerfile, without a running cluster ---------------------------------


def _nginx_accepts(conf_text: str, folder: Path) -> None:
    nginx = deploy.nginx_binary()
    _require(nginx, "nginx")
    conf = folder / "nginx.conf"
    conf.write_text(conf_text)
    for name in ("logs", "temp"):
        (folder / name).mkdir(exist_ok=True)
    result = subprocess.run(
        [str(nginx), "-t", "-p", f"{folder}/", "-c", str(conf)],
        capture_output=True,
        text=True,
        check=False,
        timeout=30,
    )
    assert result.returncode == 0, result.stderr


def test_nginx_conf_renders_and_nginx_accepts_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(settings.FRAME_ANCESTORS.name, raising=False)
    text = deploy.render_nginx_conf("127.0.0.1:8080", ["127.0.0.1:8501", "127.0.0.1:8502"])
    _nginx_accepts(text, tmp_path)
    assert "server 127.0.0.1:8502 " in text
    assert "; frame-ancestors 'self'\" always;" in text  # only the dashboard may frame its pages
    assert 'add_header X-Frame-Options "SAMEORIGIN" always;' in text
    with pytest.raises(ValueError, match="at least one"):
        deploy.render_nginx_conf("127.0.0.1:8080", [])


def test_nginx_lets_the_configured_sites_frame_the_pages(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(settings.FRAME_ANCESTORS.name, "https://www.almere.nl https://*.almere.nl")
    text = deploy.render_nginx_conf("127.0.0.1:8080", ["127.0.0.1:8501"])
    _nginx_accepts(text, tmp_path)
    assert "; frame-ancestors 'self' https://www.almere.nl https://*.almere.nl\" always;" in text
    assert 'X-Frame-Options "' not in text  # it cannot name other sites, so it is not sent
    monkeypatch.setenv(settings.FRAME_ANCESTORS.name, "www.almere.nl")
    with pytest.raises(embeds.FramingError):
        deploy.render_nginx_conf("127.0.0.1:8080", ["127.0.0.1:8501"])


def test_nginx_body_limit_leaves_room_for_streamlits_own_upload_limit() -> None:
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    streamlit_mb = config["server"]["maxUploadSize"]
    match = re.search(r"client_max_body_size (\d+)m;", (ROOT / "deploy" / "nginx.conf").read_text())
    assert match, "deploy/nginx.conf sets no client_max_body_size in MB"
    assert streamlit_mb < int(match.group(1)) <= streamlit_mb + 5


def _dockerfile_instructions() -> list[tuple[str, str]]:
    text = (ROOT / "Dockerfile").read_text(encoding="utf-8").replace("\\\n", " ")
    lines = [line.strip() for line in text.splitlines()]
    return [
        (line.split(None, 1)[0].upper(), line.split(None, 1)[1] if " " in line else "")
        for line in lines
        if line and not line.startswith("#")
    ]


def _dockerignored(path: str, patterns: list[str]) -> bool:
    return any(path == pattern or path.startswith(pattern.rstrip("/") + "/") for pattern in patterns)


def test_dockerfile_copies_files_that_exist_and_pins_with_the_makefiles_constraints() -> None:
    """Static only (no Docker here): what it copies exists, is not ignored, and is what the app
    needs; it installs with the Makefile's constraints file, runs as a non-root user, exposes
    8501 with a health check, and seeds before serving on all interfaces."""
    instructions = _dockerfile_instructions()
    ignored = [
        line.strip()
        for line in (ROOT / ".dockerignore").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert instructions[0] == ("FROM", "python:3.11-slim")

    copied: list[str] = []
    for keyword, argument in instructions:
        if keyword == "COPY":
            *sources, _target = argument.split()
            copied.extend(source.rstrip("/") for source in sources)
    for source in copied:
        assert (ROOT / source).exists(), f"the Dockerfile copies {source}, which does not exist"
        assert not _dockerignored(source, ignored), f"{source} is copied but excluded by .dockerignore"
    needed = {"pyproject.toml", "constraints.txt", "README.md", "src", "app.py", "app_pages", "data"}
    needed |= {"serve.py", "presentations", "static", ".streamlit"}
    assert needed <= set(copied), f"not copied: {needed - set(copied)}"
    for secret_or_local in (".streamlit/secrets.toml", ".venv", "var", ".git"):
        assert _dockerignored(secret_or_local, ignored), f".dockerignore lets {secret_or_local} in"

    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    constraint_files = set(re.findall(r"-c (\S+)", makefile))
    assert constraint_files == {"constraints.txt"}
    installs = [
        argument for keyword, argument in instructions if keyword == "RUN" and "pip install" in argument
    ]
    assert installs
    assert all("-c constraints.txt" in install for install in installs), installs
    assert any("-e ." in install for install in installs), "the package is not installed from /app"

    users = [argument for keyword, argument in instructions if keyword == "USER"]
    assert users
    assert users[-1] not in ("root", "0")
    assert ("EXPOSE", "8501") in instructions
    healthchecks = [argument for keyword, argument in instructions if keyword == "HEALTHCHECK"]
    assert len(healthchecks) == 1
    assert "/_stcore/health" in healthchecks[0]
    cmd = next(argument for keyword, argument in reversed(instructions) if keyword == "CMD")
    assert "dashboard seed" in cmd
    assert "streamlit run serve.py" in cmd  # app.py plus the session-cookie route
    assert "--server.address 0.0.0.0" in cmd


# -- the running cluster, through nginx ----------------------------------------------------------


def test_health_check_answers_through_nginx(cluster: Any) -> None:
    _headers, body = get(f"{cluster.url}/_stcore/health")
    assert body == b"ok"


def test_static_bundles_come_gzipped_with_security_headers(cluster: Any) -> None:
    headers, index = get(f"{cluster.url}/", {"Accept-Encoding": "gzip"})
    assert headers["Content-Encoding"] == "gzip"
    html = gzip.decompress(index).decode()
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert headers.get_all("X-Frame-Options") == ["SAMEORIGIN"]
    # nginx's whole policy, once: the app servers' own framing header is not passed on beside it.
    policies = headers.get_all("Content-Security-Policy") or []
    assert len(policies) == 1, policies
    assert policies[0].startswith("default-src 'self'"), policies

    bundles = re.findall(r'(?:src|href)="\.?/?(static/(?:js|css)/[^"]+\.(?:js|css))"', html)
    assert any(bundle.endswith(".js") for bundle in bundles), html[:2000]
    zipped_total = plain_total = 0
    for bundle in bundles:
        zipped_headers, zipped = get(f"{cluster.url}/{bundle}", {"Accept-Encoding": "gzip"})
        plain_headers, plain = get(f"{cluster.url}/{bundle}")
        assert plain_headers["Content-Encoding"] is None  # a client without gzip still gets it
        if len(plain) < 1024:  # gzip_min_length: not worth a gzip header
            continue
        assert zipped_headers["Content-Encoding"] == "gzip", bundle
        assert "Accept-Encoding" in (zipped_headers["Vary"] or "")
        assert gzip.decompress(zipped) == plain
        zipped_total, plain_total = zipped_total + len(zipped), plain_total + len(plain)
    assert zipped_total < 0.4 * plain_total, f"{zipped_total} of {plain_total} bytes"


def test_nginx_refuses_a_body_over_the_upload_limit(cluster: Any) -> None:
    address = urlparse(cluster.url)
    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=10)
    try:
        connection.putrequest("PUT", "/_stcore/upload_file/session/file")
        connection.putheader("Content-Length", str(30 * 1024 * 1024))  # announced, never sent
        connection.endheaders()
        assert connection.getresponse().status == 413
    finally:
        connection.close()


def test_one_client_stays_on_one_app_server_and_new_clients_spread(cluster: Any) -> None:
    """The first response sets the route cookie; every later request carrying it (a page, the
    host config a reconnecting frontend asks for) reaches the same server. The websocket is
    checked in Chromium below."""
    seen: set[str] = set()
    for _client in range(16):
        headers, _body = get(f"{cluster.url}/")
        cookie, upstream = route_cookie(headers), headers["X-Upstream"]
        assert cookie
        assert upstream in cluster.upstreams
        seen.add(upstream)
        for path in ("/_stcore/host-config", "/datacenters"):
            again, _ = get(f"{cluster.url}{path}", {"Cookie": f"dashboard_route={cookie}"})
            assert again["X-Upstream"] == upstream, path
            assert route_cookie(again) is None  # set once, not on every response
    # 16 random first visits all on one of two servers would be a 1 in 2**15 event.
    assert seen == set(cluster.upstreams)


# -- a first visit in Chromium, through nginx ---------------------------------------------------


def _header(headers: dict[str, str], name: str) -> str | None:
    return next((value for key, value in headers.items() if key.lower() == name.lower()), None)


def first_visit(browser: Browser, url: str, title: str, *, reload: bool = False) -> dict[str, Any]:
    """Open ``url`` with an empty cache; wait until ``title`` is drawn and the script finished.

    Bytes are what Chromium received over the wire for every HTTP response (CDP
    ``Network.loadingFinished`` ``encodedDataLength``: headers plus the body as sent, so
    compressed when compressed), like bench/present.py measures first visits.
    """
    context = browser.new_context()
    try:
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        sizes: list[int] = []
        documents: list[str | None] = []
        sockets: list[str | None] = []
        cdp.on("Network.loadingFinished", lambda event: sizes.append(int(event["encodedDataLength"])))
        cdp.on(
            "Network.responseReceived",
            lambda event: (
                documents.append(_header(event["response"]["headers"], "X-Upstream"))
                if event["type"] == "Document"
                else None
            ),
        )
        cdp.on(
            "Network.webSocketHandshakeResponseReceived",
            lambda event: sockets.append(_header(event["response"]["headers"], "X-Upstream")),
        )
        cdp.send("Network.enable")

        def draw() -> None:
            # The title arrives over the websocket: drawn means the websocket works.
            expect(page.get_by_role("heading", level=1).filter(has_text=title)).to_be_visible(timeout=60_000)
            expect(page.locator('[data-testid="stStatusWidget"]')).to_have_count(0, timeout=30_000)
            page.wait_for_load_state("networkidle")  # lazily loaded bundles and fonts too

        page.goto(url)
        draw()
        first_bytes = sum(sizes)
        if reload:
            page.reload()  # a new page load and a new websocket from the same browser
            draw()
        return {"bytes": first_bytes, "documents": documents, "sockets": sockets}
    finally:
        context.close()


@pytest.mark.browser
def test_first_visit_through_nginx_is_small_draws_and_keeps_one_server(
    cluster: Any, browser: Browser
) -> None:
    via_nginx = first_visit(browser, f"{cluster.url}/", "Overzicht", reload=True)
    direct = first_visit(browser, f"{cluster.app_urls[0]}/", "Overzicht")
    print(
        f"\nfirst visit of the overview: {via_nginx['bytes'] / 1e6:.2f} MB through nginx, "
        f"{direct['bytes'] / 1e6:.2f} MB from an app server directly"
    )
    assert via_nginx["bytes"] <= FIRST_VISIT_LIMIT
    assert via_nginx["bytes"] < 0.6 * direct["bytes"], "gzip at nginx should cut the first visit"

    # Page and websocket, before and after the reload, all on one app server.
    assert len(via_nginx["documents"]) == 2
    assert len(via_nginx["sockets"]) >= 2
    upstreams = set(via_nginx["documents"]) | set(via_nginx["sockets"])
    assert len(upstreams) == 1, upstreams
    assert upstreams <= set(cluster.upstreams)


# -- the Content-Security-Policy, in Chromium --------------------------------------------------

# Installed in every frame before any of its scripts: each violation the policy reports.
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', event => window.__cspViolations.push(
    `${event.violatedDirective} blocked ${event.blockedURI || 'inline'} in ${location.href}`
));
"""
VIOLATIONS = "() => window.__cspViolations || []"
TITLE = '[data-testid="stMainBlockContainer"] h1'


@pytest.mark.browser
def test_every_page_works_under_the_content_security_policy(cluster: Any, browser: Browser) -> None:
    headers, _ = get(f"{cluster.url}/")
    assert "connect-src 'self'" in (headers["Content-Security-Policy"] or "")
    context = browser.new_context(locale="nl-NL", viewport={"width": 1440, "height": 1000})
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    violations: dict[str, list[str]] = {}
    try:
        for spec in pages.visible_pages(is_analyst=False):
            page.goto(f"{cluster.url}/{spec.url}?lang=nl&interval=60")
            expect(page.locator(TITLE).first).to_be_visible(timeout=60_000)
            expect(page.locator('[data-testid="stStatusWidget"]')).to_have_count(0, timeout=30_000)
            if spec.name == "map":  # Leaflet, from this server, drew the provinces in its frame
                frame = page.frame_locator('iframe[title="streamlit_folium.st_folium"]')
                expect(frame.locator("path.leaflet-interactive").first).to_be_attached(timeout=30_000)
            page.wait_for_load_state("networkidle")
            found = [entry for frame in page.frames for entry in frame.evaluate(VIOLATIONS)]
            if found:
                violations[spec.name] = found
        # The analysts' pages: a file uploaded (report and diff), the history of versions.
        add_analyst(cluster.database_url, "ana", "correct horse battery")
        sign_in(page, cluster.url, "ana", "correct horse battery")
        page.get_by_role("link", name="Upload").click()
        expect(page.get_by_role("heading", level=1).filter(has_text="Upload")).to_be_visible(timeout=30_000)
        edited = datasets.get("data_centres").load_curated()
        page.locator('input[type="file"]').set_input_files(
            {
                "name": "datacenters.csv",
                "mimeType": "text/csv",
                "buffer": edited.iloc[1:].to_csv(index=False).encode(),
            }
        )
        expect(page.get_by_text(f"Geen problemen gevonden in {len(edited) - 1} rijen.")).to_be_visible(
            timeout=30_000
        )
        page.get_by_role("link", name="Historie").click()
        expect(page.get_by_role("heading", level=1).filter(has_text="Historie")).to_be_visible(timeout=30_000)
        page.wait_for_load_state("networkidle")
        found = [entry for frame in page.frames for entry in frame.evaluate(VIOLATIONS)]
        if found:
            violations["upload and history"] = found
        assert violations == {}
        # And what the policy is for: a request to anywhere else is refused by the browser.
        page.goto(f"{cluster.url}/?lang=nl")
        expect(page.locator(TITLE).first).to_be_visible(timeout=60_000)
        outcome = page.evaluate(
            """() => fetch('https://tiles.example.org/1/1/1.png').then(() => 'loaded', () => 'refused')"""
        )
        assert outcome == "refused"
        assert any("connect-src" in entry for entry in page.evaluate(VIOLATIONS))
    finally:
        context.close()
