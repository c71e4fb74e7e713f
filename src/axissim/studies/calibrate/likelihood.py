"""`fit`: the likelihood of the observed decisions under the logit choice, and its maximum."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.optimize import minimize

from axissim.engine import kernel
from axissim.engine.world import decision_weights
from axissim.scenario import Scenario
from axissim.scenario.schema import TEMPERATURE
from axissim.studies.calibrate.problem import Problem, labels, problem

PROBABILITY_FLOOR = 1e-12


TINY = 1e-300  # keeps log() finite where a probability underflows to 0


def _log_peak(p: np.ndarray, active: np.ndarray, side: np.ndarray) -> np.ndarray:
    """log P(peak = r and the side aided when it is first reached is `side`), (N, J, levels).

    p is (N, J, T, O), the option probabilities per step; side -1 takes either side. Steps are
    independent given the state; summing over the step t that first reaches r,
    P = sum_t prod_{t' < t} P(level < r) * P(level r to side at t) * prod_{t' > t} P(level <= r).
    Inactive steps choose nothing and count as probability 1.
    """
    by_level = np.concatenate(
        [p[..., :1], p[..., 1 : 1 + kernel.LADDER] + p[..., 1 + kernel.LADDER :]], axis=-1
    )  # (N, J, T, levels): P(level r, either side)
    at_most = np.cumsum(by_level, axis=-1)
    below = at_most - by_level
    first = np.zeros_like(by_level)  # P(level r to the observed side); none needs no side
    first[..., 0] = by_level[..., 0]
    for j, s in enumerate(side):
        if s < 0:  # either side will do
            first[:, j, :, 1:] = by_level[:, j, :, 1:]
        else:
            first[:, j, :, 1:] = p[:, j, :, 1 + s * kernel.LADDER : 1 + (s + 1) * kernel.LADDER]
    idle = ~active[None, :, :, None]
    log_at_most = np.where(idle, 0.0, np.log(np.maximum(at_most, TINY)))
    log_below = np.where(idle, 0.0, np.log(np.maximum(below, TINY)))
    log_first = np.where(idle, -np.inf, np.log(np.maximum(first, TINY)))
    before = np.cumsum(log_below, axis=2) - log_below  # exclusive prefix over steps
    after = np.cumsum(log_at_most[:, :, ::-1], axis=2)[:, :, ::-1] - log_at_most  # suffix
    terms = before + log_first + after  # (N, J, T, levels)
    top = terms.max(axis=2, keepdims=True)
    top = np.where(np.isfinite(top), top, 0.0)  # a level no step can reach: log 0, not NaN
    with np.errstate(divide="ignore"):
        return (top + np.log(np.exp(terms - top).sum(axis=2, keepdims=True)))[:, :, 0]


def observation_log_probabilities(prob: Problem, theta: np.ndarray) -> np.ndarray:
    """log P(observed) of every observation, (N, J_total), for (N, P) parameter vectors.

    The observation holds when the peak level lies in its range and, above none, the side aided
    at the peak is the observed beneficiary's: the rule the simulated outcomes use. Floored at
    PROBABILITY_FLOOR so that an impossible observation stays a finite penalty.
    """
    out = []
    for ev in prob.evidence:
        weights, temperature = prob.point_values(theta, ev.scenario)
        w = decision_weights(ev.world, weights)[:, ev.decision]  # (N, J, K)
        util = np.einsum("jtok,njk->njto", ev.terms, w)
        z = util / temperature[:, None, None, None]
        z -= z.max(axis=-1, keepdims=True)
        weight = np.exp(z)
        p = weight / weight.sum(axis=-1, keepdims=True)  # (N, J, T, O)
        peak = _log_peak(p, ev.active, ev.side)
        with np.errstate(divide="ignore"):
            log_obs = np.logaddexp.reduce(np.where(ev.in_range[None], peak, -np.inf), axis=-1)
        out.append(np.maximum(log_obs, np.log(PROBABILITY_FLOOR)))
    return np.concatenate(out, axis=1)


@dataclass(frozen=True)
class FitResult:
    """Fitted parameters, their log-likelihood, and each observation's P(observed)."""

    names: tuple[str, ...]
    theta: np.ndarray
    log_likelihood: float
    p_observed: pd.Series  # label -> P(observed) under the fitted parameters
    starts: int

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


def _start_points(prob: Problem, starts: int, seed: int) -> np.ndarray:
    """The scenario's own values (clipped into the bounds) and seeded uniform draws."""
    first = np.array([p.baseline for p in prob.parameters])
    rng = np.random.default_rng(seed)
    draws = prob.low + (prob.high - prob.low) * rng.random((starts - 1, len(prob.names)))
    return np.vstack([np.clip(first, prob.low, prob.high), draws])


def fit(
    scenarios: list[Scenario], seed: int = 0, starts: int = 8, sources: list[str] | None = None
) -> FitResult:
    """Maximum-likelihood weights (and temperature) within the priors' bounds.

    L-BFGS-B from several seeded starting points; the best optimum wins.
    """
    prob = problem(scenarios, sources)

    def negative_log_likelihood(theta: np.ndarray) -> float:
        return -float(observation_log_probabilities(prob, theta).sum())

    best = None
    bounds = list(zip(prob.low, prob.high, strict=True))
    for x0 in _start_points(prob, starts, seed):
        res = minimize(negative_log_likelihood, x0, method="L-BFGS-B", bounds=bounds)
        if best is None or res.fun < best.fun:
            best = res
    theta = np.clip(best.x, prob.low, prob.high)
    p = np.exp(observation_log_probabilities(prob, theta)[0])
    return FitResult(prob.names, theta, -float(best.fun), pd.Series(p, index=labels(prob)), starts)
