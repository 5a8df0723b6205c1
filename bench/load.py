"""Many concurrent sessions against the deployed set-up: errors, page-ready time, server memory.

Run with `make bench` (50 sessions for 5 minutes), or shorter while developing:

    .venv/bin/python bench/load.py --sessions 5 --duration 20 --no-readme
    .venv/bin/python bench/load.py --url http://127.0.0.1:8080 --pids 1234 1235   # a running set-up
    .venv/bin/python bench/load.py --writers 3 --write-every 10   # analysts publishing meanwhile

Three analysts write meanwhile by default, one write a minute each (bench/load_writers.py);
afterwards the store is read back for lost and duplicated writes. ``--writers 0`` for none.

By default it starts the deployed set-up itself with `scripts/run_cluster.py` (nginx in front
of two app servers sharing PostgreSQL, a throw-away cluster). When that cannot start (nginx or
PostgreSQL missing), it falls back to ONE Streamlit server on SQLite and says so.

Fifty headless browsers do not fit on two cores, so each session speaks Streamlit's own
websocket protocol the way the browser's frontend does: it fetches ``/`` and the health check
with a cookie jar (nginx's sticky-session cookie, Streamlit's XSRF cookie), opens
``/_stcore/stream`` with the "streamlit" subprotocol and the XSRF token, asks for a run of the
default page and then, after 2-6 s of "reading", switches to another page of the sidebar
(a rerun with that page's script hash, from the ``navigation`` message). Like the frontend it
keeps the message cache (``cached_message_hashes``) and answers ``auto_rerun`` requests (the
present page's slide show reruns its fragment every second while a session is on it).

"Page ready" is server-side: from sending the rerun until ``script_finished`` arrives with
status FINISHED_SUCCESSFULLY. Errors: a failed or dropped connection, any other final status,
an exception element, or no ``script_finished`` within 30 s (the session then reconnects, as a
reload would). The baseline, measured in the same run against the same target, is one session
alone for ~20 s. The RSS of every app server is sampled every 5 s.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import http.client
import http.cookiejar
import json
import math
import os
import random
import signal
import statistics
import sys
import tempfile
import time
import urllib.request
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from urllib.parse import urlsplit

from load_writers import Writers
from readme_block import write_block
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, InvalidHandshake
from websockets.typing import Origin, Subprotocol

THINK_S = (2.0, 6.0)  # a reader looks at a page this long before switching
BASELINE_THINK_S = (0.5, 1.0)  # one session alone: shorter, for enough samples in ~20 s
BASELINE_S = 20.0
READY_TIMEOUT_S = 30.0
MEMORY_EVERY_S = 5.0
PROGRESS_EVERY_S = 30.0
RSS_TARGET_MB = 500
CLUSTER_LABEL = "nginx + 2 app servers + PostgreSQL (scripts/run_cluster.py)"
FALLBACK_LABEL = "FALLBACK: one Streamlit server on SQLite, no nginx"
SUCCESS = ForwardMsg.ScriptFinishedStatus.FINISHED_SUCCESSFULLY
EARLY_FOR_RERUN = ForwardMsg.ScriptFinishedStatus.FINISHED_EARLY_FOR_RERUN
FRAGMENT_DONE = ForwardMsg.ScriptFinishedStatus.FINISHED_FRAGMENT_RUN_SUCCESSFULLY


# The target ----------------------------------------------------------------------------------
@dataclass
class Target:
    url: str  # what the sessions connect to (nginx's front, or the one server)
    label: str
    warm_urls: list[str]  # every app server directly, to warm its caches before measuring
    pids: dict[str, int]  # app server (as nginx's X-Upstream names it) -> process id
    note: str = ""
    database_url: str | None = None  # the store the app servers share (for the writers)


def _stop_on_sigterm(_signum: int, _frame: FrameType | None) -> None:
    raise KeyboardInterrupt


@contextlib.contextmanager
def started_target(arguments: argparse.Namespace) -> Iterator[Target]:
    """The set-up to load: a given URL, else the nginx cluster, else one server on SQLite."""
    if arguments.url:
        url = arguments.url.rstrip("/")
        pids = {f"pid {pid}": pid for pid in arguments.pids}
        yield Target(url, f"given URL {url}", [url], pids, database_url=arguments.database_url)
        return
    note = ""
    try:
        from dashboard.deploy import Cluster, ClusterError  # noqa: PLC0415  (optional: needs psycopg)
    except ImportError as error:
        note = f"dashboard.deploy not importable ({error})"
    else:
        cluster = Cluster(app_count=2)
        try:
            print("Starting PostgreSQL, 2 app servers and nginx (scripts/run_cluster.py) …", flush=True)
            cluster.start()
        except ClusterError as error:
            note = f"the cluster did not start: {str(error).splitlines()[0]}"
        else:
            try:
                pids = {
                    upstream: process.pid
                    for upstream, process in zip(cluster.upstreams, cluster.apps, strict=True)
                }
                yield Target(
                    cluster.url, CLUSTER_LABEL, cluster.app_urls, pids, database_url=cluster.database_url
                )
            finally:
                cluster.stop()
            return
    print(f"load: {note}; falling back to ONE Streamlit server on SQLite", file=sys.stderr, flush=True)
    from dashboard.testing import start_server  # noqa: PLC0415  (the tests' server starter)

    with tempfile.TemporaryDirectory() as folder_name:
        folder = Path(folder_name)
        database_url = f"sqlite:///{folder / 'store.sqlite3'}"
        process, url = start_server(database_url, folder / "streamlit.log")
        try:
            yield Target(url, FALLBACK_LABEL, [url], {urlsplit(url).netloc: process.pid}, note, database_url)
        finally:
            process.terminate()
            process.wait(timeout=20)


# One session, as the browser's frontend runs it ----------------------------------------------
class LoadError(Exception):
    """A page load that did not end in a successful run."""

    def __init__(self, kind: str, detail: str = "", *, reconnect: bool = False) -> None:
        super().__init__(f"{kind}: {detail}" if detail else kind)
        self.kind, self.detail, self.reconnect = kind, detail, reconnect


def _fetch_document(base_url: str) -> tuple[dict[str, str], str]:
    """What the browser fetches before it opens the websocket: the page and the health check.
    Returns the cookies set (sticky route, XSRF) and the app server that answered."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    upstream = ""
    for path in ("/", "/_stcore/health"):
        with opener.open(f"{base_url}{path}", timeout=READY_TIMEOUT_S) as response:
            response.read()
            upstream = upstream or response.headers.get("X-Upstream", "")
    return {cookie.name: cookie.value or "" for cookie in jar}, upstream


