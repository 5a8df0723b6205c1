"""The branding file: the shipped example is valid, and each kind of mistake is refused with
the file and the field named."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from dashboard import branding, settings

EXAMPLE = settings.PROJECT_ROOT / "deploy" / "branding.example.toml"


def test_the_example_names_an_organisation_and_its_contact() -> None:
    parsed = branding.parse(EXAMPLE)
    assert parsed.name == "Gemeente Voorbeeld"
    assert parsed.contact.email == "digitoegankelijk@voorbeeld.nl"
    assert parsed.contact.web_form == "https://www.voorbeeld.nl/contact"


def test_without_the_setting_the_texts_stay_neutral(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(settings.BRANDING.name, raising=False)
    assert branding.current() == branding.NEUTRAL


def test_a_changed_file_is_read_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "branding.toml"
    path.write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.setenv(settings.BRANDING.name, str(path))
    assert branding.current().name == "Gemeente Voorbeeld"
    path.write_text(EXAMPLE.read_text(encoding="utf-8").replace('Voorbeeld"', 'Anders"', 1), encoding="utf-8")
    os.utime(path, (path.stat().st_atime, path.stat().st_mtime + 5))
    assert branding.current().name == "Gemeente Anders"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            '[organisation]\nname = "X"\ncolour = "#fff"\n[contact]\nemail = "a@b.nl"\n',
            "unknown [organisation] key 'colour'",
        ),
        ('[contact]\nemail = "a@b.nl"\n', "the [organisation] table is required"),
        ('[organisation]\nname = " "\n[contact]\nemail = "a@b.nl"\n', "[organisation] name is required"),
        (
            '[organisation]\nname = "X"\n[contact]\nemail = "not an address"\n',
            "contact.email 'not an address'",
        ),
        (
            '[organisation]\nname = "X"\n[contact]\naddress = "Postbus 1"\n',
            "at least one of email, phone, web_form",
        ),
        ('[organisation]\nname = "X"\n[contact]\nphone = 14020\n', "contact.phone must be text"),
        (
            '[organisation]\nname = "X"\n[contact]\nweb_form = "www.x.nl"\n',
            "web_form must start with https://",
        ),
        ("[organisation\n", "not valid TOML"),
    ],
)
def test_a_mistake_names_the_file_and_the_field(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "branding.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(branding.BrandingError) as refused:
        branding.parse(path)
    assert str(refused.value).startswith(f"{path}: ")
    assert message in str(refused.value)


def test_a_missing_file_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(settings.BRANDING.name, str(tmp_path / "nowhere.toml"))
    with pytest.raises(branding.BrandingError, match="cannot read the branding file"):
        branding.current()
