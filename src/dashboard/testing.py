"""What the tests and the benchmarks share: throw-away servers and stores that fail on purpose.

Shipped in the package, as Datasette ships ``datasette.utils.testing``, so that ``bench/``
imports them like any other module instead of putting ``tests/`` on ``sys.path``:

- ``PostgresServer``: a PostgreSQL server from Debian's ``postgresql`` package. The server
  refuses to run as root, so when the tests run as root (CI) the cluster is created and
  started as the ``postgres`` system user. It listens on 127.0.0.1 and a free port, lives in
  a temporary directory, and is stopped when its user is done;
- ``start_server``: a real Streamlit server on a free port with its own store;
- ``refuse_inserts``: a store that fails the way a full or read-only disk does;
- ``CHROMIUM`` and ``CHROMIUM_ARGS``: Debian's Chromium, as browser tests and benchmarks run it.

Nothing here runs at import, and the app never imports this module.
"""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Mapping
from pathlib import Path
from typing import Final

import sqlalchemy as sa

from dashboard import settings
from dashboard.deploy import postgres_bin_dir
from dashboard.store import Store

__all__ = [
    "CHROMIUM",
    "CHROMIUM_ARGS",
    "PostgresServer",
    "free_port",
    "postgres_bin_dir",
    "refuse_inserts",
    "start_server",
]

CHROMIUM: Final = Path("/usr/bin/chromium")
CHROMIUM_ARGS: Final = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    # A venue with no internet: every host name but the app server's fails to resolve.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost",
]


def free_port() -> int:
    """A port on 127.0.0.1 that was free a moment ago."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class PostgresServer:
    """A throw-away PostgreSQL server from Debian's ``postgresql`` package (see the module)."""

    def __init__(self, root: Path) -> None:
        bin_dir = postgres_bin_dir()
        if bin_dir is None:
            raise FileNotFoundError("PostgreSQL is not installed: apt-get install postgresql")
        self.bin_dir, self.root, self.port = bin_dir, root, free_port()
        self.data_dir = root / "data"
        self._as_user: list[str] = []
        if os.geteuid() == 0:
            account = pwd.getpwnam("postgres")
            shutil.chown(root, account.pw_uid, account.pw_gid)
            self._as_user = ["runuser", "-u", "postgres", "--"]

    def _run(self, *command: str) -> None:
        result = subprocess.run(
            [*self._as_user, *command], capture_output=True, text=True, timeout=120, check=False
        )
        if result.returncode:
            raise RuntimeError(f"{command[0]} failed: {result.stderr or result.stdout}")

    def start(self) -> None:
        self._run(
            str(self.bin_dir / "initdb"),
            "-D",
            str(self.data_dir),
            "-U",
            "postgres",
            "--auth=trust",
            "--no-sync",
            "-E",
            "UTF8",
        )
        options = f"-p {self.port} -h 127.0.0.1 -k {self.root} -c fsync=off -c full_page_writes=off"
        self._run(
            str(self.bin_dir / "pg_ctl"),
            "-D",
            str(self.data_dir),
            "-o",
            options,
            "-l",
            str(self.root / "server.log"),
            "-w",
            "-t",
            "60",
            "start",
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError((self.root / "server.log").read_text(errors="replace"))

    def stop(self) -> None:
        self._run(str(self.bin_dir / "pg_ctl"), "-D", str(self.data_dir), "-m", "immediate", "stop")
        shutil.rmtree(self.root, ignore_errors=True)

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"


def refuse_inserts(store: Store, table: str) -> None:
    """Make the SQLite ``store`` refuse every new row of ``table``, as a full or read-only
    disk would; rows already there stay readable."""
    with store.engine.begin() as connection:
        connection.execute(
            sa.text(
                f"CREATE TRIGGER refuse_{table} BEFORE INSERT ON {table} "
                "BEGIN SELECT RAISE(ABORT, 'refused'); END"
            )
        )


def start_server(
    database_url: str, log_path: Path, app: str = "serve.py", env: Mapping[str, str] | None = None
) -> tuple[subprocess.Popen[bytes], str]:
    """Start `streamlit run <app>` (with ``env`` added to this process's environment) and
    wait until it answers its health check."""
    port = free_port()
    env = {**os.environ, **(env or {}), settings.DATABASE_URL.name: database_url}
    log = log_path.open("wb")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            app,
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--server.headless",
            "true",
            "--browser.gatherUsageStats",
            "false",
        ],
        cwd=settings.PROJECT_ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.read() == b"ok":
                    return process, url
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError(f"streamlit did not start; log: {log_path.read_text(errors='replace')[-2000:]}")
