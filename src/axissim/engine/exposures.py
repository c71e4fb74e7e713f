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


SPARE = 0.05
"""The aid cost's reference capability: a state with 5% of the world's material capabilities
(COW CINC), a great power of the second rank, bears half the full strain of a rung; the
strongest states a third of it, a small state nearly all of it (strain)."""
CHARTER_YEAR = 1945
"""The UN Charter (art. 2(4)) outlawed wars of aggression; the norm against conquest binds from
then (Zacher 2001; Fazal 2007), so `against_aggression` weighs wars that start from 1945 (or
with no date: today's)."""
STAKES = 0.1
"""The war stakes' reference: a war whose belligerents hold 10% of the world's material
capabilities puts half the full stakes on the balance of power (war_stakes)."""


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

    def pledge(self, kind: str) -> np.ndarray:
        """(D, 1, N) the decider's treaty pledges of a kind (world.pledges) to every country."""
        return self.world.pledges[kind][self.world.decider][:, None, :]

    @cached_property
    def side(self) -> np.ndarray:
        """(T, D, S, N) bool: each side's active belligerents."""
        return self.world.belligerent[:, self.conflict]

    @cached_property
    def opposing(self) -> np.ndarray:
        """(T, D, S, N) bool: the other side's active belligerents."""
        return self.side[:, :, ::-1, :]

    @cached_property
    def bloc(self) -> np.ndarray:
        """(T, D, S, N) bool: the other side's fighters and backers."""
        return self.opposing | self.world.supporter[self.conflict][:, ::-1, :]

    @cached_property
    def intensity(self) -> np.ndarray:
        """(T, D, 1) the conflict's intensity at each step."""
        return self.world.intensity[:, self.conflict][:, :, None]

    @cached_property
    def attacked(self) -> np.ndarray:
        """(D, S) 1 where the other side started the war (0 where this side did, or unknown)."""
        return self.world.initiated[self.conflict][:, ::-1].astype(float)

    @cached_property
    def load(self) -> np.ndarray:
        """(T, D, 1) the decider's war load: wars outside the scenario plus the intensity of
        the scenario's other wars it fights in, at most 1."""
        world = self.world
        d_count = len(world.decisions)
        fights = world.belligerent.any(axis=2)[:, :, world.decider]  # (T, C, D)
        elsewhere = fights * world.intensity[:, :, None]
        elsewhere[:, self.conflict, np.arange(d_count)] = 0.0
        load = np.minimum(world.war_load[world.decider] + elsewhere.sum(axis=1), 1.0)
        return load[:, :, None]


def _strongest(pledges: np.ndarray, members: np.ndarray) -> np.ndarray:
    """(T, D, S) the strongest pledge (D, 1, N) to any member (T, D, S, N) of a side."""
    return (pledges * members).max(axis=-1, initial=0.0)


def _treaty(f: Facts) -> np.ndarray:
    """Offence pledges bind whoever started the war; defence pledges and guarantees bind when
    the partner was attacked, or when the parties invoked the treaty for this war anyway."""
    offence = _strongest(f.pledge("offence"), f.side)
    defence = _strongest(f.pledge("defence"), f.side) * f.attacked
    invoked = _strongest(f.pledge("defence") * f.pledge("invoked"), f.side)
    return np.maximum(offence, np.maximum(defence, invoked))


def _threat(f: Facts, bloc: np.ndarray, fighters: np.ndarray) -> np.ndarray:
    """(T, D, S) the decider's strongest hostility or rivalry towards a bloc, or a border with
    its fighters."""
    threat = np.maximum(f.row("hostility"), f.row("rivalry")) * bloc
    border = f.row("contiguity") * fighters
    return np.maximum(threat, border).max(axis=-1, initial=0.0)


def _stake(f: Facts) -> np.ndarray:
    """The threat the other side poses to the decider itself, less the threat this side poses:
    the enemy of an enemy is a friend, the friend of an enemy is not."""
    own = f.side | f.world.supporter[f.conflict]
    return _threat(f, f.bloc, f.opposing) - _threat(f, own, f.side)


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
    """The other side's military strength relative to the decider's own."""
    theirs = (f.world.capability * f.opposing).sum(axis=-1)  # (T, D, S)
    mine = f.world.capability[f.world.decider][None, :, None]
    return f.intensity * theirs / np.maximum(theirs + mine, 1e-12)


def _war_stakes(f: Facts) -> np.ndarray:
    """How much the war can move the balance of power: the combined capability of its active
    belligerents, both sides, as STAKES-saturated share (the same for either side)."""
    total = (f.world.capability * f.side).sum(axis=-1).sum(axis=-1, keepdims=True)  # (T, D, 1)
    return total / (total + STAKES)


def _against_aggression(f: Facts) -> np.ndarray:
    """+1 for the side attacked, -1 for the side that started the war, in the Charter's era."""
    start = f.world.scenario.start_date
    in_force = start is None or start.year >= CHARTER_YEAR
    return (f.attacked - f.attacked[:, ::-1]) * in_force


def _nuclear(f: Facts) -> np.ndarray:
    """A nuclear-armed state fights on the other side."""
    return f.intensity * (f.world.nuclear * f.opposing).any(axis=-1)


def _strain(f: Facts) -> np.ndarray:
    """What a rung costs against what the decider can spare: its capability less its war load
    (SPARE / (SPARE + capability x (1 - load)))."""
    spare = f.world.capability[f.world.decider][None, :, None] * (1.0 - f.load)
    return SPARE / (SPARE + spare)


EXPOSURES: dict[str, Callable[[Facts], np.ndarray | float]] = {
    "treaty": _treaty,
    "partnership": lambda f: _strongest(f.pledge("partnership"), f.side),
    "neutrality": lambda f: _strongest(f.pledge("neutrality"), f.opposing),
    "reciprocity": lambda f: f.own("past_aid"),
    "affinity": lambda f: f.own("affinity"),
    "stake": _stake,
    "war_stakes": _war_stakes,
    "supplier_tie": lambda f: np.maximum(f.own("oil_imports"), f.own("trade")),
    "transactional_gain": lambda f: f.own("payment"),
    "against_aggression": _against_aggression,
    "burden_sharing": lambda f: 0.0,
    "religious_suspicion": lambda f: f.own("suspicion"),
    "third_party_ties": _third_party_ties,
    "sanctions_exposure": lambda f: np.minimum((f.row("trade") * f.bloc).sum(axis=-1), 1.0),
    "oil_exposure": _oil_exposure,
    "escalation_risk": _escalation_risk,
    "nuclear_deterrence": _nuclear,
    "commitment": lambda f: 0.0,
    "strain": _strain,
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
