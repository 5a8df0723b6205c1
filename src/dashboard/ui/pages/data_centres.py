"""Data centres: known sites per province by status, the site table, the sources."""

from __future__ import annotations

from typing import Final

import pandas as pd
import streamlit as st

from dashboard.analysis import areas
from dashboard.catalog import params
from dashboard.charts import compare as compare_chart
from dashboard.charts import series
from dashboard.text import formatting, provenance
from dashboard.ui import growth_block, url_state
from dashboard.ui.blocks import figure_text, labeller, page_header, slide_block, sources_list, static_table
from dashboard.ui.data import frames, site_coverage
from dashboard.ui.language import lang, t

PAGE: Final = "data_centres"
NOTE_IN_TABLE: Final = 110  # characters: two lines of the bounded notes column


def render() -> None:
    page_header(PAGE)
    data = frames("regions", "sources", "data_centres", "indicators")
    regions, sources, sites = data["regions"], data["sources"], data["data_centres"]
    names = areas.region_names(regions, lang())

    slide_block(PAGE, "data_centres", {})
    _coverage(regions, names)

    st.subheader(t(f"{PAGE}.sites"))
    unknown_power = int((sites["capacity_mw_low"].isna() & sites["capacity_mw_high"].isna()).sum())
    st.caption(t(f"{PAGE}.unknown_power", unknown=unknown_power, total=len(sites)))
    static_table(site_table(sites, names, sources), notes_key="sites")
    site_notes(sites)
    context_series(data["indicators"], sources)
    sources_list(
        [*sites["source_id"], *sites["location_source_id"].dropna(), *data["indicators"]["source_id"]],
        sources,
    )


def _coverage(regions: pd.DataFrame, names: dict[str, str]) -> None:
    """For the focus regions and the country: what the count of known sites covers, and the
    DDA's market figures beside it, so a count of sites is not read as a market size."""
    st.subheader(t(f"{PAGE}.coverage_heading"))
    st.caption(t(f"{PAGE}.coverage_intro"))
    shown = [*compare_chart.focus_regions(regions), "NL"]
    st.markdown(
        "\n".join(
            f"- **{provenance.escape_markdown(names[key])}**: {provenance.escape_line(site_coverage(key))}"
            for key in shown
            if key in names
        )
    )


def site_table(sites: pd.DataFrame, names: dict[str, str], sources: pd.DataFrame) -> pd.DataFrame:
    """Every site with its figures as stated, translated headers, and its confidence."""

    def measure(column: str, unit: str) -> list[str]:
        return [
            figure_text(low, high, unit=unit)
            for low, high in zip(sites[f"{column}_low"], sites[f"{column}_high"], strict=True)
        ]

    return pd.DataFrame(
        {
            t("common.name"): sites["name"],
            t(f"{PAGE}.operator"): sites["operator"],
            t("common.place"): sites["place"],
            t("common.region"): sites["region_id"].map(names),
            t(f"{PAGE}.status"): [t(f"status.{status}") for status in sites["status"]],
            t(f"{PAGE}.capacity"): measure("capacity_mw", "MW"),
            t(f"{PAGE}.floor_area"): measure("floor_area_m2", "m²"),
            t(f"{PAGE}.site_area"): measure("site_area_ha", "ha"),
            t("common.ref_date"): [formatting.ref_date(value, lang()) for value in sites["ref_date"]],
            t("common.claim_type"): [t(f"claim.{value}") for value in sites["claim_type"]],
            t("common.confidence"): [
                t(f"confidence.{provenance.lowest_confidence([source], sources) or 'low'}")
                for source in sites["source_id"]
            ],
            t("common.location"): [
                t(f"precision.{value}") if not formatting.is_missing(value) else t("common.unknown")
                for value in sites["location_precision"]
            ],
            # The start of each note; the whole note opens below the table (site_notes).
            t("common.note"): [formatting.short_note(note, NOTE_IN_TABLE) for note in sites["note"]],
        }
    )


def site_notes(sites: pd.DataFrame) -> None:
    """Every site's whole note, folded: in the table they made each row dozens of lines tall."""
    noted = sites[sites["note"].map(lambda note: len(formatting.scalar_text(note) or "") > NOTE_IN_TABLE)]
    if noted.empty:
        return
    with st.expander(t(f"{PAGE}.all_notes", count=len(noted)), icon=":material/notes:"):
        st.markdown(
            "\n".join(
                f"- **{provenance.escape_markdown(name)}**: {provenance.escape_markdown(note)}"
                for name, note in zip(noted["name"], noted["note"], strict=True)
            )
        )


def context_series(indicators: pd.DataFrame, sources: pd.DataFrame) -> None:
    """National context (DDA, AMS-IX, NorthC) as dated series, one chosen at a time."""
    st.subheader(t(f"{PAGE}.context"))
    st.caption(t(f"{PAGE}.context_intro"))
    chosen = url_state.url_widget(
        st.selectbox,
        t(f"{PAGE}.indicator"),
        series.indicator_series(indicators),
        key=params.DATA_CENTRES_SERIES,
        default=series.chosen_indicator({}, indicators),
        format_func=labeller("indicator."),
    )
    slide_block(PAGE, "data_centres_context", {params.DATA_CENTRES_SERIES: chosen})
    rows = indicators[indicators["indicator_id"] == chosen]
    growth_block.render(
        rows, sources, series=chosen, label=t(f"indicator.{chosen}"), unit=growth_block.unit_of(rows)
    )
