"""The HTTP routes that set and clear the analysts' HttpOnly session cookie (see sessions.py).

Mounted next to Streamlit by ``serve.py`` (``st.App(..., routes=routes())``). A script run
cannot set a cookie; these plain POST endpoints can, and they answer with a redirect back to
a page of the app.
"""

from __future__ import annotations

from typing import Final
from urllib.parse import parse_qs, urlparse

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from dashboard.catalog.pages import PAGES
from dashboard.store import Store, sessions
from dashboard.text.i18n import LANGUAGES

START_PATH: Final = "/_session/start"
_BACK: Final = {page.url_path for page in PAGES}  # where a redirect may lead: the app's own pages
_mounted = False


def mounted() -> bool:
    """Whether this server answers the session routes (``streamlit run serve.py``); under a
    plain ``streamlit run app.py`` (and in AppTest) a sign-in lasts for the browser tab only."""
    return _mounted


def routes() -> list[BaseRoute]:
    global _mounted  # noqa: PLW0603  set once, when serve.py builds the server
    _mounted = True
    return [Route(START_PATH, start, methods=["POST"])]


def _same_origin(request: Request) -> bool:
    """A form posted from this app's own pages: its Origin (or Referer) names this host.
    Stops another site from signing a visitor into an account of its choosing."""
    origin = request.headers.get("origin") or request.headers.get("referer") or ""
    return bool(origin) and urlparse(origin).netloc == request.headers.get("host")


def _is_https(request: Request) -> bool:
    return request.url.scheme == "https" or request.headers.get("x-forwarded-proto") == "https"


async def start(request: Request) -> Response:
    """Exchange a one-time ticket for the session cookie, then go back to the page."""
    form = parse_qs((await request.body()).decode("utf-8", errors="replace"))
    ticket = form.get("ticket", [""])[0]
    back = form.get("next", [""])[0]
    language = form.get("lang", [""])[0]
    # Relative to /_session/start, "../<page>" is the page: this also holds behind a proxy
    # that serves the app under a path prefix. Only the app's own pages and languages.
    page = back if back in _BACK else "analisten"
    query = f"?lang={language}" if language in LANGUAGES else ""
    response = RedirectResponse(f"../{page}{query}", status_code=303)
    if not _same_origin(request):
        return response
    token = await run_in_threadpool(sessions.start, ticket, _store())
    if token is not None:
        response.set_cookie(
            sessions.COOKIE,
            token,
            max_age=int(sessions.SESSION_LIFETIME.total_seconds()),
            path="/",
            secure=_is_https(request),
            httponly=True,
            samesite="strict",
        )
    return response


def _store() -> Store:
    # The app's cached store lives in streamlit's resource cache; a route gets its own,
    # made once (an engine with its own small pool).
    global _route_store  # noqa: PLW0603
    if _route_store is None:
        _route_store = Store()
    return _route_store


_route_store: Store | None = None
