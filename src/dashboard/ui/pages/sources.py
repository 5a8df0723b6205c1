"""Sources & method: every source with its confidence, what is unknown, regions, licences."""

from __future__ import annotations

from datetime import date
from typing import Final

import pandas as pd
import streamlit as st

from dashboard.analysis import areas, definitions, unknowns
from dashboard.catalog import datasets
from dashboard.charts import compare_tables
from dashboard.files import datapackage
from dashboard.text import formatting, i18n, provenance
from dashboard.ui.blocks import page_header, sources_list, static_table
from dashboard.ui.data import current_versions, frames, open_data_zip
from dashboard.ui.language import lang, t

PAGE: Final = "sources"


def render() -> None:
    page_header(PAGE)
    data = frames(*datasets.DATASETS)
    sources, regions = data["sources"], data["regions"]
    linked_source(sources)

    st.header(t(f"{PAGE}.method"))
    st.markdown(t(f"{PAGE}.method_text"))

    st.header(t(f"{PAGE}.unknown"))
    st.markdown(t(f"{PAGE}.unknown_text"))
    static_table(unknown_figures(data), notes_key="unknown")

    st.header(t(f"{PAGE}.regions"))
    st.markdown(t(f"{PAGE}.regions_text"))
    static_table(region_definitions(regions), notes_key="regions")

    st.header(t(f"{PAGE}.licences"))
    st.markdown(t(f"{PAGE}.licences_text"))
    static_table(
        pd.DataFrame(
            {
                t(f"{PAGE}.dataset"): [dataset.title(lang()) for dataset in datasets.DATASETS.values()],
                t(f"{PAGE}.description"): [
                    dataset.description(lang()) for dataset in datasets.DATASETS.values()
                ],
                t(f"{PAGE}.licence"): [licence_text(dataset) for dataset in datasets.DATASETS.values()],
            }
        )
    )

    open_data()

    st.header(t(f"{PAGE}.all_sources"))
    counts = sources["confidence"].value_counts()
    st.caption(
        t(
            f"{PAGE}.confidence_counts",
            high=counts.get("high", 0),
            medium=counts.get("medium", 0),
            low=counts.get("low", 0),
        )
    )
    all_sources(data)


def open_data() -> None:
    """Every dataset as published, with its schema, keys and licences: the open-data package."""
    st.header(t(f"{PAGE}.open_data"))
    st.markdown(t(f"{PAGE}.open_data_text"))
    versions = current_versions(*datasets.DATASETS)
    st.download_button(
        t(f"{PAGE}.open_data_download"),
        open_data_zip(),
        file_name=f"{datapackage.PACKAGE_NAME}-{date.today():%Y%m%d}.zip",
        mime="application/zip",
        icon=":material/download:",
        on_click="ignore",
        key=f"{PAGE}.open_data",
    )
    st.caption(
        t(
            f"{PAGE}.open_data_versions",
            versions=", ".join(
                f"{datasets.get(key).title(lang())} v{version}" for key, version in versions.items()
            ),
        )
    )


def linked_source(sources: pd.DataFrame) -> None:
    """The source a "Bron:" link on another page named (``?bron=<id>``), first on the page:
    one click from a figure to its title, publisher, date, confidence, quote and address."""
    chosen = st.query_params.get(provenance.SOURCE_PARAM)
    if not chosen:
        return
    if chosen not in set(sources["source_id"]):
        st.warning(t(f"{PAGE}.linked_unknown", source=provenance.escape_line(chosen)))
        return
    with st.container(border=True):
        st.subheader(t(f"{PAGE}.linked"), anchor=False)
        st.markdown(provenance.source_lines([chosen], sources, lang()))


def licence_text(dataset: datasets.Dataset) -> str:
    """The project's own licence line in the reader's language; another licence as written."""
    return t(f"{PAGE}.licence_curated") if dataset.licence == datasets.CURATED_LICENCE else dataset.licence


