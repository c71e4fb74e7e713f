"""Load a scenario: read YAML, follow `extends`, apply `--set` overrides, validate, cross-check.

Every error names the file the offending value came from and its YAML path.
"""

from __future__ import annotations

import difflib
import typing
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from axissim.scenario.errors import ScenarioError, format_path
from axissim.scenario.schema import Scenario, Strict, check_weights
from axissim.scenario.yamlio import read_yaml

Path_ = tuple[str | int, ...]
SET_SOURCE = "--set"


class _Merged:
    """A merged document plus, for each path, the file that last wrote it."""

    def __init__(self) -> None:
        self.data: dict[str, Any] = {}
        self.origin: dict[Path_, str] = {(): ""}

    def merge(self, data: dict[str, Any], file: str) -> None:
        self.data = self._merge(self.data, data, (), file)

    def _merge(self, base: Any, over: Any, path: Path_, file: str) -> Any:
        if isinstance(base, dict) and isinstance(over, dict):
            self.origin.setdefault(path, file)
            out = dict(base)
            for key, value in over.items():
                out[key] = self._merge(base.get(key), value, (*path, key), file)
            return out
        self.mark(over, path, file)
        return over

    def mark(self, value: Any, path: Path_, file: str) -> None:
        self.origin[path] = file
        if isinstance(value, dict):
            for key, item in value.items():
                self.mark(item, (*path, key), file)
        elif isinstance(value, list):
            for index, item in enumerate(value):
                self.mark(item, (*path, index), file)

    def file_of(self, path: Path_) -> str:
        for cut in range(len(path), -1, -1):
            if path[:cut] in self.origin and self.origin[path[:cut]]:
                return self.origin[path[:cut]]
        return self.origin[()]


def _read_chain(path: Path, merged: _Merged, seen: tuple[Path, ...]) -> None:
    """Merge the files `path` extends (recursively, base first), then `path` itself."""
    resolved = path.resolve()
    if resolved in seen:
        cycle = " -> ".join(str(p) for p in (*seen, resolved))
        raise ScenarioError(str(path), "extends", f"extends cycle: {cycle}")
    data = read_yaml(path, "a scenario mapping")
    parent = data.pop("extends", None)
    if parent is not None:
        if not isinstance(parent, str):
            raise ScenarioError(str(path), "extends", "expected a file path (string)")
        parent_path = path.parent / parent
        if not parent_path.exists():
            raise ScenarioError(str(path), "extends", f"file not found: {parent_path}")
        _read_chain(parent_path, merged, (*seen, resolved))
    merged.merge(data, str(path))


def parse_override(text: str) -> tuple[Path_, Any]:
    """'relations.RUS->IRN.treaty=1' -> (('relations', 'RUS->IRN', 'treaty'), 1)."""
    if "=" not in text:
        raise ScenarioError(SET_SOURCE, text, "expected dotted.path=value")
    key, raw = text.split("=", 1)
    if not key or any(not part for part in key.split(".")):
        raise ScenarioError(SET_SOURCE, text, "expected dotted.path=value")
    try:
        value = yaml.safe_load(raw) if raw.strip() else ""
    except yaml.YAMLError:
        value = raw
    path = tuple(int(p) if p.isdigit() else p for p in key.split("."))
    return path, value


def apply_override(data: dict[str, Any], path: Path_, value: Any) -> None:
    """Set one value at a dotted path inside the merged document, creating mappings as needed."""
    node: Any = data
    for depth, part in enumerate(path[:-1]):
        here = path[: depth + 1]
        if isinstance(node, list) and isinstance(part, int):
            if part >= len(node):
                raise ScenarioError(SET_SOURCE, here, f"index out of range (length {len(node)})")
            node = node[part]
        elif isinstance(node, dict):
            node = node.setdefault(part, {})
        else:
            raise ScenarioError(SET_SOURCE, here, "cannot descend into a value that is no mapping")
    last = path[-1]
    in_list = isinstance(node, list) and isinstance(last, int) and last < len(node)
    if in_list or isinstance(node, dict):
        node[last] = value
    else:
        raise ScenarioError(SET_SOURCE, path, "cannot set a value here")


