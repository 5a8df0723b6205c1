"""What an official outside the five focus regions sees: their own municipality on Compare,
the Overview and the map, with official denominators, and "no figures" never drawn as 0."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from test_pages import open_page

from dashboard.catalog import datasets, params
from dashboard.text.i18n import catalogue

ZWOLLE, ALMERE = "GM0193", "GM0034"


def _table_with(app: object, column: str) -> pd.DataFrame:
    """The shown table with that column, its cells as read (static tables escape markdown)."""
    tables = [table.value for table in app.table]  # type: ignore[attr-defined]
    found = next(table for table in tables if column in table.columns)
    return found.map(lambda cell: cell.replace("\\", "") if isinstance(cell, str) else cell)


def test_compare_reads_zwolle_almere_mra_and_brainport_per_100k(database_url: str) -> None:
    """The issue's done-when: official denominators and their sources, side by side."""
    app = open_page("compare", "en", regions=f"{ZWOLLE},{ALMERE},MRA,BRAINPORT", per="per_100k")
    assert app.multiselect[0].value == [ZWOLLE, ALMERE, "MRA", "BRAINPORT"]

    profile = _table_with(app, "Region").set_index("Region")
    assert list(profile.index) == ["Zwolle", "Almere", "Amsterdam Metropolitan Area", "Brainport Eindhoven"]
    # Every measure has a value or says the sources have none; nothing reads as a bare 0.
    for cell in profile.to_numpy().ravel():
        # Event visitors per inhabitant: not meaningful, so not divided (tests/catalog/test_measures.py).
        meaningless = cell == "n/a (not meaningful for this measure)"
        assert cell == "no figures in the sources" or meaningless or any(ch.isdigit() for ch in cell), cell
        assert cell.strip() != "0"
    # The MRA is known per capita now: its 30 members' CBS populations are summed.
    assert (
        profile.loc["Amsterdam Metropolitan Area", "Data centres (in sources)"] != "no figures in the sources"
    )

    definitions = _table_with(app, "Drawn by (source)").set_index("Region")
    assert definitions.loc["Zwolle", "Population"].startswith(
        "132,411 (1 Jan 2023; Source: Kadaster / CBS, 2023"
    )
    assert definitions.loc["Amsterdam Metropolitan Area", "Population"].startswith("2,581,116 (1 Jan 2023; ")
    assert definitions.loc["Brainport Eindhoven", "Population"].startswith("803,180 (1 Jan 2023; ")
    assert "Wormerland" in definitions.loc["Amsterdam Metropolitan Area", "Contains"]
    assert "(Confidence: medium)" in definitions.loc["Amsterdam Metropolitan Area", "Drawn by (source)"]


def test_a_municipality_without_any_figure_shows_its_denominators_and_says_so(database_url: str) -> None:
    # Vlieland: a municipality no source in data/ says anything about.
    frames = {
        key: datasets.get(key).load_curated() for key in ("data_centres", "clusters", "events", "campuses")
    }
    assert all("GM0096" not in set(frame["region_id"]) for frame in frames.values())
    app = open_page("compare", "nl", regions="GM0096,GM0034")
    profile = _table_with(app, "Regio").set_index("Regio")
    assert set(profile.loc["Vlieland"]) == {catalogue("nl")["compare.no_figures"]}
    definitions = _table_with(app, "Afbakening (bron)").set_index("Regio")
    assert definitions.loc["Vlieland", "Inwoners"].startswith("1.291 (1 jan 2023; ")
    assert "Kadaster / CBS" in definitions.loc["Vlieland", "Inwoners"]
    chart_notes = " ".join(caption.value for caption in app.caption)
    assert "Vlieland" in chart_notes  # "Onbekend voor: Vlieland." under the chart


def test_the_picker_offers_every_region_focus_first_and_labelled_by_kind(database_url: str) -> None:
    app = open_page("compare", "nl")
    picker = app.multiselect[0]
    regions = datasets.get("regions").load_curated()
    assert len(picker.options) == len(regions)
    focus = list(regions.dropna(subset=["focus_order"]).sort_values("focus_order")["region_id"])
    labels = dict(zip(regions["region_id"], regions["name_nl"], strict=True))
    assert picker.options[: len(focus)] == [
        f"{labels[region]} · {_kind(regions, region)}" for region in focus
    ]
    assert "Zwolle · gemeente" in picker.options
    assert "Groningen · provincie" in picker.options
    assert "Groningen · gemeente" in picker.options
    # Groupings come before provinces, provinces before municipalities.
    position = {label: index for index, label in enumerate(picker.options)}
    assert position["Noord-Holland · provincie"] < position["Aa en Hunze · gemeente"]


