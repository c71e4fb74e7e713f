"""The shipped historical cases: every file loads, runs, and is a well-formed back-test case."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import ROOT

from axissim.levels import LEVEL_NAMES
from axissim.scenario import load_scenario
from axissim.scenario.yamlio import read_yaml
from axissim.studies.backtest import case_paths, defence_partner, load_cases
from axissim.studies.run import run_scenario

HISTORY = ROOT / "scenarios" / "history"
PATHS = case_paths([HISTORY])
BASELINE_WEIGHTS = read_yaml(ROOT / "scenarios" / "weights" / "baseline.yaml", "weights")


@pytest.fixture(scope="module")
def cases():
    return load_cases(PATHS)


def test_at_least_fifteen_cases_from_1914_to_2024(cases):
    years = [case.year for case in cases]
    assert len(cases) >= 15
    assert min(years) >= 1914 and max(years) <= 2024


WORLDS = 20


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.stem)
def test_case_loads_and_runs(path):
    """The summary's probabilities are what the case's worlds give, counted here: each policy
    level (the level held at the conflict's last step, read off the trajectories), and
    P(observed) = the share of worlds whose policy lies in the observed range and, above none,
    goes to the observed beneficiary."""
    scenario = load_scenario(path)
    assert scenario.name == path.stem
    result = run_scenario(scenario, replicates=WORLDS)
    summary, outcomes = result.summary, result.outcomes
    (obs,) = scenario.observed
    assert summary.observed.notna().sum() == 1
    row = summary[(summary.decider == obs.decider) & (summary.conflict == obs.conflict)]
    (row,) = row.itertuples(index=False)
    worlds = outcomes[(outcomes.decider == obs.decider) & (outcomes.conflict == obs.conflict)]
    assert len(worlds) == WORLDS
    conflict = list(scenario.conflicts).index(obs.conflict)
    fought = result.world.active[:, conflict]
    d = result.world.decision_index(obs.decider, obs.conflict)
    last = np.flatnonzero(fought)[-1]
    policies = result.trajectories.levels[:, last, d]
    assert worlds.level.tolist() == policies.tolist()
    for level, name in enumerate(LEVEL_NAMES):
        assert getattr(row, f"p_{name}") == np.sum(policies == level) / WORLDS, name
    low, high = obs.level_range
    to_observed = True if obs.beneficiary is None else worlds.beneficiary == obs.beneficiary
    hits = worlds.level.between(low, high) & ((worlds.level == 0) | to_observed)
    assert row.p_observed == hits.sum() / WORLDS
    assert row.observed == (str(low) if low == high else f"{low}-{high}")


def test_every_case_is_one_sourced_decision_with_the_project_weights(cases):
    for case in cases:
        assert len(case.scenario.observed) == 1, case.name
        assert case.scenario.observed[0].source.strip(), case.name
        assert case.scenario.start_date is not None, case.name
        assert case.scenario.weights == BASELINE_WEIGHTS["weights"], case.name
        assert case.scenario.choice.temperature == BASELINE_WEIGHTS["temperature"], case.name


def test_the_cases_mix_honoured_and_abandoned_treaties_and_informal_partners(cases):
    observed = {case.name: case.scenario.observed[0] for case in cases}
    partners = {
        case.name: defence_partner(case.scenario, observed[case.name].decider,
                                   observed[case.name].conflict)
        for case in cases
    }  # fmt: skip
    treaty_cases = [name for name, partner in partners.items() if partner]
    honoured = [
        name
        for name in treaty_cases
        if observed[name].beneficiary == partners[name] and observed[name].level_range[0] >= 3
    ]
    assert 0 < len(honoured) < len(treaty_cases)
    assert len(treaty_cases) < len(cases)  # informal partners too
    levels = {observed[name].level_range for name in observed}
    assert (0, 0) in levels and (4, 4) in levels