def _resolve_weights(merged: _Merged) -> None:
    """Replace a `weights: path/to/file.yaml` reference by the file's mapping."""
    ref = merged.data.get("weights")
    if not isinstance(ref, str):
        return
    owner = Path(merged.file_of(("weights",)))
    path = owner.parent / ref if owner.name else Path(ref)
    doc = read_yaml(path, "a weights mapping")
    unknown = sorted(set(doc) - {"weights", "note", "temperature"})
    if unknown:
        raise ScenarioError(
            str(path), unknown[0], "unknown key; expected weights, note, temperature"
        )
    weights = doc.get("weights")
    if not isinstance(weights, dict):
        raise ScenarioError(str(path), "weights", "expected a mapping of interest name to number")
    try:
        check_weights({k: float(v) for k, v in weights.items()})
    except (TypeError, ValueError) as exc:
        raise ScenarioError(str(path), "weights", str(exc)) from None
    merged.data["weights"] = weights
    for key in weights:
        merged.origin[("weights", key)] = str(path)


def _explain(error: dict[str, Any]) -> str:
    kind, msg = error["type"], error["msg"]
    got = error.get("input")
    if kind == "extra_forbidden":
        return "unknown key"
    if kind == "missing":
        return "required field is missing"
    shown = repr(got) if not isinstance(got, dict | list) else type(got).__name__
    return f"{msg}; got {shown}"


def _strict_inside(annotation: Any) -> type[Strict] | None:
    """The schema model a field holds, directly or inside a list, dict or union."""
    if isinstance(annotation, type) and issubclass(annotation, Strict):
        return annotation
    for arg in typing.get_args(annotation):
        found = _strict_inside(arg)
        if found is not None:
            return found
    return None


def _suggest(path: Path_) -> str:
    """For an unknown key, the closest field name the schema knows there, if any."""
    model: type[Strict] | None = Scenario
    held: type[Strict] | None = None
    for part in path[:-1]:
        if model is not None and part in model.model_fields:
            annotation = model.model_fields[part].annotation
            direct = isinstance(annotation, type) and issubclass(annotation, Strict)
            model, held = (annotation, None) if direct else (None, _strict_inside(annotation))
        else:  # a key of a mapping or an index of a list: step into what it holds
            model, held = held, None
    if model is None:
        return ""
    close = difflib.get_close_matches(str(path[-1]), list(model.model_fields), n=1)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _validate(merged: _Merged) -> Scenario:
    try:
        return Scenario.model_validate(merged.data)
    except ValidationError as exc:
        first = exc.errors()[0]
        path = tuple(p for p in first["loc"] if not (isinstance(p, str) and p.startswith("list[")))
        path = tuple(p for p in path if p not in ("int", "float", "constrained-int"))
        message = _explain(first)
        if first["type"] == "extra_forbidden":
            message += _suggest(path)
        more = len(exc.errors()) - 1
        if more:
            message += f" (and {more} more problem{'s' if more > 1 else ''})"
        raise ScenarioError(merged.file_of(path), path, message) from None


