"""Results folders: every file written atomically, every folder with a manifest."""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import shlex
import sys
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd

from axissim.scenario import Scenario, scenario_text_hash


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
    return write_atomic(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))


def write_csv(path: Path | str, frame: pd.DataFrame) -> Path:
    return write_atomic(path, lambda tmp: frame.to_csv(tmp, index=False))


def command_line() -> str:
    """The command that produced a result, as a user would type it."""
    return shlex.join(["axissim", *sys.argv[1:]])


def package_versions() -> dict[str, str]:
    from importlib.metadata import version

    from axissim import __version__

    out = {"axissim": __version__, "python": platform.python_version()}
    for name in ("mesa", "numpy", "pandas"):
        out[name] = version(name)
    return out


def manifest(scenario: Scenario, source: Path | str | None, **extra: Any) -> dict[str, Any]:
    """What reproduces a result: scenario hash, weights, seed, versions, command."""
    return {
        "scenario": scenario.name,
        "scenario_file": None if source is None else str(source),
        "scenario_sha256": scenario_text_hash(scenario),
        "weights": dict(scenario.weights),
        "choice": scenario.choice.model_dump(),
        **extra,
        "versions": package_versions(),
        "command": command_line(),
        "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    }


def write_manifest(folder: Path | str, data: dict[str, Any]) -> Path:
    return write_text(Path(folder) / "manifest.json", json.dumps(data, indent=2) + "\n")
