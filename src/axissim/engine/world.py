"""A validated Scenario compiled into the arrays the decision kernel reads.

Indices: N countries, C conflicts, S = 2 sides, T steps, D decisions (decider x conflict),
K interests. Compiling once keeps the kernel a pure function of arrays.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from axissim.engine.exposures import static_exposures, weight_vector
from axissim.engine.interests import INTEREST_NAMES
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
    "contiguity",
)
"""The numeric facts of a relation, each an (N, N) matrix of the world."""

PLEDGES = {
    "defence": ("mutual_defence", "guarantee"),
    "offence": ("offence",),
    "partnership": ("consultation", "strategic_partnership"),
    "neutrality": ("neutrality", "non_aggression"),
}
"""Treaty types by what they oblige (interests: treaty, partnership, neutrality)."""


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
    nuclear: np.ndarray  # (N,) bool
    relation: dict[str, np.ndarray]  # field -> (N, N), [i, j] is the fact of i -> j
    pledges: dict[str, np.ndarray]  # PLEDGES kind (and "invoked") -> (N, N) treaty strength
    decider: np.ndarray  # (D,) country index
    conflict_of: np.ndarray  # (D,) conflict index
    lead: np.ndarray  # (D, S) country index of each side's lead belligerent
    belligerent: np.ndarray  # (T, C, S, N) bool: an active belligerent at step t
    supporter: np.ndarray  # (C, S, N) bool
    active: np.ndarray  # (T, C) bool: the conflict is being fought at step t
    intensity: np.ndarray  # (T, C)
    initiated: np.ndarray  # (C, S) bool: the side started the war
    first_active: np.ndarray  # (D,): the first step each decision's conflict is fought
    changes: np.ndarray  # (T, D) bool: the decision's conflict starts, or a fact it reads moves
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


def per_step(value: float | list[float], steps: int) -> np.ndarray:
    """A per-step series: one value for every step, or a list that holds its last value."""
    values = np.atleast_1d(np.asarray(value, dtype=float))
    return np.concatenate([values, np.full(steps - len(values), values[-1])])[:steps]


def _pledges(scenario: Scenario, at: dict[str, int]) -> dict[str, np.ndarray]:
    """Treaty strength by what the treaty obliges, and where it was invoked, each (N, N)."""
    n = len(at)
    out = {kind: np.zeros((n, n)) for kind in (*PLEDGES, "invoked")}
    for key, rel in scenario.relations.items():
        a, b = (at[x] for x in key.split("->"))
        for kind, types in PLEDGES.items():
            if rel.treaty_type in types:
                out[kind][a, b] = rel.treaty
        out["invoked"][a, b] = float(rel.invoked)
    return out


def _relations(scenario: Scenario, at: dict[str, int]) -> dict[str, np.ndarray]:
    """Each relation field as an (N, N) matrix: [i, j] is the fact of i -> j."""
    n = len(at)
    relation = {f: np.zeros((n, n)) for f in RELATION_FIELDS}
    for key, rel in scenario.relations.items():
        a, b = key.split("->")
        for f in RELATION_FIELDS:
            relation[f][at[a], at[b]] = getattr(rel, f)
    return relation


@dataclass(frozen=True)
class Schedule:
    """Who fights each conflict on which side at each step, and who decides about it."""

    belligerent: np.ndarray  # (T, C, S, N) bool
    supporter: np.ndarray  # (C, S, N) bool
    active: np.ndarray  # (T, C) bool
    intensity: np.ndarray  # (T, C)
    oil_at_risk: np.ndarray  # (C, N) bool
    decisions: list[Decision]


def _schedule(scenario: Scenario, at: dict[str, int]) -> Schedule:
    t_count, c_count, n = scenario.steps, len(scenario.conflicts), len(at)
    out = Schedule(
        np.zeros((t_count, c_count, 2, n), dtype=bool),
        np.zeros((c_count, 2, n), dtype=bool),
        np.zeros((t_count, c_count), dtype=bool),
        np.zeros((t_count, c_count)),
        np.zeros((c_count, n), dtype=bool),
        [],
    )
    steps = np.arange(t_count)
    for ci, (cid, conflict) in enumerate(scenario.conflicts.items()):
        end = conflict.ceasefire if conflict.ceasefire is not None else t_count
        active = out.active[:, ci]
        active[:] = (steps >= conflict.start) & (steps < end)
        out.intensity[:, ci] = per_step(conflict.intensity, t_count) * active
        side_ids = list(conflict.sides)
        for si, side in enumerate(conflict.sides.values()):
            for country in side.belligerents:
                out.belligerent[:, ci, si, at[country]] = active
            for country in side.supporters:
                out.supporter[ci, si, at[country]] = True
        for join in conflict.joins:
            si = side_ids.index(join.side)
            out.belligerent[:, ci, si, at[join.country]] = active & (steps >= join.step)
        for country in conflict.oil_at_risk:
            out.oil_at_risk[ci, at[country]] = True
        leads = tuple(side.belligerents[0] for side in conflict.sides.values())
        for decider in conflict.deciders:
            index = len(out.decisions)
            out.decisions.append(Decision(index, decider, cid, tuple(side_ids), leads))
    return out


def compile_world(scenario: Scenario) -> World:
    """Turn a validated scenario into index arrays and fact matrices."""
    countries, conflicts = list(scenario.countries), list(scenario.conflicts)
    at = {c: i for i, c in enumerate(countries)}
    plan = _schedule(scenario, at)
    decisions = plan.decisions
    conflict_of = np.array([conflicts.index(d.conflict) for d in decisions], dtype=np.intp)
    fought = plan.active[:, conflict_of]  # (T, D)
    own = [scenario.countries[d.decider].weights for d in decisions]
    world = World(
        scenario=scenario,
        countries=countries,
        conflicts=conflicts,
        decisions=decisions,
        capability=np.array([scenario.countries[c].capability for c in countries]),
        war_load=np.array([scenario.countries[c].war_load for c in countries]),
        nuclear=np.array([scenario.countries[c].nuclear for c in countries]),
        relation=_relations(scenario, at),
        pledges=_pledges(scenario, at),
        decider=np.array([at[d.decider] for d in decisions], dtype=np.intp),
        conflict_of=conflict_of,
        lead=np.array([[at[x] for x in d.leads] for d in decisions], dtype=np.intp),
        belligerent=plan.belligerent,
        supporter=plan.supporter,
        active=plan.active,
        intensity=plan.intensity,
        initiated=np.array(
            [[sid == c.initiator for sid in c.sides] for c in scenario.conflicts.values()]
        ),
        first_active=np.where(fought.any(axis=0), fought.argmax(axis=0), scenario.steps),
        oil_at_risk=plan.oil_at_risk,
        weights=np.stack([weight_vector({**scenario.weights, **mine}) for mine in own]),
        overridden=np.array([[k in mine for k in INTEREST_NAMES] for mine in own]),
        static=np.empty(0),
        changes=np.empty(0),
    )
    static = static_exposures(world)
    return replace(world, static=static, changes=_changes(static, world.first_active))


def _changes(static: np.ndarray, first_active: np.ndarray) -> np.ndarray:
    """(T, D): the steps at which a decision's static exposures differ from the step before,
    and its conflict's first step; at any other step a decider faces what it faced before."""
    moved = np.zeros(static.shape[:2], dtype=bool)
    moved[1:] = (static[1:] != static[:-1]).any(axis=(2, 3))
    moved[first_active[first_active < len(static)], np.flatnonzero(first_active < len(static))] = (
        True
    )
    return moved
