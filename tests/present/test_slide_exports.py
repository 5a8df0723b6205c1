"""Slides leave as images, a deck and CSV: right size, right titles, sourced, formula-safe."""

from __future__ import annotations

import io
import struct
import time
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
import pytest
from exported_images import clipped_labels, ink_at_edges, svg_texts
from kaleido import errors as kaleido_errors  # type: ignore[import-untyped]
from PIL import Image
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pptx.shapes.picture import Picture
from pptx.util import Pt
from streamlit.elements.lib.streamlit_plotly_theme import configure_streamlit_plotly_theme

from dashboard import branding
from dashboard.catalog import datasets
from dashboard.charts import kinds
from dashboard.charts.slide import Slide
from dashboard.present import chromium, decks, image_frame, logo_image, slide_exports
from dashboard.present.chromium import ExportUnavailable

needs_chromium = pytest.mark.skipif(
    not Path("/usr/bin/chromium").exists(),
    reason="chart images are drawn in Debian's Chromium: apt-get install chromium",
)

HYPERLINK = '=HYPERLINK("http://x","klik")'
IMAGE_SIZES = [(1600, 900, 1.0), (640, 360, 2.0)]


def bar_slide() -> Slide:
    figure = go.Figure(go.Bar(x=["Noord-Holland", "Flevoland"], y=[31, 7]))
    figure.update_layout(height=420)  # as the chart builders set it; the export size wins
    return Slide(
        title="Data centres per province",
        figure=figure,
        source_line="Sources: CBS, DDA; reference date 2025-01-01; weakest confidence: estimate",
        table=pd.DataFrame({"Province": ["Noord-Holland", "Flevoland"], "Data centres": [31, 7]}),
        query={"metric": "count"},
        page="data_centres",
    )


def line_slide() -> Slide:
    return Slide(
        title=HYPERLINK,
        figure=go.Figure(go.Scatter(x=[2021, 2022, 2023], y=[1.5, -0.5, 2.0], mode="lines+markers")),
        source_line="Source: <script>alert(1)</script> & Eurostat",
        table=pd.DataFrame(
            {"Year": [2021, 2022, 2023], "Change %": [1.5, -0.5, 2.0], "Note": [HYPERLINK, "-2+3", "ok"]}
        ),
    )


SLIDES = (bar_slide(), line_slide())


@pytest.fixture(scope="module")
def images() -> dict[tuple[int, int, float] | str, bytes]:
    """Every image the tests look at, drawn once (Chromium starts once for the module)."""
    figure = SLIDES[0].figure
    drawn: dict[tuple[int, int, float] | str, bytes] = {
        size: slide_exports.figure_image(figure, fmt="png", width=size[0], height=size[1], scale=size[2])
        for size in IMAGE_SIZES
    }
    drawn["svg"] = slide_exports.figure_image(figure, fmt="svg")
    return drawn


@pytest.fixture(scope="module")
def deck_bytes() -> bytes:
    return slide_exports.deck(SLIDES, title="Digital ecosystems", subtitle="Noord-Holland and Flevoland")


def ihdr_size(png: bytes) -> tuple[int, int]:
    width, height = struct.unpack(">II", png[16:24])
    return width, height


@needs_chromium
@pytest.mark.parametrize("size", IMAGE_SIZES, ids=lambda size: "x".join(map(str, size)))
def test_png_has_exactly_the_requested_pixels(
    images: dict[tuple[int, int, float] | str, bytes], size: tuple[int, int, float]
) -> None:
    png = images[size]
    width, height, scale = size
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    expected = (round(width * scale), round(height * scale))
    assert ihdr_size(png) == expected
    with Image.open(io.BytesIO(png)) as image:
        image.load()  # decodes the whole image, not only the header
        assert image.size == expected


@needs_chromium
def test_svg_is_an_svg_document(images: dict[tuple[int, int, float] | str, bytes]) -> None:
    svg = images["svg"]
    assert b"<svg" in svg[:200]
    assert b"Flevoland" in svg  # the chart itself, not an empty page


@needs_chromium
def test_deck_is_16_9_with_a_title_slide_then_one_slide_per_view(deck_bytes: bytes) -> None:
    presentation = Presentation(io.BytesIO(deck_bytes))
    assert presentation.slide_width is not None
    assert presentation.slide_height is not None
    assert presentation.slide_width / presentation.slide_height == pytest.approx(16 / 9, abs=1e-3)
    assert len(presentation.slides) == 1 + len(SLIDES)
    cover = presentation.slides[0]
    assert cover.shapes.title is not None
    assert cover.shapes.title.text == "Digital ecosystems"
    assert cover.placeholders[1].text_frame.text == "Noord-Holland and Flevoland"


