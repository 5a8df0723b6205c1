"""The scorecard as a registered chart kind: built from the real data like every other kind,
the same ranking the page shows, and exported as CSV, image and slide deck."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from pptx import Presentation

from dashboard.analysis import figures
from dashboard.catalog import datasets, pages, params
from dashboard.charts import kinds, scorecard
from dashboard.charts.slide import Slide
from dashboard.present import decks, slide_exports

FOUR = {params.COMPARE_REGIONS: "GM0034,LD-NOORD,BRAINPORT,GM0363"}


@pytest.fixture(scope="module")
def frames() -> figures.Frames:
    return {key: datasets.get(key).load_curated() for key in kinds.KINDS["scorecard"].datasets}


@pytest.fixture(scope="module")
def default(frames: figures.Frames) -> Slide:
    return kinds.build("scorecard", {}, frames, "en")


def test_the_scorecard_is_a_kind_of_the_scorecard_page() -> None:
    kind = kinds.KINDS["scorecard"]
    assert kind.page == "scorecard"
    assert kind.page in {page.name for page in pages.PAGES}
    assert set(kind.settings) == {
        params.COMPARE_REGIONS,
        params.SCORECARD_INDICATORS,
        params.SCORECARD_METHOD,
        params.SCORECARD_WEIGHTS,
    }


def test_the_default_scorecard_ranks_the_focus_regions_as_the_page_does(default: Slide) -> None:
    table = default.table.set_index("Region")
    assert dict(table["Rank"]) == {
        "Brainport Eindhoven": "1",
        "Northern Netherlands": "2",
        "Almere": "not ranked: too few figures",
        "Amsterdam": "not ranked: too few figures",
        "Hasselt": "not ranked: too few figures",
    }
    assert table.at["Amsterdam", "Indicators known"] == "1 / 3"
    campus = "Companies on tech campuses per 100,000 inhabitants"
    assert table.at["Brainport Eindhoven", campus] == "29.3 (Eindhoven only: 1 of 21 members)"
    # The chart draws the ranked regions only; the note carries the rule and the caveat.
    drawn = json.loads(default.figure.to_json())
    assert sorted(label for trace in drawn["data"] for label in trace.get("x", [])) == [
        "Brainport Eindhoven",
        "Northern Netherlands",
    ]
    assert "at least 50 % of the weight" in default.note
    assert "not official statistics" in default.note
    assert default.source_line.startswith("Source")
    assert default.kind == "scorecard"
    assert default.page == next(page.url for page in pages.PAGES if page.name == "scorecard")


def test_the_settings_are_the_page_url(frames: figures.Frames) -> None:
    settings = {
        **FOUR,
        params.SCORECARD_INDICATORS: "data_centres:per_100k,cluster_members:per_100k",
        params.SCORECARD_METHOD: "zscore",
        params.SCORECARD_WEIGHTS: "3,0",
        "unrelated": "x",
    }
    shown = kinds.build("scorecard", settings, frames, "nl")
    assert shown.query == {key: value for key, value in settings.items() if key != "unrelated"}
    result = scorecard.scorecard_result(settings, frames, "nl")
    assert result.weights == {"data_centres:per_100k": 3.0, "cluster_members:per_100k": 0.0}
    assert result.ranks is not None
    assert len(shown.table) == 4


def test_a_setting_that_ranks_nothing_still_makes_a_slide(frames: figures.Frames) -> None:
    too_few = kinds.build("scorecard", {params.COMPARE_REGIONS: "GM0034"}, frames, "en")
    assert too_few.note == "Choose at least two regions and one indicator."
    zero = kinds.build("scorecard", {**FOUR, params.SCORECARD_WEIGHTS: "0,0,0"}, frames, "en")
    assert zero.note == "Give at least one indicator a weight above zero."


def test_the_sensitivity_follows_one_weight(frames: figures.Frames) -> None:
    result = scorecard.scorecard_result({**FOUR, params.SCORECARD_WEIGHTS: "1,0,0"}, frames, "en")
    shown = scorecard.sensitivity(result, "data_centres:per_100k", "en")
    axis = json.loads(shown.chart.to_json())["layout"]["yaxis"]
    assert min(axis["range"]) == 0.5  # rank 1 on top, as on the page


def test_the_scorecard_exports_as_csv_and_deck(default: Slide) -> None:
    csv = slide_exports.slide_csv(default).decode("utf-8-sig")
    assert "Brainport Eindhoven" in csv
    assert "Indicators known" in csv
    deck = Presentation(io.BytesIO(slide_exports.deck([default], title=default.title)))
    texts = [shape.text_frame.text for slide in deck.slides for shape in slide.shapes if shape.has_text_frame]
    assert any(default.title in text for text in texts)


def test_a_presentation_can_hold_the_scorecard(frames: figures.Frames) -> None:
    spec = decks.SlideSpec("scorecard", dict(FOUR))
    assert decks.build(spec, frames, "en").title == kinds.build("scorecard", FOUR, frames, "en").title


@pytest.mark.skipif(not Path("/usr/bin/chromium").exists(), reason="chart images need Debian's Chromium")
def test_the_scorecard_exports_as_an_image(default: Slide) -> None:
    png = slide_exports.slide_image(default, fmt="png", lang="en")
    assert png.startswith(b"\x89PNG")
    svg = slide_exports.slide_image(default, fmt="svg", lang="en")
    assert b"Brainport Eindhoven" in svg
