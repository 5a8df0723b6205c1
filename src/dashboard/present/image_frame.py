"""A chart image framed to leave the dashboard: its title above it, its captions below.

An image that leaves the dashboard must say what it shows and where its figures come from.
Kaleido draws the chart; this adds the text around it: as ``<text>`` in the SVG (so a reader
can search it and an editor change it) and as pixels in the PNG. Text is measured with the
font the PNG is drawn in, Liberation Sans (metrically Arial, which the chart's own font
stack falls back to in Chromium), so both formats wrap their lines alike. Pure: no streamlit.
"""

from __future__ import annotations

import functools
import io
import re
from dataclasses import dataclass
from typing import Final
from xml.sax.saxutils import escape

from PIL import Image, ImageDraw, ImageFont

PAD: Final = 24  # layout px around the text
GAP: Final = 8  # between the text and the chart
TITLE_PX: Final = 28
TEXT_PX: Final = 16
LINE_HEIGHT: Final = 1.35
TITLE_COLOUR: Final = "#1a1a1a"
TEXT_COLOUR: Final = "#444444"  # 9.7:1 on white
FONT_FAMILY: Final = "'Open Sans', verdana, arial, sans-serif"  # plotly's stack, as in the chart
MIN_CHART_SHARE: Final = 0.5  # long captions make the image taller, never the chart tiny
FONT_FILES: Final = {
    False: ("LiberationSans-Regular.ttf", "DejaVuSans.ttf"),
    True: ("LiberationSans-Bold.ttf", "DejaVuSans-Bold.ttf"),
}
Font = ImageFont.FreeTypeFont | ImageFont.ImageFont


@dataclass(frozen=True)
class Captions:
    """What the image says: its title, and the lines below the chart (note, source, credit)."""

    title: str
    below: tuple[str, ...]


@dataclass(frozen=True)
class Line:
    text: str
    baseline: int  # layout px from the top of the image
    size: int
    bold: bool


@dataclass(frozen=True)
class Frame:
    """Where everything goes, in layout pixels."""

    width: int
    height: int
    chart_top: int
    chart_height: int
    lines: tuple[Line, ...]


def layout(captions: Captions, width: int, height: int) -> Frame:
    """Wrapped lines and the chart's place in a ``width`` x ``height`` image (taller if the
    captions would leave the chart less than half of it)."""
    text_width = width - 2 * PAD
    title = _wrap(captions.title, TITLE_PX, bold=True, width=text_width)
    below = [line for text in captions.below for line in _wrap(text, TEXT_PX, bold=False, width=text_width)]
    title_step, text_step = round(TITLE_PX * LINE_HEIGHT), round(TEXT_PX * LINE_HEIGHT)
    chart_top = PAD + len(title) * title_step + GAP
    below_height = GAP + len(below) * text_step + PAD
    chart_height = max(height - chart_top - below_height, round(height * MIN_CHART_SHARE))
    lines = [
        Line(text, PAD + index * title_step + TITLE_PX, TITLE_PX, bold=True)
        for index, text in enumerate(title)
    ]
    below_top = chart_top + chart_height + GAP
    lines += [
        Line(text, below_top + index * text_step + TEXT_PX, TEXT_PX, bold=False)
        for index, text in enumerate(below)
    ]
    return Frame(width, chart_top + chart_height + below_height, chart_top, chart_height, tuple(lines))


def png(chart: bytes, frame: Frame) -> bytes:
    """The chart's PNG (``frame.width`` x ``frame.chart_height`` pixels) in its frame."""
    image = Image.new("RGB", (frame.width, frame.height), "white")
    with Image.open(io.BytesIO(chart)) as drawn:
        image.paste(drawn.convert("RGB"), (0, frame.chart_top))
    draw = ImageDraw.Draw(image)
    for line in frame.lines:
        colour = TITLE_COLOUR if line.bold else TEXT_COLOUR
        draw.text((PAD, line.baseline), line.text, font=_font(line.size, line.bold), fill=colour, anchor="ls")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def svg(chart: bytes, frame: Frame) -> bytes:
    """The chart's SVG nested in an SVG that carries the text; the chart stays vector."""
    inner = re.sub(rb"^<\?xml[^>]*\?>\s*", b"", chart.strip())
    if not inner.startswith(b"<svg"):
        raise ValueError("not an SVG document")
    inner = b'<svg x="0" y="%d"' % frame.chart_top + inner[len(b"<svg") :]
    texts = "".join(
        f'<text x="{PAD}" y="{line.baseline}" style="font-family: {FONT_FAMILY}; font-size: {line.size}px;'
        f"{' font-weight: bold;' if line.bold else ''} fill: {TITLE_COLOUR if line.bold else TEXT_COLOUR};"
        f' white-space: pre;">{escape(line.text)}</text>'
        for line in frame.lines
    )
    title = escape(" ".join(line.text for line in frame.lines if line.bold))
    head = (
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        f'width="{frame.width}" height="{frame.height}" viewBox="0 0 {frame.width} {frame.height}">'
        f"<title>{title}</title>"
        f'<rect x="0" y="0" width="{frame.width}" height="{frame.height}" fill="#ffffff"/>'
        f"{texts}"
    )
    return head.encode("utf-8") + inner + b"</svg>"


def _wrap(text: str, size: int, *, bold: bool, width: int) -> list[str]:
    """Greedy word wrap to ``width`` px; a word longer than a line gets a line of its own."""
    font = _font(size, bold)
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for word in paragraph.split():
            candidate = f"{line} {word}" if line else word
            if line and font.getlength(candidate) > width:
                lines.append(line)
                line = word
            else:
                line = candidate
        if line:
            lines.append(line)
    return lines


@functools.cache
def _font(size: int, bold: bool) -> Font:
    for name in FONT_FILES[bold]:
        try:  # Pillow finds a bare file name under /usr/share/fonts
            return ImageFont.truetype(name, size)
        except OSError:
            continue
    return ImageFont.load_default(size=size)  # a server without fonts-liberation still frames
