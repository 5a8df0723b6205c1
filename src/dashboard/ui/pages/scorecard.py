"""Ecosystem scorecard: indicators chosen by the user, normalised, weighted and ranked, with
how the ranks move as each weight changes, and the method written out.

The ranking and its charts are the ``scorecard`` chart kind (:mod:`dashboard.charts.scorecard`);
this page lays out the widgets and renders the result, with the export and presentation row
every chart has.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

import streamlit as st

from dashboard.analysis import headlines, ranking, scorecard
from dashboard.analysis.figures import Frames
from dashboard.catalog import params
from dashboard.charts import scorecard as scorecard_chart
from dashboard.charts.scorecard import PAGE, WEIGHT_MAX, indicator_label
from dashboard.text.i18n import Language
from dashboard.ui import url_state
from dashboard.ui.blocks import (
    CHART_CONFIG,
    labeller,
    names_text,
    page_header,
    region_picker,
    slide_actions,
    sources_list,
    static_table,
)
from dashboard.ui.data import COMPARISON_DATASETS, by_version, frames
from dashboard.ui.language import lang, t

DATASETS: Final = COMPARISON_DATASETS


def render() -> None:
    page_header(PAGE)
    data = frames(*DATASETS)
    regions, sources = data["regions"], data["sources"]
    names = dict(zip(regions["region_id"], regions[f"name_{lang()}"], strict=True))
    language = lang()

    chosen = region_picker(regions, names)
    left, right = st.columns([3, 1])
    with left:
        indicators = url_state.url_widget(
            st.multiselect,
            t(f"{PAGE}.indicators"),
            headlines.SCORECARD_INDICATORS,
            key=params.SCORECARD_INDICATORS,
            default=params.PARAMS[params.SCORECARD_INDICATORS].default,
            many=True,
            format_func=lambda key: indicator_label(key, language),
        )
    with right:
        method = url_state.url_widget(
            st.radio,
            t(f"{PAGE}.method"),
            scorecard.METHODS,
            key=params.SCORECARD_METHOD,
            default=params.PARAMS[params.SCORECARD_METHOD].default,
            format_func=labeller(f"{PAGE}.method_"),
        )
    if len(chosen) < 2 or not indicators:
        st.warning(t(f"{PAGE}.choose"))
        return
    weights = _weights(list(indicators))
    if not any(weights.values()):
        st.warning(t(f"{PAGE}.all_zero"))
        return

    settings = {
        params.COMPARE_REGIONS: ",".join(chosen),
        params.SCORECARD_INDICATORS: ",".join(indicators),
        params.SCORECARD_METHOD: str(method),
        params.SCORECARD_WEIGHTS: ",".join(str(weight) for weight in weights.values()),
    }
    result = _result(DATASETS, settings, language)
    _results(result)
    slide_actions("scorecard", settings)
    _sensitivity(result)
    _method()
    sources_list(result.source_ids, sources)


def _result_of(
    frames: Frames, settings: Mapping[str, str], language: Language
) -> scorecard_chart.ScorecardResult:
    """The scorecard for one setting (cached once per data version as ``_result``)."""
    return scorecard_chart.scorecard_result(settings, frames, language)


_result = by_version(_result_of, max_entries=64)


def _weights(indicators: list[str]) -> dict[str, int]:
    """A slider per indicator; the weights live in the URL as ``weights=3,1,1`` in indicator order."""
    st.subheader(t(f"{PAGE}.weights"))
    raw = str(st.query_params.get(params.SCORECARD_WEIGHTS, ""))
    seeds = scorecard_chart.chosen_weights({params.SCORECARD_WEIGHTS: raw}, indicators)
    columns = st.columns(len(indicators))
    weights = {}
    for column, indicator in zip(columns, indicators, strict=True):
        key = f"{PAGE}.weight.{indicator}"
        if key not in st.session_state:
            st.session_state[key] = seeds[indicator]
        with column:
            weights[indicator] = int(
                st.slider(indicator_label(indicator, lang()), 0, WEIGHT_MAX, key=key, step=1)
            )
    encoded = ",".join(str(value) for value in weights.values())
    url_state.write_to_url(params.SCORECARD_WEIGHTS, encoded, ",".join("1" for _ in indicators))
    return weights


def _results(result: scorecard_chart.ScorecardResult) -> None:
    """Scores as ranges and ranks of the regions with enough figures, then those not ranked;
    the values behind them; the coverage rule and the caveat right beside the ranking, where
    a reader of the ranks sees them."""
    st.subheader(t(f"{PAGE}.results"))
    if result.chart is not None:
        st.plotly_chart(result.chart, width="stretch", config=CHART_CONFIG, key=f"{PAGE}.scores")
    else:
        st.info(t(f"{PAGE}.none_ranked"), icon=":material/info:")
    static_table(result.slide.table)
    if result.ranks is not None:
        _coverage_lines(result.ranks, result.labels)


def _coverage_lines(result: ranking.Ranking, labels: dict[str, str]) -> None:
    """Who is ranked on fewer indicators, who is not ranked and why, and what the ranks are not."""
    language = lang()
    partial = [labels[region.key] for region in result.ranked if region.known < result.weighted]
    if partial:
        st.caption(t(f"{PAGE}.partial", regions=names_text(partial)))
    rule = t(f"{PAGE}.coverage_rule", share=scorecard_chart.percent(result.min_coverage, language))
    if result.unranked:
        items = [
            t(
                f"{PAGE}.unranked_item",
                region=names_text([labels[region.key]]),
                known=region.known,
                weighted=result.weighted,
                share=scorecard_chart.percent(region.coverage, language),
            )
            for region in result.unranked
        ]
        rule += " " + t(f"{PAGE}.unranked", regions="; ".join(items))
    st.info(rule, icon=":material/rule:")
    st.warning(t(f"{PAGE}.caveat"), icon=":material/info:")


def _sensitivity(result: scorecard_chart.ScorecardResult) -> None:
    st.subheader(t(f"{PAGE}.sensitivity"))
    st.caption(t(f"{PAGE}.sensitivity_intro"))
    language = lang()
    chosen = st.selectbox(
        t(f"{PAGE}.vary"),
        result.indicators,
        key=f"{PAGE}.vary",
        format_func=lambda key: indicator_label(key, language),
    )
    shown = scorecard_chart.sensitivity(result, str(chosen), language)
    st.plotly_chart(shown.chart, width="stretch", config=CHART_CONFIG, key=f"{PAGE}.sensitivity.chart")
    st.caption(t(f"{PAGE}.moves", regions=names_text(shown.moved)) if shown.moved else t(f"{PAGE}.stable"))
    if shown.sometimes:
        st.caption(t(f"{PAGE}.sometimes_unranked", regions=names_text(shown.sometimes)))


def _method() -> None:
    with st.expander(t(f"{PAGE}.method_title"), icon=":material/functions:"):
        st.markdown(t(f"{PAGE}.method_text"))
