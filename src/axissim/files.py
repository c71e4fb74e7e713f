"""Files written whole or not at all: every result is written to a temporary file in its folder
and renamed over the target, so an interrupted write never leaves half a file."""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any


def write_atomic(path: Path | str, write: Callable[[Path], Any]) -> Path:
    """Call write(temporary_path) in path's folder, then rename over path: never half-written.

    The temporary file is created normally (not by mkstemp), so the result gets the usual
    permissions under the umask; a failed write leaves no temporary file behind.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.tmp")
    try:
        write(temporary)
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return path


def write_text(path: Path | str, text: str) -> Path:
    """UTF-8 text."""
    return write_atomic(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))


def write_csv(path: Path | str, frame) -> Path:
    """A data frame as CSV, without its index."""
    return write_atomic(path, lambda tmp: frame.to_csv(tmp, index=False))


def write_parquet(path: Path | str, frame) -> Path:
    """A data frame as Parquet, without its index."""
    return write_atomic(path, lambda tmp: frame.to_parquet(tmp, index=False))
