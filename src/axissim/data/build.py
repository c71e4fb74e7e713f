"""`axissim data scenario`: a scenario from the data, of a COW war (`--war N`) or of any year
and countries with two sides the user names (`--year Y ...`), validated and written.

The pieces: `axissim.data.wars` and `axissim.data.years` make the documents, from the facts
of `axissim.data.facts`; `axissim.data.documents` holds what they share (weights, header,
validating, the YAML written). Rules for the facts: `axissim.data.rules`; for wars, sides,
leads and potential joiners: `axissim.data.corpus`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from axissim.data.documents import DEFAULT_WEIGHTS, scenario_yaml, validate_document
from axissim.data.wars import war_documents
from axissim.data.years import year_document
from axissim.errors import InputError
from axissim.files import write_text


def _ids(text: str) -> list[str]:
    """'deu, auh' -> ['DEU', 'AUH']."""
    return [part.strip().upper() for part in text.split(",") if part.strip()]


def scenario_from_options(
    war: int | None,
    year: int | None,
    countries: str | None,
    sides: list[str] | None,
    initiator: str | None,
    weights: str | None,
) -> tuple[dict[str, Any], list[str]]:
    """The document the command line asks for: `--war N`, or `--year Y --countries A,B
    --side C,D --side E,F [--initiator C]`."""
    weights_file = Path(weights) if weights else DEFAULT_WEIGHTS
    if not weights_file.is_file():
        hint = "" if weights else " (the default: run from the repository or give --weights)"
        raise InputError("--weights", "", f"weights file not found: {weights_file}{hint}")
    if (war is None) == (year is None):
        raise InputError("axissim data scenario", "", "give either --war N or --year Y")
    if war is not None:
        if countries or sides or initiator:
            raise InputError("--war", "", "--countries, --side and --initiator go with --year")
        return war_documents([war], weights_file)[war]
    return year_document(
        year,
        _ids(countries or ""),
        [_ids(side) for side in sides or []],
        initiator.strip().upper() if initiator else None,
        weights_file,
    )


def write_scenario(doc: dict[str, Any], header: list[str], path: Path | str) -> str:
    """Validate the document, write it atomically, and return a one-line summary."""
    scenario = validate_document(doc, str(path))
    write_text(path, scenario_yaml(doc, header))
    decisions = sum(len(c.deciders) for c in scenario.conflicts.values())
    return (
        f"{path}: scenario '{scenario.name}', {len(scenario.countries)} countries, "
        f"{len(scenario.relations)} relations, {decisions} decisions, "
        f"{len(scenario.observed)} observed, {scenario.steps} steps"
    )
