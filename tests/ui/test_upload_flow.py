"""The analyst's flow through the real router: sign in, upload, report, diff, publish,
history, rollback. Viewers never reach it, and the views check the role themselves."""

from __future__ import annotations

import dataclasses
import io
import re
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from dashboard.catalog import datasets
from dashboard.files import downloads
from dashboard.present import decks
from dashboard.present.decks import SlideSpec
from dashboard.store import Store, accounts
from dashboard.testing import refuse_inserts
from dashboard.ui import url_state

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")


@pytest.fixture
def analyst(request: pytest.FixtureRequest) -> str:
    """Analyst "ana" in the test's store (``store_url`` or ``database_url``)."""
    fixture = "store_url" if "store_url" in request.fixturenames else "database_url"
    store = Store(request.getfixturevalue(fixture))
    store.ensure_ready()
    accounts.add_user("ana", "correct horse battery", store)
    store.engine.dispose()
    return "ana"


def dutch_excel(frame: object) -> bytes:
    return frame.to_csv(sep=";", decimal=",", index=False, lineterminator="\r\n").encode("cp1252")  # type: ignore[attr-defined]


def app_as(analyst: str | None) -> AppTest:
    app = AppTest.from_file(APP, default_timeout=90)
    if analyst:
        app.session_state["analyst"] = analyst
    app.run()
    assert not app.exception, [exception.message for exception in app.exception]
    return app


SIGN_IN_FIRST = {
    "nl": ("Log eerst in als analist", "Naar inloggen"),
    "en": ("Sign in first as an analyst", "Go to sign-in"),
}


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("page", ["upload", "history"])
def test_an_analyst_page_opened_signed_out_says_sign_in_first_with_a_link(
    page: str, lang: str, database_url: str, analyst: str
) -> None:
    """A viewer or a signed-out analyst's bookmark on /upload or /historie is told to sign in,
    on that page (it used to land silently on the Overview), and gets nothing else."""
    app = AppTest.from_file(APP, default_timeout=90)
    app.query_params["lang"] = lang
    app.run()
    app.switch_page(f"app_pages/{page}.py").run()
    assert not app.exception, [exception.message for exception in app.exception]
    message, link = SIGN_IN_FIRST[lang]
    assert [warning.value for warning in app.warning if warning.value.startswith(message)]
    links = app.get("page_link")
    assert [element.proto.label for element in links] == [link]
    assert links[0].proto.page == "analisten"
    assert not app.get("file_uploader")
    assert not app.button


def test_sign_in_with_a_local_account_opens_the_analyst_pages(database_url: str, analyst: str) -> None:
    app = app_as(None)
    app.switch_page("app_pages/access.py").run()
    app.text_input[0].set_value("ana")
    app.text_input[1].set_value("wrong password")
    app.button[0].click().run()
    assert app.error
    assert "klopt niet" in app.error[0].value
    app.text_input[0].set_value("ana")
    app.text_input[1].set_value("correct horse battery")
    app.button[0].click().run()
    assert app.session_state["analyst"] == "ana"
    app.switch_page("app_pages/upload.py").run()
    assert not app.exception
    assert app.title[0].value == "Upload"


def with_bobs_version(database_url: str) -> tuple[Store, pd.DataFrame]:
    """A store where Bob has published version 2 (the curated data centres less one site)."""
    store = Store(database_url)
    store.ensure_ready()
    curated = store.load("data_centres")
    store.publish("data_centres", curated.iloc[:-1], user="bob", based_on=1, origin="upload")
    return store, curated


def open_rollback_to_version_1(app: AppTest) -> None:
    """On Historie, pick version 1 and tick the confirmation, as an analyst would."""
    app.switch_page("app_pages/history.py").run()
    app.selectbox[1].set_value(1).run()
    app.checkbox[0].check().run()


def click_rollback(app: AppTest) -> None:
    next(button for button in app.button if "Terugzetten" in button.label).click().run()


