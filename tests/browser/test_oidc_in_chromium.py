"""Analysts signing in through a real OpenID Connect provider, in Chromium.

The provider is `oidc-provider` (an OpenID-certified server for Node.js, in
tests/fixtures/oidc_provider/) on 127.0.0.1, with the app as its client and two users: an
analyst listed under ``[analysts] emails`` in the app's secrets, and a viewer who is not. The app is the real
Streamlit server with an ``[auth]`` table in its secrets, so the browser goes the whole way
a municipality's analyst goes: st.login, the provider's sign-in form, /oauth2callback, the
identity cookie, sign-out at the provider. Also: the provider down gives a clear message in
the user's language, not Streamlit's bare "Authentication error" page.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

import pytest
from browser.conftest import ROOT, stop_servers
from playwright.sync_api import Locator, Page, expect

from dashboard.testing import free_port, start_server

pytestmark = pytest.mark.browser

PROVIDER_DIR = ROOT / "tests" / "fixtures" / "oidc_provider"
CLIENT_ID = "dashboard"
CLIENT_SECRET = secrets.token_urlsafe(24)


class User(NamedTuple):
    email: str
    password: str
    name: str


ANALYST = User("ana.analist@gemeente.test", "correct horse battery", "Ana Analist")
VIEWER = User("vera.viewer@gemeente.test", "staple paper clip", "Vera Viewer")


def install_provider() -> None:
    """``npm ci`` into tests/fixtures/oidc_provider/ once (again when the pinned version
    changes); after that the tests run offline."""
    wanted = json.loads((PROVIDER_DIR / "package.json").read_text())["dependencies"]["oidc-provider"]
    installed = PROVIDER_DIR / "node_modules" / "oidc-provider" / "package.json"
    if installed.exists() and json.loads(installed.read_text())["version"] == wanted:
        return
    npm = shutil.which("npm")
    if npm is None or shutil.which("node") is None:
        if os.environ.get("CI"):
            pytest.fail("Node.js is missing on CI: make test should have installed nodejs and npm")
        pytest.skip("the OIDC test needs Node.js: apt-get install nodejs npm")
    result = subprocess.run(
        [npm, "ci", "--no-audit", "--no-fund"],
        cwd=PROVIDER_DIR,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, f"npm ci failed in {PROVIDER_DIR}:\n{result.stderr[-2000:]}"


def write_secrets(path: Path, provider_port: int) -> Path:
    """The app's secrets.toml as the README tells a municipality to write it, for this provider.
    ``{port}`` in redirect_uri is Streamlit's placeholder for the port the server runs on."""
    path.write_text(
        f"""[auth]
redirect_uri = "http://127.0.0.1:{{port}}/oauth2callback"
cookie_secret = "{secrets.token_hex(32)}"
client_id = "{CLIENT_ID}"
client_secret = "{CLIENT_SECRET}"
server_metadata_url = "http://127.0.0.1:{provider_port}/.well-known/openid-configuration"
# oidc-provider refuses Streamlit's default prompt=select_account (see the README).
client_kwargs = {{ prompt = "login" }}

[analysts]
# Another spelling than the provider's: e-mail addresses compare without case.
emails = ["{ANALYST.email.title()}"]
""",
        encoding="utf-8",
    )
    return path


