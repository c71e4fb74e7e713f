"""The sweep file: a scenario, the parameters to vary and over what, the design, how many
replicates, which outputs. Every value is checked against the scenario on reading, and every
error names the sweep file and the field."""

from __future__ import annotations

import difflib
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from axissim.engine.interests import INTEREST_NAMES
from axissim.engine.parameters import Parameter, kind_of
from axissim.errors import InputError, shorten
from axissim.levels import AID_TO, STATISTICS
from axissim.limits import MAX_REPLICATES, MAX_SEED, MAX_SWEEP_POINTS, MAX_SWEEP_RUNS, at_most
from axissim.scenario import Scenario, load_scenario, scenario_text_hash
from axissim.scenario.load import beside, replace_values
from axissim.scenario.merge import YamlPath, dotted, parse_override
from axissim.scenario.yamlio import read_yaml

DESIGNS = ("grid", "lhs", "sobol", "morris")
RANGE_DESIGNS = ("lhs", "sobol", "morris")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)  # ranges finite


class ParameterEntry(_Strict):
    """One entry of `parameters` as written."""

    name: Annotated[str, Field(min_length=1)] | None = None
    path: Annotated[str, Field(min_length=1)] | None = None
    paths: Annotated[list[Annotated[str, Field(min_length=1)]], Field(min_length=1)] | None = None
    values: Annotated[list[Any], Field(min_length=1)] | None = None
    range: Annotated[list[float], Field(min_length=2, max_length=2)] | None = None
    total: bool = False


class OutputsEntry(_Strict):
    """`outputs` as written: decisions ("DECIDER:CONFLICT"), beneficiaries, statistics."""

    decisions: list[str] | None = None
    beneficiaries: list[str] = Field(default_factory=list)
    statistics: Annotated[list[Literal[STATISTICS]], Field(min_length=1)] = [  # type: ignore[valid-type]
        "p_material",
        "mean_level",
    ]


class SweepEntry(_Strict):
    """A sweep file as written."""

    scenario: Annotated[str, Field(min_length=1)]
    description: str = ""
    design: Literal[DESIGNS]  # type: ignore[valid-type]
    parameters: list[ParameterEntry]
    samples: Annotated[int, Field(ge=1)] | None = None
    replicates: Annotated[int, Field(ge=1)]
    seed: Annotated[int, Field(ge=0, le=MAX_SEED)] | None = None
    outputs: OutputsEntry = Field(default_factory=OutputsEntry)


@dataclass(frozen=True)
class Outputs:
    """What each point reports: decisions' policy levels, beneficiaries' highest aid received."""

    decisions: tuple[str, ...]  # "DECIDER:CONFLICT"
    beneficiaries: tuple[str, ...]  # country ids: the highest aid anyone gives each
    statistics: tuple[str, ...]

    @property
    def labels(self) -> tuple[str, ...]:
        """Output names in outcomes.parquet: decision keys, then "aid_to:XXX"."""
        return (*self.decisions, *(f"{AID_TO}{b}" for b in self.beneficiaries))


@dataclass(frozen=True)
class Sweep:
    """A validated sweep file and its base scenario."""

    file: str
    scenario_file: Path
    scenario: Scenario
    description: str
    design: str
    parameters: tuple[Parameter, ...]
    samples: int | None
    replicates: int
    seed: int
    outputs: Outputs
    fingerprint: str


# --- reading ---


def _entry(file: str, data: dict[str, Any]) -> SweepEntry:
    """The sweep file checked against its schema; the first problem as a InputError."""
    try:
        return SweepEntry.model_validate(data)
    except ValidationError as exc:
        error = exc.errors()[0]
    path = tuple(p for p in error["loc"] if not (isinstance(p, str) and "[" in p))
    if error["type"] == "extra_forbidden":
        model = _model_at(path[:-1])
        close = difflib.get_close_matches(str(path[-1]), list(model.model_fields), n=1)
        hint = (
            f"did you mean '{close[0]}'?" if close else "expected " + ", ".join(model.model_fields)
        )
        raise InputError(file, path, f"unknown key; {hint}")
    if error["type"] == "missing":
        raise InputError(file, path, "required field is missing")
    raise InputError(file, path, f"{error['msg']}; got {shorten(error['input'])}")


