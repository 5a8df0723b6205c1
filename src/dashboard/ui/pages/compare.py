"""Compare regions however they are drawn: a measure per region or circle, absolute or
normalised, with what two regions both count named, and every denominator sourced."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

import pandas as pd
import streamlit as st

from dashboard.analysis import areas, definitions, overlaps
from dashboard.analysis.figures import Frames
from dashboard.catalog import measures as catalog
from dashboard.catalog import params
from dashboard.charts import compare as compare_chart
from dashboard.charts import compare_tables
from dashboard.text import formatting, provenance
from dashboard.text.i18n import Language
from dashboard.ui import url_state
from dashboard.ui.blocks import labeller, page_header, region_picker, slide_block, sources_list, static_table
from dashboard.ui.data import COMPARISON_DATASETS, by_version, frames, headline_table, site_coverage, slide
from dashboard.ui.language import lang, t

PAGE: Final = "compare"
DATASETS: Final = COMPARISON_DATASETS
CIRCLE_CENTRE: Final = "circle_centre"
CIRCLE_KM: Final = "circle_km"


def render() -> None:
    page_header(PAGE)
    data = frames(*DATASETS)
    regions, sources = data["regions"], data["sources"]
    names = areas.region_names(regions, lang())

    left, middle, right = st.columns([3, 2, 3])
    with left:
        chosen = region_picker(regions, names)
        circle = _circle_picker(regions, names)
    with middle:
        measure = url_state.url_widget(
            st.selectbox,
            t("compare.measure"),
            params.PARAMS[params.COMPARE_MEASURE].options,
            key=params.COMPARE_MEASURE,
            default=params.PARAMS[params.COMPARE_MEASURE].default,
            format_func=labeller("measure."),
        )
    with right:
        normalisation = _normalisation_picker(measure)
    keys = [*chosen, *([circle] if circle else [])]
    if len(keys) < 2:
        st.warning(t("compare.choose_two"))
        return
    labels = {key: compare_chart.area_label(key, names, lang()) for key in keys}
    _overlap_warnings(keys, measure, labels)

    settings = {
        params.COMPARE_REGIONS: ",".join(chosen),
        params.COMPARE_CIRCLE: circle,
        params.COMPARE_MEASURE: measure,
        params.COMPARE_NORMALISATION: normalisation,
    }
    settings = {key: value for key, value in settings.items() if value}
    bar_column, line_column = st.columns(2)
    with bar_column:
        st.subheader(provenance.escape_line(slide("compare", settings).title))
        slide_block(PAGE, "compare", settings)
    with line_column:
        st.subheader(t("compare.members_over_time"))
        slide_block(PAGE, "compare_members", settings)
    if circle:
        st.caption(t("compare.circle_note"))
    if measure == "data_centres":
        st.caption(
            "\n\n".join(
                f"**{provenance.escape_markdown(labels[key])}**: {provenance.escape_line(site_coverage(key))}"
                for key in keys
                if areas.RADIUS_SEPARATOR not in key
            )
        )
    st.subheader(t("compare.profile", normalisation=t(f"compare.{normalisation}").lower()))
    static_table(_profile(DATASETS, settings, lang()))
    table = headline_table(keys, [measure])
    _definitions(table, labels, regions, names, sources)
    sources_list([source for ids in table["source_ids"] for source in ids], sources)


def _normalisation_picker(measure: str) -> str:
    """Only the normalisations the measure allows (the catalogue says which), and why the
    others are not offered; a choice the new measure does not allow falls back to absolute."""
    options = catalog.allowed(measure)
    if st.session_state.get(params.COMPARE_NORMALISATION) not in (None, *options):
        st.session_state[params.COMPARE_NORMALISATION] = params.PARAMS[params.COMPARE_NORMALISATION].default
    normalisation = url_state.url_widget(
        st.radio,
        t("compare.normalisation"),
        options,
        key=params.COMPARE_NORMALISATION,
        default=params.PARAMS[params.COMPARE_NORMALISATION].default,
        format_func=labeller("compare."),
    )
    if catalog.limited(measure):
        st.caption(t(f"compare.not_offered_{measure}"))
    return str(normalisation)


def _circle_picker(regions: pd.DataFrame, names: dict[str, str]) -> str:
    """An optional circle around a city with a sourced centre: '' or 'GM0034~25'."""
    centres = ["", *areas.centres(regions)]
    radii = [str(km) for km in areas.RADIUS_CHOICES_KM]
    circles = ["", *(areas.radius_key(centre, int(km)) for centre in centres[1:] for km in radii)]
    place, radius = st.columns([3, 2])
    current = str(st.query_params.get(params.COMPARE_CIRCLE, ""))
    seeded = current if current in circles[1:] else ""  # an unknown circle opens none
    seeded_centre, _, seeded_km = seeded.partition(areas.RADIUS_SEPARATOR)
    none = t("compare.circle_none")  # captured now: Streamlit may format outside this run
    with place:
        centre = url_state.url_widget(
            st.selectbox,
            t("compare.circle"),
            centres,
            key=CIRCLE_CENTRE,
            default=seeded_centre,
            format_func=lambda key: names[key] if key else none,
        )
    if not centre:
        # No radius picker without a centre: a greyed-out one is unreadable (2.3:1) and says
        # nothing a blank column does not.
        url_state.write_to_url(params.COMPARE_CIRCLE, "", "")
        url_state.write_to_url(CIRCLE_KM, "", "")
        return ""
    with radius:
        km = url_state.url_widget(
            st.selectbox,
            t("compare.circle_km"),
            radii,
            key=CIRCLE_KM,
            default=seeded_km or "25",
            format_func="{} km".format,
        )
    chosen = areas.radius_key(centre, int(km))
    url_state.write_to_url(params.COMPARE_CIRCLE, chosen, "")
    return chosen


def _profile_of(frames: Frames, settings: Mapping[str, str], language: Language) -> pd.DataFrame:
    return compare_tables.measure_profile(settings, frames, language)


_profile = by_version(_profile_of, max_entries=128)
_overlaps = by_version(overlaps.compare_overlaps, max_entries=128)


def _overlap_warnings(keys: list[str], measure: str, labels: dict[str, str]) -> None:
    """One warning naming every entity two compared areas both count, pair by pair, so nobody
    adds overlapping totals; nested regions with nothing in common are named too."""
    found = _overlaps(DATASETS, tuple(keys), measure)
    escape = provenance.escape_markdown
    lines = [
        t(
            "compare.double_counted",
            first=escape(labels[first]),
            second=escape(labels[second]),
            count=len(names),
            names=", ".join(escape(name) for name in names),
        )
        for first, second, names in found.shared
    ]
    lines += [
        t("compare.overlap", inner=escape(labels[inner]), outer=escape(labels[outer]))
        for inner, outer in found.nested
    ]
    if len(lines) == 1:
        st.warning(f"{t('compare.overlaps_intro')} {lines[0]}", icon=":material/warning:")
    elif lines:
        items = "\n".join(f"- {line}" for line in lines)
        st.warning(f"{t('compare.overlaps_intro')}\n\n{items}", icon=":material/warning:")


def _definitions(
    table: pd.DataFrame,
    labels: dict[str, str],
    regions: pd.DataFrame,
    names: dict[str, str],
    sources: pd.DataFrame,
) -> None:
    """How each compared region is drawn (its members and the source that lists them, and
    the municipal map it is on), and its denominators with date and source."""
    with st.expander(t("compare.definitions"), icon=":material/straighten:"):
        st.caption(t("compare.definitions_intro"))
        keys = [str(key) for key in table["region_id"]]
        drawn = definitions.compare_definitions(keys, regions, names)
        rows = []
        for (_, row), region in zip(table.iterrows(), drawn, strict=True):
            shown = ", ".join(region.members)
            if region.more_members:
                shown += " " + t("compare.and_more", count=region.more_members)
            rows.append(
                {
                    t("common.region"): labels[region.key],
                    t("compare.contains"): shown or "—",
                    t("compare.drawn_by"): "—"
                    if region.source_id is None
                    else provenance.hover_lines([region.source_id], sources, lang()),
                    t("compare.map_years"): "—"
                    if region.circle
                    else compare_tables.map_years(region.valid_from, region.valid_to, lang())
                    or t("compare.map_current"),
                    t("common.population"): _with_source(
                        formatting.number(row["population"], lang()),
                        row["population_date"],
                        row["population_source_ids"],
                        sources,
                    ),
                    t("compare.area"): _with_source(
                        formatting.number(row["area_km2"], lang(), decimals=0),
                        row["area_date"],
                        row["area_source_ids"],
                        sources,
                    ),
                }
            )
        static_table(pd.DataFrame(rows))


def _with_source(value: str, ref_date: object, source_ids: object, sources: pd.DataFrame) -> str:
    if formatting.is_missing(ref_date):
        return value
    ids = list(source_ids) if isinstance(source_ids, tuple | list) else []
    when = formatting.ref_date(str(ref_date), lang())
    return f"{value} ({when}; {provenance.hover_lines(ids, sources, lang())})"
