"""From trajectories to outcomes: per world, and summed up over worlds."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from axissim.levels import LEVEL_NAMES, MATERIAL, N_LEVELS

if TYPE_CHECKING:
    from axissim.engine.world import World


@dataclass(frozen=True)
class Trajectories:
    """Levels and aided sides of every decision at every step, each (B, T, D), int8."""

    levels: np.ndarray
    sides: np.ndarray


def decision_peak(world: World, traj: Trajectories, index: int):
    """A decision over its conflict's active steps: (steps, levels, peak level, side at peak).

    The side is the one aided when the peak was first reached (-1 when nobody was aided).
    """
    active = np.flatnonzero(world.active[:, world.conflict_of[index]])
    levels = traj.levels[:, active, index]
    peak = levels.max(axis=1)
    at_peak = (levels == peak[:, None]).argmax(axis=1)
    side = traj.sides[:, active, index][np.arange(len(levels)), at_peak]
    return active, levels, peak, side


def reproduces(peak, aided_observed, low: int, high: int):
    """A world reproduces an observation: peak within [low, high], any aid to the observed side.

    aided_observed is True (a scalar) for an observation that names no beneficiary.
    """
    return (peak >= low) & (peak <= high) & ((peak == 0) | aided_observed)


def observation_hits(world: World, traj: Trajectories) -> np.ndarray:
    """(B, J) bool: whether each world reproduces each of the scenario's observations."""
    hits = []
    for o in world.scenario.observed:
        index = world.decision_index(o.decider, o.conflict)
        _, _, peak, side = decision_peak(world, traj, index)
        aided = (
            True
            if o.beneficiary is None
            else side == world.decisions[index].leads.index(o.beneficiary)
        )
        hits.append(reproduces(peak, aided, *o.level_range))
    return np.stack(hits, axis=1)


def aid_received(world: World, traj: Trajectories, beneficiary: str) -> np.ndarray:
    """(B,) the highest level any decider gave `beneficiary`, as a side's lead, while fought."""
    best = np.zeros(len(traj.levels), dtype=np.int8)
    for d in world.decisions:
        if beneficiary in d.leads:
            active = np.flatnonzero(world.active[:, world.conflict_of[d.index]])
            to = traj.sides[:, active, d.index] == d.leads.index(beneficiary)
            given = np.where(to, traj.levels[:, active, d.index], 0).max(axis=1, initial=0)
            best = np.maximum(best, given)
    return best


def world_outcomes(
    world: World, traj: Trajectories, seeds: np.ndarray, first_run: int = 0
) -> pd.DataFrame:
    """One row per world x decision: peak and final level, the side aided, first material step.

    final_level is the level at the conflict's last active step; side is the side aided when the
    peak was first reached (empty when the decider never aided anyone).
    """
    batch = traj.levels.shape[0]
    rows = []
    for d in world.decisions:
        active, levels, peak, side = decision_peak(world, traj, d.index)
        material = levels >= MATERIAL
        first = np.where(material.any(axis=1), active[material.argmax(axis=1)], -1)
        side_name = np.array([*d.sides, ""], dtype=object)[side]
        lead_name = np.array([*d.leads, ""], dtype=object)[side]
        rows.append(
            pd.DataFrame(
                {
                    "run": np.arange(first_run, first_run + batch),
                    "seed": seeds.astype(np.int64),
                    "decider": d.decider,
                    "conflict": d.conflict,
                    "side": side_name,
                    "beneficiary": lead_name,
                    "peak_level": peak.astype(np.int64),
                    "final_level": levels[:, -1].astype(np.int64),
                    "first_material_step": pd.array(
                        [int(f) if f >= 0 else None for f in first], dtype="Int64"
                    ),
                }
            )
        )
    return pd.concat(rows, ignore_index=True).sort_values(
        ["run", "decider", "conflict"], kind="stable", ignore_index=True
    )


def summarise(world: World, outcomes: pd.DataFrame) -> pd.DataFrame:
    """One row per decision: probability of each peak level, the modal level and side, observed.

    A decision matches its observation when the modal peak level lies in the observed range and,
    if it is above none, goes to the observed beneficiary.
    """
    observed = {(o.decider, o.conflict): o for o in world.scenario.observed}
    rows = []
    for d in world.decisions:
        sel = outcomes[(outcomes.decider == d.decider) & (outcomes.conflict == d.conflict)]
        counts = np.bincount(sel.peak_level.to_numpy(), minlength=N_LEVELS)[:N_LEVELS]
        probs = counts / max(len(sel), 1)
        level = int(np.argmax(probs))
        aided = sel[sel.peak_level == level].beneficiary
        beneficiary = aided.mode().iloc[0] if level > 0 and len(aided) else ""
        obs = observed.get((d.decider, d.conflict))
        row = {
            "decider": d.decider,
            "conflict": d.conflict,
            "side": dict(zip(d.leads, d.sides, strict=True)).get(beneficiary, ""),
            "beneficiary": beneficiary,
            "level": level,
            "level_name": LEVEL_NAMES[level],
            **{f"p_{name}": float(p) for name, p in zip(LEVEL_NAMES, probs, strict=True)},
            "p_material": float(probs[MATERIAL:].sum()),
            "observed": None,
            "observed_beneficiary": None,
            "match": None,
        }
        if obs is not None:
            lo, hi = obs.level_range
            row["observed"] = str(lo) if lo == hi else f"{lo}-{hi}"
            row["observed_beneficiary"] = obs.beneficiary
            anyone = obs.beneficiary is None
            aided = True if anyone else sel.beneficiary == obs.beneficiary
            row["p_observed"] = float(reproduces(sel.peak_level, aided, lo, hi).mean())
            row["match"] = bool(
                lo <= level <= hi and (level == 0 or anyone or beneficiary == obs.beneficiary)
            )
        rows.append(row)
    return pd.DataFrame(rows)


def timeline(world: World, traj: Trajectories) -> pd.DataFrame:
    """One row per step x decision: mean level and the probability of each level over worlds."""
    rows = []
    for t in range(world.steps):
        for d in world.decisions:
            levels = traj.levels[:, t, d.index]
            probs = np.bincount(levels, minlength=N_LEVELS) / len(levels)
            rows.append(
                {
                    "step": t,
                    "decider": d.decider,
                    "conflict": d.conflict,
                    "active": bool(world.active[t, world.conflict_of[d.index]]),
                    "mean_level": float(levels.mean()),
                    **{f"p_{n}": float(p) for n, p in zip(LEVEL_NAMES, probs, strict=True)},
                }
            )
    return pd.DataFrame(rows)
