"""The catalogue: both languages complete, every key the code asks for present."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from dashboard.catalog import schemas
from dashboard.text.i18n import LANGUAGES, catalogue, t

SOURCE = Path(__file__).resolve().parents[2] / "src" / "dashboard"
# t("section.name") and t(f"{PAGE}.name") with PAGE = "page" in the same module.
LITERAL_KEY = re.compile(r"""\bt\(\s*f?["']([a-z_{}A-Z]+\.[a-z_.{}A-Z-]+)["']""")
PAGE_CONSTANT = re.compile(r"""^PAGE: Final = ["'](\w+)["']""", re.MULTILINE)


def keys_used_in_code() -> set[str]:
    keys = set()
    for path in SOURCE.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        page = PAGE_CONSTANT.search(text)
        for found in LITERAL_KEY.findall(text):
            key = found.replace("{PAGE}", page.group(1)) if page else found
            if "{" not in key:  # keys built from data values are checked below, per value
                keys.add(key)
    return keys


def test_both_languages_define_the_same_keys() -> None:
    assert set(catalogue("nl")) == set(catalogue("en"))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_key_used_in_code_exists(lang: str) -> None:
    used = keys_used_in_code()
    assert len(used) > 50  # the scan found the code's keys, not nothing
    assert used - set(catalogue(lang)) == set()  # type: ignore[arg-type]


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize(("section", "values"), schemas.LABELLED_VALUES.items())
def test_every_enum_value_has_a_label(lang: str, section: str, values: tuple[str, ...]) -> None:
    assert {f"{section}.{value}" for value in values} <= set(catalogue(lang))  # type: ignore[arg-type]


def test_every_coded_value_the_code_shows_in_words_is_declared() -> None:
    """A page that writes t(f"status.{value}") shows a coded column in words; its values must
    be declared in schemas.LABELLED_VALUES, or the label test above would not see them."""
    shown = set()
    for path in SOURCE.rglob("*.py"):
        shown |= set(re.findall(r"""\bt\(f["']([a-z_]+)\.\{""", path.read_text(encoding="utf-8")))
    # Sections keyed by other declarations, each checked where that declaration is tested.
    declared_elsewhere = {
        "column",
        "compare",
        "export",
        "indicator",
        "ingest",
        "measure",
        "measure_short",
        "unit",
    }
    assert shown - declared_elsewhere == set(schemas.LABELLED_VALUES)


def test_placeholders_are_filled() -> None:
    assert t("qualifier.approx", "nl", value="80") == "ca. 80"
    assert t("compare.overlap", "en", inner="Almere", outer="MRA").startswith("Almere lies within MRA")
