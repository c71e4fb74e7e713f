"""DiplomacyModel: the Mesa model of one world, stepping the shared decision kernel with B = 1."""

from __future__ import annotations

from pathlib import Path

import mesa
import numpy as np

from axissim.abm.agents import CountryAgent
from axissim.engine import kernel
from axissim.engine.kernel import initial_state
from axissim.engine.world import compile_world
from axissim.scenario import Scenario, load_scenario


class DiplomacyModel(mesa.Model):
    """One world of a scenario: a CountryAgent per country, every decision per step.

    `scenario` is a Scenario or a path to a scenario file; `seed` defaults to the scenario's.
    The DataCollector records each decision's level ("DECIDER:CONFLICT") after every step,
    and the model stops itself after the scenario's last step.
    """

    def __init__(self, scenario: Scenario | str | Path, seed: int | None = None) -> None:
        if not isinstance(scenario, Scenario):
            scenario = load_scenario(scenario)
        seed = scenario.seed if seed is None else int(seed)
        super().__init__(seed=seed)
        self.scenario = scenario
        self.world_seed = np.array([seed], dtype=np.uint64)
        self.world = compile_world(scenario)
        self._links = kernel.links(self.world)
        choice = scenario.choice
        self._temperature = None if choice.rule == "argmax" else np.array([choice.temperature])
        self.countries = {iso: CountryAgent(self, iso) for iso in scenario.countries}
        self.level, self.side = initial_state(1, len(self.world.decisions))
        self._moved = None  # which decisions changed at the last step
        reporters = {d.key: self._reporter(d.index) for d in self.world.decisions}
        self.datacollector = mesa.DataCollector(model_reporters=reporters)

    def _reporter(self, index: int):
        return lambda model: int(model.level[0, index])

    @property
    def step_index(self) -> int:
        """The scenario step the model is on (0 for the first call of step())."""
        return self.steps - 1

    def step(self) -> None:
        t = self.step_index
        self.level, self.side, self._moved = kernel.decide(
            self.world,
            self._links,
            t,
            self.level,
            self.side,
            self.world.weights[None],
            self._temperature,
            self.world_seed,
            moved=self._moved,
        )
        for d in self.world.decisions:
            side = int(self.side[0, d.index])
            beneficiary = d.leads[side] if side >= 0 else ""
            self.countries[d.decider].adopt(d.conflict, int(self.level[0, d.index]), beneficiary)
        self.datacollector.collect(self)
        if self.steps >= self.scenario.steps:
            self.running = False

    def run(self) -> DiplomacyModel:
        """Step to the scenario's end."""
        while self.running:
            self.step()
        return self
