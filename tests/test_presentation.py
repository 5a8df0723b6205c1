"""Presentations as data: the default deck loads, round-trips, and builds every slide."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard import datasets, presentation


@pytest.fixture(scope="module")
def frames() -> dict[str, pd.DataFrame]:
    return {key: dataset.load_curated() for key, dataset in datasets.DATASETS.items()}


def test_the_default_presentation_covers_the_seed_comparisons() -> None:
    deck = presentation.load()
    views = [spec.view for spec in deck.slides]
    assert views == ["compare", "compare", "events", "map", "clusters", "campuses"]
    assert deck.slides[0].settings["regions"] == "GM0034,LD-NOORD,BRAINPORT"
    assert deck.interval_s > 0


def test_a_presentation_survives_a_round_trip_through_toml() -> None:
    deck = presentation.load()
    added = deck.with_slide(presentation.SlideSpec("events", {"event": "dutch-design-week"}))
    again = presentation.loads("copy", presentation.dumps(added))
    assert again.slides == added.slides
    assert len(again.slides) == len(deck.slides) + 1


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_default_slide_builds_with_title_chart_source_and_table(
    frames: dict[str, pd.DataFrame], lang: str
) -> None:
    for spec in presentation.load().slides:
        slide = presentation.build(spec, frames, lang)  # type: ignore[arg-type]
        assert slide.title
        assert slide.figure.data, spec
        assert slide.source_line.startswith("Bron:" if lang == "nl" else "Source:"), slide.source_line
        assert "\\" not in slide.source_line  # plain text, not markdown-escaped
        assert not slide.table.empty
        assert slide.query == dict(spec.settings)


def test_the_floriade_slide_says_forecast_and_actual(frames: dict[str, pd.DataFrame]) -> None:
    spec = presentation.SlideSpec("events", {"event": "floriade-2022", "event_measure": "visitors"})
    slide = presentation.build(spec, frames, "en")
    names = {trace.name for trace in slide.figure.data}
    assert {"forecast", "target", "actual"} <= names
    assert "685,189" in set(slide.table["Value"])


def test_an_unknown_view_names_the_views_that_can_be_slides(frames: dict[str, pd.DataFrame]) -> None:
    with pytest.raises(KeyError, match="campuses, clusters, compare, events, map"):
        presentation.build(presentation.SlideSpec("nope"), frames, "nl")
