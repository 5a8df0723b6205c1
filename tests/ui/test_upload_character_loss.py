"""The upload page with a Dutch CSV that lost characters: the cells are marked, a warning
explains it, and nothing is published until the analyst confirms (issue 14)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.catalog import datasets
from dashboard.files.upload import read_upload
from dashboard.store import Store, accounts
from dashboard.ui.pages import upload as upload_page

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")
FIXTURES = ROOT / "tests" / "fixtures" / "character_loss"
WARNING = {
    "nl": "**Tekens gaan verloren in 5 cellen.** Het bestand is opgeslagen als cp1252",
    "en": "**Characters are lost in 5 cells.** The file was saved as cp1252",
}
CONFIRM = {
    "nl": "Ik begrijp dat deze tekens verloren gaan en wil toch publiceren",
    "en": "I understand these characters will be lost and want to publish anyway",
}


@pytest.fixture
def store(database_url: str) -> Store:
    """Analyst "ana", and current data centres whose notes hold → ≥ ł ő, a prime and an emoji, as an
    earlier UTF-8 upload left them (version 2)."""
    store = Store(database_url)
    store.ensure_ready()
    accounts.add_user("ana", "correct horse battery", store)
    dataset = datasets.get("data_centres")
    frame, report = read_upload((FIXTURES / "data_centres-export.csv").read_bytes(), "export.csv", dataset)
    assert report.ok
    store.publish("data_centres", frame, user="bob", based_on=1, origin="upload")
    return store


def upload_page_with(name: str, lang: str = "nl") -> AppTest:
    app = AppTest.from_file(APP, default_timeout=90)
    app.session_state["analyst"] = "ana"
    app.query_params["lang"] = lang
    app.run()
    app.switch_page("app_pages/upload.py").run()
    app.selectbox[0].set_value("data_centres").run()
    app.get("file_uploader")[0].set_value((name, (FIXTURES / name).read_bytes(), "text/csv")).run()
    assert not app.exception, [exception.message for exception in app.exception]
    return app


def red_cells(app: AppTest) -> set[tuple[int, int]]:
    """(row, column) of the diff table's cells styled as lost characters."""
    styles = app.dataframe[-1].proto.arrow_data.styler.styles
    cells = set()
    for selectors, css in re.findall(r"([^{}]+)\{([^}]*)\}", styles):
        if css.strip() == upload_page.LOST_CELL_STYLE:
            cells |= {(int(row), int(column)) for row, column in re.findall(r"row(\d+)_col(\d+)", selectors)}
    return cells


def publish_button(app: AppTest) -> object:
    return next(button for button in app.button if button.label.startswith(("Publiceren als", "Publish as")))


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_lost_characters_are_explained_marked_and_block_publishing(store: Store, lang: str) -> None:
    app = upload_page_with("data_centres-libreoffice-cp1252.csv", lang)
    assert [warning.value for warning in app.warning if warning.value.startswith(WARNING[lang])]
    # The cells, as in the file's own problems table: row, column, what the file holds.
    lost = app.table[-1].value
    assert list(lost.iloc[:, 0]) == [2, 3, 4, 5, 6]
    assert "Capaciteit 10 ? 20 MW (uitbreiding)" in list(lost.iloc[:, 2])
    # In the diff the five cells are red; the unchanged row with typographic quotes is not there.
    assert red_cells(app) == {(row, 2) for row in range(10)}  # column 2: Toelichting / Note
    assert app.checkbox[0].label == CONFIRM[lang]
    assert not app.checkbox[0].value
    assert publish_button(app).disabled  # type: ignore[attr-defined]


def test_nothing_is_published_without_the_confirmation_and_then_it_is(store: Store) -> None:
    app = upload_page_with("data_centres-libreoffice-cp1252.csv")
    app.text_input[0].set_value("notes from the phone call").run()
    assert publish_button(app).disabled  # type: ignore[attr-defined]  # AppTest, like a browser, cannot click it
    app.checkbox[0].check().run()
    app.checkbox[0].uncheck().run()
    assert publish_button(app).disabled  # type: ignore[attr-defined]
    assert store.current_version("data_centres") == 2

    app.checkbox[0].check().run()
    assert not publish_button(app).disabled  # type: ignore[attr-defined]
    publish_button(app).click().run()  # type: ignore[attr-defined]
    assert any("versie 3" in success.value for success in app.success), [s.value for s in app.success]
    assert store.current_version("data_centres") == 3
    assert store.load("data_centres")["note"].iloc[0] == "Capaciteit 10 ? 20 MW (uitbreiding)"


def test_a_utf_8_csv_of_the_same_data_asks_nothing(store: Store) -> None:
    app = upload_page_with("data_centres-libreoffice-utf8.csv")
    assert not app.warning
    assert not app.checkbox
    assert any("niets te publiceren" in info.value for info in app.info), [info.value for info in app.info]


def test_a_confirmation_does_not_carry_over_to_the_next_file(store: Store) -> None:
    app = upload_page_with("data_centres-libreoffice-cp1252.csv")
    app.checkbox[0].check().run()
    assert not publish_button(app).disabled  # type: ignore[attr-defined]
    lossy = (FIXTURES / "data_centres-libreoffice-cp1252.csv").read_bytes()
    other = lossy.replace(b"(uitbreiding)", b"(uitbreiding gepland)")
    app.get("file_uploader")[0].set_value(("other.csv", other, "text/csv")).run()
    assert not app.exception
    assert not app.checkbox[0].value
    assert publish_button(app).disabled  # type: ignore[attr-defined]
    assert store.current_version("data_centres") == 2
