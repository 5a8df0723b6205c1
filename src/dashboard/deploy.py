"""The deployed set-up on one machine: PostgreSQL, several Streamlit app servers, nginx.

PostgreSQL, app servers sharing it, and nginx in front of them (deploy/nginx.conf: sticky
sessions, websockets, gzip), all from Debian packages. ``Cluster`` initialises a PostgreSQL
cluster (as the ``postgres`` user when run as root, since the server refuses to run as
root), creates the database, seeds it once, starts the app servers with
``DASHBOARD_DATABASE_URL`` pointing at it, starts nginx as a foreground process with every
file under the work directory, and waits until all of them answer. ``scripts/run_cluster.py``
runs it from the command line; the deployment tests and ``bench/load.py`` import it from
here.

Needs Debian's ``postgresql`` and ``nginx`` (``scripts/install_system_deps.sh`` installs
them as root).
"""

from __future__ import annotations

import os
import pwd
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Sequence
from pathlib import Path
from typing import Final

import psycopg  # the app's own PostgreSQL driver, installed with it

from dashboard import settings
from dashboard.present import embeds

NGINX_TEMPLATE: Final = settings.PROJECT_ROOT / "deploy" / "nginx.conf"
DATABASE: Final = "dashboard"
LOCALHOST: Final = "127.0.0.1"


class ClusterError(RuntimeError):
    """A part of the cluster did not start; the message carries the end of its log."""


def nginx_binary() -> Path | None:
    """Debian's nginx (in /usr/sbin, which is not on a normal user's PATH); None when absent."""
    found = shutil.which("nginx")
    if found:
        return Path(found)
    candidate = Path("/usr/sbin/nginx")
    return candidate if candidate.is_file() else None


def postgres_bin_dir() -> Path | None:
    """Debian's versioned PostgreSQL binary directory, newest first; None when absent."""
    candidates = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), reverse=True)
    return candidates[0].parent if candidates else None


def free_ports(count: int) -> list[int]:
    """``count`` distinct ports that were free a moment ago."""
    sockets = []
    try:
        for _ in range(count):
            probe = socket.socket()
            probe.bind((LOCALHOST, 0))
            sockets.append(probe)
        return [int(probe.getsockname()[1]) for probe in sockets]
    finally:
        for probe in sockets:
            probe.close()


def render_nginx_conf(
    listen: str,
    upstreams: Sequence[str],
    template: Path = NGINX_TEMPLATE,
    *,
    frame_origins: tuple[str, ...] | None = None,
) -> str:
    """deploy/nginx.conf with its front address, app servers and framing policy filled in.

    ``frame_origins``: the other sites that may frame the pages; by default those of
    ``DASHBOARD_FRAME_ANCESTORS``, the same the app servers allow (FramingError if invalid).
    """
    if not upstreams:
        raise ValueError("nginx needs at least one app server")
    origins = embeds.allowed_origins() if frame_origins is None else frame_origins
    servers = "\n".join(f"        server {address} max_fails=3 fail_timeout=10s;" for address in upstreams)
    older = embeds.x_frame_options(origins)
    filled = {
        "@LISTEN@": listen,
        "@UPSTREAMS@": servers,
        "@FRAME_ANCESTORS@": embeds.frame_ancestors(origins),
        # Not sent at all when other sites may frame the pages (it cannot name them).
        "@X_FRAME_OPTIONS@": f'add_header X-Frame-Options "{older}" always;' if older else "",
    }
    text = template.read_text(encoding="utf-8")
    for placeholder, value in filled.items():
        text = text.replace(placeholder, value)
    leftover = sorted(set(re.findall(r"@[A-Z_]+@", text)))
    if leftover:
        raise ValueError(f"{template}: placeholders left unfilled: {', '.join(leftover)}")
    return text


def _tail(path: Path, characters: int = 3000) -> str:
    try:
        return path.read_text(errors="replace")[-characters:]
    except OSError:
        return "(no log)"


