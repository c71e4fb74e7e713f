"""A sweep's results folder (`axissim sweep`): results/sweeps/<sweep file name>/.

chunks/          the chunk store while the sweep runs: plan.json and one .npy per finished
                 chunk, written as each arrives, so an interrupted sweep resumes
points.parquet   one row per design point, one column per parameter
outcomes.parquet one row per point and output: P(each policy level), P(material), mean level
indices.csv      Sobol or Morris indices; indices_*.png, response.png or heatmap.png
manifest.json
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from importlib.metadata import version
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from axissim.errors import InputError
from axissim.files import write_atomic, write_parquet, write_text
from axissim.folders.manifest import MANIFEST, manifest, read_manifest, write_manifest
from axissim.folders.ownership import staged, written
from axissim.levels import LEVEL_NAMES, MATERIAL, N_LEVELS
from axissim.scenario.merge import dotted

if TYPE_CHECKING:
    from axissim.engine.parameters import Parameter
    from axissim.studies.sweep.plan import Plan

POINTS = "points.parquet"
OUTCOMES = "outcomes.parquet"
INDICES = "indices.csv"
RESPONSE, HEATMAP = "response.png", "heatmap.png"
CHUNKS = "chunks"
PLAN = "plan.json"
FIGURES = (INDICES, "indices_*.png", RESPONSE, HEATMAP)
OWNED = (POINTS, OUTCOMES, MANIFEST, *FIGURES)
DETECT = (POINTS, OUTCOMES)


def default(sweep_file: Path | str) -> Path:
    return Path("results") / "sweeps" / Path(sweep_file).stem


def require(folder: Path | str) -> Path:
    """`folder`, when it holds a sweep's outcomes; else an InputError saying to run one."""
    folder = Path(folder)
    if not (folder / OUTCOMES).is_file():
        raise InputError(str(folder), "", f"no {OUTCOMES} here; run `axissim sweep` first")
    return folder


# --- the chunk store ---


def chunk_file(folder: Path, index: int) -> Path:
    return folder / CHUNKS / f"chunk-{index:06d}.npy"


def saved_plan(folder: Path) -> dict[str, Any] | None:
    """The plan record of the chunks in `folder`, if there are any; an InputError when it is
    damaged."""
    path = folder / CHUNKS / PLAN
    if not path.is_file():
        return None
    try:
        plan = json.loads(path.read_text(encoding="utf-8"))
        problem = None if isinstance(plan, dict) else "not a JSON object"
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        problem = str(exc).splitlines()[0]
    if problem is None and not isinstance(plan.get("chunk"), int):
        problem = "no chunk size"
    if problem is not None:
        raise InputError(str(path), "", f"damaged ({problem}); run without --resume to start again")
    return plan


def open_store(folder: Path, plan: dict[str, Any], resume: bool, source: str) -> set[int]:
    """Make `folder` ready for the chunks of `plan`; return the indices already finished.

    Without `resume` earlier chunks are removed. With it, the chunks must belong to the same
    sweep, seed and chunk size (else an error naming `source`); a write cut short by a kill
    leaves only a temporary file, which is removed.
    """
    chunks = folder / CHUNKS
    for stale in chunks.glob(".*.tmp"):
        stale.unlink()
    saved = saved_plan(folder) if resume else None
    if saved is not None:
        if saved != plan:
            changed = sorted(k for k in plan if saved.get(k) != plan[k])
            raise InputError(
                source,
                "",
                f"{folder} holds chunks of another sweep (its {', '.join(changed)} differ); "
                "run without --resume to start again",
            )
        return {int(p.stem.removeprefix("chunk-")) for p in chunks.glob("chunk-*.npy")}
    for old in chunks.glob("chunk-*.npy"):
        old.unlink()
    write_text(chunks / PLAN, json.dumps(plan, indent=2) + "\n")
    return set()


def check_chunk(folder: Path, index: int, shape: tuple[int, ...]) -> None:
    """A finished chunk that can be read and has the plan's shape; else an InputError saying
    to delete it (the same command with --resume then runs it again)."""
    path = chunk_file(folder, index)
    try:
        part = np.load(path, mmap_mode="r", allow_pickle=False)
        problem = (
            None
            if part.shape == shape and part.dtype == np.int64
            else (f"holds {part.dtype} {part.shape}, expected int64 {shape}")
        )
    except (OSError, ValueError, EOFError):
        problem = "not the counts of a chunk: cut short or overwritten"
    if problem is not None:
        raise InputError(
            str(path),
            "",
            f"damaged ({problem}); delete it, and the same command with --resume runs that "
            "chunk again",
        )


def save_chunk(folder: Path, index: int, counts: np.ndarray) -> Path:
    def write(temporary: Path) -> None:
        with open(temporary, "wb") as handle:
            np.save(handle, counts)

    return write_atomic(chunk_file(folder, index), write)


def load_chunk(folder: Path, index: int) -> np.ndarray:
    return np.load(chunk_file(folder, index))


# --- the tables ---


