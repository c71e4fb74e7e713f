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


@dataclass(frozen=True)
class Course:
    """One decision over its conflict's active steps in every world.

    levels (B, A): the level at each active step; level and side (B,): the policy, the level
    held and the side aided at the last active step (-1: nobody); peak and peak_side (B,): the
    highest level and the side aided when it was first reached.
    """

    steps: np.ndarray  # (A,) the active steps
    levels: np.ndarray
    level: np.ndarray
    side: np.ndarray
    peak: np.ndarray
    peak_side: np.ndarray


def course(world: World, traj: Trajectories, index: int) -> Course:
    """A decision's course in every world: its policy, its peak and its levels step by step."""
    active = np.flatnonzero(world.active[:, world.conflict_of[index]])
    batch = len(traj.levels)
    if not len(active):  # never fought: no aid
        none = np.zeros(batch, np.int8)
        return Course(active, np.zeros((batch, 0), np.int8), none, none - 1, none, none - 1)
    levels, sides = traj.levels[:, active, index], traj.sides[:, active, index]
    peak = levels.max(axis=1)
    at_peak = (levels == peak[:, None]).argmax(axis=1)
    peak_side = sides[np.arange(batch), at_peak]
    return Course(active, levels, levels[:, -1], sides[:, -1], peak, peak_side)


def reproduces(level, aided_observed, low: int, high: int):
    """A world reproduces an observation: the policy's level within [low, high], and any aid
    going to the observed side (aided_observed is True for an observation naming no side)."""
    return (level >= low) & (level <= high) & ((level == 0) | aided_observed)


def observation_hits(world: World, traj: Trajectories) -> np.ndarray:
    """(B, J) bool: whether each world's policies reproduce each of the scenario's observations."""
    hits = []
    for o in world.scenario.observed:
        index = world.decision_index(o.decider, o.conflict)
        held = course(world, traj, index)
        aided = (
            True
            if o.beneficiary is None
            else held.side == world.decisions[index].leads.index(o.beneficiary)
        )
        hits.append(reproduces(held.level, aided, *o.level_range))
    return np.stack(hits, axis=1)


def aid_received(world: World, traj: Trajectories, beneficiary: str) -> np.ndarray:
    """(B,) the highest level of the policies anyone holds towards `beneficiary` as a side's
    lead, at the end of each conflict."""
    best = np.zeros(len(traj.levels), dtype=np.int8)
    for d in world.decisions:
        if beneficiary in d.leads:
            held = course(world, traj, d.index)
            given = np.where(held.side == d.leads.index(beneficiary), held.level, 0)
            best = np.maximum(best, given)
    return best


def _names(d, side: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The side ids and lead ids of `side` (-1: "")."""
    return np.array([*d.sides, ""], dtype=object)[side], np.array([*d.leads, ""], dtype=object)[
        side
    ]


def world_outcomes(
    world: World, traj: Trajectories, seeds: np.ndarray, first_run: int = 0
) -> pd.DataFrame:
    """One row per world x decision: the policy (level, side, beneficiary), the peak level and
    its beneficiary, the first material step, and the share of active steps at each level."""
    batch = traj.levels.shape[0]
    rows = []
    for d in world.decisions:
        held = course(world, traj, d.index)
        material = held.levels >= MATERIAL
        first = np.where(material.any(axis=1), held.steps[material.argmax(axis=1)], -1)
        side_name, lead_name = _names(d, held.side)
        counts = np.stack([(held.levels == r).sum(axis=1) for r in range(N_LEVELS)], axis=1)
        shares = counts / max(len(held.steps), 1)
        rows.append(
            pd.DataFrame(
                {
                    "run": np.arange(first_run, first_run + batch),
                    "seed": seeds.astype(np.int64),
                    "decider": d.decider,
                    "conflict": d.conflict,
                    "side": side_name,
                    "beneficiary": lead_name,
                    "level": held.level.astype(np.int64),
                    "peak_level": held.peak.astype(np.int64),
                    "peak_beneficiary": _names(d, held.peak_side)[1],
                    "first_material_step": pd.array(
                        [int(f) if f >= 0 else None for f in first], dtype="Int64"
                    ),
                    **{f"share_{n}": shares[:, r] for r, n in enumerate(LEVEL_NAMES)},
                }
            )
        )
    return pd.concat(rows, ignore_index=True).sort_values(
        ["run", "decider", "conflict"], kind="stable", ignore_index=True
    )


def _distribution(levels: pd.Series) -> np.ndarray:
    return np.bincount(levels.to_numpy(), minlength=N_LEVELS)[:N_LEVELS] / max(len(levels), 1)


def summarise(world: World, outcomes: pd.DataFrame) -> pd.DataFrame:
    """One row per decision: the probability of each policy level, the modal policy and its
    side, the observation and whether it matches; beside them the probability of each peak
    level (peak_*) and the mean share of active steps at each level (steps_*).

    A decision matches its observation when the modal policy level lies in the observed range
    and, if it is above none, goes to the observed beneficiary.
    """
    observed = {(o.decider, o.conflict): o for o in world.scenario.observed}
    rows = []
    for d in world.decisions:
        sel = outcomes[(outcomes.decider == d.decider) & (outcomes.conflict == d.conflict)]
        probs = _distribution(sel.level)
        level = int(np.argmax(probs))
        aided = sel[sel.level == level].beneficiary
        beneficiary = aided.mode().iloc[0] if level > 0 and len(aided) else ""
        row = {
            "decider": d.decider,
            "conflict": d.conflict,
            "side": dict(zip(d.leads, d.sides, strict=True)).get(beneficiary, ""),
            "beneficiary": beneficiary,
            "level": level,
            "level_name": LEVEL_NAMES[level],
            **{f"p_{name}": float(p) for name, p in zip(LEVEL_NAMES, probs, strict=True)},
            "p_material": float(probs[MATERIAL:].sum()),
            **{
                f"peak_{n}": float(p)
                for n, p in zip(LEVEL_NAMES, _distribution(sel.peak_level), strict=True)
            },  # fmt: skip
            **{f"steps_{n}": float(sel[f"share_{n}"].mean()) for n in LEVEL_NAMES},
            "observed": None,
            "observed_beneficiary": None,
            "match": None,
        }
        obs = observed.get((d.decider, d.conflict))
        if obs is not None:
            row.update(_observation_columns(obs, sel, level, beneficiary))
        rows.append(row)
    return pd.DataFrame(rows)


def _observation_columns(obs, sel: pd.DataFrame, level: int, beneficiary: str) -> dict:
    lo, hi = obs.level_range
    anyone = obs.beneficiary is None
    aided = True if anyone else sel.beneficiary == obs.beneficiary
    return {
        "observed": str(lo) if lo == hi else f"{lo}-{hi}",
        "observed_beneficiary": obs.beneficiary,
        "p_observed": float(reproduces(sel.level, aided, lo, hi).mean()),
        "match": bool(
            lo <= level <= hi and (level == 0 or anyone or beneficiary == obs.beneficiary)
        ),
    }


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
