"""Shared fixtures: an isolated store per test, and Chromium for browser tests."""

from __future__ import annotations

import os
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from dashboard.store import Store
from dashboard.testing import CHROMIUM, CHROMIUM_ARGS, PostgresServer, postgres_bin_dir


@pytest.fixture
def database_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A fresh SQLite store for this test, also seen by the app and the CLI."""
    url = f"sqlite:///{tmp_path / 'store.sqlite3'}"
    monkeypatch.setenv("DASHBOARD_DATABASE_URL", url)
    return url


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    """One real PostgreSQL server for the session (make test installs it as root)."""
    if postgres_bin_dir() is None:
        if os.environ.get("CI"):
            pytest.fail("PostgreSQL is missing on CI: make test should have installed it")
        pytest.skip("PostgreSQL store tests need Debian's postgresql: apt-get install postgresql")
    # Not under pytest's tmp tree: that is private to root, and the server runs as `postgres`.
    server = PostgresServer(Path(tempfile.mkdtemp(prefix="dashboard-pg-")))
    server.start()
    yield server
    server.stop()


@pytest.fixture(autouse=True)
def no_accounts_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test signs in with the accounts file of the machine it runs on (earlier releases
    kept accounts in var/analysts.json): tests make their analysts in their own store."""
    monkeypatch.setenv("DASHBOARD_USERS_FILE", str(tmp_path / "no-such-analysts.json"))


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[str]:
    """A fresh, empty store on each database the product supports."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'store.sqlite3'}"
    else:
        server: PostgresServer = request.getfixturevalue("postgres")
        name = f"store_{uuid.uuid4().hex[:12]}"
        admin = sa.create_engine(server.url(), isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
        admin.dispose()
        url = server.url(name)
    monkeypatch.setenv("DASHBOARD_DATABASE_URL", url)
    return url


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    store = Store(store_url)
    store.ensure_ready()
    yield store
    store.engine.dispose()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, object]) -> dict[str, object]:
    """Debian's Chromium, never a downloaded browser; skip when it is not installed."""
    if not CHROMIUM.exists():
        pytest.skip("browser tests need Debian's chromium: apt-get install chromium")
    return {**browser_type_launch_args, "executable_path": str(CHROMIUM), "args": CHROMIUM_ARGS}
