"""How long the calibration on everything takes (target: under 5 minutes on this machine).

Everything: the article's six decisions (scenarios/iran_2025.yaml), the 22 hand-coded history
cases (scenarios/history/) and the 1,361 potential joiners of the 95 COW wars, as
`axissim calibrate scenarios/iran_2025.yaml scenarios/history/*.yaml --corpus cow` fits them.

Run: python benchmarks/calibration.py   (prints the seconds of each stage and their ratio to
the target, and the smallest P(observed) of the article's decisions on fresh worlds)
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from axissim import bars
from axissim.scenario import load_scenario
from axissim.studies.calibrate import calibrate
from axissim.studies.corpus import load_wars

ROOT = Path(__file__).resolve().parent.parent
TARGET_SECONDS = 300


def main() -> None:
    begun = time.perf_counter()
    article = load_scenario(ROOT / "scenarios" / "iran_2025.yaml")
    history = [load_scenario(p) for p in sorted((ROOT / "scenarios" / "history").glob("*.yaml"))]
    scenarios = [article, *history, *(war.scenario for war in load_wars())]
    loaded = time.perf_counter()
    print(f"calibrating on {len(scenarios)} scenarios on {os.cpu_count()} cores")
    result = calibrate(scenarios, method="fit", seed=0, progress=bars.terminal())
    done = time.perf_counter()
    total = done - begun
    article_p = result.evidence_table.p_observed.to_numpy()[: len(article.observed)]
    print(f"  load the evidence {loaded - begun:7.1f} s")
    print(f"  calibrate         {done - loaded:7.1f} s")
    print(
        f"total {total:.1f} s: {total / TARGET_SECONDS:.2f} of the {TARGET_SECONDS} s target; "
        f"{len(result.ensemble.members)} ensemble members; the article's smallest "
        f"P(observed) {article_p.min():.3f}"
    )


if __name__ == "__main__":
    main()
