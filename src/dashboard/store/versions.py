"""Versioned storage of every dataset: publish, current version, history, integrity.

Each publish stores the whole dataset as one immutable version (Parquet bytes, so types
survive the round trip) with an audit row. Nothing is ever updated or deleted: the
current version is simply the highest version number, and rollback publishes an old
version's content again. The unique key (dataset_key, version) is the concurrency
control: two publishes based on the same version both try to write version N+1, and
the database lets exactly one of them succeed, on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import hashlib
import re
from contextlib import suppress
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Final, Literal

import pandas as pd
import pyarrow as pa  # type: ignore[import-untyped,unused-ignore]
import pyarrow.parquet as pq  # type: ignore[import-untyped,unused-ignore]
import sqlalchemy as sa

from dashboard.catalog import datasets
from dashboard.store.engine import StoreBase, StoreWriteError, as_utc, metadata, newest_version

Origin = Literal["seed", "curated_release", "upload", "rollback"]
CURATED_ORIGINS: Final = ("seed", "curated_release")
# Notes the store writes itself (pages show them in the reader's language).
CURATED_NOTE: Final = "curated data shipped with the application"
ROLLBACK_NOTE: Final = re.compile(r"rollback to version (\d+)")
SYSTEM_USER: Final = "system"

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


# Arrow's own buffers, not io.BytesIO: Arrow wraps a Python file in an object that one of
# its pool threads may release later, and that release needs the GIL. At interpreter exit
# the thread cannot get it and the process aborts ("terminate called without an active
# exception", apache/arrow#34314): `dashboard check` died that way about once in 15 runs.
def frame_to_bytes(frame: pd.DataFrame) -> bytes:
    sink = pa.BufferOutputStream()
    frame.to_parquet(sink, index=False)
    return bytes(sink.getvalue().to_pybytes())


def frame_from_bytes(content: bytes) -> pd.DataFrame:
    """One version's content as a frame, read without any of Arrow's thread pools.

    Arrow's buffers alone still left the exit race open on a loaded machine (1 process in 24
    aborted in CI): ``pd.read_parquet`` goes through Arrow's dataset reader, which starts a
    pool thread even with ``use_threads=False``. ``ParquetFile.read`` starts none, and a
    version is small enough that threads would not save time anyway.
    """
    table = pq.ParquetFile(pa.BufferReader(content)).read(use_threads=False, use_pandas_metadata=True)
    frame: pd.DataFrame = table.to_pandas(use_threads=False)
    return frame


class DatasetVersions(StoreBase):
    """The store's datasets: every version of each, and the curated seed."""

    def ensure_ready(self) -> None:
        """Create the tables and publish curated data the store does not have yet.

        On an empty store each curated file becomes version 1. When a release changes a
        curated file, its new content is published as a new version (origin
        ``curated_release``); analysts' versions stay in the history.
        """
        self.migrate()
        for dataset in datasets.DATASETS.values():
            self._sync_curated(dataset)

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
            return newest_version(connection, versions_table.c.dataset_key, key)

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
                current = newest_version(connection, versions_table.c.dataset_key, key)
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
        return [VersionInfo(**{**row, "created_at": as_utc(row["created_at"])}) for row in rows]

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
