"""The `axissim` command: parse the arguments, call the library, print. No model logic here.

One module per command holds its arguments (`register`) beside its handler (`handle`); they
are listed in the order of the workflow. Only argparse and the light parts of the library load
before the arguments are read: the help and every refusal of bad input answer at once, and a
command imports NumPy, pandas, Mesa or matplotlib only when it runs.
"""

from __future__ import annotations

import argparse
import sys

from axissim.cli import (
    backtest,
    calibrate,
    check,
    data,
    discover,
    explain,
    explore,
    plot,
    report,
    run,
    sweep,
    tipping,
)
from axissim.cli.arguments import SET_EXAMPLE, Formatter, Parser, Version
from axissim.errors import InputError

EXIT_BAD_INPUT = 2
EXIT_INTERRUPTED = 130
COMMANDS = (check, run, explain, calibrate, tipping, sweep, plot, discover, report, backtest, data)
COMMANDS += (explore,)
"""In the order of the workflow: check a scenario, run it, explain and study it, report."""
EPILOG = (
    f"Start with `axissim check SCENARIO`; `axissim COMMAND --help` tells a command's options. "
    f"Quote a --set that names a relation: {SET_EXAMPLE} (unquoted, the shell reads > as a "
    "redirect). Bad input exits with status 2 and one line saying what is wrong."
)


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="axissim",
        description="Agent-based diplomacy: who aids a partner at war, and why.",
        epilog=EPILOG,
        formatter_class=Formatter,
    )
    parser.add_argument("--version", action=Version)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", title="commands")
    for command in COMMANDS:
        command.register(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line `argv` (sys.argv's); return the exit status."""
    argv = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        if args.command is None:  # `axissim` alone: the help, as `axissim --help` prints it
            parser.print_help()
            return 0
        return args.func(args)
    except InputError as exc:
        print(f"axissim: error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except BrokenPipeError:  # the reader (e.g. `head`) stopped listening: not an error
        sys.stderr.close()
        return 0
    except KeyboardInterrupt:
        print("axissim: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED


if __name__ == "__main__":
    sys.exit(main())
