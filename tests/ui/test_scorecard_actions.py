"""The scorecard page offers what every chart offers: the PNG/SVG/CSV/PowerPoint downloads and
"add to presentation", through the same row as the compare page, and a presentation reopens it."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

from streamlit.testing.v1 import AppTest

from dashboard.catalog import datasets
from dashboard.present import decks, links

APP = str(Path(__file__).resolve().parents[2] / "app.py")
URL = {
    "regions": "GM0034,LD-NOORD,BRAINPORT,GM0363",
    "indicators": "data_centres:per_100k,cluster_members:per_100k",
    "method": "zscore",
    "weights": "3,1",
}


def open_page(page: str, **query: str) -> AppTest:
    app = AppTest.from_file(APP, default_timeout=90)
    for name, value in {"lang": "en", **query}.items():
        app.query_params[name] = value
    app.run()
    app.switch_page(f"app_pages/{page}.py").run()
    assert not app.exception, [exception.message for exception in app.exception]
    return app


def actions(app: AppTest, kind: str) -> tuple[list[str], list[str]]:
    """The labels of one chart's downloads, and its add-to-presentation button's label."""
    downloads = [
        element.proto.label
        for element in app.get("download_button")
        if element.proto.id and f"export.{kind}." in element.proto.id
    ]
    return downloads, [app.button(key=f"add.{kind}").label]


def test_the_scorecard_offers_the_compare_pages_downloads_and_add_button(database_url: str) -> None:
    scorecard = open_page("scorecard", **URL)
    compare = open_page("compare")
    assert actions(scorecard, "scorecard") == actions(compare, "compare")
    assert actions(scorecard, "scorecard")[0]  # not two empty lists
    assert all(not element.proto.disabled for element in scorecard.get("download_button"))


def test_the_scorecard_is_added_with_its_url_and_reopens(database_url: str) -> None:
    app = open_page("scorecard", **URL)
    app.button(key="add.scorecard").click().run()
    ((kind, settings),) = app.session_state["present.draft"]
    assert (kind, settings) == ("scorecard", URL)
    app.switch_page("app_pages/present.py").run()  # the present page shows it like any slide
    assert not app.exception, [exception.message for exception in app.exception]
    assert app.title[0].value == "Scorecard: Score and rank"

    frames = {key: dataset.load_curated() for key, dataset in datasets.DATASETS.items()}
    shown = decks.build(decks.SlideSpec(kind, settings), frames, "en")
    query = dict(parse_qsl(urlsplit(links.live_url(shown, "en")).query))
    reopened = open_page("scorecard", **query)
    reopened.button(key="add.scorecard").click().run()
    assert reopened.session_state["present.draft"] == [("scorecard", URL)]
