"""The back-test: exact scores on hand-made predictions, baselines, honour rates, LOCO, command."""

from __future__ import annotations

import json
import math
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest
import yaml
from conftest import tiny_document, write_yaml

from axissim.cli import main
from axissim.engine.interests import INTEREST_NAMES
from axissim.scenario import load_scenario
from axissim.studies.backtest import (
    backtest,
    case_paths,
    defence_partner,
    ensemble_members,
    fitted_members,
    honour_table,
    load_cases,
    loco,
    predictions,
    score_table,
)
from axissim.studies.ladder import (
    P_COLUMNS,
    SIGNED_COLUMNS,
    confusion,
    modal_signed,
    most_common_level,
    observation_matrix,
    scores,
    side_distribution,
)

# Four hand-made predictions on the signed ladder (-4 troops to the other side ... +4 troops to
# the observed beneficiary): a tie (the modal policy is the lower rung), a confident miss, a
# range observation, and words for the wrong side.
P = np.array(
    [
        [0, 0, 0, 0, 0.0, 0.5, 0.5, 0, 0],
        [0, 0, 0, 0, 0.0, 0.0, 0.0, 0, 1],
        [0, 0, 0, 0, 0.2, 0.8, 0.0, 0, 0],
        [0, 0, 0, 0.6, 0, 0.4, 0.0, 0, 0],
    ]
)
LOW, HIGH = [1, 3, 0, 1], [1, 3, 1, 1]


def test_scores_are_exact_on_a_hand_made_set():
    got = scores(P, LOW, HIGH)
    assert got["exact"] == pytest.approx(2 / 4)
    assert got["within_one"] == pytest.approx(3 / 4)  # the wrong side's words are two rungs off
    # -log 0.5, -log(1e-6) for the miss (clipped), -log 1 for the range, -log 0.4
    expected = (math.log(2) + 6 * math.log(10) + 0 - math.log(0.4)) / 4
    assert got["log_score"] == pytest.approx(expected)
    # (0.5^2 + 0.5^2) + (1 + 1) + (0.3^2 + 0.3^2), the range spread half and half, + (0.6^2 + 0.6^2)
    assert got["brier"] == pytest.approx((0.5 + 2.0 + 0.18 + 0.72) / 4)
    assert got["decisions"] == 4


def test_a_tie_between_the_sides_goes_to_the_other_side_and_between_rungs_to_the_lower():
    tie = np.zeros((3, 9))
    tie[0, [3, 5]] = 0.5  # words for either side
    tie[1, [4, 5]] = 0.5  # none or words
    tie[2, [2, 6]] = 0.5  # economic aid to the other side, or to the observed beneficiary
    assert modal_signed(tie).tolist() == [-1, 0, -2]


def test_the_side_distribution_counts_each_world_on_its_side():
    levels = np.array([0, 1, 1, 2, 3])
    to_observed = np.array([False, True, False, True, False])  # none counts whoever it aids
    p = side_distribution(levels, to_observed)
    assert [p[c] for c in SIGNED_COLUMNS] == [0, 0.2, 0, 0.2, 0.2, 0.2, 0.2, 0, 0]


def test_a_range_is_spread_uniformly_and_the_most_common_level_counts_it_so():
    assert observation_matrix([0, 2], [1, 4]).tolist() == [
        [0.5, 0.5, 0, 0, 0],
        [0, 0, 1 / 3, 1 / 3, 1 / 3],
    ]
    assert most_common_level([0, 1, 3], [1, 1, 3]) == 1  # level 1: 0.5 + 1 beats level 3: 1
    assert most_common_level([0, 4], [0, 4]) == 0  # a tie goes to the lower level


def test_confusion_puts_a_range_in_its_row_nearest_the_prediction_and_the_wrong_side_first():
    matrix = confusion(P, LOW, HIGH)
    assert matrix.shape == (5, 6)
    assert matrix[1, 2] == 2  # the tie predicted 1, and the range [0, 1] predicted 1
    assert matrix[3, 5] == 1
    assert matrix[1, 0] == 1  # words for the other side
    assert matrix.sum() == 4 and np.trace(matrix, offset=1) == 2


def test_score_table_scores_the_baselines_as_point_predictions():
    frame = pd.DataFrame(P, columns=SIGNED_COLUMNS).assign(
        observed_low=LOW, observed_high=HIGH, rule_signed=[4, 1, 1, -4], common_level=1
    )
    table = score_table(frame).set_index("forecaster")
    assert table.loc["treaty rule", "exact"] == pytest.approx(1 / 4)
    assert table.loc["treaty rule", "within_one"] == pytest.approx(1 / 4)  # troops to the other
    assert table.loc["most common level", "exact"] == pytest.approx(3 / 4)
    assert table.loc["most common level", "log_score"] == pytest.approx(1.5 * math.log(10))
    assert table.loc["model", "brier"] == pytest.approx(0.85)


