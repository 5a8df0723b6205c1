"""The branding file's [defaults] through the real router (app.py), with AppTest: a visitor
without lang= or regions= in the URL gets the configured language and the views open on
the configured regions; a link's own parameters still win; an unknown region id stops every
page with a message naming it and the file, in the reader's language, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest
from ui.apptest import open_page

from dashboard import branding, settings
from dashboard.catalog import params
from dashboard.ui import branded

APP = str(Path(__file__).resolve().parents[2] / "app.py")
EXAMPLE = settings.PROJECT_ROOT / "deploy" / "branding.example.toml"
FOCUS = ["Almere", "Noord-Nederland", "Brainport Eindhoven", "Amsterdam", "Hasselt"]


def branding_file(tmp_path: Path, defaults: str) -> Path:
    """The sample branding with its [defaults] table replaced by ``defaults``."""
    text = EXAMPLE.read_text(encoding="utf-8")
    start, end = text.index("[defaults]"), text.index("[contact]")
    path = tmp_path / "branding.toml"
    path.write_text(text[:start] + defaults + "\n\n" + text[end:], encoding="utf-8")
    logo = EXAMPLE.with_name("branding-example-logo.svg")
    (tmp_path / logo.name).write_bytes(logo.read_bytes())
    return path


def open_overview(**params: str) -> AppTest:
    app = AppTest.from_file(APP, default_timeout=90)
    for name, value in params.items():
        app.query_params[name] = value
    app.run()
    assert not app.exception, [exception.message for exception in app.exception]
    return app


def shown_regions(app: AppTest) -> list[str]:
    """The overview's region cards, by their headings."""
    return [element.value for element in app.subheader]


def language_switch(app: AppTest) -> str:
    return str(app.sidebar.get("button_group")[0].value)


@pytest.fixture
def english_amsterdam(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = branding_file(tmp_path, '[defaults]\nlanguage = "en"\nregions = ["GM0363", "NL-FL"]')
    monkeypatch.setenv(settings.BRANDING.name, str(path))


@pytest.mark.usefixtures("database_url", "english_amsterdam")
def test_the_overview_opens_in_the_configured_language_on_the_configured_regions() -> None:
    app = open_overview()
    assert app.title[0].value == "Overview"
    assert language_switch(app) == "en"
    assert app.markdown[1].value.startswith("| Region |")  # the summary table's header, in English
    assert shown_regions(app) == ["Amsterdam", "Flevoland"]


@pytest.mark.usefixtures("database_url", "english_amsterdam")
def test_a_links_lang_and_regions_still_win() -> None:
    app = open_overview(lang="nl", regions="GM0034,LD-NOORD")
    assert app.title[0].value == "Overzicht"
    assert language_switch(app) == "nl"
    assert shown_regions(app) == ["Almere", "Noord-Nederland"]


@pytest.mark.usefixtures("database_url", "english_amsterdam")
def test_a_link_naming_none_of_our_regions_falls_back_to_the_configured_ones() -> None:
    assert shown_regions(open_overview(regions="NOWHERE")) == ["Amsterdam", "Flevoland"]


@pytest.mark.usefixtures("database_url")
def test_without_branding_dutch_and_the_focus_regions(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(settings.BRANDING.name, raising=False)
    app = open_overview()
    assert app.title[0].value == "Overzicht"
    assert language_switch(app) == "nl"
    assert shown_regions(app) == FOCUS


@pytest.mark.usefixtures("database_url")
@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("nl", "het dashboard heeft geen regio met die code"),
        ("en", "the dashboard has no region with that id"),
    ],
)
def test_an_unknown_region_stops_every_page_naming_it_and_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str, words: str
) -> None:
    path = branding_file(tmp_path, '[defaults]\nregions = ["GM0034", "PV24"]')
    monkeypatch.setenv(settings.BRANDING.name, str(path))
    app = open_overview(lang=lang)
    assert len(app.error) == 1
    message = app.error[0].value
    assert words in message
    assert "`PV24`" in message
    assert str(path) in message
    assert not app.subheader  # the page itself did not run


def open_present(**params: str) -> AppTest:
    return open_page("present", **params)


def logo_images(app: AppTest) -> list[str]:
    return [element.value for element in app.markdown if 'class="present-logo"' in element.value]


@pytest.mark.usefixtures("database_url")
@pytest.mark.parametrize("slide", ["0", "1"], ids=["title-slide", "chart-slide"])
def test_the_projector_shows_the_logo_and_the_colour(monkeypatch: pytest.MonkeyPatch, slide: str) -> None:
    monkeypatch.setenv(settings.BRANDING.name, str(EXAMPLE))
    app = open_present(lang="en", slide=slide)
    (logo,) = logo_images(app)
    assert 'src="data:image/svg+xml;base64,' in logo
    assert 'alt="Logo of Gemeente Voorbeeld"' in logo
    styles = "\n".join(element.value for element in app.markdown if "<style>" in element.value)
    assert ".st-key-present_stage h1 { color: #1F6E43; }" in styles


@pytest.mark.usefixtures("database_url")
def test_without_branding_the_projector_stays_neutral(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(settings.BRANDING.name, raising=False)
    app = open_present(lang="en")
    assert not logo_images(app)
    assert "#1F6E43" not in "\n".join(element.value for element in app.markdown)


def test_the_tab_title_carries_the_organisations_name() -> None:
    brand = branding.parse(EXAMPLE)
    assert branded.page_title("Digitale ecosystemen", brand) == "Digitale ecosystemen · Gemeente Voorbeeld"
    assert branded.page_title("Digitale ecosystemen", branding.NEUTRAL) == "Digitale ecosystemen"


def compared_regions(page: str) -> list[str]:
    app = open_page(page)
    return list(app.multiselect(key=params.COMPARE_REGIONS).value)


@pytest.mark.usefixtures("database_url", "english_amsterdam")
@pytest.mark.parametrize("page", ["compare", "scorecard"])
def test_compare_and_scorecard_open_on_the_configured_regions_then_the_focus_regions(
    page: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = open_page(page)
    chosen = list(app.multiselect(key=params.COMPARE_REGIONS).value)
    # What is drawn follows the picker: the first table has a row per chosen region.
    drawn = list(app.table[0].value.iloc[:, 0])
    monkeypatch.delenv(settings.BRANDING.name)
    unbranded = compared_regions(page)
    assert len(unbranded) == len(FOCUS)
    assert chosen == ["GM0363", "NL-FL", *(region for region in unbranded if region != "GM0363")]
    assert {"Amsterdam", "Flevoland"} <= set(drawn)
    assert len(drawn) == len(chosen)


@pytest.mark.usefixtures("database_url")
def test_one_configured_region_is_compared_with_the_focus_regions(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    zwolle = branding_file(tmp_path, '[defaults]\nregions = ["GM0193"]')
    monkeypatch.setenv(settings.BRANDING.name, str(zwolle))
    chosen = compared_regions("compare")
    assert chosen[0] == "GM0193"  # Zwolle, first
    monkeypatch.delenv(settings.BRANDING.name)
    unbranded = compared_regions("compare")
    assert len(unbranded) == len(FOCUS)
    assert chosen[1:] == unbranded  # then what an unbranded compare opens on