def test_upload_report_diff_publish_history_rollback(store_url: str, analyst: str) -> None:
    """The issue's 'done when', on SQLite and on PostgreSQL: take the current data centres
    as .xlsx, edit them, save as Dutch CSV, upload, read the report, see the diff, publish,
    roll back."""
    dataset = datasets.get("data_centres")
    current = Store(store_url)
    current.ensure_ready()
    workbook = downloads.to_xlsx(current.load("data_centres"), dataset.key)
    edited = pd.read_excel(io.BytesIO(workbook), sheet_name=dataset.key)
    edited.loc[0, "note"] = "Gebeld met de exploitant: € 0 investering bekend"
    edited = edited.iloc[:-1]  # one site removed

    app = app_as("ana")
    app.switch_page("app_pages/upload.py").run()
    app.get("file_uploader")[0].set_value(("datacenters.csv", dutch_excel(edited), "text/csv")).run()
    assert not app.exception, [exception.message for exception in app.exception]
    assert any("Geen problemen" in success.value for success in app.success)
    counts = {metric.label: metric.value for metric in app.metric}
    assert (counts["Toegevoegd"], counts["Verwijderd"], counts["Gewijzigd"]) == ("0", "1", "1")
    app.text_input[0].set_value("check by phone")
    app.button[0].click().run()
    assert any("versie 2" in success.value for success in app.success), [s.value for s in app.success]
    # The published file has left the page: nothing invites a second click.
    assert app.get("file_uploader")[0].value is None
    assert not [button for button in app.button if "Publiceren" in button.label]
    assert not app.text_input  # the note goes with the file

    store = Store(store_url)
    assert store.current_version("data_centres") == 2
    assert store.history("data_centres")[0].created_by == "ana"
    assert store.history("data_centres")[0].note == "check by phone"
    assert len(store.load("data_centres")) == len(edited)

    open_rollback_to_version_1(app)
    click_rollback(app)
    assert any("versie 3" in success.value for success in app.success)
    assert store.current_version("data_centres") == 3
    assert len(store.load("data_centres")) == len(edited) + 1
    assert not app.checkbox[0].value  # confirmed once, for one rollback
    # The table already lists the new version; notes the store wrote itself read in Dutch.
    notes = list(app.table[0].value["Toelichting"])
    assert notes == [
        "teruggezet naar versie 1",
        "check by phone",
        "gegevens zoals meegeleverd met het dashboard",
    ]


def test_a_rollback_is_refused_when_someone_published_after_the_page_was_drawn(
    database_url: str, analyst: str
) -> None:
    store, curated = with_bobs_version(database_url)
    app = app_as("ana")
    open_rollback_to_version_1(app)
    # Bob publishes again while Ana reads the confirmation that names version 3.
    store.publish("data_centres", curated.iloc[:-2], user="bob", based_on=2, origin="upload")
    click_rollback(app)
    assert app.error[0].value.startswith("Iemand anders heeft intussen gepubliceerd (u zag versie 2")
    assert store.current_version("data_centres") == 3
    assert len(store.load("data_centres")) == len(curated) - 2  # Bob's version stands


def test_a_publish_or_rollback_the_database_refuses_says_so_and_keeps_the_file(
    database_url: str, analyst: str
) -> None:
    store, curated = with_bobs_version(database_url)
    refuse_inserts(store, "dataset_versions")

    app = app_as("ana")
    app.switch_page("app_pages/upload.py").run()
    app.get("file_uploader")[0].set_value(("datacenters.csv", dutch_excel(curated), "text/csv")).run()
    app.button[0].click().run()
    assert not app.exception, [exception.message for exception in app.exception]
    assert app.error[0].value.startswith("Publiceren is mislukt: de server kan niet in zijn database")
    assert any("Publiceren als versie 3" in button.label for button in app.button)  # the file is still there

    open_rollback_to_version_1(app)
    click_rollback(app)
    assert not app.exception, [exception.message for exception in app.exception]
    assert app.error[0].value.startswith("Terugzetten is mislukt")
    assert store.current_version("data_centres") == 2


def test_a_rejected_upload_changes_nothing(database_url: str, analyst: str) -> None:
    dataset = datasets.get("data_centres")
    broken = dataset.load_curated()
    broken.loc[2, "status"] = "half open"
    app = app_as("ana")
    app.switch_page("app_pages/upload.py").run()
    app.get("file_uploader")[0].set_value(("datacenters.csv", dutch_excel(broken), "text/csv")).run()
    assert app.error
    assert "Problemen gevonden: 1" in app.error[0].value
    assert not [button for button in app.button if "Publiceren" in button.label]
    assert Store(database_url).current_version("data_centres") == 1


