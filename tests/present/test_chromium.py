"""Pages grey out image downloads when this server cannot draw them."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from dashboard.present import chromium


def test_a_missing_browser_path_means_no_images(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("BROWSER_PATH", str(tmp_path / "no-such-chromium"))
    assert chromium.available() is False


def test_no_chromium_on_the_path_means_no_images(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("BROWSER_PATH", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))
    assert chromium.available() is False


@pytest.mark.skipif(shutil.which("chromium") is None, reason="Debian's chromium is not installed")
def test_the_system_chromium_is_found(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("BROWSER_PATH", raising=False)
    assert chromium.available() is True
