"""`axissim backtest [DIR...]`: score the weights on historical cases they were not fitted to."""

from __future__ import annotations

import argparse
from pathlib import Path

from axissim.cli.arguments import (
    add_json,
    add_out,
    add_replicates,
    corpus_name,
    data_file,
    replicates,
    scenario_file,
    seed,
)
from axissim.cli.backtest_corpus import FOLDS, HISTORY, handle_corpus
from axissim.errors import InputError
from axissim.levels import LEVEL_NAMES
from axissim.wording import levels_text, outcome_text, percent, table

HELP = "score the weights on historical cases they were not fitted to"
ARTICLE = Path("scenarios/iran_2025.yaml")
"""The scenario --loco fits to besides the other cases and the war corpus, by default."""


def register(commands) -> None:
    p = commands.add_parser(
        "backtest",
        help=HELP,
        description="Run every historical case with the given weights (never refitted), score "
        "the predicted levels against the record and two rules of thumb, and compare the "
        "honour rate of mutual-defence treaties with the literature. With --corpus cow, run "
        "every COW inter-state war instead, its potential joiners deciding together, and score "
        "their P(troops) against the record beside the base rate and a logistic regression.",
    )
    p.add_argument("dirs", nargs="*", metavar="DIR", help=f"folders of case files ({HISTORY})")
    given = p.add_mutually_exclusive_group()
    given.add_argument(
        "--weights",
        type=data_file,
        metavar="FILE",
        help="a weights file for every case (each case's own)",
    )
    given.add_argument(
        "--ensemble",
        type=data_file,
        metavar="FILE",
        help="an ensemble.parquet: average its members",
    )
    p.add_argument("--loco", action="store_true", help="also leave one case out (slow)")
    add_corpus_options(p)
    p.add_argument(
        "--article",
        type=scenario_file,
        metavar="SCENARIO",
        help=f"with --loco or --refit: the scenario fitted along with the cases, whose priors "
        f"bound the fit ({ARTICLE})",
    )
    add_replicates(p, "per case (per war with --corpus)")
    p.add_argument(
        "--seed",
        type=seed,
        metavar="N",
        help="first world's seed (each case's; with --corpus, each war's: its number)",
    )
    add_out(p, "results/backtest; with --corpus, results/corpus")
    add_json(p)
    p.set_defaults(func=handle)


def add_corpus_options(p: argparse.ArgumentParser) -> None:
    """--corpus, --refit and --folds: the back-test on every war."""
    p.add_argument(
        "--corpus",
        type=corpus_name,
        metavar="NAME",
        help="instead of DIR: every war of a corpus, cow (COW inter-state wars), each potential "
        "joiner scored on P(troops) beside the base rate and a logistic regression",
    )
    p.add_argument(
        "--refit",
        action="store_true",
        help="with --corpus: also fit the weights on the other folds' wars and predict each "
        "fold (slow)",
    )
    p.add_argument(
        "--folds",
        type=fold_count,
        metavar="N",
        help=f"with --corpus: folds of wars for the baselines and --refit ({FOLDS})",
    )


