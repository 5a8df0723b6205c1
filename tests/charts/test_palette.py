"""One colour per region on every chart: compare bars, cluster lines, scorecard bars and ranks."""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest

from dashboard.catalog import datasets
from dashboard.charts import kinds, palette, plotly_charts

FOCUS = ["GM0034", "LD-NOORD", "BRAINPORT", "GM0363", "NIS71022"]


@pytest.fixture(scope="module")
def frames() -> dict[str, pd.DataFrame]:
    return {key: datasets.get(key).load_curated() for key in kinds.ALL_DATASETS}


def _bar_colours(figure: Any) -> dict[str, str]:
    solid = figure.data[0]
    return dict(zip(solid.x, solid.marker.color, strict=True))


def _line_colours(figure: Any) -> dict[str, str]:
    return {trace.name: trace.line.color or trace.marker.color for trace in figure.data if trace.showlegend}


def test_a_region_has_the_same_colour_in_the_bars_and_in_its_cluster_line(
    frames: dict[str, pd.DataFrame],
) -> None:
    settings = {"regions": ",".join(FOCUS)}
    bars = _bar_colours(kinds.build("compare", settings, frames, "nl").figure)
    lines = _line_colours(kinds.build("compare_members", settings, frames, "nl").figure)
    north = [name for name in lines if name.endswith("(Noord-Nederland)")]
    assert north, lines
    assert {lines[name] for name in north} == {bars["Noord-Nederland"]}
    assert bars["Noord-Nederland"] == palette.ORANGE


def test_the_colour_does_not_depend_on_what_else_is_chosen(frames: dict[str, pd.DataFrame]) -> None:
    alone = _bar_colours(kinds.build("compare", {"regions": "LD-NOORD,GM0363"}, frames, "nl").figure)
    together = _bar_colours(kinds.build("compare", {"regions": ",".join(FOCUS)}, frames, "nl").figure)
    assert alone["Noord-Nederland"] == together["Noord-Nederland"]
    assert alone["Amsterdam"] == together["Amsterdam"]


def test_other_regions_never_share_a_colour_with_a_chosen_focus_region(
    frames: dict[str, pd.DataFrame],
) -> None:
    keys = ["GM0034", "NL-UT", "NL-GR", "NL-FR", "NL-DR"]
    colours = palette.region_colours(keys, frames["regions"])
    assert len(set(colours.values())) == len(keys)
    assert colours["GM0034"] == palette.BLUE


def test_scorecard_charts_take_the_colours_they_are_given() -> None:
    colours = {"Almere": palette.BLUE, "Noord-Nederland": palette.ORANGE}
    # The scorecard sorts its bars by score; the colour follows the region, not the position.
    bars = plotly_charts.range_bars(
        pd.DataFrame(
            {"label": ["Noord-Nederland", "Almere"], "low": [2.0, 1.0], "high": [2.0, 1.0], "hover": ["", ""]}
        ),
        "nl",
        y_title="Score",
        range_label="",
        colours=colours,
    )
    assert _bar_colours(bars) == colours
    ranks = plotly_charts.rank_lines(
        pd.DataFrame({"label": ["Noord-Nederland", "Almere"], "x": [0.5, 0.5], "rank": [1, 2]}),
        "nl",
        x_title="",
        y_title="",
        colours=colours,
    )
    assert {trace.name: trace.line.color for trace in ranks.data} == colours


def test_the_clusters_page_draws_a_cluster_in_its_regions_colour(frames: dict[str, pd.DataFrame]) -> None:
    lines = _line_colours(kinds.build("clusters", {}, frames, "nl").figure)
    assert lines["Samenwerking Noord"] == palette.ORANGE  # Noord-Nederland's colour on the compare page


def test_a_campus_bar_has_its_regions_colour(frames: dict[str, pd.DataFrame]) -> None:
    bars = _bar_colours(kinds.build("campuses", {}, frames, "nl").figure)
    assert bars["High Tech Campus Eindhoven"] == palette.GREEN  # Brainport's colour
    assert bars["Corda Campus Hasselt"] == palette.SKY_BLUE  # Hasselt's
    assert bars["Campus Groningen"] == palette.ORANGE  # Noord-Nederland's
