"""The report's sections on studies of a scenario: tipping points and calibration."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from axissim.folders import calibration as calibration_folder
from axissim.folders import tipping as tipping_folder
from axissim.folders.manifest import read_manifest
from axissim.readers.report.html import (
    Html,
    Section,
    code,
    esc,
    facts,
    image,
    images,
    level,
    note,
    section,
    small,
    table,
)
from axissim.wording import NO_FLIP, flip_text, number

CALIBRATION_CHARTS = {
    calibration_folder.IDENTIFIABILITY_CHART: "Shrinkage of each parameter.",
    calibration_folder.CORNER: "The ensemble of accepted weight vectors, pair by pair.",
}


def tipping_section(folder: Path) -> Section:
    data = read_manifest(folder)
    parts = []
    for key, rows in tipping_folder.read(folder).groupby("decision", sort=False):
        parts += decision_tipping(folder, key, rows)
    lead = (
        "For every weight and every fact of the decider, the nearest value below and above "
        "today's that changes the decision's most likely policy (level or side), searched within "
        "the "
        "parameter's bounds (a weight's prior, a fact's 0-1) over "
        f"{data.get('replicates', 'common')} worlds with common seeds. Distance: the change "
        "as a share of the parameter's range; the nearest flips come first."
    )
    name = data.get("scenario", folder.name)
    return section("Tipping points", f"tipping-{name}", f"Tipping points: {name}", lead, parts)


def decision_tipping(folder: Path, key: str, rows: pd.DataFrame) -> list[str]:
    """One decision's flips: a table, a note on the rest, the tornado chart."""
    first = rows.iloc[0]
    flips = rows[np.isfinite(rows.distance)]
    parts = [f"<h3>{esc(key)}: today {level(first.level, first.beneficiary)}</h3>"]
    body = [
        [
            code(f.parameter),
            f.kind,
            number(f.value),
            f"{number(f.low)} to {number(f.high)}",
            flip_cell(f, "down"),
            flip_cell(f, "up"),
            f"{f.distance:.0%}",
        ]
        for f in flips.itertuples(index=False)
    ]
    if body:
        header = ["parameter", "kind", "now", "bounds", "lowered to", "raised to", "distance"]
        parts.append(table(header, body, {2, 6}))
    parts.append(
        note(
            f"{len(rows) - len(flips)} more of the {len(rows)} parameters that enter this "
            "decision flip nothing within their bounds."
        )
    )
    decider, conflict = key.split(":")
    chart = tipping_folder.tornado_file(folder, decider, conflict)
    if chart.is_file():
        caption = (
            f"What would flip {key}: the change needed as a share of each parameter's range, "
            "coloured by the policy it brings, hatched where it aids the other side."
        )
        parts.append(image(chart, caption))
    return parts


def flip_cell(f, direction: str) -> Html:
    """The value one direction flips at and the level it flips to, as a coloured tag."""
    text = flip_text(f, direction, level)
    return small(NO_FLIP) if text == NO_FLIP else Html(text)


def _three(row, *columns: str) -> str:
    """The first of `columns` the row has, to three decimals ("" if none: an older file)."""
    value = next((getattr(row, c) for c in columns if hasattr(row, c)), None)
    return "" if value is None else f"{value:.3f}"


def calibration_section(folder: Path) -> Section:
    data = read_manifest(folder)
    evidence = pd.read_csv(folder / calibration_folder.EVIDENCE)
    ident = pd.read_csv(folder / calibration_folder.IDENTIFIABILITY)
    members = data.get("members") and f"{data['members']} members of {data['samples']} draws"
    scenarios = ", ".join(data.get("scenario_files", []))
    parts = [
        facts([("method", data.get("method")), ("scenarios", scenarios), ("ensemble", members)]),
        "<h4>P(observed) under the fitted weights</h4>",
        table(
            ["observation", "P(observed)", "standard error"],
            [
                [r.observation, _three(r, "p_observed", "p_simulated"), _three(r, "standard_error")]
                for r in evidence.itertuples()
            ],
            {1, 2},
        ),
        "<h4>What the evidence pins down</h4>",
        table(
            ["parameter", "prior", "posterior 5-95%", "shrinkage", "verdict"],
            [
                [
                    r.parameter,
                    f"{r.prior_low:g} to {r.prior_high:g}",
                    f"{r.posterior_q05:.2f} to {r.posterior_q95:.2f}",
                    f"{r.shrinkage:.2f}",
                    r.verdict,
                ]
                for r in ident.itertuples()
            ],
            {3},
        ),
        note(
            "Shrinkage: the ensemble's standard deviation over the prior's; below 0.5 the "
            "evidence pins a parameter down, below 0.8 it constrains it partly, above it leaves "
            "it free."
        ),
        *images(folder, CALIBRATION_CHARTS),
    ]
    lead = "How the weights were fitted to the observed decisions, and how firmly."
    return section(
        "Calibration", f"calibration-{folder.name}", f"Calibration: {folder.name}", lead, parts
    )
