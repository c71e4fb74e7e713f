"""Scores of predicted probabilities for a yes/no outcome, and the structural baseline a theory
of joining wars has to beat: a logistic regression on the corpus's features, scored out of
sample with folds grouped by war (so no war is both fitted and scored).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.optimize import minimize
from scipy.stats import rankdata

from axissim.data.corpus import FEATURES

EPS = 1e-12
"""Probabilities are clipped to [EPS, 1 - EPS] in the log loss, so a sure miss is finite."""
L2 = 1.0
"""Ridge penalty on the standardised coefficients (not the intercept): 0.5 * L2 * |w|^2."""
ERA_SPLIT = 1945


def auc(outcome, predicted) -> float:
    """Area under the ROC curve: the chance a random positive scores above a random negative,
    ties counting one half (Mann-Whitney U with mid-ranks). NaN without both classes."""
    y = np.asarray(outcome, dtype=bool)
    ranks = rankdata(np.asarray(predicted, dtype=float))
    positives, negatives = int(y.sum()), int((~y).sum())
    if not positives or not negatives:
        return float("nan")
    u = ranks[y].sum() - positives * (positives + 1) / 2
    return float(u / (positives * negatives))


def brier(outcome, predicted) -> float:
    """Mean squared difference between the predicted probability and the 0/1 outcome."""
    y, p = np.asarray(outcome, dtype=float), np.asarray(predicted, dtype=float)
    return float(np.mean((p - y) ** 2))


def log_loss(outcome, predicted) -> float:
    """Mean negative log-likelihood (natural log) of the outcomes under the predictions."""
    y = np.asarray(outcome, dtype=float)
    p = np.clip(np.asarray(predicted, dtype=float), EPS, 1 - EPS)
    return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))


def reliability(outcome, predicted, bins: int = 10) -> pd.DataFrame:
    """Predicted against observed frequency in equal-width bins of the predicted probability
    (the last bin includes 1); empty bins are left out."""
    y, p = np.asarray(outcome, dtype=float), np.asarray(predicted, dtype=float)
    index = np.minimum((p * bins).astype(int), bins - 1)
    frame = pd.DataFrame({"bin": index, "predicted": p, "observed": y})
    table = frame.groupby("bin").agg(
        n=("observed", "size"), predicted=("predicted", "mean"), observed=("observed", "mean")
    )
    table.insert(0, "low", table.index / bins)
    table.insert(1, "high", (table.index + 1) / bins)
    return table.reset_index(drop=True)


def group_folds(groups, k: int = 10, seed: int = 0) -> np.ndarray:
    """A fold number (0..k-1) per row such that each group (a war) lies in one fold: the
    distinct groups, sorted then shuffled by `seed`, are dealt to the folds in turn."""
    labels = np.asarray(groups)
    distinct = np.unique(labels)
    order = np.random.default_rng(seed).permutation(len(distinct))
    fold_of = dict(zip(distinct[order].tolist(), np.arange(len(distinct)) % k, strict=True))
    return np.array([fold_of[g] for g in labels.tolist()], dtype=int)


@dataclass(frozen=True)
class Logistic:
    """A fitted logistic regression on standardised features."""

    mean: np.ndarray
    scale: np.ndarray
    intercept: float
    coef: np.ndarray

    def predict(self, x) -> np.ndarray:
        z = (np.asarray(x, dtype=float) - self.mean) / self.scale
        return 1.0 / (1.0 + np.exp(-(self.intercept + z @ self.coef)))


def fit_logistic(x, y, l2: float = L2) -> Logistic:
    """Penalised maximum likelihood (L-BFGS with the exact gradient, scipy).

    Features are standardised by their training mean and standard deviation (a constant one
    keeps scale 1); the ridge penalty applies to the coefficients, not the intercept.
    """
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale == 0] = 1.0
    z = np.column_stack([np.ones(len(x)), (x - mean) / scale])
    penalty = np.r_[0.0, np.full(x.shape[1], l2)]

    def loss(beta: np.ndarray) -> tuple[float, np.ndarray]:
        eta = z @ beta
        nll = np.sum(np.logaddexp(0.0, eta) - y * eta) + 0.5 * np.sum(penalty * beta**2)
        grad = z.T @ (1.0 / (1.0 + np.exp(-eta)) - y) + penalty * beta
        return nll, grad

    result = minimize(loss, np.zeros(z.shape[1]), jac=True, method="L-BFGS-B")
    return Logistic(mean, scale, float(result.x[0]), result.x[1:])


def out_of_sample(x, y, folds: np.ndarray, l2: float = L2) -> tuple[np.ndarray, np.ndarray]:
    """Predictions for each row from a logistic regression and from the base rate, both fitted
    on the other folds only."""
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    model_p, base_p = np.empty(len(y)), np.empty(len(y))
    for fold in np.unique(folds):
        test = folds == fold
        model_p[test] = fit_logistic(x[~test], y[~test], l2).predict(x[test])
        base_p[test] = y[~test].mean()
    return model_p, base_p


def baseline(
    corpus: pd.DataFrame, outcome: str = "joined_target", k: int = 10, seed: int = 0
) -> dict[str, float]:
    """The logistic baseline on the corpus's FEATURES, scored out of sample with k folds
    grouped by war, beside the base rate scored the same way. `outcome` is a bool column:
    joined_target (joined the attacked side, as ../shared/data/README.md) or joined."""
    y = corpus[outcome].to_numpy(dtype=float)
    folds = group_folds(corpus.warnum, k, seed)
    model_p, base_p = out_of_sample(corpus[list(FEATURES)].to_numpy(float), y, folds)
    return {
        "pairs": len(y),
        "wars": int(corpus.warnum.nunique()),
        "events": int(y.sum()),
        "base_rate": float(y.mean()),
        "auc": auc(y, model_p),
        "brier": brier(y, model_p),
        "log_loss": log_loss(y, model_p),
        "base_brier": brier(y, base_p),
        "base_log_loss": log_loss(y, base_p),
    }


def honour_rates(corpus: pd.DataFrame) -> pd.DataFrame:
    """Of the potential joiners with an ATOP defence pledge to a non-initiating original
    belligerent, the share that joined on (one of) its side(s), before 1945, from 1945, all."""
    pledged = corpus[corpus.pledged_sides.map(len) > 0]
    eras = {
        f"before {ERA_SPLIT}": pledged[pledged.year < ERA_SPLIT],
        f"{ERA_SPLIT} on": pledged[pledged.year >= ERA_SPLIT],
        "all": pledged,
    }
    return pd.DataFrame(
        [
            {"era": era, "pledged": len(rows), "honoured": int(rows.honoured.sum()),
             "rate": rows.honoured.mean() if len(rows) else float("nan")}
            for era, rows in eras.items()
        ]
    )  # fmt: skip
