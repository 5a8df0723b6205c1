"""Numbers, ranges and dates per language."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from dashboard.text import formatting
from dashboard.text.i18n import Language


@pytest.mark.parametrize(
    ("lang", "expected"), [pytest.param("nl", "1.500.000", id="nl"), pytest.param("en", "1,500,000", id="en")]
)
def test_thousands_follow_the_language(lang: str, expected: str) -> None:
    assert formatting.number(1_500_000, lang) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("low", "high", "qualifier", "lang", "expected"),
    [
        pytest.param(1_500_000, 2_000_000, None, "nl", "1.500.000–2.000.000", id="range-nl"),
        pytest.param(685_189, 685_189, None, "en", "685,189", id="exact-en"),
        pytest.param(80, 80, "approx", "nl", "ca. 80", id="approx-nl"),
        pytest.param(10, None, "more_than", "en", "more than 10", id="one-sided-en"),
        pytest.param(None, None, None, "nl", "onbekend", id="unknown-nl"),
        pytest.param(float("nan"), float("nan"), None, "en", "unknown", id="nan-is-unknown"),
        pytest.param(7.025, 7.025, None, "nl", "7,025", id="decimal-comma"),
    ],
)
def test_figures_read_as_stated(low: float, high: float, qualifier: str, lang: str, expected: str) -> None:
    assert formatting.figure(low, high, lang, qualifier=qualifier) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("value", "lang", "expected"),
    [
        pytest.param("2021", "nl", "2021", id="year"),
        pytest.param("2021-10", "en", "Oct 2021", id="month-en"),
        pytest.param("2022-10-09", "nl", "9 okt 2022", id="day-nl"),
        pytest.param("2023/2024", "en", "2023–2024", id="inferred-period"),
        pytest.param(None, "nl", "ongedateerd", id="undated"),
    ],
)
def test_reference_dates(value: str | None, lang: str, expected: str) -> None:
    assert formatting.ref_date(value, lang) == expected  # type: ignore[arg-type]


def test_reference_bounds_cover_the_whole_period() -> None:
    assert [str(day) for day in formatting.ref_bounds("2011/2013")] == ["2011-01-01", "2013-12-31"]
    assert [str(day) for day in formatting.ref_bounds("2024-02")] == ["2024-02-01", "2024-02-29"]


def test_html_escape_neutralises_markup() -> None:
    assert (
        formatting.html_escape('<img src=x onerror="alert(1)">')
        == "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;"
    )


@pytest.mark.parametrize(
    ("unit", "lang", "expected"),
    [
        pytest.param("organisations", "nl", "79 organisaties", id="organisations-nl"),
        pytest.param("companies", "nl", "79 bedrijven", id="companies-nl"),
        pytest.param("trade missions", "nl", "79 handelsmissies", id="two-words-nl"),
        pytest.param("organisations", "en", "79 organisations", id="organisations-en"),
        pytest.param("furlongs", "nl", "79 furlongs", id="unknown-unit-as-written"),
    ],
)
def test_units_follow_the_language(unit: str, lang: str, expected: str) -> None:
    assert formatting.figure(79, 79, lang, unit=unit) == expected  # type: ignore[arg-type]


def test_a_long_note_is_cut_at_a_word_with_an_ellipsis() -> None:
    note = "PeeringDB facility; power and floor area not stated. Address from the operator's own page."
    short = formatting.short_note(note, 40)
    assert short == "PeeringDB facility; power and floor …"
    assert formatting.short_note("Short note.", 40) == "Short note."
    assert formatting.short_note(None, 40) == ""


@pytest.mark.parametrize(
    ("moment", "lang", "expected"),
    [
        (datetime(2026, 12, 4, 19, 15, tzinfo=UTC), "nl", "4 dec 2026 20:15 CET"),
        (datetime(2026, 12, 4, 19, 15, tzinfo=UTC), "en", "4 Dec 2026 20:15 CET"),
        (datetime(2026, 7, 4, 19, 15, tzinfo=UTC), "nl", "4 jul 2026 21:15 CEST"),
    ],
)
def test_stored_times_are_shown_on_the_amsterdam_clock_with_the_zone(
    moment: datetime, lang: Language, expected: str
) -> None:
    assert formatting.moment(moment, lang) == expected
