"""A back-test's results folder (`axissim backtest`): results/backtest/.

cases.csv    one row per observed decision: record, predicted distribution, rules of thumb
scores.csv, scores.json   exact, within one, log score and Brier per forecaster
honour.csv   honour rates of mutual-defence treaties beside the literature
loco.csv     leave-one-case-out predictions and each fold's fitted weights (with --loco)
confusion.png; manifest.json
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from axissim.files import write_csv, write_text
from axissim.folders.manifest import MANIFEST, manifest, write_manifest
from axissim.folders.ownership import written

if TYPE_CHECKING:
    from axissim.studies.backtest import Backtest

CASES, SCORES, SCORES_JSON = "cases.csv", "scores.csv", "scores.json"
HONOUR, LOCO, CONFUSION = "honour.csv", "loco.csv", "confusion.png"
OWNED = (CASES, SCORES, SCORES_JSON, HONOUR, LOCO, CONFUSION, MANIFEST)
DETECT = (CASES, SCORES)


def default(
    loco: bool = True,
    weights: str | None = None,
    ensemble: str | None = None,
    cases: Sequence[str] = (),
) -> Path:
    """results/backtest/ for the full back-test: leave-one-case-out (`loco`), each case's own
    weights, the shipped cases. Any other has a folder of its own beside it, named by what
    differs (backtest-fixed without leave-one-case-out, -weights-NAME, -ensemble-NAME,
    -cases-NAME), so that a partial back-test never replaces the full one's results."""
    parts = [] if loco else ["fixed"]
    parts += ["cases-" + "+".join(Path(c).stem for c in cases)] if cases else []
    return variant("backtest", parts, weights, ensemble)


def variant(base: str, parts: Sequence[str], weights: str | None, ensemble: str | None) -> Path:
    """results/BASE, or results/BASE-PARTS-weights-NAME-ensemble-NAME for a variant of it."""
    parts = list(parts)
    parts += [f"weights-{Path(weights).stem}"] if weights else []
    parts += [f"ensemble-{Path(ensemble).stem}"] if ensemble else []
    name = re.sub(r"[^A-Za-z0-9_.+-]+", "-", "-".join([base, *parts]))[:100]
    return Path("results") / name


def write(bt: Backtest, folder: Path | str, **settings: Any) -> list[Path]:
    """cases.csv, scores.csv and .json, honour.csv, loco.csv, confusion.png, manifest.json."""
    from axissim.charts.backtest import plot_confusion

    folder = Path(folder)
    with written(folder, OWNED) as stage:
        files = [
            write_csv(stage / CASES, bt.predictions),
            write_csv(stage / SCORES, bt.all_scores),
            write_text(stage / SCORES_JSON, json.dumps(bt.document(), indent=2) + "\n"),
            write_csv(stage / HONOUR, bt.honour),
        ]
        if bt.loco is not None:
            files.append(write_csv(stage / LOCO, bt.loco))
        files.append(
            plot_confusion(
                bt.confusion_panels(),
                stage / CONFUSION,
                f"Back-test on {len(bt.cases)} historical cases: observed against predicted level",
            )
        )
        data = {
            **settings,
            "files": [f.name for f in files],
            "cases": [manifest(case.scenario, case.path) for case in bt.cases],
        }
        files.append(write_manifest(stage, data))
    return [folder / f.name for f in files]
