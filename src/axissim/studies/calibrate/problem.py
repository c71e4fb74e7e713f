"""The calibration problem: which parameters, with which priors, against which evidence."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from axissim.data.wars import from_corpus
from axissim.engine.parameters import Parameter, calibrated, scenario_point_values
from axissim.engine.world import World, compile_world
from axissim.errors import InputError
from axissim.scenario import Scenario
from axissim.scenario.schema import TEMPERATURE


@dataclass(frozen=True)
class Problem:
    """What is calibrated: the parameters and their priors, and the evidence."""

    parameters: tuple[Parameter, ...]
    scenarios: tuple[Scenario, ...]
    evidence: tuple[Evidence, ...]

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(p.name for p in self.parameters)

    def point_values(self, theta: np.ndarray, scenario: Scenario) -> tuple[np.ndarray, np.ndarray]:
        """(N, P) parameter vectors -> (N, K) weights and (N,) temperatures for one scenario."""
        return scenario_point_values(scenario, self.parameters, theta)

    def values(self, z: np.ndarray) -> np.ndarray:
        """(N, P) parameter values for (N, P) unconstrained z (engine.priors)."""
        z = np.atleast_2d(z)
        return np.column_stack([p.prior.value(z[:, i]) for i, p in enumerate(self.parameters)])

    def z(self, theta: np.ndarray) -> np.ndarray:
        """The unconstrained z of (N, P) parameter values."""
        theta = np.atleast_2d(theta)
        return np.column_stack([p.prior.z(theta[:, i]) for i, p in enumerate(self.parameters)])

    def log_prior(self, z: np.ndarray) -> np.ndarray:
        """(N,) log prior density of (N, P) unconstrained z."""
        z = np.atleast_2d(z)
        return sum(p.prior.log_density(z[:, i]) for i, p in enumerate(self.parameters))

    def per_observation(self, value: Callable[[Evidence], float]) -> np.ndarray:
        """(J_total,) a value of each observation's evidence, repeated for its observations."""
        return np.concatenate([np.full(len(ev.labels), value(ev)) for ev in self.evidence])

    @cached_property
    def observation_weights(self) -> np.ndarray:
        """(J_total,) each observation's weight in the log-likelihood (Evidence.weight)."""
        return self.per_observation(lambda ev: ev.weight)


@dataclass(frozen=True)
class Evidence:
    """One scenario and its observed decisions, compiled once."""

    scenario: Scenario
    world: World
    labels: tuple[str, ...]  # "DECIDER:CONFLICT" of each observation
    worlds: int | None = None  # at most this many of the fit's worlds (None: all of them)
    weight: float = 1.0  # each observation's weight in the log-likelihood


CORPUS_WORLDS = 4
"""Worlds per parameter vector for a scenario built from the war corpus: its potential joiners
decide at the war's start, where the estimator is exact, and reconsider only when another joins;
a fourth of the fit's worlds keeps the fit on everything under five minutes."""


def war_weight(scenario: Scenario) -> float:
    """Each observation's weight in the log-likelihood: 1, and 1 / (its potential joiners) for
    a war of the corpus, so that a war counts as one observation. Its joiners decide in one
    war, facing the same unrecorded circumstances (the corpus codes none of hostility,
    suspicion, ties, oil, past aid, payment or war load): they are one draw, not dozens of
    independent ones; weighted in full, 1,361 such decisions outvote the 28 decisions whose
    facts are coded."""
    return 1.0 / len(scenario.observed) if from_corpus(scenario) else 1.0


def evidence(scenario: Scenario, source: str = "calibrate") -> Evidence:
    """A scenario's observations, ready to be simulated under any parameters."""
    if not scenario.observed:
        raise InputError(source, "observed", "no observed decisions to calibrate against")
    labels = tuple(f"{o.decider}:{o.conflict}" for o in scenario.observed)
    worlds = CORPUS_WORLDS if from_corpus(scenario) else None
    return Evidence(scenario, compile_world(scenario), labels, worlds, war_weight(scenario))


def problem(scenarios: list[Scenario], sources: list[str] | None = None) -> Problem:
    """The calibration problem over several scenarios; the first one's priors define it."""
    sources = sources or ["calibrate"] * len(scenarios)
    priors = scenarios[0].priors
    if not priors:
        raise InputError(
            sources[0],
            "priors",
            "no priors: name a prior per weight to calibrate ([low, high], "
            "{lognormal: [median, sigma]} or {normal: [mean, sd]}; optionally temperature)",
        )
    first = scenarios[0].choice.temperature
    odd = next((i for i, s in enumerate(scenarios) if s.choice.temperature != first), None)
    if odd is not None and TEMPERATURE not in priors:  # the recorded choices share one
        raise InputError(
            sources[odd],
            "choice.temperature",
            f"{scenarios[odd].choice.temperature:g}, where {sources[0]} has {first:g}: "
            "scenarios calibrated together need one temperature",
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
    """Draws from the priors, (samples, P), from one seeded generator."""
    rng = np.random.default_rng(seed)
    return np.column_stack([p.prior.sample(rng, samples) for p in prob.parameters])
