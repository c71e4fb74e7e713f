"""Calibrating on everything: the corpus joins the evidence, and the out-of-sample refits fit
what a fold leaves in together with the other kind of evidence, from the shipped point."""

from __future__ import annotations

import numpy as np
from conftest import BASELINE

from axissim import load_scenario
from axissim.data.wars import evidence_names, from_corpus
from axissim.studies import calibrate as cal
from axissim.studies.corpus import load_wars


def test_the_corpus_scenarios_are_known_by_name_and_counted_in_words():
    article = load_scenario(BASELINE)
    wars = [war.scenario for war in load_wars()[:3]]
    assert [from_corpus(s) for s in [article, *wars]] == [False, True, True, True]
    assert evidence_names([article, *wars]) == "iran_2025, 3 wars of the COW corpus"
    assert evidence_names([article]) == "iran_2025"


def test_a_warm_fit_adds_the_rest_and_starts_from_the_articles_weights(monkeypatch):
    article = load_scenario(BASELINE)
    rest = [load_scenario(p) for p in sorted((BASELINE.parent / "history").glob("*.yaml"))[:2]]
    calls = []
    monkeypatch.setattr(cal, "fit", lambda scenarios, seed, start: calls.append(
        (scenarios, seed, start)))  # fmt: skip
    fold = [article, rest[0]]
    cal.warm_fit(article, rest[1:])(fold, seed=3)
    ((scenarios, seed, start),) = calls
    assert [s.name for s in scenarios] == [article.name, rest[0].name, rest[1].name]
    assert seed == 3
    # the start is the article's own weights, in the order of its priors (read from the file)
    expected = [article.weights[name] for name in article.priors if name in article.weights]
    np.testing.assert_array_equal(start, expected)
