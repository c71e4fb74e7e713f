"""The likelihood of the observed decisions: the probability the simulation itself gives them.

A decider's final policy is the option it took at the last moment it decided, a logit choice
given the state it faced then (the kernel draws a fresh leaning at every decision). So the
probability that a world ends in the observed policy is that choice's logit probability, given
the world's path up to that moment; averaged over simulated worlds (common random numbers:
every parameter vector meets the same worlds) it estimates P(observed) without bias and with
far less noise than counting the worlds' final policies. For a decision taken once in a world
that does not change it is exact with a single world. Its standard error, over the worlds'
conditional probabilities, is reported beside it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

import numpy as np
import pandas as pd
from scipy.optimize import minimize

from axissim import bars
from axissim.engine.batch import simulate_points
from axissim.engine.interests import AT
from axissim.engine.world import decision_weights
from axissim.scenario import Scenario
from axissim.scenario.schema import TEMPERATURE
from axissim.studies.calibrate.choices import Choices, own_p, simulate_choices
from axissim.studies.calibrate.problem import Problem, labels, problem

FIT_WORLDS = 16
"""Worlds per parameter vector while fitting: the estimator is exact for decisions taken once
and averages only over the paths of the others for the rest."""
CHUNK = 400
"""Parameter vectors simulated together (memory: CHUNK x worlds worlds at once)."""
ITERATIONS = 200
"""At most this many L-BFGS iterations a round."""
ROUNDS = 20
"""At most this many rounds of simulating the worlds and moving the parameters (fit)."""
TRUST = 0.5
MAX_TRUST = 2.0
"""How far a round may move a parameter on the unconstrained scale, at first and at most: the
reweighted worlds stand for the parameters' own near where they were simulated only."""
SETTLED = 0.03
"""The fit ends when the trust region is narrower than this on the unconstrained scale."""
STEP = 1e-4
"""Finite-difference step on the unconstrained scale, for the likelihood's gradient."""


def world_seeds(seed: int, worlds: int) -> np.ndarray:
    """The common worlds of a calibration: seeds seed * 1_000_003 + 0 .. worlds - 1, so that
    calibrations with different seeds meet different worlds."""
    start = seed * 1_000_003
    return np.arange(start, start + worlds, dtype=np.uint64)


def conditional_p(
    prob: Problem, theta: np.ndarray, seeds: np.ndarray, bar: bars.Bar | None = None
) -> list[np.ndarray]:
    """Per evidence, (N, R, J): each world's conditional probability of each observation, for
    (N, P) parameter vectors on the worlds `seeds` (R,). `bar` advances by the vectors run,
    once per scenario; CHUNK vectors are simulated at a time."""
    theta = np.atleast_2d(theta)
    bar = bar or bars.quiet()
    out = []
    for ev in prob.evidence:
        seeds_ = seeds[: ev.worlds] if ev.worlds else seeds
        part = []
        for start in range(0, len(theta), CHUNK):
            block = theta[start : start + CHUNK]
            weights, temperature = prob.point_values(block, ev.scenario)
            traj = simulate_points(ev.world, weights, temperature, seeds_, rule="logit")
            per_world = np.repeat(decision_weights(ev.world, weights), len(seeds_), axis=0)
            p = own_p(ev, traj, per_world, np.repeat(temperature, len(seeds_)))
            part.append(p.reshape(len(block), len(seeds_), -1))
            bar.update(len(block))
        out.append(np.concatenate(part))
    return out


def p_observed(
    prob: Problem, theta: np.ndarray, seeds: np.ndarray, bar: bars.Bar | None = None
) -> np.ndarray:
    """P(observed) of every observation, (N, J_total), for (N, P) parameter vectors."""
    per_evidence = conditional_p(prob, theta, seeds, bar)
    return np.concatenate([p.mean(axis=1) for p in per_evidence], axis=1)


FLOOR = 1e-9
"""A probability below this counts as this in the log-likelihood (a finite penalty)."""


def log_likelihood(p: np.ndarray, weights: np.ndarray | float = 1.0) -> np.ndarray:
    """Sum over observations of log P(observed), each times its weight (Evidence.weight), (N,)."""
    return (weights * np.log(np.maximum(p, FLOOR))).sum(axis=-1)


def standard_error(p: np.ndarray, worlds: int) -> np.ndarray:
    """The Monte Carlo standard error of a share estimated from `worlds` worlds."""
    return np.sqrt(p * (1 - p) / worlds)


@dataclass(frozen=True)
class FitResult:
    """The most probable parameters (MAP) and what they give each observation."""

    names: tuple[str, ...]
    theta: np.ndarray
    z: np.ndarray  # the same on the unconstrained scale
    log_posterior: float
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


REQUIRED = 0.9
"""The first scenario's observations (the article's) are a hard requirement: the fit is pushed
to give each at least this P (the accepted point must give 0.8, with room for sampling)."""
PENALTY = 2000.0
"""Strength of that push: PENALTY x (log REQUIRED - log P)^2 for each P below REQUIRED."""