class Session:
    """One viewer: a websocket, the pages it offers, the frontend's message cache and timers."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.server = urlsplit(base_url).netloc
        self.pages: dict[str, str] = {}  # page script hash -> URL path ("" for the default page)
        self.current = ""  # script hash of the page shown
        self.query_string = ""
        self.background_errors: list[LoadError] = []  # from fragment reruns between loads
        self.fragment_reruns = 0
        self.early_reruns = 0
        self._ws: ClientConnection | None = None
        self._reader: asyncio.Task[None] | None = None
        self._auto: dict[str, tuple[float, asyncio.Task[None]]] = {}
        self._waiter: asyncio.Future[int] | None = None
        self._run_errors: list[LoadError] = []
        self._cache: dict[str, int] = {}  # hash of a cacheable message -> run count when last used
        self._runs = 0
        self._max_age = 2

    async def open(self) -> None:
        try:
            cookies, upstream = await asyncio.to_thread(_fetch_document, self.base_url)
            token = cookies.get("_streamlit_xsrf", "")
            ws_url = "ws" + self.base_url.removeprefix("http") + "/_stcore/stream"
            self._ws = await connect(
                ws_url,
                origin=Origin(self.base_url),
                subprotocols=[Subprotocol("streamlit"), *([Subprotocol(token)] if token else [])],
                additional_headers={"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())},
                open_timeout=READY_TIMEOUT_S,
                ping_interval=None,  # browsers do not ping; they answer the server's pings
                max_size=None,
                compression=None,  # Chromium offers permessage-deflate, but Streamlit's server declines it
            )
        except (OSError, http.client.HTTPException, InvalidHandshake, TimeoutError) as error:
            raise LoadError("connect", repr(error), reconnect=True) from error
        assert self._ws.response is not None  # noqa: S101  (set once the handshake succeeded)
        self.server = self._ws.response.headers.get("X-Upstream") or upstream or self.server
        self._reader = asyncio.create_task(self._read())

    async def close(self) -> None:
        self._stop_auto_reruns()
        if self._ws is not None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self._ws.close(), 5)
        if self._reader is not None:
            self._reader.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._reader

    async def load(self, page_hash: str) -> float:
        """Show a page ("" = the one the URL names, the default page) and time it until ready."""
        if self._ws is None or self._reader is None or self._reader.done():
            raise LoadError("closed", "websocket gone before the rerun", reconnect=True)
        self._stop_auto_reruns()  # the frontend clears its timers on a page change
        self._run_errors = []
        self._waiter = asyncio.get_running_loop().create_future()
        started = time.perf_counter()
        await self._send_rerun(page_hash=page_hash, query_string="")
        try:
            status = await asyncio.wait_for(asyncio.shield(self._waiter), READY_TIMEOUT_S)
        except TimeoutError as error:
            raise LoadError(
                "timeout", f"no script_finished in {READY_TIMEOUT_S:.0f} s", reconnect=True
            ) from error
        finally:
            self._waiter = None
        seconds = time.perf_counter() - started
        if status != SUCCESS:
            raise LoadError("run status", ForwardMsg.ScriptFinishedStatus.Name(status))
        if self._run_errors:
            raise self._run_errors[0]
        return seconds

    async def _send_rerun(
        self, *, page_hash: str, query_string: str, fragment_id: str = "", auto: bool = False
    ) -> None:
        assert self._ws is not None  # noqa: S101
        message = BackMsg()
        rerun = message.rerun_script
        rerun.query_string = query_string
        rerun.page_script_hash = page_hash
        rerun.page_name = ""  # the default page's path
        rerun.fragment_id = fragment_id
        rerun.is_auto_rerun = auto
        rerun.widget_states.SetInParent()  # no widget touched: every widget keeps its value
        rerun.cached_message_hashes.extend(self._cache)
        context = rerun.context_info
        context.timezone, context.timezone_offset = "Europe/Amsterdam", -60
        context.locale, context.color_scheme = "nl-NL", "light"
        context.url = f"{self.base_url}/{self.pages.get(page_hash, '')}"
        try:
            await self._ws.send(message.SerializeToString())
        except ConnectionClosed as error:
            raise LoadError("closed", repr(error), reconnect=True) from error

    async def _read(self) -> None:
        assert self._ws is not None  # noqa: S101
        failure: LoadError
        try:
            async for raw in self._ws:
                if isinstance(raw, str):
                    failure = LoadError("protocol", "text frame", reconnect=True)
                    break
                message = ForwardMsg()
                message.ParseFromString(raw)
                self._handle(message)
            else:
                failure = LoadError("closed", "server closed the websocket", reconnect=True)
        except ConnectionClosed as error:
            failure = LoadError("closed", repr(error), reconnect=True)
        except Exception as error:  # a message this client cannot read: report, do not hang
            failure = LoadError("protocol", repr(error), reconnect=True)
        if self._waiter is not None and not self._waiter.done():
            self._waiter.set_exception(failure)
        else:
            self.background_errors.append(failure)

    def _handle(self, message: ForwardMsg) -> None:  # noqa: PLR0912  (one branch per message type)
        kind = message.WhichOneof("type")
        if message.hash and message.metadata.cacheable:
            self._cache[message.hash] = self._runs
        if kind == "ref_hash":
            self._cache[message.ref_hash] = self._runs
        elif kind == "new_session":
            self.current = message.new_session.page_script_hash
            self._max_age = message.new_session.config.max_cached_message_age or self._max_age
        elif kind == "navigation":
            self.pages = {
                page.page_script_hash: page.url_pathname
                for page in message.navigation.app_pages
                if not page.is_hidden
            }
            self.current = message.navigation.page_script_hash or self.current
        elif kind == "page_info_changed":
            self.query_string = message.page_info_changed.query_string
        elif kind == "page_not_found":
            self._error(LoadError("page not found", message.page_not_found.page_name))
        elif kind == "delta" and message.delta.new_element.WhichOneof("type") == "exception":
            exception = message.delta.new_element.exception
            if not exception.is_warning:
                self._error(LoadError("exception", f"{exception.type}: {exception.message}"[:200]))
        elif kind == "auto_rerun":
            self._start_auto_rerun(message.auto_rerun.fragment_id, message.auto_rerun.interval)
        elif kind == "stop_auto_rerun":
            self._stop_auto_reruns(message.stop_auto_rerun.fragment_ids)
        elif kind == "script_finished":
            status = message.script_finished
            if status == EARLY_FOR_RERUN:
                self.early_reruns += 1  # st.rerun() or a fragment cut short: the next run follows
            elif status == FRAGMENT_DONE:
                self.fragment_reruns += 1
            else:
                self._runs += 1
                self._cache = {h: run for h, run in self._cache.items() if self._runs - run <= self._max_age}
                if self._waiter is not None and not self._waiter.done():
                    self._waiter.set_result(status)

    def _error(self, error: LoadError) -> None:
        (self._run_errors if self._waiter is not None else self.background_errors).append(error)

    def _start_auto_rerun(self, fragment_id: str, interval: float) -> None:
        if not fragment_id or (fragment_id in self._auto and self._auto[fragment_id][0] == interval):
            return
        self._stop_auto_reruns([fragment_id])
        self._auto[fragment_id] = (interval, asyncio.create_task(self._auto_rerun(fragment_id, interval)))

    async def _auto_rerun(self, fragment_id: str, interval: float) -> None:
        """The frontend's setInterval: rerun the fragment every ``interval`` seconds."""
        while True:
            await asyncio.sleep(interval)
            try:
                await self._send_rerun(
                    page_hash=self.current, query_string=self.query_string, fragment_id=fragment_id, auto=True
                )
            except LoadError:
                return  # the reader reports the dropped connection

    def _stop_auto_reruns(self, fragment_ids: Sequence[str] | None = None) -> None:
        for fragment_id in list(self._auto if fragment_ids is None else fragment_ids):
            entry = self._auto.pop(fragment_id, None)
            if entry is not None:
                entry[1].cancel()


