"""`axissim discover DIR --outcome EXPR`: PRIM boxes, where in a sweep an outcome holds."""

from __future__ import annotations

import argparse

from axissim.cli.arguments import add_out, input_folder, positive
from axissim.wording import limits_text, number, table, today_text

HELP = "find the regions of a sweep where an outcome holds (PRIM boxes)"


def register(commands) -> None:
    p = commands.add_parser(
        "discover",
        help=HELP,
        description="Scenario discovery on a sweep results folder: PRIM boxes (ema-workbench) "
        "of the design points where --outcome holds, with their coverage, density and limits. "
        "EXPR: [any|all] STATISTIC[OUTPUT] OP NUMBER, joined by and/or, e.g. "
        '"p_material[aid_to:IRN] > 0.5" or "any p_arms[*:israel_iran] >= 0.2"; or '
        '"any decider gives Iran material aid".',
    )
    p.add_argument("folder", type=input_folder, metavar="DIR", help="a sweep results folder")
    p.add_argument("--outcome", required=True, metavar="EXPR", help="what must hold at a point")
    p.add_argument(
        "--density",
        type=float,
        default=0.8,
        metavar="SHARE",
        help="share of a box's points where the outcome must hold (0.8)",
    )
    p.add_argument("--boxes", type=positive, default=3, metavar="N", help="boxes to look for (3)")
    add_out(p, "DIR/discover")
    p.set_defaults(func=handle)


def handle(args: argparse.Namespace) -> int:
    from axissim.folders import discovery as discovery_folder
    from axissim.readers.discover import discover

    found = discover(args.folder, args.outcome, args.density, args.boxes)
    files = discovery_folder.write(found, args.folder, args.out)
    cases = found.cases
    print(
        f"{args.folder}: {found.outcome.expression} holds at {int(cases.sum()):,} of "
        f"{len(cases):,} points ({cases.mean():.0%})"
    )
    if not found.found:
        print(f"no box of density >= {found.density:g} restricts any parameter")
    for box_number, box in found.boxes.groupby("box", sort=True):
        first = box.iloc[0]
        print(
            f"\nbox {box_number}: coverage {first.coverage:.2f}, density {first.density:.2f}, "
            f"{first.points:,} points"
        )
        rows = [
            [
                r.parameter,
                limits_text(r),
                f"{number(r.minimum)} to {number(r.maximum)}",
                today_text(r),
            ]
            for r in box.itertuples(index=False)
        ]
        print(table(rows, ["parameter", "in the box", "swept range", "today"]))
    from axissim.charts.discover import peeling_skipped

    reason = found.found and peeling_skipped(found.peeling)
    if reason:
        print(f"\nskipped: {reason}")
    print(f"\nresults written to {files[0].parent}/: {', '.join(f.name for f in files)}")
    return 0