def relation_doc(**relation) -> dict:
    doc = tiny_document()
    doc["relations"]["AAA->BBB"].update(relation)
    return doc


@pytest.mark.parametrize(
    ("relation", "partner"),
    [
        ({"treaty_type": "non_aggression"}, None),  # treaty 0.8 but no defence pact
        ({"treaty_type": "consultation"}, None),  # nor a pledge of words
        ({"treaty_type": "mutual_defence"}, "BBB"),
        ({"treaty_type": "mutual_defence", "treaty": 0.0}, None),  # a pact that does not apply
    ],
)
def test_defence_partner_needs_an_applicable_mutual_defence_treaty(tmp_path, relation, partner):
    scenario = load_scenario(write_yaml(tmp_path / "c.yaml", relation_doc(**relation)))
    assert defence_partner(scenario, "AAA", "war") == partner


def test_honour_rate_counts_arms_or_above_to_the_partner_and_splits_at_1945():
    frame = pd.DataFrame(
        {
            "year": [1914, 1939, 1990, 2020, 2022],
            "partner": ["BBB", "BBB", "BBB", "BBB", ""],
            "beneficiary": ["BBB", "BBB", "CCC", "BBB", "BBB"],
            "observed_low": [4, 3, 3, 2, 4],
            "p_partner_arms": [1.0, 0.5, 0.0, 0.5, np.nan],
        }
    )
    table = honour_table(frame)
    ours = table[table.source == "these cases"].set_index("scope")
    assert ours.loc["all cases", "treaties"] == 4
    assert ours.loc["all cases", "honoured_arms"] == 0.5  # 1914, 1939 honoured; 1990 aided CCC
    assert ours.loc["all cases", "honoured_troops"] == 0.25
    assert ours.loc["before 1945", "honoured_arms"] == 1.0
    assert ours.loc["1945 on", "honoured_arms"] == 0.0
    assert ours.loc["all cases", "model"] == 0.5
    published = table[table.source.str.startswith("Leeds")].published
    assert published.tolist() == [0.745]
    assert "model_loco" not in table
    # out of sample: the folds' P(arms or above to the partner), case by case in the same order
    folds = frame.assign(case=list("abcde"), p_partner_arms=[0.2, 0.0, 0.4, 0.6, np.nan])
    table = honour_table(frame.assign(case=list("abcde")), folds)
    ours = table[table.source == "these cases"].set_index("scope")
    assert ours.loc["all cases", "model_loco"] == pytest.approx(0.3)  # (0.2 + 0 + 0.4 + 0.6) / 4
    assert ours.loc["before 1945", "model_loco"] == pytest.approx(0.1)  # (0.2 + 0) / 2
    assert ours.loc["all cases", "model"] == 0.5  # the in-sample column unchanged
    with pytest.raises(ValueError, match="order"):
        honour_table(frame.assign(case=list("abcde")), folds.iloc[::-1])


@pytest.fixture
def cases_dir(tmp_path):
    """Two tiny argmax cases: AAA aids BBB (observed economic, what the argmax gives: U = 0.31
    against 0.2375 for words, test_kernel.py) and, as a second case, troops."""
    folder = tmp_path / "cases"
    folder.mkdir()
    first = tiny_document(name="a")
    first["observed"][0]["level"] = 2
    write_yaml(folder / "a.yaml", first)
    second = tiny_document(name="b")
    second["observed"][0]["level"] = 4
    write_yaml(folder / "b.yaml", second)
    return folder


def test_predictions_use_each_case_s_weights_and_a_weights_file_replaces_them(cases_dir):
    cases = load_cases(case_paths([cases_dir]))
    frame = predictions(cases, replicates=5)
    assert frame.case.tolist() == ["a", "b"]
    assert frame.p_economic.tolist() == [1.0, 1.0]  # argmax: one level in every world
    assert frame.common_level.tolist() == [2, 2]  # a tie between 2 and 4 goes to the lower
    weights = cases_dir.parent / "w.yaml"
    named = {"treaty": 5.0, "aid_cost": 0.1}  # a weights file names every interest
    weights.write_text(yaml.safe_dump({"weights": {k: named.get(k, 0.0) for k in INTEREST_NAMES}}))
    troops = predictions(load_cases(case_paths([cases_dir]), weights), replicates=5)
    assert troops.p_troops.tolist() == [1.0, 1.0]


