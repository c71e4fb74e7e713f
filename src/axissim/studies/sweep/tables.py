"""A finished sweep's tables: points.parquet, outcomes.parquet and the manifest."""

from __future__ import annotations

import hashlib
import json
from importlib.metadata import version
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from axissim.engine.parameters import Parameter
from axissim.errors import InputError
from axissim.folders import manifest, write_atomic, write_manifest
from axissim.levels import LEVEL_NAMES, MATERIAL, N_LEVELS
from axissim.studies.sweep.plan import Plan
from axissim.studies.sweep.spec import Sweep, dotted
from axissim.studies.sweep.store import load_chunk

POINTS = "points.parquet"
OUTCOMES = "outcomes.parquet"


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
    """One row per point and output: P(each peak level), P(material aid), mean peak level."""
    points, outputs, _ = counts.shape
    share = counts / replicates
    frame = pd.DataFrame(
        {"point": np.repeat(np.arange(points), outputs), "output": np.tile(labels, points)}
    )
    for level, name in enumerate(LEVEL_NAMES):
        frame[f"p_{name}"] = share[..., level].ravel()
    frame["p_material"] = share[..., MATERIAL:].sum(axis=-1).ravel()
    frame["mean_peak"] = (share * np.arange(N_LEVELS)).sum(axis=-1).ravel()
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
    folder: Path, plan: Plan, counts: np.ndarray, execution: dict[str, Any]
) -> list[Path]:
    """Write points.parquet, outcomes.parquet and manifest.json atomically."""
    sweep: Sweep = plan.sweep
    points = plan.points.reset_index()
    outcomes = outcome_table(counts, sweep.outputs.labels, sweep.replicates)
    files = [
        write_atomic(folder / POINTS, lambda tmp: points.to_parquet(tmp, index=False)),
        write_atomic(folder / OUTCOMES, lambda tmp: outcomes.to_parquet(tmp, index=False)),
    ]
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
        points=len(points),
        runs=plan.runs,
        chunk=plan.chunk,
        execution=execution,
        salib=version("SALib"),
        files=[f.name for f in files],
    )
    files.append(write_manifest(folder, data))
    return files


def read_tables(folder: Path) -> tuple[dict[str, Any], pd.DataFrame, pd.DataFrame]:
    """A sweep results folder's manifest, points and outcomes; a InputError if incomplete."""
    folder = Path(folder)
    missing = [n for n in ("manifest.json", POINTS, OUTCOMES) if not (folder / n).is_file()]
    if missing:
        raise InputError(
            str(folder), "", f"not a complete sweep results folder: no {', '.join(missing)}"
        )
    try:
        data = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        return data, pd.read_parquet(folder / POINTS), pd.read_parquet(folder / OUTCOMES)
    except (ValueError, OSError) as exc:  # bad JSON, or a file pyarrow cannot read
        raise InputError(str(folder), "", f"cannot read the sweep results: {exc}") from None
