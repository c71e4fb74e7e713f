"""Knock-outs: which interests carry a decision, by setting their weights to 0 one at a time.

For one decision of a scenario, every interest whose global weight is not 0 is set to 0 in
turn (the others keep the scenario's weights), and so is each group of REASONS together; every
weight vector runs on the same worlds (the same seeds, so the same draws: common random
numbers), so that a change in P(observed) is the knocked-out weight's alone.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from axissim.engine import kernel
from axissim.engine.batch import simulate_points, world_seeds
from axissim.engine.exposures import weight_vector
from axissim.engine.interests import AT, INTEREST_NAMES
from axissim.engine.outcomes import course, reproduces
from axissim.engine.parameters import members
from axissim.engine.world import World, compile_world
from axissim.errors import InputError
from axissim.levels import N_LEVELS
from axissim.scenario import Scenario
from axissim.studies.run import check_run

REPLICATES = 1000
"""Worlds every weight vector runs."""

REASONS: dict[str, tuple[str, ...]] = {
    "all the article's reasons": ("religious_suspicion", "oil_exposure", "third_party_ties"),
    "treaty obligations": ("treaty", "partnership", "neutrality"),
}
"""The reasons the article (New York Times, June 2025: Russia and China gave Iran words only)
gives, knocked out together. Against aid: the secular governments' suspicion of a theocracy
(religious_suspicion), China's oil from the Gulf states a wider war would endanger
(oil_exposure), Russia's ties to Israel and the Arab states and China's to Saudi Arabia and
the UAE (third_party_ties). The treaty obligations: only Russia and North Korea have a mutual
defence treaty; the others are partnerships without a military clause (treaty, partnership,
neutrality). The article's reason for aid, the four's hostility to the US, is one interest
(stake) and has its own row."""

COLUMNS = (
    "knocked_out", "interests", "weight", "observed", "observed_beneficiary", "observation",
    "baseline_p_observed", "baseline_modal", "baseline_modal_beneficiary", "baseline_p_modal",
    "p_observed", "modal", "modal_beneficiary", "p_modal", "change",
)  # fmt: skip
"""The knock-out table: per row what was knocked out (an interest, or a group of REASONS and
its interests), the interest's weight in the scenario (empty for a group), the observation
aimed at (levels "1" or "0-1", beneficiary, and whether it is the scenario's observation or,
without one, the baseline's modal policy), the baseline's P(observed), modal policy level, its
beneficiary and its P, the same with the weights knocked out, and the change in P(observed)."""

OBSERVED, MODAL = "observed", "the baseline's modal policy"


def knockouts(scenario: Scenario) -> list[tuple[str, tuple[str, ...]]]:
    """(row name, interests set to 0) of every knock-out: each interest whose global weight is
    not 0, in the table's order, then each group of REASONS that holds such an interest."""
    weighed = [n for n in INTEREST_NAMES if scenario.weights.get(n, 0.0) != 0.0]
    rows = [(name, (name,)) for name in weighed]
    rows += [(group, names) for group, names in REASONS.items() if set(names) & set(weighed)]
    return rows


def knockout(
    scenario: Scenario,
    decider: str,
    conflict: str,
    replicates: int = REPLICATES,
    seed: int | None = None,
) -> pd.DataFrame:
    """The knock-out table (COLUMNS) of the decision `decider` in `conflict`.

    All weight vectors (the scenario's, then one per knock-out) run the same `replicates`
    worlds with consecutive seeds from `seed` (default the scenario's, as `axissim run`), in one
    batch. P(observed) is the share of worlds whose policy (the level held at the end) lies in
    the observed range and aids the observed beneficiary; without an observation of the
    decision, the share holding the baseline's modal policy. A decider's own weights
    (per-country overrides) are kept: a knock-out sets the global weight. Interests are sorted
    by the change, the largest fall first; the groups follow.
    """
    world = compile_world(scenario)
    try:
        index = world.decision_index(decider, conflict)
    except KeyError as exc:
        raise InputError("explain", f"{decider}:{conflict}", str(exc.args[0])) from None
    rows = knockouts(scenario)
    points = members(scenario, list(INTEREST_NAMES), _weights(scenario, rows), "knock-out")
    check_run(scenario, replicates, points, "explain")
    seeds = world_seeds(replicates, seed, None, scenario.seed)
    traj = simulate_points(world, points.weights, points.temperature, seeds)
    held = course(world, traj, index)
    level = held.level.reshape(len(points), replicates)
    side = held.side.reshape(len(points), replicates)
    target = _target(world, index, level[0], side[0])
    table = pd.DataFrame(
        [_row(world, index, target, lv, sd) for lv, sd in zip(level, side, strict=True)]
    )
    base = table.iloc[0]
    table = table.iloc[1:].reset_index(drop=True)
    table.insert(0, "knocked_out", [name for name, _ in rows])
    table.insert(1, "interests", [", ".join(names) for _, names in rows])
    table.insert(2, "weight", [_weight(scenario, names) for _, names in rows])
    for column in ("p_observed", "modal", "modal_beneficiary", "p_modal"):
        table[f"baseline_{column}"] = base[column]
    table["change"] = (table.p_observed - table.baseline_p_observed).round(12)
    grouped = table.knocked_out.isin(list(REASONS))
    order = pd.concat([table[~grouped].sort_values("change", kind="stable"), table[grouped]])
    return order[list(COLUMNS)].reset_index(drop=True)


def _weights(scenario: Scenario, rows: list[tuple[str, tuple[str, ...]]]) -> np.ndarray:
    """(1 + rows, K): the scenario's global weights, then each with its knock-out at 0."""
    out = np.tile(weight_vector(scenario.weights), (1 + len(rows), 1))
    for r, (_, names) in enumerate(rows, start=1):
        out[r, [AT[n] for n in names]] = 0.0
    return out


def _weight(scenario: Scenario, names: tuple[str, ...]) -> float:
    """An interest's weight in the scenario; NaN for a group."""
    return float(scenario.weights.get(names[0], 0.0)) if len(names) == 1 else float("nan")


def _target(world: World, index: int, level: np.ndarray, side: np.ndarray) -> dict:
    """What P(observed) counts: the scenario's observation of the decision (its level range and
    beneficiary), else the baseline's modal policy (as `axissim run`'s summary names it)."""
    d = world.decisions[index]
    for o in world.scenario.observed:
        if (o.decider, o.conflict) == (d.decider, d.conflict):
            low, high = o.level_range
            return {"low": low, "high": high, "beneficiary": o.beneficiary, "is": OBSERVED}
    modal, beneficiary = _modal(d, level, side)
    return {"low": modal, "high": modal, "beneficiary": beneficiary, "is": MODAL}


def _modal(d, level: np.ndarray, side: np.ndarray) -> tuple[int, str | None]:
    """The modal policy level and, above none, the lead most often aided at it."""
    modal = int(np.bincount(level, minlength=N_LEVELS).argmax())
    if modal == 0:
        return 0, None
    sides = np.bincount(side[level == modal], minlength=kernel.SIDES)
    return modal, d.leads[int(sides.argmax())]


def _row(world: World, index: int, target: dict, level: np.ndarray, side: np.ndarray) -> dict:
    """One weight vector's P(observed) and modal policy, from its worlds' policies."""
    d = world.decisions[index]
    low, high, beneficiary = target["low"], target["high"], target["beneficiary"]
    aided = True if beneficiary is None else side == d.leads.index(beneficiary)
    modal, modal_beneficiary = _modal(d, level, side)
    return {
        "observed": str(low) if low == high else f"{low}-{high}",
        "observed_beneficiary": beneficiary,
        "observation": target["is"],
        "p_observed": float(reproduces(level, aided, low, high).mean()),
        "modal": modal,
        "modal_beneficiary": modal_beneficiary,
        "p_modal": float((level == modal).mean()),
    }


def knockout_document(table: pd.DataFrame) -> list[dict]:
    """The --json form of a knock-out table: one object per row, numbers rounded to 6
    decimals, None for an empty cell (a group's weight, the beneficiary of none)."""
    rounded = table.round(6).astype(object)
    return rounded.where(rounded.notna(), None).to_dict(orient="records")
