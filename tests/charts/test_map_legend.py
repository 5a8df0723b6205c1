"""The map's legend: titled with the measure, classes as ranges without gaps, light to dark."""

from __future__ import annotations

import re
from itertools import pairwise

from dashboard.charts import map_legend, map_model


def luminance(colour: str) -> float:
    """WCAG relative luminance of #rrggbb."""

    def channel(value: int) -> float:
        share = value / 255
        return share / 12.92 if share <= 0.03928 else ((share + 0.055) / 1.055) ** 2.4

    red, green, blue = (int(colour[index : index + 2], 16) for index in (1, 3, 5))
    return 0.2126 * channel(red) + 0.7152 * channel(green) + 0.0722 * channel(blue)


def test_count_classes_are_whole_number_ranges_without_gaps() -> None:
    legend = map_model.classify([1, 2, 3, 4, 5, 8, 9, 24, None])
    labels = map_legend.class_labels(legend, "nl", None)
    assert labels[-1].endswith("24")
    bounds = [[int(part) for part in label.split("–")] for label in labels]
    for below, above in pairwise(bounds):
        assert above[0] == below[-1] + 1  # 1-2, 3-4, ...: every whole number has a class


def test_decimal_classes_meet_at_their_edges() -> None:
    legend = map_model.classify([0.41, 0.87, 0.95, 1.3, 2.2, 5.1])
    labels = map_legend.class_labels(legend, "nl", 1)
    edges = [label.split("–") for label in labels]
    assert all(len(edge) == 2 for edge in edges), labels  # ranges, as "0,4-0,9"
    for below, above in pairwise(edges):
        assert above[0] == below[1]  # "0,4-0,9", "0,9-1,3": no value falls between two classes
    assert "," in labels[0]  # the Dutch decimal comma


def test_legend_html_has_the_measure_as_title_and_runs_light_to_dark() -> None:
    legend = map_model.classify([1, 2, 3, 5, 8, 13, 21, None])
    items = map_legend.legend_items(legend, "nl", None, "geen waarde / onbekend")
    html = map_legend.legend_html("Datacenters in bedrijf", items)
    assert "<strong>Datacenters in bedrijf:</strong>" in html
    assert "Legenda" not in html
    colours = re.findall(r"background:(#[0-9a-fA-F]{6})", html)
    classes = colours[:-1]  # the last swatch is the grey of "no value"
    assert [luminance(colour) for colour in classes] == sorted(
        (luminance(colour) for colour in classes), reverse=True
    )
    assert colours[-1] == map_model.UNKNOWN_COLOUR
    labels = re.findall(r"</span>([^<]+)</span>", html)
    assert labels[-1] == "geen waarde / onbekend"


def test_legend_text_is_escaped() -> None:
    html = map_legend.legend_html("<b>x</b>", [("#ffffff", "<i>1</i>")])
    assert "<b>x</b>" not in html
    assert "<i>1</i>" not in html
    assert "&lt;b&gt;x&lt;/b&gt;" in html
