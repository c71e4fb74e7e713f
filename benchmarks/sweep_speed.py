"""How fast sweeps run, printed as figures (a benchmark, not a test).

1. Runs per second on one core, side by side in this process: `mesa.batch_run` over
   DiplomacyModel against the batch engine (`run_batch`, and a sweep chunk: `run_chunk`).
2. A million runs of the baseline through `axissim sweep` on local worker processes.
3. Peak memory of a sweep against its chunk size and its number of runs.

    python benchmarks/sweep_speed.py [--workers N]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
BASELINE = HERE.parent / "scenarios" / "iran_2025.yaml"
MILLION = HERE / "baseline_million.yaml"
MESA_RUNS = 300
BATCH_RUNS = 100_000
REPEATS = 3
MEMORY = [(5_000, 200_000), (20_000, 200_000), (20_000, 1_000_000), (80_000, 200_000)]

MEASURE_MEMORY = """
import json, sys
from pathlib import Path
import yaml
from axissim.studies.sweep.run import run_sweep
from axissim.studies.sweep.spec import read_sweep

def status(key):
    return next(int(line.split()[1]) / 1024 for line in open("/proc/self/status")
                if line.startswith(key + ":"))

chunk, runs, folder = int(sys.argv[1]), int(sys.argv[2]), Path(sys.argv[3])
doc = yaml.safe_load(Path(sys.argv[4]).read_text())
doc.update(replicates=runs, scenario=sys.argv[5])
(folder / "sweep.yaml").write_text(yaml.safe_dump(doc))
sweep = read_sweep(folder / "sweep.yaml")
Path("/proc/self/clear_refs").write_text("5")  # the peak (VmHWM) restarts from here
before = status("VmRSS")
run_sweep(sweep, folder / "out", "inproc", chunk=chunk, progress=False)
print(json.dumps({"before_mb": before, "peak_mb": status("VmHWM")}))
"""


def rate(runs: int, seconds: float) -> str:
    return f"{runs / seconds:>12,.0f} runs/s"


def one_core() -> None:
    """Runs per second of Mesa and of the batch engine, both pinned to the same core."""
    import mesa

    from axissim import DiplomacyModel, load_scenario, run_batch
    from axissim.studies.sweep.chunks import run_chunk
    from axissim.studies.sweep.design import sample
    from axissim.studies.sweep.plan import CHUNK, Plan, Tasks
    from axissim.studies.sweep.spec import read_sweep

    cores = os.sched_getaffinity(0)
    os.sched_setaffinity(0, {min(cores)})
    try:
        scenario = load_scenario(BASELINE)  # loaded once: Mesa gets the object, not the file
        params = {"scenario": [scenario], "seed": range(MESA_RUNS)}
        started = time.perf_counter()
        rows = mesa.batch_run(DiplomacyModel, params, number_processes=1, display_progress=False)
        mesa_seconds = time.perf_counter() - started
        assert len(rows) == MESA_RUNS
        for model in list(mesa.Agent._ids):
            mesa.Agent._ids.pop(model, None)

        run_batch(scenario, runs=1_000, seed=0)  # warm up
        batch_seconds = statistics.median(
            timed(lambda: run_batch(scenario, runs=BATCH_RUNS, seed=0)) for _ in range(REPEATS)
        )
        sweep = read_sweep(MILLION)
        tasks = Tasks(Plan(sweep, sample(sweep), CHUNK))
        chunks = [tasks.task(i) for i in range(BATCH_RUNS // CHUNK)]  # default-sized chunks
        chunk_seconds = statistics.median(
            timed(lambda: [run_chunk(task) for task in chunks]) for _ in range(REPEATS)
        )
    finally:
        os.sched_setaffinity(0, cores)
    mesa_rate = MESA_RUNS / mesa_seconds
    print(f"1. one core (CPU {min(cores)}), the baseline ({scenario.steps} steps, 6 decisions):")
    mesa_line = f"{rate(MESA_RUNS, mesa_seconds)}  ({MESA_RUNS} runs)"
    print(f"   mesa.batch_run over DiplomacyModel  {mesa_line}")
    for name, seconds in (("run_batch (a row per world)", batch_seconds),
                          (f"sweep chunks of {CHUNK:,} (run_chunk)", chunk_seconds)):  # fmt: skip
        ratio = BATCH_RUNS / seconds / mesa_rate
        print(f"   {name:<35} {rate(BATCH_RUNS, seconds)}  = {ratio:,.0f}x mesa.batch_run")


def timed(work) -> float:
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


def million(workers: int) -> None:
    """A million baseline runs through `axissim sweep`, timed from the command's start."""
    with tempfile.TemporaryDirectory() as folder:
        command = [sys.executable, "-m", "axissim", "sweep", str(MILLION), "--out", folder]
        command += ["--executor", "local", "--workers", str(workers)]
        started = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        seconds = time.perf_counter() - started
        execution = json.loads((Path(folder) / "manifest.json").read_text())["execution"]
    print(f"\n2. 1,000,000 baseline runs, axissim sweep --executor local --workers {workers}:")
    print(
        f"   {seconds:.1f} s wall, whole command (startup, workers, tables)  {rate(10**6, seconds)}"
    )
    inner = execution["seconds_this_call"]
    print(f"   {inner:.1f} s once the workers are up                        {rate(10**6, inner)}")


def memory() -> None:
    """Peak resident memory of an in-process sweep, per chunk size and number of runs."""
    print("\n3. peak memory of `axissim sweep --executor inproc` (one process, Linux VmHWM):")
    print("   chunk (runs)   sweep (runs)   before the sweep   peak   added by the sweep")
    for chunk, runs in MEMORY:
        with tempfile.TemporaryDirectory() as folder:
            script = [sys.executable, "-c", MEASURE_MEMORY, str(chunk), str(runs), folder]
            out = subprocess.run(
                [*script, str(MILLION), str(BASELINE)], check=True, capture_output=True, text=True
            ).stdout
        got = json.loads(out)
        before, peak = got["before_mb"], got["peak_mb"]
        print(
            f"   {chunk:>12,}   {runs:>12,}   {before:>13.0f} MB   {peak:>4.0f} MB"
            f"   {peak - before:>10.0f} MB"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=2, help="local worker processes (2)")
    args = parser.parse_args()
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(
        f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, numpy {np.__version__}; load average {load}\n"
    )
    one_core()
    million(args.workers)
    memory()


if __name__ == "__main__":
    main()
