"""Ecosystem scorecard: indicators chosen by the user, normalised, weighted and ranked, with
how the ranks move as each weight changes, and the method written out."""

from __future__ import annotations

from typing import Any, Final

import pandas as pd
import streamlit as st

from dashboard.analysis import headlines, ranking, scorecard
from dashboard.catalog import measures as catalog
from dashboard.charts import member_notes, palette, plotly_charts
from dashboard.charts.slide_builders import area_label
from dashboard.text import formatting
from dashboard.text.i18n import Language
from dashboard.text.i18n import t as translate
from dashboard.ui import url_state
from dashboard.ui.common import (
    CHART_CONFIG,
    COMPARISON_DATASETS,
    current_versions,
    frames,
    frames_at,
    labeller,
    lang,
    names_text,
    page_header,
    region_picker,
    sources_list,
    static_table,
    t,
)

PAGE: Final = "scorecard"
DATASETS: Final = COMPARISON_DATASETS
DEFAULT_INDICATORS: Final = ("data_centres:per_100k", "cluster_members:per_100k", "campus_companies:per_100k")
WEIGHT_MAX: Final = 10
SENSITIVITY_STEPS: Final = 11  # 0%, 10%, ... 100%


def indicator_label(indicator: str, language: Language) -> str:
    measure, normalisation = indicator.split(":")
    name = translate(f"measure.{measure}", language)
    if normalisation == "absolute":
        return name
    return f"{name} {translate(f'compare.{normalisation}_suffix', language)}"


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
            key=url_state.SCORECARD_INDICATORS,
            default=DEFAULT_INDICATORS,
            many=True,
            format_func=lambda key: indicator_label(key, language),
        )
    with right:
        method = url_state.url_widget(
            st.radio,
            t(f"{PAGE}.method"),
            scorecard.METHODS,
            key=url_state.SCORECARD_METHOD,
            default="minmax",
            format_func=labeller(f"{PAGE}.method_"),
        )
    if len(chosen) < 2 or not indicators:
        st.warning(t(f"{PAGE}.choose"))
        return
    weights = _weights(list(indicators))
    if not any(weights.values()):
        st.warning(t(f"{PAGE}.all_zero"))
        return

    labels = {key: area_label(key, names, language) for key in chosen}
    # Keyed by label, in the order chosen: the same colours as on the compare page.
    colours = palette.by_label(palette.region_colours(list(chosen), regions), labels)
    versions = tuple(current_versions(*DATASETS).items())
    lows, highs, source_ids = _values(versions, tuple(chosen), tuple(indicators))
    result = ranking.rank(lows, highs, weights, method)
    covered = _coverage(versions, tuple(chosen), tuple(indicators))
    _results(result, (lows, highs), labels, list(indicators), (covered, names), colours=colours)
    sweep = _sweep(versions, tuple(chosen), tuple(weights.items()), method)
    _sensitivity(sweep, weights, labels, list(indicators), colours)
    _method()
    sources_list(source_ids, sources)


@st.cache_data(show_spinner=False, max_entries=64)
def _values(
    versions: tuple[tuple[str, int], ...], keys: tuple[str, ...], indicators: tuple[str, ...]
) -> tuple[pd.DataFrame, pd.DataFrame, list[str]]:
    return headlines.indicator_values(frames_at(dict(versions)), keys, indicators)


@st.cache_data(show_spinner=False, max_entries=64)
def _coverage(
    versions: tuple[tuple[str, int], ...], keys: tuple[str, ...], indicators: tuple[str, ...]
) -> dict[str, dict[str, Any]]:
    return headlines.indicator_coverage(frames_at(dict(versions)), keys, indicators)


@st.cache_data(show_spinner=False, max_entries=64)
def _sweep(
    versions: tuple[tuple[str, int], ...],
    keys: tuple[str, ...],
    weights: tuple[tuple[str, float], ...],
    method: scorecard.Method,
) -> pd.DataFrame:
    """Ranks as each weight varies (on the low ends), once per data version and setting."""
    lows, _, _ = _values(versions, keys, tuple(indicator for indicator, _ in weights))
    return scorecard.sensitivity(lows, dict(weights), method, steps=SENSITIVITY_STEPS)


def _weights(indicators: list[str]) -> dict[str, float]:
    """A slider per indicator; the weights live in the URL as ``weights=3,1,1`` in indicator order."""
    st.subheader(t(f"{PAGE}.weights"))
    raw = str(st.query_params.get(url_state.SCORECARD_WEIGHTS, ""))
    from_url = [int(part) for part in raw.split(",") if part.isdigit()]
    columns = st.columns(len(indicators))
    weights = {}
    for index, (column, indicator) in enumerate(zip(columns, indicators, strict=True)):
        key = f"{PAGE}.weight.{indicator}"
        if key not in st.session_state:
            seeded = from_url[index] if index < len(from_url) else 1
            st.session_state[key] = min(WEIGHT_MAX, seeded)
        with column:
            weights[indicator] = float(
                st.slider(indicator_label(indicator, lang()), 0, WEIGHT_MAX, key=key, step=1)
            )
    encoded = ",".join(str(int(value)) for value in weights.values())
    url_state.write_to_url(url_state.SCORECARD_WEIGHTS, encoded, ",".join("1" for _ in indicators))
    return weights


