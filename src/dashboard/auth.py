"""Who may upload and roll back: local analyst accounts with argon2 hashes, slowed retries.

Accounts live in a JSON file outside the repository (``DASHBOARD_USERS_FILE``, default
``var/analysts.json``, git-ignored), created with ``dashboard user add NAME``. When an
identity provider is configured in Streamlit's secrets, views use ``st.login`` instead;
this module is the embedded default and stays free of streamlit.
"""

from __future__ import annotations

import json
import os
import re
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

DEFAULT_USERS_FILE: Final = Path(__file__).resolve().parents[2] / "var" / "analysts.json"
NAME_PATTERN: Final = re.compile(r"^[A-Za-z0-9._@-]{2,64}$")
MIN_PASSWORD_LENGTH: Final = 10
# After each failed attempt for a name, the next answer waits twice as long (capped):
# 0.5 s, 1 s, 2 s, 4 s, 8 s. Guessing becomes slow; a typo costs half a second.
FIRST_DELAY_S: Final = 0.5
MAX_DELAY_S: Final = 8.0

_hasher = PasswordHasher()
_failures: dict[str, int] = {}
_failures_lock = threading.Lock()


class AccountError(ValueError):
    """A name or password that cannot be used; the message says why."""


@dataclass(frozen=True)
class Analyst:
    name: str


def users_file() -> Path:
    return Path(os.environ.get("DASHBOARD_USERS_FILE") or DEFAULT_USERS_FILE)


def _read(path: Path) -> dict[str, str]:
    if not path.exists():
        return {}
    return dict(json.loads(path.read_text(encoding="utf-8")))


def has_accounts(path: Path | None = None) -> bool:
    return bool(_read(path or users_file()))


def add_user(name: str, password: str, path: Path | None = None) -> None:
    """Create or replace an analyst account (the file is written atomically, mode 600)."""
    if not NAME_PATTERN.match(name):
        raise AccountError("a name is 2-64 letters, digits or . _ @ -")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"a password has at least {MIN_PASSWORD_LENGTH} characters")
    path = path or users_file()
    accounts = _read(path)
    accounts[name] = _hasher.hash(password)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps(accounts, indent=2, sort_keys=True), encoding="utf-8")
    temporary.chmod(0o600)
    temporary.replace(path)


def delay_for(name: str) -> float:
    """How long the next answer for ``name`` waits, given its recent failures."""
    with _failures_lock:
        failures = _failures.get(name.lower(), 0)
    return 0.0 if failures == 0 else min(MAX_DELAY_S, FIRST_DELAY_S * 2 ** (failures - 1))


def sign_in(name: str, password: str, path: Path | None = None, *, sleep: bool = True) -> Analyst | None:
    """The analyst if the password matches; None otherwise (after the throttling delay).

    An unknown name is checked against a dummy hash, so both cases take equally long and
    the answer does not reveal which names exist.
    """
    wait = delay_for(name)
    if sleep and wait:
        time.sleep(wait)
    stored = _read(path or users_file()).get(name)
    try:
        _hasher.verify(stored or _DUMMY_HASH, password)
        matched = stored is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        matched = False
    with _failures_lock:
        if matched:
            _failures.pop(name.lower(), None)
        else:
            _failures[name.lower()] = _failures.get(name.lower(), 0) + 1
    return Analyst(name) if matched else None


_DUMMY_HASH: Final = _hasher.hash("not a password anyone has")
