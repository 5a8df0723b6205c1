"""Figure rows (clusters, events, campuses, indicators) as translated tables and tooltips.

Pure, so a page, a slide and an export show the same words for the same row.
"""

from __future__ import annotations

import pandas as pd

from dashboard.text import formatting, provenance
from dashboard.text.i18n import Language, t


def figure_text(low: object, high: object, lang: Language, qualifier: object = None, unit: str = "") -> str:
    """'ca. 1.500-2.000 MW' (with an en dash) from one row's bounds, whatever pandas type they arrive as."""
    return formatting.figure(
        formatting.scalar_float(low),
        formatting.scalar_float(high),
        lang,
        qualifier=formatting.scalar_text(qualifier),
        unit=unit,
    )


def confidence(source_id: str, sources: pd.DataFrame, lang: Language) -> str:
    return t(f"confidence.{provenance.lowest_confidence([source_id], sources) or 'low'}", lang)


def figure_rows(
    rows: pd.DataFrame,
    name_column: str,
    sources: pd.DataFrame,
    lang: Language,
    *,
    measure_prefix: str = "measure.",
) -> pd.DataFrame:
    """One line per figure: name, measure, value, claim type, date, confidence, note."""
    return pd.DataFrame(
        {
            t("common.name", lang): list(rows[name_column]),
            t("common.measure", lang): [t(f"{measure_prefix}{value}", lang) for value in rows["measure"]],
            t("common.value", lang): [
                figure_text(low, high, lang, qualifier, unit)
                for low, high, qualifier, unit in zip(
                    rows["value_low"], rows["value_high"], rows["qualifier"], rows["unit"], strict=True
                )
            ],
            t("common.claim_type", lang): [t(f"claim.{value}", lang) for value in rows["claim_type"]],
            t("common.ref_date", lang): [formatting.ref_date(value, lang) for value in rows["ref_date"]],
            t("common.confidence", lang): [confidence(source, sources, lang) for source in rows["source_id"]],
            t("common.note", lang): list(rows["note"]),
        }
    )


def hover_for(rows: pd.DataFrame, name_column: str, sources: pd.DataFrame, lang: Language) -> list[str]:
    """HTML-escaped tooltip per figure row: name, value, claim type, date and source."""
    lines = []
    for _, row in rows.iterrows():
        value = figure_text(row["value_low"], row["value_high"], lang, row["qualifier"], row["unit"])
        lines.append(
            f"<b>{formatting.html_escape(row[name_column])}</b><br>{formatting.html_escape(value)}"
            f" · {t('claim.' + row['claim_type'], lang)} · {formatting.ref_date(row['ref_date'], lang)}<br>"
            + formatting.html_escape(provenance.hover_lines([row["source_id"]], sources, lang))
        )
    return lines
