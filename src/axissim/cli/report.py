"""`axissim report DIR`: one self-contained HTML file of everything a results folder holds."""

from __future__ import annotations

import argparse

from axissim.cli.arguments import add_out, input_folder

HELP = "write one self-contained HTML report of a results folder"


def register(commands) -> None:
    p = commands.add_parser(
        "report",
        help=HELP,
        description="Gather what DIR and the folders below it hold (run, explanations, "
        "tipping points, calibration, sweeps, discovery) into one HTML file with every chart "
        "embedded: it opens offline and can be sent on as it is.",
    )
    p.add_argument(
        "folder", type=input_folder, metavar="DIR", help="a results folder, e.g. results/iran_2025"
    )
    p.add_argument(
        "--include",
        action="append",
        type=input_folder,
        metavar="DIR",
        help="also read this folder (repeatable)",
    )
    add_out(p, "DIR/report.html", file=True)
    p.set_defaults(func=handle)


def handle(args: argparse.Namespace) -> int:
    from axissim.readers.report import write_report

    path = write_report(args.folder, args.include or [], args.out)
    print(f"report written to {path}")
    return 0
