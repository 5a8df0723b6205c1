"""Chart builders on tiny frames: ranges stay ranges, numbers follow the language."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard.charts import plotly_charts, plotly_time
from dashboard.text.i18n import Language


def bars(lang: str = "nl") -> dict:  # type: ignore[type-arg]
    table = pd.DataFrame(
        {
            "label": ["Forecast", "Actual", "Unknown"],
            "low": [1_500_000.0, 685_189.0, None],
            "high": [2_000_000.0, 685_189.0, None],
            "hover": ["a", "b", "c"],
        }
    )
    return plotly_charts.range_bars(table, lang, y_title="Visitors", range_label="Range").to_dict()  # type: ignore[arg-type]


def test_a_range_is_a_hatched_span_from_low_to_high_not_a_midpoint() -> None:
    solid, span = bars()["data"]
    assert list(solid["y"]) == [1_500_000.0, 685_189.0, None]
    assert list(span["base"]) == [1_500_000.0, None, None]
    assert list(span["y"]) == [500_000.0, None, None]
    assert span["marker"]["pattern"]["shape"] == "/"
    assert 1_750_000.0 not in list(solid["y"]) + list(span["y"])


def test_without_ranges_there_is_no_range_legend() -> None:
    table = pd.DataFrame({"label": ["a"], "low": [3.0], "high": [3.0], "hover": ["x"]})
    figure = plotly_charts.range_bars(table, "en", y_title="", range_label="Range")
    assert len(figure.data) == 1


def test_number_separators_follow_the_language() -> None:
    assert bars("nl")["layout"]["separators"] == ",."
    assert bars("en")["layout"]["separators"] == ".,"


def test_palette_is_okabe_ito() -> None:
    assert plotly_charts.colour(0) == "#0072B2"
    assert plotly_charts.colour(len(plotly_charts.PALETTE)) == "#0072B2"


def test_claims_timeline_gives_each_claim_type_its_own_symbol() -> None:
    rows = pd.DataFrame(
        {
            "claim_type": ["target", "forecast", "actual"],
            "value_low": [2_000_000.0, 1_500_000.0, 685_189.0],
            "value_high": [2_000_000.0, 2_000_000.0, 685_189.0],
            "ref_date": ["2019-09-13", "2020/2021", "2022-10-09"],
            "hover": ["t", "f", "a"],
        }
    )
    figure = plotly_time.claims_timeline(
        rows,
        "en",
        y_title="Visitors",
        claim_labels={"target": "Target", "forecast": "Forecast", "actual": "Actual"},
    )
    names = [trace.name for trace in figure.data]
    assert names == ["Target", "Forecast", "Actual"]
    symbols = {trace.name: trace.marker.symbol for trace in figure.data}
    assert len(set(symbols.values())) == 3
    forecast = next(trace for trace in figure.data if trace.name == "Forecast")
    assert 1_500_000.0 in forecast.y
    assert 2_000_000.0 in forecast.y
    assert 1_750_000.0 not in forecast.y


@pytest.mark.parametrize(("lang", "may"), [("nl", "mei 2022"), ("en", "May 2022")])
def test_a_dated_axis_names_its_months_in_the_pages_language(lang: Language, may: str) -> None:
    rows = pd.DataFrame(
        {
            "claim_type": ["actual", "actual"],
            "value_low": [600_000.0, 685_189.0],
            "value_high": [600_000.0, 685_189.0],
            "ref_date": ["2022-06-01", "2022-10-09"],
            "hover": ["a", "b"],
        }
    )
    figure = plotly_time.claims_timeline(rows, lang, y_title="x", claim_labels={"actual": "Actual"})
    ticks = list(figure.layout.xaxis.ticktext)
    assert may in ticks, ticks
    assert all(tick.endswith("2022") or tick.endswith("2023") for tick in ticks), ticks
    assert len(ticks) <= plotly_time.MAX_TIME_TICKS
    # plotly's own month names are English whatever the page: it must not name them
    assert not figure.layout.xaxis.tickformat


def contrast_on_white(hex_colour: str) -> float:
    """WCAG 2 contrast ratio of ``hex_colour`` against white."""
    channels = [int(hex_colour.lstrip("#")[index : index + 2], 16) / 255 for index in (0, 2, 4)]
    linear = [value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4 for value in channels]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    return 1.05 / (luminance + 0.05)


def test_every_solid_bar_has_an_edge_seen_on_white_whatever_its_colour() -> None:
    assert min(contrast_on_white(colour) for colour in plotly_charts.PALETTE) < 3  # why the edge exists
    table = pd.DataFrame(
        {
            "label": ["Almere", "Almere", "Eindhoven"],
            "group": [f"status {index}" for index in range(3)],
            "count": [1, 2, 3],
            "hover": ["", "", ""],
        }
    )
    group_order = [f"status {index}" for index in range(len(plotly_charts.PALETTE))]
    stacked = plotly_charts.stacked_counts(table, "nl", y_title="", group_order=group_order).to_dict()
    solid, span = bars()["data"]
    for trace in [*stacked["data"], solid]:
        assert contrast_on_white(trace["marker"]["line"]["color"]) >= 3, trace["name"]
        assert trace["marker"]["line"]["width"] >= 1
    assert (
        span["marker"]["line"]["color"] != plotly_charts.BAR_EDGE["color"]
    )  # ranges keep their hatch colour


# --- axes that say what they count, missing bars, undated periods --------------------------


def test_count_axis_is_titled_by_what_it_counts_with_whole_ticks() -> None:
    from dashboard.catalog import datasets  # noqa: PLC0415
    from dashboard.charts import kinds  # noqa: PLC0415

    frames = {key: datasets.get(key).load_curated() for key in kinds.KINDS["compare"].datasets}
    settings = {"regions": "GM0034,LD-NOORD,BRAINPORT", "measure": "data_centres"}
    figure = kinds.build("compare", settings, frames, "nl").figure
    assert figure.layout.yaxis.title.text == "Aantal datacenters"
    assert figure.layout.yaxis.dtick >= 1
    assert float(figure.layout.yaxis.dtick).is_integer()
    per_head = kinds.build("compare", {**settings, "per": "per_100k"}, frames, "nl").figure
    assert per_head.layout.yaxis.title.text == "Datacenters (in bronnen) per 100.000 inwoners"


def test_small_counts_get_steps_of_one_not_halves() -> None:
    table = pd.DataFrame({"label": ["a", "b"], "low": [1.0, 3.0], "high": [1.0, 3.0], "hover": ["", ""]})
    figure = plotly_charts.range_bars(table, "nl", y_title="Aantal", range_label="", whole=True)
    assert figure.layout.yaxis.dtick == 1
    scores = plotly_charts.range_bars(
        table.assign(low=[0.2, 0.9], high=[0.2, 0.9]), "nl", y_title="", range_label=""
    )
    assert scores.layout.yaxis.dtick < 1  # a score from 0 to 1 keeps its fractions


def test_a_missing_bar_says_unknown_where_it_would_stand() -> None:
    figure = plotly_charts.range_bars(
        pd.DataFrame(
            {"label": ["Almere", "Hasselt"], "low": [3.0, None], "high": [3.0, None], "hover": ["", ""]}
        ),
        "nl",
        y_title="Aantal",
        range_label="",
        unknown_label="onbekend",
    )
    (note,) = figure.layout.annotations
    assert (note.x, note.y, note.text) == ("Hasselt", 0, "onbekend")


@pytest.mark.parametrize(
    ("lang", "top", "expected"),
    [
        pytest.param("nl", 2_500_000.0, "2\xa0mln.", id="nl-millions"),
        pytest.param("en", 2_500_000.0, "2M", id="en-millions"),
    ],
)
def test_large_ticks_are_abbreviated_the_readers_way(lang: str, top: float, expected: str) -> None:
    table = pd.DataFrame({"label": ["a"], "low": [top], "high": [top], "hover": [""]})
    figure = plotly_charts.range_bars(table, lang, y_title="", range_label="")  # type: ignore[arg-type]
    texts = list(figure.layout.yaxis.ticktext)
    assert expected in texts
    if lang == "nl":
        assert not any(text.endswith(("M", "K", "k")) for text in texts), texts


def test_thousands_are_written_in_full_not_as_k() -> None:
    table = pd.DataFrame({"label": ["a"], "low": [685_189.0], "high": [685_189.0], "hover": [""]})
    figure = plotly_charts.range_bars(table, "nl", y_title="", range_label="")
    assert figure.layout.yaxis.exponentformat == "none"
    assert figure.layout.yaxis.separatethousands is True


def _members(ref_dates: list[str]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "label": ["Cluster"] * len(ref_dates),
            "x": [2012.5, 2021.5, 2024.0][: len(ref_dates)],
            "x_minus": [1.5, 0.5, 0.5][: len(ref_dates)],
            "x_plus": [1.5, 0.5, 0.5][: len(ref_dates)],
            "y": [21.0, 80.0, 100.0][: len(ref_dates)],
            "low": [21.0, 80.0, 100.0][: len(ref_dates)],
            "high": [21.0, 80.0, 100.0][: len(ref_dates)],
            "ref_date": ref_dates,
            "hover": [""] * len(ref_dates),
        }
    )


def test_undated_periods_are_open_markers_not_joined_to_the_line() -> None:
    figure = plotly_time.time_series(
        _members(["2011/2013", "2021", "2023/2024"]), "nl", y_title="", x_title=""
    )
    lined = [trace for trace in figure.data if "lines" in trace.mode]
    assert [list(trace.x) for trace in lined] == [[2021.5]]  # only the dated figure is on a line
    (periods,) = [trace for trace in figure.data if trace.mode == "markers"]
    assert list(periods.x) == [2012.5, 2024.0]
    assert periods.marker.symbol == "circle-open"
    assert list(periods.error_x.arrayminus) == [1.5, 0.5]
