"""Checks on chart images as a viewer receives them: is anything cut at an edge, are the
axis labels whole, and what text does the image carry. Shared by unit and browser tests."""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET

from PIL import Image

SVG: str = "{http://www.w3.org/2000/svg}"
INK = 160  # grey level below which a pixel is drawn, not background
EDGE_PX = 3
TRANSLATE = re.compile(r"translate\(([-\d.]+),\s*([-\d.]+)\)")
FONT_SIZE = re.compile(r"font-size:\s*([\d.]+)px")


def svg_texts(svg: bytes) -> list[str]:
    """Every text element's text, in document order."""
    root = ET.fromstring(svg)  # noqa: S314  images this product drew, in a test
    return ["".join(text.itertext()) for text in root.iter(f"{SVG}text")]


def _chart(svg: bytes) -> ET.Element:
    """The plotly chart: the nested ``main-svg`` (or the document itself, unframed)."""
    root = ET.fromstring(svg)  # noqa: S314  images this product drew, in a test
    for element in root.iter(f"{SVG}svg"):
        if "main-svg" in element.get("class", ""):
            return element
    raise AssertionError("no plotly chart in the SVG")


def _position(text: ET.Element) -> tuple[float, float, float]:
    """x, y (with a translate applied) and font size of a text element."""
    dx, dy = 0.0, 0.0
    if match := TRANSLATE.search(text.get("transform", "")):
        dx, dy = float(match[1]), float(match[2])
    size = FONT_SIZE.search(text.get("style", ""))
    return float(text.get("x", 0)) + dx, float(text.get("y", 0)) + dy, float(size[1]) if size else 12.0


def clipped_labels(svg: bytes) -> list[str]:
    """What is cut or drawn over in the chart: y tick labels past the left edge, an axis
    title left of the edge or over the tick labels, category names past the bottom.

    Label widths are estimated at half the font size per character (Liberation Sans
    averages 0.5-0.55 em for digits and lower case)."""
    chart = _chart(svg)
    height = float(chart.get("height", 0))
    problems: list[str] = []
    tick_lefts: list[float] = []
    for group in chart.iter(f"{SVG}g"):
        if group.get("class") not in ("ytick", "xtick"):
            continue
        for text in group.iter(f"{SVG}text"):
            label = "".join(text.itertext())
            x, y, size = _position(text)
            if group.get("class") == "ytick" and text.get("text-anchor") == "end":
                left = x - 0.5 * size * len(label)
                tick_lefts.append(left)
                if left < 0:
                    problems.append(f"y tick {label!r} cut at the left edge (starts at {left:.0f} px)")
            if group.get("class") == "xtick" and y + 0.3 * size > height:
                problems.append(f"category {label!r} cut at the bottom ({y:.0f} of {height:.0f} px)")
    for text in chart.iter(f"{SVG}text"):
        if text.get("class") != "ytitle":
            continue
        x, _, size = _position(text)
        if x - size / 2 < 0:
            problems.append(f"y axis title cut at the left edge (at {x:.0f} px)")
        elif tick_lefts and x + size / 2 > min(tick_lefts):
            problems.append(
                f"y axis title over the tick labels ({x:.0f} px, ticks from {min(tick_lefts):.0f})"
            )
    return problems


def ink_at_edges(png: bytes) -> list[str]:
    """The edges of the image where something is drawn: a label cut by the image's border."""
    with Image.open(io.BytesIO(png)) as image:
        grey = image.convert("L")
    width, height = grey.size
    pixels = grey.load()
    assert pixels is not None
    strips = {
        "left": ((x, y) for x in range(EDGE_PX) for y in range(height)),
        "right": ((x, y) for x in range(width - EDGE_PX, width) for y in range(height)),
        "top": ((x, y) for y in range(EDGE_PX) for x in range(width)),
        "bottom": ((x, y) for y in range(height - EDGE_PX, height) for x in range(width)),
    }
    return [edge for edge, points in strips.items() if any(pixels[point] < INK for point in points)]
