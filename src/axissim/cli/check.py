"""`axissim check SCENARIO`: validate a scenario and say what it holds."""

from __future__ import annotations

import argparse

from axissim.cli.arguments import add_scenario, add_set, load

HELP = "validate a scenario file and report what it holds"


def register(commands) -> None:
    p = commands.add_parser("check", help=HELP, description=f"{HELP[0].upper()}{HELP[1:]}.")
    add_scenario(p)
    add_set(p)
    p.set_defaults(func=handle)


def handle(args: argparse.Namespace) -> int:
    scenario = load(args)
    decisions = sum(len(c.deciders) for c in scenario.conflicts.values())
    print(
        f"{args.scenario}: ok - scenario '{scenario.name}', {len(scenario.countries)} countries, "
        f"{len(scenario.relations)} relations, {len(scenario.conflicts)} conflicts, "
        f"{decisions} decisions, {len(scenario.observed)} observed, {scenario.steps} steps"
    )
    return 0