@needs_chromium
@pytest.mark.parametrize("index", range(len(SLIDES)), ids=["bar", "line-with-formula-title"])
def test_content_slide_has_its_title_one_chart_and_its_source(deck_bytes: bytes, index: int) -> None:
    presentation = Presentation(io.BytesIO(deck_bytes))
    expected = SLIDES[index]
    page = presentation.slides[1 + index]
    assert page.shapes.title is not None
    assert page.shapes.title.is_placeholder  # the slide's real title, read by screen readers
    assert page.shapes.title.text == slide_exports.downloads.neutralise(expected.title)

    pictures = [shape for shape in page.shapes if shape.shape_type == MSO_SHAPE_TYPE.PICTURE]
    assert len(pictures) == 1
    picture = pictures[0]
    assert picture.width is not None
    assert picture.height is not None
    assert picture.image.content_type == "image/png"
    with Image.open(io.BytesIO(picture.image.blob)) as image:
        pixel_ratio = image.size[0] / image.size[1]
    assert picture.width / picture.height == pytest.approx(pixel_ratio, rel=1e-3)  # not stretched
    assert expected.title.lstrip("=") in picture.element.nvPicPr.cNvPr.get("descr")  # alt text

    text_boxes = [shape for shape in page.shapes if shape.shape_type == MSO_SHAPE_TYPE.TEXT_BOX]
    assert [box.text_frame.text for box in text_boxes] == [expected.source_line]
    source = text_boxes[0]
    assert source.top is not None
    assert source.top >= picture.top + picture.height  # under the chart
    sizes = [run.font.size for paragraph in source.text_frame.paragraphs for run in paragraph.runs]
    assert sizes
    assert all(size is not None and size >= Pt(12) for size in sizes)


@needs_chromium
def test_no_text_in_the_deck_could_run_as_a_formula(deck_bytes: bytes) -> None:
    presentation = Presentation(io.BytesIO(deck_bytes))
    texts = [
        shape.text_frame.text for page in presentation.slides for shape in page.shapes if shape.has_text_frame
    ]
    assert "'" + HYPERLINK in texts
    assert not [text for text in texts if text.startswith(("=", "+", "-", "@"))]


@needs_chromium
def test_deck_properties_carry_the_title_and_no_author(deck_bytes: bytes) -> None:
    properties = Presentation(io.BytesIO(deck_bytes)).core_properties
    assert properties.title == "Digital ecosystems"
    assert properties.author == ""
    assert properties.last_modified_by == ""  # not the template's "python-pptx" author either


def test_deck_without_slides_or_subtitle_is_only_a_clean_title_slide() -> None:
    presentation = Presentation(io.BytesIO(slide_exports.deck([], title="<Empty> & co")))
    assert len(presentation.slides) == 1
    cover = presentation.slides[0]
    assert cover.shapes.title is not None
    assert cover.shapes.title.text == "<Empty> & co"  # escaped by python-pptx, read back as typed
    assert len(cover.placeholders) == 1  # no "Click to add subtitle" box left behind


@pytest.mark.parametrize("slide", SLIDES, ids=["bar", "line"])
def test_slide_csv_round_trips_the_table_formula_safe(slide: Slide) -> None:
    raw = slide_exports.slide_csv(slide)
    assert raw.startswith(b"\xef\xbb\xbf")
    back = pd.read_csv(io.BytesIO(raw), encoding="utf-8-sig")
    expected = slide.table.copy()
    for column in expected.columns:
        if not pd.api.types.is_numeric_dtype(expected[column]):
            expected[column] = expected[column].map(slide_exports.downloads.neutralise)
    pd.testing.assert_frame_equal(back, expected, check_dtype=False)
    assert all(
        pd.api.types.is_numeric_dtype(back[column]) for column in ("Year", "Change %") if column in back
    )


@pytest.fixture
def fresh_chromium() -> Iterator[chromium.Chromium]:
    shared = chromium.Chromium(idle_s=0.2)
    yield shared
    shared.close()


