"""`axissim run`: replicate a scenario, sum up its decisions, write the results folder."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from axissim.engine.batch import simulate, simulate_points, world_seeds
from axissim.engine.outcomes import Trajectories, summarise, timeline, world_outcomes
from axissim.engine.parameters import Members
from axissim.engine.world import World, compile_world
from axissim.errors import InputError
from axissim.levels import LEVEL_NAMES, MATERIAL
from axissim.limits import MAX_REPLICATES, at_most, check_worlds
from axissim.scenario import Scenario, load_scenario
from axissim.scenario.load import extends_parent


@dataclass(frozen=True)
class RunResult:
    """Replicates of one scenario: trajectories, per-world outcomes and the decision summary."""

    world: World
    seeds: Any
    trajectories: Trajectories
    outcomes: pd.DataFrame
    summary: pd.DataFrame
    timeline: pd.DataFrame
    replicates: int  # worlds per parameter vector (per member, with an ensemble)
    members: int = 1

    @property
    def all_observed_match(self) -> bool | None:
        matches = self.summary.match.dropna()
        return None if matches.empty else bool(matches.all())


def check_run(
    scenario: Scenario, replicates: int, members: Members | None = None, what: str = "run"
) -> None:
    """Refuse, before any work, a run of more worlds than allowed or than memory holds."""
    refused = at_most(replicates, MAX_REPLICATES, "a run keeps every world's outcome")
    if refused:
        raise InputError(what, "--replicates", refused)
    worlds = replicates * (1 if members is None else len(members))
    decisions = sum(len(c.deciders) for c in scenario.conflicts.values())
    fewer = "fewer worlds (--replicates" + (" or ensemble members)" if members else ")")
    check_worlds(what, "--replicates", worlds, scenario.steps, decisions, f"run {fewer}")


def run_scenario(
    scenario: Scenario, replicates: int, seed: int | None = None, members: Members | None = None
) -> RunResult:
    """Run `replicates` worlds with consecutive seeds from `seed` (default the scenario's).

    With an ensemble, every member runs the same `replicates` seeds (common random numbers);
    the summary pools all worlds and adds, per level, the 5-95% interval of the members'
    probabilities. Refused (InputError) beyond the limits of `check_run`.
    """
    check_run(scenario, replicates, members)
    world = compile_world(scenario)
    seeds = world_seeds(replicates, seed, None, scenario.seed)
    if members is None:
        traj = simulate(world, seeds)
    else:
        traj = simulate_points(world, members.weights, members.temperature, seeds)
        seeds = np.tile(seeds, len(members))
    outcomes = world_outcomes(world, traj, seeds)
    summary = summarise(world, outcomes)
    if members is not None:
        outcomes.insert(1, "member", outcomes.run // replicates)  # worlds are member-major
        summary = summary.merge(member_intervals(outcomes), on=["decider", "conflict"])
    count = 1 if members is None else len(members)
    return RunResult(
        world, seeds, traj, outcomes, summary, timeline(world, traj), replicates, count
    )


def comparison_base(
    path: Path | str, members: Members | None, compare: Path | str | None = None
) -> Scenario | None:
    """What a run over an ensemble is compared with: the scenario `compare`, else the one the
    scenario file at `path` extends (None without an ensemble, or with nothing to compare)."""
    if members is None:
        return None
    compare = compare or extends_parent(path)
    return load_scenario(compare) if compare else None


def run_compared(
    scenario: Scenario,
    replicates: int,
    seed: int | None,
    members: Members | None,
    base: Scenario | None,
) -> tuple[RunResult, tuple[Scenario, pd.DataFrame] | None]:
    """run_scenario, and the `base` scenario's summary over the same members and seeds (so the
    differences are the scenario's alone) when there is a base."""
    for checked in (scenario, base):
        if checked is not None:
            check_run(checked, replicates, members)
    result = run_scenario(scenario, replicates, seed, members)
    if base is None:
        return result, None
    return result, (base, run_scenario(base, replicates, int(result.seeds[0]), members).summary)


INTERVAL = (0.05, 0.95)


def member_intervals(outcomes: pd.DataFrame) -> pd.DataFrame:
    """Per decision, the 5-95% interval across ensemble members of P(each level), P(material)."""
    rows = []
    for (decider, conflict), sel in outcomes.groupby(["decider", "conflict"], sort=False):
        share = pd.crosstab(sel.member, sel.level, normalize="index")
        share = share.reindex(columns=range(len(LEVEL_NAMES)), fill_value=0.0)
        share["material"] = share.loc[:, MATERIAL:].sum(axis=1)
        row = {"decider": decider, "conflict": conflict}
        for column, name in zip(share.columns, [*LEVEL_NAMES, "material"], strict=True):
            low, high = np.quantile(share[column], INTERVAL)
            row[f"lo_{name}"], row[f"hi_{name}"] = float(low), float(high)
        rows.append(row)
    return pd.DataFrame(rows)


def decisions_document(result: RunResult) -> dict[str, Any]:
    """The --json document: one entry per decision, plus whether every observation matched.

    `level` and `probabilities` are the policy (the level held at the end of the conflict);
    `peak_probabilities` and `step_shares` say how high aid went and how long it held.
    """
    observed = {(o.decider, o.conflict): o for o in result.world.scenario.observed}
    decisions = []
    for row in result.summary.itertuples(index=False):
        obs = observed.get((row.decider, row.conflict))
        decisions.append(
            {
                "decider": row.decider,
                "conflict": row.conflict,
                "side": row.side or None,
                "beneficiary": row.beneficiary or None,
                "level": int(row.level),
                "level_name": row.level_name,
                "probabilities": {n: round(getattr(row, f"p_{n}"), 6) for n in LEVEL_NAMES},
                "peak_probabilities": {n: round(getattr(row, f"peak_{n}"), 6) for n in LEVEL_NAMES},
                "step_shares": {n: round(getattr(row, f"steps_{n}"), 6) for n in LEVEL_NAMES},
                "observed": None
                if obs is None
                else {"beneficiary": obs.beneficiary, "level": obs.level, "source": obs.source},
                "p_observed": None if obs is None else round(row.p_observed, 6),
                **interval(row),
                "match": None if obs is None else bool(row.match),
            }
        )
    return {
        "scenario": result.world.scenario.name,
        "replicates": result.replicates,
        "members": result.members,
        "decisions": decisions,
        "all_observed_match": result.all_observed_match,
    }


def interval(row) -> dict[str, Any]:
    """{"interval": {level: [lo, hi]}} for an ensemble run's summary row, else nothing."""
    if not hasattr(row, "lo_none"):
        return {}
    names = [*LEVEL_NAMES, "material"]
    return {
        "interval": {
            n: [round(getattr(row, f"lo_{n}"), 6), round(getattr(row, f"hi_{n}"), 6)] for n in names
        }
    }