def all_sources(data: dict[str, pd.DataFrame]) -> None:
    """Every source, narrowed to one dataset's and searched by words."""
    sources = data["sources"]
    cited = provenance.cited_by(data)
    keys = [key for key in datasets.DATASETS if cited.get(key)]
    left, right = st.columns([1, 2])
    chosen = left.selectbox(
        t(f"{PAGE}.filter_dataset"),
        ["", *keys],
        format_func=lambda key: datasets.get(key).title(lang()) if key else t(f"{PAGE}.all_datasets"),
        key=f"{PAGE}.filter_dataset",
    )
    words = right.text_input(t(f"{PAGE}.search"), key=f"{PAGE}.search", placeholder=t(f"{PAGE}.search_hint"))
    shown = provenance.matching_sources(sources, cited.get(chosen) if chosen else None, words)
    st.caption(t(f"{PAGE}.shown_count", shown=len(shown), total=len(sources)))
    if shown:
        sources_list(shown, sources, heading=False)


def unknown_figures(data: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Every figure someone would ask for that no source was found for."""
    found = unknowns.unknown_figures(data)
    missing = found.figures
    figures = pd.DataFrame(
        {
            t(f"{PAGE}.dataset"): [datasets.get(key).title(lang()) for key in missing["dataset"]],
            t("common.name"): missing["name"],
            t("common.measure"): [t(f"measure.{value}") for value in missing["measure"]],
            t("common.ref_date"): [formatting.ref_date(value, lang()) for value in missing["ref_date"]],
            t("common.note"): [i18n.note(value, lang()) for value in missing["note"]],
        }
    )
    # One row for the sites without a power figure: the Data centres page has each site with its note.
    unknown, total = len(found.sites_without_power), found.site_count
    no_power = pd.DataFrame(
        {
            t(f"{PAGE}.dataset"): [datasets.get("data_centres").title(lang())],
            t("common.name"): [t(f"{PAGE}.sites_without_power", unknown=unknown, total=total)],
            t("common.measure"): [t("data_centres.capacity")],
            t("common.ref_date"): [""],
            t("common.note"): [", ".join(found.sites_without_power)],
        }
    )
    return pd.concat([figures, no_power], ignore_index=True)


def region_definitions(regions: pd.DataFrame) -> pd.DataFrame:
    """Each region with its kind, what it consists of, the municipal map it is on, and its
    population and area with dates.

    The 388 municipalities are in the data but not all in this table: it lists the groupings,
    provinces and countries, and the municipalities with something to say (a focus region, a
    merger, an inferred membership). Every municipality's own figures are on Compare.
    """
    names = areas.region_names(regions, lang())
    listed = definitions.listed_regions(regions)

    def consists_of(region_id: str, members: object) -> str:
        found = definitions.composition(region_id, members, regions, names)
        counted = (t(f"{PAGE}.count_{kind}", count=count) for kind, count in found.kind_counts)
        return ", ".join(found.members) if found.members else ", ".join(counted)

    ids = list(listed["region_id"])
    people, land = areas.populations(ids, regions), areas.land_areas(ids, regions)

    def denominator(found: areas.Denominator, unit: str) -> str:
        """'2.133.708 (1 jan 2023)', with 'summed from members' when no source gives it whole."""
        if found.value is None:
            return t("common.unknown")
        kind = f" {t(f'area.{found.kind}')}" if found.kind else ""
        summed = f"; {t(f'{PAGE}.summed')}" if found.summed_from else ""
        value = formatting.number(found.value, lang(), decimals=0)
        return f"{value}{unit}{kind} ({formatting.ref_date(found.ref_date, lang())}{summed})"

    return pd.DataFrame(
        {
            t("common.code"): listed["region_id"],
            t("common.name"): listed[f"name_{lang()}"],
            t(f"{PAGE}.kind"): [t(f"kind.{kind}") for kind in listed["kind"]],
            t(f"{PAGE}.part_of"): listed["parent_id"].map(
                lambda value: names.get(value, "") if not formatting.is_missing(value) else ""
            ),
            t(f"{PAGE}.members"): [
                consists_of(region_id, members)
                for region_id, members in zip(listed["region_id"], listed["members"], strict=True)
            ],
            t("compare.map_years"): [
                compare_tables.map_years(since, until, lang()) or ""
                for since, until in zip(listed["valid_from"], listed["valid_to"], strict=True)
            ],
            t("common.population"): [denominator(people[region], "") for region in ids],
            t(f"{PAGE}.area"): [denominator(land[region], " km²") for region in ids],
            t("common.note"): [i18n.note(value, lang()) for value in listed["note"]],
        }
    )
