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
from axissim.folders import manifest, write_csv, write_manifest
from axissim.levels import LEVEL_NAMES, MATERIAL
from axissim.scenario import Scenario
from axissim.scenario.yamlio import read_yaml


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


def run_scenario(
    scenario: Scenario, replicates: int, seed: int | None = None, members: Members | None = None
) -> RunResult:
    """Run `replicates` worlds with consecutive seeds from `seed` (default the scenario's).

    With an ensemble, every member runs the same `replicates` seeds (common random numbers);
    the summary pools all worlds and adds, per level, the 5-95% interval of the members'
    probabilities.
    """
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


INTERVAL = (0.05, 0.95)


def member_intervals(outcomes: pd.DataFrame) -> pd.DataFrame:
    """Per decision, the 5-95% interval across ensemble members of P(each level), P(material)."""
    rows = []
    for (decider, conflict), sel in outcomes.groupby(["decider", "conflict"], sort=False):
        share = pd.crosstab(sel.member, sel.peak_level, normalize="index")
        share = share.reindex(columns=range(len(LEVEL_NAMES)), fill_value=0.0)
        share["material"] = share.loc[:, MATERIAL:].sum(axis=1)
        row = {"decider": decider, "conflict": conflict}
        for column, name in zip(share.columns, [*LEVEL_NAMES, "material"], strict=True):
            low, high = np.quantile(share[column], INTERVAL)
            row[f"lo_{name}"], row[f"hi_{name}"] = float(low), float(high)
        rows.append(row)
    return pd.DataFrame(rows)


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


def fighters(scenario: Scenario) -> dict[str, list[str]]:
    """Each conflict's belligerents, including those who join later."""
    return {
        cid: [
            *(c for side in conflict.sides.values() for c in side.belligerents),
            *(j.country for j in conflict.joins),
        ]
        for cid, conflict in scenario.conflicts.items()
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


def extends_parent(path: Path | str) -> Path | None:
    """The file a scenario file `extends`, if any: what a variant is compared against."""
    parent = read_yaml(path, "a scenario mapping").get("extends")
    return Path(path).parent / parent if isinstance(parent, str) else None


def write_material_comparison(
    result: RunResult, base: Scenario | None, members: Members, folder: Path
) -> Path:
    """Chart P(material aid) with its ensemble interval for the scenario and, if given, its base.

    The base runs over the same members and seeds, so differences are the scenario's alone.
    """
    from axissim.readers.charts.ensemble import plot_material_comparison

    scenario = result.world.scenario
    summaries = {scenario.name: result.summary}
    if base is not None:
        seed = int(result.seeds[0])
        summaries = {
            base.name: run_scenario(base, result.replicates, seed, members).summary,
            **summaries,
        }
    title = (
        f"P(material aid): {scenario.name}"
        + (f" against {base.name}" if base is not None else "")
        + f"\n{len(members)} ensemble members, {result.replicates} worlds each"
    )
    return plot_material_comparison(summaries, folder / "material_aid.png", title)


def worlds_text(result: RunResult) -> str:
    """'1000 replicates', or '50 replicates x 1021 members' for an ensemble run."""
    members = f" x {result.members} members" if result.members > 1 else ""
    return f"{result.replicates} replicates{members}"


def write_run(
    result: RunResult, folder: Path, source: Path | str | None, **extra: Any
) -> list[Path]:
    """Write outcomes.csv, summary.csv, timeline.csv, the charts (decision matrix, timeline,
    network of the modal peak aid) and manifest.json."""
    from axissim.readers.charts.decision_matrix import plot_decision_matrix
    from axissim.readers.charts.network import plot_network
    from axissim.readers.charts.timeline import plot_timeline

    scenario = result.world.scenario
    files = [
        write_csv(folder / "outcomes.csv", result.outcomes),
        write_csv(folder / "summary.csv", result.summary),
        write_csv(folder / "timeline.csv", result.timeline),
        plot_decision_matrix(
            result.summary,
            folder / "decision_matrix.png",
            f"{scenario.name}: who aids whom ({worlds_text(result)})",
            belligerents=fighters(scenario),
        ),
        plot_timeline(
            result.world,
            result.timeline,
            folder / "timeline.png",
            f"{scenario.name}: mean aid level per step",
        ),
        plot_network(
            result.world,
            result.summary,
            folder / "network.png",
            f"{scenario.name}: who aids whom (modal peak, {worlds_text(result)})",
        ),
    ]
    data = manifest(
        scenario,
        source,
        seed=int(result.seeds[0]),
        replicates=result.replicates,
        members=result.members,
        all_observed_match=result.all_observed_match,
        **extra,
        files=[f.name for f in files],
    )
    files.append(write_manifest(folder, data))
    return files