def fold_count(text: str) -> int:
    """--folds: at least 2 (a fold is scored by a model fitted on the others)."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 2:
        raise InputError(
            "--folds", "", f"expected a whole number >= 2 (each fold of wars is predicted from "
            f"the others), got {text!r}"
        )  # fmt: skip
    return value


def check_options(args: argparse.Namespace) -> None:
    """Options that belong to one kind of back-test only: refused before any work."""
    if args.corpus is None:
        for option, given in (("--refit", args.refit), ("--folds", args.folds),
                              ("--json", args.json)):  # fmt: skip
            if given:
                raise InputError(option, "", "needs --corpus (e.g. --corpus cow)")
        return
    if args.dirs:
        raise InputError(
            "--corpus", "", f"runs every war of the corpus: give no DIR (got {args.dirs[0]})"
        )
    if args.loco:
        raise InputError("--loco", "", "is for the history cases; with --corpus, use --refit")


def handle(args: argparse.Namespace) -> int:
    check_options(args)
    if args.corpus is not None:
        return handle_corpus(args)
    from axissim import bars
    from axissim.folders import backtest as backtest_folder
    from axissim.scenario import load_scenario
    from axissim.studies import backtest as bt
    from axissim.studies.calibrate import fold_fit
    from axissim.studies.corpus import load_wars

    places = args.dirs or [HISTORY]
    cases = bt.load_cases(bt.case_paths(places), args.weights)
    members = bt.ensemble_members(args.ensemble) if args.ensemble else lambda case: None
    article_file = args.article or ARTICLE
    article = load_scenario(article_file) if args.loco else None
    count = replicates(args, args.ensemble is not None)
    wars = [war.scenario for war in load_wars()] if args.loco else []
    fit = fold_fit(article, wars, str(article_file)) if args.loco else None
    report = bt.backtest(cases, count, args.seed, members, article, fit, bars.terminal())
    other = [] if [Path(d) for d in places] == [HISTORY] else places  # cases not the shipped
    folder = args.out or backtest_folder.default(args.loco, args.weights, args.ensemble, other)
    weights = args.weights or args.ensemble or "each case's own"
    backtest_folder.write(
        report,
        folder,
        case_dirs=[str(p) for p in places],
        weights=str(weights),
        replicates=count,
        seed=args.seed,
        loco_article=None if article is None else str(article_file),
    )
    per = " per member" if args.ensemble else ""
    print(f"back-test: {len(cases)} cases, weights {weights}, {count} replicates{per} each")
    print_report(report, bt.PROBABILITY_FLOOR)
    print(f"results written to {folder}/")
    return 0


def print_report(report, floor: float) -> None:
    """The predictions, the scores of each forecaster, the honour of treaties."""
    rows = [
        [
            r.case,
            f"{r.decider} -> {r.beneficiary}",
            levels_text(r.observed_low, r.observed_high),
            f"{outcome_text(r.level, r.predicted_beneficiary)} ({r.p_modal:.2f})",
            f"{r.p_observed:.2f}",
            outcome_text(abs(r.rule_signed), r.partner or r.beneficiary),
            LEVEL_NAMES[r.common_level],
        ]
        for r in report.predictions.itertuples(index=False)
    ]
    header = ["case", "aid", "observed", "model (P)", "P(observed)", "treaty rule", "common"]
    print(table(rows, header))
    scores = [t for t in (report.scores, report.loco_scores) if t is not None]
    rows = [
        [r.forecaster, *(f"{x:.2f}" for x in (r.exact, r.within_one, r.log_score, r.brier))]
        for t in scores
        for r in t.itertuples(index=False)
    ]
    print(
        f"\nscores over {len(report.predictions)} decisions (log score clips P at {floor:g}; "
        "Brier spreads an observed range uniformly):"
    )
    print(table(rows, ["forecaster", "exact", "within one", "log score", "Brier"]))
    print_honour(report.honour)


def print_honour(honour) -> None:
    ours = honour[honour.source == "these cases"]
    loco = "model_loco" in ours
    rows = [
        [r.scope, f"{r.treaties:.0f}", *map(percent, (r.honoured_arms, r.honoured_troops, r.model)),
         *([percent(r.model_loco)] if loco else [])]
        for r in ours.itertuples(index=False)
    ]  # fmt: skip
    print(
        "\nhonour rate of applicable mutual-defence treaties (honoured: the partner got arms "
        "or above, or troops, over the whole observed range; model: mean P(arms or above to "
        "the partner)):"
    )
    header = ["cases", "treaties", "honoured (arms+)", "honoured (troops)", "model"]
    print(table(rows, header + ["model, leave-one-case-out"] * loco))
    for r in honour[honour.source != "these cases"].itertuples(index=False):
        print(f"  published: {r.source}, {r.scope}: {r.published:.1%}")