def _kind(regions: pd.DataFrame, region_id: str) -> str:
    kind = regions.set_index("region_id").at[region_id, "kind"]
    return str(catalogue("nl")[f"kind.{kind}"])


def test_the_overview_shows_the_regions_a_link_names(database_url: str) -> None:
    app = open_page("overview", "en", regions=f"{ZWOLLE},MRA,NOWHERE")
    assert [header.value for header in app.subheader] == ["Zwolle", "Amsterdam Metropolitan Area"]
    assert len(app.metric) == 8
    captions = " ".join(caption.value for caption in app.caption)
    assert "132,411 inhabitants" in captions


def test_the_map_draws_municipalities_with_sourced_popups(database_url: str) -> None:
    app = open_page("map", "en", level="municipalities", map_measure="population")
    (component,) = list(app.get("component_instance"))
    payload = json.loads(component.proto.json_args)
    html = json.dumps(payload)
    for code in (ZWOLLE, ALMERE, "GM0363", "BE-VLI", "NIS71022"):
        assert code in html
    assert "Kadaster / CBS, 2023 (high)" in html
    assert "cdn" not in html.lower()
    captions = " ".join(caption.value for caption in app.caption)
    assert "Kadaster / CBS, 2023" in captions


@pytest.mark.parametrize("level", ["provinces", "municipalities"])
def test_a_map_slide_exports_at_either_level(level: str, database_url: str) -> None:
    from dashboard.charts import kinds  # noqa: PLC0415

    frames = {key: datasets.get(key).load_curated() for key in kinds.KINDS["map"].datasets}
    shown = kinds.build("map", {"level": level, "map_measure": "population"}, frames, "en")
    assert shown.query["level"] == level
    assert not shown.table.empty
    assert "Kadaster / CBS" in shown.note if level == "municipalities" else "Natural Earth" in shown.note
    # The exported map is drawn by Plotly, the live one by Leaflet: the note names neither.
    assert "Leaflet" not in shown.note


def test_a_site_count_says_what_it_covers_and_gives_the_market_context() -> None:
    frames = {
        key: datasets.get(key).load_curated() for key in ("regions", "sources", "data_centres", "indicators")
    }
    sites = frames["data_centres"]
    almere_sites = sites[(sites["region_id"] == ALMERE) & (sites["status"] == "operating")]
    # One of Almere's sites re-cited as a PeeringDB facility record: counted as such.
    cited = almere_sites.index[0]
    frames["data_centres"] = sites.assign(
        source_id=sites["source_id"].where(sites.index != cited, "peeringdb-fac-test")
    )
    frames["sources"] = pd.concat(
        [
            frames["sources"],
            pd.DataFrame(
                [
                    {
                        "source_id": "peeringdb-fac-test",
                        "title": "t",
                        "publisher": "PeeringDB",
                        "language": "en",
                        "confidence": "high",
                    }
                ]
            ),
        ],
        ignore_index=True,
    )
    from dashboard.analysis.coverage import site_coverage  # noqa: PLC0415

    coverage = site_coverage(frames, ALMERE)
    assert (coverage.peeringdb, coverage.other) == (1, len(almere_sites) - 1)
    # The MRA contains Almere, so the DDA's MRA figures are its context, and so is the national count.
    assert list(coverage.context["indicator_id"]) == [
        "mra_share_colocation_pct",
        "mra_colocation_floor_m2",
        "dda_colocation_dcs",
    ]
    assert coverage.context.set_index("indicator_id").at["mra_share_colocation_pct", "ref_date"] == "2023"
    # Belgian Limburg has no DDA figure: no context is invented for it.
    assert site_coverage(frames, "BE-VLI").context.empty


@pytest.mark.parametrize(("level", "budget"), [("provinces", 150_000), ("municipalities", 300_000)])
def test_the_map_fits_its_payload_budget_with_every_point(level: str, budget: int) -> None:
    """What the browser receives for the map page, built as the page builds it, with the real
    data: every area with its popup, the outlines and every point of every layer."""
    from dashboard.charts import folium_maps, map_layers  # noqa: PLC0415

    data = {key: dataset.load_curated() for key, dataset in datasets.DATASETS.items()}
    content = map_layers.map_content(data, "data_centres_per_100k", params.LAYERS, level, "nl")
    fmap, _ = folium_maps.build_map(**content.arguments())
    size = len(fmap.get_root().render().encode("utf-8"))
    assert size <= budget, f"{size / 1024:.1f} KB"
