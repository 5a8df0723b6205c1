"""The present page: slides from the default presentation, controls, URL and QR code."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import datasets, presentation
from dashboard.views import present

APP = str(Path(__file__).resolve().parents[1] / "app.py")


def open_present(database_url: str, **params: str) -> AppTest:
    app = AppTest.from_file(APP, default_timeout=90)
    for name, value in params.items():
        app.query_params[name] = value
    app.run()
    app.switch_page("app_pages/present.py").run()
    assert not app.exception, [exception.message for exception in app.exception]
    return app


def button(app: AppTest, label: str):  # type: ignore[no-untyped-def]
    return next(candidate for candidate in app.button if label in candidate.label)


def test_first_slide_with_source_line_progress_and_qr(database_url: str) -> None:
    app = open_present(database_url, lang="en")
    assert app.title[0].value == "Operating data centres named in the sources"
    assert any(caption.value.startswith("Source:") for caption in app.caption)
    assert app.get("progress")[0].proto.text == "Slide 1 of 6"
    assert len(app.get("image")) == 1  # the QR code


def test_next_previous_and_pause(database_url: str) -> None:
    app = open_present(database_url, lang="en")
    button(app, "Next").click().run()
    assert app.title[0].value == "Cluster organisation members per 100,000 inhabitants"
    button(app, "Previous").click().run()
    button(app, "Previous").click().run()
    assert app.title[0].value == "Campuses: Companies"  # wraps around to the last slide
    button(app, "Pause").click().run()
    assert button(app, "Resume")


def test_a_url_opens_a_given_slide(database_url: str) -> None:
    app = open_present(database_url, lang="nl", slide="3")
    assert app.title[0].value == "Floriade Expo 2022: Bezoekers"


def test_the_live_url_reopens_the_slides_view(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DASHBOARD_PUBLIC_URL", "https://dashboard.example.nl/")
    frames = {key: dataset.load_curated() for key, dataset in datasets.DATASETS.items()}
    slide = presentation.build(presentation.load().slides[0], frames, "nl")
    assert present.live_url(slide, "en") == (
        "https://dashboard.example.nl/vergelijk?regions=GM0034%2CLD-NOORD%2CBRAINPORT"
        "&measure=data_centres&per=absolute&lang=en"
    )
