"""Presentations as data: the default deck loads, round-trips, and builds every slide."""

from __future__ import annotations

import dataclasses
import datetime
from pathlib import Path

import pandas as pd
import pytest

from dashboard.analysis import areas, figures, headlines
from dashboard.catalog import datasets, measures, pages, params
from dashboard.charts import compare as compare_chart
from dashboard.charts import kinds
from dashboard.present import decks
from dashboard.store import Store


@pytest.fixture(scope="module")
def frames() -> dict[str, pd.DataFrame]:
    return {key: dataset.load_curated() for key, dataset in datasets.DATASETS.items()}


def test_the_default_presentation_covers_the_seed_comparisons() -> None:
    deck = decks.load()
    views = [spec.view for spec in deck.slides]
    assert views == ["compare", "events", "map", "clusters", "campuses"]
    assert deck.slides[0].settings["regions"] == "GM0034,LD-NOORD,BRAINPORT"
    assert deck.interval_s > 0


def regions_with_a_value(spec: decks.SlideSpec, frames: figures.Frames) -> tuple[list[str], list[str]]:
    """(the regions a comparison slide shows, those of them with a figure on it)."""
    regions = frames["regions"]
    if spec.view == "compare":
        keys = compare_chart.compared_keys(spec.settings, regions)
        measure = spec.settings.get(params.COMPARE_MEASURE, "data_centres")
        how = measures.NORMALISATIONS[compare_chart.chosen_normalisation(spec.settings)]
        table = headlines.headline_table(frames, keys, [measure])
        known = table[table[how.low].notna() | table[how.high].notna()]
        return keys, list(known["region_id"])
    assert spec.view == "compare_members", spec.view
    closure = areas.region_closure(regions)
    chosen = compare_chart.chosen_regions(spec.settings, regions)
    members = frames["clusters"][frames["clusters"]["measure"] == "member_organisations"]
    return chosen, [
        region
        for region in chosen
        if areas.in_region(members, region, closure)[["value_low", "value_high"]].notna().any(axis=None)
    ]


def test_every_comparison_in_the_default_deck_has_figures_for_at_least_two_regions(
    frames: dict[str, pd.DataFrame],
) -> None:
    """A bar chart of three regions with one bar says little and reads as a ranking: the
    default deck compares only where at least two of the regions have a figure."""
    comparisons = [
        spec for spec in decks.load().slides if params.COMPARE_REGIONS in kinds.KINDS[spec.view].settings
    ]
    assert comparisons  # the deck still compares regions
    for spec in comparisons:
        shown, known = regions_with_a_value(spec, frames)
        assert len(shown) >= 2, spec
        assert len(known) >= 2, f"{spec}: only {known} of {shown} have a figure"


def test_a_presentation_survives_a_round_trip_through_toml() -> None:
    deck = decks.load()
    added = deck.with_slide(decks.SlideSpec("events", {"event": "dutch-design-week"}))
    again = decks.loads("copy", decks.dumps(added))
    assert again.slides == added.slides
    assert len(again.slides) == len(deck.slides) + 1


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_default_slide_builds_with_title_chart_source_and_table(
    frames: dict[str, pd.DataFrame], lang: str
) -> None:
    for spec in decks.load().slides:
        slide = decks.build(spec, frames, lang)  # type: ignore[arg-type]
        assert slide.title
        assert slide.figure.data, spec
        assert slide.source_line.startswith("Bron:" if lang == "nl" else "Source:"), slide.source_line
        assert "\\" not in slide.source_line  # plain text, not markdown-escaped
        assert not slide.table.empty
        assert slide.query == dict(spec.settings)


def test_the_floriade_slide_says_forecast_and_actual(frames: dict[str, pd.DataFrame]) -> None:
    spec = decks.SlideSpec("events", {"event": "floriade-2022", "event_measure": "visitors"})
    slide = decks.build(spec, frames, "en")
    names = {trace.name for trace in slide.figure.data}
    assert {"forecast", "target", "actual"} <= names
    assert "685,189 visitors" in set(slide.table["Value"])


def test_an_unknown_kind_names_the_kinds_that_exist(frames: dict[str, pd.DataFrame]) -> None:
    with pytest.raises(KeyError, match="campuses, clusters, compare, compare_members, data_centres"):
        decks.build(decks.SlideSpec("nope"), frames, "nl")


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("kind", sorted(kinds.KINDS))
def test_every_chart_of_every_view_builds_with_its_defaults(
    frames: dict[str, pd.DataFrame], kind: str, lang: str
) -> None:
    slide = kinds.build(kind, {}, frames, lang)  # type: ignore[arg-type]
    assert slide.title
    assert slide.figure.data
    assert not slide.table.empty
    assert slide.source_line.startswith("Bron:" if lang == "nl" else "Source:")
    assert slide.kind == kind
    assert slide.page == next(page.url for page in pages.PAGES if page.name == kinds.KINDS[kind].page)


def test_settings_a_view_no_longer_offers_fall_back_to_its_defaults(frames: dict[str, pd.DataFrame]) -> None:
    stale = kinds.build("events", {"event": "gone-2019", "event_measure": "nope"}, frames, "en")
    default = kinds.build("events", {}, frames, "en")
    assert stale.title == default.title == "Floriade Expo 2022: Visitors"


