"""Every setting an operator can change, declared once with its default and its meaning.

Each ``DASHBOARD_*`` environment variable (and ``BROWSER_PATH``, which kaleido reads too) is
a ``Setting(name, default, help)`` row in SETTINGS, as Datasette declares its settings; the
README's configuration table is checked against these rows by ``tests/test_settings.py``.
The functions below are the only readers of the environment. They read it on every call,
never at import: a test or a second server in the same process that sets a variable sees
it at once, and reading a handful of variables costs nothing next to what they configure.

This module sits at the bottom of the layers: it imports the standard library only.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Final

# The checkout the package runs from (src/dashboard/settings.py -> the repository root):
# the default home of the curated data, the shipped presentations and the local database.
PROJECT_ROOT: Final = Path(__file__).resolve().parents[2]
SHIPPED_PRESENTATIONS_DIR: Final = PROJECT_ROOT / "presentations"
SQLITE_PREFIX: Final = "sqlite:///"


@dataclass(frozen=True)
class Setting:
    """One environment variable: its name, its default as the README shows it (paths are
    relative to the project root; None when unset means "off"), and what it does."""

    name: str
    default: str | None
    help: str

    def configured(self) -> str | None:
        """The value in the environment now; None when it is unset or empty."""
        return os.environ.get(self.name) or None


DATABASE_URL: Final = Setting(
    "DASHBOARD_DATABASE_URL",
    f"{SQLITE_PREFIX}var/dashboard.sqlite3",
    "the versioned store; `postgresql+psycopg://…` for a shared PostgreSQL",
)
DATA_DIR: Final = Setting("DASHBOARD_DATA_DIR", "data/", "where the curated CSVs and boundaries live")
USERS_FILE: Final = Setting(
    "DASHBOARD_USERS_FILE",
    "var/analysts.json",
    "analyst accounts that releases before 2026-11-23 kept in a file; still accepted, read-only "
    "(accounts now live in the store)",
)
MAX_UPLOAD_MB: Final = Setting(
    "DASHBOARD_MAX_UPLOAD_MB",
    "20",
    "upload limit in megabytes (keep `server.maxUploadSize` at least as large)",
)
MAX_ROWS: Final = Setting("DASHBOARD_MAX_ROWS", "200000", "upload limit in rows")
PUBLIC_URL: Final = Setting(
    "DASHBOARD_PUBLIC_URL",
    "http://127.0.0.1:8501",
    "the address the audience uses, for the QR codes on the present page and the charts' embed snippets",
)
PRESENTATIONS_DIR: Final = Setting(
    "DASHBOARD_PRESENTATIONS_DIR",
    None,
    "presentations that releases before 2026-11-23 saved as files; still listed, read-only "
    "(new saves go to the store)",
)
BROWSER_PATH: Final = Setting(
    "BROWSER_PATH",
    None,
    "the Chromium that draws chart images (kaleido reads it too); unset: the first Chromium on `PATH`",
)
BRANDING: Final = Setting(
    "DASHBOARD_BRANDING",
    None,
    "a TOML file with the organisation's name, logo, primary colour, default language and opening "
    "regions, and contact details for the statements (see `deploy/branding.example.toml`); unset: neutral",
)
FRAME_ANCESTORS: Final = Setting(
    "DASHBOARD_FRAME_ANCESTORS",
    None,
    "the other sites that may show the dashboard's charts in an `<iframe>`: origins separated by "
    "spaces, e.g. `https://www.almere.nl https://*.almere.nl`; unset: only the dashboard itself",
)

SETTINGS: Final = (
    DATABASE_URL,
    DATA_DIR,
    USERS_FILE,
    MAX_UPLOAD_MB,
    MAX_ROWS,
    PUBLIC_URL,
    PRESENTATIONS_DIR,
    BROWSER_PATH,
    BRANDING,
    FRAME_ANCESTORS,
)
DEFAULT_SETTINGS: Final = {setting.name: setting.default for setting in SETTINGS}


def _value(setting: Setting) -> str:
    """The configured value, else the declared default (for settings that have one)."""
    found = setting.configured() or setting.default
    if found is None:
        raise LookupError(f"{setting.name} is not set and has no default")
    return found


def _path(setting: Setting) -> Path:
    """A configured path as given (relative to the working directory, as the shell meant it),
    else the default under the project root."""
    configured = setting.configured()
    return Path(configured) if configured else PROJECT_ROOT / _value(setting)


def database_url() -> str:
    """The store's SQLAlchemy URL; by default a SQLite file under the project's ``var/``."""
    configured = DATABASE_URL.configured()
    if configured:
        return configured
    return f"{SQLITE_PREFIX}{PROJECT_ROOT / _value(DATABASE_URL).removeprefix(SQLITE_PREFIX)}"


def data_dir() -> Path:
    """The folder of the curated CSVs and boundary files."""
    return _path(DATA_DIR)


def users_file() -> Path:
    """Where releases before the store held accounts kept them (read, never written)."""
    return _path(USERS_FILE)


def older_presentations_dir() -> Path | None:
    """Where earlier releases saved presentations as files; None when not configured."""
    configured = PRESENTATIONS_DIR.configured()
    return Path(configured) if configured else None


def max_upload_mb() -> float:
    """The largest upload accepted, in megabytes."""
    return float(_value(MAX_UPLOAD_MB))


def max_rows() -> int:
    """The most rows an upload may have."""
    return int(_value(MAX_ROWS))


def public_url() -> str:
    """The address the audience reaches the dashboard at, as configured or the default."""
    return _value(PUBLIC_URL)


def browser_path() -> str | None:
    """The configured Chromium executable; None to look on ``PATH``."""
    return BROWSER_PATH.configured()


def branding_file() -> Path | None:
    """The deployment's branding file; None for the neutral default."""
    return _path(BRANDING) if BRANDING.configured() else None


def frame_ancestors() -> str:
    """The origins that may frame the dashboard, as configured ("" when only itself)."""
    return FRAME_ANCESTORS.configured() or ""