# Driving sessions ----------------------------------------------------------------------------
@dataclass
class Sample:
    at: float  # seconds since the phase started
    seconds: float
    page: str
    server: str


@dataclass
class Phase:
    """What the sessions of one phase (warm-up, baseline or load) saw."""

    started: float = field(default_factory=time.perf_counter)
    samples: list[Sample] = field(default_factory=list)
    errors: Counter[str] = field(default_factory=Counter)
    examples: list[str] = field(default_factory=list)
    sessions_by_server: Counter[str] = field(default_factory=Counter)
    open_sessions: int = 0
    connect_times: list[float] = field(default_factory=list)  # GET /, health check, websocket
    fragment_reruns: int = 0
    early_reruns: int = 0

    def error(self, error: LoadError, server: str) -> None:
        self.errors[error.kind] += 1
        if len(self.examples) < 10:
            self.examples.append(f"{time.perf_counter() - self.started:.0f} s {server}: {error}")

    def record(self, seconds: float, page: str, server: str) -> None:
        self.samples.append(Sample(time.perf_counter() - self.started, seconds, page or "/", server))

    @property
    def times(self) -> list[float]:
        return [sample.seconds for sample in self.samples]


async def drive_session(
    base_url: str,
    phase: Phase,
    stop_at: float,
    think: tuple[float, float],
    rng: random.Random,
    *,
    start_after: float = 0.0,
    visit_all: bool = False,
) -> None:
    """One viewer until ``stop_at``: open the default page, then switch pages after think time.
    With ``visit_all``: every page once, in order, without think time (a warm-up)."""
    await asyncio.sleep(start_after)
    session: Session | None = None
    to_visit: list[str] = []
    deck: list[str] = []  # the pages in shuffled rounds: every page as often, in both phases
    try:
        while time.perf_counter() < stop_at:
            try:
                if session is None:
                    opened, connecting = Session(base_url), time.perf_counter()
                    await opened.open()
                    session = opened
                    phase.connect_times.append(time.perf_counter() - connecting)
                    phase.open_sessions += 1
                    phase.sessions_by_server[session.server] += 1
                    phase.record(await session.load(""), "", session.server)
                    to_visit = [page for page in session.pages if page != session.current]
                    continue
                target = (
                    to_visit.pop(0) if visit_all else await _after_think(session, deck, rng, think, stop_at)
                )
                if target is None:
                    return
                phase.record(await session.load(target), session.pages.get(target, "?"), session.server)
                if visit_all and not to_visit:
                    return
            except LoadError as error:
                phase.error(error, session.server if session else base_url)
                if error.reconnect or session is None:
                    if session is not None:
                        await _finish(session, phase)
                    session = None
                    await asyncio.sleep(1.0)  # a person reloading, not a tight retry loop
            finally:
                if session is not None and _report_background_errors(session, phase):
                    await _finish(session, phase)  # dropped between loads: reload, as a browser would
                    session = None
    finally:
        if session is not None:
            await _finish(session, phase)


