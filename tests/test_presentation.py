"""Presentations as data: the default deck loads, round-trips, and builds every slide."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pandas as pd
import pytest

from dashboard import datasets, navigation, presentation, slide_builders
from dashboard.store import Store


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
    assert "685,189 visitors" in set(slide.table["Value"])


def test_an_unknown_kind_names_the_kinds_that_exist(frames: dict[str, pd.DataFrame]) -> None:
    with pytest.raises(KeyError, match="campuses, clusters, compare, compare_members, data_centres"):
        presentation.build(presentation.SlideSpec("nope"), frames, "nl")


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("kind", sorted(slide_builders.KINDS))
def test_every_chart_of_every_view_builds_with_its_defaults(
    frames: dict[str, pd.DataFrame], kind: str, lang: str
) -> None:
    slide = slide_builders.build(kind, {}, frames, lang)  # type: ignore[arg-type]
    assert slide.title
    assert slide.figure.data
    assert not slide.table.empty
    assert slide.source_line.startswith("Bron:" if lang == "nl" else "Source:")
    assert slide.kind == kind
    assert slide.page == next(
        page.url for page in navigation.PAGES if page.name == slide_builders.KINDS[kind].page
    )


def test_settings_a_view_no_longer_offers_fall_back_to_its_defaults(frames: dict[str, pd.DataFrame]) -> None:
    stale = slide_builders.build("events", {"event": "gone-2019", "event_measure": "nope"}, frames, "en")
    default = slide_builders.build("events", {}, frames, "en")
    assert stale.title == default.title == "Floriade Expo 2022: Visitors"


def test_the_map_slide_follows_the_measure_and_layers_of_the_map_page(
    frames: dict[str, pd.DataFrame],
) -> None:
    everything = slide_builders.build("map", {}, frames, "en")
    campuses_only = slide_builders.build(
        "map", {"map_measure": "population", "layers": "campuses"}, frames, "en"
    )
    assert everything.title == "Map: Operating data centres named in the sources"
    assert campuses_only.title == "Map: Population"
    # Marker traces of the colour legend (legendgroup "classes") are not point layers.
    point_layers = [
        trace.name
        for trace in campuses_only.figure.data
        if trace.mode == "markers" and trace.legendgroup != "classes"
    ]
    assert point_layers == ["Campuses"]
    assert len([t for t in everything.figure.data if t.mode == "markers" and t.legendgroup != "classes"]) == 4
    legend = [trace for trace in everything.figure.data if trace.legendgroup == "classes"]
    assert legend[0].legendgrouptitle.text == "Operating data centres named in the sources"
    assert campuses_only.query == {"map_measure": "population", "layers": "campuses"}


def test_a_file_with_an_unknown_view_says_which_slide(tmp_path: Path) -> None:
    text = 'title_nl = "x"\n[[slides]]\nview = "compare"\n[[slides]]\nview = "weather"\n'
    with pytest.raises(presentation.PresentationError, match="slide 2: unknown view 'weather'"):
        presentation.loads("x", text)
    with pytest.raises(presentation.PresentationError, match="not a presentation file"):
        presentation.loads("x", "this is = not toml [")


def test_a_saved_presentation_is_listed_and_loads_back(store: Store) -> None:
    deck = presentation.Presentation(
        key=presentation.key_for("Regiodag Almere — 2026!"),
        title_nl="Regiodag Almere — 2026!",
        title_en="Regiodag Almere — 2026!",
        interval_s=10,
        slides=(
            presentation.SlideSpec("clusters"),
            presentation.SlideSpec("map", {"map_measure": "population"}),
        ),
    )
    assert deck.key == "regiodag-almere-2026"
    store.save_presentation(deck.key, presentation.dumps(deck), user="ana")
    saved = store.saved_presentations()
    assert presentation.available(saved) == ["default", "regiodag-almere-2026"]
    assert presentation.load("regiodag-almere-2026", saved["regiodag-almere-2026"]) == deck


def test_a_saved_presentation_wins_over_a_shipped_one_of_the_same_key() -> None:
    shipped = presentation.load("default")
    renamed = presentation.dumps(dataclasses.replace(shipped, title_nl="Onze eigen"))
    assert presentation.available({"default": renamed}) == presentation.available()
    assert presentation.load("default", renamed).title_nl == "Onze eigen"


def test_presentations_earlier_releases_saved_as_files_are_still_listed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DASHBOARD_PRESENTATIONS_DIR", str(tmp_path))
    (tmp_path / "beurs-2025.toml").write_text('title_nl = "Beurs 2025"\n', encoding="utf-8")
    (tmp_path / "Not A Key.toml").write_text('title_nl = "x"\n', encoding="utf-8")
    assert presentation.available() == ["default", "beurs-2025"]
    assert presentation.load("beurs-2025").title_nl == "Beurs 2025"


def test_keys_that_are_not_file_names_are_refused() -> None:
    with pytest.raises(presentation.PresentationError):
        presentation.load("../../etc/passwd")


def test_regions_without_a_member_series_are_named_not_left_blank(frames: dict[str, pd.DataFrame]) -> None:
    slide = slide_builders.build("compare_members", {"regions": "GM0034,LD-NOORD,BRAINPORT"}, frames, "en")
    assert all(name.endswith("(Northern Netherlands)") for name in slide.table["Name"])
    assert len(slide.table) > 1  # Noord-Nederland's dated member counts are drawn
    assert slide.note.endswith("No member series in the sources for: Almere, Brainport Eindhoven.")
