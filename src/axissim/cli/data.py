"""`axissim data scenario`: write a scenario from the shipped COW, ATOP, ... data."""

from __future__ import annotations

import argparse

from axissim.cli.arguments import Formatter, data_file, output_file

HELP = "build scenarios from the shipped COW, ATOP, ... data"


def register(commands) -> None:
    description = f"{HELP[0].upper()}{HELP[1:]}."
    data = commands.add_parser(
        "data", help=HELP, description=description, formatter_class=Formatter
    )
    data.set_defaults(func=lambda args: show(data))
    p = data.add_subparsers(dest="data_command", metavar="COMMAND", title="commands").add_parser(
        "scenario",
        help="write a scenario of a COW war, or of a year and two sides, from the data",
        description="Write a scenario file from the shipped data (src/axissim/data/files): "
        "--war N for a COW inter-state war (its potential joiners decide), or --year YEAR "
        "--countries ID,ID --side ID,ID --side ID,ID for a war you define.",
    )
    p.add_argument("--war", type=int, metavar="N", help="a COW inter-state war number, e.g. 58")
    p.add_argument("--year", type=int, metavar="N", help="the year of the facts (1816-2016)")
    p.add_argument("--countries", metavar="ID,ID,...", help="with --year: the deciders' ids")
    p.add_argument(
        "--side",
        action="append",
        metavar="ID,ID,...",
        help="with --year, twice: a side, lead first",
    )
    p.add_argument("--initiator", metavar="ID", help="with --year: a belligerent who started it")
    p.add_argument(
        "--weights",
        type=data_file,
        metavar="FILE",
        help="weights file to copy in (scenarios/weights/baseline.yaml)",
    )
    p.add_argument(
        "--out", type=output_file, metavar="FILE", required=True, help="the scenario file to write"
    )
    p.set_defaults(func=handle)


def show(parser: argparse.ArgumentParser) -> int:
    """`axissim data` alone: its help."""
    parser.print_help()
    return 0


def handle(args: argparse.Namespace) -> int:
    from axissim.data.build import scenario_from_options, write_scenario

    doc, header = scenario_from_options(
        args.war, args.year, args.countries, args.side, args.initiator, args.weights
    )
    print(write_scenario(doc, header, args.out))
    return 0
