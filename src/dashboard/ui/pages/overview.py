"""Overview: the headline figures of each focus region, every one with its source."""

from __future__ import annotations

from typing import Final

import pandas as pd
import streamlit as st

from dashboard.analysis import areas
from dashboard.catalog import params
from dashboard.catalog.measures import MEASURES
from dashboard.charts import compare as compare_chart
from dashboard.text import formatting, provenance
from dashboard.ui import branded
from dashboard.ui.blocks import figure_text, page_header, sources_caption
from dashboard.ui.data import frames, headline_table, site_coverage
from dashboard.ui.language import lang, t

HEADLINE_MEASURES: Final = tuple(MEASURES)  # every declared measure, in declaration order


def render() -> None:
    page_header("overview")
    data = frames("regions", "sources")
    regions, sources = data["regions"], data["sources"]
    names = areas.region_names(regions, lang())
    region_ids = _shown_regions(regions)
    table = headline_table(region_ids, HEADLINE_MEASURES)

    # First, and the phone's main view: one table, every value a link to its source.
    st.markdown(summary_markdown(table, region_ids, names, sources))
    st.caption(t("overview.table_note"))

    st.header(t("overview.details"), anchor=False)
    for region_id in region_ids:
        rows = table[table["region_id"] == region_id]
        with st.container(border=True):
            name_column, *metric_columns = st.columns([1.1, *(1 for _ in HEADLINE_MEASURES)])
            with name_column:
                st.subheader(provenance.escape_line(names[region_id]))
                # The denominator the per-capita figures use: a grouping's is summed from its members.
                first = rows.iloc[0]
                if not formatting.is_missing(first["population"]):
                    st.caption(
                        t(
                            "overview.population",
                            population=formatting.number(first["population"], lang()),
                            date=formatting.ref_date(first["population_date"], lang()),
                        )
                    )
            for column, (_, row) in zip(metric_columns, rows.iterrows(), strict=True):
                with column:
                    _headline(row, sources)
            # A count of known sites is not the market: what it covers, beside the DDA's figures.
            st.caption(provenance.escape_line(site_coverage(region_id)))
    st.info(t("overview.reading_note"), icon=":material/info:")


def summary_markdown(
    table: pd.DataFrame, region_ids: list[str], names: dict[str, str], sources: pd.DataFrame
) -> str:
    """Regions by the headline measures as a markdown table. Each known value links to its
    first source's entry on the Sources page; an unknown one says so, in words."""
    header = [t("common.region"), *(t(f"measure_short.{measure}") for measure in HEADLINE_MEASURES)]
    lines = ["| " + " | ".join(provenance.escape_line(text) for text in header) + " |"]
    lines.append("|" + " --- |" * len(header))
    for region_id in region_ids:
        rows = {row["measure"]: row for _, row in table[table["region_id"] == region_id].iterrows()}
        cells = [f"**{provenance.escape_line(names[region_id])}**"]
        cells += [_summary_cell(rows[measure], sources) for measure in HEADLINE_MEASURES]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _summary_cell(row: pd.Series, sources: pd.DataFrame) -> str:
    value = figure_text(row["low"], row["high"], row["qualifier"])
    if formatting.is_missing(row["low"]) and formatting.is_missing(row["high"]):
        return f"*{provenance.escape_line(value)}*"
    if provenance.lowest_confidence(row["source_ids"], sources) == "low":
        value += " ⚠"
    if not row["source_ids"]:
        return provenance.escape_line(value)
    return f"[{provenance.escape_line(value)}]({provenance.source_href(row['source_ids'][0], lang())})"


def _shown_regions(regions: pd.DataFrame) -> list[str]:
    """The regions a link names (``?regions=GM0193,MRA``), else the branding file's
    ``[defaults] regions``, else the focus regions; unknown ids in a hand-edited link are
    dropped, and a link naming none of ours falls back to the same default."""
    named = ",".join(str(value) for value in st.query_params.get_all(params.COMPARE_REGIONS))
    chosen = compare_chart.chosen_regions({params.COMPARE_REGIONS: named}, regions) if named else []
    return list(dict.fromkeys(chosen)) or branded.opening_regions(regions)


def _headline(row: pd.Series, sources: pd.DataFrame) -> None:
    value = figure_text(row["low"], row["high"], row["qualifier"])
    confidence = provenance.lowest_confidence(row["source_ids"], sources)
    if confidence == "low":
        value += " ⚠"
    help_lines = [provenance.hover_lines(row["source_ids"], sources, lang())] if row["source_ids"] else []
    if row["parts"]:
        help_lines.append(t("overview.based_on", items=", ".join(row["parts"])))
    if row["missing_parts"]:
        help_lines.append(t("overview.unknown_parts", items=", ".join(row["missing_parts"])))
    help_lines.insert(0, t(f"measure.{row['measure']}"))
    st.metric(
        t(f"measure_short.{row['measure']}"),
        value,
        help=provenance.escape_markdown("\n\n".join(help_lines)) if help_lines else None,
    )
    if row["source_ids"]:
        st.caption(sources_caption(row["source_ids"], sources, ref_date=row["ref_date"]))
    elif formatting.is_missing(row["low"]):
        st.caption(t("overview.not_found"))