def test_missing_chromium_is_reported_with_the_install_command(
    fresh_chromium: chromium.Chromium, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BROWSER_PATH", str(tmp_path / "no-chromium-here"))
    monkeypatch.setattr(chromium, "CHROMIUM", fresh_chromium)
    with pytest.raises(ExportUnavailable, match="apt-get install chromium"):
        slide_exports.figure_image(SLIDES[0].figure, fmt="png")


class FakeKaleido:
    """Stands in for kaleido.Kaleido: counts browsers opened and closed, draws a 1x1 PNG."""

    opened = 0
    closed = 0
    crash_next = False

    def __init__(self, **_options: object) -> None:
        pass

    async def open(self) -> None:
        FakeKaleido.opened += 1

    async def close(self) -> None:
        FakeKaleido.closed += 1

    async def calc_fig(self, _spec: object, *, opts: dict[str, object]) -> bytes:
        if FakeKaleido.crash_next:
            FakeKaleido.crash_next = False
            raise kaleido_errors.BrowserClosedError("gone")
        return b"\x89PNG\r\n\x1a\n" + struct.pack(">I4sII", 13, b"IHDR", opts["width"], opts["height"])


@pytest.fixture
def fake_kaleido(monkeypatch: pytest.MonkeyPatch) -> type[FakeKaleido]:
    monkeypatch.setattr(FakeKaleido, "opened", 0)
    monkeypatch.setattr(FakeKaleido, "closed", 0)
    monkeypatch.setattr(
        chromium, "_kaleido", lambda: SimpleNamespace(Kaleido=FakeKaleido, errors=kaleido_errors)
    )
    return FakeKaleido


def wait_until(condition: Callable[[], bool]) -> None:
    deadline = time.monotonic() + 5
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.02)
    assert condition()


OPTS = {"format": "png", "width": 320, "height": 180, "scale": 1.0}


def test_one_browser_serves_many_images_and_closes_when_idle(
    fresh_chromium: chromium.Chromium, fake_kaleido: type[FakeKaleido]
) -> None:
    images = [fresh_chromium.render([{}], OPTS)[0] for _ in range(3)]
    assert [ihdr_size(image) for image in images] == [(320, 180)] * 3
    assert fake_kaleido.opened == 1
    wait_until(lambda: fake_kaleido.closed == 1)  # idle_s later
    fresh_chromium.render([{}], OPTS)
    assert fake_kaleido.opened == 2  # started again when needed


def test_a_crashed_browser_is_reported_then_replaced(
    fresh_chromium: chromium.Chromium, fake_kaleido: type[FakeKaleido]
) -> None:
    fake_kaleido.crash_next = True
    with pytest.raises(ExportUnavailable, match="Chromium failed"):
        fresh_chromium.render([{}], OPTS)
    assert fake_kaleido.closed == 1
    assert ihdr_size(fresh_chromium.render([{}], OPTS)[0]) == (320, 180)
    assert fake_kaleido.opened == 2


@needs_chromium
def test_what_a_chart_cannot_show_goes_on_its_slide_above_the_source() -> None:
    frames = {key: dataset.load_curated() for key, dataset in datasets.DATASETS.items()}
    per_capita = kinds.build(
        "compare",
        {"regions": "GM0034,LD-NOORD,BRAINPORT", "measure": "cluster_members", "per": "per_100k"},
        frames,
        "en",
    )
    assert per_capita.note == "Unknown for: Almere, Brainport Eindhoven."
    page = Presentation(io.BytesIO(slide_exports.deck([per_capita], title="t"))).slides[1]
    (text_box,) = [shape for shape in page.shapes if shape.shape_type == MSO_SHAPE_TYPE.TEXT_BOX]
    lines = [paragraph.text for paragraph in text_box.text_frame.paragraphs]
    assert lines == [per_capita.note, per_capita.source_line]
    assert lines[1].startswith("Source: Samenwerking Noord")


# --- Images made in the app: the figure was built while Streamlit's template was the default


@pytest.fixture(scope="module")
def app_built_slide() -> Iterator[Slide]:
    """The compare chart with decimal ticks ("1,4"), built as the app builds it: after
    Streamlit made its plotly template the default (which sets no axis automargin)."""
    before = pio.templates.default
    configure_streamlit_plotly_theme()
    try:
        frames = {key: dataset.load_curated() for key, dataset in datasets.DATASETS.items()}
        yield kinds.build(
            "compare",
            {"regions": "GM0034,LD-NOORD,BRAINPORT", "measure": "data_centres", "per": "per_100k"},
            frames,
            "nl",
        )
    finally:
        pio.templates.default = before


