"""Scores and the logistic baseline on hand-counted examples."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from axissim.data import scores as S

Y = [1, 0, 1, 0, 0]
P = [0.9, 0.3, 0.3, 0.1, 0.5]


def test_auc_counts_ties_as_half():
    # positives 0.9, 0.3 against negatives 0.3, 0.1, 0.5: 0.9 beats all three; 0.3 ties 0.3
    # (1/2), beats 0.1, loses to 0.5 -> (3 + 0.5 + 1) / 6.
    assert S.auc(Y, P) == pytest.approx(4.5 / 6)
    assert S.auc([1, 0, 1, 0], [0.2] * 4) == 0.5
    assert S.auc([1, 1, 0], [0.1, 0.2, 0.9]) == 0.0
    assert math.isnan(S.auc([0, 0], [0.1, 0.2]))


def test_brier_and_log_loss():
    # (0.1^2 + 0.3^2 + 0.7^2 + 0.1^2 + 0.5^2) / 5 = 0.85 / 5
    assert S.brier(Y, P) == pytest.approx(0.17)
    by_hand = -(math.log(0.9) + math.log(0.7) + math.log(0.3) + math.log(0.9) + math.log(0.5)) / 5
    assert S.log_loss(Y, P) == pytest.approx(by_hand)
    assert math.isfinite(S.log_loss([1], [0.0]))


def test_reliability_bins():
    # bins of width 0.5: [0, 0.5) holds 0.3, 0.3, 0.1 (one positive); [0.5, 1] holds 0.9, 0.5
    table = S.reliability(Y, P, bins=2)
    assert table.to_dict("list") == {
        "low": [0.0, 0.5], "high": [0.5, 1.0], "n": [3, 2],
        "predicted": pytest.approx([0.7 / 3, 0.7]), "observed": pytest.approx([1 / 3, 0.5]),
    }  # fmt: skip


def test_group_folds_keep_each_group_whole_and_are_seeded():
    groups = np.repeat(np.arange(23), 3)
    folds = S.group_folds(groups, k=5, seed=4)
    assert (pd.Series(folds).groupby(groups).nunique() == 1).all()
    assert sorted(np.bincount(folds[::3])) == [4, 4, 5, 5, 5]  # 23 groups dealt to 5 folds
    assert (S.group_folds(groups, k=5, seed=4) == folds).all()
    assert not (S.group_folds(groups, k=5, seed=5) == folds).all()


def test_logistic_recovers_the_saturated_model():
    # One binary feature, no penalty: the fit reproduces each group's frequency,
    # 1 of 4 at x = 0 and 3 of 4 at x = 1.
    x = np.array([[0], [0], [0], [0], [1], [1], [1], [1]])
    y = np.array([1, 0, 0, 0, 1, 1, 1, 0])
    model = S.fit_logistic(x, y, l2=0.0)
    assert model.predict([[0], [1]]) == pytest.approx([0.25, 0.75], abs=1e-5)


def test_logistic_on_separable_data_orders_and_stays_finite():
    x = np.array([[-2.0], [-1.0], [1.0], [2.0]])
    y = np.array([0, 0, 1, 1])
    p = S.fit_logistic(x, y).predict(x)
    assert np.all(np.diff(p) > 0) and p[1] < 0.5 < p[2]
    assert np.all((p > 0) & (p < 1))
    assert S.auc(y, p) == 1.0


def test_out_of_sample_never_sees_the_scored_fold():
    # The outcome is 1 exactly in group 0; scored out of sample, group 0's base-rate
    # prediction comes from the other groups only: 0.
    groups = np.repeat(np.arange(4), 2)
    y = (groups == 0).astype(float)
    _, base = S.out_of_sample(np.zeros((8, 1)), y, S.group_folds(groups, k=4))
    assert base[:2] == pytest.approx([0.0, 0.0])
    assert base[2:] == pytest.approx([2 / 6] * 6)  # group 0 is 2 of the 6 rows outside each


def test_honour_rates_by_era():
    corpus = pd.DataFrame(
        {"year": [1914, 1914, 1939, 1950, 1990, 1990],
         "pledged_sides": [(1,), (2,), (), (1,), (2,), (1, 2)],
         "honoured": [True, False, False, False, False, True]}
    )  # fmt: skip
    table = S.honour_rates(corpus).set_index("era")
    assert table.pledged.tolist() == [2, 3, 5] and table.honoured.tolist() == [1, 1, 2]
    assert table.rate.tolist() == pytest.approx([1 / 2, 1 / 3, 2 / 5])


def test_baseline_on_the_corpus():
    from axissim.data.corpus import corpus

    result = S.baseline(corpus())
    # sizes from test_data_corpus.py; the scores are what the data give (see the report)
    assert (result["pairs"], result["wars"], result["events"]) == (1361, 95, 30)
    assert 0.3 < result["auc"] < 0.8
    assert result["base_log_loss"] == pytest.approx(0.111, abs=0.01)
