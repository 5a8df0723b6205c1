"""What a chart kind is: the :class:`Slide` one chart of a view becomes, and the :class:`Kind`
that says which page it comes from, which URL parameters it reads and how it is built.

A page draws a slide; the present page, the PowerPoint deck and the PNG/SVG/CSV exports draw
the very same object, so what a presenter exports is what the official saw. The registry of
kinds is :mod:`dashboard.charts.kinds`; the builders live in one module per page.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Final

import pandas as pd
import plotly.graph_objects as go

from dashboard.analysis import figures
from dashboard.text import formatting, provenance
from dashboard.text.i18n import Language

# A view's URL parameters (dashboard.catalog.params). A missing or unknown setting falls back
# to the view's default, as a hand-edited URL does, so an old presentation never fails.
Settings = Mapping[str, str]
SOURCES_ON_A_SLIDE: Final = 4  # more are counted, not named; the page lists them all


@dataclass(frozen=True)
class Slide:
    """Title, chart, the line that says where the figures come from, and the data behind it."""

    title: str
    figure: go.Figure  # the plotly chart
    source_line: str  # plain text: sources, reference date, weakest confidence
    table: pd.DataFrame  # the figures behind the chart, with translated headers
    note: str = ""  # what the chart cannot show: unknown values, periods drawn as spans
    kind: str = ""  # the kind (a key of kinds.KINDS) that built it
    query: dict[str, str] = field(default_factory=dict)  # URL parameters that reopen the live view
    page: str = ""  # url path of the live view ("" for the default page)

    def with_origin(self, kind: str, page: str, query: dict[str, str]) -> Slide:
        return replace(self, kind=kind, page=page, query=query)


Builder = Callable[[Settings, figures.Frames, Language], Slide]


@dataclass(frozen=True)
class Kind:
    """A kind of slide: the page it comes from, the settings it reads, how it is built."""

    page: str  # a page name from pages.PAGES
    builder: Builder
    settings: tuple[str, ...] = ()
    datasets: tuple[str, ...] = ("regions", "sources")


def source_line(
    source_ids: Sequence[str], frames: figures.Frames, lang: Language, ref_dates: pd.Series
) -> str:
    """'Bron: …, 2022 · betrouwbaarheid: hoog' as plain text, for slides and decks."""
    ids = list(dict.fromkeys(str(source) for source in source_ids if not formatting.is_missing(source)))
    return provenance.caption(
        ids,
        frames["sources"],
        lang,
        ref_date=figures.span(ref_dates.dropna()),
        markdown=False,
        limit=SOURCES_ON_A_SLIDE,
    )
