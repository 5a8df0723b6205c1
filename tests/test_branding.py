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
    logo = EXAMPLE.with_name("branding-example-logo.svg")
    (tmp_path / logo.name).write_bytes(logo.read_bytes())
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


@pytest.mark.parametrize(
    ("colour", "ratio"),
    [("#767676", 4.54), ("#005A8C", 7.39), ("#000000", 21.0), ("#FFFFFF", 1.0), ("#1F6E43", 6.23)],
)
def test_contrast_with_white_follows_wcag(colour: str, ratio: float) -> None:
    assert round(branding.contrast_with_white(colour), 2) == ratio


def write_with(tmp_path: Path, extra: str) -> Path:
    path = tmp_path / "branding.toml"
    path.write_text(
        '[organisation]\nname = "X"\n' + extra + '[contact]\nemail = "a@b.nl"\n', encoding="utf-8"
    )
    return path


def test_a_light_colour_is_refused_with_its_ratio(tmp_path: Path) -> None:
    with pytest.raises(
        branding.BrandingError, match=r"#777777 has contrast 4\.48:1 with white text; at least 4\.5:1"
    ):
        branding.parse(write_with(tmp_path, '[style]\nprimary_colour = "#777777"\n'))
    assert (
        branding.parse(write_with(tmp_path, '[style]\nprimary_colour = "#767676"\n')).primary_colour
        == "#767676"
    )


@pytest.mark.parametrize(
    ("logo", "message"),
    [
        ("logo.gif", "must be an SVG or PNG file"),
        ("missing.svg", "'missing.svg' does not exist"),
        ("renamed.png", "'renamed.png' is not a PNG image"),
    ],
)
def test_a_wrong_logo_is_named(tmp_path: Path, logo: str, message: str) -> None:
    (tmp_path / "logo.gif").write_bytes(b"GIF89a")
    (tmp_path / "renamed.png").write_bytes(b"GIF89a")  # a GIF with a PNG's name
    path = tmp_path / "branding.toml"
    path.write_text(
        f'[organisation]\nname = "X"\nlogo = "{logo}"\n[contact]\nemail = "a@b.nl"\n', encoding="utf-8"
    )
    with pytest.raises(branding.BrandingError, match=message):
        branding.parse(path)


def test_the_example_sets_the_defaults() -> None:
    parsed = branding.parse(EXAMPLE)
    assert parsed.language == "nl"
    assert parsed.regions == ("GM0034", "NL-FL")


def test_without_defaults_dutch_and_the_focus_regions(tmp_path: Path) -> None:
    parsed = branding.parse(write_with(tmp_path, ""))
    assert parsed.language == "nl"
    assert parsed.regions == ()


def test_the_defaults_are_read(tmp_path: Path) -> None:
    parsed = branding.parse(
        write_with(tmp_path, '[defaults]\nlanguage = "en"\nregions = ["GM0363", "NL-FL", "GM0363"]\n')
    )
    assert parsed.language == "en"
    assert parsed.regions == ("GM0363", "NL-FL")  # a repeated id once


@pytest.mark.parametrize(
    ("defaults", "message"),
    [
        ('language = "de"', 'defaults.language must be "nl" or "en", not \'de\''),
        ('language = "NL"', 'defaults.language must be "nl" or "en", not \'NL\''),
        ("language = 1", 'defaults.language must be "nl" or "en", not 1'),
        ('regions = "GM0034"', "defaults.regions must be a list of region ids"),
        ("regions = []", "defaults.regions must be a list of region ids"),
        ("regions = [34]", "defaults.regions: 34 is not a region id"),
        ('regions = ["GM0034,NL-FL"]', "defaults.regions: 'GM0034,NL-FL' is not a region id"),
        ('region = ["GM0034"]', "unknown [defaults] key 'region'; allowed: language, regions"),
    ],
)
def test_a_wrong_default_names_the_file_and_the_field(tmp_path: Path, defaults: str, message: str) -> None:
    path = write_with(tmp_path, f"[defaults]\n{defaults}\n")
    with pytest.raises(branding.BrandingError) as refused:
        branding.parse(path)
    assert str(refused.value).startswith(f"{path}: ")
    assert message in str(refused.value)


def test_unknown_regions_are_those_the_data_lack() -> None:
    brand = branding.Branding(name="X", regions=("GM0034", "PV24", "NL-FL"))
    assert branding.unknown_regions(brand, {"GM0034", "NL-FL"}) == ["PV24"]
    assert branding.unknown_regions(branding.NEUTRAL, set()) == []
