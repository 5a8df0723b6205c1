"""What a count of known data-centre sites covers, and the market figures to read it beside.

A count of the sites the sources name is not the market: the MRA holds most Dutch
colocation, yet the sources name only some of its sites. So every count says how many of
its sites come from the PeeringDB sample and how many from press and company pages, next
to the Dutch Data Center Association's own figures for the regions that contain the area.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

import pandas as pd

from dashboard.analysis import areas, figures, headlines

PEERINGDB_PUBLISHER: Final = "PeeringDB"
# Market figures shown next to a count of known sites, so nobody reads the count as the
# market: the DDA's share of Dutch colocation in the MRA, its MRA floor area, and its
# national count of colocation data centres.
SITE_CONTEXT_INDICATORS: Final = ("mra_share_colocation_pct", "mra_colocation_floor_m2", "dda_colocation_dcs")


@dataclass(frozen=True)
class SiteCoverage:
    """Where an area's count of operating sites comes from, and the market context for it."""

    peeringdb: int  # sites a PeeringDB facility record names (the sample of 500 facilities)
    other: int  # sites named only by press releases, company pages and news
    context: pd.DataFrame  # the latest SITE_CONTEXT_INDICATORS row of each region containing the area


def site_coverage(frames: figures.Frames, key: str) -> SiteCoverage:
    """How many of an area's operating sites each kind of source names, and the DDA context
    of the regions that contain it (an indicator of the MRA is context for Almere too)."""
    regions = frames["regions"]
    closure = areas.region_closure(regions)
    where = areas.area(key, regions, closure)
    sites = headlines.operating_sites(where.rows(frames["data_centres"]))
    publishers = frames["sources"].set_index("source_id")["publisher"]
    from_peeringdb = [
        any(
            publishers.get(source) == PEERINGDB_PUBLISHER
            for source in (row.source_id, row.location_source_id)
        )
        for row in sites.itertuples()
    ]
    indicators = frames["indicators"]
    country = areas.national(where, regions)
    containing = [
        region
        for region in dict.fromkeys(indicators["region_id"])
        if where.region_id in closure.get(region, ()) or region == country
    ]
    rows = indicators[
        indicators["indicator_id"].isin(SITE_CONTEXT_INDICATORS) & indicators["region_id"].isin(containing)
    ]
    rows = rows[rows["value_low"].notna() | rows["value_high"].notna()]
    if not rows.empty:
        order = rows["ref_date"].map(figures.latest_first_order)
        rows = rows.assign(_order=order).sort_values("_order").groupby("indicator_id").tail(1)
        rank = {indicator: position for position, indicator in enumerate(SITE_CONTEXT_INDICATORS)}
        rows = rows.drop(columns="_order").sort_values("indicator_id", key=lambda ids: ids.map(rank))
    return SiteCoverage(sum(from_peeringdb), len(from_peeringdb) - sum(from_peeringdb), rows)
