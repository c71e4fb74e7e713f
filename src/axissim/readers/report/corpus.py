"""The report's section on the back-test on every war of the COW corpus
(`axissim backtest --corpus cow`, results/corpus)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from axissim.folders import backtest as backtest_folder
from axissim.folders import corpus as corpus_folder
from axissim.folders.manifest import read_manifest
from axissim.readers.report.html import Section, facts, images, note, section, table
from axissim.wording import missing

ERAS = {"before_1945": "before 1945", "after_1945": "1945 on", "all": "all years"}
CORPUS_CHARTS = {
    corpus_folder.SCORES_CHART: "AUC and log loss of the model against the two baselines.",
    corpus_folder.RELIABILITY_CHART: "Reliability: in each bin of predicted probability, the "
    "share that joined (n: cases in the bin); the dashed diagonal is perfect calibration.",
    corpus_folder.HONOUR_CHART: "Honour rate of defence pledges by era: the data's, the "
    "model's, and the published rates.",
}
BACKTEST_CHARTS = {
    backtest_folder.CONFUSION: "Observed against predicted (modal) level, per forecaster.",
}


def share(value: Any, digits: int = 1) -> str:
    return "" if missing(value) else f"{float(value):.{digits}%}"


def count(value: Any) -> str:
    return "" if missing(value) else f"{int(value):,}"


def corpus_section(folder: Path) -> Section:
    read = corpus_folder.read(folder)
    doc, data = read["document"], read_manifest(folder)
    scores = read["scores"]
    rows = [
        [r.forecaster, f"{r.auc:.3f}", f"{r.brier:.4f}", f"{r.log_loss:.3f}"]
        for r in scores.itertuples(index=False)
    ]
    clip = doc.get("log_loss_clip", "?")
    parts = [
        facts(
            [
                ("wars", doc["wars"]),
                (
                    "cases",
                    f"{doc['cases']:,} potential joiners, {doc['joined']} joined "
                    f"(base rate {share(doc['base_rate'])})",
                ),  # fmt: skip
                ("weights", data.get("weights")),
                ("worlds", f"{doc.get('replicates')} per war"),
                ("folds", f"{doc.get('folds')}, grouped by war"),
                ("command", data.get("command")),
            ]
        ),
        "<h4>Scores against the baselines</h4>",
        table(["forecaster", "AUC", "Brier", "log loss"], rows, {1, 2, 3}),
        note(
            "Each forecaster gives P(the state joins the war). The model's is the share of "
            "simulated worlds whose policy is troops for the side the state joined (for either "
            "side if it stayed out). AUC: the chance that a state which joined gets a higher P "
            "than one which stayed out (0.5 is chance). Brier: the mean squared error of P "
            f"(the base rate's is what knowing nothing costs). Log loss: the mean -ln P(what "
            f"happened), P clipped to [{clip}, 1 - {clip}]; lower is better for both. The "
            "logistic regression (on defence pledges, alliances, rivalries, contiguity, major "
            "power and capability) and the base rate are fitted on the other folds' wars; a "
            "base rate's AUC below 0.5 only says that folds with more joiners had lower "
            "training rates."
        ),
        *images(folder, CORPUS_CHARTS),
        *honour_parts(read["honour"]),
    ]
    lead = (
        "Every COW inter-state war as one scenario, its potential joiners deciding together: "
        "how well the model's probability of troops tells the states that joined from those "
        "that stayed out, beside what structure alone predicts."
    )
    return section("Back-test on every war", f"corpus-{folder.name}",
                   f"Back-test on every war: {folder.name}", lead, parts)  # fmt: skip


def honour_parts(honour: pd.DataFrame) -> list[str]:
    """The honour table by era and the published rates, with the note on denominators."""
    by = {kind: rows.set_index("era") for kind, rows in honour.groupby("kind")}
    rows = [
        [
            label,
            count(by["data"].holders[era]),
            f"{count(by['data'].honoured[era])} ({share(by['data'].rate[era])})",
            share(by["model"].rate[era]),
            f"{count(by['onset'].holders[era])} ({count(by['onset'].honoured[era])} on a "
            "partner's side)",
            share(by["together"].rate[era]),
        ]
        for era, label in ERAS.items()
    ]
    published = [
        [r.source, ERAS.get(r.era, r.era), share(r.rate)]
        for r in honour[honour.kind == "literature"].itertuples(index=False)
    ]
    header = ["era", "pledge holders", "honoured (data)", "model", "fought from the onset",
              "together"]  # fmt: skip
    return [
        "<h4>Honour rate of defence pledges</h4>",
        table(header, rows, {1, 3, 5}),
        table(["published", "era", "rate"], published, {2}),
        note(
            "Pledge holders: potential joiners with an ATOP defence pledge to an original "
            "belligerent that did not initiate the war; honoured: it joined on that partner's "
            "side. Model: the mean predicted P(troops to the partner) over the same holders. "
            "The corpus leaves out the states that fought from the war's onset year (they are "
            "belligerents, not deciders), and a pledge honoured at once is fought from the "
            "onset: 'fought from the onset' counts the original belligerents holding such a "
            "pledge, 'together' adds them to the corpus's. The literature counts only the wars "
            "in which a treaty's own terms called the ally in (the casus foederis arose), "
            "whenever it entered; the corpus counts every state pledged to a belligerent that "
            "did not initiate the war, if it had not fought from the onset."
        ),
    ]
