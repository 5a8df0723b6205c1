"""Where a figure came from, as text: captions, hover lines and source tables."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Final

import pandas as pd

from dashboard import formatting
from dashboard.i18n import Language, t

CONFIDENCE_RANK: Final = {"low": 0, "medium": 1, "high": 2}
# Characters that Streamlit's markdown would interpret: emphasis, links, HTML, LaTeX ($)
# and the colon of auto-linked URLs. Text from data is shown literally, never as markup.
_MARKDOWN_SPECIAL: Final = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:&])")


def escape_markdown(text: object) -> str:
    return _MARKDOWN_SPECIAL.sub(r"\\\1", str(text))


def _rows(source_ids: Iterable[str], sources: pd.DataFrame) -> pd.DataFrame:
    wanted = list(dict.fromkeys(source_ids))
    found = sources.set_index("source_id")
    return found.loc[[source for source in wanted if source in found.index]]


def lowest_confidence(source_ids: Iterable[str], sources: pd.DataFrame) -> str | None:
    """The weakest confidence among the sources: a figure is only as sure as its worst source."""
    levels = list(_rows(source_ids, sources)["confidence"])
    return min(levels, key=CONFIDENCE_RANK.__getitem__) if levels else None


def short_name(row: pd.Series, lang: Language) -> str:
    published = (
        formatting.ref_date(row["published"], lang) if not formatting.is_missing(row["published"]) else ""
    )
    return f"{row['publisher']}{', ' + published if published else ''}"


def caption(
    source_ids: Sequence[str], sources: pd.DataFrame, lang: Language, *, ref_date: str | None = None
) -> str:
    """One markdown-safe line: the sources, the reference date and the weakest confidence."""
    rows = _rows(source_ids, sources)
    if rows.empty:
        return t("common.no_source", lang)
    names = "; ".join(escape_markdown(short_name(row, lang)) for _, row in rows.iterrows())
    parts = [t("common.source_line", lang, sources=names)]
    if ref_date:
        parts.append(
            t("common.ref_date_line", lang, date=escape_markdown(formatting.ref_date(ref_date, lang)))
        )
    confidence = lowest_confidence(source_ids, sources)
    if confidence:
        parts.append(t("common.confidence_line", lang, level=t(f"confidence.{confidence}", lang)))
    return " · ".join(parts)


def hover_lines(source_ids: Sequence[str], sources: pd.DataFrame, lang: Language) -> str:
    """Plain text for tooltips (callers escape for HTML where the target renders HTML)."""
    rows = _rows(source_ids, sources)
    confidence = lowest_confidence(source_ids, sources)
    names = "; ".join(short_name(row, lang) for _, row in rows.iterrows())
    level = t(f"confidence.{confidence}", lang) if confidence else "?"
    return f"{t('common.source', lang)}: {names} ({t('common.confidence', lang)}: {level})"


def source_table(source_ids: Sequence[str] | None, sources: pd.DataFrame, lang: Language) -> pd.DataFrame:
    """Sources as a table with translated headers (all sources when ``source_ids`` is None)."""
    rows = sources if source_ids is None else _rows(source_ids, sources).reset_index()
    return pd.DataFrame(
        {
            t("sources.col_title", lang): rows["title"],
            t("sources.col_publisher", lang): rows["publisher"],
            t("sources.col_published", lang): [
                formatting.ref_date(value, lang) for value in rows["published"]
            ],
            t("sources.col_confidence", lang): [
                t(f"confidence.{level}", lang) for level in rows["confidence"]
            ],
            t("sources.col_quote", lang): rows["quote"],
            t("sources.col_url", lang): rows["url"],
        }
    ).reset_index(drop=True)
