"""How much work one command may take on, checked before any work starts: counts of worlds and
samples with their reasons, and an estimate of the memory a run needs against this machine's.

The figures were measured on the project's machine (2 cores, 24 GB, shared): `axissim run` of
the baseline (30 steps, 6 decisions) simulates about 40,000 worlds a second and holds about
4 KB per world; a sweep about 100,000 runs a second on 2 worker processes. The limits keep a
command within hours and within a third of the memory; the memory estimate covers what the
counts cannot (a scenario of 10,000 steps holds 300 times the baseline's trajectories).
Plain Python: the command line checks these before NumPy loads.
"""

from __future__ import annotations

import os

from axissim.errors import InputError

MAX_REPLICATES = 1_000_000
"""Worlds of one run, one back-test case or one sweep point (per ensemble member): a run keeps
every world's outcome per decision in memory and writes it to outcomes.csv (1,000,000 worlds of
the baseline: about 45 s, 4.5 GB and a 700 MB file here)."""
MAX_TIPPING_REPLICATES = 10_000
"""Worlds per candidate value of a tipping search (64 by default): every parameter's search
runs 12 candidates and 6 bisections, so the time grows with this; 10,000 take about an hour
for the baseline's six decisions here."""
MAX_SWEEP_POINTS = 1_000_000
"""Design points of a sweep (samples x (parameters + 2) for sobol, samples ^ ranges for a
grid): points.parquet and outcomes.parquet hold a row per point (and output), and the
indices are computed over all of them in one process."""
MAX_SWEEP_RUNS = 10_000_000_000
"""Runs of a sweep (points x replicates): about a day on this machine's 2 cores (a cluster
does it faster); the chunk store keeps one file per chunk."""
MAX_CHUNKS = 100_000
"""Chunks of a sweep: one file each in the chunk store, so --chunk must not be tiny."""
MAX_CALIBRATION_SAMPLES = 1_000_000
"""Prior draws a calibration screens (40,000 by default): each runs on 64 worlds, so 1,000,000
take about 25 times the default's time, over an hour here."""
MAX_CALIBRATION_SEED = 9_000_000_000_000
"""A calibration's worlds start at seed x 1,000,003 (different seeds meet different worlds),
which must fit the random streams' 64 bits."""
MAX_SEED = 2**63 - 1
"""A seed (of a run, a scenario or a sweep): seed, seed + 1, ... fit the random streams' 64 bits."""

MEMORY_SHARE = 1 / 3
"""The share of this machine's memory one command may plan to use (8 GB of 24 GB): the rest is
the system's, the other commands' and the estimate's margin of error."""
BASE_BYTES = 250 * 2**20
"""Python, NumPy, pandas and the scenario, before any world."""
WORLD_DECISION_BYTES = 600
"""Per world and decision: the private leanings (9 options x 8 bytes), the step's utilities and
their temporaries, the ensemble's weights, and a run's row of outcomes (with pandas' copies)."""
WORLD_DECISION_STEP_BYTES = 3
"""Per world, decision and step: the trajectories (level and side, a byte each) and a
decision's course read from them."""
STEP_DECISION_BYTES = 2 * 14 * 8
"""Per step and decision: the kernel's static exposures (2 sides x 14 interests, float64)."""


def physical_memory() -> int:
    """This machine's memory in bytes (0 when the system does not say)."""
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError, AttributeError):
        return 0


def memory_allowed() -> int:
    """What one command may plan to use: MEMORY_SHARE of this machine's memory."""
    return int(physical_memory() * MEMORY_SHARE) or 8 * 2**30


def gigabytes(size: float) -> str:
    return f"{size / 2**30:,.1f} GB" if size >= 2**30 else f"{size / 2**20:,.0f} MB"


def simulation_bytes(worlds: int, steps: int, decisions: int) -> int:
    """The memory of simulating `worlds` worlds at once and keeping their outcomes."""
    per_world = decisions * (WORLD_DECISION_BYTES + WORLD_DECISION_STEP_BYTES * steps)
    return BASE_BYTES + worlds * per_world + steps * decisions * STEP_DECISION_BYTES


def check_memory(what: str, option: str, needed: int, sizes: str, advice: str) -> None:
    """Refuse, before any work, a command whose estimated memory `needed` is above what this
    machine allows; `sizes` says what it holds, `advice` what to change."""
    allowed = memory_allowed()
    if needed <= allowed:
        return
    total = physical_memory()
    of = f"a third of this machine's {gigabytes(total)}" if total else "the default"
    raise InputError(
        what,
        option,
        f"{sizes} need about {gigabytes(needed)} of memory, more than the {gigabytes(allowed)} "
        f"one command may use ({of}); {advice}",
    )


def check_worlds(
    what: str, option: str, worlds: int, steps: int, decisions: int, advice: str
) -> None:
    """check_memory for simulating `worlds` worlds of `steps` steps and `decisions` decisions."""
    sizes = f"{worlds:,} worlds x {steps:,} steps x {decisions:,} decisions"
    check_memory(what, option, simulation_bytes(worlds, steps, decisions), sizes, advice)


def at_most(value: int, limit: int, why: str) -> str | None:
    """The message refusing `value` above `limit` (None when within it)."""
    if value <= limit:
        return None
    return f"at most {limit:,} ({why}), got {value:,}"
