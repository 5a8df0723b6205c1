"""Every page through the real router (app.py), in both languages, with AppTest."""

from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest
from ui import apptest

from dashboard.analysis import overlaps
from dashboard.catalog import datasets, pages
from dashboard.store import Store
from dashboard.text.i18n import LANGUAGES, catalogue

# The present page titles itself with the slide shown; it has its own tests.
PAGES = tuple(page.name for page in pages.visible_pages(is_analyst=False) if page.name != "present")


def open_page(page: str, lang: str, **params: str) -> AppTest:
    return apptest.open_page(page, lang=lang, **params)


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("page", PAGES)
def test_page_renders_in_each_language(page: str, lang: str, database_url: str) -> None:
    app = open_page(page, lang)
    assert app.title[0].value == catalogue(lang)[f"{page}.title"]  # type: ignore[index]


@pytest.mark.parametrize(("lang", "thousands"), [("nl", "685.189"), ("en", "685,189")])
def test_overview_shows_each_focus_region_with_sourced_headlines(
    lang: str, thousands: str, database_url: str
) -> None:
    app = open_page("overview", lang)
    names = [header.value for header in app.subheader]
    expected = {
        "nl": ["Almere", "Noord-Nederland", "Brainport Eindhoven", "Amsterdam", "Hasselt"],
        "en": ["Almere", "Northern Netherlands", "Brainport Eindhoven", "Amsterdam", "Hasselt"],
    }[lang]
    assert names == expected
    assert len(app.metric) == 4 * len(expected)
    values = [metric.value for metric in app.metric]
    assert thousands in values, values  # Floriade's actual visitors, formatted per language
    unknown = catalogue(lang)["common.unknown"]  # type: ignore[index]
    assert unknown in values  # ICT & Tech cluster Almere's member count was never found
    captions = " ".join(caption.value for caption in app.caption)
    assert catalogue(lang)["common.source_line"].split(":")[0] in captions  # type: ignore[index]


def test_compare_draws_ranges_and_warns_about_overlap(database_url: str) -> None:
    app = open_page("compare", "en", regions="GM0034,MRA,LD-NOORD", measure="cluster_members")
    assert app.multiselect[0].value == ["GM0034", "MRA", "LD-NOORD"]
    # The embed popovers' notes for the operator (no other site allowed, a local address) aside.
    warnings = [
        warning.value
        for warning in app.warning
        if "DASHBOARD_FRAME_ANCESTORS" not in warning.value and "DASHBOARD_PUBLIC_URL" not in warning.value
    ]
    # The entity both regions count is named, not just the nesting.
    assert warnings == [
        "These regions overlap: do not add their totals. "
        # markdown-escaped, as Streamlit receives it
        "Counted in both Almere and Amsterdam Metropolitan Area (1): ICT \\& Tech cluster Almere."
    ]
    app.radio[0].set_value("per_100k").run()
    assert not app.exception
    assert "per 100,000" in " ".join(header.value for header in app.subheader)


@pytest.mark.parametrize(
    ("normalisation", "title"),
    [
        ("absolute", "Operating data centres named in the sources"),
        ("per_100k", "Operating data centres named in the sources per 100,000 inhabitants"),
        ("per_1000km2", "Operating data centres named in the sources per 1,000 km² of land"),
        # No share of the national total: the sites are known ones, not a census (catalog/test_measures.py).
    ],
)
def test_every_normalisation_titles_its_chart(normalisation: str, title: str, database_url: str) -> None:
    app = open_page("compare", "en", regions="GM0034,LD-NOORD,NL-FL")
    app.radio(key="per").set_value(normalisation).run()
    assert not app.exception
    assert app.subheader[0].value == title
    assert app.query_params.get("per") in (None, normalisation, [normalisation])


