"""`axissim explore [SCENARIO]`: one world in the browser, assumptions on sliders."""

from __future__ import annotations

import argparse
from pathlib import Path

from axissim.cli.arguments import add_scenario, add_set, load, positive
from axissim.errors import InputError

HELP = "explore one world in the browser: move the assumptions, watch the decisions"
HOST = "127.0.0.1"
"""The explorer serves this machine only."""
BASELINE = Path("scenarios/iran_2025.yaml")
"""The scenario explored when none is given, if it is here."""


def register(commands) -> None:
    p = commands.add_parser(
        "explore",
        help=HELP,
        description=f"{HELP[0].upper()}{HELP[1:]} (needs the explore extra: pip install "
        "'axissim[explore]').",
    )
    add_scenario(p, optional=True, help_=f"scenario YAML file ({BASELINE})")
    add_set(p)
    p.add_argument(
        "--port", type=positive, default=8765, metavar="N", help=f"port on {HOST} (8765)"
    )
    p.add_argument("--no-browser", action="store_true", help="do not open a browser")
    p.set_defaults(func=handle)


def handle(args: argparse.Namespace) -> int:
    if args.scenario is None:
        if not BASELINE.is_file():
            raise InputError("explore", "SCENARIO", f"none given, and no {BASELINE} here")
        args.scenario = str(BASELINE)
    scenario = load(args)
    try:
        from axissim.abm.app import serve
    except ImportError as exc:
        raise InputError(
            "explore", "", f"needs the explore extra: pip install 'axissim[explore]' ({exc})"
        ) from None
    print(
        f"axissim explore: {scenario.name} at http://{HOST}:{args.port}/ (Ctrl+C stops)", flush=True
    )
    serve(args.scenario, args.set or [], HOST, args.port, not args.no_browser)
    return 0
