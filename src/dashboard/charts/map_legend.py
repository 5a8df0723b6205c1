"""The map's legend: titled with the measure, its classes as ranges from light (low) to dark.

Pure text and HTML, no streamlit: the map page and the live map slide draw the same legend,
and the static (plotly) map of slides and images writes the same labels.
"""

from __future__ import annotations

from collections.abc import Sequence

from dashboard.charts.map_model import Legend
from dashboard.text import formatting
from dashboard.text.i18n import Language


def _range(low: float, high: float, lang: Language, decimals: int | None) -> str:
    first = formatting.number(low, lang, decimals=decimals)
    last = formatting.number(high, lang, decimals=decimals)
    return first if first == last else f"{first}–{last}"


def class_labels(legend: Legend, lang: Language, decimals: int | None) -> list[str]:
    """One range per class, without gaps between classes.

    Counts (``decimals`` None) are whole numbers: a class runs from one more than the class
    below it ("1", "2", "3-4", "5-8"). Other figures run from the upper edge of the class
    below ("0,4-0,9", "0,9-1,3"), so a value between two observed values still has a class.
    Decimals grow until two classes do not read alike (0,41 and 0,42 are two classes).
    """
    bins = legend.bins
    if decimals is None:
        lows = [bins[0][0], *(high + 1 for _, high, _ in bins[:-1])] if bins else []
        return [_range(low, high, lang, None) for low, (_, high, _) in zip(lows, bins, strict=True)]
    labels: list[str] = []
    for extra in range(3):
        places = decimals + extra
        lows = [bins[0][0], *(high for _, high, _ in bins[:-1])] if bins else []
        labels = [_range(low, high, lang, places) for low, (_, high, _) in zip(lows, bins, strict=True)]
        if len(set(labels)) == len(labels):
            break
    return labels


def legend_items(
    legend: Legend, lang: Language, decimals: int | None, unknown_label: str
) -> list[tuple[str, str]]:
    """(colour, label) from low to high, then the grey of "no value" when the map has any."""
    items = [
        (colour, label)
        for (_, _, colour), label in zip(legend.bins, class_labels(legend, lang, decimals), strict=True)
    ]
    if legend.has_unknown:
        items.append((legend.unknown_colour, unknown_label))
    return items


def legend_html(title: str, items: Sequence[tuple[str, str]]) -> str:
    """The legend as one line of swatches under a bold title (escaped: titles may come from data)."""
    swatches = "".join(
        '<span class="map-legend-item" style="display:inline-flex;align-items:center;margin-right:1.2em">'
        f'<span style="width:1.1em;height:1.1em;background:{colour};border:1px solid #555;'
        f'margin-right:.4em;display:inline-block"></span>{formatting.html_escape(label)}</span>'
        for colour, label in items
    )
    return f'<span class="map-legend"><strong>{formatting.html_escape(title)}:</strong> {swatches}</span>'
