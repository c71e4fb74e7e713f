"""The `axissim` command: parse arguments, call the library, print. No model logic lives here."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from axissim.levels import LEVEL_NAMES
from axissim.scenario import ScenarioError, load_scenario

EXIT_BAD_INPUT = 2


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number >= 1, got {text}")
    return value


def _non_negative(text: str) -> int:
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"expected a whole number >= 0, got {text}")
    return value


def _load(args: argparse.Namespace):
    return load_scenario(args.scenario, overrides=args.set or ())


def _signed(x: float) -> str:
    """+0.125 or -0.125, never -0.000."""
    return f"{round(x, 3) + 0.0:+.3f}"


def _table(rows: list[list[str]], header: list[str]) -> str:
    widths = [max(len(str(x)) for x in col) for col in zip(header, *rows, strict=True)]
    line = lambda cells: "  ".join(str(c).ljust(w) for c, w in zip(cells, widths, strict=True))  # noqa: E731
    return "\n".join([line(header), line(["-" * w for w in widths]), *map(line, rows)])


def cmd_run(args: argparse.Namespace) -> int:
    from axissim.run import decisions_document, run_scenario, write_run

    scenario = _load(args)
    result = run_scenario(scenario, args.replicates, args.seed)
    folder = Path(args.out) if args.out else Path("results") / scenario.name
    write_run(result, folder, args.scenario)
    if args.json:
        doc = decisions_document(result)
        doc["results"] = str(folder)
        print(json.dumps(doc, indent=2))
        return 0
    rows = []
    for r in result.summary.itertuples(index=False):
        aided = f"{r.level_name} -> {r.beneficiary}" if r.level else "none"
        probs = [f"{getattr(r, f'p_{n}'):.2f}" for n in LEVEL_NAMES]
        obs = "" if r.observed is None else f"{r.observed} -> {r.observed_beneficiary}"
        match = "" if r.match is None else ("yes" if r.match else "NO")
        rows.append([r.decider, r.conflict, aided, *probs, obs, match])
    header = [
        "decider",
        "conflict",
        "modal peak",
        *[f"P({n[:4]})" for n in LEVEL_NAMES],
        "observed",
        "match",
    ]
    print(
        f"{scenario.name}: {len(result.seeds)} replicates, seeds {int(result.seeds[0])}.., "
        f"choice {scenario.choice.rule} (T={scenario.choice.temperature})"
    )
    print(_table(rows, header))
    verdict = result.all_observed_match
    if verdict is not None:
        print(f"\nall observed decisions match: {'yes' if verdict else 'NO'}")
    print(f"results written to {folder}/")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    scenario = _load(args)
    decisions = sum(len(c.deciders) for c in scenario.conflicts.values())
    print(
        f"{args.scenario}: ok - scenario '{scenario.name}', {len(scenario.countries)} countries, "
        f"{len(scenario.relations)} relations, {len(scenario.conflicts)} conflicts, "
        f"{decisions} decisions, {len(scenario.observed)} observed, {scenario.steps} steps"
    )
    return 0


def cmd_explain(args: argparse.Namespace) -> int:
    from axissim.analysis.explain import explain
    from axissim.charts.explanation import plot_explanation

    scenario = _load(args)
    e = explain(scenario, args.decider, args.conflict, args.step, args.seed, args.beneficiary)
    folder = Path(args.out) if args.out else Path("results") / scenario.name
    chart = plot_explanation(e, folder / f"explain_{e.decider}_{e.conflict}.png")
    if args.json:
        print(
            json.dumps(
                {
                    "decider": e.decider,
                    "conflict": e.conflict,
                    "step": e.step,
                    "date": e.date,
                    "beneficiary": e.beneficiary,
                    "chosen_level": e.chosen_level,
                    "utility": e.utility.round(6).to_dict(),
                    "probability": e.probability.round(6).to_dict(),
                    "contributions": e.contributions.round(6).to_dict(orient="index"),
                    "exposures": e.exposures.round(6).to_dict(),
                    "weights": e.weights.to_dict(),
                    "chart": str(chart),
                },
                indent=2,
            )
        )
        return 0
    when = f"step {e.step}" + (f" ({e.date})" if e.date else "")
    chosen = LEVEL_NAMES[e.chosen_level] if e.chosen_level >= 0 else f"aid to {e.other_side}"
    print(f"{e.decider} on {e.conflict} at {when}: aid to {e.beneficiary}, chooses {chosen}")
    levels = list(LEVEL_NAMES[1:])
    rows = [
        [
            name,
            f"{e.weights[name]:.2f}",
            f"{e.exposures[name]:.3f}",
            *[_signed(e.contributions.loc[name, lv]) for lv in levels],
        ]
        for name in e.contributions.index
    ]
    rows.append(["= utility", "", "", *[_signed(e.utility[lv]) for lv in levels]])
    rows.append(["P(choice)", "", "", *[f"{e.probability[lv]:.3f}" for lv in levels]])
    print(_table(rows, ["interest", "weight", "exposure", *levels]))
    level, util = e.other_side_best
    print(
        f"\nnone has utility 0 (P={e.probability['none']:.3f}); best aid to {e.other_side}: "
        f"{LEVEL_NAMES[level]} at {_signed(util)}"
    )
    print(f"chart written to {chart}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="axissim", description="Agent-based diplomacy: who aids a partner at war, and why."
    )
    sub = parser.add_subparsers(dest="command", required=True)

    def scenario_command(name: str, help_: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_, description=help_)
        p.add_argument("scenario", help="scenario YAML file")
        p.add_argument(
            "--set",
            action="append",
            metavar="PATH=VALUE",
            help="override a scenario value, e.g. relations.RUS->IRN.treaty=1",
        )
        return p

    run = scenario_command("run", "run a scenario's replicates and write the results folder")
    run.add_argument("--replicates", type=_positive, default=1000, help="worlds to run (1000)")
    run.add_argument("--seed", type=_non_negative, help="first world's seed (the scenario's)")
    run.add_argument("--out", help="results folder (results/<scenario name>)")
    run.add_argument("--json", action="store_true", help="print one JSON document")
    run.set_defaults(func=cmd_run)

    check = scenario_command("check", "validate a scenario file and report what it holds")
    check.set_defaults(func=cmd_check)

    exp = scenario_command("explain", "split a decision's utilities into named interests")
    exp.add_argument("decider", help="country id of the decider, e.g. RUS")
    exp.add_argument("conflict", help="conflict id, e.g. israel_iran")
    exp.add_argument("--step", type=_non_negative, help="step to explain (last active one)")
    exp.add_argument("--seed", type=_non_negative, help="world whose history sets the state")
    exp.add_argument("--beneficiary", help="side to show, by its lead (the observed one)")
    exp.add_argument("--out", help="folder for the chart (results/<scenario name>)")
    exp.add_argument("--json", action="store_true", help="print one JSON document")
    exp.set_defaults(func=cmd_explain)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except ScenarioError as exc:
        print(f"axissim: error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print("axissim: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
