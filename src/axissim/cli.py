"""The `axissim` command: parse arguments, call the library, print. No model logic lives here."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import pandas as pd

from axissim.errors import InputError
from axissim.levels import LEVEL_NAMES
from axissim.scenario import load_scenario

EXIT_BAD_INPUT = 2
EXPLORE_HOST = "127.0.0.1"  # the explorer serves this machine only
REPLICATES = 1000
ENSEMBLE_REPLICATES = 50


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


def _probability(row, level: str) -> str:
    """P(level), with its ensemble interval when the run had one: 0.92 [0.66-1.00]."""
    text = f"{getattr(row, f'p_{level}'):.2f}"
    if hasattr(row, "lo_none"):
        text += f" [{getattr(row, f'lo_{level}'):.2f}-{getattr(row, f'hi_{level}'):.2f}]"
    return text


def _table(rows: list[list[str]], header: list[str]) -> str:
    widths = [max(len(str(x)) for x in col) for col in zip(header, *rows, strict=True)]
    line = lambda cells: "  ".join(str(c).ljust(w) for c, w in zip(cells, widths, strict=True))  # noqa: E731
    return "\n".join([line(header), line(["-" * w for w in widths]), *map(line, rows)])


def cmd_run(args: argparse.Namespace) -> int:
    from axissim.folders import run as run_folder
    from axissim.folders.calibration import read_ensemble
    from axissim.scenario.load import extends_parent
    from axissim.studies.run import decisions_document, run_scenario

    scenario = _load(args)
    members = read_ensemble(args.ensemble, scenario) if args.ensemble else None
    compare = (args.compare or extends_parent(args.scenario)) if members else None
    base = load_scenario(compare) if compare else None  # bad input fails before any writing
    replicates = args.replicates or (ENSEMBLE_REPLICATES if members else REPLICATES)
    result = run_scenario(scenario, replicates, args.seed, members)
    folder = Path(args.out) if args.out else run_folder.default(scenario)
    compared = None
    if base is not None:  # the same members and seeds, so differences are the scenario's alone
        compared = (base, run_scenario(base, replicates, int(result.seeds[0]), members).summary)
    run_folder.write(result, folder, args.scenario, args.ensemble, compared)
    if args.json:
        doc = decisions_document(result)
        doc["results"] = str(folder)
        print(json.dumps(doc, indent=2))
        return 0
    rows = []
    for r in result.summary.itertuples(index=False):
        aided = f"{r.level_name} -> {r.beneficiary}" if r.level else "none"
        probs = [_probability(r, n) for n in LEVEL_NAMES]
        unobserved = pd.isna(r.observed)
        obs = "" if unobserved else f"{r.observed} -> {r.observed_beneficiary}"
        match = "" if unobserved else ("yes" if r.match else "NO")
        rows.append([r.decider, r.conflict, aided, *probs, obs, match])
    header = [
        "decider",
        "conflict",
        "modal peak",
        *[f"P({n[:4]})" for n in LEVEL_NAMES],
        "observed",
        "match",
    ]
    over = f" x {len(members)} ensemble members (P [5-95% across members])" if members else ""
    print(
        f"{scenario.name}: {replicates} replicates{over}, seeds {int(result.seeds[0])}.., "
        f"choice {scenario.choice.rule} (T={scenario.choice.temperature})"
    )
    print(_table(rows, header))
    verdict = result.all_observed_match
    if verdict is not None:
        print(f"\nall observed decisions match: {'yes' if verdict else 'NO'}")
    print(f"results written to {folder}/")
    return 0


def cmd_calibrate(args: argparse.Namespace) -> int:
    from axissim.folders import calibration as calibration_folder
    from axissim.studies.calibrate import calibrate

    scenarios = [load_scenario(path, overrides=args.set or ()) for path in args.scenarios]
    cal = calibrate(scenarios, method=args.method, seed=args.seed, sources=args.scenarios)
    folder = Path(args.out) if args.out else calibration_folder.default(scenarios[0])
    calibration_folder.write(cal, folder, args.scenarios)
    ens = cal.ensemble
    print(
        f"calibrated {len(cal.evidence_table)} observed decisions of "
        f"{', '.join(s.name for s in scenarios)} by {args.method} (seed {args.seed})"
    )
    print(f"\nweights (temperature {cal.temperature}):")
    print("  " + ", ".join(f"{k} {v:g}" for k, v in cal.weights.items()))
    print("\nP(observed) under these weights:")
    rows = [
        [r.observation, f"{r.p_likelihood:.3f}", f"{r.p_simulated:.3f}"]
        for r in cal.evidence_table.itertuples(index=False)
    ]
    print(_table(rows, ["observation", "likelihood", "simulated (1000 worlds)"]))
    print(
        f"\nensemble: {len(ens.members)} of {ens.samples} prior draws accepted "
        f"(acceptance rate {ens.acceptance_rate:.2%})"
    )
    print("what the evidence pins down (shrinkage = posterior sd / prior sd):")
    rows = [
        [
            r.parameter,
            f"[{r.prior_low:g}, {r.prior_high:g}]",
            f"[{r.posterior_q05:.2f}, {r.posterior_q95:.2f}]",
            f"{r.shrinkage:.2f}",
            r.verdict,
        ]
        for r in cal.identifiability.itertuples(index=False)
    ]
    print(_table(rows, ["parameter", "prior", "posterior 5-95%", "shrinkage", "verdict"]))
    print(f"\nresults written to {folder}/ (weights.yaml, ensemble.parquet, charts)")
    return 0


def cmd_tipping(args: argparse.Namespace) -> int:
    from axissim.folders import tipping as tipping_folder
    from axissim.folders.calibration import read_ensemble
    from axissim.studies.tipping import search_settings, tipping_report

    scenario = _load(args)
    members = read_ensemble(args.ensemble, scenario) if args.ensemble else None
    folder = Path(args.out) if args.out else tipping_folder.default(scenario)
    report, spreads = tipping_report(scenario, args.decision, members, args.members)
    settings = search_settings(members, args.members)
    tipping_folder.write(folder, scenario, args.scenario, report, spreads, members, settings)
    for key, table in report.items():
        flips = table[table.distance.notna()]
        print(
            f"\n{key}: today {_outcome_text(table.level.iloc[0], table.beneficiary.iloc[0])}; "
            f"{len(flips)} of {len(table)} parameters flip it within their bounds"
        )
        rows = [
            [r.parameter, f"{r.value:.3g}", _flip(r, "down"), _flip(r, "up"), f"{r.distance:.0%}"]
            for r in flips.itertuples(index=False)
        ]
        if rows:
            print(_table(rows, ["parameter", "now", "down to", "up to", "distance"]))
    print(f"\nresults written to {folder}/ (tipping.csv, tornado charts)")
    return 0


def _outcome_text(level, beneficiary) -> str:
    return LEVEL_NAMES[int(level)] + (f" -> {beneficiary}" if beneficiary else "")


def _flip(row, direction: str) -> str:
    value = getattr(row, f"{direction}_value")
    if pd.isna(value):
        return "none within bounds"
    outcome = _outcome_text(
        getattr(row, f"{direction}_level"), getattr(row, f"{direction}_beneficiary")
    )
    return f"{value:.3g}: {outcome}"


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
    from axissim.folders import run as run_folder
    from axissim.studies.explain import explain

    scenario = _load(args)
    e = explain(scenario, args.decider, args.conflict, args.step, args.seed, args.beneficiary)
    folder = Path(args.out) if args.out else run_folder.default(scenario)
    chart = run_folder.write_explanation(e, folder)
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


def cmd_explore(args: argparse.Namespace) -> int:
    scenario = _load(args)
    try:
        from axissim.abm.app import serve
    except ImportError as exc:
        print(
            f"axissim: error: explore needs the explore extra: pip install 'axissim[explore]' "
            f"({exc})",
            file=sys.stderr,
        )
        return EXIT_BAD_INPUT
    address = f"http://{EXPLORE_HOST}:{args.port}/"
    print(f"axissim explore: {scenario.name} at {address} (Ctrl+C stops)", flush=True)
    serve(args.scenario, args.set or [], EXPLORE_HOST, args.port, not args.no_browser)
    return 0


HISTORY = Path("scenarios/history")
ARTICLE = Path("scenarios/iran_2025.yaml")


def _levels(low: int, high: int) -> str:
    return LEVEL_NAMES[low] if low == high else f"{LEVEL_NAMES[low]}-{LEVEL_NAMES[high]}"


def _share(x: float) -> str:
    return "-" if x != x else f"{x:.0%}"  # x != x: NaN, a group without treaties


def _modal(r) -> str:
    """The modal level, its beneficiary when it aids anyone, and its probability."""
    name = LEVEL_NAMES[r.level]
    aided = f" -> {r.predicted_beneficiary}" if r.level else ""
    return f"{name}{aided} ({getattr(r, f'p_{name}'):.2f})"


def cmd_backtest(args: argparse.Namespace) -> int:
    from axissim.folders import backtest as backtest_folder
    from axissim.studies import backtest as bt
    from axissim.studies.calibrate import fit

    places = args.dirs or [HISTORY]
    cases = bt.load_cases(bt.case_paths(places), args.weights)
    members = bt.ensemble_members(args.ensemble) if args.ensemble else lambda case: None
    article = load_scenario(args.article) if args.loco else None
    replicates = args.replicates or (ENSEMBLE_REPLICATES if args.ensemble else REPLICATES)
    report = bt.backtest(
        cases,
        replicates,
        args.seed,
        members,
        article,
        fit if args.loco else None,
        progress=lambda message: print(message, file=sys.stderr),
    )
    folder = Path(args.out) if args.out else backtest_folder.default()
    weights = args.weights or args.ensemble or "each case's own"
    backtest_folder.write(
        report,
        folder,
        case_dirs=[str(p) for p in places],
        weights=str(weights),
        replicates=replicates,
        seed=args.seed,
        loco_article=None if article is None else str(args.article),
    )
    per = " per member" if args.ensemble else ""
    print(f"back-test: {len(cases)} cases, weights {weights}, {replicates} replicates{per} each")
    rows = [
        [
            r.case,
            f"{r.decider} -> {r.beneficiary}",
            _levels(r.observed_low, r.observed_high),
            _modal(r),
            f"{r.p_observed:.2f}",
            LEVEL_NAMES[r.rule_level],
            LEVEL_NAMES[r.common_level],
        ]
        for r in report.predictions.itertuples(index=False)
    ]
    header = ["case", "aid", "observed", "model (P)", "P(observed)", "treaty rule", "common"]
    print(_table(rows, header))
    tables = [t for t in (report.scores, report.loco_scores) if t is not None]
    rows = [
        [r.forecaster, f"{r.exact:.2f}", f"{r.within_one:.2f}", f"{r.log_score:.2f}",
         f"{r.brier:.2f}"]
        for table in tables
        for r in table.itertuples(index=False)
    ]  # fmt: skip
    print(
        f"\nscores over {len(report.predictions)} decisions (log score clips P at "
        f"{bt.PROBABILITY_FLOOR:g}; Brier spreads an observed range uniformly):"
    )
    print(_table(rows, ["forecaster", "exact", "within one", "log score", "Brier"]))
    ours = report.honour[report.honour.source == "these cases"]
    rows = [
        [r.scope, f"{r.treaties:.0f}", _share(r.honoured_arms), _share(r.honoured_troops),
         _share(r.model)]
        for r in ours.itertuples(index=False)
    ]  # fmt: skip
    print(
        "\nhonour rate of applicable mutual-defence treaties (honoured: the partner got arms "
        "or above, or troops, over the whole observed range; model: mean P(arms or above to "
        "the partner)):"
    )
    print(_table(rows, ["cases", "treaties", "honoured (arms+)", "honoured (troops)", "model"]))
    published = report.honour[report.honour.source != "these cases"]
    for r in published.itertuples(index=False):
        print(f"  published: {r.source}, {r.scope}: {r.published:.1%}")
    print(f"results written to {folder}/")
    return 0


def _print_indices(table) -> None:
    """Sensitivity indices, one table per output and statistic, largest effect first."""
    if table.empty:
        return
    for (output, statistic), rows in table.groupby(["output", "statistic"], sort=False):
        print(f"\n{statistic} of {output}:")
        if rows.constant.all():
            print("  does not vary over the sweep: no indices")
            continue
        sobol = "ST" in rows
        order = rows.sort_values("ST" if sobol else "mu_star", ascending=False)
        columns = ("S1", "ST") if sobol else ("mu_star", "sigma")
        body = [
            [r.parameter, *(_with_conf(r, c) for c in columns)]
            for r in order.itertuples(index=False)
        ]
        print(_table(body, ["parameter", *columns]))


def _with_conf(row, column: str) -> str:
    conf = getattr(row, f"{column}_conf", None)
    value = getattr(row, column)
    return f"{value:.3f}" if conf is None else f"{value:.3f} +/- {conf:.3f}"


def cmd_sweep(args: argparse.Namespace) -> int:
    import importlib.util

    from axissim.folders import sweep as sweep_folder
    from axissim.readers.sweep_figures import draw
    from axissim.studies.sweep.run import run_sweep
    from axissim.studies.sweep.spec import read_sweep

    if args.scheduler and args.executor != "dask":
        print("axissim: error: --scheduler needs --executor dask", file=sys.stderr)
        return EXIT_BAD_INPUT
    if args.executor == "dask" and importlib.util.find_spec("distributed") is None:
        print("axissim: error: the dask executor needs 'axissim[dask]'", file=sys.stderr)
        return EXIT_BAD_INPUT
    sweep = read_sweep(args.sweep)
    folder = Path(args.out) if args.out else sweep_folder.default(args.sweep)
    try:
        result = run_sweep(
            sweep, folder, args.executor, args.workers, args.scheduler, args.resume, args.chunk
        )
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
    table, charts = draw(folder)
    _print_indices(table)
    print(f"\nresults written to {folder}/: {', '.join(f.name for f in result.files + charts)}")
    return 0


def cmd_plot(args: argparse.Namespace) -> int:
    from axissim.folders.sweep import OUTCOMES
    from axissim.readers.sweep_figures import draw

    folder = Path(args.folder)
    if not (folder / OUTCOMES).is_file():
        raise InputError(str(folder), "", f"no {OUTCOMES} here; run `axissim sweep` first")
    table, files = draw(folder)
    _print_indices(table)
    print(f"\ncharts written to {folder}/: {', '.join(f.name for f in files)}")
    return 0


def cmd_discover(args: argparse.Namespace) -> int:
    from axissim.folders import discovery as discovery_folder
    from axissim.readers.discover import discover
    from axissim.wording import limits_text, today_text

    found = discover(args.folder, args.outcome, args.density, args.boxes)
    files = discovery_folder.write(found, args.folder, args.out)
    cases = found.cases
    print(
        f"{args.folder}: {found.outcome.expression} holds at {int(cases.sum()):,} of "
        f"{len(cases):,} points ({cases.mean():.0%})"
    )
    if not found.found:
        print(f"no box of density >= {found.density:g} restricts any parameter")
    for number, box in found.boxes.groupby("box", sort=True):
        first = box.iloc[0]
        print(
            f"\nbox {number}: coverage {first.coverage:.2f}, density {first.density:.2f}, "
            f"{first.points:,} points"
        )
        rows = [
            [r.parameter, limits_text(r), f"{r.minimum:.3g} to {r.maximum:.3g}", today_text(r)]
            for r in box.itertuples(index=False)
        ]
        print(_table(rows, ["parameter", "in the box", "swept range", "today"]))
    print(f"\nresults written to {files[0].parent}/: {', '.join(f.name for f in files)}")
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    from axissim.readers.report import write_report

    path = write_report(args.folder, args.include or [], args.out)
    print(f"report written to {path}")
    return 0


def cmd_data_scenario(args: argparse.Namespace) -> int:
    from axissim.data.build import scenario_from_options, write_scenario

    doc, header = scenario_from_options(
        args.war, args.year, args.countries, args.side, args.initiator, args.weights
    )
    print(write_scenario(doc, header, args.out))
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
    run.add_argument(
        "--replicates",
        type=_positive,
        help=f"worlds to run ({REPLICATES}; with --ensemble, per member: {ENSEMBLE_REPLICATES})",
    )
    run.add_argument("--ensemble", help="run over every member of an ensemble.parquet")
    run.add_argument(
        "--compare", help="with --ensemble: scenario to compare with (the one it extends)"
    )
    run.add_argument("--seed", type=_non_negative, help="first world's seed (the scenario's)")
    run.add_argument("--out", help="results folder (results/<scenario name>)")
    run.add_argument("--json", action="store_true", help="print one JSON document")
    run.set_defaults(func=cmd_run)

    cal = sub.add_parser(
        "calibrate",
        help="fit the weights to the observed decisions and keep the ensemble",
        description="Calibrate interest weights and the choice temperature against every "
        "observed decision of the given scenarios at once (the first one's priors).",
    )
    cal.add_argument("scenarios", nargs="+", metavar="SCENARIO", help="scenario YAML files")
    cal.add_argument(
        "--method",
        choices=("fit", "abc"),
        default="fit",
        help="fit: maximum likelihood (default); abc: rejection on simulated worlds",
    )
    cal.add_argument("--out", help="results folder (results/calibration_<scenario name>)")
    cal.add_argument("--seed", type=_non_negative, default=0, help="seed of the draws (0)")
    cal.add_argument(
        "--set", action="append", metavar="PATH=VALUE", help="override a value in every scenario"
    )
    cal.set_defaults(func=cmd_calibrate)

    tip = scenario_command(
        "tipping", "the smallest change of each weight or fact that flips a decision"
    )
    tip.add_argument("--decision", metavar="DECIDER:CONFLICT", help="one decision (all)")
    tip.add_argument("--ensemble", help="also: tipping distances across ensemble members")
    tip.add_argument(
        "--members",
        type=_positive,
        default=20,
        help="ensemble members to search (20, spread through the file)",
    )
    tip.add_argument("--out", help="results folder (results/<scenario name>/tipping)")
    tip.set_defaults(func=cmd_tipping)

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

    explore = scenario_command(
        "explore", "explore one world in the browser: move the assumptions, watch the decisions"
    )
    explore.add_argument("--port", type=_positive, default=8765, help="port on 127.0.0.1 (8765)")
    explore.add_argument("--no-browser", action="store_true", help="do not open a browser")
    explore.set_defaults(func=cmd_explore)

    back = sub.add_parser(
        "backtest",
        help="score the weights on historical cases they were not fitted to",
        description="Run every historical case with the given weights (never refitted), score "
        "the predicted levels against the record and two rules of thumb, and compare the "
        "honour rate of mutual-defence treaties with the literature.",
    )
    back.add_argument("dirs", nargs="*", metavar="DIR", help=f"folders of case files ({HISTORY})")
    given = back.add_mutually_exclusive_group()
    given.add_argument("--weights", help="a weights file for every case (each case's own)")
    given.add_argument("--ensemble", help="an ensemble.parquet: average its members")
    back.add_argument("--loco", action="store_true", help="also leave one case out (slow)")
    back.add_argument("--article", default=str(ARTICLE), help=f"with --loco ({ARTICLE})")
    back.add_argument(
        "--replicates",
        type=_positive,
        help=f"worlds per case ({REPLICATES}; with --ensemble, per member: {ENSEMBLE_REPLICATES})",
    )
    back.add_argument("--seed", type=_non_negative, help="first world's seed (each case's)")
    back.add_argument("--out", help="results folder (results/backtest)")
    back.set_defaults(func=cmd_backtest)

    sweep = sub.add_parser(
        "sweep",
        help="run a parameter sweep (grid, lhs, sobol, morris) and write tables and charts",
        description="Run every design point of a sweep file in chunks on the batch engine; "
        "each finished chunk is saved at once, so an interrupted sweep resumes.",
    )
    sweep.add_argument("sweep", help="sweep YAML file")
    sweep.add_argument("--out", help="results folder (results/sweeps/<sweep file name>)")
    sweep.add_argument(
        "--executor", choices=("inproc", "local", "dask"), default="local",
        help="where chunks run: this process, local processes (default) or Dask",
    )  # fmt: skip
    sweep.add_argument("--workers", type=_positive, help="processes or Dask workers (the cores)")
    sweep.add_argument("--scheduler", metavar="ADDRESS", help="Dask scheduler, tcp://host:port")
    sweep.add_argument("--resume", action="store_true", help="run only the chunks not yet saved")
    sweep.add_argument("--chunk", type=_positive, metavar="RUNS", help="runs per chunk (20000)")
    sweep.set_defaults(func=cmd_sweep)

    plot = sub.add_parser(
        "plot",
        help="redraw a sweep's indices and charts from its saved results",
        description="Recompute the sensitivity indices and redraw every chart of a sweep "
        "results folder from points.parquet, outcomes.parquet and manifest.json.",
    )
    plot.add_argument("folder", metavar="DIR", help="a sweep results folder")
    plot.set_defaults(func=cmd_plot)

    disc = sub.add_parser(
        "discover",
        help="find the regions of a sweep where an outcome holds (PRIM boxes)",
        description="Scenario discovery on a sweep results folder: PRIM boxes (ema-workbench) "
        "of the design points where --outcome holds, with their coverage, density and limits. "
        "OUTCOME: [any|all] STATISTIC[OUTPUT] OP NUMBER, joined by and/or, e.g. "
        '"p_material[aid_to:IRN] > 0.5" or "any p_arms[*:israel_iran] >= 0.2"; or '
        '"any decider gives Iran material aid".',
    )
    disc.add_argument("folder", metavar="SWEEP_DIR", help="a sweep results folder")
    disc.add_argument("--outcome", required=True, metavar="EXPR", help="what must hold at a point")
    disc.add_argument(
        "--density", type=float, default=0.8, help="share of a box's points that must hold (0.8)"
    )
    disc.add_argument("--boxes", type=_positive, default=3, help="boxes to look for (3)")
    disc.add_argument("--out", help="results folder (SWEEP_DIR/discover)")
    disc.set_defaults(func=cmd_discover)

    rep = sub.add_parser(
        "report",
        help="write one self-contained HTML report of a results folder",
        description="Gather what DIR and the folders below it hold (run, explanations, "
        "tipping points, calibration, sweeps, discovery) into one HTML file with every chart "
        "embedded: it opens offline and can be sent on as it is.",
    )
    rep.add_argument("folder", metavar="DIR", help="a results folder, e.g. results/iran_2025")
    rep.add_argument(
        "--include", action="append", metavar="DIR", help="also read this folder (repeatable)"
    )
    rep.add_argument("--out", help="the HTML file (DIR/report.html)")
    rep.set_defaults(func=cmd_report)

    data = sub.add_parser("data", help="build scenarios from the shipped COW, ATOP, ... data")
    data_sub = data.add_subparsers(dest="data_command", required=True)
    dsc = data_sub.add_parser(
        "scenario",
        help="write a scenario of a COW war, or of a year and two sides, from the data",
        description="Write a scenario file from the shipped data (src/axissim/data/files): "
        "--war N for a COW inter-state war (its potential joiners decide), or --year Y "
        "--countries A,B --side C,D --side E,F for a war you define.",
    )
    dsc.add_argument("--war", type=int, help="a COW inter-state war number, e.g. 58")
    dsc.add_argument("--year", type=int, help="the year of the facts (1816-2016)")
    dsc.add_argument("--countries", metavar="A,B,...", help="with --year: the deciders' ids")
    dsc.add_argument(
        "--side", action="append", metavar="A,B,...", help="with --year, twice: a side, lead first"
    )
    dsc.add_argument("--initiator", metavar="ID", help="with --year: a belligerent who started it")
    dsc.add_argument("--weights", help="weights file to copy in (scenarios/weights/baseline.yaml)")
    dsc.add_argument("--out", required=True, help="the scenario file to write")
    dsc.set_defaults(func=cmd_data_scenario)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except InputError as exc:
        print(f"axissim: error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except BrokenPipeError:  # the reader (e.g. `head`) stopped listening: not an error
        sys.stderr.close()
        return 0
    except KeyboardInterrupt:
        print("axissim: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
