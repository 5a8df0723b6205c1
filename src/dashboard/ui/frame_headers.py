"""The app server's own answer to "may another site frame this page?".

Behind nginx, the Content-Security-Policy of ``deploy/nginx.conf`` says it; a server run on
its own (``make run``, a municipality's container without nginx) says it here, so an
``<iframe>`` of the dashboard shows in exactly the sites ``DASHBOARD_FRAME_ANCESTORS`` names
and in no other, whichever way it is deployed. Mounted by ``serve.py`` as Starlette
middleware around Streamlit's routes; websockets pass untouched (a frame's policy applies to
the documents a browser loads, and the websocket of an allowed frame must still connect).
"""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.middleware import Middleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from dashboard.present import embeds


class FrameHeaders:
    """Adds ``Content-Security-Policy: frame-ancestors …`` (and ``X-Frame-Options`` when no
    other site may frame the app) to every HTTP response."""

    def __init__(self, app: ASGIApp, origins: tuple[str, ...] = ()) -> None:
        self.app = app
        self.headers = [("Content-Security-Policy", embeds.frame_ancestors(origins))]
        older = embeds.x_frame_options(origins)
        if older:
            self.headers.append(("X-Frame-Options", older))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in self.headers:
                    headers.append(name, value)
            await send(message)

        await self.app(scope, receive, send_with_headers)


def middleware() -> list[Middleware]:
    """The middleware for ``st.App``; raises FramingError for a setting that is not origins."""
    return [Middleware(FrameHeaders, origins=embeds.allowed_origins())]
