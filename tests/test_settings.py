"""The settings registry is the source of truth (Datasette's tests/test_docs.py habit).

The README's configuration table must list exactly the declared settings, with their
defaults and meanings; the environment must be read when a setting is used, not at import;
and no other module may read the environment itself.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from dashboard import settings
from dashboard.catalog import datasets
from dashboard.present import chromium, decks
from dashboard.store import Store, accounts

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "src" / "dashboard"
ROW = re.compile(r"^\| `(?P<name>[A-Z][A-Z0-9_]+)` \| (?P<default>[^|]+) \| (?P<help>.+) \|$")
# Modules that hand the whole environment on to the servers they start, reading no setting.
PASSES_ENVIRONMENT_ON = {"testing.py", "deploy.py"}


def readme_rows() -> dict[str, tuple[str, str]]:
    """The README's configuration table: setting name -> (default, meaning)."""
    section = (
        (ROOT / "README.md").read_text(encoding="utf-8").split("## Configure", 1)[1].split("\n## ", 1)[0]
    )
    rows = {}
    for line in section.splitlines():
        if found := ROW.match(line):
            default = found["default"].strip().strip("`")
            rows[found["name"]] = (default, found["help"].strip())
    return rows


def test_the_readme_lists_exactly_the_declared_settings() -> None:
    assert list(readme_rows()) == [setting.name for setting in settings.SETTINGS]


@pytest.mark.parametrize("setting", settings.SETTINGS, ids=lambda setting: setting.name)
def test_the_readme_gives_each_setting_its_default_and_meaning(setting: settings.Setting) -> None:
    assert readme_rows()[setting.name] == (setting.default or "unset", setting.help)


def test_defaults_are_under_the_project_root(monkeypatch: pytest.MonkeyPatch) -> None:
    for setting in settings.SETTINGS:
        monkeypatch.delenv(setting.name, raising=False)
    assert settings.data_dir() == ROOT / "data"
    assert (settings.data_dir() / "README.md").is_file()
    assert settings.users_file() == ROOT / "var" / "analysts.json"
    assert settings.database_url() == f"sqlite:///{ROOT / 'var' / 'dashboard.sqlite3'}"
    assert settings.SHIPPED_PRESENTATIONS_DIR == ROOT / "presentations"
    assert settings.older_presentations_dir() is None
    assert settings.browser_path() is None
    assert (settings.max_upload_mb(), settings.max_rows()) == (20.0, 200_000)
    assert settings.public_url() == "http://127.0.0.1:8501"


def test_the_environment_is_read_when_used_not_at_import(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Every module above was imported before this test set anything.
    monkeypatch.setenv("DASHBOARD_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("DASHBOARD_USERS_FILE", str(tmp_path / "users.json"))
    monkeypatch.setenv("DASHBOARD_PRESENTATIONS_DIR", str(tmp_path / "decks"))
    monkeypatch.setenv("DASHBOARD_DATABASE_URL", f"sqlite:///{tmp_path / 'store.sqlite3'}")
    monkeypatch.setenv("DASHBOARD_MAX_UPLOAD_MB", "1.5")
    monkeypatch.setenv("DASHBOARD_MAX_ROWS", "10")
    monkeypatch.setenv("DASHBOARD_PUBLIC_URL", "https://dashboard.example.nl")
    monkeypatch.setenv("BROWSER_PATH", str(tmp_path / "no-chromium"))
    assert datasets.get("campuses").path == tmp_path / "data" / "campuses.csv"
    assert accounts.users_file() == tmp_path / "users.json"
    assert decks.older_saves_dir() == tmp_path / "decks"
    store = Store()
    assert store.url == f"sqlite:///{tmp_path / 'store.sqlite3'}"
    store.engine.dispose()
    assert (settings.max_upload_mb(), settings.max_rows()) == (1.5, 10)
    assert settings.public_url() == "https://dashboard.example.nl"
    assert settings.browser_path() == str(tmp_path / "no-chromium")
    assert not chromium.available()


def reads_the_environment(path: Path) -> bool:
    """Whether a module mentions ``os.environ`` or ``os.getenv``."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Attribute) and node.attr in ("environ", "getenv"):
            return True
        if (
            isinstance(node, ast.ImportFrom)
            and node.module == "os"
            and any(alias.name in ("environ", "getenv") for alias in node.names)
        ):
            return True
    return False


def test_only_settings_reads_the_environment() -> None:
    readers = {
        path.relative_to(SOURCE).as_posix() for path in SOURCE.rglob("*.py") if reads_the_environment(path)
    }
    others = readers - {"settings.py", *PASSES_ENVIRONMENT_ON}
    assert not others, f"read the environment through dashboard.settings instead: {sorted(others)}"