def test_a_circle_is_compared_and_what_it_shares_is_named(database_url: str) -> None:
    app = open_page("compare", "en", regions="GM0034,MRA")
    app.selectbox(key="circle_centre").set_value("GM0363").run()
    app.selectbox(key="circle_km").set_value("25").run()
    assert not app.exception
    assert app.query_params["circle"] in ("GM0363~25", ["GM0363~25"])
    app.toggle(key="compare.compare.table").set_value(True).run()
    regions_shown = list(app.table[0].value.iloc[:, 0])
    assert regions_shown == ["Almere", "Amsterdam Metropolitan Area", "within 25 km of Amsterdam"]
    warnings = " ".join(warning.value for warning in app.warning)
    # The sites both count, as the (property-tested) overlap function finds them in data/.
    frames = {key: datasets.get(key).load_curated() for key in ("regions", "data_centres")}
    ((_, _, shared),) = [
        pair
        for pair in overlaps.double_counted(frames, ["MRA", "GM0363~25"], "data_centres")
        if pair[0] == "MRA"
    ]
    assert "NorthC Amsterdam (AMS01)" in shared
    assert (
        f"Counted in both Amsterdam Metropolitan Area and within 25 km of Amsterdam ({len(shared)})"
        in warnings
    )
    assert "NorthC Amsterdam \\(AMS01\\)" in warnings  # markdown-escaped
    assert any("Its population and area are not in the sources" in caption.value for caption in app.caption)


def test_the_radius_is_offered_only_once_a_centre_is_chosen(database_url: str) -> None:
    app = open_page("compare", "en", regions="GM0034,MRA")
    assert not [box for box in app.selectbox if box.key == "circle_km"]
    app.selectbox(key="circle_centre").set_value("GM0034").run()
    assert app.selectbox(key="circle_km").value == "25"
    app.selectbox(key="circle_centre").set_value("").run()
    assert not [box for box in app.selectbox if box.key == "circle_km"]
    assert "circle" not in app.query_params


def test_a_shared_circle_url_reopens_the_circle(database_url: str) -> None:
    app = open_page("compare", "nl", regions="GM0034,LD-NOORD", circle="GM0034~50", per="per_1000km2")
    assert app.selectbox(key="circle_centre").value == "GM0034"
    assert app.selectbox(key="circle_km").value == "50"
    app.toggle(key="compare.compare.table").set_value(True).run()
    assert "binnen 50 km van Almere" in list(app.table[0].value.iloc[:, 0])


def test_the_definitions_say_what_each_region_contains_with_sourced_denominators(database_url: str) -> None:
    app = open_page("compare", "en", regions="LD-NOORD,MRA")
    definitions = app.table[-1].value
    row = definitions[definitions["Region"] == "Northern Netherlands"].iloc[0]
    assert {"Groningen", "Friesland", "Drenthe"} <= set(row["Contains"].split(", "))
    assert row["Population"].startswith("1,757,677 (1 Jan 2023; ")
    # No source gives the landsdeel's area: it is the sum of its three provinces' land areas.
    assert row["Area (km²)"].startswith("8,301 (2017–2023; Source: ")


def test_compare_asks_for_two_regions(database_url: str) -> None:
    app = open_page("compare", "nl", regions="GM0034")
    assert any("ten minste twee" in warning.value for warning in app.warning)


def test_chart_has_a_table_alternative(database_url: str) -> None:
    app = open_page("clusters", "nl")
    charts_before = len(app.get("plotly_chart"))
    app.toggle[0].set_value(True).run()
    assert len(app.get("plotly_chart")) == charts_before - 1
    assert any("Samenwerking Noord" in str(frame.value) for frame in app.table)


def test_map_embeds_local_leaflet_and_every_layer(database_url: str) -> None:
    app = open_page("map", "nl")
    (component,) = list(app.get("component_instance"))
    arguments = json.loads(component.proto.json_args)
    payload = json.dumps(arguments)
    assert "/app/static/vendor/leaflet/leaflet.js" in payload
    assert "cdn" not in payload.lower()
    assert "https://" not in payload.replace("https://www.naturalearthdata", "")
    for region in ("NL-FL", "NL-GR", "BE-VLI"):
        assert region in payload
    for layer in ("Datacenters", "Campussen", "Evenementen", "Clusters"):
        assert layer in payload


