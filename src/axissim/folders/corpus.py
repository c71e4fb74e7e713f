"""The back-test on every war's results folder (`axissim backtest --corpus cow`):
results/corpus/.

cases.csv        one row per war and potential joiner: war, year, decider, reasons, joined,
                 side, features, model P, logistic P, base rate P, fold (refitted P with
                 --refit)
scores.csv, scores.json   AUC, Brier and log loss per forecaster; the JSON also the honour
                 rates and reliability (what `--json` prints)
honour.csv       honour rate of defence pledges by era: data, model, literature
reliability.csv  predicted against observed frequency in bins, per forecaster
refit.csv        with --refit: one row per fold, its wars, time and fitted weights
reliability.png, scores.png, honour.png; manifest.json
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from axissim.files import write_csv, write_text
from axissim.folders.manifest import MANIFEST, provenance, write_manifest
from axissim.folders.ownership import written

if TYPE_CHECKING:
    from axissim.studies.corpus import CorpusBacktest

CASES, SCORES, SCORES_JSON = "cases.csv", "scores.csv", "scores.json"
HONOUR, RELIABILITY, REFIT = "honour.csv", "reliability.csv", "refit.csv"
RELIABILITY_CHART, SCORES_CHART, HONOUR_CHART = "reliability.png", "scores.png", "honour.png"
OWNED = (
    CASES, SCORES, SCORES_JSON, HONOUR, RELIABILITY, REFIT,
    RELIABILITY_CHART, SCORES_CHART, HONOUR_CHART, MANIFEST,
)  # fmt: skip
DETECT = (CASES, RELIABILITY, SCORES_JSON)
"""A hand-coded back-test's folder (folders.backtest) also holds cases.csv and scores.csv:
reliability.csv is what tells a corpus's apart."""


def default(refit: bool = False, weights: str | None = None, ensemble: str | None = None) -> Path:
    """results/corpus/ for the shipped weights; a refit or other weights get a folder of their
    own beside it (corpus-refit, corpus-weights-NAME, ...), so neither replaces the other."""
    from axissim.folders.backtest import variant

    return variant("corpus", ["refit"] if refit else [], weights, ensemble)


def write(result: CorpusBacktest, folder: Path | str, **settings: Any) -> list[Path]:
    """Every file of the module docstring; `settings` go into the manifest."""
    from axissim.charts.corpus import plot_honour, plot_reliability, plot_scores

    folder = Path(folder)
    with written(folder, OWNED) as stage:
        files = [
            write_csv(stage / CASES, result.cases),
            write_csv(stage / SCORES, result.scores),
            write_text(stage / SCORES_JSON, json.dumps(result.document(), indent=2) + "\n"),
            write_csv(stage / HONOUR, result.honour),
            write_csv(stage / RELIABILITY, result.reliability),
        ]
        if result.refit is not None:
            files.append(write_csv(stage / REFIT, result.refit))
        title = f"{result.wars} COW wars, {len(result.cases):,} potential joiners"
        files += [
            plot_reliability(result.reliability, stage / RELIABILITY_CHART, title),
            plot_scores(result.scores, stage / SCORES_CHART, title),
            plot_honour(result.honour, stage / HONOUR_CHART),
        ]
        data = {
            "kind": "corpus back-test",
            **settings,
            "wars": result.wars,
            "cases": len(result.cases),
            "replicates": result.replicates,
            "seed": result.seed,
            "folds": result.folds,
            "seconds": result.seconds,
            "files": [f.name for f in files],
            **provenance(),
        }
        files.append(write_manifest(stage, data))
    return [folder / f.name for f in files]


def read(folder: Path | str) -> dict[str, pd.DataFrame | dict]:
    """What the report shows: scores, honour, reliability tables and scores.json."""
    folder = Path(folder)
    return {
        "scores": pd.read_csv(folder / SCORES),
        "honour": pd.read_csv(folder / HONOUR),
        "reliability": pd.read_csv(folder / RELIABILITY),
        "document": json.loads((folder / SCORES_JSON).read_text(encoding="utf-8")),
    }
