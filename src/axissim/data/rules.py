"""How facts of the data become scenario facts in [0, 1]: one documented rule each.

Used by the scenario builder (relations) and the corpus (features), so both read the data the
same way.
"""

from __future__ import annotations

import pandas as pd

CONTIGUITY_SCORE = {0: 0.0, 1: 1.0, 2: 0.8, 3: 0.6, 4: 0.4, 5: 0.2}
"""COW Direct Contiguity v3.2 type -> `contiguity`: a land border 1; across water up to 12, 24,
150 and 400 miles 0.8, 0.6, 0.4, 0.2 (evenly spaced: the types are distance classes, not a
scale, so only their order is used); not contiguous 0."""

TREATY_STRENGTH = {
    "offence": 1.0,
    "mutual_defence": 1.0,
    "neutrality": 0.3,
    "non_aggression": 0.2,
    "consultation": 0.1,
}
"""ATOP v5.1 obligation -> `treaty` strength. Several obligations: the first of this order
names the type and sets the strength (offence > defence > neutrality > non-aggression >
consultation). Whether a pledge binds in a war is the model's to decide from the treaty type
and the conflict's initiator (an offence pledge whoever started it, a defence pledge when the
partner was attacked: the `alliance` interest); neutrality, non-aggression and consultation
only keep A from B's enemies or make it talk, hence 0.1-0.3 (the history README's range for
friendship and consultation treaties)."""

ATOP_TYPE = {
    "offence": "offence",
    "defence": "mutual_defence",
    "neutrality": "neutrality",
    "non_aggression": "non_aggression",
    "consultation": "consultation",
}
"""`dyad_facts` obligation column -> schema `treaty_type`, in the order of precedence."""


def contiguity_score(conttype: pd.Series) -> pd.Series:
    """COW contiguity types (0 none) -> `contiguity` in [0, 1] by CONTIGUITY_SCORE."""
    return conttype.map(CONTIGUITY_SCORE).astype(float)


def treaty(facts: pd.DataFrame) -> pd.DataFrame:
    """`treaty_type` and `treaty` strength of each dyad from its ATOP obligation columns."""
    kind = pd.Series("none", index=facts.index)
    for column in reversed(list(ATOP_TYPE)):  # the strongest obligation is written last
        kind = kind.mask(facts[column], ATOP_TYPE[column])
    strength = kind.map(TREATY_STRENGTH).fillna(0.0)
    return pd.DataFrame({"treaty_type": kind, "treaty": strength})


DEMOCRACY = 0.5
"""V-Dem polyarchy from which a state counts as an electoral democracy here."""


def affinity(polyarchy_i: pd.Series, polyarchy_j: pd.Series) -> pd.Series:
    """`affinity` = the lower of the two V-Dem polyarchy scores when both reach DEMOCRACY,
    else 0 (a missing score counts 0).

    Joint democracy by its weakest link (Dixon 1994; Oneal & Russett 1997): shared democratic
    rule is the regime affinity these data can vouch for. Similarity among autocracies is left
    out: a monarchy, a junta and a one-party state score alike, so it would read kinship into
    mere absence of elections. Communist, dynastic or religious solidarity is not in the data:
    scenarios needing it code it by hand.
    """
    weakest = polyarchy_i.fillna(0.0).clip(upper=polyarchy_j.fillna(0.0))
    return weakest.where(weakest >= DEMOCRACY, 0.0)
