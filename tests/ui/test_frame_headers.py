"""The app server's own framing headers (for a deployment without nginx), on every HTTP
response, and none on the websocket."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.responses import PlainTextResponse
from starlette.routing import Route, WebSocketRoute
from starlette.testclient import TestClient
from starlette.websockets import WebSocket

from dashboard import settings
from dashboard.present import embeds
from dashboard.ui import frame_headers


async def _page(_request: object) -> PlainTextResponse:
    return PlainTextResponse("ok")


async def _socket(websocket: WebSocket) -> None:
    await websocket.accept()
    await websocket.send_text("hello")
    await websocket.close()


def app(middleware: list[Middleware]) -> TestClient:
    routes = [Route("/", _page), Route("/insluiten", _page), WebSocketRoute("/ws", _socket)]
    return TestClient(Starlette(routes=routes, middleware=middleware))


def test_by_default_only_the_dashboard_may_frame_its_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(settings.FRAME_ANCESTORS.name, raising=False)
    client = app(frame_headers.middleware())
    for path in ("/", "/insluiten", "/missing"):
        response = client.get(path)
        assert response.headers["content-security-policy"] == "frame-ancestors 'self'", path
        assert response.headers["x-frame-options"] == "SAMEORIGIN", path


def test_configured_sites_may_frame_them(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(settings.FRAME_ANCESTORS.name, "https://www.almere.nl")
    response = app(frame_headers.middleware()).get("/insluiten")
    assert response.text == "ok"
    assert response.headers.get_list("content-security-policy") == [
        "frame-ancestors 'self' https://www.almere.nl"
    ]
    assert "x-frame-options" not in response.headers


def test_the_websocket_passes_untouched(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(settings.FRAME_ANCESTORS.name, raising=False)
    with app(frame_headers.middleware()).websocket_connect("/ws") as socket:
        assert socket.receive_text() == "hello"


def test_a_wrong_setting_is_refused_before_the_server_starts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(settings.FRAME_ANCESTORS.name, "www.almere.nl")
    with pytest.raises(embeds.FramingError, match=r"www\.almere\.nl"):
        frame_headers.middleware()


def test_serve_py_stops_with_the_message_on_a_wrong_setting() -> None:
    """What an operator sees: the server does not start, and says which value is wrong."""
    result = subprocess.run(
        [sys.executable, "-c", "import runpy; runpy.run_path('serve.py')"],
        cwd=settings.PROJECT_ROOT,
        env={**os.environ, settings.FRAME_ANCESTORS.name: "https://www.almere.nl/nieuws"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode != 0
    assert "dashboard: DASHBOARD_FRAME_ANCESTORS: 'https://www.almere.nl/nieuws' is not a site's origin" in (
        result.stderr
    )
