"""Analyst accounts: argon2 hashes in the store, shared by every app server, slowed down
after failures; accounts from the file earlier releases wrote still sign in."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from argon2 import PasswordHasher

from dashboard.store import Store, accounts
from dashboard.store.accounts import accounts_table, failures_table

PASSWORD = "correct horse battery"  # noqa: S105  the test analyst's, in no real store


@pytest.fixture
def users_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Where an earlier release kept accounts; absent unless a test writes it."""
    path = tmp_path / "analysts.json"
    monkeypatch.setenv("DASHBOARD_USERS_FILE", str(path))
    return path


def test_password_is_stored_as_an_argon2_hash_never_in_clear(store: Store, users_file: Path) -> None:
    accounts.add_user("ana", PASSWORD, store)
    with store.engine.connect() as connection:
        rows = [tuple(row) for row in connection.execute(sa.select(accounts_table))]
    assert [(name, password_hash[:9]) for name, password_hash, _ in rows] == [("ana", "$argon2id")]
    assert PASSWORD not in repr(rows)
    assert not users_file.exists()  # nothing is written outside the store


def test_sign_in_accepts_the_right_password_only(store: Store, users_file: Path) -> None:
    assert not accounts.has_accounts(store)
    accounts.add_user("ana", PASSWORD, store)
    assert accounts.has_accounts(store)
    assert accounts.sign_in("ana", PASSWORD, store, sleep=False) == accounts.Analyst("ana")
    assert accounts.sign_in("ana", "wrong password!", store, sleep=False) is None
    assert accounts.sign_in("nobody", PASSWORD, store, sleep=False) is None


def test_repeated_failures_are_slowed_down_and_success_resets(store: Store, users_file: Path) -> None:
    accounts.add_user("ana", PASSWORD, store)
    delays = []
    for _ in range(6):
        accounts.sign_in("ana", "guess", store, sleep=False)
        delays.append(accounts.delay_for("ana", store))
    assert delays == [0.5, 1.0, 2.0, 4.0, 8.0, 8.0]
    accounts.sign_in("ana", PASSWORD, store, sleep=False)
    assert accounts.delay_for("ana", store) == 0.0


def test_failures_are_forgotten_after_a_day_and_their_rows_deleted(store: Store, users_file: Path) -> None:
    accounts.add_user("ana", PASSWORD, store)
    two_days_ago = datetime.now(UTC) - timedelta(days=2)
    with store.engine.begin() as connection:
        connection.execute(
            failures_table.insert(),
            [
                {"name": "ana", "failures": 9, "last_failed_at": two_days_ago},
                {"name": "guessed-once", "failures": 1, "last_failed_at": two_days_ago},
            ],
        )
    assert accounts.delay_for("ana", store) == 0.0  # a day of quiet: no delay
    assert accounts.sign_in("ana", "guess", store, sleep=False) is None
    assert accounts.delay_for("ana", store) == 0.5  # counting starts again at one
    with store.engine.connect() as connection:
        rows = connection.execute(sa.select(failures_table.c.name, failures_table.c.failures)).all()
    assert [tuple(row) for row in rows] == [("ana", 1)]


@pytest.mark.parametrize("name", ["x" * 500, "ana smith", "", "ana'; DROP TABLE analyst_accounts; --"])
def test_an_impossible_name_is_refused_and_not_counted(store: Store, users_file: Path, name: str) -> None:
    accounts.add_user("ana", PASSWORD, store)
    assert accounts.sign_in(name, PASSWORD, store, sleep=False) is None
    with store.engine.connect() as connection:
        assert connection.execute(sa.select(sa.func.count()).select_from(failures_table)).scalar() == 0
    assert accounts.sign_in("ana", PASSWORD, store, sleep=False) == accounts.Analyst("ana")


def test_a_second_app_server_makes_the_same_guesser_wait(store: Store, users_file: Path) -> None:
    other_server = Store(store.url)
    accounts.add_user("ana", PASSWORD, store)
    for _ in range(3):
        assert accounts.sign_in("ana", "guess", store, sleep=False) is None
    assert accounts.delay_for("ANA", other_server) == 2.0  # names are counted in any case
    assert accounts.sign_in("ana", PASSWORD, other_server, sleep=False) == accounts.Analyst("ana")
    assert accounts.delay_for("ana", store) == 0.0
    other_server.engine.dispose()


def test_an_account_in_an_earlier_release_file_still_signs_in(store: Store, users_file: Path) -> None:
    users_file.write_text(json.dumps({"bob": PasswordHasher().hash("bob's old password")}), encoding="utf-8")
    assert accounts.has_accounts(store)
    assert accounts.sign_in("bob", "bob's old password", store, sleep=False) == accounts.Analyst("bob")
    # A new password moves the account into the store, which wins over the file.
    accounts.add_user("bob", "bob's new password", store)
    assert accounts.sign_in("bob", "bob's old password", store, sleep=False) is None
    assert accounts.sign_in("bob", "bob's new password", store, sleep=False) == accounts.Analyst("bob")


@pytest.mark.parametrize(
    ("name", "password"),
    [
        pytest.param("a", "long enough pw", id="short-name"),
        pytest.param("ana", "short", id="short-password"),
        pytest.param("ana smith", "long enough pw", id="space-in-name"),
    ],
)
def test_unusable_accounts_are_refused_with_a_reason(
    store: Store, users_file: Path, name: str, password: str
) -> None:
    with pytest.raises(accounts.AccountError):
        accounts.add_user(name, password, store)
    assert store.account_names() == []


def test_cli_user_add_creates_the_first_analyst(database_url: str, users_file: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "dashboard.cli", "user", "add", "ana", "--password-stdin"],
        input=f"{PASSWORD}\n",
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip() == "analyst ana saved in the store"
    assert accounts.sign_in("ana", PASSWORD, Store(database_url), sleep=False) == accounts.Analyst("ana")
