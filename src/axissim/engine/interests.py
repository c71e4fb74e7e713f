"""The interests: every named term of a decider's utility, in one table.

For decider i, conflict c, side s (lead belligerent b, opposing belligerents O) and level r:

    U(s, r) = sum_k  w_k * sign_k * e_k(i, c, s, t) * p_k(r),      U(none) = 0

e_k is the interest's exposure, a fact-derived number in [0, 1]; p_k is its level profile, a
fixed shape over the five levels that says which rungs of the ladder the interest touches.
Each entry of INTERESTS holds the name, sign, profile, what the exposure reads, why the
interest exists and the function computing its exposure, so adding an interest is one entry
here. The schema, the kernel, explain and the charts all read this table.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from axissim.engine.world import World

SIDES = 2
LADDER = 4  # levels above none: rhetorical, economic, arms, troops
N_OPTIONS = 1 + SIDES * LADDER  # none, then each level for each side

LINEAR = (0.0, 0.25, 0.5, 0.75, 1.0)
WORDS = (0.0, 1.0, 1.0, 1.0, 1.0)
UP_TO_ECONOMIC = (0.0, 0.5, 1.0, 1.0, 1.0)
MILITARY = (0.0, 0.0, 0.0, 1.0, 1.0)
MATERIAL_BURDEN = (0.0, 0.0, 0.25, 0.5, 1.0)
ESCALATING = (0.0, 0.0, 0.1, 0.4, 1.0)
QUADRATIC = (0.0, 0.0625, 0.25, 0.5625, 1.0)
FIGHTING = (0.0, 0.0, 0.0, 0.2, 1.0)
HELD_OPTION = (0.0,) * 5  # commitment: no rung of the ladder, the option held (kernel)

SPARE = 0.05
"""The aid cost's reference capability: a state with 5% of the world's material capabilities
(COW CINC), a great power of the second rank, bears half the full strain of a rung; the
strongest states a third of it, a small state nearly all of it (strain)."""
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


def _stake(f: Facts) -> np.ndarray:
    """The threat the other side poses to the decider itself: its strongest hostility or
    rivalry towards the other side's fighters and backers, or a border with its fighters."""
    threat = np.maximum(f.row("hostility"), f.row("rivalry")) * f.bloc
    border = f.row("contiguity") * f.opposing
    return np.maximum(threat, border).max(axis=-1, initial=0.0)


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


def _nuclear(f: Facts) -> np.ndarray:
    """A nuclear-armed state fights on the other side."""
    return f.intensity * (f.world.nuclear * f.opposing).any(axis=-1)


def _strain(f: Facts) -> np.ndarray:
    """What a rung costs against what the decider can spare: its capability less its war load
    (SPARE / (SPARE + capability x (1 - load)))."""
    spare = f.world.capability[f.world.decider][None, :, None] * (1.0 - f.load)
    return SPARE / (SPARE + spare)


@dataclass(frozen=True)
class Interest:
    """One named term of a decider's utility.

    `exposure` computes e_k from a world's facts, broadcastable to (T, D, S); for an interest
    that reads the state (`from_state`), it is the part fixed before the crisis, and the kernel
    adds what the other agents did last step. `signed`: the weight may be negative. `held`: the
    term rewards the option the decider holds (`kernel.commitment`), not a rung of the ladder.
    `source`: the literature or the article the interest comes from.
    """

    name: str
    sign: int
    profile: tuple[float, ...]
    reads: str
    why: str
    exposure: Callable[[Facts], np.ndarray | float]
    from_state: bool = False
    signed: bool = False
    held: bool = False


