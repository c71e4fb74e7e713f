"""One chunk of a sweep: a contiguous range of runs, simulated on the batch engine.

Runs are numbered point-major (run = point * replicates + replicate) and the world of a run has
seed `sweep seed + replicate` (common random numbers across points), so a chunk's result
depends only on its runs, never on how the sweep was cut or where the chunk ran. This module
is what workers import: it does no work at import time and reads no files.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from axissim.engine.batch import simulate
from axissim.engine.outcomes import Trajectories, aid_received, course
from axissim.engine.world import World, compile_world, decision_weights
from axissim.levels import N_LEVELS
from axissim.scenario import Scenario


@dataclass(frozen=True)
class Task:
    """Everything a worker needs to run runs [start, stop); no files, so any machine can."""

    index: int
    start: int
    stop: int
    replicates: int
    seed: int
    worlds: tuple[Scenario, ...]  # the distinct scenarios of the chunk's points
    world_of: np.ndarray  # (n,) each point's scenario, for points first_point ... last_point
    weights: np.ndarray  # (n, K) each point's global weights
    temperature: np.ndarray  # (n,)
    decisions: tuple[str, ...]  # output decisions, "DECIDER:CONFLICT"
    beneficiaries: tuple[str, ...]  # output countries: the highest aid anyone gives each

    @property
    def first_point(self) -> int:
        return self.start // self.replicates

    @property
    def runs(self) -> int:
        return self.stop - self.start


def output_levels(
    world: World, traj: Trajectories, decisions: tuple[str, ...], beneficiaries: tuple[str, ...]
) -> np.ndarray:
    """(B, outputs): each decision's policy level, then the highest aid each beneficiary gets."""
    columns = [
        course(world, traj, world.decision_index(*key.split(":", 1))).level for key in decisions
    ]
    columns += [aid_received(world, traj, country) for country in beneficiaries]
    return np.stack(columns, axis=1).astype(np.intp)


def run_chunk(task: Task) -> np.ndarray:
    """Policy-level counts of the chunk's runs, (points in the chunk, outputs, levels), int64."""
    runs = np.arange(task.start, task.stop)
    point = runs // task.replicates - task.first_point
    seeds = task.seed + runs % task.replicates
    n_points = int(point[-1]) + 1
    n_outputs = len(task.decisions) + len(task.beneficiaries)
    counts = np.zeros((n_points, n_outputs, N_LEVELS), dtype=np.int64)
    for w, scenario in enumerate(task.worlds):
        mine = np.flatnonzero(task.world_of[point] == w)
        world = compile_world(scenario)
        at = point[mine]
        traj = simulate(
            world,
            seeds[mine],
            weights=decision_weights(world, task.weights[at]),
            temperature=task.temperature[at],
        )
        levels = output_levels(world, traj, task.decisions, task.beneficiaries)
        for o in range(n_outputs):
            tally = np.bincount(at * N_LEVELS + levels[:, o], minlength=n_points * N_LEVELS)
            counts[:, o] += tally.reshape(n_points, N_LEVELS)
    return counts
