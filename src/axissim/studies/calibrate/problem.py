"""The calibration problem: which parameters, within which bounds, against which evidence."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from axissim.engine import kernel
from axissim.engine.parameters import Parameter, calibrated, scenario_point_values
from axissim.engine.world import World, compile_world
from axissim.errors import InputError
from axissim.levels import N_LEVELS
from axissim.scenario import Scenario


@dataclass(frozen=True)
class Problem:
    """What is calibrated: the parameters and their bounds, and the evidence as kernel tensors."""

    parameters: tuple[Parameter, ...]
    scenarios: tuple[Scenario, ...]
    evidence: tuple[Evidence, ...]

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(p.name for p in self.parameters)

    @property
    def low(self) -> np.ndarray:
        return np.array([p.low for p in self.parameters], dtype=float)

    @property
    def high(self) -> np.ndarray:
        return np.array([p.high for p in self.parameters], dtype=float)

    def point_values(self, theta: np.ndarray, scenario: Scenario) -> tuple[np.ndarray, np.ndarray]:
        """(N, P) parameter vectors -> (N, K) weights and (N,) temperatures for one scenario."""
        return scenario_point_values(scenario, self.parameters, theta)

    @property
    def prior_sd(self) -> np.ndarray:
        return (self.high - self.low) / np.sqrt(12.0)


@dataclass(frozen=True)
class Evidence:
    """One scenario's observed decisions as unit-weight utility terms, ready for any weights."""

    scenario: Scenario
    world: World
    labels: tuple[str, ...]  # "DECIDER:CONFLICT" of each observation
    terms: np.ndarray  # (J, T, O, K): utility terms of the observed decision at unit weight
    active: np.ndarray  # (J, T) bool: the conflict is fought at step t
    side: np.ndarray  # (J,) the observed beneficiary's side, -1 for either
    in_range: np.ndarray  # (J, levels) bool: the peak levels the observation allows
    decision: np.ndarray  # (J,) index of each observed decision in the world


def evidence(scenario: Scenario, source: str = "calibrate") -> Evidence:
    """Compile a scenario's observations; the others' state is their observed behaviour."""
    if not scenario.observed:
        raise InputError(source, "observed", "no observed decisions to calibrate against")
    world = compile_world(scenario)
    links = kernel.links(world)
    level, side = (
        np.zeros((1, len(world.decisions)), np.int8),
        np.full((1, len(world.decisions)), -1, np.int8),
    )
    rows = []
    for o in scenario.observed:
        d = world.decisions[world.decision_index(o.decider, o.conflict)]
        s = -1 if o.beneficiary is None else d.leads.index(o.beneficiary)
        level[0, d.index] = o.level_range[1]
        side[0, d.index] = max(s, 0) if o.level_range[1] > 0 else -1
        rows.append((d, s, *o.level_range))
    unit = np.eye(kernel.K)
    terms = np.zeros((len(rows), world.steps, kernel.N_OPTIONS, kernel.K))
    for t in range(world.steps):
        exposure = kernel.dynamic_exposures(world, links, level, side, t)
        for k in range(kernel.K):
            util = kernel.utilities(exposure, unit[k])[0]  # (D, O)
            for j, (d, *_rest) in enumerate(rows):
                terms[j, t, :, k] = util[d.index]
    return Evidence(
        scenario=scenario,
        world=world,
        labels=tuple(d.key for d, *_ in rows),
        terms=terms,
        active=np.array([world.active[:, world.conflict_of[d.index]] for d, *_ in rows]),
        side=np.array([s for _, s, _, _ in rows]),
        in_range=np.array([[lo <= r <= hi for r in range(N_LEVELS)] for _, _, lo, hi in rows]),
        decision=np.array([d.index for d, *_ in rows]),
    )


def problem(scenarios: list[Scenario], sources: list[str] | None = None) -> Problem:
    """The calibration problem over several scenarios; the first one's priors define it."""
    sources = sources or ["calibrate"] * len(scenarios)
    priors = scenarios[0].priors
    if not priors:
        raise InputError(
            sources[0],
            "priors",
            "no priors: name a [low, high] range per "
            "weight to calibrate (and optionally temperature)",
        )
    return Problem(
        parameters=calibrated(scenarios[0]),
        scenarios=tuple(scenarios),
        evidence=tuple(evidence(s, src) for s, src in zip(scenarios, sources, strict=True)),
    )


def labels(prob: Problem) -> list[str]:
    """One label per observation, scenario name first."""
    return [f"{ev.scenario.name}/{label}" for ev in prob.evidence for label in ev.labels]


def prior_draws(prob: Problem, samples: int, seed: int) -> np.ndarray:
    """Uniform draws within the priors, (samples, P), from one seeded generator."""
    rng = np.random.default_rng(seed)
    return prob.low + (prob.high - prob.low) * rng.random((samples, len(prob.names)))
