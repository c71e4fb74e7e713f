"""`axissim run SCENARIO`: replicate a scenario, print its decisions, write its results folder."""

from __future__ import annotations

import argparse
import json

from axissim.cli.arguments import (
    add_json,
    add_out,
    add_replicates,
    add_scenario,
    add_set,
    data_file,
    load,
    replicates,
    scenario_file,
    seed,
)
from axissim.levels import LEVEL_NAMES
from axissim.wording import missing, observed_text, outcome_text, probability_cell, table

HELP = "run a scenario's replicates and write the results folder"


def register(commands) -> None:
    p = commands.add_parser(
        "run",
        help=HELP,
        description="Run --replicates worlds of a scenario with seeds N, N+1, ... (--seed N); "
        "print each decision's probabilities against the observed one and write the results "
        "folder.",
    )
    add_scenario(p)
    add_set(p)
    add_replicates(p, "to run")
    p.add_argument("--seed", type=seed, metavar="N", help="first world's seed (the scenario's)")
    p.add_argument(
        "--ensemble",
        type=data_file,
        metavar="FILE",
        help="run over every member of an ensemble.parquet",
    )
    p.add_argument(
        "--compare",
        type=scenario_file,
        metavar="SCENARIO",
        help="with --ensemble: the scenario to compare with (the one SCENARIO extends)",
    )
    add_out(p, "results/<scenario name>")
    add_json(p)
    p.set_defaults(func=handle)


def handle(args: argparse.Namespace) -> int:
    scenario = load(args)  # before NumPy and pandas load: a bad scenario is refused at once
    from axissim.folders import run as run_folder
    from axissim.folders.calibration import read_ensemble
    from axissim.studies.run import comparison_base, decisions_document, run_compared

    members = read_ensemble(args.ensemble, scenario) if args.ensemble else None
    base = comparison_base(args.scenario, members, args.compare)  # bad input fails before work
    count = replicates(args, members is not None)
    overrides = args.set or []
    folder = args.out or run_folder.default(scenario, overrides, args.ensemble)
    result, compared = run_compared(scenario, count, args.seed, members, base)
    run_folder.write(result, folder, args.scenario, args.ensemble, compared, overrides)
    if args.json:
        document = {**decisions_document(result), "overrides": overrides}
        print(json.dumps({**document, "results": str(folder)}, indent=2))
        return 0
    over = f" x {len(members)} ensemble members (P [5-95% across members])" if members else ""
    print(
        f"{scenario.name}: {count} replicates{over}, seeds {int(result.seeds[0])}.., "
        f"choice {scenario.choice.rule} (T={scenario.choice.temperature})"
    )
    if overrides:
        print(whatif_line(overrides, folder, args.out is None))
    print(decisions_table(result.summary))
    beside = beside_table(result.summary)
    if beside:
        print(
            "\nwhere the peak or the steps at each level differ from the policy (peak: share of "
            "worlds whose highest level it is; steps: mean share of the conflict's steps):"
        )
        print(beside)
    if result.all_observed_match is not None:
        print(f"\nall observed decisions match: {'yes' if result.all_observed_match else 'NO'}")
    print(f"results written to {folder}/")
    return 0


def whatif_line(overrides: list[str], folder, default: bool) -> str:
    """The header line of a run with --set: every override, and where its results go."""
    where = f"results in {folder}/, apart from the scenario's own" if default else ""
    return f"what-if: --set {', --set '.join(overrides)}" + (f"; {where}" if where else "")


def decisions_table(summary) -> str:
    rows = [
        [
            r.decider,
            r.conflict,
            outcome_text(r.level, r.beneficiary),
            *(probability_cell(r, n) for n in LEVEL_NAMES),
            observed_text(r.observed, r.observed_beneficiary),
            "" if missing(r.observed) else ("yes" if r.match else "NO"),
        ]
        for r in summary.itertuples(index=False)
    ]
    header = ["decider", "conflict", "policy (modal)", *(f"P({n[:4]})" for n in LEVEL_NAMES)]
    return table(rows, [*header, "observed", "match"])


DIFFERS = 0.05
"""A peak or step share this far from the policy's probability is shown beside it."""


def beside_table(summary) -> str:
    """Per decision, the peak distribution and the share of steps at each level, when either
    differs from the policy's distribution by DIFFERS or more somewhere; "" when none does."""
    rows = []
    for r in summary.itertuples(index=False):
        policy = [getattr(r, f"p_{n}") for n in LEVEL_NAMES]
        for measure in ("peak", "steps"):
            values = [getattr(r, f"{measure}_{n}") for n in LEVEL_NAMES]
            if max(abs(a - b) for a, b in zip(values, policy, strict=True)) >= DIFFERS:
                rows.append([r.decider, r.conflict, measure, *(f"{v:.2f}" for v in values)])
    header = ["decider", "conflict", "measure", *(n[:4] for n in LEVEL_NAMES)]
    return table(rows, header) if rows else ""
