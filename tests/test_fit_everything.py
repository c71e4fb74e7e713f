"""Calibrating on everything: the corpus joins the evidence, and the out-of-sample refits fit
what a fold leaves in together with the other kind of evidence, from the shipped point."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest
from conftest import BASELINE

from axissim import load_scenario
from axissim.data.wars import evidence_names, from_corpus
from axissim.errors import InputError
from axissim.studies import calibrate as cal
from axissim.studies.corpus import load_wars


def test_the_corpus_scenarios_are_known_by_name_and_counted_in_words():
    article = load_scenario(BASELINE)
    wars = [war.scenario for war in load_wars()[:3]]
    assert [from_corpus(s) for s in [article, *wars]] == [False, True, True, True]
    assert evidence_names([article, *wars]) == "iran_2025, 3 wars of the COW corpus"
    assert evidence_names([article]) == "iran_2025"


def test_a_fold_fits_what_it_leaves_in_with_the_rest_from_the_priors_centres(monkeypatch):
    article = load_scenario(BASELINE)
    history = [load_scenario(p) for p in sorted((BASELINE.parent / "history").glob("*.yaml"))[:3]]
    rest, cases = history[:1], history[1:]
    calls = []

    def fake_fit(scenarios, seed, sources):
        assert sources[0] == "a.yaml" and len(sources) == len(scenarios)
        calls.append(([s.name for s in scenarios], seed))
        return SimpleNamespace(theta=np.full(3, float(len(calls))))

    monkeypatch.setattr(cal, "fit", fake_fit)
    fold = cal.fold_fit(article, rest, "a.yaml")
    fold([article, cases[0]], seed=3)
    fold([article, cases[1]], seed=3)
    names = [s.name for s in history]
    # each fold: what it leaves in plus the rest, and nothing else (no start from another fit)
    assert calls == [([article.name, case, names[0]], 3) for case in names[1:]]


def test_the_exact_gradient_of_the_reweighted_likelihood_is_its_finite_difference():
    # the article on 8 worlds: the recorded choices reweighted to nearby weights; the exact
    # gradient of f = sum log P(observed) must equal central differences of f computed from
    # Choices.p_observed alone (an independent path through the same records)
    from axissim.engine.interests import AT
    from axissim.studies.calibrate.choices import simulate_choices
    from axissim.studies.calibrate.likelihood import log_likelihood

    prob = cal.problem([load_scenario(BASELINE)])
    theta = np.array([p.baseline for p in prob.parameters])
    choices = simulate_choices(prob, theta, cal.world_seeds(0, 8))

    def outer(p):
        return float(log_likelihood(p)), 1.0 / p

    value, gradient = choices.gradient(prob, theta, outer)
    assert value == pytest.approx(float(log_likelihood(choices.p_observed(prob, theta))[0]))
    assert abs(gradient[AT["aid_cost"]]) > 1e-3  # the check below is not one of zeros
    step = 1e-5
    for name in ("treaty", "religious_suspicion", "reciprocity", "aid_cost", "commitment"):
        i = prob.names.index(name)
        up, down = theta.copy(), theta.copy()
        up[i] += step
        down[i] -= step
        f = log_likelihood(choices.p_observed(prob, np.vstack([up, down])))
        assert gradient[AT[name]] == pytest.approx((f[0] - f[1]) / (2 * step), rel=1e-4, abs=1e-6)


def test_scenarios_calibrated_together_need_one_temperature():
    article = load_scenario(BASELINE)
    case = load_scenario(sorted((BASELINE.parent / "history").glob("*.yaml"))[0])
    hotter = load_scenario(
        sorted((BASELINE.parent / "history").glob("*.yaml"))[0], ["choice.temperature=0.3"]
    )
    assert len(cal.problem([article, case]).evidence) == 2
    with pytest.raises(InputError) as caught:
        cal.problem([article, hotter], ["a.yaml", "b.yaml"])
    assert (caught.value.file, caught.value.path) == ("b.yaml", "choice.temperature")
    assert "0.3, where a.yaml has 1" in caught.value.message


def test_each_war_of_the_corpus_counts_as_one_observation():
    from axissim.data.wars import PREFIX
    from axissim.studies.corpus.cases import case_table

    article, wars = load_scenario(BASELINE), [war.scenario for war in load_wars()[:2]]
    joiners = case_table().groupby("war").size()  # counted from the corpus, not the scenarios
    sizes = [int(joiners[int(w.name.removeprefix(PREFIX))]) for w in wars]
    assert min(sizes) > 1  # the weights below are not all 1
    expected = [1.0] * 6 + [w for n in sizes for w in [1.0 / n] * n]
    prob = cal.problem([article, *wars])
    np.testing.assert_allclose(prob.observation_weights, expected)


def test_the_weighted_likelihood_and_its_derivative_by_hand():
    from axissim.studies.calibrate.likelihood import log_likelihood, outer

    p, weights = np.array([0.5, 0.25]), np.array([1.0, 0.5])
    # log 0.5 + 0.5 log 0.25 = 2 log 0.5; d/dp = weight / p = [2, 2]
    assert float(log_likelihood(p, weights)) == pytest.approx(2 * np.log(0.5))
    value, d_p = outer(0, weights)(p)
    assert value == pytest.approx(2 * np.log(0.5))
    np.testing.assert_allclose(d_p, [2.0, 2.0])