def check_references(scenario: Scenario) -> list[tuple[Path_, str]]:
    """Cross-field problems pydantic cannot see: unknown ids, impossible schedules."""
    problems: list[tuple[Path_, str]] = []
    known = set(scenario.countries)
    known_list = ", ".join(sorted(known))

    def country(path: Path_, value: str) -> None:
        if value not in known:
            problems.append((path, f"unknown country id {value!r}; known: {known_list}"))

    for key in scenario.relations:
        parts = key.split("->")
        if len(parts) != 2:
            problems.append((("relations", key), "a relation key is 'AAA->BBB'"))
            continue
        for part in parts:
            country(("relations", key), part)
        if parts[0] == parts[1]:
            problems.append((("relations", key), "a relation joins two different countries"))
    for cid, conflict in scenario.conflicts.items():
        base: Path_ = ("conflicts", cid)
        fighting: set[str] = set()
        for sid, side in conflict.sides.items():
            for i, c in enumerate(side.belligerents):
                country((*base, "sides", sid, "belligerents", i), c)
                fighting.add(c)
            for i, c in enumerate(side.supporters):
                country((*base, "sides", sid, "supporters", i), c)
        for i, join in enumerate(conflict.joins):
            country((*base, "joins", i, "country"), join.country)
            fighting.add(join.country)
            if join.side not in conflict.sides:
                problems.append(
                    (
                        (*base, "joins", i, "side"),
                        f"unknown side {join.side!r}; known: {', '.join(conflict.sides)}",
                    )
                )
            if not conflict.start <= join.step < scenario.steps:
                problems.append(
                    (
                        (*base, "joins", i, "step"),
                        f"expected a step in [{conflict.start}, {scenario.steps - 1}]",
                    )
                )
        for i, c in enumerate(conflict.deciders):
            country((*base, "deciders", i), c)
            if c in fighting:
                problems.append(
                    (
                        (*base, "deciders", i),
                        f"{c} fights in this conflict, so it cannot decide to aid it",
                    )
                )
        for i, c in enumerate(conflict.oil_at_risk):
            country((*base, "oil_at_risk", i), c)
        if conflict.start >= scenario.steps:
            problems.append(((*base, "start"), f"expected a step below steps ({scenario.steps})"))
        if conflict.ceasefire is not None and conflict.ceasefire <= conflict.start:
            problems.append(
                ((*base, "ceasefire"), f"expected a step after start ({conflict.start})")
            )
        if isinstance(conflict.intensity, list) and len(conflict.intensity) != scenario.steps:
            problems.append(
                (
                    (*base, "intensity"),
                    f"expected one value per step ({scenario.steps}), "
                    f"got {len(conflict.intensity)}",
                )
            )
    for i, obs in enumerate(scenario.observed):
        base = ("observed", i)
        conflict = scenario.conflicts.get(obs.conflict)
        if conflict is None:
            problems.append(
                (
                    (*base, "conflict"),
                    f"unknown conflict {obs.conflict!r}; known: {', '.join(scenario.conflicts)}",
                )
            )
            continue
        if obs.decider not in conflict.deciders:
            problems.append(
                (
                    (*base, "decider"),
                    f"{obs.decider} does not decide about "
                    f"{obs.conflict}; its deciders: {', '.join(conflict.deciders)}",
                )
            )
        leads = [side.belligerents[0] for side in conflict.sides.values()]
        if obs.beneficiary not in leads:
            problems.append(
                (
                    (*base, "beneficiary"),
                    f"expected a side's lead belligerent: {' or '.join(leads)}",
                )
            )
    return problems


def load_scenario(path: Path | str, overrides: list[str] | tuple[str, ...] = ()) -> Scenario:
    """Read, merge, override, validate and cross-check a scenario file."""
    path = Path(path)
    merged = _Merged()
    _read_chain(path, merged, ())
    for text in overrides:
        key, value = parse_override(text)
        apply_override(merged.data, key, value)
        merged.mark(value, key, SET_SOURCE)
    _resolve_weights(merged)
    scenario = _validate(merged)
    problems = check_references(scenario)
    if problems:
        where, message = problems[0]
        raise ScenarioError(merged.file_of(where), where, message)
    return scenario


def scenario_text_hash(scenario: Scenario) -> str:
    """A stable hash of the validated scenario (after extends and overrides)."""
    import hashlib
    import json

    doc = json.dumps(scenario.model_dump(mode="json"), sort_keys=True)
    return hashlib.sha256(doc.encode()).hexdigest()


__all__ = ["load_scenario", "ScenarioError", "format_path", "scenario_text_hash"]
