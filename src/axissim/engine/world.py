"""A validated Scenario compiled into the arrays the decision kernel reads.

Indices: N countries, C conflicts, S = 2 sides, T steps, D decisions (decider x conflict),
K interests. Compiling once keeps the kernel a pure function of arrays.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from axissim.engine.interests import INTEREST_NAMES, static_exposures, weight_vector
from axissim.scenario.schema import Scenario

RELATION_FIELDS = (
    "treaty",
    "affinity",
    "suspicion",
    "hostility",
    "rivalry",
    "oil_imports",
    "trade",
    "ties",
    "past_aid",
    "payment",
)


@dataclass(frozen=True)
class Decision:
    """One decider's choice about one conflict."""

    index: int
    decider: str
    conflict: str
    sides: tuple[str, str]
    leads: tuple[str, str]

    @property
    def key(self) -> str:
        return f"{self.decider}:{self.conflict}"


@dataclass
class World:
    """The scenario's facts and schedule as arrays, plus the static exposures computed from them
    (`compile_world` builds it)."""

    scenario: Scenario
    countries: list[str]
    conflicts: list[str]
    decisions: list[Decision]
    capability: np.ndarray  # (N,)
    war_load: np.ndarray  # (N,)
    relation: dict[str, np.ndarray]  # field -> (N, N), [i, j] is the fact of i -> j
    decider: np.ndarray  # (D,) country index
    conflict_of: np.ndarray  # (D,) conflict index
    lead: np.ndarray  # (D, S) country index of each side's lead belligerent
    belligerent: np.ndarray  # (T, C, S, N) bool: an active belligerent at step t
    supporter: np.ndarray  # (C, S, N) bool
    active: np.ndarray  # (T, C) bool: the conflict is being fought at step t
    intensity: np.ndarray  # (T, C)
    oil_at_risk: np.ndarray  # (C, N) bool
    weights: np.ndarray  # (D, K): scenario weights with per-country overrides
    overridden: np.ndarray  # (D, K) bool: the weight comes from a per-country override
    static: np.ndarray  # (T, D, S, K): every exposure the facts fix, see interests

    @property
    def steps(self) -> int:
        return self.active.shape[0]

    def decision_index(self, decider: str, conflict: str) -> int:
        for d in self.decisions:
            if d.decider == decider and d.conflict == conflict:
                return d.index
        known = ", ".join(d.key for d in self.decisions)
        raise KeyError(f"no decision {decider}:{conflict}; known: {known}")


def decision_weights(world: World, weights: np.ndarray) -> np.ndarray:
    """(N, K) global weight vectors -> (N, D, K), keeping each decider's per-country overrides."""
    return np.where(world.overridden[None], world.weights[None], weights[:, None, :])


def compile_world(scenario: Scenario) -> World:
    """Turn a validated scenario into index arrays and fact matrices."""
    countries = list(scenario.countries)
    at = {c: i for i, c in enumerate(countries)}
    conflicts = list(scenario.conflicts)
    n, c_count, t_count = len(countries), len(conflicts), scenario.steps

    relation = {f: np.zeros((n, n)) for f in RELATION_FIELDS}
    for key, rel in scenario.relations.items():
        a, b = key.split("->")
        for f in RELATION_FIELDS:
            relation[f][at[a], at[b]] = getattr(rel, f)

    belligerent = np.zeros((t_count, c_count, 2, n), dtype=bool)
    supporter = np.zeros((c_count, 2, n), dtype=bool)
    active = np.zeros((t_count, c_count), dtype=bool)
    intensity = np.zeros((t_count, c_count))
    oil_at_risk = np.zeros((c_count, n), dtype=bool)
    decisions: list[Decision] = []
    steps = np.arange(t_count)
    for ci, (cid, conflict) in enumerate(scenario.conflicts.items()):
        end = conflict.ceasefire if conflict.ceasefire is not None else t_count
        active[:, ci] = (steps >= conflict.start) & (steps < end)
        intensity[:, ci] = np.asarray(conflict.intensity, dtype=float) * active[:, ci]
        side_ids = list(conflict.sides)
        for si, side in enumerate(conflict.sides.values()):
            for country in side.belligerents:
                belligerent[:, ci, si, at[country]] = active[:, ci]
            for country in side.supporters:
                supporter[ci, si, at[country]] = True
        for join in conflict.joins:
            si = side_ids.index(join.side)
            belligerent[:, ci, si, at[join.country]] = active[:, ci] & (steps >= join.step)
        for country in conflict.oil_at_risk:
            oil_at_risk[ci, at[country]] = True
        leads = tuple(side.belligerents[0] for side in conflict.sides.values())
        for decider in conflict.deciders:
            decisions.append(Decision(len(decisions), decider, cid, tuple(side_ids), leads))

    base = scenario.weights
    weights = np.stack(
        [weight_vector({**base, **scenario.countries[d.decider].weights}) for d in decisions]
    )
    overridden = np.array(
        [[k in scenario.countries[d.decider].weights for k in INTEREST_NAMES] for d in decisions]
    )
    world = World(
        scenario=scenario,
        countries=countries,
        conflicts=conflicts,
        decisions=decisions,
        capability=np.array([scenario.countries[c].capability for c in countries]),
        war_load=np.array([scenario.countries[c].war_load for c in countries]),
        relation=relation,
        decider=np.array([at[d.decider] for d in decisions], dtype=np.intp),
        conflict_of=np.array([conflicts.index(d.conflict) for d in decisions], dtype=np.intp),
        lead=np.array([[at[x] for x in d.leads] for d in decisions], dtype=np.intp),
        belligerent=belligerent,
        supporter=supporter,
        active=active,
        intensity=intensity,
        oil_at_risk=oil_at_risk,
        weights=weights,
        overridden=overridden,
        static=np.empty(0),
    )
    return replace(world, static=static_exposures(world))
