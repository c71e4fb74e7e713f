"""The interests: every named term of a decider's utility, in one table.

For decider i, conflict c, side s (lead belligerent b, opposing belligerents O) and level r:

    U(s, r) = sum_k  w_k * sign_k * e_k(i, c, s, t) * p_k(r),      U(none) = 0

e_k is the interest's exposure, a fact-derived number in [0, 1] (in [-1, 1] for the stake and
against_aggression, which weigh one side against the other); p_k is its level profile, a
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
FIGHTING = (0.0, 0.0, 0.0, 0.2, 1.0)
HELD_OPTION = (0.0,) * 5  # commitment: no rung of the ladder, the option held (kernel)


@dataclass(frozen=True)
class Interest:
    """One named term of a decider's utility.

    Its exposure (`axissim.engine.exposures`) is computed from a world's facts; for an interest
    that reads the state (`from_state`), it is the part fixed before the crisis, and the kernel
    adds what the other agents did last step. `signed`: the weight may be negative. `held`: the
    term rewards the option the decider holds (`kernel.commitment`), not a rung of the ladder.
    `why` says where the interest comes from: the literature or the article.
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
        "the strongest military pledge the decider owes a fighter of the side that applies to "
        "this war: offence pledges always, defence pledges and guarantees when the partner was "
        "attacked (or the treaty was invoked anyway)",
        "a defence pact binds when the partner is attacked, not when it attacks (Leeds, Long & "
        "Mitchell 2000): North Korea's 2024 treaty with Russia, invoked for Kursk",
    ),
    Interest(
        "partnership",
        +1,
        WORDS,
        "the strongest consultation or partnership pledge to a fighter of the side",
        "consultation binds to words: China's treaties with Russia and with Iran have no "
        "military clause",
    ),
    Interest(
        "neutrality",
        -1,
        MILITARY,
        "the strongest neutrality or non-aggression pledge to a fighter of the other side",
        "a neutrality pledge binds to staying out of the partner's wars against the pledgee "
        "(ATOP's neutrality and non-aggression obligations)",
    ),
    Interest(
        "reciprocity",
        +1,
        LINEAR,
        "aid b gave i: before the crisis (past_aid), or in a running war last step",
        "aid is repaid in kind (Keohane 1986, reciprocity): Iran armed Russia; the article says "
        "the drones did not buy Russian help",
        from_state=True,
    ),
    Interest(
        "affinity",
        +1,
        LINEAR,
        "shared regime, ideology or history i - b (for the war data: joint democracy)",
        "a shared Communist past binds Russia, China and North Korea; social closeness to a "
        "side draws states in (Corbetta 2010)",
    ),
    Interest(
        "stake",
        +1,
        LINEAR,
        "the threat the other side poses to the decider itself (hostility or rivalry towards "
        "its fighters and backers, a border with its fighters) less the threat this side poses",
        "all four are hostile to the US; states join wars against their rivals and next door "
        "(Siverson & Starr 1990; Corbetta 2010), and not on a rival's side: the enemy of an "
        "enemy is a friend (Maoz et al. 2007)",
    ),
    Interest(
        "war_stakes",
        +1,
        LINEAR,
        "the combined capability of the war's belligerents, both sides: total / (total + STAKES)",
        "wars among the strong redraw the balance of power and draw others in, on either side "
        "(Yamamoto & Bremer 1980; Siverson & Starr 1991)",
    ),
    Interest(
        "supplier_tie",
        +1,
        UP_TO_ECONOMIC,
        "share of i's oil imports or trade bought from b: a stake in b's survival",
        "China buys Russian and Iranian oil: trade that predates a war is a stake, not aid",
    ),
    Interest(
        "transactional_gain",
        +1,
        MILITARY,
        "what b pays or gives i for arms or troops",
        "arms for pay (the article): North Korea and Iran are paid in cash, oil and technology "
        "for arming Russia",
    ),
    Interest(
        "against_aggression",
        +1,
        WORDS,
        "+1 when the other side started the war, -1 when this side did; 0 before the UN "
        "Charter (wars starting before 1945)",
        "states condemn an aggressor even against their friends, and backing one costs standing: "
        "China on the US strikes as a breach of the UN Charter, the US against its allies at "
        "Suez, Moscow against Iraq; the norm binds from the Charter (Zacher 2001; Fazal 2007)",
    ),
    Interest(
        "burden_sharing",
        +1,
        LINEAR,
        "mean aid the other deciders gave the same side last step (weight may be negative)",
        "bandwagoning (weight > 0; Schweller 1994) or free-riding (weight < 0; Olson & "
        "Zeckhauser 1966): what makes it agent-based",
        from_state=True,
        signed=True,
    ),
    Interest(
        "religious_suspicion",
        -1,
        LINEAR,
        "i's religious or ideological suspicion of b",
        "the article: secular Russia and China distrust a theocracy; ideological distance keeps "
        "states apart (Corbetta 2010)",
    ),
    Interest(
        "third_party_ties",
        -1,
        LINEAR,
        "i's ties to b's rivals and to the opposing belligerents (noisy-or over them)",
        "the article: Russia's ties to Israel and the Arab states; China's to Saudi Arabia and the "
        "UAE",
    ),
    Interest(
        "sanctions_exposure",
        -1,
        MILITARY,
        "share of i's trade done with the opposing side's belligerents and supporters",
        "trade with the other side restrains (Oneal & Russett 1997): China's trade with the US "
        "and EU keeps it from arming Russia",
    ),
    Interest(
        "oil_exposure",
        -1,
        ESCALATING,
        "share of i's oil imports from states a wider war endangers, times intensity",
        "the article: a wider Gulf war would cut China's oil imports",
    ),
    Interest(
        "escalation_risk",
        -1,
        ESCALATING,
        "the other side's military strength (capability) against the decider's own, times "
        "intensity: theirs / (theirs + mine)",
        "the expected cost of joining grows with the enemy's strength against one's own "
        "(Altfeld & Bueno de Mesquita 1979): nobody fights the US for Iran",
    ),
    Interest(
        "nuclear_deterrence",
        -1,
        FIGHTING,
        "a nuclear-armed state fights on the other side, times intensity",
        "nuclear deterrence (Schelling 1966): Russia and China do not fight the US or Israel for "
        "Iran",
    ),
    Interest(
        "commitment",
        +1,
        HELD_OPTION,
        "the option the decider held last step, once it has decided (holding none included)",
        "states commit to a policy and change course when circumstances change, not daily:"
        " sunk investment, reputation and audience costs (Fearon 1994)",
        from_state=True,
        held=True,
    ),
    Interest(
        "strain",
        -1,
        QUADRATIC,
        "what a rung costs against what the decider can spare: SPARE / (SPARE + capability x "
        "(1 - war load))",
        "aid is dearer for a small state or one at war elsewhere (capability in Altfeld & Bueno "
        "de Mesquita 1979): Russia is at war in Ukraine, Iran in its own war",
    ),
    Interest(
        "aid_cost",
        -1,
        QUADRATIC,
        "1: every rung costs, whoever gives it",
        "aid is not free: money, arms and lives spent on another's war, the same for all",
    ),
)

INTEREST_NAMES: tuple[str, ...] = tuple(k.name for k in INTERESTS)
SIGNED_INTERESTS: tuple[str, ...] = tuple(k.name for k in INTERESTS if k.signed)
HELD: frozenset[int] = frozenset(k for k, i in enumerate(INTERESTS) if i.held)
K = len(INTERESTS)
AT = {name: k for k, name in enumerate(INTEREST_NAMES)}
"""Each interest's position in INTERESTS (and in every weight vector)."""
