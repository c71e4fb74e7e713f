"""Ensembles: parameter vectors that reproduce the evidence, how they are found and read."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from axissim import bars
from axissim.scenario import Scenario
from axissim.studies.calibrate.likelihood import p_observed, standard_error, world_seeds
from axissim.studies.calibrate.problem import Problem, prior_draws, problem


@dataclass(frozen=True)
class Ensemble:
    """Accepted parameter vectors (one row per member) and how they were found."""

    members: pd.DataFrame  # columns: the parameter names, then p_observed_min (1,000 worlds)
    samples: int
    replicates: int  # worlds per draw in the first screen
    threshold: float

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
