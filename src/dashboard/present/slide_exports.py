"""Slides leave the dashboard as images, a PowerPoint deck and CSV. Pure: no streamlit.

Chart images are drawn by kaleido in the system Chromium (Debian's ``/usr/bin/chromium``),
offline, by the one browser all sessions share (:mod:`dashboard.present.chromium`).

Every chart is drawn from :func:`printable`, so an image made in the app draws as the CLI's
does; a PNG or SVG download is framed with its title and source (:mod:`.present.image_frame`),
since it leaves the dashboard alone, while a deck slide has those in its own text boxes.

A branded deployment's deck carries the organisation's logo (in a corner of the title slide
and of each chart slide) and its primary colour (slide titles, a thin bar along the top);
without branding it stays neutral.

Text that comes from data goes into the deck as plain text runs (python-pptx escapes the
XML), and text that would run as a formula once pasted into Excel is quoted, as in CSV.
"""

from __future__ import annotations

import io
import struct
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any, Final, Literal
from zoneinfo import ZoneInfo

import plotly.graph_objects as go
import plotly.io as pio
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE
from pptx.presentation import Presentation as Deck
from pptx.shapes.base import BaseShape
from pptx.slide import Slide as DeckSlide
from pptx.text.text import TextFrame
from pptx.util import Emu, Inches, Length, Pt

from dashboard import branding
from dashboard.charts.slide import Slide
from dashboard.files import downloads
from dashboard.present import chromium, image_frame, logo_image
from dashboard.text.formatting import ref_date
from dashboard.text.i18n import Language, t

ImageFormat = Literal["png", "svg"]

PNG_SIGNATURE: Final = b"\x89PNG\r\n\x1a\n"

# 16:9 at PowerPoint's own widescreen size, 13.333 x 7.5 in.
SLIDE_WIDTH: Final = Inches(13.333)
SLIDE_HEIGHT: Final = Inches(7.5)
MARGIN: Final = Inches(0.5)
TITLE_TOP: Final = Inches(0.3)
TITLE_HEIGHT: Final = Inches(0.9)
SOURCE_HEIGHT: Final = Inches(0.8)  # a note and the source line, 12 pt
GAP: Final = Inches(0.1)
COVER_TITLE_SIZE: Final = Pt(40)
SUBTITLE_SIZE: Final = Pt(24)
TITLE_SIZE: Final = Pt(28)
SOURCE_SIZE: Final = Pt(12)  # the smallest size still read from the back of a room
# Charts are laid out at CSS pixels (96 per inch) of the area they fill, so a 14 px chart
# font shows as 10.5 pt, and drawn at twice that for sharp projection.
CSS_PX_PER_INCH: Final = 96
DECK_IMAGE_SCALE: Final = 2.0
LAYOUT_TITLE_SLIDE: Final = 0  # python-pptx default template: title + subtitle
LAYOUT_TITLE_ONLY: Final = 5
PRINT_TEMPLATE: Final = "plotly"  # the template `dashboard slides` has always drawn with
AMSTERDAM: Final = ZoneInfo("Europe/Amsterdam")
ACCENT_HEIGHT: Final = Inches(0.08)  # the bar in the organisation's colour along the top


@dataclass(frozen=True)
class _Box:
    left: int
    top: int
    width: int
    height: int


CONTENT_WIDTH: Final = SLIDE_WIDTH - 2 * MARGIN
TITLE_BOX: Final = _Box(MARGIN, TITLE_TOP, CONTENT_WIDTH, TITLE_HEIGHT)
SOURCE_BOX: Final = _Box(MARGIN, SLIDE_HEIGHT - MARGIN - SOURCE_HEIGHT, CONTENT_WIDTH, SOURCE_HEIGHT)
CHART_BOX: Final = _Box(
    MARGIN,
    TITLE_TOP + TITLE_HEIGHT + GAP,
    CONTENT_WIDTH,
    SOURCE_BOX.top - GAP - (TITLE_TOP + TITLE_HEIGHT + GAP),
)
# The logo's corners: at most this box, kept to its aspect ratio. On a chart slide it sits at
# the title's right end, and a branded slide's title makes room for it.
COVER_LOGO_BOX: Final = _Box(MARGIN, MARGIN, Inches(4.0), Inches(1.2))
LOGO_BOX: Final = _Box(
    SLIDE_WIDTH - MARGIN - Inches(2.2), TITLE_TOP + Inches(0.15), Inches(2.2), TITLE_HEIGHT - Inches(0.3)
)
BRANDED_TITLE_BOX: Final = _Box(MARGIN, TITLE_TOP, CONTENT_WIDTH - LOGO_BOX.width - GAP, TITLE_HEIGHT)


def figure_image(
    figure: go.Figure, *, fmt: ImageFormat, width: int = 1600, height: int = 900, scale: float = 1.0
) -> bytes:
    """The chart alone as PNG or SVG: ``width`` x ``height`` layout pixels, times ``scale`` for PNG."""
    return _render([figure], fmt=fmt, width=width, height=height, scale=scale)[0]


