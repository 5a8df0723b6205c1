"""Presentations analysts save, kept in the store so that every app server lists them.

A presentation's TOML (see ``present.decks.dumps``) is stored one row per save: saving under
a title already used adds a version, so an earlier presentation is never overwritten, and
the newest save of each key is what everyone sees.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import sqlalchemy as sa

from dashboard.store.engine import SAVE_ATTEMPTS, StoreBase, StoreWriteError, as_utc, metadata, newest_version

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


@dataclass(frozen=True)
class PresentationVersion:
    """One save of a presentation: its TOML and who saved it when."""

    key: str
    version: int
    created_at: datetime
    created_by: str
    content: str


class Presentations(StoreBase):
    """The store's saved presentations: every save of each, the newest shown."""

    def save_presentation(self, key: str, content: str, *, user: str) -> int:
        """Store ``content`` as the newest version of presentation ``key``; return its number.

        The last save is what everyone sees; earlier ones stay in the table. Two saves of one
        key at the same moment both land, one after the other (the unique key orders them).
        Saving exactly the newest content again writes nothing and returns that version: a
        second click on "save" (or one repeated by a reconnecting browser) never makes a
        second, identical version. Use :meth:`newest_presentation_version` first to tell the
        analyst which of the two happened.
        """
        collision: sa.exc.IntegrityError | None = None
        for _ in range(SAVE_ATTEMPTS):
            try:
                with self._begin() as connection:
                    current = newest_version(connection, presentations_table.c.presentation_key, key)
                    if current is not None and self._content(connection, key, current) == content:
                        return current
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

    @staticmethod
    def _content(connection: sa.Connection, key: str, version: int) -> str:
        table = presentations_table.c
        query = sa.select(table.content).where(table.presentation_key == key, table.version == version)
        return str(connection.execute(query).scalar_one())

    def newest_presentation_version(self, key: str) -> int | None:
        """The number of the newest save of ``key``, or None if it was never saved."""
        with self.engine.connect() as connection:
            return newest_version(connection, presentations_table.c.presentation_key, key)

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
            PresentationVersion(key, int(version), as_utc(created_at), str(created_by), str(content))
            for version, created_at, created_by, content in rows
        ]
