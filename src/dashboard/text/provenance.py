"""Where a figure came from, as text: captions, hover lines and source tables."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Final
from urllib.parse import quote

import pandas as pd

from dashboard.text import formatting
from dashboard.text.i18n import Language, t

CONFIDENCE_RANK: Final = {"low": 0, "medium": 1, "high": 2}
# Characters that Streamlit's markdown would interpret: emphasis, links, HTML, LaTeX ($)
# and the colon of auto-linked URLs. Text from data is shown literally, never as markup.
_MARKDOWN_SPECIAL: Final = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:&])")


def escape_markdown(text: object) -> str:
    return _MARKDOWN_SPECIAL.sub(r"\\\1", str(text))


# In one line of text (a table cell, a title, a caption) only what could turn it into a
# link, emphasis, code, maths or a block needs escaping (Streamlit renders no raw HTML in
# markdown); "(", ":" and "." stay readable in the text AppTest and screen readers see.
_LINE_SPECIAL: Final = re.compile(r"([\\`*_\[\]~$|])")
_LINE_BLOCK_MARK: Final = re.compile(r"^(\s*)([#>+\-])")  # heading, quote, bullet
_LINE_NUMBERED: Final = re.compile(r"^(\s*\d+)([.)])")  # "1. " would start a numbered list


def escape_line(text: str) -> str:
    """One line of text as literal markdown: no links, emphasis, lists or headings."""
    escaped = _LINE_SPECIAL.sub(r"\\\1", text)
    return _LINE_NUMBERED.sub(r"\1\\\2", _LINE_BLOCK_MARK.sub(r"\1\\\2", escaped))


_FIELDS: Final = ("source_id", "title", "publisher", "published", "confidence", "quote", "url")


# The sources frame of the last call and its rows by id. A page asks for captions dozens of
# times with the same frame; pandas indexing each time cost ~1.7 ms a call. The frame is
# held strongly, so an `is` check cannot be fooled by a reused id; another session's frame
# simply replaces it (a plain tuple assignment, safe across threads).
_last_index: tuple[pd.DataFrame, dict[str, dict[str, object]]] | None = None


def _index(sources: pd.DataFrame) -> dict[str, dict[str, object]]:
    global _last_index  # noqa: PLW0603  a one-entry memo, see above
    memo = _last_index
    if memo is not None and memo[0] is sources:
        return memo[1]
    columns = {name: sources[name].tolist() for name in _FIELDS}
    index = {
        str(source): {name: values[position] for name, values in columns.items()}
        for position, source in enumerate(columns["source_id"])
    }
    _last_index = (sources, index)
    return index


def _records(source_ids: Iterable[str], sources: pd.DataFrame) -> list[dict[str, object]]:
    """The rows of ``source_ids`` as plain dicts, in the order given, unknown ids skipped."""
    index = _index(sources)
    return [index[source] for source in dict.fromkeys(source_ids) if source in index]


def lowest_confidence(source_ids: Iterable[str], sources: pd.DataFrame) -> str | None:
    """The weakest confidence among the sources: a figure is only as sure as its worst source."""
    levels = [str(record["confidence"]) for record in _records(source_ids, sources)]
    return min(levels, key=CONFIDENCE_RANK.__getitem__) if levels else None


def _weakest(records: list[dict[str, object]]) -> str | None:
    levels = [str(record["confidence"]) for record in records]
    return min(levels, key=CONFIDENCE_RANK.__getitem__) if levels else None


# What data/sources.csv writes when the text names no publisher (the seed articles); the
# page says so in the reader's language.
UNKNOWN_PUBLISHER: Final = "unknown"


def publisher_name(record: Mapping[str, object], lang: Language) -> str:
    publisher = str(record["publisher"])
    return t("common.publisher_unknown", lang) if publisher == UNKNOWN_PUBLISHER else publisher


def short_name(record: Mapping[str, object], lang: Language) -> str:
    published = formatting.scalar_text(record["published"])
    when = formatting.ref_date(published, lang) if published else ""
    return f"{publisher_name(record, lang)}{', ' + when if when else ''}"


# The Sources page's address (navigation.PAGES) and the parameter naming one source on it.
SOURCES_PAGE: Final = "/bronnen"
SOURCE_PARAM: Final = "bron"


def source_href(source_id: object, lang: Language) -> str:
    """The link to one source on the Sources page, which shows it first. A query parameter,
    not a ``#fragment``: Streamlit rewrites the address on load and drops the fragment
    before the entry it names is drawn."""
    return f"{SOURCES_PAGE}?lang={lang}&{SOURCE_PARAM}={quote(str(source_id), safe='')}"


def caption(
    source_ids: Sequence[str],
    sources: pd.DataFrame,
    lang: Language,
    *,
    ref_date: str | None = None,
    markdown: bool = True,
    limit: int | None = None,
) -> str:
    """One line: the sources, the reference date and the weakest confidence.

    Markdown-safe for Streamlit by default; ``markdown=False`` gives plain text for slides.
    With ``limit``, only that many sources are named and the rest counted ("and 37 more,
    see Sources & method"): a slide read from across a room cannot list forty.
    """
    escape = escape_markdown if markdown else str
    records = _records(source_ids, sources)
    if not records:
        return t("common.no_source", lang)
    # Several articles of one publisher read as one name: "NorthC Datacenters", not three times.
    # On a page each name links to its (first) entry on the Sources page.
    first_of: dict[str, object] = {}
    for record in records:
        first_of.setdefault(escape(short_name(record, lang)), record["source_id"])
    named = [
        f"[{name}]({source_href(source, lang)})" if markdown else name for name, source in first_of.items()
    ]
    names = "; ".join(named if limit is None or len(named) <= limit else named[:limit])
    if limit is not None and len(named) > limit:
        names += " " + t("common.sources_more", lang, count=len(named) - limit)
    parts = [t("common.source_line", lang, sources=names)]
    if ref_date:
        parts.append(t("common.ref_date_line", lang, date=escape(formatting.ref_date(ref_date, lang))))
    confidence = _weakest(records)
    if confidence:
        parts.append(t("common.confidence_line", lang, level=t(f"confidence.{confidence}", lang)))
    return " · ".join(parts)


def hover_lines(source_ids: Sequence[str], sources: pd.DataFrame, lang: Language) -> str:
    """Plain text for tooltips (callers escape for HTML where the target renders HTML)."""
    records = _records(source_ids, sources)
    confidence = _weakest(records)
    names = "; ".join(dict.fromkeys(short_name(record, lang) for record in records))
    level = t(f"confidence.{confidence}", lang) if confidence else "?"
    return f"{t('common.source', lang)}: {names} ({t('common.confidence', lang)}: {level})"


def short_sources(source_ids: Sequence[str], sources: pd.DataFrame, lang: Language) -> str:
    """'Kadaster / CBS, 2023 (hoog)': the sources' short names and the weakest confidence,
    plain text for a popup where a label already says it is a source."""
    records = _records(source_ids, sources)
    confidence = _weakest(records)
    names = "; ".join(dict.fromkeys(short_name(record, lang) for record in records))
    return f"{names} ({t(f'confidence.{confidence}', lang)})" if confidence else names


def _safe_url(url: object) -> str | None:
    """A data URL fit for a markdown link target: http(s) only, no characters that end it."""
    text = formatting.scalar_text(url)
    if not text or not text.startswith(("http://", "https://")):
        return None
    return (
        text.replace("(", "%28")
        .replace(")", "%29")
        .replace(" ", "%20")
        .replace("<", "%3C")
        .replace(">", "%3E")
    )


def source_lines(source_ids: Sequence[str] | None, sources: pd.DataFrame, lang: Language) -> str:
    """Markdown bullets: title, publisher and date, confidence, and a link where there is one.

    All sources when ``source_ids`` is None. Text from data is escaped; the link target is
    limited to http(s) so a ``javascript:`` address can never become a link.
    """
    records = list(_index(sources).values()) if source_ids is None else _records(source_ids, sources)
    lines = []
    for record in records:
        level = t(f"confidence.{record['confidence']}", lang)
        line = (
            f"- **{escape_markdown(record['title'])}** — {escape_markdown(short_name(record, lang))}"
            f" · {t('common.confidence', lang).lower()}: {level}"
        )
        url = _safe_url(record["url"])
        if url:
            line += f" · [{t('common.open_link', lang)}]({url})"
        quote = formatting.scalar_text(record["quote"])
        if quote:
            # A quote is a fragment of the source, in its own language: say so, or "[…] 75
            # digital tech companies" reads as the dashboard's own English.
            line += f"\n  > *{t('common.quote_label', lang)}* {escape_markdown(quote)}"
        lines.append(line)
    return "\n".join(lines) if lines else t("common.no_source", lang)


# --- Which sources a dataset cites, and finding a source by words ---------------------


def cited_by(data: Mapping[str, pd.DataFrame]) -> dict[str, set[str]]:
    """The source ids each dataset cites, in any of its ``*source_id`` columns."""
    cited: dict[str, set[str]] = {}
    for key, frame in data.items():
        columns = [column for column in frame.columns if column.endswith("source_id")]
        ids = {str(value) for column in columns for value in frame[column].dropna()}
        if key == "sources":
            continue
        cited[key] = ids
    return cited


def matching_sources(sources: pd.DataFrame, among: set[str] | None, words: str) -> list[str]:
    """The ids of the sources among ``among`` (all when None) whose id, title, publisher or
    quote contains every word typed, case-insensitively."""
    text = (
        sources[["source_id", "title", "publisher", "quote", "note"]]
        .astype("string")
        .fillna("")
        .agg(" ".join, axis=1)
        .str.casefold()
    )
    keep = pd.Series(True, index=sources.index)
    if among is not None:
        keep &= sources["source_id"].isin(among)
    for word in words.casefold().split():
        keep &= text.str.contains(word, regex=False)
    return [str(value) for value in sources.loc[keep, "source_id"]]