def slide_image(
    slide: Slide,
    *,
    fmt: ImageFormat,
    lang: Language,
    today: date | None = None,
    width: int = 1600,
    height: int = 900,
) -> bytes:
    """The chart as an image that says what it shows and where its figures come from.

    Its title above it; below it what the chart cannot show, the source line and the
    dashboard's name with the day it was downloaded. ``width`` x ``height`` is the whole image.
    """
    frame = image_frame.layout(_captions(slide, lang, today or _today()), width, height)
    chart = _render([slide.figure], fmt=fmt, width=width, height=frame.chart_height, scale=1.0)[0]
    return image_frame.svg(chart, frame) if fmt == "svg" else image_frame.png(chart, frame)


def _captions(slide: Slide, lang: Language, today: date) -> image_frame.Captions:
    credit = t(
        "export.credit", lang, dashboard=t("export.dashboard", lang), date=ref_date(today.isoformat(), lang)
    )
    below = (slide.note, slide.source_line, credit) if slide.note else (slide.source_line, credit)
    return image_frame.Captions(title=slide.title, below=below)


def _today() -> date:
    # The day of the people who download it, not of the server's clock zone.
    return datetime.now(AMSTERDAM).date()


def deck(
    slides: Sequence[Slide], *, title: str, subtitle: str = "", brand: branding.Branding = branding.NEUTRAL
) -> bytes:
    """A 16:9 .pptx: a title slide, then per slide its title, chart and source line; with
    ``brand``'s logo and colour where the branding file gives them."""
    chart_width_px = round(CHART_BOX.width / Inches(1) * CSS_PX_PER_INCH)
    chart_height_px = round(CHART_BOX.height / Inches(1) * CSS_PX_PER_INCH)
    images = _render(
        [slide.figure for slide in slides],
        fmt="png",
        width=chart_width_px,
        height=chart_height_px,
        scale=DECK_IMAGE_SCALE,
    )

    presentation = Presentation()
    presentation.slide_width = SLIDE_WIDTH
    presentation.slide_height = SLIDE_HEIGHT
    _set_properties(presentation, title=title, subtitle=subtitle)
    logo = logo_image.png(brand.logo) if brand.logo is not None else None
    colour = _rgb(brand.primary_colour) if brand.primary_colour else None

    cover = presentation.slides.add_slide(presentation.slide_layouts[LAYOUT_TITLE_SLIDE])
    _title(
        cover,
        title,
        _Box(MARGIN, Inches(2.3), CONTENT_WIDTH, Inches(1.5)),
        size=COVER_TITLE_SIZE,
        colour=colour,
    )
    _brand(cover, brand, logo, colour, COVER_LOGO_BOX, align="left")
    subtitle_placeholder = cover.placeholders[1]
    if subtitle:
        _place(subtitle_placeholder, _Box(MARGIN, Inches(4.0), CONTENT_WIDTH, Inches(1.0)))
        _set_text(subtitle_placeholder.text_frame, subtitle, size=SUBTITLE_SIZE)
    else:  # an empty placeholder would show "Click to add subtitle" while editing
        element = subtitle_placeholder.element
        element.getparent().remove(element)

    for slide, image in zip(slides, images, strict=True):
        page = presentation.slides.add_slide(presentation.slide_layouts[LAYOUT_TITLE_ONLY])
        _title(
            page,
            slide.title,
            TITLE_BOX if logo is None else BRANDED_TITLE_BOX,
            size=TITLE_SIZE,
            colour=colour,
        )
        _brand(page, brand, logo, colour, LOGO_BOX, align="right")
        left, top, width, height = _fit(_png_size(image), CHART_BOX)
        picture = page.shapes.add_picture(io.BytesIO(image), left, top, width, height)
        # Alt text, read out by screen readers in place of the picture.
        picture.element.nvPicPr.cNvPr.set("descr", _safe_text(f"{slide.title}. {slide.source_line}"))
        source = page.shapes.add_textbox(SOURCE_BOX.left, SOURCE_BOX.top, SOURCE_BOX.width, SOURCE_BOX.height)
        source.name = "Source"
        frame = source.text_frame
        frame.word_wrap = True
        # What the chart cannot show (unknown values, periods) stays with it, above the source.
        lines = [slide.note, slide.source_line] if slide.note else [slide.source_line]
        _set_text(frame, "\n".join(lines), size=SOURCE_SIZE)

    buffer = io.BytesIO()
    presentation.save(buffer)
    return buffer.getvalue()


def slide_csv(slide: Slide, dialect: downloads.CsvDialect = downloads.INTERNATIONAL) -> bytes:
    """The figures behind one chart, as the same formula-safe CSV as the other downloads."""
    return downloads.to_csv(slide.table, dialect)


def _render(
    figures: Sequence[go.Figure], *, fmt: ImageFormat, width: int, height: int, scale: float
) -> list[bytes]:
    """Every figure drawn, in order, in the shared Chromium."""
    if not figures:
        return []
    opts = {"format": fmt, "width": width, "height": height, "scale": scale}
    return chromium.CHROMIUM.render([printable(figure).to_dict() for figure in figures], opts)


