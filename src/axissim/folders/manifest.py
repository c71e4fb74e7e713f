"""What every results folder carries: a manifest saying what reproduces it (scenario hash,
weights, seed, versions, command)."""

from __future__ import annotations

import datetime as dt
import json
import platform
import shlex
import sys
from importlib.metadata import version
from pathlib import Path
from typing import TYPE_CHECKING, Any

from axissim._version import __version__
from axissim.files import write_text

if TYPE_CHECKING:
    from axissim.scenario import Scenario

MANIFEST = "manifest.json"


def command_line() -> str:
    """The command that produced a result, as a user would type it."""
    return shlex.join(["axissim", *sys.argv[1:]])


def package_versions() -> dict[str, str]:
    out = {"axissim": __version__, "python": platform.python_version()}
    for name in ("mesa", "numpy", "pandas"):
        out[name] = version(name)
    return out


def manifest(scenario: Scenario, source: Path | str | None, **extra: Any) -> dict[str, Any]:
    """What reproduces a result: scenario hash, weights, seed, versions, command."""
    from axissim.scenario import scenario_text_hash

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
    return write_text(Path(folder) / MANIFEST, json.dumps(data, indent=2) + "\n")


def read_manifest(folder: Path | str) -> dict[str, Any]:
    """A results folder's manifest; {} when it has none."""
    path = Path(folder) / MANIFEST
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