def start_provider(folder: Path, port: int, app_url: str) -> subprocess.Popen[bytes]:
    """Start the provider on 127.0.0.1:``port`` for the app at ``app_url`` and wait until it
    hands out its discovery document."""
    config = folder / "provider.json"
    config.write_text(
        json.dumps(
            {
                "port": port,
                "client": {
                    "client_id": CLIENT_ID,
                    "client_secret": CLIENT_SECRET,
                    "redirect_uri": f"{app_url}/oauth2callback",
                },
                "users": [user._asdict() for user in (ANALYST, VIEWER)],
            }
        ),
        encoding="utf-8",
    )
    log = folder / "provider.log"
    process = subprocess.Popen(
        ["node", str(PROVIDER_DIR / "provider.js"), str(config)],
        cwd=PROVIDER_DIR,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            url = f"http://127.0.0.1:{port}/.well-known/openid-configuration"
            with urllib.request.urlopen(url, timeout=2) as response:
                if "authorization_endpoint" in json.load(response):
                    return process
        except OSError:
            if process.poll() is not None:
                break
            time.sleep(0.2)
    process.kill()
    raise RuntimeError(f"oidc-provider did not start: {log.read_text(errors='replace')[-2000:]}")


class Deployment(NamedTuple):
    app_url: str
    issuer: str


@pytest.fixture(scope="module")
def deployment(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Deployment]:
    """The app with an [auth] table pointing at a running provider that knows the app."""
    install_provider()
    folder = tmp_path_factory.mktemp("oidc")
    provider_port = free_port()
    secrets_file = write_secrets(folder / "secrets.toml", provider_port)
    app, app_url = start_server(
        f"sqlite:///{folder / 'store.sqlite3'}",
        folder / "streamlit.log",
        env={"STREAMLIT_SECRETS_FILES": str(secrets_file)},
    )
    try:
        provider = start_provider(folder, provider_port, app_url)
    except RuntimeError:
        stop_servers(app)
        raise
    yield Deployment(app_url, f"http://127.0.0.1:{provider_port}")
    provider.terminate()
    provider.wait(timeout=10)
    stop_servers(app)


def nav(page: Page) -> Locator:
    return page.locator('[data-testid="stSidebarNav"]')


def heading(page: Page, text: str) -> Locator:
    return page.get_by_role("heading", level=1).filter(has_text=text)


def sign_in_at_provider(page: Page, deployment: Deployment, user: User) -> None:
    """From the app's Analisten page through the provider's sign-in form and back to the app."""
    page.goto(f"{deployment.app_url}/analisten?lang=nl")
    page.get_by_role("button", name="Inloggen met uw organisatieaccount").click()
    page.wait_for_url(f"{deployment.issuer}/interaction/**", timeout=30_000)
    page.get_by_label("E-mail").fill(user.email)
    page.get_by_label("Password").fill(user.password)
    page.get_by_role("button", name="Sign in").click()
    # Back at the app (Streamlit returns to its home page) with Streamlit's identity cookie.
    page.wait_for_url(f"{deployment.app_url}/**", timeout=30_000)
    expect(heading(page, "Overzicht")).to_be_visible(timeout=30_000)
    identity = [cookie for cookie in page.context.cookies() if cookie["name"] == "_streamlit_user"]
    assert identity, "no identity cookie after signing in"
    assert identity[0]["httpOnly"]


def test_an_analyst_signs_in_at_the_provider_reaches_upload_and_history_and_signs_out(
    page: Page, deployment: Deployment
) -> None:
    sign_in_at_provider(page, deployment, ANALYST)
    expect(nav(page).get_by_role("link", name="Upload")).to_be_visible(timeout=30_000)
    expect(nav(page).get_by_role("link", name="Historie")).to_be_visible()

    nav(page).get_by_role("link", name="Upload").click()
    expect(heading(page, "Upload")).to_be_visible(timeout=30_000)
    expect(page.locator('input[type="file"]')).to_have_count(1)
    nav(page).get_by_role("link", name="Historie").click()
    expect(heading(page, "Historie")).to_be_visible(timeout=30_000)
    expect(page.get_by_text("Log eerst in als analist")).to_have_count(0)
    page.reload()  # a new Streamlit session reads the identity cookie again
    expect(heading(page, "Historie")).to_be_visible(timeout=30_000)
    expect(page.get_by_text("Log eerst in als analist")).to_have_count(0)

    nav(page).get_by_role("link", name="Analisten").click()
    expect(page.get_by_text(f"Ingelogd als {ANALYST.email}.")).to_be_visible(timeout=30_000)
    page.get_by_role("button", name="Uitloggen").click()
    # Streamlit sends the browser to the provider's end-session page, which asks to confirm.
    page.wait_for_url(f"{deployment.issuer}/session/end**", timeout=30_000)
    page.get_by_role("button", name="Sign me out").click()
    page.wait_for_url(f"{deployment.app_url}/**", timeout=30_000)
    expect(heading(page, "Overzicht")).to_be_visible(timeout=30_000)
    assert not [cookie for cookie in page.context.cookies() if cookie["name"] == "_streamlit_user"]
    expect(nav(page).get_by_role("link", name="Upload")).to_have_count(0)
    page.goto(f"{deployment.app_url}/upload?lang=nl")
    expect(page.get_by_text("Log eerst in als analist")).to_be_visible(timeout=30_000)
    expect(page.locator('input[type="file"]')).to_have_count(0)
    # Signed out at the provider too: signing in again asks for the password again.
    page.goto(f"{deployment.app_url}/analisten?lang=nl")
    page.get_by_role("button", name="Inloggen met uw organisatieaccount").click()
    page.wait_for_url(f"{deployment.issuer}/interaction/**", timeout=30_000)
    expect(page.get_by_label("Password")).to_be_visible()


def test_a_user_not_on_the_analysts_list_signs_in_and_stays_a_viewer(
    page: Page, deployment: Deployment
) -> None:
    sign_in_at_provider(page, deployment, VIEWER)
    expect(nav(page).get_by_role("link", name="Analisten")).to_be_visible(timeout=30_000)
    expect(nav(page).get_by_role("link", name="Upload")).to_have_count(0)
    expect(nav(page).get_by_role("link", name="Historie")).to_have_count(0)

    # Opened directly, the analysts' pages refuse on the server, and say why.
    not_an_analyst = f"Ingelogd als {VIEWER.email}, maar dit account staat niet op de lijst van analisten"
    page.goto(f"{deployment.app_url}/upload?lang=nl")
    expect(page.get_by_text(not_an_analyst)).to_be_visible(timeout=30_000)
    expect(page.locator('input[type="file"]')).to_have_count(0)
    page.goto(f"{deployment.app_url}/historie?lang=nl")
    expect(page.get_by_text(not_an_analyst)).to_be_visible(timeout=30_000)
    expect(page.get_by_role("button", name="Terugzetten")).to_have_count(0)

    # The Analisten page says who is signed in and why that is not enough, in English too.
    page.goto(f"{deployment.app_url}/analisten?lang=en")
    expect(
        page.get_by_text(f"Signed in as {VIEWER.email}, but this account is not on the list of analysts")
    ).to_be_visible(timeout=30_000)
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    expect(page.get_by_role("button", name="Sign in with your organisation account")).to_have_count(0)


@pytest.fixture(scope="module")
def app_with_provider_down(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app configured for a provider that does not answer (nothing listens on its port)."""
    folder = tmp_path_factory.mktemp("oidc-down")
    secrets_file = write_secrets(folder / "secrets.toml", free_port())
    app, app_url = start_server(
        f"sqlite:///{folder / 'store.sqlite3'}",
        folder / "streamlit.log",
        env={"STREAMLIT_SECRETS_FILES": str(secrets_file)},
    )
    yield app_url
    stop_servers(app)


@pytest.mark.parametrize(
    ("lang", "button", "message"),
    [
        ("nl", "Inloggen met uw organisatieaccount", "De inlogdienst is niet bereikbaar"),
        ("en", "Sign in with your organisation account", "The sign-in service cannot be reached"),
    ],
)
def test_the_provider_down_gives_a_clear_message_in_the_users_language(
    page: Page, app_with_provider_down: str, lang: str, button: str, message: str
) -> None:
    page.goto(f"{app_with_provider_down}/analisten?lang={lang}")
    page.get_by_role("button", name=button).click()
    expect(page.get_by_text(message)).to_be_visible(timeout=30_000)
    # Still on the app's own page: no redirect to Streamlit's bare error page, no traceback.
    assert page.url.startswith(f"{app_with_provider_down}/analisten")
    expect(page.get_by_text("Authentication error")).to_have_count(0)
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)
