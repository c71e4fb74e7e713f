"""`axissim calibrate SCENARIO...`: fit the weights and the temperature to observed decisions."""

from __future__ import annotations

import argparse

from axissim.cli.arguments import add_out, add_set, bounded, corpus_name, scenario_file
from axissim.limits import MAX_CALIBRATION_SAMPLES, MAX_CALIBRATION_SEED
from axissim.wording import table

HELP = "fit the weights to the observed decisions and keep the ensemble"
DRAWN = {"fit": "posterior", "abc": "prior"}
"""Where the ensemble's draws come from, by method."""
SAMPLES = 40_000  # calibrate.ensemble.SAMPLES, not imported: the help must not load the model


def register(commands) -> None:
    p = commands.add_parser(
        "calibrate",
        help=HELP,
        description="Calibrate the interest weights (and the choice temperature) named in the "
        "first scenario's priors against every observed decision of the given scenarios at "
        "once and, with --corpus, of every war of a corpus.",
    )
    p.add_argument(
        "scenarios", nargs="+", type=scenario_file, metavar="SCENARIO", help="scenario YAML files"
    )
    add_set(p, "every scenario")
    p.add_argument(
        "--corpus",
        type=corpus_name,
        metavar="NAME",
        help="also fit to every war of a corpus: cow (COW inter-state wars, each potential "
        "joiner's choice of troops or none)",
    )
    p.add_argument(
        "--method",
        choices=("fit", "abc"),
        default="fit",
        help="fit: highest simulated likelihood (default); abc: the ensemble's best member",
    )
    p.add_argument(
        "--seed",
        type=bounded(MAX_CALIBRATION_SEED, "its worlds start at seed x 1,000,003", minimum=0),
        default=0,
        metavar="N",
        help="seed of the draws (0)",
    )
    p.add_argument(
        "--samples",
        type=bounded(MAX_CALIBRATION_SAMPLES, "each draw runs on 64 worlds: over an hour here"),
        default=SAMPLES,
        metavar="N",
        help=f"with --method abc: prior draws screened for the ensemble ({SAMPLES})",
    )
    add_out(p, "results/calibration_<scenario name>")
    p.set_defaults(func=handle)


def handle(args: argparse.Namespace) -> int:
    from axissim import bars
    from axissim.scenario import load_scenario

    scenarios = [load_scenario(path, overrides=args.set or ()) for path in args.scenarios]
    sources = list(args.scenarios)
    from axissim.data.wars import evidence_names
    from axissim.folders import calibration as calibration_folder  # NumPy: after the input
    from axissim.studies.calibrate import calibrate

    if args.corpus:
        from axissim.studies.corpus import load_wars

        wars = [war.scenario for war in load_wars()]
        scenarios += wars
        sources += [f"--corpus {args.corpus}: {war.name}" for war in wars]

    cal = calibrate(
        scenarios,
        method=args.method,
        seed=args.seed,
        sources=sources,
        samples=args.samples,
        progress=bars.terminal(),
    )
    folder = args.out or calibration_folder.default(scenarios[0], args.set or [])
    files = calibration_folder.write(cal, folder, args.scenarios, args.corpus)
    names = evidence_names(scenarios)
    print(
        f"calibrated {len(cal.evidence_table)} observed decisions of {names} by {args.method} "
        f"(seed {args.seed})"
    )
    print(f"\nweights (temperature {cal.temperature}):")
    print("  " + ", ".join(f"{k} {v:g}" for k, v in cal.weights.items()))
    print_evidence(cal.evidence_table)
    ens = cal.ensemble
    print(
        f"\nensemble: {len(ens.members)} of {ens.samples} {DRAWN[args.method]} draws accepted "
        f"(acceptance rate {ens.acceptance_rate:.2%})"
    )
    print("what the evidence pins down (shrinkage = posterior sd / prior sd):")
    rows = [
        [
            r.parameter,
            r.prior,
            f"[{r.posterior_q05:.2f}, {r.posterior_q95:.2f}]",
            f"{r.shrinkage:.2f}",
            r.verdict,
        ]
        for r in cal.identifiability.itertuples(index=False)
    ]
    print(table(rows, ["parameter", "prior", "posterior 5-95%", "shrinkage", "verdict"]))
    print(f"\nresults written to {folder}/: {', '.join(f.name for f in files)}")
    return 0


def print_evidence(evidence) -> None:
    """Each observation's P(observed), the corpus's potential joiners in one line."""
    from axissim.data.wars import PREFIX

    print("\nP(observed) under these weights, over 1,000 fresh simulated worlds:")
    wars = evidence.observation.str.startswith(PREFIX)
    rows = [
        [r.observation, f"{r.p_observed:.3f} +/- {r.standard_error:.3f}"]
        for r in evidence[~wars].itertuples(index=False)
    ]
    print(table(rows, ["observation", "P(observed) +/- standard error"]))
    if wars.any():
        print(
            f"the corpus's {int(wars.sum()):,} potential joiners: mean P(observed) "
            f"{evidence.p_observed[wars].mean():.3f} (each in evidence.csv)"
        )
