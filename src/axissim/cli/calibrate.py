"""`axissim calibrate SCENARIO...`: fit the weights and the temperature to observed decisions."""

from __future__ import annotations

import argparse

from axissim.cli.arguments import add_out, add_set, non_negative, scenario_file
from axissim.wording import table

HELP = "fit the weights to the observed decisions and keep the ensemble"


def register(commands) -> None:
    p = commands.add_parser(
        "calibrate",
        help=HELP,
        description="Calibrate interest weights and the choice temperature against every "
        "observed decision of the given scenarios at once (the first one's priors).",
    )
    p.add_argument(
        "scenarios", nargs="+", type=scenario_file, metavar="SCENARIO", help="scenario YAML files"
    )
    add_set(p, "every scenario")
    p.add_argument(
        "--method",
        choices=("fit", "abc"),
        default="fit",
        help="fit: maximum likelihood (default); abc: rejection on simulated worlds",
    )
    p.add_argument(
        "--seed", type=non_negative, default=0, metavar="N", help="seed of the draws (0)"
    )
    add_out(p, "results/calibration_<scenario name>")
    p.set_defaults(func=handle)


def handle(args: argparse.Namespace) -> int:
    from axissim.folders import calibration as calibration_folder
    from axissim.scenario import load_scenario
    from axissim.studies.calibrate import calibrate

    scenarios = [load_scenario(path, overrides=args.set or ()) for path in args.scenarios]
    cal = calibrate(scenarios, method=args.method, seed=args.seed, sources=args.scenarios)
    folder = args.out or calibration_folder.default(scenarios[0])
    files = calibration_folder.write(cal, folder, args.scenarios)
    names = ", ".join(s.name for s in scenarios)
    print(
        f"calibrated {len(cal.evidence_table)} observed decisions of {names} by {args.method} "
        f"(seed {args.seed})"
    )
    print(f"\nweights (temperature {cal.temperature}):")
    print("  " + ", ".join(f"{k} {v:g}" for k, v in cal.weights.items()))
    print("\nP(observed) under these weights:")
    rows = [
        [r.observation, f"{r.p_likelihood:.3f}", f"{r.p_simulated:.3f}"]
        for r in cal.evidence_table.itertuples(index=False)
    ]
    print(table(rows, ["observation", "likelihood", "simulated (1000 worlds)"]))
    ens = cal.ensemble
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
    print(table(rows, ["parameter", "prior", "posterior 5-95%", "shrinkage", "verdict"]))
    print(f"\nresults written to {folder}/: {', '.join(f.name for f in files)}")
    return 0
