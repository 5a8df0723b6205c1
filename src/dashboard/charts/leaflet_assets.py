"""Vendor assets served by Streamlit's static serving, so maps load with no internet.

Streamlit publishes the ``static/`` folder next to ``app.py`` at ``/app/static/`` when
``server.enableStaticServing`` is on. Leaflet comes from the installed ``XStatic-Leaflet``
package and is copied there at start-up (``static/vendor/`` is git-ignored).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import Final

from xstatic.pkg import leaflet as xstatic_leaflet

LEAFLET_JS_URL: Final = "/app/static/vendor/leaflet/leaflet.js"
LEAFLET_CSS_URL: Final = "/app/static/vendor/leaflet/leaflet.css"


def leaflet_urls(base_url_path: str = "") -> tuple[str, str]:
    """(JS, CSS) URLs for a server run with ``server.baseUrlPath`` (e.g. behind a proxy at /dash).

    The constants above assume the app is served at the site root; under a base path the
    absolute ``/app/static/...`` misses, and streamlit-folium then leaves the map at height 0.
    """
    prefix = "/" + base_url_path.strip("/") if base_url_path.strip("/") else ""
    return prefix + LEAFLET_JS_URL, prefix + LEAFLET_CSS_URL


# Only what the map loads: the minified build, its stylesheet and the images the stylesheet
# names (layer-control and marker icons). Source maps and the ESM build are left out.
_LEAFLET_FILES: Final = ("leaflet.js", "leaflet.css")
_LEAFLET_DIRS: Final = ("images",)


def leaflet_source_dir() -> Path:
    """Where the installed XStatic-Leaflet keeps its files (``xstatic/pkg/leaflet/data``)."""
    return Path(str(xstatic_leaflet.BASE_DIR))


def leaflet_target_dir(static_dir: Path) -> Path:
    return static_dir / "vendor" / "leaflet"


def _leaflet_sources(source_dir: Path) -> list[Path]:
    """Relative paths of every file to copy, so the same list drives copy and check."""
    files = [Path(name) for name in _LEAFLET_FILES]
    for folder in _LEAFLET_DIRS:
        files.extend(
            sorted(p.relative_to(source_dir) for p in (source_dir / folder).iterdir() if p.is_file())
        )
    return files


def _copy_atomically(source: Path, target: Path) -> None:
    """Copy via a temporary file and rename, so a concurrent server never serves half a file."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        shutil.copyfile(source, tmp)
        tmp.chmod(0o644)
        tmp.replace(target)
    finally:
        tmp.unlink(missing_ok=True)


def ensure_leaflet(static_dir: Path) -> None:
    """Copy Leaflet's JS, CSS and images into ``static_dir/vendor/leaflet``.

    Idempotent and cheap: a file already present with the same size is left alone, so calling
    this on every script run costs a handful of ``stat`` calls.
    """
    source_dir = leaflet_source_dir()
    target_dir = leaflet_target_dir(static_dir)
    for relative in _leaflet_sources(source_dir):
        source, target = source_dir / relative, target_dir / relative
        size = source.stat().st_size
        try:
            if target.stat().st_size == size:
                continue
        except FileNotFoundError:
            pass
        _copy_atomically(source, target)
