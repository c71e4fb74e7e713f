"""Out of sample: for each fold of wars, fit the weights without the fold's wars and predict
the fold's cases with them.

`fit(scenarios, seed=0)` returns an object with `weights` (a mapping of fitted weights) and
`temperature` (or None). The command's is `axissim.studies.calibrate.fold_fit`: the article
(scenarios/iran_2025.yaml, whose priors define the fit), the training wars and the history
cases, fitted together from the priors' centres.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pandas as pd

from axissim.scenario import Scenario
from axissim.studies.backtest import fitted_members
from axissim.studies.corpus.predict import War, predict_wars

Fit = Callable[..., Any]
Progress = Callable[[str], None]


def duration(seconds: float) -> str:
    """'2h 05m', '4m 10s', '12.3 s'."""
    if seconds < 60:
        return f"{seconds:.1f} s"
    minutes, secs = divmod(round(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h {minutes:02d}m" if hours else f"{minutes}m {secs:02d}s"


def refit(
    wars: list[War],
    cases: pd.DataFrame,
    article: Scenario,
    fit: Fit,
    replicates: int,
    seed: int | None = None,
    progress: Progress = lambda message: None,
    clock: Callable[[], float] = time.monotonic,
) -> tuple[pd.Series, pd.DataFrame]:
    """`p_refit` for every case (by the cases' `fold`), and one row per fold: its wars and
    cases, the training wars, the seconds the fit and the prediction took, the fitted
    temperature and weights (fit_*)."""
    by_number = {war.number: war for war in wars}
    p_refit = pd.Series(float("nan"), index=cases.index, name="p_refit")
    rows = []
    folds = sorted(set(cases.fold))
    started = clock()
    for i, fold in enumerate(folds):
        test = cases.fold == fold
        held_out = sorted(set(cases.war[test]))
        training = sorted(set(cases.war[~test]))
        progress(
            f"refit fold {i + 1}/{len(folds)}: fitting on {len(training)} wars with the "
            f"article and the history cases, to predict {len(held_out)} "
            f"war{'s' * (len(held_out) != 1)} ({int(test.sum())} cases)"
        )
        begun = clock()
        fitted = fit([article, *(by_number[n].scenario for n in training)], seed=0)
        fitted_at = clock()
        points = {
            n: fitted_members(by_number[n].scenario, fitted.weights, fitted.temperature)
            for n in held_out
        }
        predicted = predict_wars(
            wars, cases[test], replicates, seed, lambda war, points=points: points[war.number]
        )
        p_refit[test] = predicted.p_model
        done = clock()
        rows.append(
            {
                "fold": fold,
                "wars": " ".join(map(str, held_out)),
                "cases": int(test.sum()),
                "training_wars": len(training),
                "fit_seconds": fitted_at - begun,
                "predict_seconds": done - fitted_at,
                "fit_temperature": fitted.temperature,
                **{f"fit_{k}": v for k, v in fitted.weights.items()},
            }
        )
        left = (done - started) / (i + 1) * (len(folds) - i - 1)
        progress(
            f"refit fold {i + 1}/{len(folds)} done in {duration(done - begun)}"
            + (f"; about {duration(left)} left" if left else "")
        )
    return p_refit, pd.DataFrame(rows)
