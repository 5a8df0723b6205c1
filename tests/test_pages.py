"""Every page through the real router (app.py), in both languages, with AppTest."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import navigation
from dashboard.i18n import LANGUAGES, catalogue
from dashboard.store import Store

APP = str(Path(__file__).resolve().parents[1] / "app.py")
# The present page titles itself with the slide shown; it has its own tests.
PAGES = tuple(page.name for page in navigation.visible_pages(is_analyst=False) if page.name != "present")


def open_page(page: str, lang: str, **params: str) -> AppTest:
    app = AppTest.from_file(APP, default_timeout=90)
    app.query_params["lang"] = lang
    for name, value in params.items():
        app.query_params[name] = value
    app.run()
    app.switch_page(f"app_pages/{page}.py").run()
    assert not app.exception, [exception.message for exception in app.exception]
    return app


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
    warnings = " ".join(warning.value for warning in app.warning)
    assert "Almere lies within" in warnings
    app.radio[0].set_value("per_100k").run()
    assert not app.exception
    assert "per 100,000" in " ".join(header.value for header in app.subheader)


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
