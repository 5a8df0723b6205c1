"""The scorecard page through the real router: controls, URL round trip, ranks that follow
the weights, and the method with its caveat."""

from __future__ import annotations

import json
from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[2] / "app.py")
DEFAULT = ("data_centres:per_100k", "cluster_members:per_100k", "campus_companies:per_100k")


def open_scorecard(**params: str) -> AppTest:
    app = AppTest.from_file(APP, default_timeout=90)
    for name, value in {"lang": "en", **params}.items():
        app.query_params[name] = value
    app.run()
    app.switch_page("app_pages/scorecard.py").run()
    assert not app.exception, [exception.message for exception in app.exception]
    return app


def ranking(app: AppTest) -> list[tuple[str, str]]:
    table = app.table[0].value
    return list(zip(table["Region"], table["Rank"], strict=True))


def test_the_focus_regions_are_ranked_only_with_half_of_the_weight_known(database_url: str) -> None:
    app = open_scorecard()
    ranks = dict(ranking(app))
    # Amsterdam, Hasselt and Almere each have one figure of three: before the coverage rule,
    # Amsterdam and Hasselt tied first on it. Now they are listed, not ranked.
    assert ranks == {
        "Brainport Eindhoven": "1",
        "Northern Netherlands": "2",
        "Almere": "not ranked: too few figures",
        "Amsterdam": "not ranked: too few figures",
        "Hasselt": "not ranked: too few figures",
    }
    table = app.table[0].value.set_index("Region")
    assert table.at["Amsterdam", "Indicators known"] == "1 / 3"
    assert table.at["Amsterdam", "Score"] == "—"
    assert table.at["Northern Netherlands", "Indicators known"] == "3 / 3"
    # Brainport's campus companies are Eindhoven's, divided by all 21 municipalities' people.
    campus = "Companies on tech campuses per 100,000 inhabitants"
    shown = table.at["Brainport Eindhoven", campus].replace("\\", "")  # markdown-escaped
    assert shown == "29.3 (Eindhoven only: 1 of 21 members)"
    assert table.at["Hasselt", campus].replace("\\", "") == "317.6"  # a municipality: nothing to say
    # The score chart draws only the ranked regions.
    scores = json.loads(app.get("plotly_chart")[0].proto.spec)
    assert sorted(label for trace in scores["data"] for label in trace.get("x", [])) == [
        "Brainport Eindhoven",
        "Northern Netherlands",
    ]
    # The rule and who falls under it, beside the ranking, not folded away.
    info = " ".join(box.value for box in app.info)
    assert "ranked only when the indicators with a known figure carry at least 50 % of the weight" in info
    assert "Not ranked, too few figures: Almere (1 of 3 indicators, 33 % of the weight); Amsterdam (" in info
    assert any("left out, not counted as zero" in caption.value for caption in app.caption)
    assert any("not official statistics" in warning.value for warning in app.warning)  # the caveat
    assert not app.expander[0].warning  # ... and not inside the method's expander


def test_the_sensitivity_chart_has_no_rank_zero(database_url: str) -> None:
    app = open_scorecard(regions="GM0034,LD-NOORD,BRAINPORT,GM0363", weights="1,0,0")
    sweep = json.loads(app.get("plotly_chart")[1].proto.spec)
    axis = sweep["layout"]["yaxis"]
    assert axis["tickvals"][0] == 1
    assert min(axis["range"]) == 0.5  # the top of the chart is rank 1, not 0
    drawn = {rank for trace in sweep["data"] for rank in trace.get("y", [])}
    assert 0 not in drawn
    assert max(axis["range"]) == max(drawn) + 0.5


def test_weights_change_the_ranking_and_live_in_the_url(database_url: str) -> None:
    app = open_scorecard(regions="GM0034,LD-NOORD,BRAINPORT,GM0363")
    app.slider(key="scorecard.weight.cluster_members:per_100k").set_value(0).run()
    app.slider(key="scorecard.weight.campus_companies:per_100k").set_value(0).run()
    assert not app.exception
    # Data centres per inhabitant alone: Amsterdam's 16 known sites among 918,117 people lead,
    # Almere's three among 222,825 come second.
    assert ranking(app)[:2] == [("Amsterdam", "1"), ("Almere", "2")]
    assert app.query_params["weights"] in ("1,0,0", ["1,0,0"])

    reopened = open_scorecard(regions="GM0034,LD-NOORD,BRAINPORT,GM0363", weights="1,0,0")
    assert reopened.slider(key="scorecard.weight.campus_companies:per_100k").value == 0
    assert ranking(reopened) == ranking(app)


def test_all_weights_zero_asks_for_one(database_url: str) -> None:
    app = open_scorecard(weights="0,0,0")
    assert any("weight above zero" in warning.value for warning in app.warning)


def test_z_score_and_other_indicators_from_the_url(database_url: str) -> None:
    app = open_scorecard(
        regions="LD-NOORD,NL-FL,NL-NH,BRAINPORT",
        indicators="data_centres:per_1000km2,data_centres:absolute",
        method="zscore",
    )
    assert app.radio(key="method").value == "zscore"
    assert app.multiselect(key="indicators").value == ["data_centres:per_1000km2", "data_centres:absolute"]
    assert list(app.table[0].value.columns)[-2:] == [
        "Operating data centres named in the sources per 1,000 km² of land",
        "Operating data centres named in the sources",
    ]


def test_the_sensitivity_view_says_whose_rank_moves(database_url: str) -> None:
    app = open_scorecard()
    app.selectbox(key="scorecard.vary").set_value("campus_companies:per_100k").run()
    captions = " ".join(caption.value for caption in app.caption)
    assert "Ranks change with this weight for:" in captions or "No rank changes" in captions
    assert len(app.get("plotly_chart")) == 2  # scores and the sensitivity lines


def test_the_regions_chosen_on_compare_stay_chosen_on_the_scorecard(database_url: str) -> None:
    """Compare and Scorecard share ``regions``: moving between them keeps the choice (issue 12)."""
    app = AppTest.from_file(APP, default_timeout=90)
    app.query_params["lang"] = "en"
    app.query_params["regions"] = "GM0034,LD-NOORD,BRAINPORT"
    app.run()
    app.switch_page("app_pages/compare.py").run()
    assert app.multiselect[0].value == ["GM0034", "LD-NOORD", "BRAINPORT"]
    app.switch_page("app_pages/scorecard.py").run()
    assert not app.exception, [exception.message for exception in app.exception]
    assert app.multiselect[0].value == ["GM0034", "LD-NOORD", "BRAINPORT"]
    assert "Choose at least two regions" not in " ".join(warning.value for warning in app.warning)
    ranked = {region for region, _rank in ranking(app)}
    assert ranked == {"Almere", "Northern Netherlands", "Brainport Eindhoven"}
