"""CountryAgent: a country in the Mesa model, holding its facts and its current decisions."""

from __future__ import annotations

from typing import TYPE_CHECKING

import mesa

from axissim.levels import LEVEL_NAMES

if TYPE_CHECKING:
    from axissim.abm.model import DiplomacyModel


class CountryAgent(mesa.Agent):
    """A country. Deciders hold, per conflict they decide about, the level and side they chose.

    The choice itself is made by the model for all deciders at once (simultaneous moves through
    the shared decision kernel); the agent is what users inspect and explain.
    """

    def __init__(self, model: DiplomacyModel, iso: str) -> None:
        super().__init__(model)
        facts = model.scenario.countries[iso]
        self.iso = iso
        self.name = facts.name
        self.capability = facts.capability
        self.regime = facts.regime
        self.levels: dict[str, int] = {}
        self.beneficiaries: dict[str, str] = {}

    def adopt(self, conflict: str, level: int, beneficiary: str) -> None:
        """Record this step's decision about a conflict."""
        self.levels[conflict] = level
        self.beneficiaries[conflict] = beneficiary

    def describe(self) -> str:
        """One line per decision, e.g. 'Russia -> IRN in israel_iran: rhetorical'."""
        return "\n".join(
            f"{self.name} -> {self.beneficiaries[c] or '-'} in {c}: {LEVEL_NAMES[lv]}"
            for c, lv in self.levels.items()
        )

    def __repr__(self) -> str:
        return f"CountryAgent({self.iso})"
