"""The shared wording: every function against the exact text it must give."""

from __future__ import annotations

import datetime as dt
import math
from types import SimpleNamespace as Row

import numpy as np
import pandas as pd
import pytest

from axissim import wording as w


def test_missing_knows_none_nan_and_pandas_na():
    assert [w.missing(x) for x in (None, math.nan, np.float64("nan"), pd.NA)] == [True] * 4
    assert [w.missing(x) for x in (0, 0.0, "", "NA", False)] == [False] * 5


def test_numbers():
    assert [w.number(x) for x in (0.625, 5, 12345.6, math.nan, None)] == [
        "0.625",
        "5",
        "1.23e+04",
        "",
        "",
    ]
    assert [w.signed(x) for x in (0.125, -0.125, -0.0001, 0.0)] == [
        "+0.125",
        "-0.125",
        "+0.000",
        "+0.000",
    ]
    assert [w.percent(x) for x in (0.41, 1.0, math.nan)] == ["41%", "100%", "-"]
    assert w.with_conf(0.4123, 0.0311) == "0.412 +/- 0.031"
    assert w.with_conf(0.4123, 0.0311, plus="±") == "0.412 ± 0.031"
    assert w.with_conf(0.4123) == "0.412" and w.with_conf(0.4123, math.nan) == "0.412"


def test_levels_and_outcomes():
    assert w.levels_text(3) == "arms" and w.levels_text(1, 1) == "rhetorical"
    assert w.levels_text(0, 1) == "none-rhetorical" and w.levels_text(2, 4) == "economic-troops"
    assert w.outcome_text(3, "RUS") == "arms -> RUS"
    assert w.outcome_text(3, "RUS", arrow="→") == "arms → RUS"
    assert w.outcome_text(0, "RUS") == "none"  # none aids nobody
    assert w.outcome_text(2, math.nan) == "economic" and w.outcome_text(2, "") == "economic"
    assert w.outcome_text(math.nan, "RUS") == ""
    assert w.observed_text("0-1", "IRN") == "none-rhetorical -> IRN"
    assert w.observed_text("3", "RUS", arrow="→") == "arms → RUS"
    assert w.observed_text("0-3", math.nan) == "none-arms"  # aid to either side
    assert w.observed_text(math.nan, "IRN") == ""


def test_probabilities():
    ps = (0.0, 1.0, 0.004, 0.005, 0.42, 0.995, 0.996, math.nan)
    assert [w.probability(p) for p in ps] == [
        "0",
        "1",
        "<0.01",
        "0.01",
        "0.42",
        "0.99",
        ">0.99",
        "",
    ]
    assert [w.probability_relation(p) for p in (0.0, 0.004, 0.42, 0.999, math.nan)] == [
        "= 0",
        "< 0.01",
        "= 0.42",
        "> 0.99",
        "",
    ]
    plain = Row(p_arms=0.92, level=3)
    ensemble = Row(p_arms=0.92, lo_none=0.0, lo_arms=0.66, hi_arms=1.0, level=3)
    assert w.probability_cell(plain, "arms") == "0.92"
    assert w.probability_cell(ensemble, "arms") == "0.92 [0.66-1.00]"
    assert w.interval(plain, "arms") is None and w.interval(ensemble, "arms") == (0.66, 1.0)
    assert w.interval_text(0.655, 1.0) == "[0.66-1.00]"
    assert w.modal_probability(plain) == 0.92


def flip_row(**changes):
    row = dict(
        parameter="aid_cost",
        value=5.0,
        distance=0.49,
        down_value=2.54,
        down_level=2,
        down_beneficiary="IRN",
        down_distance=0.49,
        up_value=math.nan,
        up_level=math.nan,
        up_beneficiary=math.nan,
        up_distance=math.nan,
    )
    return Row(**{**row, **changes})


def test_tipping_flips():
    row = flip_row()
    assert w.flip(row, "down") == (2.54, 2, "IRN") and w.flip(row, "up") is None
    assert w.flip_text(row, "down") == "2.54: economic -> IRN"
    assert w.flip_text(row, "up") == "none within bounds" == w.NO_FLIP
    assert w.nearer(row) == "down"
    assert w.nearest_flip_text(row) == "aid_cost 5 -> 2.54: economic -> IRN (49%)"
    both = flip_row(up_value=9.0, up_level=1, up_beneficiary="ISR", up_distance=0.2)
    assert w.nearer(both) == "up"
    tagged = w.nearest_flip_text(
        both, "→", lambda lv, b: f"<{w.outcome_text(lv, b, '→')}>", lambda p: f"`{p}`", str.upper
    )
    assert tagged == "`aid_cost` 5 → 9: <rhetorical → ISR> (49%)"
    assert w.nearer(flip_row(down_distance=math.nan, up_distance=0.3)) == "up"


