"""Numbers, ranges and dates as each language writes them (Babel), for captions and tables."""

from __future__ import annotations

import html
import re
from datetime import date, datetime
from typing import TYPE_CHECKING, Final, SupportsFloat, SupportsInt, cast
from zoneinfo import ZoneInfo

import pandas as pd
from babel.dates import format_date, format_datetime
from babel.numbers import format_decimal

from dashboard.text.i18n import BABEL_LOCALES, Language, catalogue, t

if TYPE_CHECKING:
    from pandas._typing import ScalarOrNA

# The dashboard's readers are in the Netherlands and Flanders: times are shown on their clock,
# with the zone named (CET in winter, CEST in summer) so nobody has to guess.
READERS_ZONE: Final = ZoneInfo("Europe/Amsterdam")
_DATE_PART: Final = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")


def is_missing(value: object) -> bool:
    """None, NaN or pandas' NA: a figure nobody has found."""
    # pandas-stubs' is_scalar returns a plain bool rather than narrowing, so say what it checked.
    return value is None or (pd.api.types.is_scalar(value) and bool(pd.isna(cast("ScalarOrNA", value))))


# pandas-stubs types a single cell (``.at[]``, a row item, an ``itertuples`` field) as a
# union of every scalar pandas knows, which ``float()``/``int()`` do not accept. These
# helpers are for cells of numeric (or text) columns; the casts only state that.


def scalar_float(value: object) -> float | None:
    """A table cell as a float; None where it is missing."""
    return None if is_missing(value) else float(cast("SupportsFloat | str", value))


def scalar_int(value: object) -> int | None:
    """A table cell as an int; None where it is missing."""
    return None if is_missing(value) else int(cast("SupportsInt | str", value))


def scalar_text(value: object) -> str | None:
    """A table cell as text; None where it is missing."""
    return None if is_missing(value) else str(value)


def number(value: float | None, lang: Language, *, decimals: int | None = None) -> str:
    """1500000 -> '1.500.000' (nl) or '1,500,000' (en); None -> 'onbekend'/'unknown'."""
    if value is None or is_missing(value):
        return t("common.unknown", lang)
    if decimals is None:
        decimals = 0 if float(value).is_integer() else (1 if abs(value) >= 100 else 3)
    pattern = "#,##0" + ("." + "#" * decimals if decimals else "")
    return str(format_decimal(value, format=pattern, locale=BABEL_LOCALES[lang]))


def figure(
    low: float | None,
    high: float | None,
    lang: Language,
    *,
    qualifier: str | None = None,
    unit: str = "",
    decimals: int | None = None,
) -> str:
    """A figure as its source stated it: exact, a range, one-sided, approximate or unknown."""
    low = None if is_missing(low) else low
    high = None if is_missing(high) else high
    qualifier = None if is_missing(qualifier) else qualifier
    if low is None and high is None:
        return t("common.unknown", lang)
    lower = None if low is None else number(low, lang, decimals=decimals)
    upper = None if high is None else number(high, lang, decimals=decimals)
    # A range narrower than the shown precision reads as one number, not "13,8-13,8".
    text = f"{lower}–{upper}" if lower and upper and lower != upper else str(lower or upper)
    if qualifier:
        text = t(f"qualifier.{qualifier}", lang, value=text)
    return f"{text} {unit_label(unit, lang)}".strip()


def unit_label(unit: str, lang: Language) -> str:
    """A unit as the data writes it ("organisations", "MEUR") in the reader's language; a unit
    the catalogue does not know (an upload's own) is shown as written."""
    return catalogue(lang).get(f"unit.{unit}", unit) if unit else ""


def _parse(part: str) -> tuple[int, int | None, int | None]:
    match = _DATE_PART.match(part)
    if not match:
        raise ValueError(f"not a reference date: {part!r}")
    year, month, day = match.groups()
    return int(year), int(month) if month else None, int(day) if day else None


def moment(value: datetime, lang: Language) -> str:
    """A stored UTC time on the readers' clock: '4 dec 2026 20:15 CET' (nl), '4 Dec 2026 20:15 CET' (en)."""
    return str(format_datetime(value, "d MMM y HH:mm zzz", tzinfo=READERS_ZONE, locale=BABEL_LOCALES[lang]))


def ref_date(value: str | None, lang: Language) -> str:
    """'2021-10-14' -> '14 okt 2021'; '2023/2024' -> '2023–2024' (an inferred period)."""  # noqa: RUF002  the output really uses an en dash
    if value is None or is_missing(value) or not str(value).strip():
        return t("common.undated", lang)
    parts = [_one_date(part, lang) for part in str(value).split("/")]
    return "–".join(parts)


def day(value: date, lang: Language) -> str:
    """A day written out, for a title slide: '4 december 2026', '4 December 2026'."""
    return str(format_date(value, "d MMMM y", locale=BABEL_LOCALES[lang]))


def _one_date(part: str, lang: Language) -> str:
    year, month, day = _parse(part)
    locale = BABEL_LOCALES[lang]
    if month is None:
        return str(year)
    if day is None:
        return str(format_date(date(year, month, 1), "MMM y", locale=locale))
    return str(format_date(date(year, month, day), "d MMM y", locale=locale))


def ref_bounds(value: str) -> tuple[date, date]:
    """The first and last day a reference date or period covers."""
    start, _, end = value.partition("/")
    return _first_day(start), _last_day(end or start)


def _first_day(part: str) -> date:
    year, month, day = _parse(part)
    return date(year, month or 1, day or 1)


def _last_day(part: str) -> date:
    year, month, day = _parse(part)
    if month is None:
        return date(year, 12, 31)
    if day is None:
        next_month = date(year + month // 12, month % 12 + 1, 1)
        return date.fromordinal(next_month.toordinal() - 1)
    return date(year, month, day)


def decimal_year(moment: date) -> float:
    """A date as a fractional year, for time axes that must show periods as error bars."""
    start = date(moment.year, 1, 1).toordinal()
    length = date(moment.year + 1, 1, 1).toordinal() - start
    return moment.year + (moment.toordinal() - start) / length


def html_escape(value: object) -> str:
    """Text from data, made safe for places that render HTML (plotly hover, map popups)."""
    return html.escape(str(value), quote=True)


def short_note(text: object, limit: int) -> str:
    """A note cut at a word boundary to at most about ``limit`` characters, with "…" when cut:
    a table shows the start, the full note is one click away."""
    whole = scalar_text(text) or ""
    if len(whole) <= limit:
        return whole
    cut = whole[:limit].rsplit(" ", 1)[0].rstrip(" ,;:.(")
    return f"{cut} …"
