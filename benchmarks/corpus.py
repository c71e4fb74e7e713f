"""The back-test on every war, timed (a benchmark, not a test): all 95 COW wars x 1,000 worlds
with the shipped weights, through the batch engine (target: the whole run under 60 s on 2
cores).

    python benchmarks/corpus.py

Prints the time of each stage: building every war's scenario from the data, the cases and the
two baselines (logistic regression and base rate, 10 folds grouped by war), the simulation,
the scores. The refit out of sample (`axissim backtest --corpus cow --refit`) prints its own
time per fold.
"""

from __future__ import annotations

import time
from pathlib import Path

from axissim.studies import corpus as study

ROOT = Path(__file__).resolve().parent.parent
WEIGHTS = ROOT / "scenarios" / "weights" / "baseline.yaml"
WORLDS = 1000


def corpus_run() -> None:
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


def main() -> None:
    corpus_run()


if __name__ == "__main__":
    main()
