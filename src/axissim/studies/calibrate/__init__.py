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
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from axissim.engine import interests
from axissim.errors import InputError
from axissim.folders import manifest, write_atomic, write_csv, write_manifest, write_text
from axissim.readers.charts.calibration import plot_corner, plot_identifiability
from axissim.scenario import Scenario
from axissim.studies.calibrate.ensemble import (
    Ensemble,
    abc,
    identifiability,
    likelihood_ensemble,
    read_ensemble,
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
    "read_ensemble",
    "write_calibration",
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


def write_calibration(cal: Calibration, folder, sources: list[str]) -> list:
    """weights.yaml, ensemble.parquet, evidence.csv, identifiability.csv, two charts, manifest."""

    folder = Path(folder)
    names = ", ".join(s.name for s in cal.problem.scenarios)
    doc = {
        "note": f"calibrated by axissim calibrate --method {cal.method} --seed {cal.seed} "
        f"against {names}",
        "temperature": cal.temperature,
        "weights": cal.weights,
    }
    members = cal.ensemble.members
    constrained = {
        row.parameter: (row.prior_low, row.prior_high)
        for row in cal.identifiability.head(6).itertuples(index=False)
    }
    files = [
        write_text(folder / "weights.yaml", yaml.safe_dump(doc, sort_keys=False)),
        write_atomic(folder / "ensemble.parquet", lambda tmp: members.to_parquet(tmp)),
        write_csv(folder / "evidence.csv", cal.evidence_table),
        write_csv(folder / "identifiability.csv", cal.identifiability),
    ]
    if len(members) > 1:
        files += [
            plot_identifiability(
                cal.identifiability,
                folder / "identifiability.png",
                f"What the evidence pins down ({len(members)} members)",
            ),
            plot_corner(
                members,
                constrained,
                folder / "corner.png",
                "Accepted parameters: the six the evidence constrains most",
            ),
        ]
    data = manifest(
        cal.problem.scenarios[0],
        sources[0],
        scenario_files=sources,
        method=cal.method,
        seed=cal.seed,
        samples=cal.ensemble.samples,
        members=len(members),
        acceptance_rate=cal.ensemble.acceptance_rate,
        files=[f.name for f in files],
    )
    files.append(write_manifest(folder, data))
    return files