def _model_at(path: tuple[str | int, ...]) -> type[BaseModel]:
    named = [p for p in path if isinstance(p, str)]
    return {(): SweepEntry, ("parameters",): ParameterEntry, ("outputs",): OutputsEntry}.get(
        tuple(named), SweepEntry
    )


def read_sweep(path: Path | str) -> Sweep:
    """Read and check a sweep file; its scenario path is relative to the sweep file."""
    path = Path(path)
    file = str(path)
    entry = _entry(file, read_yaml(path, "a sweep mapping"))
    scenario_file = beside(path, entry.scenario)
    if not scenario_file.is_file():
        raise InputError(file, "scenario", f"scenario file not found: {scenario_file}")
    scenario = load_scenario(scenario_file)
    parameters = tuple(_parameter(file, entry, i, scenario) for i in range(len(entry.parameters)))
    names = [p.name for p in parameters]
    for i, name in enumerate(names):
        if name in names[:i]:
            raise InputError(file, ("parameters", i, "name"), f"{name!r} is used twice")
    _check_samples(file, entry)
    _check_size(file, entry)
    seed = scenario.seed if entry.seed is None else entry.seed
    outputs = _outputs(file, entry.outputs, scenario)
    fingerprint = hashlib.sha256(
        json.dumps(
            [entry.model_dump(mode="json"), scenario_text_hash(scenario), seed], sort_keys=True
        ).encode()
    ).hexdigest()
    return Sweep(
        file=file,
        scenario_file=scenario_file,
        scenario=scenario,
        description=entry.description,
        design=entry.design,
        parameters=parameters,
        samples=entry.samples,
        replicates=entry.replicates,
        seed=seed,
        outputs=outputs,
        fingerprint=fingerprint,
    )


def _check_samples(file: str, entry: SweepEntry) -> None:
    if entry.design in RANGE_DESIGNS and not entry.parameters:
        raise InputError(file, "parameters", f"the {entry.design} design needs parameters")
    ranged = any(p.range is not None for p in entry.parameters)
    if entry.design == "grid" and not ranged and entry.samples is not None:
        raise InputError(
            file, "samples", "the grid takes its points from the values lists; remove samples"
        )
    if (entry.design != "grid" or ranged) and entry.samples is None:
        what = "points per range" if entry.design == "grid" else "base samples"
        raise InputError(file, "samples", f"required field is missing ({what})")
    if entry.design == "grid" and ranged and entry.samples < 2:
        raise InputError(
            file, "samples", f"a grid needs >= 2 points per range, got {entry.samples}"
        )
    if entry.design == "sobol" and entry.samples & (entry.samples - 1):
        power = 1 << max(entry.samples.bit_length() - 1, 0)
        raise InputError(
            file,
            "samples",
            f"the sobol design needs a power of 2 (Saltelli's scheme); got {entry.samples}, "
            f"try {power} or {2 * power}",
        )


def points_of(entry: SweepEntry) -> int:
    """How many design points the entry makes, before any is drawn."""
    k = len(entry.parameters)
    if entry.design == "grid":
        points = 1
        for p in entry.parameters:
            points *= len(p.values) if p.values is not None else entry.samples
        return points
    return entry.samples * {"lhs": 1, "sobol": k + 2, "morris": k + 1}[entry.design]


