"""The report's section on the hand-coded back-test (`axissim backtest`, results/backtest/)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from axissim.folders import backtest as backtest_folder
from axissim.folders.manifest import read_manifest
from axissim.readers.report.html import Section, facts, images, level, note, section, table
from axissim.wording import levels_text, number, percent, probability

BACKTEST_CHARTS = {
    backtest_folder.CONFUSION: "Observed against predicted level, one panel per forecaster: the "
    "diagonal (outlined) is where prediction and record agree; the shade counts decisions.",
}


def backtest_section(folder: Path) -> Section:
    """The scores of the model and the rules of thumb, the cases, the treaty honour rates."""
    data = read_manifest(folder)
    scores = pd.read_csv(folder / backtest_folder.SCORES)
    cases = pd.read_csv(folder / backtest_folder.CASES, keep_default_na=False, na_values=[""])
    parts = [
        facts(
            [
                ("cases", f"{cases.case.nunique()} historical cases, {len(cases)} decisions"),
                ("folders", ", ".join(map(str, data.get("case_dirs", [])))),
                ("weights", data.get("weights")),
                ("worlds", data.get("replicates")),
                ("command", data.get("command", "")),
            ]
        ),
        "<h4>Scores</h4>",
        scores_table(scores),
        note(
            "Exact: the share of decisions whose most likely level is the observed one; within "
            "one: off by at most a level. Log score and Brier: lower is better (a decision "
            "observed as a range spreads the record over its levels)."
        ),
        "<h4>Cases</h4>",
        cases_table(cases),
        *images(folder, BACKTEST_CHARTS),
    ]
    if (folder / backtest_folder.HONOUR).is_file():
        parts += honour_parts(pd.read_csv(folder / backtest_folder.HONOUR))
    lead = (
        "The weights scored on documented historical decisions the model was not fitted to, "
        "against two rules of thumb: a treaty rule and the most common level."
    )
    return section(
        "Back-test on history",
        f"backtest-{folder.name}",
        f"Back-test on history: {folder.name}",
        lead,
        parts,
    )


def scores_table(scores: pd.DataFrame) -> str:
    header = ["forecaster", "exact", "within one level", "log score", "Brier", "decisions"]
    rows = [
        [
            r.forecaster,
            percent(r.exact),
            percent(r.within_one),
            f"{r.log_score:.2f}",
            f"{r.brier:.3f}",
            int(r.decisions),
        ]
        for r in scores.itertuples(index=False)
    ]
    return table(header, rows, {1, 2, 3, 4, 5})


def cases_table(cases: pd.DataFrame) -> str:
    rows = [
        [
            r.case,
            f"{r.decider}:{r.conflict}",
            levels_text(r.observed_low, r.observed_high),
            level(r.level, r.predicted_beneficiary),
            probability(r.p_observed),
        ]
        for r in cases.itertuples(index=False)
    ]
    return table(["case", "decision", "observed", "model: most likely", "P(observed)"], rows, {4})


def honour_parts(honour: pd.DataFrame) -> list[str]:
    header = ["source", "scope", "treaties", "honoured: arms", "troops", "model", "published"]
    rows = [
        [r.source, r.scope, number(r.treaties), percent(r.honoured_arms),
         percent(r.honoured_troops), percent(r.model), percent(r.published)]
        for r in honour.itertuples(index=False)
    ]  # fmt: skip
    return [
        "<h4>Are mutual-defence treaties honoured?</h4>",
        table(header, rows, {2, 3, 4, 5, 6}),
        note(
            "The share of mutual-defence treaty partners at war that got arms or troops: in "
            "these cases, in the model (P of arms or more), and in the published studies."
        ),
    ]