def printable(figure: go.Figure) -> go.Figure:
    """A copy of the chart that draws the same whichever process built it.

    Importing Streamlit makes its own plotly template the process default, and a figure
    keeps the template it was built under. That template sets no axis ``automargin``, so
    within the charts' 10 px margins kaleido cut the tick labels at the left edge, drew the
    axis title over them and cut the category names at the bottom: every image made in the
    app, while ``dashboard slides`` (no Streamlit) was fine. plotly's own template, pinned,
    and automargin stated, make both draw alike.
    """
    copy = go.Figure(figure)
    copy.update_layout(template=pio.templates[PRINT_TEMPLATE])
    copy.update_xaxes(automargin=True)
    copy.update_yaxes(automargin=True)
    return copy


def _safe_text(text: str) -> str:
    """Text as it goes into the deck: quoted if Excel would run it as a formula once pasted."""
    return str(downloads.neutralise(text))


def _title(slide: DeckSlide, text: str, box: _Box, *, size: Length, colour: RGBColor | None = None) -> None:
    """The slide's own title placeholder, so it is the title screen readers and outlines see;
    in the organisation's colour when branded (at least 4.5:1 on the white slide)."""
    shape = slide.shapes.title
    if shape is None:
        raise ValueError("the slide layout has no title placeholder")
    _place(shape, box)
    frame = shape.text_frame
    frame.word_wrap = True
    _set_text(frame, text, size=size)
    if colour is not None:
        for paragraph in frame.paragraphs:
            for run in paragraph.runs:
                run.font.color.rgb = colour


def _rgb(colour: str) -> RGBColor:
    """ "#1F6E43" as python-pptx's colour."""
    rgb: RGBColor = RGBColor.from_string(colour[1:])  # type: ignore[no-untyped-call]  # untyped in python-pptx
    return rgb


def _brand(
    slide: DeckSlide,
    brand: branding.Branding,
    logo: bytes | None,
    colour: RGBColor | None,
    box: _Box,
    *,
    align: Literal["left", "right"],
) -> None:
    """The organisation's colour as a thin bar along the top, and its logo in ``box``."""
    if colour is not None:
        bar = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, Emu(0), Emu(0), SLIDE_WIDTH, ACCENT_HEIGHT)
        bar.name = "Accent"
        bar.fill.solid()
        bar.fill.fore_color.rgb = colour
        bar.line.fill.background()
    if logo is None:
        return
    left, top, width, height = _fit(_png_size(logo), box)
    left = Emu(box.left) if align == "left" else Emu(box.left + box.width - width)
    picture = slide.shapes.add_picture(io.BytesIO(logo), left, top, width, height)
    picture.name = "Logo"
    element: Any = picture.element  # python-pptx types the XML children as descriptors
    element.nvPicPr.cNvPr.set("descr", _safe_text(f"Logo {brand.name or ''}".strip()))


def _set_text(frame: TextFrame, text: str, *, size: Length) -> None:
    """Plain text runs, each sized: PowerPoint ignores a paragraph's default run size."""
    frame.text = "\n".join(_safe_text(line) for line in text.split("\n"))  # a paragraph per line
    for paragraph in frame.paragraphs:
        for run in paragraph.runs:
            run.font.size = size


def _place(shape: BaseShape, box: _Box) -> None:
    # The default template's layouts are 4:3; on a 16:9 slide each placeholder is placed anew.
    shape.left, shape.top, shape.width, shape.height = (
        Emu(box.left),
        Emu(box.top),
        Emu(box.width),
        Emu(box.height),
    )


def _png_size(image: bytes) -> tuple[int, int]:
    """Width and height in pixels, from the IHDR chunk that follows the signature."""
    if not image.startswith(PNG_SIGNATURE):
        raise ValueError("not a PNG image")
    width, height = struct.unpack(">II", image[16:24])
    return int(width), int(height)


def _fit(size: tuple[int, int], box: _Box) -> tuple[Emu, Emu, Emu, Emu]:
    """The largest rectangle of the image's aspect ratio inside ``box``, centred."""
    image_width, image_height = size
    ratio = min(box.width / image_width, box.height / image_height)
    width, height = round(image_width * ratio), round(image_height * ratio)
    return (
        Emu(box.left + (box.width - width) // 2),
        Emu(box.top + (box.height - height) // 2),
        Emu(width),
        Emu(height),
    )


def _set_properties(presentation: Deck, *, title: str, subtitle: str) -> None:
    """Title and dates; no author, and not the template's own (python-pptx's) author either."""
    properties = presentation.core_properties
    now = datetime.now(UTC).replace(microsecond=0)
    properties.title = _safe_text(title)
    properties.subject = _safe_text(subtitle)
    properties.author = ""
    properties.last_modified_by = ""
    properties.created = now
    properties.modified = now
    properties.revision = 1