@pytest.fixture(scope="module")
def framed(app_built_slide: Slide) -> dict[str, bytes]:
    today = date(2026, 12, 4)
    return {
        fmt: slide_exports.slide_image(app_built_slide, fmt=fmt, lang="nl", today=today)
        for fmt in ("png", "svg")
    }


@needs_chromium
def test_an_image_made_in_the_app_cuts_no_label(framed: dict[str, bytes]) -> None:
    assert clipped_labels(framed["svg"]) == []
    assert ink_at_edges(framed["png"]) == []
    ticks = [text for text in svg_texts(framed["svg"]) if "," in text and text.replace(",", "").isdigit()]
    assert ticks  # Dutch decimal ticks such as "1,4", whole in the image


@needs_chromium
def test_an_image_says_what_it_shows_and_where_its_figures_come_from(
    app_built_slide: Slide, framed: dict[str, bytes]
) -> None:
    texts = svg_texts(framed["svg"])
    assert texts[0] == app_built_slide.title
    assert app_built_slide.source_line.startswith("Bron:")
    assert app_built_slide.source_line in texts
    assert "Dashboard Digitale ecosystemen · gedownload op 4 dec 2026" in texts
    with Image.open(io.BytesIO(framed["png"])) as image:
        assert image.size == (1600, 900)
        title_band = image.convert("L").crop((0, 0, 1600, image_frame.PAD + image_frame.TITLE_PX + 4))
        assert title_band.getextrema()[0] < 100  # the title is drawn above the chart


@needs_chromium
def test_a_deck_made_in_the_app_cuts_no_label(app_built_slide: Slide) -> None:
    page = Presentation(io.BytesIO(slide_exports.deck([app_built_slide], title="t"))).slides[1]
    (picture,) = [shape for shape in page.shapes if shape.shape_type == MSO_SHAPE_TYPE.PICTURE]
    assert ink_at_edges(picture.image.blob) == []


@needs_chromium
def test_the_map_picture_ends_inside_its_edges() -> None:
    """The default deck's map is framed on the modelled regions; the Belgian provinces beyond that frame are
    cut by it, and that cut must fall inside the picture, not at its edge."""
    before = pio.templates.default
    configure_streamlit_plotly_theme()
    try:
        frames = {key: dataset.load_curated() for key, dataset in datasets.DATASETS.items()}
        (spec,) = [spec for spec in decks.load().slides if spec.view == "map"]
        slide = decks.build(spec, frames, "nl")
        page = Presentation(io.BytesIO(slide_exports.deck([slide], title="t"))).slides[1]
    finally:
        pio.templates.default = before
    (picture,) = [shape for shape in page.shapes if shape.shape_type == MSO_SHAPE_TYPE.PICTURE]
    assert ink_at_edges(picture.image.blob) == []


def test_long_captions_wrap_and_make_the_image_taller_not_the_chart_tiny() -> None:
    captions = image_frame.Captions(title="Titel", below=("Bron: " + "zeer lange bronnaam, " * 60,))
    frame = image_frame.layout(captions, 800, 450)
    font = image_frame._font(image_frame.TEXT_PX, False)
    assert len(frame.lines) > 5
    assert all(font.getlength(line.text) <= 800 - 2 * image_frame.PAD for line in frame.lines)
    assert frame.chart_height == 225  # half the asked height, however long the captions
    assert frame.height > 450
    assert frame.lines[-1].baseline < frame.height


def test_text_from_data_is_escaped_in_the_svg() -> None:
    captions = image_frame.Captions("<script>alert(1)</script> & co", ("Bron: a<b",))
    frame = image_frame.layout(captions, 1600, 900)
    chart = b'<svg class="main-svg" xmlns="http://www.w3.org/2000/svg" width="400" height="10"></svg>'
    svg = image_frame.svg(chart, frame)
    assert b"<script>" not in svg
    assert svg_texts(svg)[:2] == ["<script>alert(1)</script> & co", "Bron: a<b"]


# --- A branded deployment's deck: the logo in a corner of every slide, titles in its colour ---

EXAMPLE_BRANDING = Path(__file__).resolve().parents[2] / "deploy" / "branding.example.toml"
GREEN = RGBColor.from_string("1F6E43")  # the sample's primary colour


def logos(page: object) -> list[Picture]:
    return [
        shape
        for shape in page.shapes  # type: ignore[attr-defined]
        if shape.shape_type == MSO_SHAPE_TYPE.PICTURE and shape.name == "Logo"
    ]