def total_counts(folder: Path, plan: Plan) -> np.ndarray:
    """Peak-level counts of every point and output, (points, outputs, levels), from the chunks."""
    outputs = len(plan.sweep.outputs.labels)
    counts = np.zeros((len(plan.points), outputs, N_LEVELS), dtype=np.int64)
    for index in range(plan.chunks):
        first = plan.span(index)[0] // plan.sweep.replicates
        part = load_chunk(folder, index)
        counts[first : first + len(part)] += part
    return counts


def outcome_table(counts: np.ndarray, labels: tuple[str, ...], replicates: int) -> pd.DataFrame:
    """One row per point and output: P(each policy level), P(material aid), mean policy level."""
    points, outputs, _ = counts.shape
    share = counts / replicates
    frame = pd.DataFrame(
        {"point": np.repeat(np.arange(points), outputs), "output": np.tile(labels, points)}
    )
    for level, name in enumerate(LEVEL_NAMES):
        frame[f"p_{name}"] = share[..., level].ravel()
    frame["p_material"] = share[..., MATERIAL:].sum(axis=-1).ravel()
    frame["mean_level"] = (share * np.arange(N_LEVELS)).sum(axis=-1).ravel()
    frame["runs"] = replicates
    return frame


def parameter_record(p: Parameter) -> dict[str, Any]:
    """What the manifest says of a parameter: enough to redraw and re-analyse without the file."""
    return {
        "name": p.name,
        "paths": [dotted(path) for path in p.paths],
        "total": p.shares is not None,
        "values": None if p.values is None else list(p.values),
        "range": None if p.bounds is None else list(p.bounds),
        "integer": p.integer,
        "kind": p.kind,
        "baseline": p.baseline,
    }


def plan_record(plan: Plan) -> dict[str, Any]:
    """What makes chunks interchangeable: the sweep, its seed, its points and the chunk size."""
    points = hashlib.sha256(plan.points.to_csv().encode()).hexdigest()
    return {
        "sweep_sha256": plan.sweep.fingerprint,
        "points_sha256": points,
        "points": len(plan.points),
        "replicates": plan.sweep.replicates,
        "chunk": plan.chunk,
        "outputs": list(plan.sweep.outputs.labels),
    }


def write_tables(
    folder: Path,
    plan: Plan,
    counts: np.ndarray,
    execution: dict[str, Any],
    figures: Callable[[Path], list[Path]] | None = None,
) -> list[Path]:
    """Write points.parquet, outcomes.parquet and manifest.json, staged: the chunk store and
    other kinds' subfolders are kept, charts of an earlier sweep are dropped. `figures` draws
    this one's into the staging folder from the tables there (`readers.sweep_figures.draw_into`)
    before it replaces the folder, so a drawing that fails leaves the previous results whole."""
    sweep = plan.sweep
    points = plan.points.reset_index()
    outcomes = outcome_table(counts, sweep.outputs.labels, sweep.replicates)
    with staged(folder, OWNED) as stage:
        files = [write_parquet(stage / POINTS, points), write_parquet(stage / OUTCOMES, outcomes)]
        _write_manifest(stage, plan, execution, files)
        files += [Path(MANIFEST), *(figures(stage) if figures else [])]
    return [folder / f.name for f in files]


def _write_manifest(stage: Path, plan: Plan, execution: dict[str, Any], files: list[Path]) -> None:
    sweep = plan.sweep
    data = manifest(
        sweep.scenario,
        sweep.scenario_file,
        seed=sweep.seed,
        sweep={
            "file": sweep.file,
            "sha256": sweep.fingerprint,
            "description": sweep.description,
            "design": sweep.design,
            "samples": sweep.samples,
            "replicates": sweep.replicates,
            "parameters": [parameter_record(p) for p in sweep.parameters],
            "outputs": {
                "decisions": list(sweep.outputs.decisions),
                "beneficiaries": list(sweep.outputs.beneficiaries),
                "statistics": list(sweep.outputs.statistics),
                "labels": list(sweep.outputs.labels),
            },
            "world_seeds": "sweep seed + replicate index, the same for every point",
        },
        points=len(plan.points),
        runs=plan.runs,
        chunk=plan.chunk,
        execution=execution,
        salib=version("SALib"),
        files=[f.name for f in files],
    )
    write_manifest(stage, data)


def read_tables(folder: Path) -> tuple[dict[str, Any], pd.DataFrame, pd.DataFrame]:
    """A sweep results folder's manifest, points and outcomes; an InputError if incomplete."""
    folder = Path(folder)
    missing = [n for n in (MANIFEST, POINTS, OUTCOMES) if not (folder / n).is_file()]
    if missing:
        raise InputError(
            str(folder), "", f"not a complete sweep results folder: no {', '.join(missing)}"
        )
    data = read_manifest(folder)  # an InputError if damaged
    if "sweep" not in data:
        raise InputError(str(folder / MANIFEST), "", "not a sweep's manifest: it has no sweep")
    try:
        return data, pd.read_parquet(folder / POINTS), pd.read_parquet(folder / OUTCOMES)
    except (ValueError, OSError) as exc:  # a file pyarrow cannot read
        raise InputError(str(folder), "", f"cannot read the sweep results: {exc}") from None


def figures_stage(folder: Path | str):
    """Where `axissim plot` (re)draws a sweep's indices and charts: staged, so a failed drawing
    leaves the earlier ones."""
    return written(Path(folder), FIGURES)
