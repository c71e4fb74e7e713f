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


def test_a_warm_fit_starts_every_fold_from_a_fit_that_saw_none_of_the_folds_kind(monkeypatch):
    article = load_scenario(BASELINE)
    history = [load_scenario(p) for p in sorted((BASELINE.parent / "history").glob("*.yaml"))[:3]]
    rest, cases = history[:1], history[1:]
    calls = []

    def fake_fit(scenarios, seed, sources, start=None, rounds=None):
        assert sources[0] == "a.yaml" and len(sources) == len(scenarios)
        calls.append(([s.name for s in scenarios], seed, start, rounds))
        return SimpleNamespace(theta=np.full(3, float(len(calls))))

    monkeypatch.setattr(cal, "fit", fake_fit)
    fold = cal.warm_fit(article, rest, "a.yaml")
    fold([article, cases[0]], seed=3)
    fold([article, cases[1]], seed=3)
    names = [s.name for s in history]
    # one start: the article and the rest only, from the priors' centres, with all its rounds
    assert calls[0] == ([article.name, names[0]], 3, None, None)
    # each fold: what it leaves in plus the rest, from that start, for a few rounds
    for call, case in zip(calls[1:], names[1:], strict=True):
        assert call[:2] == ([article.name, case, names[0]], 3)
        np.testing.assert_array_equal(call[2], np.full(3, 1.0))
        assert call[3] == cal.FOLD_ROUNDS
    assert len(calls) == 3


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