def title_colours(page: object) -> set[object]:
    title = page.shapes.title  # type: ignore[attr-defined]
    runs = [run for paragraph in title.text_frame.paragraphs for run in paragraph.runs]
    return {run.font.color.rgb if run.font.color.type is not None else None for run in runs}


@pytest.fixture(scope="module")
def branded_deck_bytes() -> bytes:
    brand = branding.parse(EXAMPLE_BRANDING)
    return slide_exports.deck(SLIDES, title="Digital ecosystems", brand=brand)


@needs_chromium
def test_the_sample_svg_logo_is_drawn_as_a_transparent_png_of_its_shape() -> None:
    logo = branding.parse(EXAMPLE_BRANDING).logo
    assert logo is not None
    png = logo_image.png(logo)
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    with Image.open(io.BytesIO(png)) as image:
        rgba = image.convert("RGBA")
        assert rgba.size == (900, 240)  # the SVG's 240 x 64 viewBox at 240 px high
        assert rgba.getpixel((0, 0))[3] == 0  # transparent where the logo has nothing
        counts = {colour: count for count, colour in rgba.getcolors(rgba.width * rgba.height) or []}
        assert counts.get((31, 110, 67, 255), 0) > 5000  # the sample's green square, not an empty image


@needs_chromium
def test_a_branded_deck_has_the_logo_on_every_slide_and_titles_in_the_colour(
    branded_deck_bytes: bytes,
) -> None:
    logo = branding.parse(EXAMPLE_BRANDING).logo
    assert logo is not None
    expected = logo_image.png(logo)
    presentation = Presentation(io.BytesIO(branded_deck_bytes))
    assert len(presentation.slides) == 1 + len(SLIDES)
    for page in presentation.slides:
        (picture,) = logos(page)
        assert picture.image.blob == expected
        assert picture.element.nvPicPr.cNvPr.get("descr") == "Logo Gemeente Voorbeeld"
        assert title_colours(page) == {GREEN}
        accents = [shape for shape in page.shapes if shape.name == "Accent"]
        assert len(accents) == 1
        assert accents[0].fill.fore_color.rgb == GREEN
    # On a chart slide the logo sits in the top right corner, beside the title, not over it.
    page = presentation.slides[1]
    (picture,) = logos(page)
    title = page.shapes.title
    assert title is not None
    assert picture.left + picture.width <= slide_exports.SLIDE_WIDTH - slide_exports.MARGIN + 1
    assert title.left + title.width <= picture.left
    assert picture.top + picture.height <= title.top + title.height
    # Still one chart per chart slide.
    charts = [
        shape for shape in page.shapes if shape.shape_type == MSO_SHAPE_TYPE.PICTURE and shape.name != "Logo"
    ]
    assert len(charts) == 1


@needs_chromium
def test_a_neutral_deck_has_no_logo_accent_or_coloured_title(deck_bytes: bytes) -> None:
    for page in Presentation(io.BytesIO(deck_bytes)).slides:
        assert not logos(page)
        assert not [shape for shape in page.shapes if shape.name == "Accent"]
        assert title_colours(page) == {None}


def test_a_png_logo_goes_in_as_it_is(tmp_path: Path) -> None:
    logo = tmp_path / "logo.png"
    Image.new("RGB", (300, 100), (200, 0, 0)).save(logo)
    brand = branding.Branding(name="Gemeente Rood", logo=logo)
    presentation = Presentation(io.BytesIO(slide_exports.deck([], title="Rood", brand=brand)))
    (picture,) = logos(presentation.slides[0])
    assert picture.image.blob == logo.read_bytes()
    assert picture.width / picture.height == pytest.approx(3.0, rel=1e-3)  # not stretched
    assert title_colours(presentation.slides[0]) == {None}  # no colour in that file


@pytest.mark.parametrize(
    ("svg", "ratio"),
    [
        (b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 240 64"/>', 3.75),
        (b'<svg xmlns="http://www.w3.org/2000/svg" width="100px" height="50"/>', 2.0),
        (b'<svg xmlns="http://www.w3.org/2000/svg" width="10em"/>', logo_image.DEFAULT_RATIO),
        (b"not xml", logo_image.DEFAULT_RATIO),
    ],
)
def test_an_svg_logo_keeps_its_aspect_ratio(svg: bytes, ratio: float) -> None:
    assert logo_image.svg_ratio(svg) == pytest.approx(ratio)
