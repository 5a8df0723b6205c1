"""The URL parameters are declared once: every default is one of its options, every chart
kind reads only declared parameters, and a slide falls back to the same default as the page."""

from __future__ import annotations

import pytest

from dashboard.catalog import params
from dashboard.catalog.measures import MEASURES
from dashboard.charts import compare, kinds
from dashboard.charts import map as map_chart


@pytest.mark.parametrize("param", params.PARAMS.values(), ids=lambda param: param.name)
def test_a_default_is_one_of_the_options(param: params.Param) -> None:
    if not param.options:  # the data decide the options
        return
    defaults = (param.default,) if isinstance(param.default, str) else param.default
    assert set(defaults) <= set(param.options)


def test_every_kind_reads_declared_parameters() -> None:
    for kind in kinds.KINDS.values():
        assert set(kind.settings) <= set(params.PARAMS), kind


def test_a_slide_without_settings_opens_as_the_page_does() -> None:
    defaults = params.PARAMS
    assert map_chart.chosen_map({}) == (
        defaults[params.MAP_MEASURE].default,
        defaults[params.MAP_LAYERS].default,
        defaults[params.MAP_LEVEL].default,
    )
    assert compare.chosen_measure({}) == defaults[params.COMPARE_MEASURE].default
    assert compare.chosen_normalisation({}) == defaults[params.COMPARE_NORMALISATION].default
    # An option the parameter does not know falls back to the default.
    assert compare.chosen_measure({params.COMPARE_MEASURE: "gone"}) == "data_centres"


def test_the_compare_measures_are_the_catalogue_measures() -> None:
    assert params.PARAMS[params.COMPARE_MEASURE].options == tuple(MEASURES)


def test_a_preferred_default_missing_from_the_data_gives_the_first_option() -> None:
    campus = params.PARAMS[params.CAMPUSES_MEASURE]
    assert campus.pick({}, ["area_ha", "companies"]) == "companies"
    assert campus.pick({}, ["area_ha", "jobs"]) == "area_ha"
    assert campus.pick({params.CAMPUSES_MEASURE: "jobs"}, ["area_ha", "jobs"]) == "jobs"
