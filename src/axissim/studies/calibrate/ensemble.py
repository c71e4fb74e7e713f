"""Ensembles: parameter vectors that reproduce the evidence, how they are found and read."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from axissim.engine.batch import simulate_points
from axissim.engine.outcomes import observation_hits
from axissim.scenario import Scenario
from axissim.studies.calibrate.likelihood import observation_log_probabilities
from axissim.studies.calibrate.problem import Problem, prior_draws, problem


@dataclass(frozen=True)
class Ensemble:
    """Accepted parameter vectors (one row per member) and how they were found."""

    members: pd.DataFrame  # columns: the parameter names, then p_observed_min
    samples: int
    replicates: int
    threshold: float

    @property
    def acceptance_rate(self) -> float:
        return len(self.members) / self.samples


def likelihood_ensemble(
    scenarios: list[Scenario],
    seed: int = 0,
    samples: int = 200_000,
    threshold: float = 0.5,
    chunk: int = 5_000,
    sources: list[str] | None = None,
) -> Ensemble:
    """Prior draws under which every observation has likelihood >= threshold.

    The same acceptance rule as `abc`, judged by the exact likelihood instead of a handful of
    simulated worlds: no simulation noise, and fast enough for hundreds of thousands of draws.
    """
    prob = problem(scenarios, sources)
    theta = prior_draws(prob, samples, seed)
    return _accept(
        theta,
        samples,
        0,
        threshold,
        chunk,
        lambda block: np.exp(observation_log_probabilities(prob, block)),
        prob,
    )


def _accept(theta, samples, replicates, threshold, chunk, p_observed, prob) -> Ensemble:
    """Keep the draws whose every observation has P(observed) >= threshold."""
    kept, worst = [], []
    for start in range(0, len(theta), chunk):
        block = theta[start : start + chunk]
        p = p_observed(block)
        ok = (p >= threshold).all(axis=1)
        kept.append(block[ok])
        worst.append(p[ok].min(axis=1))
    members = pd.DataFrame(np.vstack(kept), columns=list(prob.names))
    members["p_observed_min"] = np.concatenate(worst)
    return Ensemble(members, samples, replicates, threshold)


def simulated_p_observed(prob: Problem, theta: np.ndarray, replicates: int, seed: int):
    """P(observed) of every observation over `replicates` worlds per parameter vector, (N, J).

    Worlds of every vector use seeds seed .. seed + replicates - 1 (common random numbers).
    """
    out = []
    for ev in prob.evidence:
        weights, temperature = prob.point_values(theta, ev.scenario)
        seeds = np.arange(seed, seed + replicates, dtype=np.uint64)
        traj = simulate_points(ev.world, weights, temperature, seeds, rule="logit")
        hits = observation_hits(ev.world, traj)  # (N * R, J)
        out.append(hits.reshape(len(theta), replicates, -1).mean(axis=1))
    return np.concatenate(out, axis=1)


def abc(
    scenarios: list[Scenario],
    seed: int = 0,
    samples: int = 40_000,
    replicates: int = 32,
    threshold: float = 0.5,
    chunk: int = 2_000,
    sources: list[str] | None = None,
) -> Ensemble:
    """Rejection ABC: keep prior draws whose worlds reproduce every observation.

    A draw is accepted when, over `replicates` simulated worlds, each observation is reproduced
    in at least `threshold` of them.
    """
    prob = problem(scenarios, sources)
    theta = prior_draws(prob, samples, seed)
    return _accept(
        theta,
        samples,
        replicates,
        threshold,
        chunk,
        lambda block: simulated_p_observed(prob, block, replicates, seed),
        prob,
    )


def identifiability(prob: Problem, members: pd.DataFrame) -> pd.DataFrame:
    """Posterior spread against prior spread, per parameter.

    shrinkage = posterior sd / prior sd (uniform prior): below 0.5 the evidence pins the
    parameter down, below 0.8 it constrains it partly, otherwise it leaves it free.
    """
    rows = []
    for p, name in enumerate(prob.names):
        values = members[name].to_numpy()
        sd = float(values.std(ddof=1)) if len(values) > 1 else float("nan")
        shrink = sd / prob.prior_sd[p]
        rows.append(
            {
                "parameter": name,
                "prior_low": prob.low[p],
                "prior_high": prob.high[p],
                "posterior_mean": float(values.mean()) if len(values) else float("nan"),
                "posterior_q05": float(np.quantile(values, 0.05)) if len(values) else float("nan"),
                "posterior_q50": float(np.quantile(values, 0.50)) if len(values) else float("nan"),
                "posterior_q95": float(np.quantile(values, 0.95)) if len(values) else float("nan"),
                "shrinkage": shrink,
                "verdict": "pinned down"
                if shrink < 0.5
                else "partly constrained"
                if shrink < 0.8
                else "free",
            }
        )
    return pd.DataFrame(rows).sort_values("shrinkage", kind="stable", ignore_index=True)
