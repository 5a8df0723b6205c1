"""Versioned storage of every dataset: publish, current version, history.

Each publish stores the whole dataset as one immutable version (Parquet bytes, so types
survive the round trip) with an audit row. Nothing is ever updated or deleted: the
current version is simply the highest version number, and rollback publishes an old
version's content again. The unique key (dataset_key, version) is the concurrency
control: two publishes based on the same version both try to write version N+1, and
the database lets exactly one of them succeed, on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Final, Literal

import alembic.command
import alembic.config
import pandas as pd
import pyarrow as pa  # type: ignore[import-untyped,unused-ignore]
import sqlalchemy as sa
from alembic.migration import MigrationContext
from sqlalchemy.engine import Connection, Engine

from dashboard.catalog import datasets

Origin = Literal["seed", "curated_release", "upload", "rollback"]
CURATED_ORIGINS: Final = ("seed", "curated_release")
# Notes the store writes itself (pages show them in the reader's language).
CURATED_NOTE: Final = "curated data shipped with the application"
ROLLBACK_NOTE: Final = re.compile(r"rollback to version (\d+)")
SYSTEM_USER: Final = "system"

DEFAULT_DATABASE_PATH: Final = Path(__file__).resolve().parents[3] / "var" / "dashboard.sqlite3"
MIGRATIONS: Final = Path(__file__).resolve().parent / "migrations"
MIGRATION_LOCK: Final = 7_391_001  # any constant shared by every app server
FIRST_REVISION: Final = "0001"

metadata = sa.MetaData()

versions_table = sa.Table(
    "dataset_versions",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("dataset_key", sa.String(64), nullable=False),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("based_on", sa.Integer, nullable=True),
    sa.Column("origin", sa.String(32), nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("created_by", sa.String(200), nullable=False),
    sa.Column("file_name", sa.String(500), nullable=True),
    sa.Column("sha256", sa.String(64), nullable=False),
    sa.Column("row_count", sa.Integer, nullable=False),
    sa.Column("note", sa.Text, nullable=True),
    sa.Column("content", sa.LargeBinary, nullable=False),
    sa.UniqueConstraint("dataset_key", "version", name="uq_dataset_version"),
)

# A presentation's TOML (see presentation.dumps), one row per save: saving under a title
# already used adds a version, so an earlier presentation is never overwritten.
presentations_table = sa.Table(
    "presentation_versions",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("presentation_key", sa.String(64), nullable=False),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("created_by", sa.String(200), nullable=False),
    sa.Column("content", sa.Text, nullable=False),
    sa.UniqueConstraint("presentation_key", "version", name="uq_presentation_version"),
)
SAVE_ATTEMPTS: Final = 3
# How long a failed sign-in is remembered. The throttle is for a guesser who keeps trying; a
# name left alone for a day starts again at no delay, and its row is deleted (so the table
# holds only names that failed in the last day, however many have been tried).
FAILURE_MEMORY: Final = timedelta(days=1)
# Analysts' argon2 hashes (auth.py makes and checks them), and failed sign-ins per lower-cased
# name, shared by every app server so that a second server does not give a guesser twice
# the attempts.
accounts_table = sa.Table(
    "analyst_accounts",
    metadata,
    sa.Column("name", sa.String(64), primary_key=True),
    sa.Column("password_hash", sa.String(200), nullable=False),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
)
failures_table = sa.Table(
    "sign_in_failures",
    metadata,
    sa.Column("name", sa.String(64), primary_key=True),
    sa.Column("failures", sa.Integer, nullable=False),
    sa.Column("last_failed_at", sa.DateTime(timezone=True), nullable=False),
)

# Sign-in sessions (sessions.py makes the tokens): a "ticket" row lives two minutes and is
# exchanged once for a "session" row, which ends at ``expires_at`` or at sign-out. Only
# SHA-256 hashes of the tokens are stored, so a copy of the database signs nobody in.
sessions_table = sa.Table(
    "analyst_sessions",
    metadata,
    sa.Column("token_hash", sa.String(64), primary_key=True),
    sa.Column("name", sa.String(64), nullable=False),
    sa.Column("kind", sa.String(8), nullable=False),
    sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
)
SessionKind = Literal["ticket", "session"]


class StoreWriteError(OSError):
    """The database could not be written (it is down, read-only or damaged)."""


class VersionConflict(Exception):  # noqa: N818  the name reads as the condition, as in the issue text
    """Someone published a newer version than the one this publish was based on."""

    def __init__(self, key: str, based_on: int | None, current: int | None) -> None:
        super().__init__(f"{key}: based on version {based_on}, but the current version is {current}")
        self.key, self.based_on, self.current = key, based_on, current


@dataclass(frozen=True)
class VersionInfo:
    """The audit record of one version (everything but its content)."""

    dataset_key: str
    version: int
    based_on: int | None
    origin: str
    created_at: datetime
    created_by: str
    file_name: str | None
    sha256: str
    row_count: int
    note: str | None


@dataclass(frozen=True)
class PresentationVersion:
    """One save of a presentation: its TOML and who saved it when."""

    key: str
    version: int
    created_at: datetime
    created_by: str
    content: str


IDLE_IN_TRANSACTION_MS: Final = 60_000


def database_url() -> str:
    """``DASHBOARD_DATABASE_URL``, or a SQLite file under ``var/`` (the embedded default)."""
    return os.environ.get("DASHBOARD_DATABASE_URL") or f"sqlite:///{DEFAULT_DATABASE_PATH}"


def _make_engine(url: str) -> Engine:
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


# Arrow's own buffers, not io.BytesIO: Arrow wraps a Python file in an object that one of
# its pool threads may release later, and that release needs the GIL. At interpreter exit
# the thread cannot get it and the process aborts ("terminate called without an active
# exception", apache/arrow#34314): `dashboard check` died that way about once in 15 runs.
def frame_to_bytes(frame: pd.DataFrame) -> bytes:
    sink = pa.BufferOutputStream()
    frame.to_parquet(sink, index=False)
    return bytes(sink.getvalue().to_pybytes())


def frame_from_bytes(content: bytes) -> pd.DataFrame:
    return pd.read_parquet(pa.BufferReader(content))


class Store:
    """The versioned store behind every view and the CLI."""

    def __init__(self, url: str | None = None) -> None:
        self.url = url or database_url()
        self.engine = _make_engine(self.url)

    @contextmanager
    def _begin(self) -> Iterator[Connection]:
        with self.engine.begin() as connection:
            yield connection

    def ensure_ready(self) -> None:
        """Create the tables and publish curated data the store does not have yet.

        On an empty store each curated file becomes version 1. When a release changes a
        curated file, its new content is published as a new version (origin
        ``curated_release``); analysts' versions stay in the history.
        """
        self.migrate()
        for dataset in datasets.DATASETS.values():
            self._sync_curated(dataset)

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

    def _sync_curated(self, dataset: datasets.Dataset) -> None:
        raw = dataset.path.read_bytes()
        digest = hashlib.sha256(raw).hexdigest()
        latest_curated = self._latest_curated_sha(dataset.key)
        if latest_curated == digest:
            return
        current = self.current_version(dataset.key)
        # Another server may seed at the same moment; its version has the same content.
        with suppress(VersionConflict):
            self.publish(
                dataset.key,
                dataset.load_curated(),
                user=SYSTEM_USER,
                based_on=current,
                origin="seed" if current is None else "curated_release",
                file_name=f"data/{dataset.file}",
                sha256=digest,
                note=CURATED_NOTE,
            )

    def _latest_curated_sha(self, key: str) -> str | None:
        query = (
            sa.select(versions_table.c.sha256)
            .where(versions_table.c.dataset_key == key, versions_table.c.origin.in_(CURATED_ORIGINS))
            .order_by(versions_table.c.version.desc())
            .limit(1)
        )
        with self.engine.connect() as connection:
            return connection.execute(query).scalar_one_or_none()

    def current_versions(self) -> dict[str, int]:
        """The current version number of every dataset, in one cheap query."""
        query = sa.select(versions_table.c.dataset_key, sa.func.max(versions_table.c.version)).group_by(
            versions_table.c.dataset_key
        )
        with self.engine.connect() as connection:
            return {key: int(version) for key, version in connection.execute(query)}

    def current_version(self, key: str) -> int | None:
        with self.engine.connect() as connection:
            return _newest_version(connection, versions_table.c.dataset_key, key)

    def load(self, key: str, version: int | None = None) -> pd.DataFrame:
        """A dataset's rows at ``version`` (default: the current one)."""
        datasets.get(key)  # an unknown key is a KeyError with the known keys, not "no rows"
        if version is None:
            version = self.current_version(key)
            if version is None:
                raise LookupError(f"{key}: the store has no version yet; run ensure_ready() first")
        query = sa.select(versions_table.c.content).where(
            versions_table.c.dataset_key == key, versions_table.c.version == version
        )
        with self.engine.connect() as connection:
            content = connection.execute(query).scalar_one_or_none()
        if content is None:
            raise LookupError(f"{key}: no version {version}")
        return frame_from_bytes(content)

    def publish(
        self,
        key: str,
        frame: pd.DataFrame,
        *,
        user: str,
        based_on: int | None,
        origin: Origin = "upload",
        file_name: str | None = None,
        sha256: str | None = None,
        note: str | None = None,
    ) -> VersionInfo:
        """Write ``frame`` as the next version of ``key`` in one transaction.

        ``based_on`` is the version the publisher saw; if another version was published
        since, VersionConflict is raised and nothing is written. A database that cannot be
        written raises StoreWriteError.
        """
        dataset = datasets.get(key)
        frame = dataset.validate(frame)
        content = frame_to_bytes(frame)
        info = VersionInfo(
            dataset_key=key,
            version=(based_on or 0) + 1,
            based_on=based_on,
            origin=origin,
            created_at=datetime.now(UTC),
            created_by=user,
            file_name=file_name,
            sha256=sha256 or hashlib.sha256(content).hexdigest(),
            row_count=len(frame),
            note=note,
        )
        not_published = f"{key}: version {info.version} was not published"
        try:
            with self._begin() as connection:
                current = _newest_version(connection, versions_table.c.dataset_key, key)
                if current != based_on:
                    raise VersionConflict(key, based_on, current)
                connection.execute(versions_table.insert().values(**vars(info), content=content))
            return info
        except sa.exc.IntegrityError as error:
            refused: sa.exc.SQLAlchemyError = error
        except sa.exc.SQLAlchemyError as error:
            raise StoreWriteError(f"{not_published}: {error}") from error
        # Refused as a duplicate: either two publishers passed the check at once and the unique
        # key let only one write, or, with no other publisher, the database refused the row.
        try:
            current = self.current_version(key)
        except sa.exc.SQLAlchemyError as error:
            raise StoreWriteError(f"{not_published}: {error}") from refused
        if current == based_on:
            raise StoreWriteError(f"{not_published}: {refused}") from refused
        raise VersionConflict(key, based_on, current) from refused

    def rollback(
        self, key: str, version: int, *, user: str, note: str | None = None, based_on: int | None = None
    ) -> VersionInfo:
        """Publish version ``version``'s content again as the newest version.

        History is never rewritten: the versions in between stay, and the rollback is a
        version of its own with an audit row naming the version it restored. With
        ``based_on`` (the current version the analyst saw), a publish made since raises
        VersionConflict instead of being rolled back unseen.
        """
        frame = self.load(key, version)
        return self.publish(
            key,
            frame,
            user=user,
            based_on=self.current_version(key) if based_on is None else based_on,
            origin="rollback",
            note=note or f"rollback to version {version}",  # matches ROLLBACK_NOTE
        )

    def history(self, key: str) -> list[VersionInfo]:
        """Every version of ``key``, newest first."""
        columns = [column for column in versions_table.c if column.name not in ("id", "content")]
        query = (
            sa.select(*columns)
            .where(versions_table.c.dataset_key == key)
            .order_by(versions_table.c.version.desc())
        )
        with self.engine.connect() as connection:
            rows = connection.execute(query).mappings().all()
        return [VersionInfo(**{**row, "created_at": _as_utc(row["created_at"])}) for row in rows]

    def save_presentation(self, key: str, content: str, *, user: str) -> int:
        """Store ``content`` as the newest version of presentation ``key``; return its number.

        The last save is what everyone sees; earlier ones stay in the table. Two saves of one
        key at the same moment both land, one after the other (the unique key orders them).
        """
        collision: sa.exc.IntegrityError | None = None
        for _ in range(SAVE_ATTEMPTS):
            try:
                with self._begin() as connection:
                    current = _newest_version(connection, presentations_table.c.presentation_key, key)
                    version = (current or 0) + 1
                    connection.execute(
                        presentations_table.insert().values(
                            presentation_key=key,
                            version=version,
                            created_at=datetime.now(UTC),
                            created_by=user,
                            content=content,
                        )
                    )
                return version
            except sa.exc.IntegrityError as error:  # another save took this number: take the next
                collision = error
            except sa.exc.SQLAlchemyError as error:
                raise StoreWriteError(f"presentation {key!r} was not saved: {error}") from error
        raise StoreWriteError(f"presentation {key!r} was not saved: {collision}") from collision

    def saved_presentations(self) -> dict[str, str]:
        """The newest saved content of every presentation, by key, in one query."""
        newest = (
            sa.select(
                presentations_table.c.presentation_key,
                sa.func.max(presentations_table.c.version).label("version"),
            )
            .group_by(presentations_table.c.presentation_key)
            .subquery()
        )
        query = sa.select(presentations_table.c.presentation_key, presentations_table.c.content).join(
            newest,
            (presentations_table.c.presentation_key == newest.c.presentation_key)
            & (presentations_table.c.version == newest.c.version),
        )
        with self.engine.connect() as connection:
            return {str(key): str(content) for key, content in connection.execute(query)}

    def presentation_history(self, key: str) -> list[PresentationVersion]:
        """Every save of presentation ``key``, newest first."""
        table = presentations_table.c
        columns = (table.version, table.created_at, table.created_by, table.content)
        query = sa.select(*columns).where(table.presentation_key == key).order_by(table.version.desc())
        with self.engine.connect() as connection:
            rows = connection.execute(query).all()
        return [
            PresentationVersion(key, int(version), _as_utc(created_at), str(created_by), str(content))
            for version, created_at, created_by, content in rows
        ]

    def save_account(self, name: str, password_hash: str) -> None:
        """Create analyst ``name`` or replace its password hash."""
        values = {"password_hash": password_hash, "updated_at": datetime.now(UTC)}
        self._update_or_insert(accounts_table, name, values, values)

    def account_hash(self, name: str) -> str | None:
        query = sa.select(accounts_table.c.password_hash).where(accounts_table.c.name == name)
        with self.engine.connect() as connection:
            found = connection.execute(query).scalar_one_or_none()
        return None if found is None else str(found)

    def account_names(self) -> list[str]:
        with self.engine.connect() as connection:
            names = connection.execute(sa.select(accounts_table.c.name)).scalars()
            return sorted(str(name) for name in names)

    def sign_in_failures(self, name: str) -> int:
        """Failed sign-ins for ``name`` (any case) since its last successful one, while the
        last failure is less than FAILURE_MEMORY old."""
        query = sa.select(failures_table.c.failures).where(
            (failures_table.c.name == name.lower())
            & (failures_table.c.last_failed_at >= datetime.now(UTC) - FAILURE_MEMORY)
        )
        with self.engine.connect() as connection:
            return int(connection.execute(query).scalar_one_or_none() or 0)

    def record_sign_in(self, name: str, *, succeeded: bool) -> None:
        """Count a failed sign-in for ``name``, or clear its count after a successful one.
        A failure first deletes every count older than FAILURE_MEMORY."""
        key = name.lower()
        if succeeded:
            with self._begin() as connection:
                connection.execute(failures_table.delete().where(failures_table.c.name == key))
            return
        now = datetime.now(UTC)
        with self._begin() as connection:  # forgotten failures, this name's included
            connection.execute(
                failures_table.delete().where(failures_table.c.last_failed_at < now - FAILURE_MEMORY)
            )
        self._update_or_insert(
            failures_table,
            key,
            {"failures": failures_table.c.failures + 1, "last_failed_at": now},
            {"failures": 1, "last_failed_at": now},
        )

    def add_session(self, token_hash: str, name: str, kind: SessionKind, expires_at: datetime) -> None:
        """Keep a sign-in ticket or session; expired rows are deleted on the way."""
        try:
            with self._begin() as connection:
                connection.execute(
                    sessions_table.delete().where(sessions_table.c.expires_at < datetime.now(UTC))
                )
                connection.execute(
                    sessions_table.insert().values(
                        token_hash=token_hash, name=name, kind=kind, expires_at=expires_at
                    )
                )
        except sa.exc.SQLAlchemyError as error:
            raise StoreWriteError(f"the sign-in session was not written: {error}") from error

    def session_name(self, token_hash: str, kind: SessionKind, now: datetime | None = None) -> str | None:
        """The analyst of an unexpired ticket or session, or None."""
        moment = now or datetime.now(UTC)
        query = sa.select(sessions_table.c.name).where(
            (sessions_table.c.token_hash == token_hash)
            & (sessions_table.c.kind == kind)
            & (sessions_table.c.expires_at > moment)
        )
        with self.engine.connect() as connection:
            found = connection.execute(query).scalar_one_or_none()
        return None if found is None else str(found)

    def take_ticket(self, token_hash: str) -> str | None:
        """The analyst of an unexpired ticket, deleting it: a ticket is used once, even when
        two requests carry it at the same moment (only one DELETE removes the row)."""
        name = self.session_name(token_hash, "ticket")
        if name is None:
            return None
        with self._begin() as connection:
            deleted = connection.execute(
                sessions_table.delete().where(
                    (sessions_table.c.token_hash == token_hash) & (sessions_table.c.kind == "ticket")
                )
            )
        return name if deleted.rowcount == 1 else None

    def end_session(self, token_hash: str) -> None:
        with self._begin() as connection:
            connection.execute(sessions_table.delete().where(sessions_table.c.token_hash == token_hash))

    def _update_or_insert(
        self, table: sa.Table, name: str, update: dict[str, Any], insert: dict[str, Any]
    ) -> None:
        """UPDATE the row keyed ``name``, or INSERT it: the same SQL on SQLite and PostgreSQL.
        When another server inserts the same key between the two, the UPDATE runs again."""
        for _ in range(SAVE_ATTEMPTS):
            try:
                with self._begin() as connection:
                    updated = connection.execute(table.update().where(table.c.name == name).values(**update))
                    if updated.rowcount == 0:
                        connection.execute(table.insert().values(name=name, **insert))
                return
            except sa.exc.IntegrityError:
                continue
            except sa.exc.SQLAlchemyError as error:
                raise StoreWriteError(f"{table.name} {name!r} was not written: {error}") from error
        raise StoreWriteError(f"{table.name} {name!r} was not written: kept colliding")

    def integrity_problems(self) -> list[str]:
        """Every inconsistency found in the stored versions, one sentence each; [] when healthy.

        Each version's content must read as Parquet with ``row_count`` rows, each dataset's
        versions must run 1..N without a gap, and ``based_on`` must be below ``version``; on
        SQLite ``PRAGMA integrity_check`` must also pass. ``sha256`` is compared with the
        content only for rollbacks, the one origin that always stores the content's hash:
        seeds and curated releases record the curated CSV's hash, and the CLI and the upload
        page record the uploaded file's, so a different hash is normal for those.
        """
        problems: list[str] = []
        columns = ("dataset_key", "version", "based_on", "origin", "sha256", "row_count", "content")
        query = sa.select(*(versions_table.c[name] for name in columns)).order_by(
            versions_table.c.dataset_key, versions_table.c.version
        )
        expected: dict[str, int] = {}
        with self.engine.connect() as connection:
            if connection.dialect.name == "sqlite":
                verdict = [str(row[0]) for row in connection.exec_driver_sql("PRAGMA integrity_check")]
                if verdict != ["ok"]:
                    problems.extend(f"SQLite integrity_check: {line}" for line in verdict)
            # One version's content at a time: a store's history can be larger than memory.
            for key, version, based_on, origin, sha256, row_count, content in connection.execution_options(
                yield_per=1
            ).execute(query):
                where = f"{key} version {version}"
                wanted, expected[key] = expected.get(key, 1), version + 1
                if version != wanted:
                    problems.append(f"{where}: version {wanted} was expected (a gap in the history)")
                if based_on is not None and based_on >= version:
                    problems.append(f"{where}: based on version {based_on}, which is not older")
                if origin == "rollback" and sha256 != hashlib.sha256(content).hexdigest():
                    problems.append(f"{where}: sha256 does not match the content")
                try:
                    rows = len(frame_from_bytes(content))
                except Exception as error:  # any reader error means the content is damaged
                    problems.append(f"{where}: content is not readable Parquet ({error})")
                    continue
                if rows != row_count:
                    problems.append(f"{where}: content has {rows} rows, the audit row says {row_count}")
        return problems


def _newest_version(connection: Connection, key_column: sa.Column[Any], key: str) -> int | None:
    """The highest ``version`` in ``key_column``'s table among the rows for ``key``."""
    version_column = key_column.table.c.version
    newest = connection.execute(sa.select(sa.func.max(version_column)).where(key_column == key)).scalar()
    return None if newest is None else int(newest)


def _as_utc(moment: datetime) -> datetime:
    # SQLite returns naive datetimes even for timezone-aware columns; they were written in UTC.
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
