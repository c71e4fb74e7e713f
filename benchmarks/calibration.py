"""How long a full calibration of the baseline takes, per method (target: under 120 s).

Run: python benchmarks/calibration.py   (prints seconds per method and the ensemble sizes)
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from axissim.scenario import load_scenario
from axissim.studies.calibrate import calibrate

BASELINE = Path(__file__).resolve().parent.parent / "scenarios" / "iran_2025.yaml"
TARGET_SECONDS = 120


def main() -> None:
    scenario = load_scenario(BASELINE)
    print(f"calibrating {BASELINE.name} on {os.cpu_count()} cores")
    for method in ("fit", "abc"):
        start = time.perf_counter()
        result = calibrate([scenario], method=method, seed=0)
        seconds = time.perf_counter() - start
        ensemble = result.ensemble
        print(
            f"{method}: {seconds:6.1f} s ({seconds / TARGET_SECONDS:.0%} of the {TARGET_SECONDS} s "
            f"target), {len(ensemble.members)} members from {ensemble.samples} draws, "
            f"smallest simulated P(observed) {result.evidence_table.p_observed.min():.3f}"
        )


if __name__ == "__main__":
    main()
