"""Characters a Dutch CSV (Windows-1252) lost against the current version, and only those.

The files in fixtures/character_loss/ were made by LibreOffice Calc from the dashboard's own
export (scripts/make_character_loss_fixtures.py); the tests read the committed bytes.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from dashboard.catalog import datasets
from dashboard.files import character_loss, diff
from dashboard.files.character_loss import lost_characters, single_byte
from dashboard.files.upload import read_upload, with_character_loss

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "character_loss"


def lost_pairs(before: str, after: str, codec: str = "cp1252") -> list[tuple[str, str]]:
    return [(lost.before, lost.after) for lost in lost_characters(before, after, codec)]


@pytest.mark.parametrize(
    ("before", "after", "expected"),
    [
        pytest.param("x → y", "x ? y", [("→", "?")], id="arrow-question-mark"),
        pytest.param("5′ 3″", "5' 3\"", [("′", "'"), ("″", '"')], id="prime-libreoffice"),
        pytest.param("≥ 10", "? 10", [("≥", "?")], id="greater-equal-libreoffice"),
        pytest.param("≥ 10", "> 10", [("≥", ">")], id="greater-equal-look-alike"),
        pytest.param("≤ 10", "= 10", [("≤", "=")], id="less-equal-windows-best-fit"),
        pytest.param("Łódź", "?ód?", [("Ł", "?"), ("ź", "?")], id="polish-libreoffice"),
        pytest.param("Łódź", "Lódz", [("Ł", "L"), ("ź", "z")], id="polish-best-fit"),
        pytest.param("Győr", "Gyor", [("ő", "o")], id="accent-dropped-nfkd"),
        pytest.param("łl", "ll", [("ł", "l")], id="look-alike-next-to-itself"),
        pytest.param("groen 🌱 net", "groen ? net", [("🌱", "?")], id="emoji-one-question-mark"),
        pytest.param("groen 🌱 net", "groen ?? net", [("🌱", "??")], id="emoji-two-utf16-units-excel"),
        pytest.param("a → b → c", "a ? b ? c", [("→", "?"), ("→", "?")], id="twice"),
    ],
)
def test_a_pure_loss_names_every_character_and_its_replacement(
    before: str, after: str, expected: list[tuple[str, str]]
) -> None:
    assert lost_pairs(before, after) == expected


@pytest.mark.parametrize(
    ("before", "after"),
    [
        pytest.param("“Groen” – € ‘fase’ —", "“Groen” – € ‘fase’ —", id="cp1252-holds-typographic-quotes"),
        pytest.param("café", "cafe", id="cp1252-holds-e-acute-so-an-edit"),
        pytest.param("10 → 20 MW", "10 → 20 MW", id="unchanged"),
        pytest.param("10 → 20 MW", "30 MW", id="rewritten"),
        pytest.param("Wat → dit", "Iets heel anders?", id="rewritten-with-a-question-mark"),
        pytest.param("→", "x", id="replaced-by-something-else"),
        pytest.param("a → b", "a b", id="deleted-is-an-edit"),
        pytest.param("≥ 10", "< 10", id="opposite-sign-is-an-edit"),
    ],
)
def test_an_ordinary_edit_is_not_a_loss(before: str, after: str) -> None:
    assert lost_pairs(before, after) == []


def test_a_cell_also_edited_keeps_its_loss_only_while_most_of_it_is_kept() -> None:
    """The rule for mixed cells: flagged when at least half of the current text is unchanged."""
    assert lost_pairs("Capaciteit 10 → 20 MW", "Capaciteit 10 ? 25 MW") == [("→", "?")]
    assert lost_pairs("a → b", "a ? b, en meer tekst erbij") == [("→", "?")]
    assert lost_pairs("x → y", "?") == []


def test_latin_1_is_a_code_page_too() -> None:
    assert lost_pairs("€ 5 → 6", "? 5 ? 6", "iso8859-1") == [("€", "?"), ("→", "?")]


@pytest.mark.parametrize(
    ("encoding", "codec"),
    [
        ("cp1252", "cp1252"),
        ("latin-1", "iso8859-1"),
        ("utf-8", None),
        ("utf-8-sig", None),
        ("utf-16", None),
        ("xlsx", None),
        (None, None),
        ("no-such-codec", None),
    ],
)
def test_only_single_byte_code_pages_lose_characters(encoding: str | None, codec: str | None) -> None:
    assert single_byte(encoding) == codec


def read(name: str, key: str) -> pd.DataFrame:
    frame, report = read_upload((FIXTURES / name).read_bytes(), name, datasets.get(key))
    assert report.ok, [problem.message("en") for problem in report.problems]
    assert frame is not None
    return frame


def test_libreoffice_s_dutch_csv_of_the_curated_events_loses_the_arrows() -> None:
    """The issue's case, on the real curated events: the Floriade note's arrows become '?'."""
    dataset = datasets.get("events")
    name = "events-libreoffice-cp1252.csv"
    frame, report = read_upload((FIXTURES / name).read_bytes(), name, dataset)
    assert (report.ok, report.encoding, report.delimiter) == (True, "cp1252", ";")
    checked = with_character_loss(report, frame, dataset.load_curated(), dataset)
    (problem,) = checked.character_loss
    assert (problem.row, problem.column, problem.code) == (4, "note", "character_loss")
    assert problem.value is not None
    assert "(1.5M ? 800,000 ? 680,000)" in problem.value
    assert (problem.params["before"], problem.params["after"]) == (["→"], ["?"])
    assert problem.message("nl").startswith("Tekens die cp1252 niet kent, zijn vervangen: ‘→’ → ‘?’.")
    assert "‘CSV UTF-8’ of als Excel-werkmap (.xlsx)" in problem.message("nl")
    assert "Save the file as ‘CSV UTF-8’ or as an Excel workbook (.xlsx)" in problem.message("en")
    assert checked.as_json()["ok"] is False


def test_every_lost_cell_of_the_data_centre_notes_and_not_the_typographic_quotes() -> None:
    dataset = datasets.get("data_centres")
    current = read("data_centres-export.csv", "data_centres")
    upload = read("data_centres-libreoffice-cp1252.csv", "data_centres")
    cells = character_loss.find(current, upload, dataset, "cp1252")
    found = {cell.row: [(lost.before, lost.after) for lost in cell.lost] for cell in cells}
    assert found == {
        2: [("→", "?")],
        3: [("′", "'"), ("″", '"'), ("≥", "?")],
        4: [("Ł", "?"), ("ź", "?"), ("ő", "?")],
        5: [("🌱", "?")],
        6: [("≥", "?"), ("ł", "?"), ("ő", "?")],
    }  # row 7 holds “ ” ‘ ’ – € —, which cp1252 has: unchanged, not flagged
    assert {cell.column for cell in cells} == {"note"}
    assert (
        current.loc[5, "note"] == upload.loc[5, "note"] == "“Groen” datacenter – € 12 mln, ‘fase 2’ — gepland"
    )


def test_the_same_text_read_as_utf_8_loses_nothing() -> None:
    dataset = datasets.get("data_centres")
    current = read("data_centres-export.csv", "data_centres")
    upload = read("data_centres-libreoffice-cp1252.csv", "data_centres")
    assert character_loss.find(current, upload, dataset, "utf-8") == ()


@pytest.mark.parametrize(
    ("fixture", "key"),
    [("events", "events"), ("data_centres", "data_centres"), ("data_centres_ascii", "data_centres")],
)
@pytest.mark.parametrize("saved_as", ["libreoffice-utf8.csv", "libreoffice.xlsx"])
def test_export_then_libreoffice_then_upload_equals_the_export(fixture: str, key: str, saved_as: str) -> None:
    """The round trip an analyst makes with a UTF-8 CSV or a workbook changes nothing at all."""
    dataset = datasets.get(key)
    exported = read(f"{fixture}-export.csv", key)
    name = f"{fixture}-{saved_as}"
    frame, report = read_upload((FIXTURES / name).read_bytes(), name, dataset)
    assert report.ok
    assert report.warnings == ()
    assert frame is not None
    assert with_character_loss(report, frame, exported, dataset).character_loss == ()
    assert diff.compare(exported, frame, dataset.primary_key).is_empty
    pd.testing.assert_frame_equal(frame, exported)


def test_a_dutch_csv_that_became_pure_ascii_is_checked_as_cp1252() -> None:
    """Every non-ASCII character was an arrow, so the cp1252 file is ASCII and reads as UTF-8."""
    dataset = datasets.get("data_centres")
    current = read("data_centres_ascii-export.csv", "data_centres")
    name = "data_centres_ascii-libreoffice-cp1252.csv"
    frame, report = read_upload((FIXTURES / name).read_bytes(), name, dataset)
    assert report.encoding == "utf-8"
    lost = with_character_loss(report, frame, current, dataset).character_loss
    assert [(problem.row, problem.params["before"], problem.params["after"]) for problem in lost] == [
        (2, ["→"], ["?"]),
        (3, ["→"], ["?"]),
    ]
    assert lost[0].message("en").startswith("Characters ASCII cannot hold were replaced: ‘→’ → ‘?’.")


def test_which_files_are_checked_and_as_what() -> None:
    ascii_only = pd.DataFrame({"note": ["cafe", None], "n": [1.5, 2.0]})
    accented = pd.DataFrame({"note": ["café → x"]})
    assert character_loss.code_page("cp1252", accented) == character_loss.CodePage("cp1252", "cp1252")
    assert character_loss.code_page("utf-8", ascii_only) == character_loss.CodePage("cp1252", "ASCII")
    assert character_loss.code_page("utf-8", accented) is None  # UTF-8 held them: nothing lost
    assert character_loss.code_page("utf-8-sig", ascii_only) is None  # Excel's "CSV UTF-8" has a BOM
    assert character_loss.code_page("xlsx", ascii_only) is None
    assert character_loss.code_page("utf-16", ascii_only) is None


def test_the_export_itself_is_the_curated_data() -> None:
    """The fixtures start from what the dashboard really exports (guards a stale fixture)."""
    curated = datasets.get("events").load_curated()
    exported = read("events-export.csv", "events")
    assert diff.compare(curated, exported, datasets.get("events").primary_key).is_empty


def test_a_key_or_rows_missing_on_one_side_is_no_loss() -> None:
    dataset = datasets.get("data_centres")
    current = read("data_centres-export.csv", "data_centres")
    upload = read("data_centres-libreoffice-cp1252.csv", "data_centres")
    assert character_loss.find(current.iloc[:0], upload, dataset, "cp1252") == ()
    other_keys = upload.assign(dc_id=upload["dc_id"] + "-new")
    assert character_loss.find(current, other_keys, dataset, "cp1252") == ()


def test_a_check_that_fails_asks_for_the_same_consent(monkeypatch: pytest.MonkeyPatch) -> None:
    """A bug in the check must not let a damaged file through silently."""
    dataset = datasets.get("data_centres")
    current = read("data_centres-export.csv", "data_centres")
    name = "data_centres-libreoffice-cp1252.csv"
    frame, report = read_upload((FIXTURES / name).read_bytes(), name, dataset)

    def broken(*_arguments: object) -> None:
        raise ValueError("a bug")

    monkeypatch.setattr(character_loss, "find", broken)
    checked = with_character_loss(report, frame, current, dataset)
    (problem,) = checked.character_loss
    assert (problem.row, problem.code) == (None, "character_loss_unchecked")
    assert "CSV UTF-8" in problem.message("en")
    assert checked.as_json()["ok"] is False
