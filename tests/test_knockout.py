"""Knock-outs (`axissim explain --knockout`): each weight set to 0 in turn, on the same worlds.

The expected values are computed by hand from the tiny scenario's exposures (test_kernel.py's
BY_HAND_X): for aid to BBB at levels rhetorical .. troops, with every weight 1,

    treaty                0.2     0.4     0.6     0.8
    affinity              0.125   0.25    0.375   0.5
    religious_suspicion  -0.05   -0.1    -0.15   -0.2
    stake                 0.15    0.3     0.45    0.6
    third_party_ties     -0.125  -0.25   -0.375  -0.5
    sanctions_exposure    0       0      -0.3    -0.3
    escalation_risk       0      -0.04   -0.16   -0.4
    aid_cost             -0.0625 -0.25   -0.5625 -1
    utility               0.2375  0.31   -0.1225 -0.5     -> economic

Aid to CCC is worth less than nothing at every level (escalation risk and cost, nothing for
it), so none (0) is the alternative. Knocking out treaty leaves 0.0375, -0.09, ...: rhetorical;
affinity 0.1125, 0.06: rhetorical; stake 0.0875, 0.01: rhetorical. Knocking out any other
interest leaves economic the best: religious suspicion 0.2875, 0.41; third-party ties 0.3625,
0.56; sanctions 0.31 against 0.1775 for arms; escalation risk 0.2375, 0.35; the cost of aid
0.3, 0.56, 0.44, 0.5.
"""

from __future__ import annotations

import json

import pandas as pd
import pytest
from conftest import tiny_document, write_yaml

from axissim import load_scenario
from axissim.cli import main
from axissim.engine.interests import INTEREST_NAMES
from axissim.errors import InputError
from axissim.studies.knockout import COLUMNS, MODAL, OBSERVED, REASONS, knockout
from axissim.studies.run import run_scenario

WORDS, ECONOMIC, TROOPS = 1, 2, 4
TO_WORDS = {"treaty", "affinity", "stake", "treaty obligations"}
ORDER = [  # by change, the largest fall first; ties in the table's order; the groups last
    "religious_suspicion", "third_party_ties", "sanctions_exposure", "escalation_risk",
    "aid_cost", "treaty", "affinity", "stake", "all the article's reasons", "treaty obligations",
]  # fmt: skip


def scenario_of(tmp_path, **changes):
    return load_scenario(write_yaml(tmp_path / "s.yaml", tiny_document(**changes)))


# the leaning is temperature x a Gumbel draw; over 1,000 worlds a difference of two draws
# stays below 15, so at 0.001 it never outweighs the smallest margin above (0.0375)
NEAR_ARGMAX = {"rule": "logit", "temperature": 0.001}


@pytest.mark.parametrize("choice", [None, NEAR_ARGMAX], ids=["argmax", "logit T=0.001"])
def test_knocking_out_treaty_affinity_or_stake_turns_economic_aid_into_words(tmp_path, choice):
    scenario = scenario_of(tmp_path, **({"choice": choice} if choice else {}))
    table = knockout(scenario, "AAA", "war", replicates=200)
    assert list(table.columns) == list(COLUMNS)
    assert list(table.knocked_out) == ORDER  # oil, partnership, neutrality weigh 0: not rows
    assert set(table.observed) == {"1"} and set(table.observed_beneficiary) == {"BBB"}
    assert set(table.observation) == {OBSERVED}
    assert set(table.baseline_p_observed) == {0.0}  # economic, not the observed words
    assert set(table.baseline_modal) == {ECONOMIC} and set(table.baseline_p_modal) == {1.0}
    assert set(table.baseline_modal_beneficiary) == {"BBB"}
    flipped = table.knocked_out.isin(TO_WORDS)
    assert (table.modal == flipped.map({True: WORDS, False: ECONOMIC})).all()
    assert (table.p_observed == flipped.astype(float)).all()
    assert (table.change == flipped.astype(float)).all()
    assert (table.p_modal == 1.0).all() and (table.modal_beneficiary == "BBB").all()
    groups = table.set_index("knocked_out").loc[list(REASONS)]
    assert list(groups.interests) == [
        "religious_suspicion, oil_exposure, third_party_ties",
        "treaty, partnership, neutrality",
    ]
    assert groups.weight.isna().all()
    assert table.set_index("knocked_out").weight.drop(list(REASONS)).eq(1.0).all()


