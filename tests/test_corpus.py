"""The back-test on every war (`axissim backtest --corpus cow`): predictions recomputed from raw
trajectories, counts and rates checked against the corpus and the raw data files, the JSON
document, the results folder and its report section, the refit's folds, bad input.

The real corpus takes about 5 s to build (every war's scenario from the data) and is built
once for the module; tests that need it are marked slow. Worlds are kept few (REPLICATES):
the checks are exact for any number of worlds.
"""

from __future__ import annotations

import io
import json
from contextlib import redirect_stdout
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest
from conftest import ROOT, tiny_document, write_yaml

from axissim.cli import main
from axissim.data import scores as S
from axissim.data.corpus import corpus
from axissim.data.tables import data_dir
from axissim.engine.batch import simulate
from axissim.engine.world import compile_world
from axissim.folders.kinds import kinds_of
from axissim.readers.report import build
from axissim.studies import corpus as study
from axissim.studies.backtest import fitted_members
from axissim.studies.corpus.cases import FORECASTERS
from axissim.studies.corpus.honour import onset_holders
from axissim.studies.corpus.predict import predict_wars

WEIGHTS = ROOT / "scenarios" / "weights" / "baseline.yaml"
ARTICLE = ROOT / "scenarios" / "iran_2025.yaml"
REPLICATES, SEED = 40, 5
WWI = 106  # COW's First World War: five of its potential joiners joined (test_data_corpus.py)
KOREA, VIETNAM = 151, 170
"""Wars where the shipped weights send some potential joiners' troops: Korea (1950), where
Belgium, France and the Netherlands joined the US and get P(troops to the US) > 0, and
Vietnam (1965)."""


@pytest.fixture(scope="module")
def wars():
    return study.load_wars(WEIGHTS)


@pytest.fixture(scope="module")
def result(wars):
    return study.corpus_backtest(wars, REPLICATES, SEED)


# --- bad input: one line, exit status 2, before any work ---


def refused(capsys, *argv: str) -> str:
    assert main(list(argv)) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err.count("\n") == 1, captured
    return captured.err.rstrip("\n")


def test_an_unknown_corpus_is_refused_in_one_line(capsys):
    assert refused(capsys, "backtest", "--corpus", "cwo") == (
        "axissim: error: --corpus: unknown corpus 'cwo'; did you mean 'cow'? (known: cow)"
    )
    assert refused(capsys, "backtest", "--corpus", "xyz") == (
        "axissim: error: --corpus: unknown corpus 'xyz' (known: cow)"
    )


def test_refit_folds_and_json_need_the_corpus(capsys):
    for option in ("--refit", "--json"):
        assert refused(capsys, "backtest", option) == (
            f"axissim: error: {option}: needs --corpus (e.g. --corpus cow)"
        )
    assert refused(capsys, "backtest", "--folds", "5") == (
        "axissim: error: --folds: needs --corpus (e.g. --corpus cow)"
    )


@pytest.mark.parametrize("folds", ["1", "0", "-3", "ten"])
def test_fewer_than_two_folds_are_refused(capsys, folds):
    assert refused(capsys, "backtest", "--corpus", "cow", "--folds", folds) == (
        "axissim: error: --folds: expected a whole number >= 2 (each fold of wars is predicted "
        f"from the others), got {folds!r}"
    )


def test_the_corpus_takes_no_case_folder_and_no_loco(capsys, tmp_path):
    assert refused(capsys, "backtest", str(tmp_path), "--corpus", "cow") == (
        f"axissim: error: --corpus: runs every war of the corpus: give no DIR (got {tmp_path})"
    )
    assert refused(capsys, "backtest", "--corpus", "cow", "--loco") == (
        "axissim: error: --loco: is for the history cases; with --corpus, use --refit"
    )


# --- predictions, against an independent computation ---


@pytest.mark.slow
def test_cases_are_the_corpus_s_potential_joiners_with_its_record(result):
    cases, data = result.cases, corpus()
    assert len(cases) == len(data) == 1361 and cases.war.nunique() == 95
    assert cases.joined.sum() == data.joined.sum() == 41  # test_data_corpus.py, by hand
    assert result.document()["base_rate"] == pytest.approx(41 / 1361)
    wwi = cases[cases.war == WWI].set_index("decider")
    # COW: Bulgaria joined side 2 (Germany's, the largest CINC of the Central Powers in 1914),
    # Italy, Romania, Greece and the US side 1 (Britain's)
    joined = wwi[wwi.joined]
    assert dict(zip(joined.index, joined.beneficiary, strict=True)) == {
        "BGR": "DEU", "GRC": "GBR", "ITA": "GBR", "ROU": "GBR", "USA": "GBR"
    }  # fmt: skip
    assert (wwi[~wwi.joined].beneficiary == "").all()


