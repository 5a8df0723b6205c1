"""Leaflet is copied from XStatic-Leaflet into the static folder, once."""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboard.charts import leaflet_assets

SOURCE = leaflet_assets.leaflet_source_dir()


def _copied(static_dir: Path) -> dict[str, bytes]:
    target = static_dir / "vendor" / "leaflet"
    return {str(p.relative_to(target)): p.read_bytes() for p in sorted(target.rglob("*")) if p.is_file()}


def test_urls_point_into_the_copied_folder(tmp_path: Path) -> None:
    leaflet_assets.ensure_leaflet(tmp_path)
    for url in (leaflet_assets.LEAFLET_JS_URL, leaflet_assets.LEAFLET_CSS_URL):
        assert url.startswith("/app/static/")  # Streamlit serves static/ at /app/static/
        assert (tmp_path / url.removeprefix("/app/static/")).is_file()


def test_copies_js_css_and_images_byte_for_byte(tmp_path: Path) -> None:
    leaflet_assets.ensure_leaflet(tmp_path)
    copied = _copied(tmp_path)
    assert {"leaflet.js", "leaflet.css", "images/layers.png", "images/layers-2x.png"} <= set(copied)
    assert not [name for name in copied if name.endswith(".map") or "esm" in name]
    for name, content in copied.items():
        assert content == (SOURCE / name).read_bytes(), name
    # The stylesheet refers to images/ next to it: every image it names was copied.
    css = copied["leaflet.css"].decode()
    assert "images/layers.png" in css


def test_second_call_copies_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    leaflet_assets.ensure_leaflet(tmp_path)
    before = {p: p.stat().st_mtime_ns for p in tmp_path.rglob("*") if p.is_file()}

    calls: list[Path] = []
    monkeypatch.setattr(leaflet_assets, "_copy_atomically", lambda source, target: calls.append(target))
    leaflet_assets.ensure_leaflet(tmp_path)

    assert calls == []
    assert {p: p.stat().st_mtime_ns for p in tmp_path.rglob("*") if p.is_file()} == before


def test_repairs_a_truncated_or_missing_file(tmp_path: Path) -> None:
    leaflet_assets.ensure_leaflet(tmp_path)
    target = tmp_path / "vendor" / "leaflet"
    (target / "leaflet.js").write_bytes(b"partial")
    (target / "images" / "layers.png").unlink()

    leaflet_assets.ensure_leaflet(tmp_path)

    assert (target / "leaflet.js").read_bytes() == (SOURCE / "leaflet.js").read_bytes()
    assert (target / "images" / "layers.png").read_bytes() == (SOURCE / "images" / "layers.png").read_bytes()
    assert not list(target.rglob("*.tmp")), "no temporary files left behind"


@pytest.mark.parametrize(
    ("base", "expected"),
    [
        pytest.param("", "/app/static/vendor/leaflet/leaflet.js", id="root"),
        pytest.param("dash", "/dash/app/static/vendor/leaflet/leaflet.js", id="plain"),
        pytest.param("/dash/", "/dash/app/static/vendor/leaflet/leaflet.js", id="slashes"),
        pytest.param("a/b", "/a/b/app/static/vendor/leaflet/leaflet.js", id="nested"),
    ],
)
def test_leaflet_urls_under_a_base_path(base: str, expected: str) -> None:
    js_url, css_url = leaflet_assets.leaflet_urls(base)
    assert js_url == expected
    assert css_url == expected.removesuffix(".js") + ".css"
