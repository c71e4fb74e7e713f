"""Decisions that mean something, printed as figures (a benchmark, not a test).

1. Horizon: the baseline and every shipped variant run for 30, 60 and 90 steps (the same
   events with a longer tail); the largest change of any P(level) against 30 steps.
2. The shipped weights: P(observed) of each of the article's six decisions over 1,000 worlds.
3. The shipped ensemble: the share of its members whose P(observed) is at least 0.5 for all
   six decisions, each member run on 1,000 worlds it was not accepted on.

    python benchmarks/policies.py
"""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np

from axissim import load_scenario
from axissim.folders.calibration import read_ensemble
from axissim.levels import LEVEL_NAMES
from axissim.studies.calibrate import problem
from axissim.studies.calibrate.likelihood import p_observed
from axissim.studies.run import run_scenario

ROOT = Path(__file__).resolve().parent.parent
BASELINE = ROOT / "scenarios" / "iran_2025.yaml"
VARIANTS = sorted((ROOT / "scenarios" / "variants").glob("*.yaml"))
ENSEMBLE = ROOT / "scenarios" / "weights" / "baseline_ensemble.parquet"
WORLDS = 1000
FRESH_SEED = 987_654_321  # worlds neither the fit nor the ensemble's acceptance met
P = [f"p_{name}" for name in LEVEL_NAMES]


def horizon() -> None:
    print(f"1. horizon: largest |P(level, N steps) - P(level, 30 steps)| over {WORLDS} worlds")
    print(f"   {'scenario':<28} {'60 steps':>9} {'90 steps':>9}")
    for path in [BASELINE, *VARIANTS]:
        base = run_scenario(load_scenario(path), WORLDS).summary[P].to_numpy()
        change = []
        for steps in (60, 90):
            longer = run_scenario(load_scenario(path, [f"steps={steps}"]), WORLDS).summary
            change.append(np.abs(longer[P].to_numpy() - base).max())
        print(f"   {path.stem:<28} {change[0]:>9.3f} {change[1]:>9.3f}")


def point() -> None:
    summary = run_scenario(load_scenario(BASELINE), WORLDS, seed=FRESH_SEED).summary
    observed = summary[summary.observed.notna()]
    print(f"\n2. shipped weights: P(observed) over {WORLDS} fresh worlds (seeds {FRESH_SEED}..)")
    for r in observed.itertuples(index=False):
        print(f"   {r.decider}:{r.conflict:<12} {r.p_observed:.3f}")
    print(f"   smallest: {observed.p_observed.min():.3f} (the issue asks for at least 0.8)")


def ensemble() -> None:
    scenario = load_scenario(BASELINE)
    members = read_ensemble(ENSEMBLE, scenario)
    prob = problem([scenario])
    names = prob.names
    theta = np.column_stack(
        [
            members.temperature if n == "temperature" else members.weights[:, _index(n)]
            for n in names
        ]
    )
    started = time.perf_counter()
    seeds = np.arange(FRESH_SEED, FRESH_SEED + WORLDS, dtype=np.uint64)
    p = p_observed(prob, theta, seeds)
    seconds = time.perf_counter() - started
    ok = (p >= 0.5).all(axis=1)
    print(
        f"\n3. shipped ensemble: {len(members)} members x {WORLDS} fresh worlds ({seconds:.0f} s)"
    )
    print(f"   members with P(observed) >= 0.5 for all six: {ok.sum()} ({ok.mean():.1%})")
    print(f"   smallest P(observed) of any member: {p.min():.3f}; median of the minima: "
          f"{np.median(p.min(axis=1)):.3f}")  # fmt: skip


def _index(name: str) -> int:
    from axissim.engine.interests import AT

    return AT[name]


if __name__ == "__main__":
    horizon()
    point()
    ensemble()
