"""A slide: what one chart of a view shows when presented or exported, built without streamlit."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import pandas as pd
import plotly.graph_objects as go


@dataclass(frozen=True)
class Slide:
    """Title, chart, the line that says where the figures come from, and the data behind it."""

    title: str
    figure: go.Figure
    source_line: str  # plain text: sources, reference date, weakest confidence
    table: pd.DataFrame  # the figures behind the chart, with translated headers
    note: str = ""  # what the chart cannot show: unknown values, periods drawn as spans
    kind: str = ""  # the slide kind (slide_builders.KINDS) that built it
    query: dict[str, str] = field(default_factory=dict)  # URL parameters that reopen the live view
    page: str = ""  # url path of the live view ("" for the default page)

    def with_origin(self, kind: str, page: str, query: dict[str, str]) -> Slide:
        return replace(self, kind=kind, page=page, query=query)
