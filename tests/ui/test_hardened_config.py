"""The defaults a public deployment relies on, as shipped: no usage statistics, no error
details for viewers, a viewer toolbar, XSRF protection, an upload cap the app agrees with,
and no secrets in the repository."""

from __future__ import annotations

import subprocess
import tomllib
from pathlib import Path

from dashboard.files import upload

ROOT = Path(__file__).resolve().parents[2]
CONFIG = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))


def test_viewers_get_no_error_details_no_developer_toolbar_and_no_tracking() -> None:
    assert CONFIG["browser"]["gatherUsageStats"] is False
    assert CONFIG["client"]["showErrorDetails"] == "none"
    assert CONFIG["client"]["toolbarMode"] in ("viewer", "minimal")


def test_xsrf_is_on_and_the_server_caps_uploads_no_lower_than_the_app() -> None:
    server = CONFIG["server"]
    assert server["enableXsrfProtection"] is True
    assert server["runOnSave"] is False
    # The server refuses larger bodies before the app sees them; the app's own limit (with
    # its clear message) must fit inside, or analysts would get Streamlit's generic error.
    assert server["maxUploadSize"] >= upload.configured_limits().max_bytes / 1024 / 1024  # both MiB


def test_no_secrets_file_is_tracked_and_git_ignores_it() -> None:
    ignored = (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert ".streamlit/secrets.toml" in ignored
    assert "[auth]" not in (ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8")
    if (ROOT / ".git").exists():  # a checkout with history: nothing secret was ever added
        tracked = subprocess.run(
            ["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout.splitlines()
        assert not [path for path in tracked if path.endswith("secrets.toml")]


def test_no_full_garbage_collection_after_every_script_run() -> None:
    # Streamlit's default was a third of the server's CPU under load (bench/README.md, load).
    assert CONFIG["runner"]["postScriptGC"] is False
