"""What every scenario generated from the data shares: a yearly clock, the weights copied
inline from a weights file, the facts, a header comment saying how it was made and where its
facts come from; validating it as a scenario file is validated, and writing it as YAML.

A scenario document is a plain dict in the scenario file format, every fact with its source
beside it. Wars: `axissim.data.wars`; a year the user names: `axissim.data.years`.
"""

from __future__ import annotations

import shlex
from pathlib import Path
from typing import Any

import yaml

from axissim.data.facts import facts_header
from axissim.errors import InputError
from axissim.scenario import Scenario
from axissim.scenario.checks import check_references
from axissim.scenario.load import read_weights_file
from axissim.scenario.merge import Merged
from axissim.scenario.schema import WeightError, check_weights
from axissim.scenario.validate import validate
from axissim.scenario.yamlio import line_of

DEFAULT_WEIGHTS = Path("scenarios/weights/baseline.yaml")
LINE = 400
"""Width of the written YAML: one line per country, relation and observation."""

WeightsPart = tuple[dict[str, Any], list[str]]
"""The `choice` and `weights` a generated file holds inline, and its header line naming the
weights file they were copied from."""
Facts = tuple[dict[str, dict], dict[str, dict]]
"""The countries and relations of a generated scenario."""


def read_weights(path: Path | str) -> tuple[dict[str, float], float | None, str]:
    """The weights, fitted temperature (or None) and note of a weights file, read as a
    scenario's `weights: FILE` is; the values are checked here too, as the generated file
    copies them."""
    file = str(path)
    doc = read_weights_file(path)
    weights = doc["weights"]
    try:
        check_weights(weights)
    except WeightError as exc:
        where = ("weights", exc.key)
        raise InputError(file, where, str(exc), line_of(file, where)) from None
    return weights, doc.get("temperature"), str(doc.get("note", ""))


def weights_part(weights: Path | str) -> WeightsPart:
    """What a generated file takes from the weights file `weights`."""
    values, temperature, note = read_weights(weights)
    choice = {"rule": "logit"} | ({"temperature": temperature} if temperature else {})
    header = f"# Weights: copied from {weights}" + (f" ({note})" if note else "") + "."
    return {"choice": choice, "weights": values}, [header]


def command(*options: str | int, weights: Path | str = DEFAULT_WEIGHTS) -> str:
    """The command that regenerates a scenario (with --weights unless the default)."""
    given = [] if Path(weights) == DEFAULT_WEIGHTS else ["--weights", str(weights)]
    return shlex.join(["axissim", "data", "scenario", *map(str, options), *given])


def yearly_document(
    name: str,
    description: str,
    steps: int,
    seed: int,
    weights: WeightsPart,
    facts: Facts,
    conflicts: dict[str, Any],
    year: int,
) -> dict[str, Any]:
    """A scenario document on a yearly clock starting in `year` (its 1 January: the data give
    years only), with the weights inline."""
    countries, relations = facts
    return {
        "name": name,
        "description": description,
        "steps": steps,
        "time_unit": "year",
        "start_date": f"{year:04d}-01-01",
        "seed": seed,
        **weights[0],
        "countries": countries,
        "relations": relations,
        "conflicts": conflicts,
    }


def document_header(lines: list[str], year: int, weights: WeightsPart) -> list[str]:
    """A generated file's header comment: `lines` on how it was made, then where the facts of
    `year` and the weights come from."""
    return [*lines, *facts_header(year), *weights[1]]


def validate_document(doc: dict[str, Any], label: str) -> Scenario:
    """Validate a scenario document as `axissim.scenario.load_scenario` validates a file."""
    merged = Merged(label)
    merged.merge(doc, label)
    scenario = validate(merged)
    problems = check_references(scenario)
    if problems:
        where, message = problems[0]
        raise InputError(label, where, message)
    return scenario


def scenario_yaml(doc: dict[str, Any], header: list[str]) -> str:
    """The scenario file: the header comment, then the document, one line per country,
    relation and observation."""
    body = yaml.dump(
        doc,
        Dumper=getattr(yaml, "CSafeDumper", yaml.SafeDumper),  # libyaml's is ten times faster
        sort_keys=False,
        default_flow_style=None,
        width=LINE,
        allow_unicode=True,
    )
    return "\n".join(header) + "\n" + body
