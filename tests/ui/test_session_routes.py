"""The session route on its own: it sets the HttpOnly cookie for a valid ticket from this
app's own pages, and nothing for a used ticket or a post from another site."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlencode

import pytest
from starlette.requests import Request
from starlette.responses import Response

from dashboard.store import Store, sessions
from dashboard.ui import session_routes


@pytest.fixture
def store(database_url: str, monkeypatch: pytest.MonkeyPatch) -> Store:
    monkeypatch.setattr(session_routes, "_route_store", None)
    made = Store(database_url)
    made.ensure_ready()
    return made


def post(fields: dict[str, str], origin: str = "http://dash.example") -> Response:
    headers = [(b"host", b"dash.example"), (b"content-type", b"application/x-www-form-urlencoded")]
    if origin:
        headers.append((b"origin", origin.encode()))
    scope = {
        "type": "http",
        "method": "POST",
        "path": session_routes.START_PATH,
        "headers": headers,
        "query_string": b"",
        "scheme": "http",
        "server": ("dash.example", 80),
    }
    body = urlencode(fields).encode()

    async def receive() -> dict[str, object]:
        return {"type": "http.request", "body": body, "more_body": False}

    # In a thread of its own: in the whole suite an earlier test (AppTest runs Streamlit's
    # script runner) can leave an event loop running in this thread, and asyncio.run refuses that.
    with ThreadPoolExecutor(max_workers=1) as worker:
        return worker.submit(asyncio.run, session_routes.start(Request(scope, receive))).result()


def test_a_ticket_becomes_an_httponly_cookie_and_the_browser_goes_back(store: Store) -> None:
    ticket = sessions.issue_ticket("ana", store)
    response = post({"ticket": ticket, "next": "analisten", "lang": "en"})
    assert response.status_code == 303
    assert response.headers["location"] == "../analisten?lang=en"
    cookie = response.headers["set-cookie"]
    assert cookie.startswith(f"{sessions.COOKIE}=")
    assert "HttpOnly" in cookie
    assert "SameSite=strict" in cookie
    assert "Max-Age=28800" in cookie
    token = cookie.split(";")[0].split("=", 1)[1]
    assert sessions.analyst(token, store) == "ana"
    assert "set-cookie" not in post({"ticket": ticket, "next": "analisten"}).headers  # used once


@pytest.mark.parametrize("origin", ["http://evil.example", ""], ids=["other-site", "no-origin"])
def test_a_post_from_elsewhere_sets_nothing(store: Store, origin: str) -> None:
    response = post({"ticket": sessions.issue_ticket("ana", store), "next": "upload"}, origin=origin)
    assert response.status_code == 303
    assert "set-cookie" not in response.headers


def test_the_redirect_stays_on_the_apps_own_pages(store: Store) -> None:
    response = post({"ticket": "x", "next": "https://evil.example/", "lang": "xx"})
    assert response.headers["location"] == "../analisten"
