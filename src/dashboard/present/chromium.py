"""The Chromium that draws chart images: whether this server has one, and the one it shares.

:func:`available` is asked on every page run (to grey out image downloads), so it stays
cheap: no kaleido, python-pptx or Chromium start, only a look at what is installed. kaleido
is imported on the first image drawn, not with this module.

Starting Chromium takes ~2.5 s and a chart then ~0.25 s, so one browser (:data:`CHROMIUM`)
is shared by all sessions and closed after a few idle minutes. It is started offline:
MathJax is off, since kaleido would otherwise load it from a CDN on every render.
"""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import importlib.util
import shutil
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Final

from dashboard import settings

CHROMIUM_NAMES: Final = ("chromium", "chromium-browser", "google-chrome", "chrome")
INSTALL_CHROMIUM: Final = "apt-get install chromium"
RENDER_TIMEOUT_S: Final = 60.0
IDLE_S: Final = 300.0  # Chromium is closed after five minutes without a chart to draw


class ExportUnavailable(RuntimeError):  # noqa: N818 - named for what the user is told, not an "Error"
    """This server cannot draw chart images (no Chromium, or kaleido is missing)."""


def available() -> bool:
    """Whether this server can draw chart images: kaleido importable and a Chromium found
    where kaleido looks (``BROWSER_PATH``, then ``PATH``). Cheap: pages ask on every run."""
    if importlib.util.find_spec("kaleido") is None:
        return False
    configured = settings.browser_path()
    if configured:
        return Path(configured).is_file()
    return any(shutil.which(name) for name in CHROMIUM_NAMES)


def _kaleido() -> Any:
    """kaleido, imported on first use: the dashboard runs without it, only images cannot."""
    try:
        # kaleido 1.5 ships no type information.
        import kaleido  # type: ignore[import-untyped]  # noqa: PLC0415
        import kaleido.errors  # type: ignore[import-untyped]  # noqa: PLC0415
    except ImportError as error:
        raise ExportUnavailable("Chart images need kaleido: pip install 'kaleido>=1.5,<2'") from error
    return kaleido


class Chromium:
    """One headless Chromium shared by every session: started on first use, closed when idle.

    Starting Chromium takes ~2.5 s and a chart then ~0.25 s, so the browser is kept while it
    is in use. It lives on an event loop in a thread of its own; callers from any thread
    hand it work with ``run_coroutine_threadsafe`` and each wait for their own result, and
    the browser's state is only ever touched on that loop.
    """

    def __init__(self, idle_s: float = IDLE_S) -> None:
        self._idle_s = idle_s
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._opening: asyncio.Future[Any] | None = None  # resolves to the kaleido.Kaleido
        self._idle: asyncio.TimerHandle | None = None
        self._busy = 0

    def render(self, specs: Sequence[dict[str, Any]], opts: dict[str, Any]) -> list[bytes]:
        errors = _kaleido().errors
        future = asyncio.run_coroutine_threadsafe(self._render(specs, opts), self._running_loop())
        # Kaleido gives up on one image after RENDER_TIMEOUT_S; this bounds a hung start too.
        timeout = RENDER_TIMEOUT_S * (len(specs) + 1)
        try:
            return future.result(timeout=timeout)
        except TimeoutError as error:
            future.cancel()
            raise ExportUnavailable(f"Chromium drew no chart image within {timeout:.0f} s") from error
        except errors.ChromeNotFoundError as error:
            raise ExportUnavailable(
                f"Chart images need Chromium, and none was found on this server: {INSTALL_CHROMIUM} "
                "(or set BROWSER_PATH to a Chromium binary)"
            ) from error
        except (errors.BrowserFailedError, errors.BrowserClosedError) as error:
            raise ExportUnavailable(
                f"Chromium failed while drawing a chart image ({error}); check that "
                f"`chromium --headless --version` runs, or reinstall it: {INSTALL_CHROMIUM}"
            ) from error

    def close(self) -> None:
        """Close the browser and stop the loop (at exit, and in tests)."""
        with self._lock:
            loop, self._loop = self._loop, None
        if loop is None:
            return
        with contextlib.suppress(Exception):  # closing at exit: nothing left to tell anyone
            asyncio.run_coroutine_threadsafe(self._close(force=True), loop).result(timeout=10)
        loop.call_soon_threadsafe(loop.stop)

    def _running_loop(self) -> asyncio.AbstractEventLoop:
        with self._lock:
            if self._loop is None:
                loop = asyncio.new_event_loop()
                threading.Thread(target=loop.run_forever, name="kaleido-chromium", daemon=True).start()
                self._loop = loop
            return self._loop

    async def _render(self, specs: Sequence[dict[str, Any]], opts: dict[str, Any]) -> list[bytes]:
        self._busy += 1
        if self._idle is not None:
            self._idle.cancel()
            self._idle = None
        try:
            browser = await self._browser()
            try:
                # Kaleido keeps n tabs and queues the rest; gather keeps the order.
                drawn = await asyncio.gather(*(browser.calc_fig(spec, opts=opts) for spec in specs))
                return [_as_bytes(image) for image in drawn]
            except (_kaleido().errors.BrowserFailedError, _kaleido().errors.BrowserClosedError):
                await self._close(force=True)  # crashed: the next call starts a new one
                raise
        finally:
            self._busy -= 1
            if self._busy == 0 and self._opening is not None:
                loop = asyncio.get_running_loop()
                self._idle = loop.call_later(self._idle_s, lambda: loop.create_task(self._close()))

    async def _browser(self) -> Any:
        if self._opening is None:
            self._opening = asyncio.ensure_future(self._open())
        try:
            return await asyncio.shield(self._opening)
        except BaseException:
            self._opening = None  # the next call tries again (say, after apt-get install chromium)
            raise

    @staticmethod
    async def _open() -> Any:
        # Kaleido() finds Chromium itself (BROWSER_PATH, then PATH, then the usual places) and
        # never downloads one; neither do we (no get_chrome()). MathJax off: see the module doc.
        browser = _kaleido().Kaleido(n=2, timeout=RENDER_TIMEOUT_S, mathjax=False)
        try:
            await browser.open()
        except BaseException:
            with contextlib.suppress(Exception):
                await browser.close()
            raise
        return browser

    async def _close(self, *, force: bool = False) -> None:
        if (self._busy and not force) or self._opening is None:
            return
        opening, self._opening = self._opening, None
        if self._idle is not None:
            self._idle.cancel()
            self._idle = None
        if opening.done() and not opening.cancelled() and opening.exception() is None:
            await opening.result().close()


CHROMIUM: Final = Chromium()
atexit.register(CHROMIUM.close)


def _as_bytes(image: Any) -> bytes:
    """Kaleido returns bytes for every format; be sure, since SVG is text."""
    return image.encode("utf-8") if isinstance(image, str) else bytes(image)
