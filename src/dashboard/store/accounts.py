"""Who may upload and roll back: local analyst accounts with argon2 hashes, slowed retries.

Accounts live in the store, so every app server knows the same analysts; they are created
with ``dashboard user add NAME``. Accounts that releases before the store held them wrote
to a JSON file (``DASHBOARD_USERS_FILE``, default ``var/analysts.json``) still sign in; a
``user add`` of the same name moves that account into the store. When an identity provider
is configured in Streamlit's secrets, views use ``st.login`` instead; this module is the
embedded default and stays free of streamlit.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from dashboard.store import Store

DEFAULT_USERS_FILE: Final = Path(__file__).resolve().parents[3] / "var" / "analysts.json"
NAME_PATTERN: Final = re.compile(r"^[A-Za-z0-9._@-]{2,64}$")
MIN_PASSWORD_LENGTH: Final = 10
# After each failed attempt for a name, the next answer waits twice as long (capped):
# 0.5 s, 1 s, 2 s, 4 s, 8 s. Guessing becomes slow; a typo costs half a second. The count is
# in the store, so every app server makes the same guesser wait.
FIRST_DELAY_S: Final = 0.5
MAX_DELAY_S: Final = 8.0

_hasher = PasswordHasher()


class AccountError(ValueError):
    """A name or password that cannot be used; the message says why."""


@dataclass(frozen=True)
class Analyst:
    name: str


def users_file() -> Path:
    """Where releases before the store held accounts kept them (read, never written)."""
    return Path(os.environ.get("DASHBOARD_USERS_FILE") or DEFAULT_USERS_FILE)


def _file_accounts() -> dict[str, str]:
    path = users_file()
    if not path.exists():
        return {}
    return dict(json.loads(path.read_text(encoding="utf-8")))


def _stored_hash(name: str, store: Store) -> str | None:
    return store.account_hash(name) or _file_accounts().get(name)


def has_accounts(store: Store) -> bool:
    return bool(store.account_names() or _file_accounts())


def add_user(name: str, password: str, store: Store) -> None:
    """Create or replace an analyst account."""
    if not NAME_PATTERN.match(name):
        raise AccountError("a name is 2-64 letters, digits or . _ @ -")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"a password has at least {MIN_PASSWORD_LENGTH} characters")
    store.save_account(name, _hasher.hash(password))


def delay_for(name: str, store: Store) -> float:
    """How long the next answer for ``name`` waits, given its recent failures."""
    failures = store.sign_in_failures(name)
    return 0.0 if failures == 0 else min(MAX_DELAY_S, FIRST_DELAY_S * 2 ** (failures - 1))


def sign_in(name: str, password: str, store: Store, *, sleep: bool = True) -> Analyst | None:
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
