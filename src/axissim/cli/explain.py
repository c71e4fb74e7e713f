"""`axissim explain SCENARIO DECIDER CONFLICT`: a decision's utilities split into interests."""

from __future__ import annotations

import argparse
import json

from axissim.cli.arguments import (
    add_json,
    add_out,
    add_scenario,
    add_set,
    load,
    non_negative,
    seed,
)
from axissim.levels import LEVEL_NAMES
from axissim.wording import Names, signed, table

HELP = "split a decision's utilities into named interests"


def register(commands) -> None:
    p = commands.add_parser(
        "explain",
        help=HELP,
        description="Split each option's utility of the decision `axissim run` reports into its "
        "named interests, as a table and a chart: by default a world that holds the modal "
        "policy, at the step it adopted it; the state is that world run up to the step before. "
        "Ids are matched in any case: `explain SCENARIO rus israel_iran`.",
    )
    add_scenario(p)
    p.add_argument("decider", metavar="DECIDER", help="country id of the decider, e.g. RUS")
    p.add_argument("conflict", metavar="CONFLICT", help="conflict id, e.g. israel_iran")
    add_set(p)
    p.add_argument(
        "--step", type=non_negative, metavar="N", help="step to explain (the policy's adoption)"
    )
    p.add_argument(
        "--seed",
        type=seed,
        metavar="N",
        help="world to explain (the first that holds the reported policy)",
    )
    p.add_argument(
        "--beneficiary", metavar="ID", help="side to show, by its lead (the observed one)"
    )
    add_out(p, "the run's folder, results/<scenario name>")
    add_json(p)
    p.set_defaults(func=handle)


def handle(args: argparse.Namespace) -> int:
    from axissim.scenario import ids

    scenario = load(args)  # and the ids, before NumPy loads: bad input is refused at once
    decider, conflict = ids.decision(scenario, args.decider, args.conflict, "explain")
    from axissim.folders import run as run_folder
    from axissim.studies.explain import explain, explanation_document

    side = args.beneficiary and ids.country(scenario, args.beneficiary, "explain", "--beneficiary")
    e = explain(scenario, decider, conflict, args.step, args.seed, side)
    folder = args.out or run_folder.default(scenario, args.set or [])
    chart = run_folder.write_explanation(e, folder, Names.of(scenario))
    if args.json:
        print(json.dumps(explanation_document(e, chart), indent=2))
        return 0
    when = f"step {e.step}" + (f" ({e.date})" if e.date else "")
    chosen = LEVEL_NAMES[e.chosen_level] if e.chosen_level >= 0 else f"aid to {e.other_side}"
    print(
        f"{e.decider} on {e.conflict} at {when}, world {e.seed}: aid to {e.beneficiary}, "
        f"chooses {chosen} (the policy it then holds)"
    )
    levels = list(LEVEL_NAMES)
    rows = [
        [
            name,
            f"{e.weights[name]:.2f}",
            f"{e.exposures[name]:.3f}",
            *(signed(e.contributions.loc[name, lv]) for lv in levels),
        ]
        for name in e.contributions.index
    ]
    rows.append(["= utility", "", "", *(signed(e.utility[lv]) for lv in levels)])
    rows.append(["+ leaning", "", "", *(signed(e.leaning[lv]) for lv in levels)])
    rows.append(["= total", "", "", *(signed(e.total[lv]) for lv in levels)])
    rows.append(["P(policy)", "", "", *(f"{e.probability[lv]:.3f}" for lv in levels)])
    print(table(rows, ["interest", "weight", "exposure", *levels]))
    level, total = e.other_side_best
    print(
        f"\nthe highest total is chosen; best aid to {e.other_side}: {LEVEL_NAMES[level]} at "
        f"{signed(total)}. leaning: world {e.seed}'s private leaning (temperature x a Gumbel "
        f"draw). P(policy): share of {e.worlds:,} worlds holding the level at the end."
    )
    print(f"chart written to {chart}")
    return 0
