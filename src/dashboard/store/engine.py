"""The store's database: one engine per URL, the shared schema metadata, and migrations.

Every aggregate of the store (dataset versions, presentations, accounts, sessions) declares
its tables on ``metadata`` here and reaches the database through ``StoreBase``, so one
``Store`` holds one connection pool whatever it is asked. SQLite (the embedded default) and
PostgreSQL (several app servers sharing one database) run the same SQL; the few differences
(pragmas, a connection timeout, an advisory lock) are confined to this module.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Final

import alembic.command
import alembic.config
import sqlalchemy as sa
from alembic.migration import MigrationContext
from sqlalchemy.engine import Connection, Engine

from dashboard import settings

MIGRATIONS: Final = Path(__file__).resolve().parent / "migrations"
MIGRATION_LOCK: Final = 7_391_001  # any constant shared by every app server
FIRST_REVISION: Final = "0001"
# How often a write that collided with another server's write on a unique key is tried again.
SAVE_ATTEMPTS: Final = 3
IDLE_IN_TRANSACTION_MS: Final = 60_000

metadata = sa.MetaData()


class StoreWriteError(OSError):
    """The database could not be written (it is down, read-only or damaged)."""


def make_engine(url: str) -> Engine:
    """An engine for ``url`` with the settings each database needs to be shared safely."""
    if url.startswith("sqlite"):
        path = sa.engine.make_url(url).database
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = sa.create_engine(url, connect_args={"timeout": 30})

        @sa.event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
            # WAL lets readers on other app servers see a publish without blocking it.
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.close()

        return engine
    # A publisher whose host vanishes between INSERT and COMMIT (a network cut, not a clean
    # kill) would otherwise hold its row lock, and block every publish of that dataset, until
    # TCP keepalive notices: about two hours. A publish is one short transaction (< 1 s), so
    # one minute idle inside a transaction means the client is gone.
    options = f"-c idle_in_transaction_session_timeout={IDLE_IN_TRANSACTION_MS}"
    return sa.create_engine(url, pool_pre_ping=True, connect_args={"options": options})


class StoreBase:
    """The engine every aggregate's methods share, and the schema's migrations."""

    def __init__(self, url: str | None = None) -> None:
        self.url = url or settings.database_url()
        self.engine = make_engine(self.url)

    @contextmanager
    def _begin(self) -> Iterator[Connection]:
        with self.engine.begin() as connection:
            yield connection

    def migrate(self) -> None:
        """Bring the schema to the newest Alembic revision (creating it on an empty database).

        On PostgreSQL an advisory lock makes several app servers starting at once take turns;
        SQLite serialises writers by itself.
        """
        config = alembic.config.Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        with self.engine.begin() as connection:
            if connection.dialect.name == "postgresql":
                connection.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
            config.attributes["connection"] = connection
            tables = set(sa.inspect(connection).get_table_names())
            unversioned = MigrationContext.configure(connection).get_current_revision() is None
            if "dataset_versions" in tables and unversioned:
                # A store created before migrations existed (create_all) already has the
                # first revision's table: record that instead of creating it again. (An
                # empty alembic_version table can be left by a failed start on SQLite,
                # whose driver commits DDL at once, so the revision is what counts.)
                alembic.command.stamp(config, FIRST_REVISION)
            alembic.command.upgrade(config, "head")


def newest_version(connection: Connection, key_column: sa.Column[Any], key: str) -> int | None:
    """The highest ``version`` in ``key_column``'s table among the rows for ``key``."""
    version_column = key_column.table.c.version
    newest = connection.execute(sa.select(sa.func.max(version_column)).where(key_column == key)).scalar()
    return None if newest is None else int(newest)


def as_utc(moment: datetime) -> datetime:
    """A stored moment as an aware UTC datetime."""
    # SQLite returns naive datetimes even for timezone-aware columns; they were written in UTC.
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
