"""`axissim backtest --corpus cow`: the back-test on every war, printed and written."""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from axissim.cli.arguments import replicates
from axissim.wording import missing, table

FOLDS = 10
HISTORY = Path("scenarios/history")
"""The history cases: `backtest`'s by default, and fitted with every fold of wars (--refit)."""


def handle_corpus(args: argparse.Namespace) -> int:
    from axissim.folders import corpus as corpus_folder
    from axissim.scenario import load_scenario
    from axissim.studies import corpus as study

    folder = args.out or corpus_folder.default(args.refit, args.weights, args.ensemble)
    article_file = args.article or "scenarios/iran_2025.yaml"
    article = load_scenario(article_file) if args.refit else None
    progress = lambda message: print(message, file=sys.stderr, flush=True)  # noqa: E731
    begun = time.monotonic()
    wars = study.load_wars(args.weights)
    built = time.monotonic() - begun
    members_for = ensemble_members(args.ensemble) if args.ensemble else lambda war: None
    count = replicates(args, args.ensemble is not None)
    fit = default_fit(article, str(article_file)) if args.refit else None
    result = study.corpus_backtest(
        wars, count, args.seed, members_for, args.folds or FOLDS, article, fit, progress
    )
    result.seconds["build"] = built
    result.seconds["total"] = time.monotonic() - begun
    weights = args.weights or args.ensemble or "scenarios/weights/baseline.yaml"
    corpus_folder.write(
        result,
        folder,
        corpus=args.corpus,
        weights=str(weights),
        ensemble=args.ensemble is not None,
        refit_article=str(article_file) if args.refit else None,
    )
    if args.json:
        document = {**result.document(), "weights": str(weights), "results": str(folder)}
        print(json.dumps(document, indent=2))
        return 0
    per = " per member" if args.ensemble else ""
    print(
        f"back-test on every war: {result.wars} COW inter-state wars, {len(result.cases):,} "
        f"potential joiners, weights {weights}, {count} replicates{per} per war"
    )
    print_scores(result)
    print_reliability(result.reliability)
    print_honour(result.honour)
    print(timing_line(result.seconds))
    print(f"results written to {folder}/")
    return 0


def ensemble_members(path: str):
    """Each war's members of the ensemble file (columns it lacks keep the war's values)."""
    from axissim.folders.calibration import read_ensemble

    return lambda war: read_ensemble(path, war.scenario)


def default_fit(article, source: str):
    """The refit of a fold: the article, the training wars and the history cases, together
    (axissim.studies.calibrate.fold_fit)."""
    from axissim.studies import backtest as bt
    from axissim.studies.calibrate import fold_fit

    cases = bt.load_cases(bt.case_paths([HISTORY]))
    return fold_fit(article, [case.scenario for case in cases], source)


def share(value) -> str:
    return "" if missing(value) else f"{float(value):.1%}"


def print_scores(result) -> None:
    from axissim.studies.corpus.cases import LOG_LOSS_CLIP

    joined = int(result.cases.joined.sum())
    print(
        f"\n{joined} joined ({share(joined / len(result.cases))}, the base rate). Each "
        "forecaster gives P(the state joins the war); the model's is the share of worlds whose "
        "policy is troops for the side it joined (for either side if it stayed out)."
    )
    rows = [
        [r.forecaster, f"{r.auc:.3f}", f"{r.brier:.4f}", f"{r.log_loss:.3f}"]
        for r in result.scores.itertuples(index=False)
    ]
    print(table(rows, ["forecaster", "AUC", "Brier", "log loss"]))
    print(
        f"AUC: chance a joiner gets a higher P than a state that stayed out (0.5: no better "
        f"than chance). Brier: mean squared error of P. Log loss: mean -ln P(what happened), P "
        f"clipped to [{LOG_LOSS_CLIP:g}, 1 - {LOG_LOSS_CLIP:g}]. The logistic regression and "
        f"the base rate are fitted on the other folds' wars ({result.folds} folds grouped by "
        "war)."
    )


def print_reliability(reliability) -> None:
    rows = [
        [r.forecaster, f"{r.low:.1f}-{r.high:.1f}", f"{r.n:,}", f"{r.predicted:.3f}",
         f"{r.observed:.3f}"]
        for r in reliability.itertuples(index=False)
    ]  # fmt: skip
    print("\nreliability: cases in each bin of P, their mean P and how many joined")
    print(table(rows, ["forecaster", "bin", "cases", "mean P", "joined"]))


def print_honour(honour) -> None:
    from axissim.studies.corpus.honour import ERA_LABELS, ERAS

    def by(kind):
        return honour[honour.kind == kind].set_index("era")

    data, model, onset, both = by("data"), by("model"), by("onset"), by("together")
    rows = [
        [
            ERA_LABELS[e],
            f"{data.holders[e]:.0f}",
            f"{data.honoured[e]:.0f} ({share(data.rate[e])})",
            share(model.rate[e]),
            f"{onset.holders[e]:.0f}, {onset.honoured[e]:.0f} on a partner's side",
            share(both.rate[e]),
        ]
        for e in ERAS
    ]
    print(
        "\nhonour rate of defence pledges (potential joiners with an ATOP defence pledge to a "
        "non-initiating original belligerent; honoured: joined on the partner's side):"
    )
    header = ["era", "holders", "honoured (data)", "model", "fought from the onset", "together"]
    print(table(rows, header))
    for r in honour[honour.kind == "literature"].itertuples(index=False):
        print(f"  published: {r.source}: {r.rate:.1%}")
    print(
        "  The corpus's holders exclude the states that fought from the war's onset year, so "
        "pledges honoured at once are not in it ('fought from the onset': the original "
        "belligerents with a pledge to another that did not initiate the war; 'together': both "
        "counted). The literature counts only the wars in which a treaty's own terms called "
        "the ally in, whenever it entered."
    )


def timing_line(seconds: dict[str, float]) -> str:
    parts = [f"building the scenarios {seconds.get('build', 0):.1f} s",
             f"the cases and baselines {seconds.get('cases', 0):.1f} s",
             f"simulating {seconds.get('simulate', 0):.1f} s"]  # fmt: skip
    if "refit" in seconds:
        parts.append(f"refitting {seconds['refit']:.0f} s")
    return f"\ntime: {seconds.get('total', 0):.1f} s ({', '.join(parts)})"