def test_history_lists_every_save_of_a_presentation_and_restores_one(database_url: str, analyst: str) -> None:
    store = Store(database_url)
    first = decks.Presentation("regiodag", "Regiodag", "Regional day", 20, (SlideSpec("clusters"),))
    second = dataclasses.replace(
        first, title_nl="Regiodag, herzien", slides=(*first.slides, SlideSpec("map"))
    )
    store.save_presentation("regiodag", decks.dumps(first), user="ana")
    store.save_presentation("regiodag", decks.dumps(second), user="bob")

    app = app_as("ana")
    app.switch_page("app_pages/history.py").run()
    assert not app.exception, [exception.message for exception in app.exception]
    saves = app.table[-1].value
    assert list(saves["Versie"]) == [2, 1]
    assert list(saves["Wie"]) == ["bob", "ana"]
    assert list(saves["Titel"]) == ["Regiodag, herzien", "Regiodag"]
    assert list(saves["Dia's"]) == [2, 1]
    # The picker names a presentation by its newest title, as the presenter's picker does.
    assert app.selectbox(key=url_state.HISTORY_PRESENTATION).options == ["Regiodag, herzien (regiodag)"]

    restore = next(button for button in app.button if "Versie 1 opnieuw opslaan" in button.label)
    restore.click().run()
    assert app.success[-1].value == "Versie 1 van regiodag is opnieuw opgeslagen als versie 3."
    assert list(app.table[-1].value["Versie"]) == [3, 2, 1]  # the table already lists it
    assert app.selectbox(key=url_state.HISTORY_PRESENTATION).options == ["Regiodag (regiodag)"]
    assert decks.loads("regiodag", store.saved_presentations()["regiodag"]) == first
    assert [entry.created_by for entry in store.presentation_history("regiodag")] == ["ana", "bob", "ana"]

    # Restoring the same version again (a second click) is answered and writes nothing.
    app.selectbox(key=f"{url_state.HISTORY_PRESENTATION}.regiodag.version").select(1).run()
    next(button for button in app.button if "Versie 1 opnieuw opslaan" in button.label).click().run()
    assert app.success[-1].value == (
        "regiodag versie 3 heeft al de inhoud van versie 1: er is niets opnieuw opgeslagen."
    )
    assert [entry.version for entry in store.presentation_history("regiodag")] == [3, 2, 1]


READABLE_DIFF = {  # the power columns' titles, the edited value, and Historie's time pattern
    "nl": ("Vermogen, ondergrens (MW)", "12,5", r"\d{1,2} [a-z]{3} \d{4} \d\d:\d\d CES?T"),
    "en": ("Power, low (MW)", "12.5", r"\d{1,2} [A-Z][a-z]{2} \d{4} \d\d:\d\d CES?T"),
}


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_diff_reads_as_the_reader_writes_and_history_gives_local_times(
    lang: str, database_url: str, analyst: str
) -> None:
    """Column titles instead of field names, empty cells empty, numbers in the reader's format;
    Historie's times on the Amsterdam clock with the zone."""
    store = Store(database_url)
    store.ensure_ready()
    edited = store.load("data_centres")
    almere = edited.index[edited["dc_id"] == "northc-almere-aer01"][0]
    assert edited.loc[almere, "capacity_mw_low"] == 11.0  # the curated figure this test edits
    edited.loc[almere, ["capacity_mw_low", "capacity_mw_high"]] = 12.5
    unknown_power = edited.index[edited["capacity_mw_low"].isna()][0]
    edited.loc[unknown_power, "capacity_mw_high"] = 3.0  # one bound filled, the other stays empty
    app = AppTest.from_file(APP, default_timeout=90)
    app.query_params["lang"] = lang
    app.session_state["analyst"] = analyst
    app.run()
    app.switch_page("app_pages/upload.py").run()
    app.get("file_uploader")[0].set_value(("dc.csv", dutch_excel(edited), "text/csv")).run()
    assert not app.exception, [exception.message for exception in app.exception]
    table = app.dataframe[-1].value
    shown = table.data if hasattr(table, "data") else table  # a Styler carries its frame in .data
    low, becomes, when = READABLE_DIFF[lang]
    assert "capacity_mw_low" not in shown.columns
    assert shown[low].tolist() == ["", "", "11", becomes]  # was / becomes, for each changed site
    cells = shown.astype(str).to_numpy().ravel().tolist()
    assert not {"None", "nan", "<NA>"} & set(cells)
    assert not any("12.500000" in cell or "12,500000" in cell for cell in cells)

    app.switch_page("app_pages/history.py").run()
    column = "Wanneer" if lang == "nl" else "When"
    times = list(app.table[0].value[column])
    assert times
    assert all(re.fullmatch(when, str(moment)) for moment in times), times
