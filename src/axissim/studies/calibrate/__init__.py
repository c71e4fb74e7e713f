"""Calibration: fit interest weights and the choice temperature to observed decisions.

Two methods, both on the decision kernel:

- `fit` maximises the likelihood of every observed decision under the logit choice. A decision's
  outcome is its peak level over the conflict's active steps (and the side aided at the peak).
  With the other deciders held at their observed behaviour (the state the decider actually
  faced), steps are independent draws, and the probability of the observed peak is exact
  (calibrate.likelihood); only that conditioning approximates the full simulation.
- `abc` samples parameter vectors from the scenario's priors, runs each on the batch engine and
  keeps those whose simulated worlds reproduce every observation (rejection ABC).

Parameters are the weights named in the scenario's `priors` plus, if named there, the
temperature; everything else stays at the scenario's value.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from axissim.engine import interests
from axissim.errors import InputError
from axissim.scenario import Scenario
from axissim.studies.calibrate.ensemble import (
    Ensemble,
    abc,
    identifiability,
    likelihood_ensemble,
    simulated_p_observed,
)
from axissim.studies.calibrate.likelihood import FitResult, fit, observation_log_probabilities
from axissim.studies.calibrate.problem import Problem, labels, problem

__all__ = [
    "Calibration",
    "Ensemble",
    "FitResult",
    "abc",
    "calibrate",
    "fit",
    "identifiability",
    "likelihood_ensemble",
]


METHODS = ("fit", "abc")
VALIDATION_WORLDS = 1000


@dataclass(frozen=True)
class Calibration:
    """Everything a calibration produced: the point estimate, the ensemble, the diagnostics."""

    method: str
    seed: int
    problem: Problem
    theta: np.ndarray  # the point estimate written to weights.yaml
    ensemble: Ensemble
    evidence_table: pd.DataFrame  # per observation: P(observed), by likelihood and simulated
    identifiability: pd.DataFrame

    def _point(self) -> tuple[np.ndarray, np.ndarray]:
        return self.problem.point_values(self.theta, self.problem.scenarios[0])

    @property
    def weights(self) -> dict[str, float]:
        """The full weight vector for the first scenario, calibrated entries replaced."""
        weights = self._point()[0][0]
        return {
            k: round(float(v), 4) for k, v in zip(interests.INTEREST_NAMES, weights, strict=True)
        }

    @property
    def temperature(self) -> float:
        return round(float(self._point()[1][0]), 4)


def evidence_table(prob: Problem, theta: np.ndarray) -> pd.DataFrame:
    """P(observed) per observation: by the likelihood and over simulated worlds."""
    likelihood = np.exp(observation_log_probabilities(prob, theta[None])[0])
    simulated = np.concatenate(
        [
            simulated_p_observed(
                Problem(prob.parameters, (ev.scenario,), (ev,)),
                theta[None],
                VALIDATION_WORLDS,
                ev.scenario.seed,
            )[0]
            for ev in prob.evidence
        ]
    )
    return pd.DataFrame(
        {"observation": labels(prob), "p_likelihood": likelihood, "p_simulated": simulated}
    )


FINALISTS = 20
FINAL_WORLDS = 500


def _best_member(prob: Problem, ensemble: Ensemble, seed: int) -> np.ndarray:
    """The member that reproduces the observations best on fresh worlds.

    Acceptance on a few worlds favours lucky draws, so the FINALISTS members with the highest
    smallest P(observed) are run again on FINAL_WORLDS new seeds and judged on those.
    """
    members = ensemble.members.sort_values("p_observed_min", ascending=False, kind="stable")
    finalists = members[list(prob.names)].to_numpy()[:FINALISTS]
    fresh = simulated_p_observed(prob, finalists, FINAL_WORLDS, seed + ensemble.replicates)
    return finalists[fresh.min(axis=1).argmax()]


def calibrate(
    scenarios: list[Scenario], method: str = "fit", seed: int = 0, sources: list[str] | None = None
) -> Calibration:
    """Calibrate against every observed decision of the scenarios at once.

    fit: the maximum-likelihood point, and as ensemble the prior draws whose every observation
    has likelihood >= 0.5. abc: the ensemble from simulated worlds, and as point the member
    that reproduces the observations best on fresh worlds (see _best_member).
    """
    prob = problem(scenarios, sources)
    if method == "fit":
        point = fit(scenarios, seed=seed, sources=sources).theta
        ensemble = likelihood_ensemble(scenarios, seed=seed, sources=sources)
    elif method == "abc":
        ensemble = abc(scenarios, seed=seed, sources=sources)
        if ensemble.members.empty:
            raise InputError(
                sources[0] if sources else "calibrate",
                "priors",
                "no prior draw reproduced the observations; widen the priors",
            )
        point = _best_member(prob, ensemble, seed)
    else:
        raise ValueError(f"unknown method {method!r}; expected one of {METHODS}")
    return Calibration(
        method,
        seed,
        prob,
        point,
        ensemble,
        evidence_table(prob, point),
        identifiability(prob, ensemble.members),
    )
