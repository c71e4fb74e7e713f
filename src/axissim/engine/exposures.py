"""The interests' exposures: e_k(i, c, s, t) of every interest in `axissim.engine.interests`,
computed from a world's facts with NumPy, and the interests' signs and level profiles as arrays.

EXPOSURES holds one function per interest, under its name and in the table's order; a name
missing from either side is an error on import.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property
from typing import TYPE_CHECKING

import numpy as np

from axissim.engine.interests import INTEREST_NAMES, INTERESTS, SIDES, K

if TYPE_CHECKING:
    from axissim.engine.world import World


class Facts:
    """The facts an exposure reads, cut to the decisions of a world.

    Shapes: T steps, D decisions, S sides, N countries. Every exposure broadcasts to (T, D, S).
    """

    def __init__(self, world: World) -> None:
        self.world = world
        self.decider = world.decider[:, None]  # (D, 1)
        self.lead = world.lead  # (D, S)
        self.conflict = world.conflict_of  # (D,)

    def own(self, field: str) -> np.ndarray:
        """(D, S) the fact of i -> b."""
        return self.world.relation[field][self.decider, self.lead]

    def row(self, field: str) -> np.ndarray:
        """(D, 1, N) the facts of i -> every country."""
        return self.world.relation[field][self.world.decider][:, None, :]

    @cached_property
    def opposing(self) -> np.ndarray:
        """(T, D, S, N) bool: the other side's active belligerents."""
        return self.world.belligerent[:, self.conflict][:, :, ::-1, :]

    @cached_property
    def bloc(self) -> np.ndarray:
        """(T, D, S, N) bool: the other side's fighters and backers."""
        return self.opposing | self.world.supporter[self.conflict][:, ::-1, :]

    @cached_property
    def intensity(self) -> np.ndarray:
        """(T, D, 1) the conflict's intensity at each step."""
        return self.world.intensity[:, self.conflict][:, :, None]


def _third_party_ties(f: Facts) -> np.ndarray:
    world = f.world
    d_count = len(world.decisions)
    rivals_of_lead = world.relation["rivalry"][f.lead]  # (D, S, N): b's rivalry with each
    opposition = np.maximum(f.opposing, rivals_of_lead)
    not_self = np.ones((d_count, 1, len(world.countries)))
    not_self[np.arange(d_count), 0, world.decider] = 0.0
    at_stake = f.row("ties") * not_self * opposition  # (T, D, S, N)
    return 1.0 - np.prod(1.0 - at_stake, axis=-1)


def _oil_exposure(f: Facts) -> np.ndarray:
    at_risk = f.world.oil_at_risk[f.conflict][:, None, :]  # (D, 1, N)
    oil = np.minimum((f.row("oil_imports") * at_risk).sum(axis=-1), 1.0)  # (D, 1)
    return f.intensity * oil


def _escalation_risk(f: Facts) -> np.ndarray:
    weight = (f.world.capability * f.opposing).sum(axis=-1)
    return f.intensity * np.minimum(weight, 1.0)


def _capacity(f: Facts) -> np.ndarray:
    world = f.world
    d_count = len(world.decisions)
    fights = world.belligerent.any(axis=2)[:, :, world.decider]  # (T, C, D)
    elsewhere = fights * world.intensity[:, :, None]
    elsewhere[:, f.conflict, np.arange(d_count)] = 0.0
    load = np.minimum(world.war_load[world.decider] + elsewhere.sum(axis=1), 1.0)  # (T, D)
    return load[:, :, None]


EXPOSURES: dict[str, Callable[[Facts], np.ndarray | float]] = {
    "treaty": lambda f: f.own("treaty"),
    "reciprocity": lambda f: f.own("past_aid"),
    "affinity": lambda f: f.own("affinity"),
    "common_enemy": lambda f: (f.row("hostility") * f.bloc).max(axis=-1, initial=0.0),
    "supplier_tie": lambda f: np.maximum(f.own("oil_imports"), f.own("trade")),
    "transactional_gain": lambda f: f.own("payment"),
    "burden_sharing": lambda f: 0.0,
    "religious_suspicion": lambda f: f.own("suspicion"),
    "third_party_ties": _third_party_ties,
    "oil_exposure": _oil_exposure,
    "escalation_risk": _escalation_risk,
    "sanctions_exposure": lambda f: np.minimum((f.row("trade") * f.bloc).sum(axis=-1), 1.0),
    "capacity": _capacity,
    "commitment": lambda f: 0.0,
    "aid_cost": lambda f: 1.0,
}
"""Each interest's exposure, broadcastable to (T, D, S), by name."""

if tuple(EXPOSURES) != INTEREST_NAMES:
    raise RuntimeError(
        f"EXPOSURES {tuple(EXPOSURES)} do not match the interests {INTEREST_NAMES} (in order)"
    )

SIGN = np.array([k.sign for k in INTERESTS], dtype=float)
PROFILE = np.array([k.profile for k in INTERESTS], dtype=float)  # (K, 5)


def static_exposures(world: World) -> np.ndarray:
    """Every fact-derived exposure, shape (T, D, S, K); interests read from the state start
    at their pre-crisis part."""
    facts = Facts(world)
    e = np.zeros((world.steps, len(world.decisions), SIDES, K))
    for k, interest in enumerate(INTERESTS):
        e[..., k] = EXPOSURES[interest.name](facts)
    return e


def weight_vector(weights: dict[str, float]) -> np.ndarray:
    """A weights mapping as a (K,) vector in INTERESTS order; missing interests are 0."""
    return np.array([float(weights.get(k, 0.0)) for k in INTEREST_NAMES])
