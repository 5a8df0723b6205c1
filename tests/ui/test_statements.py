"""The accessibility and privacy statements in both languages, neutral and with a branding
file, linked below every page; a wrong branding file stops the app with a clear message."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import settings

APP = str(Path(__file__).resolve().parents[2] / "app.py")
EXAMPLE = settings.PROJECT_ROOT / "deploy" / "branding.example.toml"
HEADINGS = {
    "accessibility": {"nl": "Toegankelijkheidsverklaring", "en": "Accessibility statement"},
    "privacy": {"nl": "Privacyverklaring", "en": "Privacy statement"},
}


def open_page(page: str, lang: str) -> AppTest:
    app = AppTest.from_file(APP, default_timeout=90)
    app.query_params["lang"] = lang
    app.run()
    app.switch_page(f"app_pages/{page}.py").run()
    assert not app.exception, [exception.message for exception in app.exception]
    return app


def text_of(app: AppTest) -> str:
    return "\n".join(element.value for element in [*app.markdown, *app.info, *app.title, *app.header])


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("page", ["accessibility", "privacy"])
def test_a_neutral_installation_says_it_has_no_contact_yet(
    database_url: str, monkeypatch: pytest.MonkeyPatch, page: str, lang: str
) -> None:
    monkeypatch.delenv(settings.BRANDING.name, raising=False)
    app = open_page(page, lang)
    assert app.title[0].value == HEADINGS[page][lang]
    assert "DASHBOARD_BRANDING" in app.info[0].value
    assert "Gemeente Voorbeeld" not in text_of(app)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_accessibility_statement_follows_the_model(
    database_url: str, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    monkeypatch.setenv(settings.BRANDING.name, str(EXAMPLE))
    text = text_of(open_page("accessibility", lang))
    status = {"nl": "voldoet gedeeltelijk", "en": "partially complies"}[lang]
    checked = {"nl": "5 december 2026", "en": "5 December 2026"}[lang]
    assert status in text
    assert checked in text
    assert "axe-core" in text
    assert "Gemeente Voorbeeld" in text
    assert "mailto:digitoegankelijk@voorbeeld.nl" in text
    assert "https://www.voorbeeld.nl/contact" in text


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_privacy_statement_names_what_is_stored_and_every_cookie(
    database_url: str, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    monkeypatch.setenv(settings.BRANDING.name, str(EXAMPLE))
    text = text_of(open_page("privacy", lang))
    for cookie in ("_streamlit_xsrf", "dashboard_route", "dashboard_session", "_streamlit_user"):
        assert cookie in text
    assert "argon2" in text
    assert "SHA-256" in text
    assert "Gemeente Voorbeeld" in text


@pytest.mark.parametrize("page", ["overview", "sources", "access"])
def test_every_page_links_both_statements(database_url: str, page: str) -> None:
    app = open_page(page, "nl")
    links = {element.proto.label for element in app.get("page_link")}
    assert {"Toegankelijkheidsverklaring", "Privacyverklaring"} <= links


def test_a_wrong_branding_file_stops_the_app_saying_where(
    database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    wrong = tmp_path / "branding.toml"
    wrong.write_text('[organisation]\nname = "X"\n[contact]\nemail = "nope"\n', encoding="utf-8")
    monkeypatch.setenv(settings.BRANDING.name, str(wrong))
    app = AppTest.from_file(APP, default_timeout=90)
    app.run()
    assert not app.exception
    assert app.error[0].value.startswith("Het dashboard kan niet starten: het brandingbestand")
    assert f"{wrong}: contact.email 'nope'" in app.error[0].value