def _check_size(file: str, entry: SweepEntry) -> None:
    """Replicates, points and runs within what this machine can run (axissim.limits)."""
    why = "worlds per point: 1,000,000 already estimate a probability within 0.001"
    refused = at_most(entry.replicates, MAX_REPLICATES, why)
    if refused:
        raise InputError(file, "replicates", refused)
    points, runs = points_of(entry), points_of(entry) * entry.replicates
    if points > MAX_SWEEP_POINTS:
        raise InputError(
            file,
            "samples" if entry.samples is not None else "parameters",
            f"the {entry.design} design makes {points:,} points; at most {MAX_SWEEP_POINTS:,} "
            "(points.parquet and outcomes.parquet hold a row per point, and the indices are "
            "computed over all of them in one process)",
        )
    if runs > MAX_SWEEP_RUNS:
        raise InputError(
            file,
            "replicates",
            f"{points:,} points x {entry.replicates:,} replicates make {runs:,} runs; at most "
            f"{MAX_SWEEP_RUNS:,} (about a day on this machine's 2 cores): fewer replicates or "
            "samples",
        )


def _leaf(file: str, where: YamlPath, data: Any, path: YamlPath) -> Any:
    """The scenario's value at `path`; an unknown path is an error naming the sweep field."""
    node = data
    for depth, part in enumerate(path):
        if isinstance(node, dict) and part in node:
            node = node[part]
            continue
        if isinstance(node, list) and isinstance(part, int) and part < len(node):
            node = node[part]
            continue
        if depth and path[depth - 1] == "weights" and depth == len(path) - 1:
            if part in INTEREST_NAMES:
                return 0.0  # an interest the scenario does not weigh counts 0
            known = list(INTEREST_NAMES)
        else:
            known = [str(k) for k in node] if isinstance(node, dict) else []
        close = difflib.get_close_matches(str(part), known, n=1)
        hint = f"; did you mean '{close[0]}'?" if close else ""
        at = dotted(path[:depth]) or "the scenario"
        raise InputError(file, where, f"unknown path {dotted(path)}: {at} has no {part!r}{hint}")
    if isinstance(node, dict):
        raise InputError(file, where, f"{dotted(path)} is a mapping; name one value in it")
    return node


def _parameter(file: str, entry: SweepEntry, i: int, scenario: Scenario) -> Parameter:
    """Check parameters[i] against the design and the scenario, and resolve it."""
    p, here = entry.parameters[i], ("parameters", i)
    field, texts, paths, base = _targets(file, here, p, scenario)
    integer = _check_numbers(file, here, field, p, entry.design, base)
    kinds = {kind_of(path) for path in paths}
    parameter = Parameter(
        name=p.name or texts[0],
        paths=paths,
        kind=kinds.pop() if len(kinds) == 1 else "scenario",
        baseline=sum(base) if p.total else base[0],
        low=None if p.range is None else float(p.range[0]),
        high=None if p.range is None else float(p.range[1]),
        shares=_total_shares(file, here, p, base) if p.total else None,
        values=None if p.values is None else tuple(p.values),
        integer=integer,
    )
    _check_values(file, here, scenario, parameter)
    return parameter


