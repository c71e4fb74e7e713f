"""What the commands share: the parser class, argument types that refuse bad input before any
work (and before NumPy, pandas or Mesa load), and the options several commands take.

A type that finds bad input raises the library's InputError, which argparse lets through:
`main` prints it as every other refusal, one line and exit status 2.
"""

from __future__ import annotations

import argparse
import difflib
from typing import Any

SET_EXAMPLE = "--set 'relations.RUS->IRN.treaty=1'"
"""The example of every --set help: quoted, since unquoted the shell reads > as a redirect."""
REPLICATES = 1000
"""Worlds a run or a back-test case runs by default."""
ENSEMBLE_REPLICATES = 50
"""Worlds per ensemble member by default."""


class Parser(argparse.ArgumentParser):
    """argparse's parser, saying "did you mean" for a misspelt choice (a command, a method),
    as Python 3.14's suggest_on_error does."""

    def _check_value(self, action: argparse.Action, value: Any) -> None:
        if action.choices is None or value in action.choices:
            return
        near = difflib.get_close_matches(str(value), [str(c) for c in action.choices], n=1)
        hint = f"; did you mean {near[0]!r}?" if near else ""
        choices = ", ".join(map(repr, action.choices))
        raise argparse.ArgumentError(
            action, f"invalid choice: {value!r}{hint} (choose from {choices})"
        )


class Formatter(argparse.HelpFormatter):
    """argparse's help, listing the commands without a line for COMMAND itself above them."""

    def _format_action(self, action: argparse.Action) -> str:
        if isinstance(action, argparse._SubParsersAction):
            return "".join(map(self._format_action, action._get_subactions()))
        return super()._format_action(action)


class Version(argparse.Action):
    """--version: the installed version, looked up only when asked for."""

    def __init__(self, option_strings: list[str], dest: str, **_: Any) -> None:
        super().__init__(
            option_strings,
            argparse.SUPPRESS,
            default=argparse.SUPPRESS,
            nargs=0,
            help="print the version and exit",
        )

    def __call__(self, parser, namespace, values, option_string=None) -> None:
        from axissim import __version__

        print(f"axissim {__version__}")
        parser.exit()


def _whole(text: str, minimum: int, maximum: int | None = None, why: str = "") -> int:
    """A whole number >= minimum; with a maximum, at most that, for the reason `why`."""
    from axissim.errors import shorten
    from axissim.limits import at_most

    try:
        value = int(text)
    except ValueError:  # not a number, or more digits than Python reads
        value = minimum - 1
    if value < minimum:
        raise argparse.ArgumentTypeError(
            f"expected a whole number >= {minimum}, got {shorten(text)}"
        )
    refused = maximum is not None and at_most(value, maximum, why)
    if refused:
        raise argparse.ArgumentTypeError(refused.replace(f"{value:,}", shorten(text)))
    return value


def positive(text: str) -> int:
    return _whole(text, 1)


def non_negative(text: str) -> int:
    return _whole(text, 0)


def seed(text: str) -> int:
    """A first world's seed: the worlds' seeds, seed, seed + 1, ..., fit 64 bits."""
    from axissim.limits import MAX_SEED

    why = "2**63 - 1: the worlds' seeds, seed, seed + 1, ..., fit 64 bits"
    return _whole(text, 0, MAX_SEED, why)


def bounded(maximum: int, why: str, minimum: int = 1):
    """The type of a whole number from `minimum` to `maximum` (refused above it for `why`)."""

    def whole(text: str) -> int:
        return _whole(text, minimum, maximum, why)

    return whole


def replicates_count(text: str) -> int:
    """Worlds of a run or a back-test case: bounded by what a run keeps in memory."""
    from axissim.limits import MAX_REPLICATES

    why = "a run keeps every world's outcome in memory and in outcomes.csv"
    return _whole(text, 1, MAX_REPLICATES, why)


def scenario_file(text: str) -> str:
    """A scenario file that is there (its contents are checked when it is loaded)."""
    from axissim.scenario.yamlio import input_file

    input_file(text, "a scenario file")
    return text


def sweep_file(text: str) -> str:
    from axissim.scenario.yamlio import input_file

    input_file(text, "a sweep file")
    return text


def data_file(text: str) -> str:
    """A file to read (weights, ensemble) that is there."""
    from axissim.scenario.yamlio import input_file

    input_file(text, "a file")
    return text


def input_folder(text: str) -> str:
    """A results folder to read that is there (what it holds is checked by its reader)."""
    from pathlib import Path

    from axissim.errors import InputError
    from axissim.scenario.yamlio import not_found

    path = Path(text)
    if not path.exists():
        raise InputError(text, "", not_found(path, "folder"))
    if not path.is_dir():
        raise InputError(text, "", "a file, not a results folder")
    return text


def setting(text: str) -> str:
    """A --set PATH=VALUE, read as the scenario loader will read it."""
    from axissim.scenario.merge import parse_override

    parse_override(text)
    return text


def results_folder(text: str) -> str:
    """An --out folder that can be written: no file in the way."""
    from axissim.folders.ownership import check_folder

    check_folder(text)
    return text


def output_file(text: str) -> str:
    """An --out file that can be written: no folder in the way."""
    from axissim.files import check_file

    check_file(text)
    return text


CORPORA = ("cow",)
"""What --corpus takes: cow, every COW inter-state war (axissim.data.wars.corpus_scenarios)."""


def corpus_name(text: str) -> str:
    """A corpus --corpus knows; anything else is refused in one line."""
    from axissim.errors import InputError

    if text.lower() in CORPORA:
        return text.lower()
    near = difflib.get_close_matches(text.lower(), CORPORA, n=1)
    hint = f"; did you mean {near[0]!r}?" if near else ""
    raise InputError("--corpus", "", f"unknown corpus {text!r}{hint} (known: {', '.join(CORPORA)})")


def add_scenario(parser: argparse.ArgumentParser, optional: bool = False, help_: str = "") -> None:
    parser.add_argument(
        "scenario",
        type=scenario_file,
        metavar="SCENARIO",
        nargs="?" if optional else None,
        help=help_ or "scenario YAML file",
    )


def add_set(parser: argparse.ArgumentParser, where: str = "the scenario") -> None:
    parser.add_argument(
        "--set",
        action="append",
        type=setting,
        metavar="PATH=VALUE",
        help=f"override a value in {where}, e.g. {SET_EXAMPLE} (quote it: unquoted, the shell "
        "reads > as a redirect); repeatable",
    )


def add_out(parser: argparse.ArgumentParser, default: str, file: bool = False) -> None:
    parser.add_argument(
        "--out",
        type=output_file if file else results_folder,
        metavar="FILE" if file else "DIR",
        help=f"where to write ({default})",
    )


def add_json(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print one JSON document")


def add_replicates(parser: argparse.ArgumentParser, what: str) -> None:
    parser.add_argument(
        "--replicates",
        type=replicates_count,
        metavar="N",
        help=f"worlds {what} ({REPLICATES}; with --ensemble, per member: {ENSEMBLE_REPLICATES})",
    )


def replicates(args: argparse.Namespace, ensemble: bool) -> int:
    """--replicates, or its default with or without an ensemble."""
    return args.replicates or (ENSEMBLE_REPLICATES if ensemble else REPLICATES)


def load(args: argparse.Namespace):
    """The scenario of args.scenario with the --set overrides."""
    from axissim.scenario import load_scenario

    return load_scenario(args.scenario, overrides=args.set or ())