def wait_healthy(url: str, process: subprocess.Popen[bytes] | None, log: Path, timeout: float = 90) -> None:
    """Wait until ``url`` answers "ok" (Streamlit's /_stcore/health), or raise with the log."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise ClusterError(f"exited with {process.returncode} before {url} answered:\n{_tail(log)}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.read() == b"ok":
                    return
        except OSError:
            pass
        time.sleep(0.2)
    raise ClusterError(f"{url} did not answer within {timeout:.0f} s:\n{_tail(log)}")


class Cluster:
    """PostgreSQL + ``app_count`` Streamlit servers + nginx, every file under ``workdir``.

    Without a ``workdir`` the cluster is throw-away: a temporary directory, PostgreSQL without
    fsync, everything deleted by ``stop()``. With one, the database survives restarts.
    """

    def __init__(
        self,
        workdir: Path | None = None,
        *,
        front_port: int = 0,
        listen: str = LOCALHOST,
        app_count: int = 2,
        python: str = sys.executable,
    ) -> None:
        self.throwaway = workdir is None
        # In the system's temporary directory (not a private tree such as pytest's): when run
        # as root, PostgreSQL runs as `postgres` and nginx's workers as `nobody`, and both
        # must reach their files.
        self.workdir = Path(tempfile.mkdtemp(prefix="dashboard-cluster-")) if workdir is None else workdir
        self.workdir = self.workdir.resolve()
        ports = free_ports(app_count + 2)
        self.pg_port, self.app_ports = ports[0], ports[1 : 1 + app_count]
        self.front_port = front_port or ports[-1]
        self.listen = listen
        self.python = python
        self.logs = self.workdir / "logs"
        self.pg_root = self.workdir / "postgresql"
        self.nginx_prefix = self.workdir / "nginx"
        # Every app server signs cookies with the same secret (Streamlit's advice for replicas).
        self.cookie_secret = os.environ.get("STREAMLIT_SERVER_COOKIE_SECRET") or secrets.token_hex(32)
        self.apps: list[subprocess.Popen[bytes]] = []
        self.nginx: subprocess.Popen[bytes] | None = None
        self._pg_started = False
        self._as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []

    # Addresses ---------------------------------------------------------------------------
    @property
    def url(self) -> str:
        host = LOCALHOST if self.listen in ("0.0.0.0", "*") else self.listen  # noqa: S104
        return f"http://{host}:{self.front_port}"

    @property
    def app_urls(self) -> list[str]:
        return [f"http://{LOCALHOST}:{port}" for port in self.app_ports]

    @property
    def upstreams(self) -> list[str]:
        return [f"{LOCALHOST}:{port}" for port in self.app_ports]

    @property
    def database_url(self) -> str:
        return f"postgresql+psycopg://postgres@{LOCALHOST}:{self.pg_port}/{DATABASE}"

    # Start ---------------------------------------------------------------------------------
    def start(self) -> Cluster:
        try:
            self._start()
        except BaseException:
            self.stop()
            raise
        return self

    def _start(self) -> None:
        nginx, pg_bin = nginx_binary(), postgres_bin_dir()
        if nginx is None or pg_bin is None:
            missing = [name for name, found in (("nginx", nginx), ("postgresql", pg_bin)) if found is None]
            raise ClusterError(f"missing Debian packages: {' '.join(missing)} (apt-get install them)")
        for folder in (self.workdir, self.logs, self.pg_root, self.nginx_prefix / "logs"):
            folder.mkdir(parents=True, exist_ok=True)
        (self.nginx_prefix / "temp").mkdir(exist_ok=True)
        if os.geteuid() == 0:
            self.workdir.chmod(0o755)  # traversable by `postgres` and nginx's `nobody` workers
            account = pwd.getpwnam("postgres")
            shutil.chown(self.pg_root, account.pw_uid, account.pw_gid)
            self.pg_root.chmod(0o700)

        self._start_postgres(pg_bin)
        self._create_database()
        env = self._app_env()
        # Seed once before anyone visits, while the app servers start (they touch the
        # database only when the first session runs the script).
        seed_log = self.logs / "seed.log"
        with seed_log.open("wb") as log:
            seed = subprocess.Popen(
                [self.python, "-m", "dashboard.cli", "seed"],
                cwd=settings.PROJECT_ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        for number, port in enumerate(self.app_ports, start=1):
            self.apps.append(self._start_app(number, port, env))
        if seed.wait(timeout=300):
            raise ClusterError(f"dashboard seed failed:\n{_tail(seed_log)}")
        for number, (process, url) in enumerate(zip(self.apps, self.app_urls, strict=True), start=1):
            wait_healthy(f"{url}/_stcore/health", process, self.logs / f"app-{number}.log")
        self._start_nginx(nginx)
        wait_healthy(f"{self.url}/_stcore/health", self.nginx, self.logs / "nginx.log", timeout=30)

    def _run_as_postgres(self, *command: str) -> None:
        result = subprocess.run(
            [*self._as_postgres, *command],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
            start_new_session=True,  # Ctrl-C in the terminal reaches this script only
        )
        if result.returncode:
            raise ClusterError(f"{Path(command[0]).name} failed: {result.stderr or result.stdout}")

    def _start_postgres(self, pg_bin: Path) -> None:
        data = self.pg_root / "data"
        if not (data / "PG_VERSION").exists():
            self._run_as_postgres(
                str(pg_bin / "initdb"),
                "-D",
                str(data),
                "-U",
                "postgres",
                # Only local connections (127.0.0.1 and a socket in the work directory).
                "--auth=trust",
                "-E",
                "UTF8",
                *(["--no-sync"] if self.throwaway else []),
            )
        options = f"-p {self.pg_port} -h {LOCALHOST} -k {self.pg_root}"
        if self.throwaway:
            options += " -c fsync=off -c full_page_writes=off -c synchronous_commit=off"
        self._run_as_postgres(
            str(pg_bin / "pg_ctl"),
            "-D",
            str(data),
            "-o",
            options,
            "-l",
            str(self.pg_root / "server.log"),
            "-w",
            "-t",
            "60",
            "start",
        )
        self._pg_started = True

    def _create_database(self) -> None:
        with psycopg.connect(
            host=LOCALHOST, port=self.pg_port, user="postgres", dbname="postgres", autocommit=True
        ) as connection:
            exists = connection.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", (DATABASE,)
            ).fetchone()
            if exists is None:
                connection.execute(f'CREATE DATABASE "{DATABASE}"')

    def _app_env(self) -> dict[str, str]:
        return {
            **os.environ,
            settings.DATABASE_URL.name: self.database_url,
            "STREAMLIT_SERVER_COOKIE_SECRET": self.cookie_secret,
        }

    def _start_app(self, number: int, port: int, env: dict[str, str]) -> subprocess.Popen[bytes]:
        with (self.logs / f"app-{number}.log").open("wb") as log:
            return subprocess.Popen(
                [
                    self.python,
                    "-m",
                    "streamlit",
                    "run",
                    "serve.py",
                    "--server.port",
                    str(port),
                    "--server.address",
                    LOCALHOST,
                    "--server.headless",
                    "true",
                ],
                cwd=settings.PROJECT_ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def _start_nginx(self, nginx: Path) -> None:
        conf = self.nginx_prefix / "nginx.conf"
        conf.write_text(
            render_nginx_conf(f"{self.listen}:{self.front_port}", self.upstreams), encoding="utf-8"
        )
        with (self.logs / "nginx.log").open("wb") as log:
            self.nginx = subprocess.Popen(
                [str(nginx), "-p", f"{self.nginx_prefix}/", "-c", str(conf), "-g", "daemon off;"],
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    # Watch and stop -----------------------------------------------------------------------
    def exited(self) -> list[str]:
        """The parts that have stopped by themselves."""
        named = [(f"app server {n}", p) for n, p in enumerate(self.apps, start=1)]
        if self.nginx is not None:
            named.append(("nginx", self.nginx))
        return [f"{name} (exit code {p.returncode})" for name, p in named if p.poll() is not None]

    def stop(self) -> None:
        """Stop nginx, the app servers and PostgreSQL; safe to call more than once."""
        processes = [p for p in [self.nginx, *self.apps] if p is not None]
        for process in processes:
            if process.poll() is None:
                process.terminate()  # nginx: fast shutdown; Streamlit: closes its sessions
        for process in processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=5)
        self.nginx, self.apps = None, []
        if self._pg_started:
            bin_dir = postgres_bin_dir()
            if bin_dir is not None:
                try:
                    self._run_as_postgres(
                        str(bin_dir / "pg_ctl"), "-D", str(self.pg_root / "data"), "-m", "fast", "-w", "stop"
                    )
                except ClusterError as error:
                    print(f"PostgreSQL did not stop cleanly: {error}", file=sys.stderr)
            self._pg_started = False
        if self.throwaway:
            shutil.rmtree(self.workdir, ignore_errors=True)

    def __enter__(self) -> Cluster:
        return self.start()

    def __exit__(self, *_exc: object) -> None:
        self.stop()
