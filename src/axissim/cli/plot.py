"""`axissim plot DIR`: recompute a sweep's indices and redraw its charts from its saved tables."""

from __future__ import annotations

import argparse

from axissim.cli.arguments import input_folder
from axissim.wording import index_tables, table

HELP = "redraw a sweep's indices and charts from its saved results"


def register(commands) -> None:
    p = commands.add_parser(
        "plot",
        help=HELP,
        description="Recompute the sensitivity indices and redraw every chart of a sweep "
        "results folder from its saved points, outcomes and manifest.",
    )
    p.add_argument("folder", type=input_folder, metavar="DIR", help="a sweep results folder")
    p.set_defaults(func=handle)


def handle(args: argparse.Namespace) -> int:
    from axissim.folders.sweep import require
    from axissim.readers.sweep_figures import draw, skipped_in

    folder = require(args.folder)
    indices, files = draw(folder)
    print_indices(indices)
    for reason in skipped_in(folder):
        print(f"\nskipped: {reason}")
    print(f"\ncharts written to {folder}/: {', '.join(f.name for f in files)}")
    return 0


def print_indices(indices) -> None:
    """Sensitivity indices, one table per output and statistic, largest effect first."""
    for t in index_tables(indices):
        print(f"\n{t.statistic} of {t.output}:")
        print(
            "  does not vary over the sweep: no indices"
            if t.rows is None
            else table(t.rows, t.header)
        )