async def _after_think(
    session: Session, deck: list[str], rng: random.Random, think: tuple[float, float], stop_at: float
) -> str | None:
    """Wait as a reader would, then pick another page of the sidebar; None when time is up."""
    pause = rng.uniform(*think)
    if time.perf_counter() + pause >= stop_at:
        await asyncio.sleep(max(0.0, stop_at - time.perf_counter()))  # stay connected to the end
        return None
    await asyncio.sleep(pause)
    while deck:
        page = deck.pop()
        if page != session.current and page in session.pages:
            return page
    deck[:] = [page for page in session.pages if page != session.current]
    rng.shuffle(deck)
    return deck.pop()


def _report_background_errors(session: Session, phase: Phase) -> bool:
    """Count errors seen between loads (fragment reruns, a dropped connection); True if dropped."""
    dropped = any(error.reconnect for error in session.background_errors)
    for error in session.background_errors:
        phase.error(error, session.server)
    session.background_errors.clear()
    return dropped


async def _finish(session: Session, phase: Phase) -> None:
    phase.open_sessions -= 1
    phase.fragment_reruns += session.fragment_reruns
    phase.early_reruns += session.early_reruns
    await session.close()


# Server memory and CPU -----------------------------------------------------------------------
def rss_mb(pid: int) -> float | None:
    """Resident set size of one process, from /proc (psutil is not a dependency)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of one process so far."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return math.nan
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class MemoryWatch:
    def __init__(self, pids: dict[str, int]) -> None:
        self.pids = pids
        self.first: dict[str, float] = {}
        self.last: dict[str, float] = {}
        self.peak: dict[str, float] = {}

    def sample(self) -> None:
        for name, pid in self.pids.items():
            value = rss_mb(pid)
            if value is not None:
                self.first.setdefault(name, value)
                self.last[name] = value
                self.peak[name] = max(self.peak.get(name, 0.0), value)

    async def run(self) -> None:
        while True:
            self.sample()
            await asyncio.sleep(MEMORY_EVERY_S)


# The run ---------------------------------------------------------------------------------------
def percentile(values: Sequence[float], fraction: float) -> float:
    """Linear interpolation between closest ranks (numpy's default)."""
    if not values:
        return math.nan
    ordered = sorted(values)
    position = fraction * (len(ordered) - 1)
    low = math.floor(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


async def warm_up(target: Target) -> Phase:
    """Every page once on every app server, so neither phase pays for a process's first visit."""
    phase = Phase()
    stop_at = time.perf_counter() + 300
    rng = random.Random(0)  # noqa: S311  (page choices, not secrets)
    await asyncio.gather(
        *(drive_session(url, phase, stop_at, (0, 0), rng, visit_all=True) for url in target.warm_urls)
    )
    return phase


async def measure(
    target: Target, sessions: int, duration: float, seed: int, *, writers: int = 0, write_every: float = 60.0
) -> dict[str, object]:
    warm = await warm_up(target)
    print(f"warm-up: {len(warm.samples)} page loads, errors {dict(warm.errors)}", flush=True)

    baseline = Phase()
    await drive_session(
        target.url,
        baseline,
        time.perf_counter() + BASELINE_S,
        BASELINE_THINK_S,
        random.Random(seed),  # noqa: S311
    )
    print(
        f"baseline (one session, {BASELINE_S:.0f} s): {len(baseline.samples)} loads, "
        f"p95 {percentile(baseline.times, 0.95):.3f} s, errors {dict(baseline.errors)}",
        flush=True,
    )

    load_average_before = os.getloadavg()[0]
    watch = MemoryWatch(target.pids)
    watch.sample()
    rss_before = dict(watch.last)
    cpu_before = {name: cpu_seconds(pid) for name, pid in target.pids.items()}
    driver_cpu_before = time.process_time()
    load = Phase()
    ramp = min(10.0, duration / 10)
    stop_at = load.started + duration
    rngs = [random.Random(seed + 1 + number) for number in range(sessions)]  # noqa: S311
    watcher = asyncio.create_task(watch.run())
    writing = None
    if writers and target.database_url:
        writing = Writers(target.database_url, writers, write_every, seed)
        writing.start()
    tasks = [
        asyncio.create_task(
            drive_session(target.url, load, stop_at, THINK_S, rngs[n], start_after=ramp * n / sessions)
        )
        for n in range(sessions)
    ]
    held: list[int] = []
    all_connected_at: float | None = None
    next_progress = PROGRESS_EVERY_S
    while not all(task.done() for task in tasks):
        await asyncio.sleep(1.0)
        elapsed = time.perf_counter() - load.started
        if ramp + 5 < elapsed < duration - 1:
            held.append(load.open_sessions)
        if all_connected_at is None and load.open_sessions == sessions:
            all_connected_at = elapsed
        if elapsed >= next_progress:
            next_progress += PROGRESS_EVERY_S
            rss = ", ".join(f"{name} {mb:.0f} MB" for name, mb in watch.last.items())
            print(
                f"  {elapsed:5.0f} s: {load.open_sessions} sessions open, {len(load.samples)} loads, "
                f"p95 {percentile(load.times, 0.95):.3f} s, errors {sum(load.errors.values())}; {rss}",
                flush=True,
            )
    if writing is not None:
        await asyncio.to_thread(writing.stop)
    wall = time.perf_counter() - load.started
    watcher.cancel()
    watch.sample()
    cpu = {name: (cpu_seconds(pid) - cpu_before[name]) / wall for name, pid in target.pids.items()}
    driver_cpu = (time.process_time() - driver_cpu_before) / wall

    times = load.times
    base_p95 = percentile(baseline.times, 0.95)
    per_minute = {
        f"{minute}-{minute + 1} min": round(
            percentile([s.seconds for s in load.samples if int(s.at // 60) == minute], 0.95), 3
        )
        for minute in range(math.ceil(duration / 60))
    }
    per_page = {
        page: {
            "loads": len(values),
            "median_s": round(statistics.median(values), 3),
            "p95_s": round(percentile(values, 0.95), 3),
        }
        for page in sorted({s.page for s in load.samples})
        for values in [[s.seconds for s in load.samples if s.page == page]]
    }
    written: dict[str, object] = {"writers": writers if writing else 0, "write_every_s": write_every}
    if writing is not None:
        written |= await asyncio.to_thread(writing.check)
    return written | {
        "date": time.strftime("%Y-%m-%d"),
        "target": target.label,
        "target_note": target.note,
        "url": target.url,
        "sessions": sessions,
        "duration_s": duration,
        "ramp_up_s": ramp,
        "think_s": list(THINK_S),
        "sessions_held_min_max": [min(held), max(held)] if held else None,
        "all_sessions_connected_after_s": None if all_connected_at is None else round(all_connected_at),
        "connect_median_p95_s": [
            round(statistics.median(load.connect_times), 3) if load.connect_times else None,
            round(percentile(load.connect_times, 0.95), 3),
        ],
        "sessions_by_server": dict(load.sessions_by_server),
        "page_loads": len(times),
        "loads_per_s": round(len(times) / wall, 2),
        "errors": sum(load.errors.values()),
        "errors_by_kind": dict(load.errors),
        "error_examples": load.examples,
        "median_s": round(statistics.median(times), 3) if times else None,
        "p95_s": round(percentile(times, 0.95), 3),
        "max_s": round(max(times), 3) if times else None,
        "p95_by_minute_s": per_minute,
        "by_page": per_page,
        "fragment_reruns": load.fragment_reruns,
        "early_reruns": load.early_reruns,
        "baseline_loads": len(baseline.times),
        "baseline_errors": sum(baseline.errors.values()),
        "baseline_median_s": round(statistics.median(baseline.times), 3) if baseline.times else None,
        "baseline_p95_s": round(base_p95, 3),
        "p95_ratio": round(percentile(times, 0.95) / base_p95, 2),
        "warm_up_loads": len(warm.samples),
        "warm_up_errors": sum(warm.errors.values()),
        "rss_after_warm_up_mb": {name: round(mb) for name, mb in rss_before.items()},
        "rss_max_mb": {name: round(mb) for name, mb in watch.peak.items()},
        "rss_end_mb": {name: round(mb) for name, mb in watch.last.items()},
        "server_cpu_cores": {name: round(value, 2) for name, value in cpu.items()},
        "driver_cpu_cores": round(driver_cpu, 2),
        "cpu_count": os.cpu_count(),
        # Other work on the machine competes for the same cores: 1-minute load averages.
        "load_average_before_after": [round(load_average_before, 1), round(os.getloadavg()[0], 1)],
    }


def write_report(results: dict[str, object]) -> None:
    def figure(key: str) -> float:
        value = results[key]
        return float(value) if isinstance(value, int | float) else math.nan

    rss_max: dict[str, int] = results["rss_max_mb"]  # type: ignore[assignment]
    rss_warm: dict[str, int] = results["rss_after_warm_up_mb"]  # type: ignore[assignment]
    cpu: dict[str, float] = results["server_cpu_cores"]  # type: ignore[assignment]
    by_server: dict[str, int] = results["sessions_by_server"]  # type: ignore[assignment]
    held = results["sessions_held_min_max"]
    lines = [
        "One Python process drives every session over Streamlit's websocket protocol, as the "
        "browser's frontend does (cookies, XSRF token, message cache, the slide show's fragment "
        "reruns): it opens the default page, then switches to a random other sidebar page every "
        f"{THINK_S[0]:.0f}–{THINK_S[1]:.0f} s. Page ready = from sending the rerun to "
        "`script_finished` (success); errors = failed or dropped connection, other final status, "
        f"an exception element, or no `script_finished` within {READY_TIMEOUT_S:.0f} s. Baseline: "
        f"one session alone against the same target for {BASELINE_S:.0f} s just before the load "
        f"({BASELINE_THINK_S[0]}–{BASELINE_THINK_S[1]} s between pages). Every page was first "
        "visited once on every app server (warm-up, not counted). Not measured: the browser's "
        "drawing time, static files and components' iframes (cached by a browser after its "
        "first visit), uploads and downloads.",
        "",
        f"Measured {results['date']} on {results['cpu_count']} cores (load driver on the same "
        f"machine, using {figure('driver_cpu_cores'):.2f} cores; 1-minute load average before / after "
        f"the load {'/'.join(map(str, results['load_average_before_after']))}), "  # type: ignore[call-overload]
        f"Python {sys.version.split()[0]}; "
        f"target: {results['target']}"
        + (f" ({results['target_note']})" if results["target_note"] else "")
        + ".",
        "",
        "| figure | value | target |",
        "| --- | --- | --- |",
        f"| concurrent sessions (held between ramp-up and end: min–max) | {results['sessions']} "
        f"({held[0]}–{held[1]}) | 50 |"  # type: ignore[index]
        if held
        else f"| concurrent sessions | {results['sessions']} | 50 |",
        f"| duration (ramp-up {figure('ramp_up_s'):.0f} s) | {figure('duration_s'):.0f} s | 300 s |",
        f"| sessions per app server | {', '.join(f'{k}: {v}' for k, v in sorted(by_server.items()))} | |",
        f"| page loads completed | {results['page_loads']} ({figure('loads_per_s'):.1f}/s) | |",
        f"| errors | {results['errors']} {_kinds(results['errors_by_kind'])}| 0 |",
        f"| page ready under load: median / p95 | {figure('median_s'):.3f} / {figure('p95_s'):.3f} s | |",
        f"| page ready, one session alone (baseline, {results['baseline_loads']} loads): median / p95 "
        f"| {figure('baseline_median_s'):.3f} / {figure('baseline_p95_s'):.3f} s | |",
        f"| p95 under load / p95 alone | {figure('p95_ratio'):.2f}× | |",
        f"| slide-show fragment reruns answered (present page, every 1 s while shown) "
        f"| {results['fragment_reruns']} | |",
    ]
    for name in sorted(rss_max):
        lines.append(
            f"| max RSS, app server {name} (after warm-up: {rss_warm.get(name, 0)} MB) "
            f"| {rss_max[name]} MB | ≤ {RSS_TARGET_MB} MB |"
        )
    if cpu:
        lines.append(
            "| CPU used by the app servers (cores, mean over the load) | "
            + ", ".join(f"{name}: {value:.2f}" for name, value in sorted(cpu.items()))
            + " | |"
        )
    if not rss_max:
        lines.append("| max RSS per app server | not measured (give `--pids` with `--url`) | ≤ 500 MB |")
    if results.get("writers"):
        lines += [
            f"| writers: analysts publishing the data centres and saving presentations meanwhile, "
            f"every {figure('write_every_s'):.0f} s each (mean) | {results['writers']} "
            f"{_kinds(results['writers_attempts']).strip()} | |",
            f"| writes answered (a version, or a refusal because another analyst published first: "
            f"{results['publishes_refused_as_conflict']}) | {results['writers_answered']} | all |",
            f"| write errors | {results['writers_errors']} | 0 |",
            f"| publishes stored / answered with a version | {results['publishes_stored']} | all |",
            f"| presentation saves stored / answered | {results['saves_stored']} | all |",
            f"| repeated saves answered with the existing version (nothing written) "
            f"| {results['repeat_saves_answered_with_existing_version']} | all |",
            f"| duplicated writes in the store | {results['duplicated_writes']} | 0 |",
        ]
    minutes: dict[str, float] = results["p95_by_minute_s"]  # type: ignore[assignment]
    lines += [
        "",
        "p95 page ready by minute of the load: "
        + ", ".join(f"{span}: {value:.3f} s" for span, value in minutes.items())
        + ".",
    ]
    print(write_block("load", lines, "## `load.py`"))


def _kinds(kinds: object) -> str:
    return (
        f"({', '.join(f'{k}: {v}' for k, v in kinds.items())}) " if isinstance(kinds, dict) and kinds else ""
    )


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, default=50, help="concurrent sessions (default 50)")
    parser.add_argument("--duration", type=float, default=300, help="seconds of load (default 300)")
    parser.add_argument("--url", help="load an already running set-up instead of starting one")
    parser.add_argument("--pids", type=int, nargs="*", default=[], help="app server process ids (with --url)")
    parser.add_argument("--seed", type=int, default=1, help="random seed of the page choices")
    parser.add_argument(
        "--writers", type=int, default=3, help="analysts publishing and saving meanwhile (default 3)"
    )
    parser.add_argument(
        "--write-every", type=float, default=60.0, help="mean seconds between one writer's writes (60)"
    )
    parser.add_argument("--database-url", help="the store of the set-up given with --url (for --writers)")
    parser.add_argument("--no-readme", action="store_true", help="print only; leave bench/README.md alone")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    arguments = _parser().parse_args(argv)
    if arguments.sessions < 1 or arguments.duration <= 0:
        print("load: --sessions and --duration must be positive", file=sys.stderr)
        return 2
    signal.signal(signal.SIGTERM, _stop_on_sigterm)
    with started_target(arguments) as target:
        print(f"target: {target.label} at {target.url}", flush=True)
        results = asyncio.run(
            measure(
                target,
                arguments.sessions,
                arguments.duration,
                arguments.seed,
                writers=arguments.writers,
                write_every=arguments.write_every,
            )
        )
    print(json.dumps(results, indent=2, ensure_ascii=False))
    if not arguments.no_readme:
        write_report(results)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
