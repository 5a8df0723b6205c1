"""The tables and lines the Compare page shows beside its charts, built without streamlit.

Every headline measure for every compared area in one table, and what a count of known
data-centre sites covers; the charts themselves are ``charts.compare.compare``.
"""

from __future__ import annotations

import pandas as pd

from dashboard.analysis import coverage, figures, headlines
from dashboard.catalog import measures as catalog
from dashboard.charts import compare as compare_chart
from dashboard.charts import member_notes
from dashboard.charts.slide import Settings
from dashboard.text import formatting
from dashboard.text.i18n import Language, t


def measure_profile(settings: Settings, frames: figures.Frames, lang: Language) -> pd.DataFrame:
    """Every headline measure for every compared area, in the chosen normalisation, as text.

    A region the sources say nothing about still gets a row: its cells say "no figures in
    the sources" (never 0), and a figure whose denominator is unknown says that instead.
    """
    regions = frames["regions"]
    names = dict(zip(regions["region_id"], regions[f"name_{lang}"], strict=True))
    keys = compare_chart.compared_keys(settings, regions)
    normalisation = compare_chart.chosen_normalisation(settings)
    how = catalog.NORMALISATIONS[normalisation]
    table = headlines.headline_table(frames, keys, list(headlines.HEADLINES))
    rows: dict[str, dict[str, str]] = {
        key: {t("common.region", lang): compare_chart.area_label(key, names, lang)} for key in keys
    }
    for _, row in table.iterrows():
        if not catalog.allows(str(row["measure"]), normalisation):
            text = t("compare.not_meaningful", lang)
        elif formatting.is_missing(row["low"]) and formatting.is_missing(row["high"]):
            text = t("compare.no_figures", lang)
        elif formatting.is_missing(row[how.low]) and formatting.is_missing(row[how.high]):
            text = t("compare.no_denominator", lang)
        else:
            text = compare_chart.normalised_text(row, how, lang)
            text = member_notes.with_partial(text, row, how, names, lang)
        rows[str(row["region_id"])][t(f"measure_short.{row['measure']}", lang)] = text
    return pd.DataFrame(list(rows.values()))


def site_coverage_line(frames: figures.Frames, key: str, lang: Language) -> str:
    """'Known sites, not a census: 12 from the PeeringDB sample, 3 from press and company
    pages. Context (DDA): MRA share of Dutch colocation 71.9 % (2023).' Plain text."""
    found = coverage.site_coverage(frames, key)
    parts = [
        t(
            "data_centres.coverage",
            lang,
            peeringdb=found.peeringdb,
            other=found.other,
        )
    ]
    context = [
        t(
            "data_centres.context_item",
            lang,
            label=t(f"indicator.{row['indicator_id']}", lang),
            value=formatting.figure(row["value_low"], row["value_high"], lang, qualifier=row["qualifier"]),
            date=formatting.ref_date(row["ref_date"], lang),
        )
        for _, row in found.context.iterrows()
    ]
    if context:
        parts.append(t("data_centres.context_line", lang, items="; ".join(context)))
    return " ".join(parts)


def map_years(valid_from: object, valid_to: object, lang: Language) -> str | None:
    """Which municipal map a region is on: 'until 31 Dec 2024 (merged since)', 'from 1 Jan
    2025', or None for a region on every map the data uses."""
    until, since = formatting.scalar_text(valid_to), formatting.scalar_text(valid_from)
    if until:
        return t("compare.map_until", lang, date=formatting.ref_date(until, lang))
    if since:
        return t("compare.map_from", lang, date=formatting.ref_date(since, lang))
    return None