@pytest.mark.slow
@pytest.mark.parametrize("number", [KOREA, VIETNAM, WWI])
def test_p_troops_of_a_war_recomputed_from_its_trajectories(wars, result, number):
    scenario = next(w for w in wars if w.number == number).scenario
    world = compile_world(scenario)
    assert world.active.all()  # every year of the war is fought: the policy is the last step's
    traj = simulate(world, np.arange(SEED, SEED + REPLICATES))
    (conflict,) = scenario.conflicts.values()
    leads = [side.belligerents[0] for side in conflict.sides.values()]
    cases = result.cases[result.cases.war == number]
    if number == KOREA:  # not vacuous: troops for the side joined, some of the time
        assert (cases[cases.joined].p_model > 0).sum() >= 3
    for row in cases.itertuples(index=False):
        i = conflict.deciders.index(row.decider)
        level, side = traj.levels[:, -1, i], traj.sides[:, -1, i]
        troops = level == 4
        if row.joined:
            troops &= side == leads.index(row.beneficiary)
        assert row.p_model == troops.mean(), row.decider
        if row.pledged:
            partner = (level == 4) & np.isin(side, [leads.index(p) for p in row.pledged.split("+")])
            assert row.p_partner == partner.mean(), row.decider
        else:
            assert np.isnan(row.p_partner)


def test_an_ensemble_prediction_is_the_mean_of_its_members(tmp_path):
    doc = tiny_document(choice={"rule": "logit", "temperature": 0.5})
    scenario = study.predict.compile_wars({1: _load(tmp_path, doc)})
    cases = pd.DataFrame({"war": [1], "decider": ["AAA"], "beneficiary": [""], "pledged": ["BBB"]})
    points = [{"treaty": 5.0, "aid_cost": 0.1}, {"treaty": 0.0, "aid_cost": 1.0}]
    alone = [
        predict_wars(scenario, cases, 30, 0, lambda war, p=p: fitted_members(war.scenario, p, None))
        for p in points
    ]
    both = _members(scenario[0].scenario, points)
    pooled = predict_wars(scenario, cases, 30, 0, lambda war: both)
    assert pooled.p_model.iloc[0] == pytest.approx(np.mean([a.p_model.iloc[0] for a in alone]))
    assert alone[0].p_model.iloc[0] > 0.5 > alone[1].p_model.iloc[0]  # troops, then words


def _load(tmp_path, doc):
    from axissim.scenario import load_scenario

    return load_scenario(write_yaml(tmp_path / "w.yaml", doc))


def _members(scenario, points):
    from axissim.engine.parameters import members

    names = ("treaty", "aid_cost")
    theta = np.array([[p[n] for n in names] for p in points])
    return members(scenario, names, theta, "test")


# --- scores ---


def pairwise_auc(y: np.ndarray, p: np.ndarray) -> float:
    """Every (joined, stayed out) pair: 1 when the joiner's P is higher, 1/2 on a tie."""
    joined, out = p[y], p[~y]
    wins = (joined[:, None] > out[None, :]).sum() + 0.5 * (joined[:, None] == out[None, :]).sum()
    return wins / (len(joined) * len(out))


@pytest.mark.slow
def test_scores_against_a_pairwise_auc_and_the_data_baseline(result):
    cases, scores = result.cases, result.scores.set_index("forecaster")
    y = cases.joined.to_numpy(bool)
    for name, column in FORECASTERS.items():
        if column in cases:
            p = cases[column].to_numpy(float)
            assert scores.loc[name, "auc"] == pytest.approx(pairwise_auc(y, p))
            assert scores.loc[name, "brier"] == pytest.approx(np.mean((p - y) ** 2))
    p = np.clip(cases.p_model.to_numpy(float), 1e-12, 1 - 1e-12)
    loss = -np.mean(np.where(y, np.log(p), np.log(1 - p)))
    assert scores.loc["model", "log_loss"] == pytest.approx(loss)
    # the baselines are data.scores.baseline's, on the corpus in its own order
    baseline = S.baseline(corpus(), outcome="joined")
    assert scores.loc["logistic", "auc"] == pytest.approx(baseline["auc"], abs=1e-6)
    assert scores.loc["logistic", "log_loss"] == pytest.approx(baseline["log_loss"], abs=1e-6)
    assert scores.loc["base rate", "brier"] == pytest.approx(baseline["base_brier"])
    assert scores.loc["base rate", "log_loss"] == pytest.approx(baseline["base_log_loss"])