def test_discovery_boxes():
    lower_open = Row(lower=0.0, upper=0.25, minimum=0.0, maximum=1.0, today=0.2)
    upper_open = Row(lower=0.65, upper=1.0, minimum=0.0, maximum=1.0, today=0.5)
    inner = Row(lower=0.2, upper=0.4, minimum=0.0, maximum=1.0, today=math.nan)
    assert [w.limits_text(r) for r in (lower_open, upper_open, inner)] == [
        "<= 0.25",
        ">= 0.65",
        "0.2 to 0.4",
    ]
    assert w.today_inside(lower_open) and not w.today_inside(upper_open)
    assert w.today_text(lower_open) == "0.2 (inside)"
    assert w.today_text(upper_open) == "0.5 (outside)"
    assert w.today_text(upper_open, mark=str.upper) == "0.5 (OUTSIDE)"
    assert w.today_text(inner) == ""


def test_index_tables():
    indices = pd.DataFrame(
        {
            "output": ["RUS:x"] * 2 + ["CHN:x"] * 2,
            "statistic": ["p_arms"] * 4,
            "parameter": ["a", "b", "a", "b"],
            "S1": [0.1, 0.5, math.nan, math.nan],
            "S1_conf": [0.01, 0.02, math.nan, math.nan],
            "ST": [0.2, 0.6, math.nan, math.nan],
            "ST_conf": [0.03, 0.04, math.nan, math.nan],
            "constant": [False, False, True, True],
        }
    )
    first, constant = w.index_tables(indices)
    assert (first.output, first.statistic, first.header) == (
        "RUS:x",
        "p_arms",
        ["parameter", "S1", "ST"],
    )
    assert first.rows == [
        ["b", "0.500 +/- 0.020", "0.600 +/- 0.040"],
        ["a", "0.100 +/- 0.010", "0.200 +/- 0.030"],
    ]
    assert constant.rows is None
    morris = pd.DataFrame(
        {
            "output": ["o"],
            "statistic": ["mean_peak"],
            "parameter": ["a"],
            "mu_star": [0.3],
            "mu_star_conf": [0.1],
            "mu": [0.2],
            "sigma": [0.05],
            "constant": [False],
        }
    )
    (table,) = w.index_tables(morris, plus="±")
    assert table.header == ["parameter", "mu_star", "sigma"]
    assert table.rows == [["a", "0.300 ± 0.100", "0.050"]]
    assert w.index_tables(pd.DataFrame()) == []


@pytest.mark.parametrize(
    ("unit", "step", "date"),
    [("day", 22, "2025-06-23"), ("week", 2, "2025-06-15"), ("month", 2, None)],
)
def test_step_date(unit, step, date):
    scenario = Row(start_date=dt.date(2025, 6, 1), time_unit=unit)
    assert w.step_date(scenario, step) == date
    assert w.step_date(Row(start_date=None, time_unit="day"), step) is None


def test_table():
    text = w.table([["RUS", "arms -> IRN"], ["PRK", "troops"]], ["decider", "modal"])
    assert text.splitlines() == [
        "decider  modal",
        "-------  -----------",
        "RUS      arms -> IRN",
        "PRK      troops",
    ]


def test_names_put_names_and_words_in_place_of_ids():
    from axissim.wording import Names

    names = Names({"RUS": "Russia", "IRN": "Iran"}, {"war": "The war (2025)"})
    assert names.parameter("weights.aid_cost") == "weight of the cost of aid"
    assert names.parameter("aid_cost") == "weight of the cost of aid"
    assert names.parameter("third_party_ties") == "weight of third-party ties"
    assert names.parameter("RUS->IRN.trade") == "Russia's trade with Iran"
    assert names.parameter("relations.RUS->IRN.oil_imports") == "Russia's oil bought from Iran"
    assert names.parameter("IRN->RUS.payment") == "what Russia pays Iran"
    assert names.parameter("IRN.war_load") == "Iran's war load (wars outside the scenario)"
    assert names.parameter("temperature") == "choice temperature"
    assert names.parameter("Russia-Iran treaty") == "Russia-Iran treaty"  # a sweep's own name
    assert names.decision("RUS:war") == "Russia in The war (2025)"
    assert names.decision("aid_to:IRN") == "the highest aid anyone gives Iran"
    assert Names().country("XYZ") == "XYZ"
