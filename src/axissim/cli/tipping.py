"""`axissim tipping SCENARIO`: the smallest change of each weight or fact that flips a decision."""

from __future__ import annotations

import argparse

from axissim.cli.arguments import (
    add_out,
    add_scenario,
    add_set,
    bounded,
    data_file,
    load,
    positive,
)
from axissim.limits import MAX_TIPPING_REPLICATES
from axissim.wording import flip_text, outcome_text, table

HELP = "the smallest change of each weight or fact that flips a decision"


def register(commands) -> None:
    p = commands.add_parser(
        "tipping",
        help=HELP,
        description="For every weight and every fact of a decider, the nearest value below "
        "and above today's that changes the decision's modal policy level or side; a table and "
        "a tornado chart per decision.",
    )
    add_scenario(p)
    add_set(p)
    p.add_argument(
        "--decision",
        metavar="DECIDER:CONFLICT",
        help="one decision, e.g. RUS:israel_iran, ids in any case (every decision)",
    )
    p.add_argument(
        "--ensemble",
        type=data_file,
        metavar="FILE",
        help="also: tipping distances across the members of an ensemble.parquet",
    )
    p.add_argument(
        "--members",
        type=positive,
        default=20,
        metavar="N",
        help="ensemble members to search (20, spread through the file)",
    )
    p.add_argument(
        "--replicates",
        type=bounded(MAX_TIPPING_REPLICATES, "every search runs 12 candidates and 6 bisections"),
        default=64,
        metavar="N",
        help="worlds per candidate value, with common seeds (64)",
    )
    add_out(p, "results/<scenario name>/tipping")
    p.set_defaults(func=handle)


def handle(args: argparse.Namespace) -> int:
    from axissim import bars
    from axissim.scenario.ids import decision_key

    scenario = load(args)  # and the decision, before NumPy loads: bad input is refused at once
    decision = args.decision and decision_key(scenario, args.decision, "tipping", "--decision")
    from axissim.folders import tipping as tipping_folder
    from axissim.folders.calibration import read_ensemble
    from axissim.studies.tipping import search_settings, tipping_report

    members = read_ensemble(args.ensemble, scenario) if args.ensemble else None
    folder = args.out or tipping_folder.default(scenario, args.set or [])
    report, spreads = tipping_report(
        scenario, decision, members, args.members, args.replicates, bars.terminal()
    )
    settings = search_settings(members, args.members, args.replicates)
    files = tipping_folder.write(
        folder, scenario, args.scenario, report, spreads, members, settings
    )
    for key, flips in report.items():
        print_flips(key, flips)
    print(f"\nresults written to {folder}/: {', '.join(f.name for f in files)}")
    return 0


def print_flips(key: str, found) -> None:
    """One decision's outcome today and the parameters that flip it, nearest first."""
    flips = found[found.distance.notna()]
    today = outcome_text(found.level.iloc[0], found.beneficiary.iloc[0])
    print(
        f"\n{key}: today {today}; {len(flips)} of {len(found)} parameters flip it within "
        "their bounds"
    )
    rows = [
        [
            r.parameter,
            f"{r.value:.3g}",
            flip_text(r, "down"),
            flip_text(r, "up"),
            f"{r.distance:.0%}",
        ]
        for r in flips.itertuples(index=False)
    ]
    if rows:
        print(table(rows, ["parameter", "now", "down to", "up to", "distance"]))