def test_the_map_slide_follows_the_measure_and_layers_of_the_map_page(
    frames: dict[str, pd.DataFrame],
) -> None:
    everything = kinds.build("map", {}, frames, "en")
    campuses_only = kinds.build("map", {"map_measure": "population", "layers": "campuses"}, frames, "en")
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
    with pytest.raises(decks.PresentationError, match="slide 2: unknown view 'weather'"):
        decks.loads("x", text)
    with pytest.raises(decks.PresentationError, match="not a presentation file"):
        decks.loads("x", "this is = not toml [")


def test_a_saved_presentation_is_listed_and_loads_back(store: Store) -> None:
    deck = decks.Presentation(
        key=decks.key_for("Regiodag Almere — 2026!"),
        title_nl="Regiodag Almere — 2026!",
        title_en="Regiodag Almere — 2026!",
        interval_s=10,
        slides=(
            decks.SlideSpec("clusters"),
            decks.SlideSpec("map", {"map_measure": "population"}),
        ),
    )
    assert deck.key == "regiodag-almere-2026"
    store.save_presentation(deck.key, decks.dumps(deck), user="ana")
    saved = store.saved_presentations()
    assert decks.available(saved) == ["default", "regiodag-almere-2026"]
    assert decks.load("regiodag-almere-2026", saved["regiodag-almere-2026"]) == deck


def test_a_saved_presentation_wins_over_a_shipped_one_of_the_same_key() -> None:
    shipped = decks.load("default")
    renamed = decks.dumps(dataclasses.replace(shipped, title_nl="Onze eigen"))
    assert decks.available({"default": renamed}) == decks.available()
    assert decks.load("default", renamed).title_nl == "Onze eigen"


def test_presentations_earlier_releases_saved_as_files_are_still_listed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DASHBOARD_PRESENTATIONS_DIR", str(tmp_path))
    (tmp_path / "beurs-2025.toml").write_text('title_nl = "Beurs 2025"\n', encoding="utf-8")
    (tmp_path / "Not A Key.toml").write_text('title_nl = "x"\n', encoding="utf-8")
    assert decks.available() == ["default", "beurs-2025"]
    assert decks.load("beurs-2025").title_nl == "Beurs 2025"


def test_keys_that_are_not_file_names_are_refused() -> None:
    with pytest.raises(decks.PresentationError):
        decks.load("../../etc/passwd")


def test_regions_without_a_member_series_are_named_not_left_blank(frames: dict[str, pd.DataFrame]) -> None:
    slide = kinds.build("compare_members", {"regions": "GM0034,LD-NOORD,BRAINPORT"}, frames, "en")
    assert all(name.endswith("(Northern Netherlands)") for name in slide.table["Name"])
    assert len(slide.table) > 1  # Noord-Nederland's dated member counts are drawn
    assert slide.note.endswith("No member series in the sources for: Almere, Brainport Eindhoven.")


def test_the_title_slide_fields_are_optional_and_survive_a_round_trip() -> None:
    old = decks.loads("old", 'title_nl = "Beurs"\n[[slides]]\nview = "clusters"\n')
    assert (old.event_nl, old.event_en, old.date) == ("", "", None)  # files without them read as before
    assert "event" not in decks.dumps(old)
    assert "date" not in decks.dumps(old)

    text = (
        'title_nl = "Regiodag"\ntitle_en = "Regional day"\nevent_nl = "Regiodag  Almere"\n'
        'event_en = "Almere regional day"\ndate = 2026-12-04\n[[slides]]\nview = "clusters"\n'
    )
    deck = decks.loads("regiodag", text)
    assert deck.event("nl") == "Regiodag Almere"  # one line, however it was typed
    assert deck.event("en") == "Almere regional day"
    assert deck.date == datetime.date(2026, 12, 4)
    assert decks.loads("regiodag", decks.dumps(deck)) == deck


def test_one_language_of_the_event_serves_both_and_a_quoted_date_is_read() -> None:
    deck = decks.loads("x", 'title_nl = "x"\nevent_en = "Brainport day"\ndate = "2026-05-01"\n')
    assert deck.event("nl") == deck.event("en") == "Brainport day"
    assert str(deck.date) == "2026-05-01"


@pytest.mark.parametrize(
    ("line", "message"),
    [
        pytest.param('date = "4 december"', "'date' must be a day written as 2026-12-04", id="date in words"),
        pytest.param("date = 2026-12-04T10:00:00", "'date' must be a day", id="date and time"),
        pytest.param('date = "2026-13-01"', "'date' must be a day", id="no such month"),
        pytest.param("event_nl = 2026", "'event_nl' must be text", id="event not text"),
        pytest.param(f'event_nl = "{"x" * 121}"', "longer than 120 characters", id="event too long"),
    ],
)
def test_title_slide_fields_that_cannot_be_shown_say_what_is_wrong(line: str, message: str) -> None:
    with pytest.raises(decks.PresentationError, match=message):
        decks.loads("x", f'title_nl = "x"\n{line}\n')
