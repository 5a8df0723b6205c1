"""Who may upload and roll back: local analyst accounts with argon2 hashes, slowed retries.

Accounts live in the store, so every app server knows the same analysts; they are created
with ``dashboard user add NAME``. Failed sign-ins are counted in the store too, per
lower-cased name, so that a second app server does not give a guesser twice the attempts.
Accounts that releases before the store held them wrote to a JSON file
(``DASHBOARD_USERS_FILE``, default ``var/analysts.json``) still sign in; a ``user add`` of
the same name moves that account into the store. When an identity provider is configured in
Streamlit's secrets, views use ``st.login`` instead; this module is the embedded default and
stays free of streamlit.
"""

from __future__ import annotations

import contextlib
import json
import re
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Final

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from dashboard import settings
from dashboard.store.engine import SAVE_ATTEMPTS, StoreBase, StoreWriteError, metadata

NAME_PATTERN: Final = re.compile(r"^[A-Za-z0-9._@-]{2,64}$")
MIN_PASSWORD_LENGTH: Final = 10
# After each failed attempt for a name, the next answer waits twice as long (capped):
# 0.5 s, 1 s, 2 s, 4 s, 8 s. Guessing becomes slow; a typo costs half a second. The count is
# in the store, so every app server makes the same guesser wait.
FIRST_DELAY_S: Final = 0.5
MAX_DELAY_S: Final = 8.0
# How long a failed sign-in is remembered. The throttle is for a guesser who keeps trying; a
# name left alone for a day starts again at no delay, and its row is deleted (so the table
# holds only names that failed in the last day, however many have been tried).
FAILURE_MEMORY: Final = timedelta(days=1)

# Analysts' argon2 hashes (made and checked below), and failed sign-ins per lower-cased name,
# shared by every app server so that a second server does not give a guesser twice the
# attempts.
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

_hasher = PasswordHasher()


class Accounts(StoreBase):
    """The store's analyst accounts and its count of recent failed sign-ins."""

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


class AccountError(ValueError):
    """A name or password that cannot be used; the message says why."""


@dataclass(frozen=True)
class Analyst:
    name: str


def users_file() -> Path:
    """Where releases before the store held accounts kept them (read, never written)."""
    return settings.users_file()


def _file_accounts() -> dict[str, str]:
    path = users_file()
    if not path.exists():
        return {}
    return dict(json.loads(path.read_text(encoding="utf-8")))


def _stored_hash(name: str, store: Accounts) -> str | None:
    return store.account_hash(name) or _file_accounts().get(name)


def has_accounts(store: Accounts) -> bool:
    return bool(store.account_names() or _file_accounts())


def add_user(name: str, password: str, store: Accounts) -> None:
    """Create or replace an analyst account."""
    if not NAME_PATTERN.match(name):
        raise AccountError("a name is 2-64 letters, digits or . _ @ -")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"a password has at least {MIN_PASSWORD_LENGTH} characters")
    store.save_account(name, _hasher.hash(password))


def delay_for(name: str, store: Accounts) -> float:
    """How long the next answer for ``name`` waits, given its recent failures."""
    failures = store.sign_in_failures(name)
    return 0.0 if failures == 0 else min(MAX_DELAY_S, FIRST_DELAY_S * 2 ** (failures - 1))


def sign_in(name: str, password: str, store: Accounts, *, sleep: bool = True) -> Analyst | None:
    """The analyst if the password matches; None otherwise (after the throttling delay).

    An unknown name is checked against a dummy hash, so both cases take equally long and
    the answer does not reveal which names exist.
    """
    if not NAME_PATTERN.match(name):  # no account can have it: nothing to look up or count
        with contextlib.suppress(VerificationError, InvalidHashError):
            _hasher.verify(_DUMMY_HASH, password)
        return None
    wait = delay_for(name, store)
    if sleep and wait:
        time.sleep(wait)
    stored = _stored_hash(name, store)
    try:
        _hasher.verify(stored or _DUMMY_HASH, password)
        matched = stored is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        matched = False
    store.record_sign_in(name, succeeded=matched)
    return Analyst(name) if matched else None


_DUMMY_HASH: Final = _hasher.hash("not a password anyone has")
