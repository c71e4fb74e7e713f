"""The back-test on every war, timed (a benchmark, not a test): all 95 COW wars x 1,000 worlds
with the shipped weights, through the batch engine (target: the whole run under 60 s on 2
cores), and, optionally, one generation of the refit's default fit on a fold's training wars.

    python benchmarks/corpus.py [--fit-generation]

Prints the time of each stage: building every war's scenario from the data, the cases and the
two baselines (logistic regression and base rate, 10 folds grouped by war), the simulation,
the scores; with --fit-generation, how long `calibrate.fit` takes for its initial population
and for one generation over the article and the wars of 9 folds of 10 (a full fold runs the
initial population and GENERATIONS generations).
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from axissim.scenario import load_scenario
from axissim.studies import corpus as study
from axissim.studies.calibrate import fit
from axissim.studies.calibrate.likelihood import GENERATIONS

ROOT = Path(__file__).resolve().parent.parent
WEIGHTS = ROOT / "scenarios" / "weights" / "baseline.yaml"
ARTICLE = ROOT / "scenarios" / "iran_2025.yaml"
WORLDS = 1000


def corpus_run() -> list[study.War]:
    begun = time.perf_counter()
    wars = study.load_wars(WEIGHTS)
    built = time.perf_counter() - begun
    result = study.corpus_backtest(wars, WORLDS, seed=0)
    total = time.perf_counter() - begun
    seconds = result.seconds
    print(f"corpus: {result.wars} wars, {len(result.cases):,} potential joiners, {WORLDS:,} worlds "
          "each (seeds 0..)")  # fmt: skip
    print(f"  building the scenarios  {built:6.1f} s")
    print(f"  cases and baselines     {seconds['cases']:6.1f} s")
    print(f"  simulating              {seconds['simulate']:6.1f} s "
          f"({result.wars * WORLDS:,} war-worlds)")  # fmt: skip
    print(f"  whole run               {total:6.1f} s (target: under 60 s)")
    model = result.score("model")
    print(f"  model AUC {model['auc']:.3f}, Brier {model['brier']:.4f}, "
          f"log loss {model['log_loss']:.3f}")  # fmt: skip
    return wars


def fit_generation(wars: list[study.War]) -> None:
    """calibrate.fit over the article and 9 folds of 10: 0 and 1 generations."""
    result = study.corpus_backtest(wars, 10, seed=0)
    training = set(result.cases.war[result.cases.fold != 0])
    scenarios = [load_scenario(ARTICLE), *(w.scenario for w in wars if w.number in training)]
    times = []
    for generations in (0, 1):
        begun = time.perf_counter()
        fit(scenarios, seed=0, generations=generations)
        times.append(time.perf_counter() - begun)
    per = times[1] - times[0]
    print(f"refit, default fit on {len(training)} wars and the article:")
    print(f"  initial population and final check  {times[0]:7.1f} s")
    print(f"  one generation                      {per:7.1f} s")
    print(f"  one fold ({GENERATIONS} generations), about  {times[0] + GENERATIONS * per:7.0f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fit-generation", action="store_true", help="also time the refit's fit")
    args = parser.parse_args()
    wars = corpus_run()
    if args.fit_generation:
        fit_generation(wars)


if __name__ == "__main__":
    main()