def _results(
    result: ranking.Ranking,
    values: tuple[pd.DataFrame, pd.DataFrame],
    labels: dict[str, str],
    indicators: list[str],
    coverage: tuple[dict[str, dict[str, Any]], dict[str, str]],
    *,
    colours: dict[str, str],
) -> None:
    """Scores as ranges (low and high ends of the figures) and ranks of the regions with enough
    figures, then those not ranked; the values behind them; the coverage rule and the caveat
    right beside the ranking, where a reader of the ranks sees them."""
    st.subheader(t(f"{PAGE}.results"))
    language = lang()
    lows, highs = values
    covered, names = coverage  # what each normalised value covers; region names for the members

    def score_text(region: ranking.RegionResult) -> str:
        if not region.ranked:
            return "—"
        return formatting.figure(region.score_low, region.score_high, language, decimals=2)

    def rank_text(region: ranking.RegionResult) -> str:
        low, high = region.rank_low, region.rank_high
        if low is None or high is None:
            return t(f"{PAGE}.not_ranked")
        return str(low) if low == high else f"{min(low, high)}–{max(low, high)}"

    if result.ranked:
        frame = pd.DataFrame(
            {
                "label": [labels[region.key] for region in result.ranked],
                "low": [region.score_low for region in result.ranked],
                "high": [region.score_high for region in result.ranked],
                "hover": [
                    formatting.html_escape(f"{labels[region.key]}: {score_text(region)}")
                    for region in result.ranked
                ],
            }
        )
        figure = plotly_charts.range_bars(
            frame,
            language,
            y_title=t(f"{PAGE}.score"),
            range_label=t(f"{PAGE}.score_range"),
            unknown_label=t("common.unknown"),
            colours=colours,
        )
        st.plotly_chart(figure, width="stretch", config=CHART_CONFIG, key=f"{PAGE}.scores")
    else:
        st.info(t(f"{PAGE}.none_ranked"), icon=":material/info:")

    def value_text(key: str, indicator: str) -> str:
        low = formatting.scalar_float(lows.loc[key, indicator])
        high = formatting.scalar_float(highs.loc[key, indicator])
        text = formatting.figure(low, high, language, decimals=1)
        if (low is None and high is None) or indicator not in covered:
            return text
        # Brainport's campus companies are Eindhoven's, divided by all 21 municipalities' people.
        how = catalog.NORMALISATIONS[indicator.split(":")[1]]
        return member_notes.with_partial(text, covered[indicator][key], how, names, language)

    shown = [*result.ranked, *result.unranked]
    table = pd.DataFrame(
        {
            t("common.region"): [labels[region.key] for region in shown],
            t(f"{PAGE}.rank"): [rank_text(region) for region in shown],
            t(f"{PAGE}.score"): [score_text(region) for region in shown],
            t(f"{PAGE}.known"): [f"{region.known} / {result.weighted}" for region in shown],
            **{
                indicator_label(indicator, language): [value_text(region.key, indicator) for region in shown]
                for indicator in indicators
            },
        }
    )
    static_table(table)
    _coverage_lines(result, labels)


def _coverage_lines(result: ranking.Ranking, labels: dict[str, str]) -> None:
    """Who is ranked on fewer indicators, who is not ranked and why, and what the ranks are not."""
    language = lang()
    partial = [labels[region.key] for region in result.ranked if region.known < result.weighted]
    if partial:
        st.caption(t(f"{PAGE}.partial", regions=names_text(partial)))
    rule = t(f"{PAGE}.coverage_rule", share=_percent(result.min_coverage, language))
    if result.unranked:
        items = [
            t(
                f"{PAGE}.unranked_item",
                region=names_text([labels[region.key]]),
                known=region.known,
                weighted=result.weighted,
                share=_percent(region.coverage, language),
            )
            for region in result.unranked
        ]
        rule += " " + t(f"{PAGE}.unranked", regions="; ".join(items))
    st.info(rule, icon=":material/rule:")
    st.warning(t(f"{PAGE}.caveat"), icon=":material/info:")


def _percent(share: float, language: Language) -> str:
    value = round(100 * share)
    return formatting.figure(value, value, language, decimals=0, unit="%")


def _sensitivity(
    sweep: pd.DataFrame,
    weights: dict[str, float],
    labels: dict[str, str],
    indicators: list[str],
    colours: dict[str, str],
) -> None:
    st.subheader(t(f"{PAGE}.sensitivity"))
    st.caption(t(f"{PAGE}.sensitivity_intro"))
    language = lang()
    chosen = st.selectbox(
        t(f"{PAGE}.vary"),
        indicators,
        key=f"{PAGE}.vary",
        format_func=lambda key: indicator_label(key, language),
    )
    varied = sweep[sweep["indicator"] == chosen]
    rows = varied.dropna(subset=["rank"])  # a region is not ranked where its figures weigh too little
    sometimes = sorted({labels[str(region)] for region in varied.loc[varied["rank"].isna(), "region"]})
    table = pd.DataFrame(
        {"label": rows["region"].map(labels), "x": rows["share"], "rank": rows["rank"].astype(int)}
    )
    current = weights[chosen] / sum(weights.values())
    figure = plotly_charts.rank_lines(
        table,
        language,
        x_title=t(f"{PAGE}.share_of_weight", indicator=indicator_label(chosen, language)),
        y_title=t(f"{PAGE}.rank"),
        marker_x=current,
        colours=colours,
    )
    st.plotly_chart(figure, width="stretch", config=CHART_CONFIG, key=f"{PAGE}.sensitivity.chart")
    moved = sorted(str(label) for label, ranks in table.groupby("label")["rank"] if ranks.nunique() > 1)
    st.caption(t(f"{PAGE}.moves", regions=names_text(moved)) if moved else t(f"{PAGE}.stable"))
    if sometimes:
        st.caption(t(f"{PAGE}.sometimes_unranked", regions=names_text(sometimes)))


def _method() -> None:
    with st.expander(t(f"{PAGE}.method_title"), icon=":material/functions:"):
        st.markdown(t(f"{PAGE}.method_text"))
