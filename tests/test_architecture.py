"""The import rule of the layered package, checked on the real code (``make test`` runs it).

The contracts live in ``pyproject.toml`` (``[tool.importlinter]``): each layer imports only the
layers below it, siblings never import each other, and only ``dashboard.ui`` imports streamlit.
The last test breaks a copy of the package on purpose, so a contract that cannot fail (a typo
in a layer's name, a missing package) is caught too.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "dashboard"
CONTRACTS = ("Each layer imports only the layers below it", "Only the ui package imports streamlit")


def _lint_imports(source_root: Path, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    """import-linter run on the package found under ``source_root``, as CI runs it."""
    return subprocess.run(
        [str(Path(sys.executable).parent / "lint-imports"), str(ROOT / "pyproject.toml"), "--no-cache"],
        cwd=tmp_path,
        env={"PYTHONPATH": str(source_root), "PATH": "/usr/bin:/bin", "NO_COLOR": "1"},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_the_package_keeps_its_import_contracts(tmp_path: Path) -> None:
    result = _lint_imports(ROOT / "src", tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    for contract in CONTRACTS:
        assert f"{contract} KEPT" in result.stdout


def test_a_lower_layer_importing_a_higher_one_or_streamlit_is_refused(tmp_path: Path) -> None:
    copy = tmp_path / "src"
    shutil.copytree(PACKAGE, copy / "dashboard", ignore=shutil.ignore_patterns("__pycache__"))
    # The catalog reaching up into the ui, and an analysis module drawing with Streamlit.
    (copy / "dashboard" / "catalog" / "upward.py").write_text("from dashboard.ui import url_state\n")
    (copy / "dashboard" / "analysis" / "drawing.py").write_text("import streamlit\n")
    result = _lint_imports(copy, tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    for contract in CONTRACTS:
        assert f"{contract} BROKEN" in result.stdout
    assert "dashboard.catalog.upward -> dashboard.ui.url_state" in result.stdout
    assert "dashboard.analysis.drawing -> streamlit" in result.stdout


@pytest.mark.parametrize(
    "folder",
    sorted(
        path.name
        for path in (ROOT / "tests").iterdir()
        if path.is_dir() and path.name not in {"browser", "fixtures", "__pycache__"}
    ),
)
def test_each_test_folder_mirrors_a_package(folder: str) -> None:
    assert (PACKAGE / folder / "__init__.py").is_file(), (
        f"tests/{folder}/ has no src/dashboard/{folder}/ to mirror"
    )
