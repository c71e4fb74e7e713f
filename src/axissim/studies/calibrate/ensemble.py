"""Ensembles: parameter vectors that reproduce the evidence, how they are found and read."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

import numpy as np
import pandas as pd

from axissim import bars
from axissim.scenario import Scenario
from axissim.studies.calibrate.choices import simulate_choices
from axissim.studies.calibrate.likelihood import (
    FitResult,
    exact_gradient,
    p_observed,
    standard_error,
    world_seeds,
)
from axissim.studies.calibrate.problem import Problem, prior_draws, problem


@dataclass(frozen=True)
class Ensemble:
    """Accepted parameter vectors (one row per member) and how they were found."""

    members: pd.DataFrame  # columns: the parameter names, then p_observed_min (1,000 worlds)
    samples: int
    replicates: int  # worlds per draw in the first screen
    threshold: float

    @property
    def empty(self) -> bool:
        return self.members.empty

    @property
    def acceptance_rate(self) -> float:
        return len(self.members) / self.samples


SAMPLES = 40_000
SCREEN_WORLDS = 64
VALIDATION_WORLDS = 1000
THRESHOLD = 0.5
MARGIN = 3
"""A member is kept when P(observed) on the validation worlds clears the threshold by this many
standard errors (0.047 at 0.5 over 1,000 worlds), so that it still clears the threshold on
worlds it has never met."""


def ensemble(
    scenarios: list[Scenario],
    seed: int = 0,
    samples: int = SAMPLES,
    replicates: int = SCREEN_WORLDS,
    threshold: float = THRESHOLD,
    sources: list[str] | None = None,
    progress: bars.Progress = bars.quiet,
) -> Ensemble:
    """Prior draws whose simulated worlds reproduce every observation (rejection ABC).

    Every draw runs on the same `replicates` worlds; those that reproduce each observation in
    at least `threshold` of them are run again on VALIDATION_WORLDS fresh worlds and kept if
    they clear the threshold there by MARGIN standard errors: every member's P(observed) is at
    least `threshold` on any 1,000 worlds, up to chance.
    """
    prob = problem(scenarios, sources)
    theta = prior_draws(prob, samples, seed)
    per_draw = len(prob.evidence)  # a draw is run once per scenario
    with progress(len(theta) * per_draw, "screening prior draws", "draw") as bar:
        screened = p_observed(prob, theta, world_seeds(seed, replicates), bar)
    candidates = theta[(screened >= threshold).all(axis=1)]
    fresh = world_seeds(seed + 1, VALIDATION_WORLDS)
    with progress(len(candidates) * per_draw, "validating candidates", "draw") as bar:
        checked = p_observed(prob, candidates, fresh, bar) if len(candidates) else np.zeros((0, 1))
    keep = (checked - MARGIN * standard_error(threshold, VALIDATION_WORLDS) >= threshold).all(
        axis=1
    )
    members = pd.DataFrame(candidates[keep], columns=list(prob.names))
    members["p_observed_min"] = checked[keep].min(axis=1) if keep.any() else []
    return Ensemble(members, samples, replicates, threshold)


DRAWS = 500
"""Draws from the posterior's normal approximation, before the hard requirement filters them
(each is checked on 1,000 worlds of the first scenario: 500 draws take about a minute)."""


def hessian(gradient, z: np.ndarray, step: float = 1e-3) -> np.ndarray:
    """The Hessian of -log posterior at z, by central differences of its gradient
    (`gradient(z)` returns the value and the gradient, likelihood.exact_gradient)."""
    columns = []
    for i in range(len(z)):
        shift = step * np.eye(len(z))[i]
        columns.append((gradient(z + shift)[1] - gradient(z - shift)[1]) / (2 * step))
    h = np.array(columns)
    return (h + h.T) / 2


def laplace(
    scenarios: list[Scenario],
    point: FitResult,
    seed: int = 0,
    draws: int = DRAWS,
    threshold: float = THRESHOLD,
    sources: list[str] | None = None,
    progress: bars.Progress = bars.quiet,
) -> Ensemble:
    """Draws from the posterior's normal approximation around the most probable point, kept
    when they reproduce the first scenario's observations (the hard requirement) in at least
    `threshold` of VALIDATION_WORLDS worlds, by MARGIN standard errors.

    The covariance is the inverse Hessian of -log posterior on the unconstrained scale, its
    eigenvalues floored so that a direction the evidence does not constrain keeps the prior's
    spread at most.
    """
    prob = problem(scenarios, sources)
    choices = simulate_choices(prob, point.theta, world_seeds(seed, point.worlds))
    values, vectors = np.linalg.eigh(hessian(partial(exact_gradient, prob, choices), point.z))
    prior_var = np.array([p.prior.z_sd() for p in prob.parameters]).max() ** 2
    covariance = (vectors / np.maximum(values, 1.0 / prior_var)) @ vectors.T
    rng = np.random.default_rng(seed)
    z = rng.multivariate_normal(point.z, covariance, size=draws, method="eigh")
    theta = prob.values(z)
    first = problem(scenarios[:1], sources[:1] if sources else None)
    fresh = world_seeds(seed + 1, VALIDATION_WORLDS)
    with progress(len(theta), "validating posterior draws", "draw") as bar:
        checked = p_observed(first, theta, fresh, bar)
    margin = MARGIN * standard_error(threshold, VALIDATION_WORLDS)
    keep = (checked - margin >= threshold).all(axis=1)
    members = pd.DataFrame(theta[keep], columns=list(prob.names))
    members["p_observed_min"] = checked[keep].min(axis=1) if keep.any() else []
    return Ensemble(members, draws, VALIDATION_WORLDS, threshold)


def identifiability(prob: Problem, members: pd.DataFrame) -> pd.DataFrame:
    """Posterior spread against prior spread, per parameter, on the unconstrained scale.

    shrinkage = posterior sd / prior sd: below 0.5 the evidence pins the parameter down, below
    0.8 it constrains it partly, otherwise it leaves it free.
    """
    z = prob.z(members[list(prob.names)].to_numpy()) if len(members) else None
    rows = []
    for p, parameter in enumerate(prob.parameters):
        values = members[parameter.name].to_numpy()
        sd = float(z[:, p].std(ddof=1)) if len(values) > 1 else float("nan")
        shrink = sd / parameter.prior.z_sd()
        q05, q50, q95 = np.quantile(values, [0.05, 0.5, 0.95]) if len(values) else [np.nan] * 3
        rows.append(
            {
                "parameter": parameter.name,
                "prior": parameter.prior.text(),
                "prior_low": parameter.low,
                "prior_high": parameter.high,
                "posterior_mean": float(values.mean()) if len(values) else float("nan"),
                "posterior_q05": float(q05),
                "posterior_q50": float(q50),
                "posterior_q95": float(q95),
                "shrinkage": shrink,
                "verdict": "pinned down"
                if shrink < 0.5
                else "partly constrained"
                if shrink < 0.8
                else "free",
            }
        )
    return pd.DataFrame(rows).sort_values("shrinkage", kind="stable", ignore_index=True)