def _targets(
    file: str, here: YamlPath, p: ParameterEntry, scenario: Scenario
) -> tuple[str, list[str], tuple[YamlPath, ...], list[Any]]:
    """A parameter's field naming its paths ("path" or "paths"), the paths as written and as
    YAML paths, and the scenario's values there; the entry gives one of path and paths, one
    of values and range, and a name if it sets several paths."""
    if (p.path is None) == (p.paths is None):
        raise InputError(file, here, "give either path (one value) or paths (several)")
    if (p.values is None) == (p.range is None):
        raise InputError(file, here, "give either values (a list) or range: [low, high]")
    texts = [p.path] if p.path is not None else p.paths
    field = "path" if p.path is not None else "paths"
    paths = tuple(parse_override(f"{text}=")[0] for text in texts)
    data = scenario.model_dump()
    wheres = [
        (*here, field) if p.path is not None else (*here, field, j) for j in range(len(paths))
    ]
    base = [_leaf(file, w, data, path) for w, path in zip(wheres, paths, strict=True)]
    if p.name is None and len(paths) > 1:
        raise InputError(file, (*here, "name"), "required when a parameter sets several paths")
    return field, texts, paths, base


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _check_numbers(
    file: str, here: YamlPath, field: str, p: ParameterEntry, design: str, base: list[Any]
) -> bool:
    """A range or a total varies numbers; a range runs low to high; only the grid takes lists
    of values; morris needs continuous values. Whether the values are whole numbers."""
    numeric = all(_is_number(b) for b in base)
    if (p.range is not None or p.total) and not numeric:
        bad = next(b for b in base if not _is_number(b))
        raise InputError(
            file,
            (*here, field),
            f"the scenario holds {bad!r} there; a range or a total needs numbers",
        )
    if p.range is not None and p.range[0] >= p.range[1]:
        low, high = p.range
        raise InputError(
            file, (*here, "range"), f"[{low}, {high}] is inverted or empty; expected [low, high]"
        )
    if design in RANGE_DESIGNS and p.values is not None:
        raise InputError(
            file,
            (*here, "values"),
            f"the {design} design samples ranges; give range: [low, high] "
            "(only the grid design takes lists of values)",
        )
    integer = numeric and all(isinstance(b, int) for b in base)
    if integer and design == "morris":
        raise InputError(
            file, (*here, field), "the morris design needs continuous values, not whole numbers"
        )
    return integer


def _total_shares(
    file: str, here: YamlPath, p: ParameterEntry, base: list[Any]
) -> tuple[float, ...]:
    """A total's values are numbers, shared among its paths in the scenario's proportions."""
    for j, value in enumerate(p.values or []):
        if not _is_number(value):
            raise InputError(
                file, (*here, "values", j), f"a total is a number; got {shorten(value)}"
            )
    whole = float(sum(base))
    if whole <= 0:
        raise InputError(
            file, (*here, "total"), "the scenario's values are all 0: no proportions to share"
        )
    return tuple(float(b) / whole for b in base)


def _check_values(file: str, here: YamlPath, scenario: Scenario, parameter: Parameter) -> None:
    """Each listed value, or both ends of the range, must make a valid scenario, checked as
    the scenario's own values are (the sweep runs the scenarios `replace_values` makes).

    Fact, weight and temperature constraints are intervals, so a valid range's inside is valid.
    """
    if parameter.values is not None:
        checks = [((*here, "values", j), v) for j, v in enumerate(parameter.values)]
    else:
        checks = [((*here, "range"), v) for v in parameter.bounds]
    for where, value in checks:
        try:
            replace_values(scenario, parameter.assignments(value))
        except InputError as exc:
            raise InputError(file, where, f"{exc.path}: {exc.message}") from None


def decision_keys(scenario: Scenario) -> list[str]:
    """The scenario's decisions as "DECIDER:CONFLICT", conflict by conflict."""
    return [f"{d}:{cid}" for cid, c in scenario.conflicts.items() for d in c.deciders]


def _outputs(file: str, entry: OutputsEntry, scenario: Scenario) -> Outputs:
    """Outputs named in the file, checked against the scenario's decisions and sides."""
    keys = decision_keys(scenario)
    decisions = keys if entry.decisions is None else entry.decisions
    for j, key in enumerate(decisions):
        if key not in keys:
            raise InputError(
                file, ("outputs", "decisions", j), f"no decision {key!r}; known: {', '.join(keys)}"
            )
    leads = {lead for c in scenario.conflicts.values() for lead in c.leads}
    for j, country in enumerate(entry.beneficiaries):
        if country not in leads:
            raise InputError(
                file,
                ("outputs", "beneficiaries", j),
                f"{country!r} leads no side, so nobody aids it; known: {', '.join(sorted(leads))}",
            )
    return Outputs(tuple(decisions), tuple(entry.beneficiaries), tuple(entry.statistics))
