"""The corpus's cases, one per (war, potential joiner), and how every forecaster is scored.

The event is COW's record: the state joined the war (on either side). Forecasters, each a
probability of that event per case:

- model: P(troops for the side it joined, or for either side if it stayed out) (predict.py);
- logistic: a logistic regression on the structural features (`data.corpus.FEATURES`), fitted
  on the other folds' wars (`data.scores.out_of_sample`);
- base rate: the other folds' joining rate;
- model, refitted: the model with weights fitted on the other folds' wars (refit.py).

Folds are grouped by war (`data.scores.group_folds`, seeded by FOLD_SEED): no war is both
fitted and scored. Scores: AUC, Brier and log loss (`data.scores`; the log loss clips
probabilities to [EPS, 1 - EPS]), and a reliability table in RELIABILITY_BINS equal bins.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from axissim.data import scores as S
from axissim.data.corpus import FEATURES, corpus, originals

FOLD_SEED = 0
"""The seed dealing wars to folds: `data.scores.baseline`'s default, so its figures match."""
RELIABILITY_BINS = 10
LOG_LOSS_CLIP = S.EPS

FORECASTERS = {
    "model": "p_model",
    "logistic": "p_logistic",
    "base rate": "p_base",
    "model, refitted out of sample": "p_refit",
}
"""Each forecaster's column in the cases table, in the order tables show them."""


def case_table() -> pd.DataFrame:
    """One row per (war, potential joiner): war, year, decider, name, reasons, joined, side
    (COW side joined, 0 none), beneficiary (that side's lead, "" none), pledged (the leads of
    the sides of the non-initiating originals it holds a defence pledge to, '+'-joined),
    honoured (it joined one of them), and the features."""
    data = corpus()
    lead = originals().query("lead").set_index(["warnum", "side"])["id"]
    beneficiary = [
        lead[(war, side)] if side else ""
        for war, side in zip(data.warnum, data.side_joined, strict=True)
    ]
    pledged = [
        "+".join(lead[(war, side)] for side in sides)
        for war, sides in zip(data.warnum, data.pledged_sides, strict=True)
    ]
    table = pd.DataFrame(
        {
            "war": data.warnum.astype(int),
            "year": data.year.astype(int),
            "decider": data["id"],
            "name": data["name"],
            "reasons": data.reasons,
            "joined": data.joined.astype(bool),
            "side": data.side_joined.astype(int),
            "beneficiary": beneficiary,
            "pledged": pledged,
            "honoured": data.honoured.astype(bool),
            **{name: data[name] for name in FEATURES},
        }
    )
    return table.sort_values(["war", "decider"], ignore_index=True)


def with_baselines(cases: pd.DataFrame, folds: int) -> pd.DataFrame:
    """The cases with `fold` and, out of sample by those folds, `p_logistic` and `p_base`."""
    fold = S.group_folds(cases.war, folds, FOLD_SEED)
    y = cases.joined.to_numpy(float)
    logistic, base = S.out_of_sample(cases[list(FEATURES)].to_numpy(float), y, fold)
    return cases.assign(fold=fold, p_logistic=logistic, p_base=base)


def scores(outcome, predicted) -> dict[str, float]:
    """AUC, Brier score and log loss of one forecaster."""
    return {
        "auc": S.auc(outcome, predicted),
        "brier": S.brier(outcome, predicted),
        "log_loss": S.log_loss(outcome, predicted),
    }


def forecasters(cases: pd.DataFrame) -> dict[str, str]:
    """The forecasters the cases table has a column for, by name."""
    return {name: column for name, column in FORECASTERS.items() if column in cases}


def score_table(cases: pd.DataFrame) -> pd.DataFrame:
    """One row per forecaster: AUC, Brier, log loss, and the cases and events scored."""
    y = cases.joined.to_numpy(bool)
    rows = [
        {"forecaster": name, **scores(y, cases[column]), "cases": len(y), "joined": int(y.sum())}
        for name, column in forecasters(cases).items()
    ]
    return pd.DataFrame(rows)


def reliability_table(cases: pd.DataFrame, bins: int = RELIABILITY_BINS) -> pd.DataFrame:
    """Predicted against observed frequency in equal bins, for every forecaster but the base
    rate (a constant per fold says nothing bin by bin): forecaster, low, high, n, predicted,
    observed."""
    frames = [
        S.reliability(cases.joined, cases[column], bins).assign(forecaster=name)
        for name, column in forecasters(cases).items()
        if name != "base rate"
    ]
    table = pd.concat(frames, ignore_index=True)
    return table[["forecaster", "low", "high", "n", "predicted", "observed"]]


def finite(value):
    """A number for JSON: NaN and infinities become None."""
    return None if value is None or not np.isfinite(value) else float(value)