@pytest.mark.slow
def test_the_base_rate_of_a_case_is_its_training_folds_joining_rate(result):
    cases = result.cases
    for fold, rows in cases.groupby("fold"):
        others = cases[cases.fold != fold]
        assert (rows.p_base == others.joined.mean()).all()
        assert not set(rows.war) & set(others.war)  # folds are grouped by war


@pytest.mark.slow
def test_reliability_bins_count_every_case_once(result):
    for _, rows in result.reliability.groupby("forecaster"):
        assert rows.n.sum() == 1361
        assert (rows.n * rows.observed).sum() == pytest.approx(41)
        assert ((rows.predicted >= rows.low) & (rows.predicted <= rows.high)).all()
    assert set(result.reliability.forecaster) == {"model", "logistic"}


# --- honour rates ---


@pytest.mark.slow
def test_honour_rates_of_the_data_and_the_model(result):
    honour = result.honour.set_index(["kind", "era"])
    # data.scores.honour_rates on the corpus: 420 pledge holders, 20 honoured
    # (test_data_corpus.py counts 420 with a defence pledge)
    assert honour.loc[("data", "all"), ["holders", "honoured"]].tolist() == [420, 20]
    expected = S.honour_rates(corpus()).set_index("era")
    assert honour.loc[("data", "before_1945"), "rate"] == expected.rate["before 1945"]
    assert honour.loc[("data", "after_1945"), "rate"] == expected.rate["1945 on"]
    pledged = result.cases[result.cases.pledged != ""]
    before = pledged[pledged.year < 1945]
    assert honour.loc[("model", "before_1945"), "rate"] == pytest.approx(before.p_partner.mean())
    assert honour.loc[("model", "all"), "rate"] == pytest.approx(pledged.p_partner.mean())
    onset = honour.loc[("onset", "all")]
    together = honour.loc[("together", "all")]
    assert together.holders == 420 + onset.holders
    assert together.rate == pytest.approx((20 + onset.honoured) / (420 + onset.holders))
    literature = result.honour[result.honour.kind == "literature"]
    assert dict(zip(literature.era, literature.rate, strict=False))["after_1945"] == 0.22


def test_pledge_holders_fighting_from_the_onset_of_the_first_world_war():
    # Read straight from the shipped files: the originals of war 106 fight from 1914; a holder
    # is an original with an ATOP 1914 defence pledge to another original not flagged as an
    # initiator; honoured when that partner is on its side.
    wars = pd.read_parquet(data_dir() / "cow_war_inter.parquet")
    war = wars[wars.warnum == WWI]
    onset = war[war.year == war.year.min()].drop_duplicates("ccode1")
    side = dict(zip(onset.ccode1, onset.sidea1, strict=True))
    initiator = dict(zip(onset.ccode1, onset.initiator1, strict=True))
    atop = pd.read_parquet(data_dir() / "atop_alliance.parquet")
    pledges = atop[(atop.year == 1914) & (atop.atop_defense == 1)]
    expected = {}
    for a, b in zip(pledges.ccode1, pledges.ccode2, strict=True):
        if a in side and b in side and a != b and not initiator[b]:
            expected[a] = expected.get(a, False) or side[a] == side[b]
    holders = onset_holders()
    got = holders[holders.war == WWI]
    assert dict(zip(got.ccode, got.honoured, strict=True)) == expected
    assert len(expected) == 6 and all(expected.values())


# --- the refit, with a fake fit ---


