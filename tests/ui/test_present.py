"""The present page: slides from the default presentation, controls, URL and QR code."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest
from streamlit.util import calc_hash
from ui.apptest import open_page

from dashboard.catalog import datasets, pages
from dashboard.present import decks, links
from dashboard.store import Store
from dashboard.testing import refuse_inserts

APP = str(Path(__file__).resolve().parents[2] / "app.py")


def open_present(database_url: str, **params: str) -> AppTest:
    return open_page("present", **params)


def button(app: AppTest, label: str):  # type: ignore[no-untyped-def]
    return next(candidate for candidate in app.button if label in candidate.label)


def test_it_opens_on_a_title_slide_then_the_charts_with_source_line_progress_and_qr(
    database_url: str,
) -> None:
    app = open_present(database_url, lang="en")
    assert app.title[0].value == "Digital ecosystems compared"  # the presentation's name
    assert app.get("progress")[0].proto.text == "Title slide · 5 slides"
    qr_codes = [block.value for block in app.markdown if block.value.startswith("<img ")]
    assert 'alt="QR code to the dashboard: http://127.0.0.1:8501/?lang=en"' in qr_codes[0]

    button(app, "Next").click().run()
    assert app.title[0].value == "Operating data centres named in the sources"
    assert any(caption.value.startswith("Source:") for caption in app.caption)
    assert app.get("progress")[0].proto.text == "Slide 1 of 5"
    qr_codes = [block.value for block in app.markdown if block.value.startswith("<img ")]
    assert len(qr_codes) == 1
    assert 'alt="QR code to this view: http://127.0.0.1:8501/vergelijk?regions=' in qr_codes[0]


def test_next_previous_and_pause(database_url: str) -> None:
    app = open_present(database_url, lang="en", slide="1")
    button(app, "Next").click().run()
    assert app.title[0].value == "Floriade Expo 2022: Visitors"
    button(app, "Previous").click().run()
    button(app, "Previous").click().run()
    assert app.title[0].value == "Digital ecosystems compared"  # the title slide before the first
    button(app, "Previous").click().run()
    assert app.title[0].value == "Campuses: Companies"  # wraps around to the last slide
    button(app, "Pause").click().run()
    assert button(app, "Resume")


def test_a_url_opens_a_given_slide(database_url: str) -> None:
    app = open_present(database_url, lang="nl", slide="2")  # the second chart, after the title slide
    assert app.title[0].value == "Floriade Expo 2022: Bezoekers"


def clock(app: AppTest) -> str:
    """The text of the time-left line under the QR code."""
    (shown,) = [block.value for block in app.markdown if 'class="present-clock"' in block.value]
    return shown


@pytest.mark.parametrize(("lang", "left"), [("nl", "nog 20 s"), ("en", "20 s left")])
def test_each_slide_says_how_long_it_stays_up(database_url: str, lang: str, left: str) -> None:
    app = open_present(database_url, lang=lang, slide="1")
    assert clock(app).endswith(f"{left}</div>")  # the deck's 20 s, just started
    assert 'data-playing="true"' in clock(app)
    button(app, "Pauze" if lang == "nl" else "Pause").click().run()
    assert clock(app).endswith("gepauzeerd</div>" if lang == "nl" else "paused</div>")
    assert 'data-playing="false"' in clock(app)  # the controls then stay on screen


def test_a_way_back_to_the_dashboard(database_url: str) -> None:
    app = open_present(database_url, lang="nl")
    (link,) = app.get("page_link")
    assert link.proto.label == "Terug naar het dashboard"
    # Streamlit names the target page by a hash of its URL path.
    overview = next(page for page in pages.PAGES if page.name == "overview")
    assert link.proto.page_script_hash == calc_hash(overview.url_path)


@pytest.mark.parametrize(
    ("configured", "warned"),
    [
        pytest.param(None, True, id="unset"),
        pytest.param("http://127.0.0.1:8501", True, id="127.0.0.1"),
        pytest.param("http://localhost:8501/", True, id="localhost"),
        pytest.param("http://[::1]:8501", True, id="ipv6 loopback"),
        pytest.param("127.0.0.1:8501", True, id="no scheme"),
        pytest.param("http://192.168.1.20:8501", False, id="venue network"),
        pytest.param("https://dashboard.example.nl/", False, id="public name"),
    ],
)
def test_qr_codes_that_lead_to_this_computer_are_recognised(
    monkeypatch: pytest.MonkeyPatch, configured: str | None, warned: bool
) -> None:
    if configured is None:
        monkeypatch.delenv("DASHBOARD_PUBLIC_URL", raising=False)
    else:
        monkeypatch.setenv("DASHBOARD_PUBLIC_URL", configured)
    assert links.qr_points_here() is warned


def test_the_page_warns_when_the_qr_codes_lead_to_this_computer(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("DASHBOARD_PUBLIC_URL", raising=False)
    app = open_present(database_url, lang="en")
    (warning,) = app.warning
    assert warning.value.startswith("The QR codes point to `http://127.0.0.1:8501`")
    assert "DASHBOARD_PUBLIC_URL" in warning.value

    monkeypatch.setenv("DASHBOARD_PUBLIC_URL", "https://dashboard.example.nl")
    app = open_present(database_url, lang="en")
    assert not app.warning


@pytest.mark.parametrize(
    ("lang", "texts"),
    [
        ("nl", ["Digitale ecosystemen in Almere", "Regiodag Flevoland", "4 december 2026"]),
        ("en", ["Digital ecosystems in Almere", "Flevoland regional day", "4 December 2026"]),
    ],
)
def test_the_title_slide_names_the_event_and_the_day_from_the_file(
    database_url: str, lang: str, texts: list[str]
) -> None:
    store = Store(database_url)
    store.ensure_ready()
    store.save_presentation(
        "regiodag",
        'title_nl = "Digitale ecosystemen in Almere"\ntitle_en = "Digital ecosystems in Almere"\n'
        'event_nl = "Regiodag Flevoland"\nevent_en = "Flevoland regional day"\ndate = 2026-12-04\n'
        '[[slides]]\nview = "clusters"\n',
        user="ana",
    )
    app = open_present(database_url, lang=lang, presentation="regiodag")
    assert [app.title[0].value, app.header[0].value, app.subheader[0].value] == texts


def test_the_live_url_reopens_the_slides_view(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DASHBOARD_PUBLIC_URL", "https://dashboard.example.nl/")
    frames = {key: dataset.load_curated() for key, dataset in datasets.DATASETS.items()}
    slide = decks.build(decks.load().slides[0], frames, "nl")
    assert links.live_url(slide, "en") == (
        "https://dashboard.example.nl/vergelijk?regions=GM0034%2CLD-NOORD%2CBRAINPORT"
        "&measure=data_centres&per=absolute&lang=en"
    )


def test_add_to_presentation_from_two_views_then_present_them(database_url: str) -> None:
    app = AppTest.from_file(APP, default_timeout=90)
    app.query_params["lang"] = "en"
    app.query_params["regions"] = "GM0034,LD-NOORD"
    app.query_params["measure"] = "cluster_members"
    app.run()
    app.switch_page("app_pages/compare.py").run()
    button(app, "Add to presentation").click().run()  # the first chart: the bars
    app.switch_page("app_pages/events.py").run()
    button(app, "Add to presentation").click().run()
    assert [kind for kind, _ in app.session_state["present.draft"]] == ["compare", "events"]
    assert app.session_state["present.draft"][0][1] == {
        "regions": "GM0034,LD-NOORD",
        "measure": "cluster_members",
        "per": "absolute",
    }

    app.switch_page("app_pages/present.py").run()
    assert not app.exception, [exception.message for exception in app.exception]
    picker = app.selectbox(key="presentation")
    assert picker.value == "draft"
    assert picker.options[:2] == ["My presentation", "Digital ecosystems compared"]  # titles, not file keys
    assert app.get("progress")[0].proto.text == "Slide 2 of 2"  # opens on the slide just added
    assert app.title[0].value == "Floriade Expo 2022: Visitors"
    button(app, "Next").click().run()
    assert app.title[0].value == "My presentation"  # its title slide
    button(app, "Next").click().run()
    assert app.title[0].value == "Cluster organisation members"

    # Reordering and removing in the editor below the slideshow.
    app.button(key="present.down.0").click().run()
    assert [kind for kind, _ in app.session_state["present.draft"]] == ["events", "compare"]
    app.button(key="present.remove.0").click().run()
    assert [kind for kind, _ in app.session_state["present.draft"]] == ["compare"]
    assert app.get("progress")[0].proto.text == "Slide 1 of 1"


def test_every_chart_offers_png_svg_csv_and_a_slide(database_url: str) -> None:
    app = open_present(database_url, lang="en")
    app.switch_page("app_pages/campuses.py").run()
    labels = [element.proto.label for element in app.get("download_button")]
    assert labels == [
        "Image (PNG)",
        "Vector image (SVG)",
        "Figures (CSV)",
        "Figures: CSV for Dutch Excel (; and ,)",  # the other dialect, as a choice
        "Slide (PowerPoint)",
    ]
    assert all(not element.proto.disabled for element in app.get("download_button"))


def test_the_present_page_offers_the_whole_deck_and_its_file(database_url: str) -> None:
    app = open_present(database_url, lang="nl")
    labels = [element.proto.label for element in app.get("download_button")]
    assert labels == ["Hele presentatie als PowerPoint", "Presentatiebestand (.toml)"]


def test_viewers_cannot_save_presentations_analysts_can(database_url: str) -> None:
    app = AppTest.from_file(APP, default_timeout=90)
    app.query_params["lang"] = "en"
    app.session_state["present.draft"] = [("clusters", {}), ("map", {"map_measure": "population"})]
    app.run()
    app.switch_page("app_pages/present.py").run()
    assert not app.get("text_input")  # no save form for a viewer
    assert any("Analysts can save" in caption.value for caption in app.caption)

    app.session_state["analyst"] = "ana"
    app.run()
    app.text_input[0].input("Regiodag Almere 2026")
    app.button(key="FormSubmitter:present.save_form-Save on the server").click().run()
    assert not app.exception, [exception.message for exception in app.exception]
    assert app.success[0].value == "Saved as regiodag-almere-2026. Everyone can choose it now."
    # In the store, where every app server on this database finds it.
    stored = Store(database_url).saved_presentations()
    saved = decks.load("regiodag-almere-2026", stored["regiodag-almere-2026"])
    assert [spec.view for spec in saved.slides] == ["clusters", "map"]
    picker = app.selectbox(key="presentation")
    assert picker.value == "regiodag-almere-2026"  # the picker switched to what was saved
    assert "Regiodag Almere 2026" in picker.options

    # A second click with nothing changed is answered, and writes no second version.
    app.text_input[0].input("Regiodag Almere 2026")
    app.button(key="FormSubmitter:present.save_form-Save on the server").click().run()
    assert app.success[0].value == (
        "Nothing changed: regiodag-almere-2026 is already saved as version 1 with exactly this content."
    )
    assert len(Store(database_url).presentation_history("regiodag-almere-2026")) == 1

    # Saving other slides under the same title says that it replaces the earlier one for everyone.
    app.session_state["present.draft"] = [("clusters", {})]
    app.text_input[0].input("Regiodag Almere 2026")
    app.button(key="FormSubmitter:present.save_form-Save on the server").click().run()
    assert app.success[0].value == (
        "Saved as regiodag-almere-2026: replaces the earlier presentation of this title for "
        "everyone (which stays stored as version 1)."
    )
    assert len(Store(database_url).presentation_history("regiodag-almere-2026")) == 2


def test_an_unknown_presentation_in_the_url_opens_the_default(database_url: str) -> None:
    app = open_present(database_url, lang="en", presentation="../secrets")
    assert app.selectbox(key="presentation").value == "default"
    assert app.title[0].value == "Digital ecosystems compared"


def test_a_save_the_server_cannot_write_says_so_and_keeps_the_slides(database_url: str) -> None:
    store = Store(database_url)
    store.ensure_ready()
    refuse_inserts(store, "presentation_versions")
    app = AppTest.from_file(APP, default_timeout=90)
    app.query_params["lang"] = "en"
    app.session_state["present.draft"] = [("clusters", {})]
    app.session_state["analyst"] = "ana"
    app.run()
    app.switch_page("app_pages/present.py").run()
    app.text_input[0].input("Regiodag")
    app.button(key="FormSubmitter:present.save_form-Save on the server").click().run()
    assert not app.exception
    assert app.error[0].value.startswith("Saving failed")
    assert app.session_state["present.draft"] == [("clusters", {})]


ROUND_TRIPS = {
    "compare": ("compare", {"regions": "GM0034,MRA", "measure": "campus_companies", "per": "per_100k"}),
    "events": ("events", {"event": "dutch-design-week", "event_measure": "designers"}),
    "campuses": ("campuses", {"campus_measure": "jobs"}),
    "map": ("map", {"map_measure": "population", "layers": "campuses,events", "level": "municipalities"}),
    "data_centres_context": ("data_centres", {"series": "dda_power_capacity_mw"}),
}


@pytest.mark.parametrize("kind", sorted(ROUND_TRIPS))
def test_a_shared_url_reopens_the_same_view_and_slide(kind: str, database_url: str) -> None:
    """Open a view from a URL, add it to a presentation: the slide carries exactly the URL's
    selections, and the QR code's live URL reopens them."""
    page, params = ROUND_TRIPS[kind]
    app = AppTest.from_file(APP, default_timeout=90)
    for name, value in {"lang": "en", **params}.items():
        app.query_params[name] = value
    app.run()
    app.switch_page(f"app_pages/{page}.py").run()
    assert not app.exception, [exception.message for exception in app.exception]
    for name, value in params.items():
        assert app.query_params[name] in (value, [value])  # still in the URL after the page drew
    app.button(key=f"add.{kind}").click().run()
    ((added_kind, settings),) = app.session_state["present.draft"]
    assert (added_kind, settings) == (kind, params)

    frames = {key: dataset.load_curated() for key, dataset in datasets.DATASETS.items()}
    shown = decks.build(decks.SlideSpec(kind, settings), frames, "en")
    reopened = AppTest.from_file(APP, default_timeout=90)
    url_query = dict(item.split("=", 1) for item in links.live_url(shown, "en").split("?", 1)[1].split("&"))
    for name, value in url_query.items():
        reopened.query_params[name] = value.replace("%2C", ",")
    reopened.run()
    reopened.switch_page(f"app_pages/{page}.py").run()
    reopened.button(key=f"add.{kind}").click().run()
    assert reopened.session_state["present.draft"] == [(kind, params)]
