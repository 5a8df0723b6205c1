"""The scorecard as a chart kind: the chosen regions scored on weighted indicators and ranked,
with the values behind the ranks, and how the ranks move as one weight changes.

Built without streamlit from the page's URL parameters, so the scorecard page, the present
page and the PNG/SVG/CSV/PowerPoint exports draw the same :class:`ScorecardResult`; the
page only lays out its widgets and renders the result.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Final, cast

import pandas as pd
import plotly.graph_objects as go

from dashboard.analysis import figures, headlines, ranking, scorecard
from dashboard.catalog import measures as catalog
from dashboard.catalog import params
from dashboard.charts import compare, member_notes, palette, plotly_charts
from dashboard.charts.slide import Settings, Slide, source_line
from dashboard.text import formatting
from dashboard.text.i18n import Language, t

PAGE: Final = "scorecard"
WEIGHT_MAX: Final = 10
SENSITIVITY_STEPS: Final = 11  # 0%, 10%, ... 100%


def indicator_label(indicator: str, language: Language) -> str:
    """'Datacenters per 100.000 inwoners' for ``data_centres:per_100k``."""
    measure, normalisation = indicator.split(":")
    name = t(f"measure.{measure}", language)
    if normalisation == "absolute":
        return name
    return f"{name} {t(f'compare.{normalisation}_suffix', language)}"


def chosen_indicators(settings: Settings) -> list[str]:
    """The indicators in the order the URL names them (the weights follow that order)."""
    wanted = [value for value in settings.get(params.SCORECARD_INDICATORS, "").split(",") if value]
    if not wanted:
        return list(params.PARAMS[params.SCORECARD_INDICATORS].default)
    return [value for value in wanted if value in headlines.SCORECARD_INDICATORS]


def chosen_method(settings: Settings) -> scorecard.Method:
    return cast("scorecard.Method", params.PARAMS[params.SCORECARD_METHOD].pick(settings, scorecard.METHODS))


def chosen_weights(settings: Settings, indicators: list[str]) -> dict[str, int]:
    """``weights=3,1,1`` in indicator order; a missing weight is 1, a large one capped."""
    raw = settings.get(params.SCORECARD_WEIGHTS, "")
    from_url = [int(part) for part in raw.split(",") if part.isdigit()]
    return {
        indicator: min(WEIGHT_MAX, from_url[index] if index < len(from_url) else 1)
        for index, indicator in enumerate(indicators)
    }


@dataclass(frozen=True)
class ScorecardResult:
    """What the scorecard shows for one setting, ready to render or export.

    ``problem`` is why nothing is ranked ("choose": fewer than two regions or no indicator;
    "all_zero": every weight zero; "" otherwise). ``chart`` is None when no region has enough
    figures to be ranked; ``slide`` always exists, so the kind exports even then.
    """

    slide: Slide
    labels: dict[str, str]  # region key -> its label, as on the compare page
    colours: dict[str, str]  # label -> colour, as on the compare page
    indicators: list[str]
    weights: dict[str, float]
    problem: str = ""
    ranks: ranking.Ranking | None = None
    chart: go.Figure | None = None
    sweep: pd.DataFrame = field(default_factory=pd.DataFrame)  # scorecard.sensitivity's frame
    source_ids: list[str] = field(default_factory=list)


def _score_text(region: ranking.RegionResult, language: Language) -> str:
    if not region.ranked:
        return "—"
    return formatting.figure(region.score_low, region.score_high, language, decimals=2)


def _rank_text(region: ranking.RegionResult, language: Language) -> str:
    low, high = region.rank_low, region.rank_high
    if low is None or high is None:
        return t(f"{PAGE}.not_ranked", language)
    return str(low) if low == high else f"{min(low, high)}–{max(low, high)}"


def percent(share: float, language: Language) -> str:
    value = round(100 * share)
    return formatting.figure(value, value, language, decimals=0, unit="%")


def _score_chart(
    result: ranking.Ranking, labels: dict[str, str], colours: dict[str, str], lang: Language
) -> go.Figure:
    """Scores as ranges (low and high ends of the figures) of the ranked regions."""
    frame = pd.DataFrame(
        {
            "label": [labels[region.key] for region in result.ranked],
            "low": [region.score_low for region in result.ranked],
            "high": [region.score_high for region in result.ranked],
            "hover": [
                formatting.html_escape(f"{labels[region.key]}: {_score_text(region, lang)}")
                for region in result.ranked
            ],
        }
    )
    return plotly_charts.range_bars(
        frame,
        lang,
        y_title=t(f"{PAGE}.score", lang),
        range_label=t(f"{PAGE}.score_range", lang),
        unknown_label=t("common.unknown", lang),
        colours=colours,
    )


def _ranking_table(
    result: ranking.Ranking,
    values: tuple[pd.DataFrame, pd.DataFrame],
    labels: dict[str, str],
    indicators: list[str],
    *,
    coverage: tuple[dict[str, dict[str, Any]], dict[str, str]],
    lang: Language,
) -> pd.DataFrame:
    """The ranked regions, then those not ranked, with the values behind their scores."""
    lows, highs = values
    covered, names = coverage  # what each normalised value covers; region names for the members

    def value_text(key: str, indicator: str) -> str:
        low = formatting.scalar_float(lows.loc[key, indicator])
        high = formatting.scalar_float(highs.loc[key, indicator])
        text = formatting.figure(low, high, lang, decimals=1)
        if (low is None and high is None) or indicator not in covered:
            return text
        # Brainport's campus companies are Eindhoven's, divided by all 21 municipalities' people.
        how = catalog.NORMALISATIONS[indicator.split(":")[1]]
        return member_notes.with_partial(text, covered[indicator][key], how, names, lang)

    shown = [*result.ranked, *result.unranked]
    return pd.DataFrame(
        {
            t("common.region", lang): [labels[region.key] for region in shown],
            t(f"{PAGE}.rank", lang): [_rank_text(region, lang) for region in shown],
            t(f"{PAGE}.score", lang): [_score_text(region, lang) for region in shown],
            t(f"{PAGE}.known", lang): [f"{region.known} / {result.weighted}" for region in shown],
            **{
                indicator_label(indicator, lang): [value_text(region.key, indicator) for region in shown]
                for indicator in indicators
            },
        }
    )


def _note(result: ranking.Ranking, labels: dict[str, str], lang: Language) -> str:
    """Who is scored on fewer indicators, the coverage rule and who falls under it, the caveat:
    the page's lines beside the ranking, as one plain paragraph for a slide."""
    partial = [labels[region.key] for region in result.ranked if region.known < result.weighted]
    rule = t(f"{PAGE}.coverage_rule", lang, share=percent(result.min_coverage, lang))
    if result.unranked:
        items = [
            t(
                f"{PAGE}.unranked_item",
                lang,
                region=labels[region.key],
                known=region.known,
                weighted=result.weighted,
                share=percent(region.coverage, lang),
            )
            for region in result.unranked
        ]
        rule += " " + t(f"{PAGE}.unranked", lang, regions="; ".join(items))
    lines = [
        t(f"{PAGE}.partial", lang, regions=", ".join(partial)) if partial else "",
        rule,
        t(f"{PAGE}.caveat", lang),
    ]
    return " ".join(line for line in lines if line)


