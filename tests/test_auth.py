"""Analyst accounts: hashed outside the repository, slowed down after failures."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from dashboard import auth


@pytest.fixture
def users(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "analysts.json"
    monkeypatch.setenv("DASHBOARD_USERS_FILE", str(path))
    monkeypatch.setattr(auth, "_failures", {})
    return path


def test_password_is_stored_as_an_argon2_hash_never_in_clear(users: Path) -> None:
    auth.add_user("ana", "correct horse battery")
    stored = json.loads(users.read_text())
    assert stored["ana"].startswith("$argon2")
    assert "correct horse" not in users.read_text()
    assert users.stat().st_mode & 0o777 == 0o600


def test_sign_in_accepts_the_right_password_only(users: Path) -> None:
    auth.add_user("ana", "correct horse battery")
    assert auth.sign_in("ana", "correct horse battery", sleep=False) == auth.Analyst("ana")
    assert auth.sign_in("ana", "wrong password!", sleep=False) is None
    assert auth.sign_in("nobody", "correct horse battery", sleep=False) is None


def test_repeated_failures_are_slowed_down_and_success_resets(users: Path) -> None:
    auth.add_user("ana", "correct horse battery")
    delays = []
    for _ in range(6):
        auth.sign_in("ana", "guess", sleep=False)
        delays.append(auth.delay_for("ana"))
    assert delays == [0.5, 1.0, 2.0, 4.0, 8.0, 8.0]
    auth.sign_in("ana", "correct horse battery", sleep=False)
    assert auth.delay_for("ana") == 0.0


@pytest.mark.parametrize(
    ("name", "password"),
    [
        pytest.param("a", "long enough pw", id="short-name"),
        pytest.param("ana", "short", id="short-password"),
        pytest.param("ana smith", "long enough pw", id="space-in-name"),
    ],
)
def test_unusable_accounts_are_refused_with_a_reason(users: Path, name: str, password: str) -> None:
    with pytest.raises(auth.AccountError):
        auth.add_user(name, password)
    assert not users.exists()


def test_cli_user_add_creates_the_first_analyst(users: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "dashboard.cli", "user", "add", "ana", "--password-stdin"],
        input="correct horse battery\n",
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert auth.sign_in("ana", "correct horse battery", users, sleep=False) is not None
