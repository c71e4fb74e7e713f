"""The aid ladder: the five levels a decider can choose, from words to troops."""

LEVEL_NAMES: tuple[str, ...] = ("none", "rhetorical", "economic", "arms", "troops")
"""Level r is LEVEL_NAMES[r]; level 2 and above is material aid."""

MATERIAL = 2
N_LEVELS = len(LEVEL_NAMES)

LEVEL_MEANINGS: dict[str, str] = {
    "none": "no aid",
    "rhetorical": "condemnation, diplomatic cover, mediation",
    "economic": "finance, trade lifelines, sanctioned oil purchases, industrial support",
    "arms": "weapons, munitions, military technology",
    "troops": "direct military intervention",
}
