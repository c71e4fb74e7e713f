"""Load a scenario: read YAML, follow `extends`, resolve weights files, apply `--set` overrides,
validate, cross-check. Every error names the file the offending value came from and its path.

The schema (pydantic) and the interests (NumPy) are imported when a scenario is validated, not
with this module: a file that is missing or no YAML is refused before they load.
"""

from __future__ import annotations

import contextlib
import difflib
import gc
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from axissim.errors import InputError, format_path, shorten
from axissim.scenario.merge import SET_SOURCE, Merged, YamlPath, dotted, parse_override
from axissim.scenario.yamlio import line_of, read_yaml

if TYPE_CHECKING:
    from axissim.scenario.schema import Scenario

WEIGHTS_FILE_KEYS = ("weights", "temperature", "note")
MAX_EXTENDS = 20
"""Files in one `extends` chain."""


def _resolved(path: Path) -> Path | None:
    """The absolute path with every symbolic link followed; None on a link loop."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # Python 3.11 raises RuntimeError on a symlink loop
        return None


def beside(owner: Path, ref: str) -> Path:
    """`ref` relative to the folder of `owner`, without '..' where that names the same file."""
    path = owner.parent / ref
    tidy = Path(os.path.normpath(path))
    same = _resolved(tidy)
    return tidy if same is not None and same == _resolved(path) else path


def reference(owner: str, field: str, ref: str, what: str) -> Path:
    """The file a reference names, relative to the referring file `owner` (to the current folder
    for --set); refused unless it is a regular file. Errors name `owner`, `field` and the path
    resolved (symbolic links followed)."""
    path = Path(ref) if owner == SET_SOURCE else beside(Path(owner), ref)
    line = None if owner == SET_SOURCE else _line(owner, field)
    resolved = _resolved(path)
    if resolved is None:
        raise InputError(owner, field, f"{what} {path}: a loop of symbolic links", line)
    shown = str(path) if str(path) == str(resolved) else f"{path} (resolved: {resolved})"
    if not resolved.exists():
        raise InputError(owner, field, f"{what} not found: {shown}", line)
    if not resolved.is_file():
        raise InputError(owner, field, f"{what} is not a regular file: {shown}", line)
    return path


def read_weights_file(path: Path | str) -> dict[str, Any]:
    """A weights file: `weights` (a mapping of every interest), an optional fitted
    `temperature`, a `note`; an unknown key or interest, or a missing one, is an InputError
    naming the file, the field and its line.

    The values are not checked here: a scenario checks them with its own, so errors name this
    file and the field.
    """
    from axissim.engine.interests import INTEREST_NAMES
    from axissim.scenario.schema import missing_weights

    file = str(path)
    doc = read_yaml(path, "a weights mapping")
    for key in doc:
        if key not in WEIGHTS_FILE_KEYS:
            close = difflib.get_close_matches(str(key), WEIGHTS_FILE_KEYS, n=1)
            known = ", ".join(WEIGHTS_FILE_KEYS)
            hint = f"did you mean '{close[0]}'?" if close else f"expected {known}"
            raise InputError(file, (key,), f"unknown key; {hint}", line_of(file, (key,)))
    weights = doc.get("weights")
    if not isinstance(weights, dict):
        raise InputError(
            file, "weights", "expected a mapping of interest name to number", _line(file, "weights")
        )
    for key in weights:
        if key not in INTEREST_NAMES:
            where = ("weights", key)
            message = f"unknown interest {key!r}; known: {', '.join(INTEREST_NAMES)}"
            raise InputError(file, where, message, line_of(file, where))
    missing = [key for key in INTEREST_NAMES if key not in weights]
    if missing:
        raise InputError(file, "weights", missing_weights(missing), _line(file, "weights"))
    return doc


def _line(file: str, key: str) -> int | None:
    return line_of(file, (key,))


def _set_weights_file(merged: Merged, ref: str, owner: str) -> None:
    """`weights: file.yaml` (relative to `owner`, the file that wrote it) replaces the weights.

    A temperature in the file (a calibrated one) sets `choice.temperature`, as if written where
    the reference is: the referring file's own `choice.temperature`, later files and `--set` win.
    """
    path = reference(owner, "weights", ref, "weights file")
    doc = read_weights_file(path)
    merged.set(("weights",), doc["weights"], str(path))
    if "temperature" in doc:
        merged.set(("choice", "temperature"), doc["temperature"], str(path), ("temperature",))


def _read_chain(path: Path, merged: Merged, seen: tuple[Path, ...]) -> None:
    """Merge the files `path` extends (recursively, base first), then `path` itself."""
    file = str(path)
    data = read_yaml(path, "a scenario mapping")
    seen = (*seen, _resolved(path) or path.absolute())
    parent = data.pop("extends", None)
    if parent is not None:
        if not isinstance(parent, str) or not parent.strip():
            raise InputError(
                file,
                "extends",
                f"expected a file path, got {shorten(parent)}",
                _line(file, "extends"),
            )
        parent_path = reference(file, "extends", parent, "file")
        if _resolved(parent_path) in seen:
            cycle = " -> ".join(p.name for p in (*seen, _resolved(parent_path)))
            raise InputError(file, "extends", f"extends cycle: {cycle}", _line(file, "extends"))
        if len(seen) >= MAX_EXTENDS:
            raise InputError(
                file, "extends", f"an extends chain of more than {MAX_EXTENDS} files; refused"
            )
        _read_chain(parent_path, merged, seen)
    weights = data.get("weights")
    if isinstance(weights, str):
        del data["weights"]
        _set_weights_file(merged, weights, file)
    merged.merge(data, file)


def load_scenario(path: Path | str, overrides: list[str] | tuple[str, ...] = ()) -> Scenario:
    """Read, merge, override, validate and cross-check a scenario file.

    `extends: base.yaml` (relative to the extending file) deep-merges the file over its base:
    mappings merge key by key; lists, scalars and each prior replace. `weights` is a mapping or
    the path of a weights file. Each override is 'dotted.path=value', the value read as YAML.
    """
    path = Path(path)
    merged = Merged(str(path))
    with _collector_paused():
        _read_chain(path, merged, ())
        for text in overrides:
            key, value = parse_override(text)
            if key == ("weights",) and isinstance(value, str):
                _set_weights_file(merged, value, SET_SOURCE)
            else:
                _new_relation(merged, key, value)
                merged.set(key, value, SET_SOURCE)
    return checked(merged)


def checked(merged: Merged) -> Scenario:
    """The scenario of a merged document, validated and cross-checked."""
    from axissim.scenario.checks import check_references
    from axissim.scenario.validate import validate

    with _collector_paused():
        scenario = validate(merged)
    problems = check_references(scenario, merged.latest)
    if problems:
        where, message = problems[0]
        raise merged.error(where, message)
    return scenario


def _new_relation(merged: Merged, key: YamlPath, value: Any) -> None:
    """A --set of a relation the scenario lacks must write all of it, with a source."""
    relations = merged.data.get("relations")
    if len(key) < 2 or key[0] != "relations" or not isinstance(relations, dict | None):
        return
    name = str(key[1])
    whole = len(key) == 2 and isinstance(value, dict)
    sourced = (whole and "source" in value) or key[2:] == ("source",)
    if name in (relations or {}) or sourced:
        return
    fields = value if whole else {key[-1]: value}
    if "treaty" in fields and "treaty_type" not in fields:  # a treaty counts through its type
        fields = {**fields, "treaty_type": "mutual_defence"}
    given = "".join(f"{k}: {v}, " for k, v in fields.items() if k != "source")
    near = next((r for r in relations or {} if r.casefold() == name.casefold()), None)
    raise InputError(
        SET_SOURCE,
        dotted(key),
        f"the scenario has no relation {name}{f' (did you mean {near}?)' if near else ''}; "
        f"setting a new one needs a source: --set 'relations.{name}={{{given}source: my note}}'",
    )


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cycle collector paused while a document is built: it would scan the growing
    tree of mappings again and again (a seventh of the time of a 150-country scenario), and the
    tree holds no cycles to collect."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def scenario_text_hash(scenario: Scenario) -> str:
    """A stable hash of the validated scenario (after extends and overrides)."""
    doc = json.dumps(scenario.model_dump(mode="json"), sort_keys=True)
    import hashlib  # here: a refusal of bad input need not load it

    return hashlib.sha256(doc.encode()).hexdigest()


__all__ = ["InputError", "format_path", "load_scenario", "scenario_text_hash"]


def replace_values(scenario: Scenario, assignments: list[tuple[tuple[str, ...], Any]]) -> Scenario:
    """A copy of a loaded scenario with values set at YAML paths, validated and cross-checked.

    For analyses that vary facts of a scenario already in memory (no file to re-read). Every
    check of a loaded scenario applies except the sums of import and trade shares: the tipping
    analysis varies one share over [0, 1] whatever the others are.
    """
    from axissim.scenario.checks import check_references
    from axissim.scenario.validate import validate

    merged = Merged("(in memory)")
    merged.merge(scenario.model_dump(mode="json", exclude_defaults=False), "(in memory)")
    for path, value in assignments:
        merged.set(path, value, "(in memory)")
    changed = validate(merged)
    problems = check_references(changed, shares=False)
    if problems:
        where, message = problems[0]
        raise merged.error(where, message)
    return changed


def extends_parent(path: Path | str) -> Path | None:
    """The file a scenario file `extends`, if any: what a variant is compared against."""
    parent = read_yaml(path, "a scenario mapping").get("extends")
    return Path(path).parent / parent if isinstance(parent, str) else None
