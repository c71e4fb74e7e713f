"""The interests: every named term of a decider's utility, in one table.

For decider i, conflict c, side s (lead belligerent b, opposing belligerents O) and level r:

    U(s, r) = sum_k  w_k * sign_k * e_k(i, c, s, t) * p_k(r),      U(none) = 0

e_k is the interest's exposure, a fact-derived number in [0, 1]; p_k is its level profile, a
fixed shape over the five levels that says which rungs of the ladder the interest touches.
Each entry of INTERESTS holds the name, sign, profile, what the exposure reads and why the
interest exists; the schema, the kernel, explain, the explorer and the charts all read this
table. The function computing each exposure is `axissim.engine.exposures.EXPOSURES[name]`
(NumPy), kept apart so that checking a scenario's weights never loads NumPy: adding an interest
is one entry here and its exposure there, and a name in one but not the other fails on import.
"""

from __future__ import annotations

from dataclasses import dataclass

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


@dataclass(frozen=True)
class Interest:
    """One named term of a decider's utility.

    Its exposure (`axissim.engine.exposures`) is computed from a world's facts; for an interest
    that reads the state (`from_state`), it is the part fixed before the crisis, and the kernel
    adds what the other agents did last step. `signed`: the weight may be negative. `held`: the
    term rewards the option the decider holds (`kernel.commitment`), not a rung of the ladder.
    """

    name: str
    sign: int
    profile: tuple[float, ...]
    reads: str
    why: str
    from_state: bool = False
    signed: bool = False
    held: bool = False


INTERESTS: tuple[Interest, ...] = (
    Interest(
        "treaty",
        +1,
        LINEAR,
        "treaty obligation i -> b (1 = mutual defence)",
        "only Russia and North Korea have a mutual-defence treaty, and only North Korea fights",
    ),
    Interest(
        "reciprocity",
        +1,
        LINEAR,
        "aid b gave i: before the crisis (past_aid), or in a running war last step",
        "Iran armed Russia; the model tests whether that buys Russian help",
        from_state=True,
    ),
    Interest(
        "affinity",
        +1,
        LINEAR,
        "shared regime, ideology or history i - b",
        "a shared Communist past binds Russia, China and North Korea",
    ),
    Interest(
        "common_enemy",
        +1,
        WORDS,
        "i's strongest hostility to the opposing side's belligerents and supporters",
        "all four are hostile to the US: cheap words against a common enemy",
    ),
    Interest(
        "supplier_tie",
        +1,
        UP_TO_ECONOMIC,
        "share of i's oil imports or trade bought from b",
        "China keeps buying Russian oil: a trade lifeline is economic aid",
    ),
    Interest(
        "transactional_gain",
        +1,
        MILITARY,
        "what b pays or gives i for arms or troops",
        "North Korea and Iran are paid in cash, oil and technology for arming Russia",
    ),
    Interest(
        "burden_sharing",
        +1,
        LINEAR,
        "mean aid the other deciders gave the same side last step (weight may be negative)",
        "bandwagoning (weight > 0) or free-riding (weight < 0): what makes it agent-based",
        from_state=True,
        signed=True,
    ),
    Interest(
        "religious_suspicion",
        -1,
        LINEAR,
        "i's religious or ideological suspicion of b",
        "secular Russia and China distrust a theocracy",
    ),
    Interest(
        "third_party_ties",
        -1,
        LINEAR,
        "i's ties to b's rivals and to the opposing belligerents (noisy-or over them)",
        "Russia's ties to Israel and the Arab states; China's to Saudi Arabia and the UAE",
    ),
    Interest(
        "oil_exposure",
        -1,
        ESCALATING,
        "share of i's oil imports from states a wider war endangers, times intensity",
        "a wider Gulf war would cut China's oil imports",
    ),
    Interest(
        "escalation_risk",
        -1,
        ESCALATING,
        "military weight (share of world spending) of the opposing belligerents, times intensity",
        "nobody fights the US for Iran",
    ),
    Interest(
        "sanctions_exposure",
        -1,
        MILITARY,
        "share of i's trade done with the opposing side's belligerents and supporters",
        "China's trade with the US and EU keeps it from arming Russia",
    ),
    Interest(
        "capacity",
        -1,
        MATERIAL_BURDEN,
        "i's war load: wars outside the scenario plus intensity of wars i fights in it",
        "Russia is at war in Ukraine; Iran's own war strains what it can send",
    ),
    Interest(
        "commitment",
        +1,
        (0.0,) * 5,
        "the option the decider held last step, once it has decided (holding none included)",
        "states commit to a policy and change course when circumstances change, not daily:"
        " sunk investment, reputation and audience costs",
        from_state=True,
        held=True,
    ),
    Interest(
        "aid_cost",
        -1,
        QUADRATIC,
        "1 for everyone: material aid and troops cost blood and treasure",
        "aid is not free; without a cost every positive interest would push to troops",
    ),
)


INTEREST_NAMES: tuple[str, ...] = tuple(k.name for k in INTERESTS)
SIGNED_INTERESTS: tuple[str, ...] = tuple(k.name for k in INTERESTS if k.signed)
HELD: frozenset[int] = frozenset(k for k, i in enumerate(INTERESTS) if i.held)
K = len(INTERESTS)
AT = {name: k for k, name in enumerate(INTEREST_NAMES)}
"""Each interest's position in INTERESTS (and in every weight vector)."""
