"""What to say next to a normalised value whose figure comes from only some of a region's
members: Brainport's campus companies are Eindhoven's, divided by 21 municipalities' people."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Final

import pandas as pd

from dashboard.catalog.measures import Normalisation
from dashboard.text import formatting
from dashboard.text.i18n import Language, t

PLACES_NAMED: Final = 3  # more are counted, not named: "from 7 of 30 members"


def partial_text(covered: Sequence[str], member_count: int, names: Mapping[str, str], lang: Language) -> str:
    """'from Eindhoven only, 1 of 21 members', or '' when the figure covers the whole region."""
    if not covered:
        return ""
    if len(covered) > PLACES_NAMED:
        return t("compare.partial_count", lang, count=len(covered), total=member_count)
    places = ", ".join(names.get(member, member) for member in covered)
    return t("compare.partial_places", lang, places=places, count=len(covered), total=member_count)


Row = Mapping[str, object] | pd.Series


def with_partial(value: str, row: Row, how: Normalisation, names: Mapping[str, str], lang: Language) -> str:
    """``value`` of a headline-table row, followed by what it covers when it is divided by a
    denominator of the whole region but comes from only some of its members."""
    covered = row.get("covered_members")
    if how.denominator is None or not isinstance(covered, tuple) or not covered:
        return value
    members = formatting.scalar_int(row.get("member_count")) or 0
    return f"{value} ({partial_text(covered, members, names, lang)})"