INTERESTS: tuple[Interest, ...] = (
    Interest(
        "treaty",
        +1,
        LINEAR,
        "the strongest military pledge the decider owes a fighter of the side that applies to "
        "this war: offence pledges always, defence pledges and guarantees when the partner was "
        "attacked (or the treaty was invoked anyway)",
        "a defence pact binds when the partner is attacked, not when it attacks (Leeds, Long & "
        "Mitchell 2000): North Korea's 2024 treaty with Russia, invoked for Kursk",
        _treaty,
    ),
    Interest(
        "partnership",
        +1,
        WORDS,
        "the strongest consultation or partnership pledge to a fighter of the side",
        "consultation binds to words: China's treaties with Russia and with Iran have no "
        "military clause",
        lambda f: _strongest(f.pledge("partnership"), f.side),
    ),
    Interest(
        "neutrality",
        -1,
        MILITARY,
        "the strongest neutrality or non-aggression pledge to a fighter of the other side",
        "a neutrality pledge binds to staying out of the partner's wars against the pledgee "
        "(ATOP's neutrality and non-aggression obligations)",
        lambda f: _strongest(f.pledge("neutrality"), f.opposing),
    ),
    Interest(
        "reciprocity",
        +1,
        LINEAR,
        "aid b gave i: before the crisis (past_aid), or in a running war last step",
        "Iran armed Russia; the article says the drones did not buy Russian help",
        lambda f: f.own("past_aid"),
        from_state=True,
    ),
    Interest(
        "affinity",
        +1,
        LINEAR,
        "shared regime, ideology or history i - b (for the war data: joint democracy)",
        "a shared Communist past binds Russia, China and North Korea; social closeness to a "
        "side draws states in (Corbetta 2010)",
        lambda f: f.own("affinity"),
    ),
    Interest(
        "stake",
        +1,
        LINEAR,
        "the threat the other side poses to the decider itself: hostility or rivalry towards "
        "its fighters and backers, a border with its fighters",
        "all four are hostile to the US; states join wars against their rivals and next door "
        "(Siverson & Starr 1990; Corbetta 2010)",
        _stake,
    ),
    Interest(
        "war_stakes",
        +1,
        LINEAR,
        "the combined capability of the war's belligerents, both sides: total / (total + STAKES)",
        "wars among the strong redraw the balance of power and draw others in, on either side "
        "(Yamamoto & Bremer 1980; Siverson & Starr 1991)",
        _war_stakes,
    ),
    Interest(
        "supplier_tie",
        +1,
        UP_TO_ECONOMIC,
        "share of i's oil imports or trade bought from b: a stake in b's survival",
        "China buys Russian and Iranian oil: trade that predates a war is a stake, not aid",
        lambda f: np.maximum(f.own("oil_imports"), f.own("trade")),
    ),
    Interest(
        "transactional_gain",
        +1,
        MILITARY,
        "what b pays or gives i for arms or troops",
        "North Korea and Iran are paid in cash, oil and technology for arming Russia",
        lambda f: f.own("payment"),
    ),
    Interest(
        "against_aggression",
        +1,
        WORDS,
        "1 when the other side started the war",
        "states condemn an aggressor even against their friends: China on the US strikes as a "
        "breach of the UN Charter, the US against its allies at Suez, Moscow against Iraq",
        lambda f: f.attacked,
    ),
    Interest(
        "burden_sharing",
        +1,
        LINEAR,
        "mean aid the other deciders gave the same side last step (weight may be negative)",
        "bandwagoning (weight > 0) or free-riding (weight < 0): what makes it agent-based",
        lambda f: 0.0,
        from_state=True,
        signed=True,
    ),
    Interest(
        "religious_suspicion",
        -1,
        LINEAR,
        "i's religious or ideological suspicion of b",
        "secular Russia and China distrust a theocracy",
        lambda f: f.own("suspicion"),
    ),
    Interest(
        "third_party_ties",
        -1,
        LINEAR,
        "i's ties to b's rivals and to the opposing belligerents (noisy-or over them)",
        "Russia's ties to Israel and the Arab states; China's to Saudi Arabia and the UAE",
        _third_party_ties,
    ),
    Interest(
        "sanctions_exposure",
        -1,
        MILITARY,
        "share of i's trade done with the opposing side's belligerents and supporters",
        "China's trade with the US and EU keeps it from arming Russia",
        lambda f: np.minimum((f.row("trade") * f.bloc).sum(axis=-1), 1.0),
    ),
    Interest(
        "oil_exposure",
        -1,
        ESCALATING,
        "share of i's oil imports from states a wider war endangers, times intensity",
        "a wider Gulf war would cut China's oil imports",
        _oil_exposure,
    ),
    Interest(
        "escalation_risk",
        -1,
        ESCALATING,
        "the other side's military strength (capability) against the decider's own, times "
        "intensity: theirs / (theirs + mine)",
        "nobody fights the US for Iran; a small state fears a strong enemy more than a great "
        "power does",
        _escalation_risk,
    ),
    Interest(
        "nuclear_deterrence",
        -1,
        FIGHTING,
        "a nuclear-armed state fights on the other side, times intensity",
        "nuclear deterrence: Russia and China do not fight the US or Israel for Iran",
        _nuclear,
    ),
    Interest(
        "commitment",
        +1,
        HELD_OPTION,
        "the option the decider held last step, once it has decided (holding none included)",
        "states commit to a policy and change course when circumstances change, not daily:"
        " sunk investment, reputation and audience costs",
        lambda f: 0.0,
        from_state=True,
        held=True,
    ),
    Interest(
        "strain",
        -1,
        QUADRATIC,
        "what a rung costs against what the decider can spare: SPARE / (SPARE + capability x "
        "(1 - war load))",
        "aid is dearer for a small state or one at war elsewhere: Russia is at war in Ukraine, "
        "Iran in its own war",
        _strain,
    ),
    Interest(
        "aid_cost",
        -1,
        QUADRATIC,
        "1: every rung costs, whoever gives it",
        "aid is not free: money, arms and lives spent on another's war, the same for all",
        lambda f: 1.0,
    ),
)

INTEREST_NAMES: tuple[str, ...] = tuple(k.name for k in INTERESTS)
SIGNED_INTERESTS: tuple[str, ...] = tuple(k.name for k in INTERESTS if k.signed)
HELD: frozenset[int] = frozenset(k for k, i in enumerate(INTERESTS) if i.held)
SIGN = np.array([k.sign for k in INTERESTS], dtype=float)
PROFILE = np.array([k.profile for k in INTERESTS], dtype=float)  # (K, 5)
K = len(INTERESTS)
AT = {name: k for k, name in enumerate(INTEREST_NAMES)}
"""Each interest's position in INTERESTS (and in every weight vector)."""


def static_exposures(world: World) -> np.ndarray:
    """Every fact-derived exposure, shape (T, D, S, K); interests read from the state start
    at their pre-crisis part."""
    facts = Facts(world)
    e = np.zeros((world.steps, len(world.decisions), SIDES, K))
    for k, interest in enumerate(INTERESTS):
        e[..., k] = interest.exposure(facts)
    return e


def weight_vector(weights: dict[str, float]) -> np.ndarray:
    """A weights mapping as a (K,) vector in INTERESTS order; missing interests are 0."""
    return np.array([float(weights.get(k, 0.0)) for k in INTEREST_NAMES])
