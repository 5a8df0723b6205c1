"""The one version-keyed cache: an entry per data version and arguments, one cache per builder."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import pytest

from dashboard.analysis.figures import Frames
from dashboard.ui import data

CALLS: list[str] = []


def _rows(frames: Frames, label: str) -> str:
    CALLS.append(label)
    return f"{label}:{len(frames['regions'])}"


def _other_rows(frames: Frames, label: str) -> str:
    return f"other {label}"


@pytest.fixture
def versions(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    current = {"regions": 1}

    def frames_at(at: Mapping[str, int]) -> dict[str, pd.DataFrame]:
        return {key: pd.DataFrame({"n": range(version)}) for key, version in at.items()}

    monkeypatch.setattr(data, "current_versions", lambda *keys: {key: current[key] for key in keys})
    monkeypatch.setattr(data, "frames_at", frames_at)
    CALLS.clear()
    return current


def test_computed_once_per_version_and_arguments(versions: dict[str, int]) -> None:
    rows = data.by_version(_rows)
    assert rows(["regions"], "a") == "a:1"
    assert rows(["regions"], "a") == "a:1"
    assert CALLS == ["a"]
    versions["regions"] = 3  # an upload: a new version is a new entry, never the old one
    assert rows(["regions"], "a") == "a:3"
    assert rows.at({"regions": 1}, "a") == "a:1"  # an earlier version, still cached
    assert CALLS == ["a", "a"]


def test_two_builders_keep_their_own_caches(versions: dict[str, int]) -> None:
    assert data.by_version(_rows)(["regions"], "b") == "b:1"
    assert data.by_version(_other_rows)(["regions"], "b") == "other b"
