"""Regenerate every shipped result the README shows, in order, with the commands that made them.

Run from the repository root:

    python tools/regenerate_results.py               # everything but the calibration
    python tools/regenerate_results.py --calibrate   # the calibration too (slow)
    python tools/regenerate_results.py --list        # print the commands, run nothing

It reruns the baseline run and its explanations, the tipping points, the variants over the
ensemble, the three shipped sweeps and their discoveries, the calibration (with --calibrate),
the back-test with leave-one-case-out, the corpus back-test refitted by folds of wars, and
last the report
(results/iran_2025/report.html, which git does not track: it changes on every run). Results
depend on the model, the scenarios and the seeds only, so the files come out the same on any
machine; a folder whose files come out the same keeps its manifest, date and all
(`folders.manifest.keep_unchanged_manifest`), so git sees a change only where a result moved.
tests/test_results_current.py checks the cheap ones against results/.

Each step runs `python -m axissim ...` as a user would; the first failure stops the rest.
"""

from __future__ import annotations

import argparse
import os
import shlex
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BASELINE = "scenarios/iran_2025.yaml"
ENSEMBLE = "scenarios/weights/baseline_ensemble.parquet"
VARIANTS = ("russia_iran_defence_pact", "china_without_gulf_oil", "us_strikes_north_korea")
SWEEPS = ("russia_iran_treaty", "china_oil_vs_russia_treaty", "weights_sobol_iran_aid")
DISCOVERIES = (
    ("russia_iran_treaty", "p_material[RUS:israel_iran] > 0.1", None),
    ("china_oil_vs_russia_treaty", "p_material[aid_to:IRN] > 0.25", None),
    ("weights_sobol_iran_aid", "any decider gives Iran material aid", None),
    ("weights_sobol_iran_aid", "p_material[aid_to:IRN] < 0.5", "discover_words_only"),
)


def environment() -> dict[str, str]:
    """This checkout's code first, whatever axissim is installed."""
    path = os.pathsep.join(filter(None, [str(ROOT / "src"), os.environ.get("PYTHONPATH")]))
    return {**os.environ, "PYTHONPATH": path}


@dataclass(frozen=True)
class Step:
    """One command: what it makes, its arguments after `axissim`, whether it is slow."""

    name: str
    argv: tuple[str, ...]
    slow: bool = False


def decisions() -> list[tuple[str, str]]:
    """The baseline's decisions, (decider, conflict), as `axissim explain` takes them."""
    sys.path.insert(0, str(ROOT / "src"))
    from axissim.scenario import load_scenario
    from axissim.studies.sweep.spec import decision_keys

    scenario = load_scenario(ROOT / BASELINE)
    return [tuple(key.split(":")) for key in decision_keys(scenario)]


def steps() -> list[Step]:
    """Every command, in the order that one's results feed the next."""
    out = [Step("baseline run", ("run", BASELINE))]
    out += [
        Step(f"explain {d}:{c}", ("explain", BASELINE, d, c, "--knockout")) for d, c in decisions()
    ]
    out.append(Step("tipping points", ("tipping", BASELINE)))
    for variant in VARIANTS:
        argv = ("run", f"scenarios/variants/{variant}.yaml", "--ensemble", ENSEMBLE)
        out.append(Step(f"variant {variant}", argv))
    out += [Step(f"sweep {s}", ("sweep", f"scenarios/sweeps/{s}.yaml")) for s in SWEEPS]
    for sweep, outcome, folder in DISCOVERIES:
        argv = ("discover", f"results/sweeps/{sweep}", "--outcome", outcome)
        if folder:
            argv += ("--out", f"results/sweeps/{sweep}/{folder}")
        out.append(Step(f"discover {sweep}: {outcome}", argv))
    history = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "scenarios/history").glob("*.yaml"))
    calibration = ("calibrate", BASELINE, *history, "--corpus", "cow",
                   "--out", "results/calibration_iran_2025")  # fmt: skip
    out.append(Step("calibration on everything", calibration, slow=True))
    out.append(Step("back-test", ("backtest", "--loco")))
    corpus = ("backtest", "--corpus", "cow", "--refit", "--out", "results/corpus")
    out.append(Step("corpus back-test", corpus))
    included = ("sweeps", "calibration_iran_2025", "backtest", "corpus")
    report = (
        "report",
        "results/iran_2025",
        *(x for f in included for x in ("--include", f"results/{f}")),
    )
    out.append(Step("report", report))
    return out


def command(step: Step) -> str:
    return shlex.join(["axissim", *step.argv])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--calibrate", action="store_true", help="also rerun the calibration")
    parser.add_argument("--list", action="store_true", help="print the commands, run nothing")
    args = parser.parse_args(argv)
    chosen = [s for s in steps() if args.calibrate or not s.slow]
    for number, step in enumerate(chosen, 1):
        print(f"[{number}/{len(chosen)}] {command(step)}", flush=True)
        if args.list:
            continue
        started = time.perf_counter()
        argv = [sys.executable, "-m", "axissim", *step.argv]
        done = subprocess.run(argv, cwd=ROOT, env=environment())
        if done.returncode:
            print(f"failed ({done.returncode}): {command(step)}", file=sys.stderr)
            return done.returncode
        print(f"  {step.name}: {time.perf_counter() - started:.0f} s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
