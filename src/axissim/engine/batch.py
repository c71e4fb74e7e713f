"""The batch engine: many worlds at once through the same decision kernel.

A world is fully determined by the scenario, its weights and temperature, and its seed, so
results do not depend on how worlds are grouped into batches.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from axissim.engine import kernel
from axissim.engine.outcomes import Trajectories, world_outcomes
from axissim.engine.world import World, compile_world, decision_weights
from axissim.scenario import Scenario, load_scenario

CHUNK = 20_000
"""Worlds simulated together; bounds memory without changing any result."""


def simulate(
    world: World,
    seeds: np.ndarray,
    weights: np.ndarray | None = None,
    temperature: np.ndarray | float | None = None,
    rule: str | None = None,
) -> Trajectories:
    """Run worlds with the given seeds through every step of the scenario.

    weights: (K,), (D, K) or (B, D, K); default the scenario's. temperature: scalar or (B,).
    """
    seeds = np.asarray(seeds, dtype=np.uint64)
    batch, steps, decisions = len(seeds), world.steps, len(world.decisions)
    weights = world.weights if weights is None else np.asarray(weights, dtype=float)
    if weights.ndim < 3:
        weights = np.broadcast_to(weights, (decisions, kernel.K))[None]
    choice = world.scenario.choice
    temperature = choice.temperature if temperature is None else temperature
    temperature = np.broadcast_to(np.asarray(temperature, dtype=float), (batch,))
    temperature = None if (rule or choice.rule) == "argmax" else temperature
    group, weights = parameter_groups(weights, batch)
    links = kernel.links(world)
    levels = np.empty((batch, steps, decisions), np.int8)
    sides = np.empty_like(levels)
    level, side = kernel.initial_state(batch, decisions)
    moved = None
    for t in range(steps):
        level, side, moved = kernel.decide(
            world, links, t, level, side, weights, temperature, seeds, group, moved
        )
        levels[:, t], sides[:, t] = level, side
    return Trajectories(levels, sides)


def simulate_points(
    world: World,
    weights: np.ndarray,
    temperature: np.ndarray | float,
    seeds: np.ndarray,
    rule: str | None = None,
) -> Trajectories:
    """Run every parameter vector (global weights (N, K), temperature scalar or (N,)) on the
    same seeds (R,): N * R worlds, point-major, with per-country overrides kept.

    Common seeds make the points' differences their parameters' alone.
    """
    seeds = np.asarray(seeds, dtype=np.uint64)
    n, r = len(weights), len(seeds)
    return simulate(
        world,
        np.tile(seeds, n),
        weights=np.repeat(decision_weights(world, weights), r, axis=0),
        temperature=np.repeat(np.broadcast_to(np.asarray(temperature, dtype=float), (n,)), r),
        rule=rule,
    )


def parameter_groups(weights: np.ndarray, batch: int) -> tuple[np.ndarray, np.ndarray]:
    """Worlds that share weights (1 or B, D, K), as groups for the kernel.

    A group is a run of consecutive worlds with equal weights (replicates of one point sit
    together). Returns each world's group (B,) and each group's weights (G, D, K).
    """
    if len(weights) == 1:
        return np.zeros(batch, dtype=np.intp), weights
    rows = weights.reshape(batch, -1)
    starts = np.flatnonzero(np.r_[True, (rows[1:] != rows[:-1]).any(axis=1)])
    group = np.repeat(np.arange(len(starts)), np.diff(np.r_[starts, batch]))
    return group, weights[starts]


def world_seeds(runs: int | None, seed: int | None, seeds, default_seed: int) -> np.ndarray:
    """Seeds of the worlds to run: explicit `seeds`, or `runs` consecutive ones from `seed`."""
    if seeds is not None:
        return np.asarray(list(seeds), dtype=np.uint64)
    start = default_seed if seed is None else seed
    return np.arange(start, start + (runs or 1), dtype=np.uint64)


def run_batch(
    scenario: Scenario | str | Path,
    runs: int | None = None,
    seed: int | None = None,
    seeds=None,
    rule: str | None = None,
) -> pd.DataFrame:
    """Run many worlds of a scenario; one row per world x decision (`outcomes.world_outcomes`).

    World s gives exactly the trajectory of DiplomacyModel(scenario, seed=s).
    """
    if not isinstance(scenario, Scenario):
        scenario = load_scenario(scenario)
    world = compile_world(scenario)
    all_seeds = world_seeds(runs, seed, seeds, scenario.seed)
    frames = []
    for start in range(0, len(all_seeds), CHUNK):
        chunk = all_seeds[start : start + CHUNK]
        traj = simulate(world, chunk, rule=rule)
        frames.append(world_outcomes(world, traj, chunk, first_run=start))
    return pd.concat(frames, ignore_index=True)
