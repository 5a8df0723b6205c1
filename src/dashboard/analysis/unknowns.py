"""The figures someone would ask for that no source was found for, said out loud.

An unknown figure is a finding, not a gap to hide: the Sources page lists every cluster,
campus, event and indicator figure whose row has neither a low nor a high value, and the
data-centre sites without a power figure (PeeringDB never gives one, so those are summed up
in one line instead of ~70 rows burying every other unknown figure).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

import pandas as pd

from dashboard.analysis.figures import Frames
from dashboard.catalog import measures as catalog

# The datasets of stated figures, in the order the Sources page lists their unknowns.
FIGURE_DATASETS: Final = ("clusters", "events", "campuses", "indicators")
# Indicators are context figures, not a headline measure's entities: their own columns.
INDICATOR_COLUMNS: Final = ("subject", "indicator_id")
COLUMNS: Final = ("dataset", "name", "measure", "ref_date", "note")


@dataclass(frozen=True)
class UnknownFigures:
    """Every figure without a value (``COLUMNS``; ``measure`` is a measure or indicator key),
    and the sites without a power figure, by name."""

    figures: pd.DataFrame
    sites_without_power: tuple[str, ...]
    site_count: int


def name_and_measure_columns(dataset: str) -> tuple[str, str]:
    """The columns naming a figure's entity and its measure in ``dataset``."""
    if dataset == "indicators":
        return INDICATOR_COLUMNS
    return catalog.name_column(dataset), "measure"


def unknown_figures(data: Frames) -> UnknownFigures:
    """The figures in ``data`` no source was found for."""
    pieces = []
    for key in FIGURE_DATASETS:
        frame = data[key]
        missing = frame[frame["value_low"].isna() & frame["value_high"].isna()]
        name, measure = name_and_measure_columns(key)
        pieces.append(
            pd.DataFrame(
                {
                    "dataset": key,
                    "name": missing[name],
                    "measure": missing[measure],
                    "ref_date": missing["ref_date"],
                    "note": missing["note"],
                },
                columns=list(COLUMNS),
            )
        )
    sites = data["data_centres"]
    no_power = sites[sites["capacity_mw_low"].isna() & sites["capacity_mw_high"].isna()]
    return UnknownFigures(
        figures=pd.concat(pieces, ignore_index=True),
        sites_without_power=tuple(str(name) for name in no_power["name"]),
        site_count=len(sites),
    )
