"""Stores that fail the way real ones do, for tests of what users are then told."""

from __future__ import annotations

import sqlalchemy as sa

from dashboard.store import Store


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
