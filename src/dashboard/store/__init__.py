"""The store: one database behind every view and the CLI, one module per aggregate.

- ``engine``: the database URL, engine, shared schema metadata and migrations;
- ``versions``: every dataset's immutable versions, the curated seed and the integrity check;
- ``presentations``: presentations analysts save;
- ``accounts``: analyst accounts, their argon2 hashes and sign-in throttling;
- ``sessions``: sign-in tickets and sessions that survive a reload.

``Store`` is the sum of the aggregates' parts: each module's class adds its own methods
over the one engine ``StoreBase`` holds, so a caller keeps one object (one connection pool)
and calls ``store.publish`` or ``store.save_account`` directly, while each aggregate's table
and SQL stay in the module that explains them.
"""

from __future__ import annotations

from dashboard.store.accounts import Accounts
from dashboard.store.engine import StoreWriteError, metadata
from dashboard.store.presentations import Presentations, PresentationVersion
from dashboard.store.sessions import Sessions
from dashboard.store.versions import (
    CURATED_NOTE,
    CURATED_ORIGINS,
    ROLLBACK_NOTE,
    DatasetVersions,
    Origin,
    VersionConflict,
    VersionInfo,
)

__all__ = [
    "CURATED_NOTE",
    "CURATED_ORIGINS",
    "ROLLBACK_NOTE",
    "Origin",
    "PresentationVersion",
    "Store",
    "StoreWriteError",
    "VersionConflict",
    "VersionInfo",
    "metadata",
]


class Store(DatasetVersions, Presentations, Accounts, Sessions):
    """The versioned store behind every view and the CLI (see the aggregates' modules)."""