def test_knocking_out_the_treaty_turns_troops_into_none(tmp_path):
    # treaty 10, aid cost 1: 10 x 0.8 x r/4 - (r/4)^2 = 1.9375, 3.75, 5.4375, 7: troops;
    # without the treaty every rung only costs (-0.0625 at least): none. Without the cost: 2r,
    # troops still.
    observed = [{"decider": "AAA", "conflict": "war", "level": 0, "source": "test"}]
    scenario = scenario_of(
        tmp_path,
        weights={"treaty": 10.0, "aid_cost": 1.0},
        choice=NEAR_ARGMAX,
        observed=observed,
    )
    table = knockout(scenario, "AAA", "war", replicates=300).set_index("knocked_out")
    assert list(table.index) == ["aid_cost", "treaty", "treaty obligations"]  # by change
    assert set(table.baseline_modal) == {TROOPS} and set(table.baseline_p_observed) == {0.0}
    assert table.loc["treaty", ["modal", "p_observed", "change"]].tolist() == [0, 1.0, 1.0]
    assert pd.isna(table.loc["treaty", "modal_beneficiary"])  # none aids nobody
    assert table.loc["treaty obligations", "p_observed"] == 1.0
    assert table.loc["aid_cost", ["modal", "p_observed", "change"]].tolist() == [TROOPS, 0.0, 0.0]
    assert table.loc["treaty", "observed"] == "0"


def test_without_an_observation_the_baseline_modal_policy_is_aimed_at(tmp_path):
    table = knockout(scenario_of(tmp_path, observed=[]), "AAA", "war", replicates=50)
    table = table.set_index("knocked_out")
    assert set(table.observation) == {MODAL}
    assert set(table.observed) == {"2"} and set(table.observed_beneficiary) == {"BBB"}
    assert set(table.baseline_p_observed) == {1.0}
    assert table.loc["treaty", ["p_observed", "change"]].tolist() == [0.0, -1.0]
    assert table.loc["aid_cost", ["p_observed", "change"]].tolist() == [1.0, 0.0]


def test_the_knockouts_run_the_baselines_worlds(tmp_path):
    # at temperature 1 the leaning decides most worlds; oil exposure weighs 1 but AAA buys no
    # oil (exposure 0): on common worlds its knock-out changes nothing, to the last world
    weights = {**tiny_document()["weights"], "oil_exposure": 1.0}
    scenario = scenario_of(tmp_path, weights=weights, choice={"rule": "logit", "temperature": 1})
    table = knockout(scenario, "AAA", "war", replicates=400).set_index("knocked_out")
    base = run_scenario(scenario, 400).summary.iloc[0]
    assert 0.1 < base.p_observed < 0.9  # the draws matter
    assert set(table.baseline_p_observed) == {base.p_observed}  # as `axissim run` reports it
    oil = table.loc["oil_exposure"]
    assert (oil.change, oil.p_observed, oil.p_modal) == (0.0, base.p_observed, oil.baseline_p_modal)
    assert table.loc["treaty", "change"] != 0.0


def test_reasons_name_interests():
    assert {n for names in REASONS.values() for n in names} <= set(INTEREST_NAMES)


def test_an_unknown_decision_is_refused(tmp_path):
    with pytest.raises(InputError, match="AAA:peace"):
        knockout(scenario_of(tmp_path), "AAA", "peace", replicates=10)


def test_explain_knockout_prints_writes_and_adds_the_table_to_json(tmp_path, tiny_path, capsys):
    out = tmp_path / "out"
    assert main(["explain", str(tiny_path), "aaa", "war", "--knockout", "--out", str(out)]) == 0
    text = capsys.readouterr().out
    lines = {line.split("  ")[0]: line.split() for line in text.splitlines()}
    assert lines["treaty"][1:5] == ["1.00", "1", "+1.000", "rhetorical"]
    assert lines["the cost of aid"][-5:] == ["+0.000", "economic", "->", "BBB", "(1)"]
    assert "treaty obligations: treaty, partnership, neutrality" in text
    written = pd.read_csv(out / "knockout_AAA_war.csv", keep_default_na=False, na_values=[""])
    assert list(written.knocked_out) == ORDER
    assert written.set_index("knocked_out").loc["stake", "p_observed"] == 1.0
    assert main(["explain", str(tiny_path), "AAA", "war", "--knockout", "--out", str(out),
                 "--json"]) == 0  # fmt: skip
    document = json.loads(capsys.readouterr().out)
    rows = {row["knocked_out"]: row for row in document["knockout"]}
    assert rows["affinity"]["change"] == 1.0 and rows["treaty obligations"]["weight"] is None
    assert document["knockout_csv"] == str(out / "knockout_AAA_war.csv")


def test_explain_knockout_refuses_a_bad_decision_before_any_work(tiny_path, capsys):
    assert main(["explain", str(tiny_path), "AAA", "peace", "--knockout"]) == 2
    assert capsys.readouterr().err.startswith("axissim: error: explain: no decision AAA:peace")
