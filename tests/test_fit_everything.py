"""Calibrating on everything: the corpus joins the evidence, and the out-of-sample refits fit
what a fold leaves in together with the other kind of evidence, from the shipped point."""

from __future__ import annotations

from types import SimpleNamespace

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


def test_a_warm_fit_starts_every_fold_from_a_fit_that_saw_none_of_the_folds_kind(monkeypatch):
    article = load_scenario(BASELINE)
    history = [load_scenario(p) for p in sorted((BASELINE.parent / "history").glob("*.yaml"))[:3]]
    rest, cases = history[:1], history[1:]
    calls = []

    def fake_fit(scenarios, seed, start=None, rounds=None):
        calls.append(([s.name for s in scenarios], seed, start, rounds))
        return SimpleNamespace(theta=np.full(3, float(len(calls))))

    monkeypatch.setattr(cal, "fit", fake_fit)
    fold = cal.warm_fit(article, rest)
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
