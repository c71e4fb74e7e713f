"""The chunk store of a results folder: each finished chunk written atomically as it arrives,
beside the plan it belongs to, so an interrupted sweep resumes with only what is missing."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np

from axissim.errors import InputError
from axissim.folders import write_atomic, write_text

CHUNKS = "chunks"
PLAN = "plan.json"


def chunk_file(folder: Path, index: int) -> Path:
    return folder / CHUNKS / f"chunk-{index:06d}.npy"


def saved_plan(folder: Path) -> dict[str, Any] | None:
    """The plan record of the chunks in `folder`, if there are any."""
    path = folder / CHUNKS / PLAN
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None


def open_store(folder: Path, plan: dict[str, Any], resume: bool, source: str) -> set[int]:
    """Make `folder` ready for the chunks of `plan`; return the indices already finished.

    Without `resume` earlier chunks are removed. With it, the chunks must belong to the same
    sweep, seed and chunk size (else an error naming `source`); a write cut short by a kill
    leaves only a temporary file, which is removed.
    """
    chunks = folder / CHUNKS
    for stale in chunks.glob(".*.tmp"):
        stale.unlink()
    saved = saved_plan(folder)
    if resume and saved is not None:
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


def save_chunk(folder: Path, index: int, counts: np.ndarray) -> Path:
    def write(temporary: Path) -> None:
        with open(temporary, "wb") as handle:
            np.save(handle, counts)

    return write_atomic(chunk_file(folder, index), write)


def load_chunk(folder: Path, index: int) -> np.ndarray:
    return np.load(chunk_file(folder, index))
