"""Back-test on every war: the model's P(troops) for every potential joiner of every COW
inter-state war, scored against COW's record beside the base rate and a logistic regression on
the same facts, and the honour rate of defence pledges by era beside the literature.

cases.py defines the cases, forecasters and scores, predict.py runs the wars on the batch
engine, honour.py the honour rates, refit.py the out-of-sample refit by folds of wars.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from axissim.data.documents import DEFAULT_WEIGHTS
from axissim.scenario import Scenario
from axissim.studies.corpus import cases as C
from axissim.studies.corpus.honour import DATA, ERAS, MODEL, ONSET, honour_table, rates
from axissim.studies.corpus.predict import MembersFor, War, compile_wars, predict_wars
from axissim.studies.corpus.refit import Fit, Progress, refit

OUT_OF_SAMPLE = "model, refitted out of sample"


@dataclass(frozen=True)
class CorpusBacktest:
    """Every case with its predictions, the scores, reliability and honour tables, and, with a
    refit, one row per fold."""

    cases: pd.DataFrame
    scores: pd.DataFrame
    reliability: pd.DataFrame
    honour: pd.DataFrame
    replicates: int
    seed: int | None
    folds: int
    refit: pd.DataFrame | None = None
    seconds: dict[str, float] = field(default_factory=dict)

    @property
    def wars(self) -> int:
        return int(self.cases.war.nunique())

    def score(self, forecaster: str) -> dict[str, float | None]:
        row = self.scores.set_index("forecaster").loc[forecaster]
        return {k: C.finite(row[k]) for k in ("auc", "brier", "log_loss")}

    def document(self) -> dict[str, Any]:
        """What `--json` prints and scores.json holds."""
        joined = self.cases.joined
        doc: dict[str, Any] = {
            "corpus": "cow",
            "wars": self.wars,
            "cases": len(self.cases),
            "joined": int(joined.sum()),
            "base_rate": float(joined.mean()),
            "replicates": self.replicates,
            "seed": self.seed,
            "folds": self.folds,
            "event": "the state joined the war (COW), on either side",
            "model_probability": "share of worlds whose policy is troops for the side the state "
            "joined (joiners) or for either side (the others)",
            "log_loss_clip": C.LOG_LOSS_CLIP,
            "model": self.score("model"),
            "logistic": self.score("logistic"),
            "base_rate_scores": self.score("base rate"),
        }
        if self.refit is not None:
            doc["model_out_of_sample"] = self.score(OUT_OF_SAMPLE)
        doc.update(self.honour_document())
        doc["reliability"] = {
            name: rows.drop(columns="forecaster").to_dict("records")
            for name, rows in self.reliability.groupby("forecaster", sort=False)
        }
        doc["seconds"] = self.seconds
        return doc

    def honour_document(self) -> dict[str, Any]:
        h = self.honour
        counts = h[h.source.isin([DATA, ONSET])].set_index(["source", "era"])
        literature = h[h.kind == "literature"]
        return {
            "honour_rate": _finite(rates(h, MODEL)),
            "honour_rate_data": _finite(rates(h, DATA)),
            "pledge_holders": {e: int(counts.loc[(DATA, e), "holders"]) for e in ERAS},
            "pledges_honoured": {e: int(counts.loc[(DATA, e), "honoured"]) for e in ERAS},
            "pledge_holders_fighting_from_onset": {
                e: {
                    "holders": int(counts.loc[(ONSET, e), "holders"]),
                    "on_a_partner_side": int(counts.loc[(ONSET, e), "honoured"]),
                }
                for e in ERAS
            },
            "honour_rate_literature": [
                {"source": r.source, "era": r.era, "rate": r.rate}
                for r in literature.itertuples(index=False)
            ],
        }


def _finite(values: dict[str, float]) -> dict[str, float | None]:
    return {k: C.finite(v) for k, v in values.items()}


def load_wars(weights: Path | str | None = None) -> list[War]:
    """Every COW war's scenario, with the weights (and temperature) of a weights file."""
    from axissim.data.wars import corpus_scenarios

    return compile_wars(corpus_scenarios(weights or DEFAULT_WEIGHTS))


def corpus_backtest(
    wars: list[War],
    replicates: int,
    seed: int | None = None,
    members_for: MembersFor = lambda war: None,
    folds: int = 10,
    article: Scenario | None = None,
    fit: Fit | None = None,
    progress: Progress = lambda message: None,
) -> CorpusBacktest:
    """Predict every case of the given wars, score the model and the baselines; with an
    article and `fit`, also refit out of sample by folds of wars (refit.py)."""
    seconds = {}
    begun = time.monotonic()
    numbers = {war.number for war in wars}
    cases = C.case_table()
    cases = C.with_baselines(cases[cases.war.isin(numbers)].reset_index(drop=True), folds)
    seconds["cases"] = time.monotonic() - begun
    begun = time.monotonic()
    cases = cases.join(predict_wars(wars, cases, replicates, seed, members_for))
    seconds["simulate"] = time.monotonic() - begun
    folds_table = None
    if fit is not None:
        if article is None:
            raise ValueError("a refit needs the article scenario, whose priors it fits")
        begun = time.monotonic()
        p_refit, folds_table = refit(wars, cases, article, fit, replicates, seed, progress)
        cases = cases.assign(p_refit=p_refit)
        seconds["refit"] = time.monotonic() - begun
    return CorpusBacktest(
        cases,
        C.score_table(cases),
        C.reliability_table(cases),
        honour_table(cases),
        replicates,
        seed,
        folds,
        folds_table,
        seconds,
    )
