"""Change and compound annual growth between two stated points of a series, chosen by the
user; never between interpolated values. Shared by the clusters and data-centre pages."""

from __future__ import annotations

from typing import Final

import pandas as pd
import streamlit as st

from dashboard.analysis import growth
from dashboard.catalog import params
from dashboard.text import formatting, provenance
from dashboard.text.i18n import Language
from dashboard.ui import url_state
from dashboard.ui.language import lang, t

NOTES: Final = ("one_sided", "period", "mixed_claims")


def render(rows: pd.DataFrame, sources: pd.DataFrame, *, series: str, label: str, unit: str = "") -> None:
    """``rows``: one entity's figures of one measure (dataset rows); ``series`` names it in the
    URL (``from=samenwerking-noord:0``), so a choice never carries over to another series."""
    known = growth.points(rows)
    st.subheader(t("growth.title", name=provenance.escape_line(label)))
    if len(known) < 2:
        st.caption(t("growth.too_few"))
        return
    language = lang()
    dates = [str(value) for value in known["ref_date"]]
    # Positions, not dates, as options: two sources can state figures for the same date.
    options = [f"{series}:{position}" for position in range(len(known))]
    for key in (params.GROWTH_FROM, params.GROWTH_TO):
        if st.session_state.get(key) not in options:  # chosen for another series
            st.session_state.pop(key, None)

    def position_of(option: str) -> int:
        return int(option.rsplit(":", 1)[1])

    def describe(option: str) -> str:
        position = position_of(option)
        row = known.iloc[position]
        value = formatting.figure(
            formatting.scalar_float(row["value_low"]),
            formatting.scalar_float(row["value_high"]),
            language,
            qualifier=formatting.scalar_text(row["qualifier"]),
        )
        return f"{formatting.ref_date(dates[position], language)}: {value}"

    start_column, end_column = st.columns(2)
    with start_column:
        start = url_state.url_widget(
            st.selectbox,
            t("growth.from"),
            options,
            key=params.GROWTH_FROM,
            default=options[0],
            format_func=describe,
        )
    with end_column:
        end = url_state.url_widget(
            st.selectbox,
            t("growth.to"),
            options,
            key=params.GROWTH_TO,
            default=options[-1],
            format_func=describe,
        )
    try:
        result = growth.between(known.iloc[position_of(start)], known.iloc[position_of(end)])
    except ValueError:
        st.info(t("growth.order"))
        return
    change, pct, cagr = st.columns(3)
    change.metric(t("growth.change"), _range(result.change, language, unit=unit))
    pct.metric(t("growth.change_pct"), _range(result.change_pct, language, unit="%", decimals=0))
    cagr.metric(
        t("growth.cagr"),
        _range(result.cagr_pct, language, unit="%", decimals=1) if result.cagr_pct else t("growth.no_cagr"),
        help=t(
            "growth.years",
            years=_range(result.years, language, decimals=1),
        ),
    )
    notes = [t(f"growth.note_{note}") for note in NOTES if result.note and note in result.note.split(",")]
    st.caption(
        " ".join(
            [
                t("growth.method"),
                *notes,
                provenance.caption(list(result.source_ids), sources, language),
            ]
        )
    )


def _range(
    bounds: tuple[float, float] | None, language: Language, *, unit: str = "", decimals: int | None = None
) -> str:
    if bounds is None:
        return t("common.unknown")
    low, high = bounds
    return formatting.figure(low, high, language, unit=unit, decimals=decimals)


def unit_of(rows: pd.DataFrame) -> str:
    """The series' unit when all its rows share one (they should), else none."""
    units = set(rows["unit"].dropna()) if "unit" in rows else set()
    return str(units.pop()) if len(units) == 1 else ""
