"""The compare page as an official reads it, in Chromium: what two regions both count is
named on the page, and a bar's tooltip gives its source and denominator."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser


def test_almere_against_mra_warns_and_names_the_shared_sites(
    page: Page, app_url: str, outside_requests: list[str]
) -> None:
    page.goto(f"{app_url}/vergelijk?lang=nl&regions=GM0034,MRA")
    warning = page.get_by_text("Dubbel geteld in zowel Almere als Metropoolregio Amsterdam (3)")
    expect(warning).to_be_visible(timeout=30_000)
    expect(warning).to_contain_text(
        "Keppel Almere Data Centre 1, Keppel Almere Data Centre 2, NorthC Almere (AER01)"
    )
    assert not outside_requests, outside_requests


def test_a_bar_tooltip_gives_source_and_denominator(page: Page, app_url: str) -> None:
    page.goto(f"{app_url}/vergelijk?lang=en&regions=GM0034,LD-NOORD&measure=cluster_members&per=per_100k")
    chart = page.locator('[data-testid="stPlotlyChart"]').first
    bar = chart.locator(".bars path >> visible=true").first
    expect(bar).to_be_visible(timeout=30_000)
    # Noord-Nederland's bar is the only one drawn (Almere's member count is unknown).
    box = bar.bounding_box()
    assert box is not None
    # Plotly's drag layer lies over the bars: move the mouse there as a user would.
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    tooltip = chart.locator(".hoverlayer")
    expect(tooltip).to_contain_text("Northern Netherlands", timeout=10_000)
    expect(tooltip).to_contain_text("Samenwerking Noord")  # the source
    expect(tooltip).to_contain_text("Population: 1,757,677")  # the denominator, with its date
    expect(page.get_by_text("Unknown for: Almere.")).to_be_visible()