def test_the_map_legend_is_titled_with_the_measure(database_url: str) -> None:
    app = open_page("map", "nl")
    (legend,) = [block.value for block in app.markdown if "map-legend" in block.value]
    assert "<strong>Datacenters in bedrijf, genoemd in de bronnen:</strong>" in legend


def test_events_page_shows_forecast_against_actual(database_url: str) -> None:
    app = open_page("events", "en", event="floriade-2022", event_measure="visitors")
    values = [metric.value for metric in app.metric]
    assert "685,189" in values
    assert any("34–46 %" in value or "34–46%" in value for value in values), values


def test_events_page_says_unknown_actual_trade_missions(database_url: str) -> None:
    app = open_page("events", "en", event="floriade-2022", event_measure="trade_missions")
    assert any("not found" in warning.value for warning in app.warning)


def test_events_page_opens_on_an_event_with_forecasts(database_url: str) -> None:
    app = open_page("events", "nl")
    assert app.selectbox[0].value == "floriade-2022"


def test_data_centres_page_shows_national_context_series(database_url: str) -> None:
    app = open_page("data_centres", "en", series="dda_colocation_dcs")
    assert app.selectbox[0].value == "dda_colocation_dcs"
    assert "Context: national series" in [header.value for header in app.subheader]
    app.toggle[1].set_value(True).run()
    assert any("DDA: colocation data centres" in str(frame.value) for frame in app.table)


def test_a_new_version_published_elsewhere_shows_at_the_next_rerun(database_url: str) -> None:
    """Views cache by version number, so a publish by another process is never hidden."""
    app = open_page("overview", "en")
    assert "c. 100" in [metric.value for metric in app.metric]
    store = Store(database_url)
    clusters = store.load("clusters")
    latest = (clusters["cluster_id"] == "samenwerking-noord") & (clusters["ref_date"] == "2023/2024")
    assert latest.sum() == 1
    clusters.loc[latest, ["value_low", "value_high", "qualifier"]] = [120.0, 120.0, None]
    store.publish("clusters", clusters, user="test", based_on=store.current_version("clusters"))
    app.run()
    assert "120" in [metric.value for metric in app.metric]


def test_cluster_growth_between_two_stated_counts_is_a_range(database_url: str) -> None:
    app = open_page("clusters", "en")
    metrics = {metric.label: metric.value for metric in app.metric}
    # Samenwerking Noord: 21 members (period inferred as 2011/2013) to 100 (2024): the inferred
    # period makes the number of years, and so the yearly growth, a range.
    assert metrics["Change"] == "79 organisations"
    assert metrics["Per year (compound)"] == "13.9–15.2 %"
    captions = " ".join(caption.value for caption in app.caption)
    assert "never interpolated" in captions
    assert "inferred period" in captions


def test_growth_choices_follow_the_series_and_the_url(database_url: str) -> None:
    app = open_page("data_centres", "en", series="amsix_peak_traffic", **{"from": "amsix_peak_traffic:1"})
    assert app.selectbox(key="from").value == "amsix_peak_traffic:1"
    assert app.selectbox(key="to").value == "amsix_peak_traffic:4"
    app.selectbox(key="from").set_value("amsix_peak_traffic:4").run()
    assert [info.value for info in app.info] == ["Choose a later figure under 'To' than under 'From'."]
    app.selectbox(key="series").set_value("dda_colocation_dcs").run()
    assert not app.exception
    # A choice made for AMS-IX never carries over to another series.
    assert app.selectbox(key="from").value == "dda_colocation_dcs:0"
    metrics = {metric.label: metric.value for metric in app.metric}
    assert metrics["Change"] == "-4 data centres"
