"""Chart builders on tiny frames: ranges stay ranges, numbers follow the language."""

from __future__ import annotations

import pandas as pd

from dashboard.components import charts


def bars(lang: str = "nl") -> dict:  # type: ignore[type-arg]
    table = pd.DataFrame(
        {
            "label": ["Forecast", "Actual", "Unknown"],
            "low": [1_500_000.0, 685_189.0, None],
            "high": [2_000_000.0, 685_189.0, None],
            "hover": ["a", "b", "c"],
        }
    )
    return charts.range_bars(table, lang, y_title="Visitors", range_label="Range").to_dict()  # type: ignore[arg-type]


def test_a_range_is_a_hatched_span_from_low_to_high_not_a_midpoint() -> None:
    solid, span = bars()["data"]
    assert list(solid["y"]) == [1_500_000.0, 685_189.0, None]
    assert list(span["base"]) == [1_500_000.0, None, None]
    assert list(span["y"]) == [500_000.0, None, None]
    assert span["marker"]["pattern"]["shape"] == "/"
    assert 1_750_000.0 not in list(solid["y"]) + list(span["y"])


def test_without_ranges_there_is_no_range_legend() -> None:
    table = pd.DataFrame({"label": ["a"], "low": [3.0], "high": [3.0], "hover": ["x"]})
    figure = charts.range_bars(table, "en", y_title="", range_label="Range")
    assert len(figure.data) == 1


def test_number_separators_follow_the_language() -> None:
    assert bars("nl")["layout"]["separators"] == ",."
    assert bars("en")["layout"]["separators"] == ".,"


def test_palette_is_okabe_ito() -> None:
    assert charts.colour(0) == "#0072B2"
    assert charts.colour(len(charts.PALETTE)) == "#0072B2"


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
    figure = charts.claims_timeline(
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


def contrast_on_white(hex_colour: str) -> float:
    """WCAG 2 contrast ratio of ``hex_colour`` against white."""
    channels = [int(hex_colour.lstrip("#")[index : index + 2], 16) / 255 for index in (0, 2, 4)]
    linear = [value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4 for value in channels]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    return 1.05 / (luminance + 0.05)


def test_every_solid_bar_has_an_edge_seen_on_white_whatever_its_colour() -> None:
    assert min(contrast_on_white(colour) for colour in charts.PALETTE) < 3  # why the edge exists
    table = pd.DataFrame(
        {
            "label": ["Almere", "Almere", "Eindhoven"],
            "group": [f"status {index}" for index in range(3)],
            "count": [1, 2, 3],
            "hover": ["", "", ""],
        }
    )
    group_order = [f"status {index}" for index in range(len(charts.PALETTE))]
    stacked = charts.stacked_counts(table, "nl", y_title="", group_order=group_order).to_dict()
    solid, span = bars()["data"]
    for trace in [*stacked["data"], solid]:
        assert contrast_on_white(trace["marker"]["line"]["color"]) >= 3, trace["name"]
        assert trace["marker"]["line"]["width"] >= 1
    assert span["marker"]["line"]["color"] != charts.BAR_EDGE["color"]  # ranges keep their hatch colour