def requirement_penalty(p: np.ndarray) -> np.ndarray:
    """(N,) the penalty of (N, J) first-scenario P(observed) that fall short of REQUIRED."""
    short = np.maximum(np.log(REQUIRED) - np.log(np.maximum(p, FLOOR)), 0.0)
    return PENALTY * (short**2).sum(axis=-1)


def posterior(prob: Problem, choices: Choices):
    """The penalised log posterior of (N, P) unconstrained z, (N,), with every observation's
    circumstances held at `choices`: log likelihood + log prior, less the hard requirement's
    penalty on the first scenario's observations."""
    first, weights = len(prob.evidence[0].labels), prob.observation_weights

    def at(z: np.ndarray) -> np.ndarray:
        z = np.atleast_2d(z)
        p = choices.p_observed(prob, prob.values(z))
        return log_likelihood(p, weights) + prob.log_prior(z) - requirement_penalty(p[:, :first])

    return at


def outer(first: int, weights: np.ndarray):
    """f(p) = log likelihood (observations weighted by `weights`) less the hard requirement's
    penalty on the first `first` observations, and df/dp, for one parameter vector's (J,)
    P(observed)."""

    def at(p: np.ndarray) -> tuple[float, np.ndarray]:
        value = float(log_likelihood(p, weights) - requirement_penalty(p[:first]))
        kept = np.maximum(p, FLOOR)
        d_p = weights * (p > FLOOR) / kept
        short = np.maximum(np.log(REQUIRED) - np.log(kept[:first]), 0.0)
        d_p[:first] += 2 * PENALTY * short / kept[:first]
        return value, d_p

    return at


def exact_gradient(prob: Problem, choices: Choices, z: np.ndarray) -> tuple[float, np.ndarray]:
    """-log posterior at z (P,) and its exact gradient (weights only: a calibrated temperature
    falls back to finite differences)."""
    if TEMPERATURE in prob.names:
        return value_and_gradient(posterior(prob, choices), z)
    theta = prob.values(z)[0]
    first = len(prob.evidence[0].labels)
    value, d_weights = choices.gradient(prob, theta, outer(first, prob.observation_weights))
    d_theta = d_weights[[AT[n] for n in prob.names]]
    shifted = z + STEP * np.eye(len(z))
    d_value = (np.diag(prob.values(shifted)) - theta) / STEP  # d theta / d z, one at a time
    d_prior = (prob.log_prior(shifted) - prob.log_prior(z)[0]) / STEP
    return -(value + float(prob.log_prior(z)[0])), -(d_theta * d_value + d_prior)


def value_and_gradient(log_post, z: np.ndarray, step: float = STEP) -> tuple[float, np.ndarray]:
    """-log posterior at z and its gradient by forward differences, all P + 1 points simulated
    together (common worlds: the differences are the parameters' alone)."""
    points = np.vstack([z, z + step * np.eye(len(z))])
    values = log_post(points)
    return -float(values[0]), -(values[1:] - values[0]) / step


def fit(
    scenarios: list[Scenario],
    seed: int = 0,
    sources: list[str] | None = None,
    worlds: int = FIT_WORLDS,
    start: np.ndarray | None = None,
    progress: bars.Progress = bars.quiet,
    rounds: int = ROUNDS,
) -> FitResult:
    """The most probable parameters given the priors and every observation (MAP).

    A trust region on the unconstrained scale, from the priors' centres (or `start`,
    parameter values): simulate the worlds at the current parameters and record their choices
    (calibrate.choices), move within the region by L-BFGS on the reweighted worlds, then
    simulate at the new parameters; keep the move (and widen the region) if the simulated
    posterior there is higher on the same worlds, else shrink the region and try again. Ends
    when the region is narrower than SETTLED or after `rounds` simulations.
    """
    prob = problem(scenarios, sources)
    seeds = world_seeds(seed, worlds)
    z = prob.z(start if start is not None else _centres(prob))[0]
    choices = simulate_choices(prob, prob.values(z)[0], seeds)
    value, trust = float(posterior(prob, choices)(z)[0]), TRUST
    with progress(rounds, "fitting", "round") as bar:
        for _ in range(rounds):
            step = minimize(
                partial(exact_gradient, prob, choices), z, jac=True,
                method="L-BFGS-B", bounds=list(zip(z - trust, z + trust, strict=True)),
                options={"maxiter": ITERATIONS},
            ).x  # fmt: skip
            there = simulate_choices(prob, prob.values(step)[0], seeds)
            new = float(posterior(prob, there)(step)[0])
            bar.update(1)
            if new > value:
                z, choices, value, trust = step, there, new, min(2 * trust, MAX_TRUST)
            else:
                trust /= 2
            if trust < SETTLED:
                break
    theta = prob.values(z)[0]
    observed = pd.Series(choices.p_observed(prob, theta)[0], index=labels(prob))  # as simulated
    return FitResult(prob.names, theta, z, value, observed, worlds)


def _centres(prob: Problem) -> np.ndarray:
    """Each prior's centre: a lognormal's median, a normal's mean, a range's middle."""
    return np.array(
        [p.prior.a if p.prior.kind != "uniform" else (p.prior.a + p.prior.b) / 2
         for p in prob.parameters]
    )  # fmt: skip
