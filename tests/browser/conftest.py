"""A real Streamlit server for browser tests, on a free port with its own store."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator, Sequence
from pathlib import Path
from urllib.parse import urlparse

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from dashboard.store import Store, accounts, sessions
from dashboard.testing import start_server

ROOT = Path(__file__).resolve().parents[2]


def stop_servers(*processes: subprocess.Popen[bytes], visitors: Sequence[Page | BrowserContext] = ()) -> None:
    """Stop servers as an operator does (SIGTERM), once their ``visitors`` have left.

    A tab left open can keep a stopping server alive: uvicorn waits for open connections to
    close, and the tab's Streamlit frontend, reconnecting, keeps a keep-alive connection busy
    with health checks (Streamlit 1.67, uvicorn 0.54; about 1 stop in 6 on a loaded machine).
    Tests close their tabs first, as visitors leaving would, so a server that still does not
    stop is a failure of its own.
    """
    for visitor in visitors:
        visitor.close()
    for process in processes:
        process.terminate()
    hung = []
    for process in processes:
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)
            hung.append(process.pid)
    assert not hung, f"servers {hung} did not stop within 20 s of SIGTERM"


def add_analyst(database_url: str, name: str, password: str) -> None:
    """An analyst account in the store at ``database_url`` (made ready first)."""
    store = Store(database_url)
    store.ensure_ready()
    accounts.add_user(name, password, store)
    store.engine.dispose()


def sign_in(page: Page, app_url: str, name: str, password: str) -> None:
    """Sign in on the access page (in Dutch), and wait until the page has traded its one-time
    ticket for the session cookie (a form post and a reload, see dashboard.store.sessions): from
    then on a reload or a page.goto in this browser context stays signed in."""
    page.goto(f"{app_url}/analisten?lang=nl")
    page.get_by_label("Naam").fill(name)
    page.get_by_label("Wachtwoord").fill(password)
    with page.expect_response(lambda response: "/_session/start" in response.url, timeout=30_000):
        page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_text(f"Ingelogd als {name}.")).to_be_visible(timeout=30_000)
    assert any(cookie["name"] == sessions.COOKIE for cookie in page.context.cookies()), "no session cookie"


@pytest.fixture(scope="session")
def app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("browser")
    process, url = start_server(f"sqlite:///{folder / 'store.sqlite3'}", folder / "streamlit.log")
    yield url
    stop_servers(process)


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, object]) -> dict[str, object]:
    return {**browser_context_args, "viewport": {"width": 1440, "height": 1000}, "locale": "nl-NL"}


LOCAL_HOSTS = {"127.0.0.1", "localhost"}


def is_outside(url: str) -> bool:
    """A request that leaves the app server (data: and blob: URLs stay in the page)."""
    parsed = urlparse(url)
    return parsed.scheme in ("http", "https", "ws", "wss") and parsed.hostname not in LOCAL_HOSTS


@pytest.fixture
def outside_requests(page: Page) -> list[str]:
    """Every request this test's page makes to a host other than the app server."""
    seen: list[str] = []
    page.on("request", lambda request: seen.append(request.url) if is_outside(request.url) else None)
    return seen
