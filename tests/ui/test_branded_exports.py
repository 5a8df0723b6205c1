"""A branded deployment's PowerPoint downloads carry its logo and colour: the single chart's
slide (a chart's download menu) as well as the whole deck."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pptx import Presentation
from pptx.dml.color import RGBColor

from dashboard import settings
from dashboard.charts import kinds
from dashboard.ui import blocks
from dashboard.ui.data import current_versions

EXAMPLE = settings.PROJECT_ROOT / "deploy" / "branding.example.toml"

needs_chromium = pytest.mark.skipif(
    not Path("/usr/bin/chromium").exists(),
    reason="chart images are drawn in Debian's Chromium: apt-get install chromium",
)


def chart_pptx(language: str = "en") -> bytes:
    versions = tuple(current_versions(*kinds.KINDS["clusters"].datasets).items())
    return blocks._export("clusters", (), versions, language, "pptx")  # type: ignore[arg-type]


@needs_chromium
@pytest.mark.usefixtures("database_url")
def test_a_charts_powerpoint_download_carries_the_logo_and_colour(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(settings.BRANDING.name, str(EXAMPLE))
    presentation = Presentation(io.BytesIO(chart_pptx()))
    for page in presentation.slides:
        assert [shape.name for shape in page.shapes if shape.name == "Logo"] == ["Logo"]
        title = page.shapes.title
        assert title is not None
        assert title.text_frame.paragraphs[0].runs[0].font.color.rgb == RGBColor.from_string("1F6E43")


@needs_chromium
@pytest.mark.usefixtures("database_url")
def test_without_branding_the_download_stays_neutral(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(settings.BRANDING.name, raising=False)
    presentation = Presentation(io.BytesIO(chart_pptx()))
    assert not [shape for page in presentation.slides for shape in page.shapes if shape.name == "Logo"]
