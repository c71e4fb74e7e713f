"""The explorer's world: the DiplomacyModel of a scenario file with the controls' overrides."""

from __future__ import annotations

import numpy as np
import pandas as pd

from axissim.abm.model import DiplomacyModel
from axissim.engine.kernel import initial_state
from axissim.engine.outcomes import Trajectories, summarise, world_outcomes
from axissim.scenario import load_scenario


def override_value(value: object) -> str:
    """A control's value as the YAML of a `--set` override, exactly: 0.05, 1, mutual_defence.

    YAML reads 1e-05 as a string, so an exponent gets a decimal point: 1.0e-05.
    """
    if not isinstance(value, float):
        return str(value)
    text = repr(value)
    return text.replace("e", ".0e", 1) if "e" in text and "." not in text else text


class ExploredModel(DiplomacyModel):
    """The DiplomacyModel of a scenario file with the explorer's overrides, keeping its history.

    Every keyword argument other than the file, its base overrides and the seed is a control: a
    scenario path and its value. SolaraViz passes the controls by name and accepts unknown
    names only when the constructor has a `**kwargs` parameter, hence its name.
    """

    def __init__(
        self,
        scenario_file: str,
        base_overrides: tuple[str, ...] = (),
        seed: int | None = None,
        **kwargs: object,
    ) -> None:
        overrides = [f"{path}={override_value(value)}" for path, value in kwargs.items()]
        super().__init__(load_scenario(scenario_file, [*base_overrides, *overrides]), seed)
        self.scenario_file = scenario_file
        self.base_overrides = base_overrides
        self.controls = kwargs
        self.history: list[tuple[np.ndarray, np.ndarray]] = []

    def step(self) -> None:
        super().step()
        self.history.append((self.level[0].copy(), self.side[0].copy()))

    def levels(self) -> np.ndarray:
        """(steps run, decisions): the level each decider held at each step run."""
        if not self.history:
            return np.zeros((0, len(self.world.decisions)), dtype=int)
        return np.stack([level for level, _ in self.history])

    def trajectory(self, hold: bool = False) -> Trajectories:
        """This world's levels and sides as a batch of one; steps not yet run hold no aid, or,
        with `hold`, the policies held now (they hold until something changes)."""
        levels, sides = initial_state(self.world.steps, len(self.world.decisions))
        for t, (level, side) in enumerate(self.history):
            levels[t], sides[t] = level, side
        if hold and self.history:
            levels[len(self.history) :], sides[len(self.history) :] = self.history[-1]
        return Trajectories(levels[None], sides[None])

    def policy_summary(self) -> pd.DataFrame:
        """`summarise` of this world so far: the policy each decider holds now, for the
        decisions about conflicts fought so far."""
        traj = self.trajectory(hold=True)
        summary = summarise(self.world, world_outcomes(self.world, traj, self.world_seed))
        active = self.world.active[: self.steps]
        fought = [c for i, c in enumerate(self.world.conflicts) if active[:, i].any()]
        return summary[summary.conflict.isin(fought)].reset_index(drop=True)

    def current_aid(self) -> pd.DataFrame:
        """The decision each agent holds now: decider, conflict, beneficiary, level."""
        return pd.DataFrame(
            [
                {
                    "decider": d.decider,
                    "conflict": d.conflict,
                    "beneficiary": self.countries[d.decider].beneficiaries.get(d.conflict, ""),
                    "level": self.countries[d.decider].levels.get(d.conflict, 0),
                }
                for d in self.world.decisions
            ],
            columns=["decider", "conflict", "beneficiary", "level"],
        )
