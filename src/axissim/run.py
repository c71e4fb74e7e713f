"""`axissim run`: replicate a scenario, sum up its decisions, write the results folder."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from axissim.batch import Trajectories, simulate, world_seeds
from axissim.levels import LEVEL_NAMES
from axissim.outcomes import summarise, timeline, world_outcomes
from axissim.results import manifest, write_csv, write_manifest
from axissim.scenario import Scenario
from axissim.world import World, compile_world


@dataclass(frozen=True)
class RunResult:
    """Replicates of one scenario: trajectories, per-world outcomes and the decision summary."""

    world: World
    seeds: Any
    trajectories: Trajectories
    outcomes: pd.DataFrame
    summary: pd.DataFrame
    timeline: pd.DataFrame

    @property
    def all_observed_match(self) -> bool | None:
        matches = self.summary.match.dropna()
        return None if matches.empty else bool(matches.all())


def run_scenario(scenario: Scenario, replicates: int, seed: int | None = None) -> RunResult:
    """Run `replicates` worlds with consecutive seeds from `seed` (default the scenario's)."""
    world = compile_world(scenario)
    seeds = world_seeds(replicates, seed, None, scenario.seed)
    traj = simulate(world, seeds)
    outcomes = world_outcomes(world, traj, seeds)
    return RunResult(
        world, seeds, traj, outcomes, summarise(world, outcomes), timeline(world, traj)
    )


def decisions_document(result: RunResult) -> dict[str, Any]:
    """The --json document: one entry per decision, plus whether every observation matched."""
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
                "observed": None
                if obs is None
                else {"beneficiary": obs.beneficiary, "level": obs.level, "source": obs.source},
                "p_observed": None if obs is None else round(row.p_observed, 6),
                "match": None if obs is None else bool(row.match),
            }
        )
    return {
        "scenario": result.world.scenario.name,
        "replicates": len(result.seeds),
        "decisions": decisions,
        "all_observed_match": result.all_observed_match,
    }


def fighters(scenario: Scenario) -> dict[str, list[str]]:
    """Each conflict's belligerents, including those who join later."""
    return {
        cid: [
            *(c for side in conflict.sides.values() for c in side.belligerents),
            *(j.country for j in conflict.joins),
        ]
        for cid, conflict in scenario.conflicts.items()
    }


def write_run(result: RunResult, folder: Path, source: Path | str | None) -> list[Path]:
    """Write outcomes.csv, summary.csv, timeline.csv, the charts and manifest.json."""
    from axissim.charts.decision_matrix import plot_decision_matrix
    from axissim.charts.timeline import plot_timeline

    scenario = result.world.scenario
    files = [
        write_csv(folder / "outcomes.csv", result.outcomes),
        write_csv(folder / "summary.csv", result.summary),
        write_csv(folder / "timeline.csv", result.timeline),
        plot_decision_matrix(
            result.summary,
            folder / "decision_matrix.png",
            f"{scenario.name}: who aids whom ({len(result.seeds)} replicates)",
            belligerents=fighters(scenario),
        ),
        plot_timeline(
            result.world,
            result.timeline,
            folder / "timeline.png",
            f"{scenario.name}: mean aid level per step",
        ),
    ]
    data = manifest(
        scenario,
        source,
        seed=int(result.seeds[0]),
        replicates=len(result.seeds),
        all_observed_match=result.all_observed_match,
        files=[f.name for f in files],
    )
    files.append(write_manifest(folder, data))
    return files