def test_an_ensemble_prediction_is_the_mean_of_its_members(cases_dir, tmp_path):
    cases = load_cases(case_paths([cases_dir]))[:1]
    members = pd.DataFrame({"treaty": [5.0, 0.0], "aid_cost": [0.1, 1.0]})
    path = tmp_path / "ensemble.parquet"
    members.to_parquet(path)
    pooled = predictions(cases, 5, members_for=ensemble_members(path))[P_COLUMNS].to_numpy()
    alone = [
        predictions(cases, 5, members_for=lambda c, m=m: fitted_members(c.scenario, m, None))
        for m in members.to_dict("records")
    ]
    assert np.array_equal(pooled, np.mean([f[P_COLUMNS].to_numpy() for f in alone], axis=0))
    # by hand (argmax, the case's other weights 1; see test_kernel.py): treaty 5 at cost 0.1
    # adds 5 x 0.8 r / 4 - 0.1 (r / 4)^2 = r - 0.1 (r / 4)^2 to the other interests (r = 4:
    # 0.5 - 0.2 + 0.6 - 0.5 - 0.3 - 0.4 = -0.3; r = 3: 0.375 - 0.15 + 0.45 - 0.375 - 0.3 - 0.16
    # = -0.16) and gives troops (U = 4 - 0.3 - 0.1 = 3.6 against 3 - 0.16 - 0.05625 = 2.78375
    # for arms);
    # treaty 0 at cost 1 gives words (U = 0.125 - 0.05 + 0.15 - 0.125 - 0.0625 = 0.0375 against
    # 0 for none and 0.25 - 0.1 + 0.3 - 0.25 - 0.04 - 0.25 = -0.09 for economic): half each
    assert pooled.tolist() == [[0.0, 0.5, 0.0, 0.0, 0.5]]


def test_loco_fits_on_the_article_and_the_other_cases_and_predicts_the_left_out_one(cases_dir):
    cases = load_cases(case_paths([cases_dir]))
    article = cases[0].scenario.model_copy(update={"name": "article"})
    calls = []

    def fake_fit(scenarios, seed=0):
        calls.append([s.name for s in scenarios])
        return SimpleNamespace(weights={"treaty": 5.0, "aid_cost": 0.1}, temperature=None)

    folds = loco(cases, article, fake_fit, replicates=5)
    assert calls == [["article", "b"], ["article", "a"]]
    assert folds.p_troops.tolist() == [1.0, 1.0]
    assert folds.common_level.tolist() == [4, 2]  # the most common level of the other case
    assert folds.fit_aid_cost.tolist() == [0.1, 0.1]


def test_backtest_command_prints_the_scores_and_writes_the_results_folder(
    cases_dir, tmp_path, capsys
):
    out = tmp_path / "out"
    assert main(["backtest", str(cases_dir), "--replicates", "5", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert printed.startswith("back-test: 2 cases, weights each case's own, 5 replicates each")
    assert "most common level" in printed and "honour rate" in printed
    names = {p.name for p in out.iterdir()}
    assert names == {
        "cases.csv",
        "scores.csv",
        "scores.json",
        "honour.csv",
        "confusion.png",
        "manifest.json",
    }
    document = json.loads((out / "scores.json").read_text())
    assert document["probability_floor"] == 1e-6
    assert [row["forecaster"] for row in document["scores"]][0] == "model"
    manifest = json.loads((out / "manifest.json").read_text())
    assert [case["scenario"] for case in manifest["cases"]] == ["a", "b"]
    assert (out / "confusion.png").read_bytes().startswith(b"\x89PNG")


def test_a_folder_without_cases_is_bad_input(tmp_path, capsys):
    assert main(["backtest", str(tmp_path)]) == 2
    assert "no case files" in capsys.readouterr().err


def test_backtest_with_a_fit_adds_the_leave_one_case_out_scores(cases_dir, tmp_path):
    cases = load_cases(case_paths([cases_dir]))

    def fake_fit(scenarios, seed=0):
        return SimpleNamespace(weights={}, temperature=None)

    bt = backtest(cases, 5, article=cases[0].scenario, fit=fake_fit)
    assert bt.loco_scores.forecaster.tolist() == [
        "model, leave-one-case-out",
        "most common level, leave-one-case-out",
    ]
    assert bt.loco_scores.exact.iloc[0] == bt.scores.exact.iloc[0]  # same weights, same scores
    # both cases predict economic aid (argmax); a observed economic, b troops: one of two exact
    assert bt.scores.set_index("forecaster").loc["model", "exact"] == 0.5
