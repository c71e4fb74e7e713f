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

STATISTICS: tuple[str, ...] = (*(f"p_{name}" for name in LEVEL_NAMES), "p_material", "mean_level")
"""What a distribution of levels is summed up by: P(each level), P(material aid), mean level."""
AID_TO = "aid_to:"
"""An output "aid_to:XXX" is the highest level anyone gives XXX."""