@pytest.mark.slow
def test_refit_fits_on_the_other_folds_wars_and_predicts_the_fold(wars):
    article = _article()
    calls = []
    weights = {"treaty": 5.0, "aid_cost": 0.5}

    def fake_fit(scenarios, seed=0):
        calls.append([s.name for s in scenarios])
        return SimpleNamespace(weights=weights, temperature=0.4)

    got = study.corpus_backtest(wars, 10, SEED, folds=4, article=article, fit=fake_fit)
    cases = got.cases
    assert len(calls) == 4 and len(got.refit) == 4
    every = {f"cow_war_{n}" for n in cases.war}
    for call, (_fold, rows) in zip(calls, cases.groupby("fold"), strict=True):
        assert call[0] == "iran_2025"  # the article first: its priors bound the fit
        trained, tested = set(call[1:]), {f"cow_war_{n}" for n in rows.war}
        assert not trained & tested and trained | tested == every  # grouped by war
    # the refitted P is the model's P under the fitted point, in every fold
    fixed = study.corpus_backtest(
        wars, 10, SEED, lambda war: fitted_members(war.scenario, weights, 0.4)
    )
    assert cases.p_refit.tolist() == fixed.cases.p_model.tolist()
    assert got.document()["model_out_of_sample"] == fixed.document()["model"]
    assert got.refit.fit_treaty.tolist() == [5.0] * 4
    assert got.refit.cases.sum() == 1361


def _article():
    from axissim.scenario import load_scenario

    return load_scenario(ARTICLE)


# --- the command, its JSON document, the folder and the report ---


@pytest.fixture(scope="module")
def command_run(wars, tmp_path_factory):
    """`axissim backtest --corpus cow --json` with the module's wars (not built again)."""
    out = tmp_path_factory.mktemp("corpus") / "out"
    argv = ["backtest", "--corpus", "cow", "--replicates", "20", "--json", "--out", str(out)]
    printed = io.StringIO()
    with pytest.MonkeyPatch.context() as patch, redirect_stdout(printed):
        patch.setattr(study, "load_wars", lambda weights=None: wars)
        assert main(argv) == 0
    return out, json.loads(printed.getvalue())


@pytest.mark.slow
def test_json_document_schema(command_run):
    out, doc = command_run
    assert isinstance(doc["wars"], int) and doc["wars"] == 95
    assert (doc["cases"], doc["joined"]) == (1361, 41)
    assert doc["base_rate"] == pytest.approx(41 / 1361)
    for key in ("model", "logistic", "base_rate_scores"):
        assert set(doc[key]) == {"auc", "brier", "log_loss"}
        assert all(isinstance(v, float) for v in doc[key].values())
    assert "model_out_of_sample" not in doc  # no --refit
    for key in ("honour_rate", "honour_rate_data"):
        assert set(doc[key]) == {"before_1945", "after_1945", "all"}
    assert {r["era"] for r in doc["honour_rate_literature"]} == {
        "before_1945", "after_1945", "all"
    }  # fmt: skip
    assert doc["pledge_holders"]["all"] == 420
    assert doc["log_loss_clip"] == 1e-12
    assert doc["results"] == str(out)
    assert json.loads((out / "scores.json").read_text())["model"] == doc["model"]


@pytest.mark.slow
def test_the_results_folder_holds_every_file_and_is_a_corpus_folder(command_run):
    out, _ = command_run
    assert {p.name for p in out.iterdir()} == {
        "cases.csv", "scores.csv", "scores.json", "honour.csv", "reliability.csv",
        "reliability.png", "scores.png", "honour.png", "manifest.json",
    }  # fmt: skip
    for chart in ("reliability.png", "scores.png", "honour.png"):
        assert (out / chart).read_bytes().startswith(b"\x89PNG")
    cases = pd.read_csv(out / "cases.csv", keep_default_na=False)
    for column in ("war", "year", "decider", "reasons", "joined", "side", "defence_target",
                   "p_model", "p_logistic", "p_base", "fold"):  # fmt: skip
        assert column in cases, column
    assert len(cases) == 1361
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["corpus"] == "cow" and manifest["replicates"] == 20
    assert kinds_of(out) == ["corpus"]  # not also a hand-coded back-test folder


@pytest.mark.slow
def test_the_report_shows_the_corpus_folder(command_run):
    out, doc = command_run
    page = build([out])
    assert "Back-test on every war" in page
    for chart in ("reliability.png", "scores.png", "honour.png"):
        assert f'data-file="{chart}"' in page
    assert f"{doc['model']['auc']:.3f}" in page and "fought from the onset" in page


def test_the_report_shows_a_hand_coded_backtest_folder(tmp_path):
    cases = tmp_path / "cases"
    cases.mkdir()
    write_yaml(cases / "a.yaml", tiny_document(name="a"))
    out = tmp_path / "backtest"
    assert main(["backtest", str(cases), "--replicates", "5", "--out", str(out)]) == 0
    assert kinds_of(out) == ["backtest"]
    page = build([out])
    assert "Back-test on history" in page and 'data-file="confusion.png"' in page
    assert "treaty rule" in page
