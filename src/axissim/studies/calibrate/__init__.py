"""Calibration: fit interest weights (and, if a prior names it, the temperature) to observed
decisions, with priors as distributions (engine.priors).

Both methods score parameters by the simulation itself: the probability it gives each observed
decision (calibrate.likelihood).

- `fit`: the most probable parameters (MAP) by a trust region on the simulated choices,
  reweighted by likelihood ratios with an exact gradient (calibrate.choices); its ensemble is
  draws from the posterior's normal approximation that reproduce the first scenario's
  observations in at least half of 1,000 fresh worlds (calibrate.ensemble.laplace).
- `abc`: rejection from the priors, every observation reproduced in half the worlds (for small
  problems), and as point the member best on fresh worlds.

Parameters are the weights named in the first scenario's `priors` plus, if named there, the
temperature; the rest stay as they are.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from axissim import bars
from axissim.engine import interests
from axissim.errors import InputError
from axissim.scenario import Scenario
from axissim.studies.calibrate.ensemble import (
    SAMPLES,
    VALIDATION_WORLDS,
    Ensemble,
    ensemble,
    identifiability,
    laplace,
)
from axissim.studies.calibrate.likelihood import (
    FitResult,
    fit,
    p_observed,
    standard_error,
    world_seeds,
)
from axissim.studies.calibrate.problem import Problem, labels, problem

__all__ = [
    "Calibration",
    "Ensemble",
    "FitResult",
    "calibrate",
    "ensemble",
    "fit",
    "fold_fit",
    "identifiability",
]


METHODS = ("fit", "abc")


@dataclass(frozen=True)
class Calibration:
    """Everything a calibration produced: the point estimate, the ensemble, the diagnostics."""

    method: str
    seed: int
    problem: Problem
    theta: np.ndarray  # the point estimate written to weights.yaml
    ensemble: Ensemble
    evidence_table: pd.DataFrame  # per observation: P(observed) on fresh worlds, its error
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


def evidence_table(prob: Problem, theta: np.ndarray, seed: int) -> pd.DataFrame:
    """P(observed) per observation over VALIDATION_WORLDS fresh worlds (a corpus war's over the
    fewer worlds its evidence takes, problem.CORPUS_WORLDS), with its standard error."""
    p = p_observed(prob, theta[None], world_seeds(seed + 2, VALIDATION_WORLDS))[0]
    worlds = prob.per_observation(lambda ev: min(ev.worlds or VALIDATION_WORLDS, VALIDATION_WORLDS))
    return pd.DataFrame(
        {
            "observation": labels(prob),
            "p_observed": p,
            "standard_error": standard_error(p, worlds),
        }
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
    fresh = p_observed(prob, finalists, world_seeds(seed + 3, FINAL_WORLDS))
    return finalists[fresh.min(axis=1).argmax()]


POINT_REQUIRED = 0.8
"""The point estimate must give each of the first scenario's observations at least this P on
fresh worlds (the hard requirement; the fit aims at likelihood.REQUIRED, with room)."""


def _point_meeting_requirement(
    prob: Problem, theta: np.ndarray, accepted: Ensemble, seed: int
) -> tuple[np.ndarray, pd.DataFrame]:
    """The fit's point and its evidence table, or, when the point misses the hard requirement
    on fresh worlds, the ensemble member that meets it best and its table. The fit sees
    FIT_WORLDS worlds only: where the posterior is flat it can settle on a lucky draw."""
    table = evidence_table(prob, theta, seed)
    first = len(prob.evidence[0].labels)
    if table.p_observed[:first].min() >= POINT_REQUIRED or accepted.empty:
        return theta, table
    point = _best_member(prob, accepted, seed)
    return point, evidence_table(prob, point, seed)


def calibrate(
    scenarios: list[Scenario],
    method: str = "fit",
    seed: int = 0,
    sources: list[str] | None = None,
    samples: int = SAMPLES,
    progress: bars.Progress = bars.quiet,
) -> Calibration:
    """Calibrate against every observed decision of the scenarios at once.

    fit: the most probable point given the priors (MAP), and as ensemble draws from the
    posterior's normal approximation that meet the hard requirement (calibrate.ensemble.laplace);
    should the MAP miss the requirement on fresh worlds, the member that meets it best.
    abc: rejection from the priors (`samples` draws, every observation reproduced in half the
    worlds: for small problems), and as point the member best on fresh worlds. `progress`
    shows each stage's work done and time left.
    """
    if method not in METHODS:
        raise ValueError(f"unknown method {method!r}; expected one of {METHODS}")
    prob = problem(scenarios, sources)
    if method == "fit":
        result = fit(scenarios, seed=seed, sources=sources, progress=progress)
        accepted = laplace(scenarios, result, seed, sources=sources, progress=progress)
        point, table = _point_meeting_requirement(prob, result.theta, accepted, seed)
    elif (accepted := ensemble(scenarios, seed, samples, sources=sources, progress=progress)).empty:
        raise InputError(
            sources[0] if sources else "calibrate",
            "priors",
            "no prior draw reproduced the observations; widen the priors",
        )
    else:
        point = _best_member(prob, accepted, seed)
        table = evidence_table(prob, point, seed)
    return Calibration(
        method,
        seed,
        prob,
        point,
        accepted,
        table,
        identifiability(prob, accepted.members),
    )


def fold_fit(article: Scenario, rest: list[Scenario], source: str = "calibrate"):
    """`fit(scenarios, seed=0)` for an out-of-sample back-test, where `scenarios` is the article
    and what a fold leaves in of one kind of evidence (the history cases, or the corpus's wars),
    and `rest` the other kind: the calibration on everything less the fold, fitted as the shipped
    calibration is, from the priors' centres to the end. A fold never starts from a point found
    with other evidence: the posterior has more than one peak, and a fit started at the peak of
    part of the evidence stays near it (one fold measured: log posterior -113.7 from the peak
    of the article and the corpus, -84.2 from the priors' centres). `source` names the
    article's file in errors."""

    def fit_fold(scenarios: list[Scenario], seed: int = 0) -> FitResult:
        together = [*scenarios, *rest]
        names = [source, *(s.name for s in together[1:])]
        return fit(together, seed=seed, sources=names)

    return fit_fold
