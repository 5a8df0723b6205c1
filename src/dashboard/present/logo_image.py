"""The branding file's logo as a PNG, for PowerPoint: python-pptx takes PNG or JPEG, not SVG.

An SVG logo is drawn by the Chromium that already draws the chart images
(:mod:`dashboard.present.chromium`): a plotly figure holding nothing but the logo as a layout
image, on a transparent background, at the logo's own aspect ratio. That needs no SVG
library of its own (cairosvg needs the system's cairo), and decks need Chromium anyway.
A PNG logo is used as it is. Pure: no streamlit.
"""

from __future__ import annotations

import base64
import re
from functools import cache
from pathlib import Path
from typing import Final
from xml.etree import ElementTree

from dashboard.present import chromium

HEIGHT_PX: Final = 240  # sharp at the 0.6-1.2 inch a slide shows it, projected
DEFAULT_RATIO: Final = 3.0  # width / height when the SVG states neither viewBox nor size
_LENGTH: Final = re.compile(r"^\s*([0-9]*\.?[0-9]+)\s*(px)?\s*$")


def png(logo: Path) -> bytes:
    """The logo as PNG bytes (drawn again when the file changes)."""
    return _png(logo, logo.stat().st_mtime)


@cache
def _png(logo: Path, modified: float) -> bytes:
    if logo.suffix.lower() == ".png":
        return logo.read_bytes()
    svg = logo.read_bytes()
    ratio = svg_ratio(svg)
    width = max(1, round(HEIGHT_PX * ratio))
    source = "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")
    spec = {
        "data": [],
        "layout": {
            "width": width,
            "height": HEIGHT_PX,
            "margin": {"l": 0, "r": 0, "t": 0, "b": 0},
            "paper_bgcolor": "rgba(0,0,0,0)",
            "plot_bgcolor": "rgba(0,0,0,0)",
            "xaxis": {"visible": False},
            "yaxis": {"visible": False},
            "images": [
                {
                    "source": source,
                    "xref": "paper",
                    "yref": "paper",
                    "x": 0,
                    "y": 1,
                    "sizex": 1,
                    "sizey": 1,
                    "xanchor": "left",
                    "yanchor": "top",
                    "sizing": "contain",
                    "layer": "above",
                }
            ],
        },
    }
    opts = {"format": "png", "width": width, "height": HEIGHT_PX, "scale": 1.0}
    return chromium.CHROMIUM.render([spec], opts)[0]


def svg_ratio(svg: bytes) -> float:
    """Width / height of an SVG: from its viewBox, else its width and height in px."""
    try:
        root = ElementTree.fromstring(svg)  # noqa: S314 - the operator's own file, not a visitor's
    except ElementTree.ParseError:
        return DEFAULT_RATIO
    box = root.get("viewBox", "").replace(",", " ").split()
    try:
        if len(box) == 4 and float(box[2]) > 0 and float(box[3]) > 0:
            return float(box[2]) / float(box[3])
    except ValueError:
        pass
    width, height = (_LENGTH.match(root.get(name, "")) for name in ("width", "height"))
    if width and height and float(height.group(1)) > 0:
        return float(width.group(1)) / float(height.group(1))
    return DEFAULT_RATIO
