"""`axissim sweep SWEEP`: run a designed experiment in chunks, then its indices and charts."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from axissim.cli.arguments import add_out, positive, sweep_file
from axissim.cli.plot import print_indices

HELP = "run a parameter sweep (grid, lhs, sobol, morris) and write tables and charts"
EXECUTORS = ("inproc", "local", "dask")


def register(commands) -> None:
    p = commands.add_parser(
        "sweep",
        help=HELP,
        description="Run every design point of a sweep file in chunks on the batch engine; "
        "each finished chunk is saved at once, so an interrupted sweep resumes.",
    )
    p.add_argument("sweep", type=sweep_file, metavar="SWEEP", help="sweep YAML file")
    add_out(p, "results/sweeps/<sweep file name>")
    p.add_argument(
        "--executor",
        choices=EXECUTORS,
        default="local",
        help="where chunks run: this process, local processes (default) or Dask",
    )
    p.add_argument(
        "--workers", type=positive, metavar="N", help="processes or Dask workers (the cores)"
    )
    p.add_argument("--scheduler", metavar="ADDRESS", help="Dask scheduler, tcp://host:port")
    p.add_argument("--resume", action="store_true", help="run only the chunks not yet saved")
    p.add_argument("--chunk", type=positive, metavar="N", help="runs per chunk (20000)")
    p.set_defaults(func=handle)


def handle(args: argparse.Namespace) -> int:
    from axissim.studies.sweep.executors import check
    from axissim.studies.sweep.spec import read_sweep

    check(args.executor, args.scheduler)
    sweep = read_sweep(args.sweep)  # before pandas, SciPy and matplotlib load
    from axissim.folders import sweep as sweep_folder
    from axissim.readers.sweep_figures import draw_into, skipped_in
    from axissim.studies.sweep.run import run_sweep

    folder = Path(args.out or sweep_folder.default(args.sweep))
    options = (args.executor, args.workers, args.scheduler, args.resume, args.chunk)
    drawn = []  # the indices table, drawn with the charts

    def figures(stage: Path) -> list[Path]:  # into the tables' staging folder: all or nothing
        indices, charts = draw_into(stage, stage)
        drawn.append(indices)
        return charts

    try:
        result = run_sweep(sweep, folder, *options, figures=figures)
    except KeyboardInterrupt:
        print(
            f"axissim: interrupted; finished chunks are kept in {folder}/: "
            "the same command with --resume runs only the rest",
            file=sys.stderr,
        )
        return 130
    plan = result.plan
    print(
        f"{Path(args.sweep).stem}: {sweep.design} design, {len(plan.points):,} points x "
        f"{sweep.replicates:,} replicates = {plan.runs:,} runs (seed {sweep.seed})"
    )
    rate = result.ran / result.seconds if result.seconds else 0.0
    print(
        f"ran {result.ran:,} runs in {result.seconds:.1f} s ({rate:,.0f} runs/s) on "
        f"{args.executor}, chunks of {plan.chunk:,} runs"
    )
    indices = drawn[0]
    print_indices(indices)
    if indices.empty:  # grid and lhs: no indices, so the range of each output over the points
        print_extremes(folder, sweep.outputs.statistics)
    for reason in skipped_in(folder):
        print(f"\nskipped: {reason}")
    print(f"\nresults written to {folder}/: {', '.join(f.name for f in result.files)}")
    return 0


def print_extremes(folder: Path, statistics: tuple[str, ...]) -> None:
    """Per output and statistic, its lowest and highest value over the points, and where."""
    from axissim.folders.sweep import read_tables
    from axissim.wording import number, table

    _, points, outcomes = read_tables(folder)
    names = [c for c in points.columns if c != "point"]
    at = points.set_index("point")

    def where(point: int) -> str:
        return ", ".join(f"{n}={number(at.at[point, n])}" for n in names)

    rows = []
    for (output, statistic), values in _by_output(outcomes, statistics):
        low, high = values.idxmin(), values.idxmax()
        rows.append([output, statistic, number(values[low]), where(low), number(values[high])])
        rows[-1].append(where(high))
    header = ["output", "statistic", "lowest", "at", "highest", "at"]
    print(f"\nover the {len(points):,} points:")
    print(table(rows, header))


def _by_output(outcomes, statistics):
    """((output, statistic), values by point) for each output and statistic, in order."""
    for output, rows in outcomes.groupby("output", sort=False):
        for statistic in statistics:
            yield (output, statistic), rows.set_index("point")[statistic]
