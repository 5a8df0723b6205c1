"""The measure catalogue: every measure declares the normalisations that make sense, and every
widget that offers a normalisation (Compare, Scorecard, Map) and every slide reads it."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from dashboard.analysis import figures, headlines
from dashboard.catalog import datasets, params
from dashboard.catalog import measures as catalog
from dashboard.catalog.measures import MEASURES, NORMALISATIONS
from dashboard.charts import compare as compare_chart
from dashboard.charts import compare_tables, kinds, map_layers
from dashboard.text.i18n import LANGUAGES, catalogue, t
from dashboard.ui.pages import overview

APP = str(Path(__file__).resolve().parents[2] / "app.py")
NOT_SHOWN = [
    (measure, normalisation)
    for measure in MEASURES
    for normalisation in NORMALISATIONS
    if not catalog.allows(measure, normalisation)
]


def open_page(page: str, **query: str) -> AppTest:
    app = AppTest.from_file(APP, default_timeout=90)
    for name, value in {"lang": "en", **query}.items():
        app.query_params[name] = value
    app.run()
    app.switch_page(f"app_pages/{page}.py").run()
    assert not app.exception, [exception.message for exception in app.exception]
    return app


@pytest.fixture(scope="module")
def curated() -> figures.Frames:
    return {key: datasets.get(key).load_curated() for key in datasets.DATASETS}


# --- the declaration -----------------------------------------------------------------


@pytest.mark.parametrize("key", sorted(MEASURES))
def test_every_measure_is_declared_consistently(key: str) -> None:
    measure = MEASURES[key]
    assert measure.key == key
    assert key in headlines.HEADLINES  # a declared measure is computed
    assert measure.dataset in datasets.DATASETS
    columns = datasets.get(measure.dataset).schema.to_schema().columns
    assert {measure.entity_id, measure.entity_name, measure.counted_by[0]} <= set(columns)
    assert measure.normalisations[0] == catalog.ABSOLUTE  # the default is always offered
    assert set(measure.normalisations) <= set(NORMALISATIONS)
    if not measure.additive:  # one event's visitors: no density, no share
        assert measure.normalisations == (catalog.ABSOLUTE,)
    if measure.allows(catalog.SHARE):  # a national share needs a national census to divide by
        assert measure.additive
        assert measure.census


def test_every_headline_is_declared() -> None:
    assert set(headlines.HEADLINES) == set(MEASURES)


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("key", sorted(MEASURES))
def test_a_measure_is_labelled_and_says_why_it_offers_fewer_normalisations(key: str, lang: str) -> None:
    labels = catalogue(lang)
    assert {f"measure.{key}", f"measure_short.{key}"} <= set(labels)  # type: ignore[arg-type]
    assert {f"compare.{n}" for n in MEASURES[key].normalisations} <= set(labels)  # type: ignore[arg-type]
    if catalog.limited(key):
        assert f"compare.not_offered_{key}" in labels  # type: ignore[operator]


def test_the_meaningless_normalisations_of_the_issue_are_not_allowed() -> None:
    # Almere's "319,115 event visitors per 100,000 inhabitants" and "20 % of Dutch data centres".
    assert ("event_visitors", "per_100k") in NOT_SHOWN
    assert ("data_centres", "share_national") in NOT_SHOWN
    assert catalog.allows("data_centres", "per_100k")


def test_a_census_measure_would_be_offered_as_a_national_share() -> None:
    census = catalog.Measure(
        "x", "clusters", "cluster_id", "cluster_name", ("measure", "m"), True, True, "things",
        (*catalog.DENSITIES, catalog.SHARE),
    )  # fmt: skip
    assert census.allows(catalog.SHARE)
    assert census.rows(pd.DataFrame({"measure": ["m", "n"]})).shape[0] == 1


# --- meta-tests: the declaration is the source of truth (PUDL's metadata_test habit) -------


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("key", sorted(MEASURES))
def test_every_label_a_page_asks_for_a_measure_exists(key: str, lang: str) -> None:
    # The overview, compare, scorecard and profile name a measure by these keys; the compare
    # chart's absolute axis by its own.
    labels = catalogue(lang)
    assert {f"measure.{key}", f"measure_short.{key}", f"compare.axis_{key}"} <= set(labels)  # type: ignore[arg-type]


@pytest.mark.parametrize("key", sorted(MEASURES))
def test_every_measure_reads_columns_and_rows_its_dataset_has(key: str, curated: figures.Frames) -> None:
    measure = MEASURES[key]
    columns = set(datasets.get(measure.dataset).schema.to_schema().columns)
    assert {measure.entity_id, measure.entity_name, measure.counted_by[0]} <= columns
    assert measure.aggregate in catalog.AGGREGATES
    assert measure.additive == (measure.aggregate != "latest_actual")  # a sum over entities, or not
    if measure.aggregate != "count":  # combines stated figures: the rows of one measure
        assert measure.counted_by[0] == "measure"
        assert {"value_low", "value_high", "ref_date", "claim_type"} <= columns
    assert not measure.rows(curated[measure.dataset]).empty, "no row of the curated data counts"
    assert catalog.name_column(measure.dataset) == measure.entity_name  # one name per dataset


def test_every_declared_measure_is_used_by_the_headline_table(curated: figures.Frames) -> None:
    # The table every comparing page reads, asked for what the overview shows: every measure.
    table = headlines.headline_table(curated, ["GM0034", "MRA"], list(overview.HEADLINE_MEASURES))
    assert list(dict.fromkeys(table["measure"])) == list(MEASURES)
    assert table.set_index("measure")["low"].notna().groupby(level=0).any().any()
    assert {indicator.split(":")[0] for indicator in headlines.SCORECARD_INDICATORS} == set(MEASURES)
    assert list(headlines.HEADLINES) == list(MEASURES)


# --- what reads it --------------------------------------------------------------------


@pytest.mark.parametrize(("measure", "normalisation"), NOT_SHOWN)
def test_the_headline_table_leaves_a_disallowed_normalisation_empty(
    measure: str, normalisation: str, curated: figures.Frames
) -> None:
    how = NORMALISATIONS[normalisation]
    table = headlines.headline_table(curated, ["GM0034", "BRAINPORT"], [measure])
    assert table[how.low].isna().all()
    assert table[how.high].isna().all()


@pytest.mark.parametrize(("measure", "normalisation"), NOT_SHOWN)
def test_a_slide_asked_for_a_disallowed_normalisation_draws_absolute(
    measure: str, normalisation: str, curated: figures.Frames
) -> None:
    settings = {
        params.COMPARE_REGIONS: "GM0034,BRAINPORT",
        params.COMPARE_MEASURE: measure,
        params.COMPARE_NORMALISATION: normalisation,
    }
    assert compare_chart.chosen_normalisation(settings) == catalog.ABSOLUTE
    slide = kinds.build("compare", settings, curated, "en")
    assert slide.title == t(f"measure.{measure}", "en")


def test_the_profile_says_not_meaningful_for_a_measure_that_does_not_allow_the_normalisation(
    curated: figures.Frames,
) -> None:
    settings = {params.COMPARE_REGIONS: "GM0034,BRAINPORT", params.COMPARE_NORMALISATION: "per_100k"}
    profile = compare_tables.measure_profile(settings, curated, "en").set_index("Region")
    assert set(profile["Event visitors"]) == {t("compare.not_meaningful", "en")}
    assert "n/a" not in profile.at["Almere", "Data centres (in sources)"]


def test_every_scorecard_indicator_and_map_measure_is_allowed() -> None:
    for indicator in headlines.SCORECARD_INDICATORS:
        assert catalog.allows(*indicator.split(":")), indicator
    assert "event_visitors:per_100k" not in headlines.SCORECARD_INDICATORS
    for key in params.AREA_MEASURES:
        if key != params.POPULATION:
            assert catalog.allows(*params.split_area_measure(key)), key


# --- the widgets, through the real router ---------------------------------------------


@pytest.mark.parametrize("measure", sorted(MEASURES))
def test_compare_offers_only_the_normalisations_the_measure_allows(measure: str, database_url: str) -> None:
    app = open_page("compare", regions="GM0034,BRAINPORT", measure=measure)
    offered = app.radio(key=params.COMPARE_NORMALISATION).options
    assert offered == [t(f"compare.{key}", "en") for key in catalog.allowed(measure)]
    for key in NORMALISATIONS:
        if not catalog.allows(measure, key):
            assert t(f"compare.{key}", "en") not in offered
    captions = " ".join(caption.value for caption in app.caption)
    assert (t(f"compare.not_offered_{measure}", "en") in captions) == catalog.limited(measure)


def test_switching_to_event_visitors_drops_per_inhabitant_and_says_why(database_url: str) -> None:
    app = open_page("compare", regions="GM0034,BRAINPORT", measure="data_centres", per="per_100k")
    assert app.radio(key=params.COMPARE_NORMALISATION).value == "per_100k"
    app.selectbox(key=params.COMPARE_MEASURE).set_value("event_visitors").run()
    assert not app.exception
    assert app.radio(key=params.COMPARE_NORMALISATION).value == "absolute"
    assert app.subheader[0].value == "Event visitors"  # not "... per 100,000 inhabitants"
    assert "per" not in app.query_params


def test_scorecard_offers_only_allowed_indicators(database_url: str) -> None:
    app = open_page("scorecard")
    options = app.multiselect(key=params.SCORECARD_INDICATORS).options
    assert "Event visitors per 100,000 inhabitants" not in options
    assert "Event visitors" in options
    assert len(options) == len(headlines.SCORECARD_INDICATORS)


def test_map_offers_only_allowed_measures(database_url: str) -> None:
    app = open_page("map")
    options = app.selectbox(key=params.MAP_MEASURE).options
    assert options == [map_layers.measure_label(key, "en") for key in params.AREA_MEASURES]
    assert not any("Event visitors" in option for option in options)


# --- a grouping's figure that covers only some members ----------------------------------


def test_the_headline_table_names_the_members_a_figure_comes_from(curated: figures.Frames) -> None:
    table = headlines.headline_table(
        curated, ["BRAINPORT", "LD-NOORD", "GM0034", "GM0034~25"], list(MEASURES)
    )
    indexed = table.set_index(["region_id", "measure"])
    covered = indexed["covered_members"]
    # Both Brainport campuses are in Eindhoven, one of Brainport's 21 municipalities.
    assert covered["BRAINPORT", "campus_companies"] == ("GM0772",)
    assert indexed.at[("BRAINPORT", "campus_companies"), "member_count"] == 21
    # Samenwerking Noord is placed at Noord-Nederland itself: its figure covers the whole region.
    assert covered["LD-NOORD", "cluster_members"] == ()
    assert covered["GM0034", "data_centres"] == ()  # a municipality has no members
    assert covered["GM0034~25", "data_centres"] == ()  # nor has a circle


def test_compare_says_next_to_brainports_value_that_it_is_eindhovens(database_url: str) -> None:
    app = open_page("compare", regions="GM0034,BRAINPORT", measure="campus_companies", per="per_100k")
    app.toggle(key="compare.compare.table").set_value(True).run()
    chart_table = app.table[0].value.set_index("Region")
    assert chart_table.at["Brainport Eindhoven", "Value"].endswith("(Eindhoven only: 1 of 21 members)")
    captions = " ".join(caption.value for caption in app.caption)
    assert "For Brainport Eindhoven the figure comes from some of the members" in captions
    profile = next(table.value for table in app.table if "Campus companies" in table.value.columns)
    row = profile.set_index("Region").loc["Brainport Eindhoven"]
    assert row["Campus companies"].endswith("(Eindhoven only: 1 of 21 members)")
    # Absolute figures are not divided, so they need no such note.
    app.radio(key=params.COMPARE_NORMALISATION).set_value("absolute").run()
    assert "1 of 21 members" not in app.table[0].value.set_index("Region").at["Brainport Eindhoven", "Value"]


def test_a_province_on_the_map_says_which_municipalities_its_density_comes_from(
    curated: figures.Frames,
) -> None:
    figures = map_layers.area_figures(curated, ["NL-FL", "GM0034"], "data_centres_per_100k", "en")
    assert figures["NL-FL"].text.endswith("(Almere, Dronten only: 2 of 6 members)")
    assert "members" not in figures["GM0034"].text
    absolute = map_layers.area_figures(curated, ["NL-FL"], "data_centres", "en")
    assert "members" not in absolute["NL-FL"].text


def test_the_cluster_chart_on_compare_says_it_stays_absolute(database_url: str) -> None:
    note = t("compare.members_absolute", "en", normalisation=t("compare.per_100k_suffix", "en"))
    app = open_page("compare", regions="GM0034,LD-NOORD", measure="cluster_members", per="per_100k")
    assert note in " ".join(caption.value for caption in app.caption)
    app.radio(key=params.COMPARE_NORMALISATION).set_value("absolute").run()
    assert "This chart shows absolute counts" not in " ".join(caption.value for caption in app.caption)
