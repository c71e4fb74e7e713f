"""The likelihood of the observed decisions: the probability the simulation itself gives them.

A parameter vector is scored by running it on the batch engine over a fixed set of worlds
(common random numbers: every vector meets the same private leanings) and counting, per
observed decision, the share of worlds whose policy reproduces it. What the fit accepts is
therefore exactly what `axissim run` reproduces, up to the Monte Carlo error of the worlds
used, sqrt(p (1 - p) / worlds), which every table reports beside the estimate.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.optimize import differential_evolution

from axissim import bars
from axissim.engine.batch import simulate_points
from axissim.engine.outcomes import observation_hits
from axissim.scenario import Scenario
from axissim.scenario.schema import TEMPERATURE
from axissim.studies.calibrate.problem import Problem, labels, problem

FIT_WORLDS = 200
"""Worlds per parameter vector while fitting: a standard error of at most 0.035 per P."""
GENERATIONS = 60
POPULATION = 8
"""Differential evolution: POPULATION x parameters vectors per generation, GENERATIONS of them."""
CHUNK = 400
"""Parameter vectors simulated together (memory: CHUNK x worlds worlds at once)."""


def world_seeds(seed: int, worlds: int) -> np.ndarray:
    """The common worlds of a calibration: seeds seed * 1_000_003 + 0 .. worlds - 1, so that
    calibrations with different seeds meet different worlds."""
    start = seed * 1_000_003
    return np.arange(start, start + worlds, dtype=np.uint64)


def p_observed(
    prob: Problem, theta: np.ndarray, seeds: np.ndarray, bar: bars.Bar | None = None
) -> np.ndarray:
    """P(observed) of every observation, (N, J), for (N, P) parameter vectors: the share of
    the worlds with `seeds` whose policies reproduce it. `bar` advances by the vectors run,
    once per scenario."""
    theta = np.atleast_2d(theta)
    bar = bar or bars.quiet()
    out = []
    for ev in prob.evidence:
        part = []
        for start in range(0, len(theta), CHUNK):
            block = theta[start : start + CHUNK]
            weights, temperature = prob.point_values(block, ev.scenario)
            traj = simulate_points(ev.world, weights, temperature, seeds, rule="logit")
            hits = observation_hits(ev.world, traj)  # (n * R, J)
            part.append(hits.reshape(len(block), len(seeds), -1).mean(axis=1))
            bar.update(len(block))
        out.append(np.concatenate(part))
    return np.concatenate(out, axis=1)


def log_likelihood(p: np.ndarray, worlds: int) -> np.ndarray:
    """Sum over observations of log P(observed), (N,); a share of 0 counts as half a world."""
    return np.log(np.maximum(p, 0.5 / worlds)).sum(axis=-1)


def standard_error(p: np.ndarray, worlds: int) -> np.ndarray:
    """The Monte Carlo standard error of a share estimated from `worlds` worlds."""
    return np.sqrt(p * (1 - p) / worlds)


@dataclass(frozen=True)
class FitResult:
    """Fitted parameters, their simulated log-likelihood and each observation's P(observed)."""

    names: tuple[str, ...]
    theta: np.ndarray
    log_likelihood: float
    p_observed: pd.Series  # label -> P(observed) under the fitted parameters
    worlds: int

    @property
    def weights(self) -> dict[str, float]:
        return {
            n: float(v) for n, v in zip(self.names, self.theta, strict=True) if n != TEMPERATURE
        }

    @property
    def temperature(self) -> float | None:
        return (
            float(self.theta[self.names.index(TEMPERATURE)]) if TEMPERATURE in self.names else None
        )


def fit(
    scenarios: list[Scenario],
    seed: int = 0,
    sources: list[str] | None = None,
    worlds: int = FIT_WORLDS,
    generations: int = GENERATIONS,
    progress: bars.Progress = bars.quiet,
) -> FitResult:
    """The parameters of highest simulated likelihood within the priors' bounds.

    Differential evolution (scipy, seeded), a whole generation simulated at once; the
    likelihood is a step function of the parameters (worlds are counted), which a population
    search handles where gradients would not. The scenario's own values are one starting point.
    """
    prob = problem(scenarios, sources)
    seeds = world_seeds(seed, worlds)

    def negative(population: np.ndarray) -> np.ndarray:  # (P, S) -> (S,)
        return -log_likelihood(p_observed(prob, population.T, seeds), worlds)

    size = POPULATION * len(prob.parameters)
    rng = np.random.default_rng(seed)
    start = prob.low + (prob.high - prob.low) * rng.random((size, len(prob.parameters)))
    start[0] = np.clip([p.baseline for p in prob.parameters], prob.low, prob.high)
    bar = progress(generations, "fitting", "generation")

    def generation(*_, **__) -> None:  # returns None: a true value would stop the search
        bar.update(1)

    result = differential_evolution(
        negative,
        list(zip(prob.low, prob.high, strict=True)),
        init=start,
        maxiter=generations,
        seed=seed,
        polish=False,
        vectorized=True,
        updating="deferred",
        tol=0.0,
        callback=generation,
    )
    bar.close()
    theta = np.clip(result.x, prob.low, prob.high)
    p = p_observed(prob, theta, seeds)[0]
    observed = pd.Series(p, index=labels(prob))
    return FitResult(prob.names, theta, -float(result.fun), observed, worlds)
