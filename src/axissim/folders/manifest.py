"""What every results folder carries: a manifest saying what reproduces it (scenario hash,
weights, seed, versions, command)."""

from __future__ import annotations

import datetime as dt
import json
import platform
import re
import shlex
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from axissim.errors import InputError
from axissim.files import write_text

if TYPE_CHECKING:
    from axissim.scenario import Scenario

MANIFEST = "manifest.json"
WHATIF = "-whatif-"
"""Between a scenario's name and its overrides' in the folder of a run with --set."""
SLUG = 40
"""Characters of the overrides kept in a what-if folder's name (a hash tells them apart)."""


def whatif_name(name: str, overrides: Sequence[str] = ()) -> str:
    """The results folder name of scenario `name` with --set `overrides`: the name alone
    without any, else name-whatif-<the overrides, shortened>-<6 hex of their hash>, so that a
    what-if never overwrites the scenario's own results, nor another what-if's."""
    if not overrides:
        return name
    import hashlib

    slug = "_".join(re.sub(r"[^A-Za-z0-9_.]+", "-", o).strip("-.") for o in overrides)
    digest = hashlib.sha256(json.dumps(list(overrides)).encode()).hexdigest()[:6]
    return f"{name}{WHATIF}{slug[:SLUG].rstrip('-_.')}-{digest}"


def command_line() -> str:
    """The command that produced a result, as a user would type it."""
    return shlex.join(["axissim", *sys.argv[1:]])


def package_versions() -> dict[str, str]:
    from importlib.metadata import version  # here: checking an --out need not load it

    from axissim._version import __version__

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
        **provenance(),
    }


def provenance() -> dict[str, Any]:
    """Which versions made a result, with which command, when: every manifest ends with it."""
    return {
        "versions": package_versions(),
        "command": command_line(),
        "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    }


def write_manifest(folder: Path | str, data: dict[str, Any]) -> Path:
    return write_text(Path(folder) / MANIFEST, json.dumps(data, indent=2) + "\n")


WHEN = frozenset({"created", "seconds", "seconds_this_call"})
"""Manifest entries that say when a result was made and how long it took, not what it is."""


def _what(value: Any) -> Any:
    """A manifest without its WHEN entries, at any depth."""
    if isinstance(value, dict):
        return {k: _what(v) for k, v in value.items() if k not in WHEN}
    if isinstance(value, list):
        return [_what(v) for v in value]
    return value


def keep_unchanged_manifest(old: Path, new: Path) -> None:
    """Put the manifest of results folder `old` back into `new` (the same results, rewritten)
    when the new one differs from it only in WHEN entries and every other file `new` holds is
    byte for byte the one in `old`: rerunning a command that gives the same results changes
    no file (`created` stays when they were first made), so shipped results stay untouched."""
    import filecmp
    import shutil

    try:
        before = json.loads((old / MANIFEST).read_text(encoding="utf-8"))
        after = json.loads((new / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return
    if _what(before) != _what(after):
        return
    for entry in new.iterdir():
        if entry.name == MANIFEST or not entry.is_file():
            continue
        if not (old / entry.name).is_file() or not filecmp.cmp(entry, old / entry.name, False):
            return
    shutil.copyfile(old / MANIFEST, new / MANIFEST)


Number = (int, float)
OPTIONAL = type(None)
SHAPE: dict[str, Any] = {
    "scenario": str,
    "scenario_file": (str, OPTIONAL),
    "scenario_sha256": str,
    "weights": ({str: Number}, str),  # a run's weights, or a back-test's "each case's own"
    "choice": {"rule": str, "temperature": Number},
    "seed": (int, OPTIONAL),
    "replicates": (int, OPTIONAL),
    "members": (int, OPTIONAL),
    "overrides": [str],
    "command": str,
    "created": str,
    "files": [str],
    "decisions": [str],
    "points": int,
    "runs": int,
    "chunk": int,
    "samples": (int, OPTIONAL),
    "method": (str, OPTIONAL),
    "scenario_files": [str],
    "outcome": (str, OPTIONAL),
    "expression": (str, OPTIONAL),
    "density": (Number, OPTIONAL),
    "cases": (int, OPTIONAL, list),
    "sweep": {
        "file": str,
        "description": (str, OPTIONAL),
        "design": str,
        "samples": (int, OPTIONAL),
        "replicates": int,
        "parameters": [dict],
        "outputs": {
            "decisions": [str],
            "beneficiaries": [str],
            "statistics": [str],
            "labels": [str],
        },  # fmt: skip
    },
}
"""The type of every manifest entry a reader uses, where a manifest has it: a type or a tuple
of types, {key: shape} for a mapping of known keys, {str: type} for a mapping of any keys,
[type] for a list; a tuple holding any of these, alternatives."""


def _misshapen(value: Any, shape: Any, where: str) -> str | None:
    """Where and how `value` departs from `shape`; None when it fits."""
    if isinstance(shape, tuple) and not all(isinstance(s, type) for s in shape):  # alternatives
        misfits = [_misshapen(value, s, where) for s in shape]
        return None if None in misfits else misfits[0]
    if isinstance(shape, dict):
        if not isinstance(value, dict):
            return f"{where}: expected a mapping"
        if list(shape) == [str]:
            checks = [(f"{where}.{k}", v, shape[str]) for k, v in value.items()]
        else:
            checks = [(f"{where}.{k}", value[k], s) for k, s in shape.items() if k in value]
    elif isinstance(shape, list):
        if not isinstance(value, list):
            return f"{where}: expected a list"
        checks = [(f"{where}[{i}]", v, shape[0]) for i, v in enumerate(value)]
    else:
        kinds = shape if isinstance(shape, tuple) else (shape,)
        fits = isinstance(value, kinds) and not (isinstance(value, bool) and bool not in kinds)
        names = " or ".join("null" if k is OPTIONAL else k.__name__ for k in kinds)
        return None if fits else f"{where}: expected {names}, got {type(value).__name__}"
    return next((m for w, v, s in checks if (m := _misshapen(v, s, w))), None)


def read_manifest(folder: Path | str) -> dict[str, Any]:
    """A results folder's manifest; {} when it has none; an InputError naming the file when it
    is damaged (not UTF-8, not JSON, not a mapping, or an entry of the wrong type)."""
    path = Path(folder) / MANIFEST
    if not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        problem = str(exc).splitlines()[0]
    else:
        shapes = {k: v for k, v in SHAPE.items() if isinstance(data, dict) and k in data}
        problem = (
            _misshapen(data, shapes, "manifest")
            if isinstance(data, dict)
            else (f"expected a JSON object, got a {type(data).__name__}")
        )
        if problem is None:
            return data
    raise InputError(
        str(path),
        "",
        f"damaged, not as axissim writes it ({problem}); run the command that made the folder "
        "again",
    )