def scorecard_result(settings: Settings, frames: figures.Frames, lang: Language) -> ScorecardResult:
    """Score, rank and sensitivity of the chosen regions on the chosen weighted indicators."""
    regions = frames["regions"]
    names = dict(zip(regions["region_id"], regions[f"name_{lang}"], strict=True))
    chosen = compare.chosen_regions(settings, regions)
    indicators = chosen_indicators(settings)
    weights = {key: float(value) for key, value in chosen_weights(settings, indicators).items()}
    labels = {key: compare.area_label(key, names, lang) for key in chosen}
    # Keyed by label, in the order chosen: the same colours as on the compare page.
    colours = palette.by_label(palette.region_colours(list(chosen), regions), labels)
    title = f"{t(f'{PAGE}.title', lang)}: {t(f'{PAGE}.results', lang)}"
    problem = "choose" if len(chosen) < 2 or not indicators else "" if any(weights.values()) else "all_zero"
    if problem:
        empty = Slide(title, go.Figure(), "", pd.DataFrame(), note=t(f"{PAGE}.{problem}", lang))
        return ScorecardResult(empty, labels, colours, indicators, weights, problem)
    method = chosen_method(settings)
    lows, highs, source_ids = headlines.indicator_values(frames, tuple(chosen), tuple(indicators))
    result = ranking.rank(lows, highs, weights, method)
    covered = headlines.indicator_coverage(frames, tuple(chosen), tuple(indicators))
    chart = _score_chart(result, labels, colours, lang) if result.ranked else None
    table = _ranking_table(result, (lows, highs), labels, indicators, coverage=(covered, names), lang=lang)
    none_ranked = "" if result.ranked else t(f"{PAGE}.none_ranked", lang) + " "
    slide = Slide(
        title=title,
        figure=chart if chart is not None else go.Figure(),
        source_line=source_line(source_ids, frames, lang, pd.Series(dtype=object)),
        table=table,
        note=none_ranked + _note(result, labels, lang),
    )
    # Ranks as each weight varies, on the low ends of the figures.
    sweep = scorecard.sensitivity(lows, weights, method, steps=SENSITIVITY_STEPS)
    return ScorecardResult(
        slide, labels, colours, indicators, weights, "", result, chart, sweep, list(source_ids)
    )


def scorecard_slide(settings: Settings, frames: figures.Frames, lang: Language) -> Slide:
    """The scorecard kind: the score chart and the ranking table, with the coverage note."""
    return scorecard_result(settings, frames, lang).slide


@dataclass(frozen=True)
class Sensitivity:
    """The ranks as one indicator's weight varies, and who moves or drops out on the way."""

    chart: go.Figure
    moved: list[str]  # labels whose rank changes with this weight
    sometimes: list[str]  # labels not ranked at some weights


def sensitivity(result: ScorecardResult, indicator: str, lang: Language) -> Sensitivity:
    """The rank of every region as ``indicator``'s share of the weight runs from 0 to 100 %."""
    labels = result.labels
    varied = result.sweep[result.sweep["indicator"] == indicator]
    rows = varied.dropna(subset=["rank"])  # a region is not ranked where its figures weigh too little
    sometimes = sorted({labels[str(region)] for region in varied.loc[varied["rank"].isna(), "region"]})
    table = pd.DataFrame(
        {"label": rows["region"].map(labels), "x": rows["share"], "rank": rows["rank"].astype(int)}
    )
    current = result.weights[indicator] / sum(result.weights.values())
    chart = plotly_charts.rank_lines(
        table,
        lang,
        x_title=t(f"{PAGE}.share_of_weight", lang, indicator=indicator_label(indicator, lang)),
        y_title=t(f"{PAGE}.rank", lang),
        marker_x=current,
        colours=result.colours,
    )
    moved = sorted(str(label) for label, ranks in table.groupby("label")["rank"] if ranks.nunique() > 1)
    return Sensitivity(chart, moved, sometimes)
