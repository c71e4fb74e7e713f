"""The report's sections on runs: at a glance, the scenario, the decisions, the explanations."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from axissim.folders import run as run_folder
from axissim.folders import tipping as tipping_folder
from axissim.folders.manifest import read_manifest
from axissim.levels import LEVEL_NAMES
from axissim.readers.report.html import (
    ARROW,
    Html,
    Section,
    chips,
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
    verdict,
)
from axissim.scenario import Scenario, load_scenario
from axissim.wording import (
    interval,
    interval_text,
    levels_text,
    modal_probability,
    nearest_flip_text,
    observed_text,
    probability,
    probability_relation,
)

GLANCE_FLIPS = 3
"""Nearest flips shown per decision in the summary at the top."""
RUN_CHARTS = {
    run_folder.MATRIX: "Who aids whom: each decision's most likely policy (the level held at "
    "the end of the conflict) over all worlds, against the observed level.",
    run_folder.NETWORK: "The network: countries sized by military spending, treaties (blue) "
    "and rivalries (dotted), and an arrow for each decision's most likely policy.",
    run_folder.TIMELINE_CHART: "The crisis step by step: each decision's mean aid level over "
    "the worlds.",
    run_folder.MATERIAL: "P(material aid) across the ensemble of weights, against the scenario "
    "this one extends.",
}


def scenario_of(data: dict[str, Any]) -> Scenario | None:
    """The scenario a manifest names, when its file can be read from here."""
    source = data.get("scenario_file")
    return load_scenario(source) if source and Path(source).is_file() else None


def glance(runs: list[Path], tipping: list[Path]) -> Section | None:
    """Per decision of each run: today's outcome, the observation, and the nearest flips found
    by tipping runs of the same scenario."""
    if not runs:
        return None
    parts = []
    for run in runs:
        name = read_manifest(run).get("scenario")
        mine = [tipping_folder.read(f) for f in tipping if read_manifest(f).get("scenario") == name]
        flips = pd.concat(mine) if mine else None
        header = ["decision", "model: most likely policy (P)", "observed", "match"]
        if flips is not None:
            header.append("nearest changes that flip it (share of the parameter's range)")
        if len(runs) > 1:
            parts.append(f"<h3>{esc(name or run.name)}</h3>")
        rows = [glance_row(r, flips) for r in run_folder.read_summary(run).itertuples(index=False)]
        parts.append(table(header, rows))
    lead = (
        "Each decision's most likely policy over the simulated worlds (the level held at the end "
        "of the conflict), the documented one, "
        "and, where tipping points were computed, the smallest changes of one weight or fact "
        "that would change it."
    )
    return section("At a glance", "glance", "At a glance: what flips each decision", lead, parts)


def glance_row(r: Any, flips: pd.DataFrame | None) -> list[Any]:
    key = f"{r.decider}:{r.conflict}"
    modal = small(f"P {probability_relation(modal_probability(r))}")
    row = [key, Html(f"{level(r.level, r.beneficiary)} {modal}"), observed(r), verdict(r.match)]
    if flips is not None:
        near = flips[(flips.decision == key) & np.isfinite(flips.distance)]
        texts = [
            nearest_flip_text(f, ARROW, level, code, small)
            for f in near.head(GLANCE_FLIPS).itertuples()
        ]
        row.append(Html("<br>".join(texts)) if texts else small("nothing within bounds"))
    return row


def observed(r: Any) -> str:
    """A summary row's observation: 'none-rhetorical → IRN'."""
    return observed_text(r.observed, r.observed_beneficiary, ARROW)


def scenario_section(run: Path) -> Section:
    data = read_manifest(run)
    scenario = scenario_of(data)
    pairs: list[tuple[str, Any]] = [("scenario", data.get("scenario", run.name))]
    if scenario is not None:
        when = f"{scenario.steps} {scenario.time_unit}s" + (
            f" from {scenario.start_date}" if scenario.start_date else ""
        )
        pairs += [
            ("what it is", scenario.description),
            ("steps", when),
            ("countries", ", ".join(f"{c.name} ({cid})" for cid, c in scenario.countries.items())),
            ("conflicts", "; ".join(conflict_text(c) for c in scenario.conflicts.values())),
        ]
    choice = data.get("choice", {})
    pairs += [
        ("choice", f"{choice.get('rule', '?')}, temperature {choice.get('temperature', '?')}"),
        ("worlds", f"{data.get('replicates', '?')} from seed {data.get('seed', '?')}"),
        (
            "scenario file",
            f"{data.get('scenario_file')} (sha256 {data.get('scenario_sha256', '')[:12]}…)",
        ),
        ("command", data.get("command", "")),
    ]
    if "ensemble" in data:
        pairs.append(("ensemble", f"{data['ensemble']}, {data['members']} members"))
    weights = data.get("weights", {})
    parts = [facts(pairs)]
    if weights:
        parts.append("<h4>Interest weights</h4>")
        parts.append(chips([(k, f"{v:.3g}") for k, v in weights.items()]))
    if scenario is not None and scenario.observed:
        parts.append("<h4>Observed decisions and their sources</h4>")
        rows = [
            [f"{o.decider}:{o.conflict}", levels_text(*o.level_range), o.beneficiary, o.source]
            for o in scenario.observed
        ]
        parts.append(table(["decision", "level", "to", "source"], rows))
    lead = "The scenario these results come from, and what reproduces them."
    return section("Scenario", f"scenario-{run.name}", f"Scenario: {pairs[0][1]}", lead, parts)


def conflict_text(conflict) -> str:
    sides = " vs ".join("+".join(side.belligerents) for side in conflict.sides.values())
    return f"{conflict.name} ({sides}; deciders {', '.join(conflict.deciders)})"


def probability_cell(r: Any, name: str) -> Html:
    """P(level), with the ensemble's interval below it when the run had one."""
    cell = esc(probability(getattr(r, f"p_{name}")))
    span = interval(r, name)
    return cell if span is None else Html(f"{cell}<br>{small(interval_text(*span))}")


def decisions_section(run: Path) -> Section:
    summary = run_folder.read_summary(run)
    rows = [
        [
            r.decider,
            r.conflict,
            level(r.level, r.beneficiary),
            *(probability_cell(r, name) for name in LEVEL_NAMES),
            observed(r),
            probability(getattr(r, "p_observed", np.nan)),
            verdict(r.match),
        ]
        for r in summary.itertuples(index=False)
    ]
    header = ["decider", "conflict", "most likely policy", *LEVEL_NAMES]
    header += ["observed", "P(observed)", "match"]
    numeric = set(range(3, 3 + len(LEVEL_NAMES))) | {len(header) - 2}
    parts = [table(header, rows, numeric)]
    text = (
        "none ... troops: P of each level, the share of simulated worlds in which the decider "
        "holds that level at the end of the conflict (its policy). P(observed): the share that "
        "reproduce the documented "
        "decision (its level range and beneficiary). A decision matches when its most likely "
        "policy is the observed one."
    )
    if "lo_none" in summary:
        text += " Brackets: the 5-95% range across ensemble members."
    parts.append(note(text))
    parts += images(run, RUN_CHARTS)
    lead = "Who aids whom, how far, and with what probability, against what was observed."
    return section(
        "Decisions", f"decisions-{run.name}", f"Decisions against observed: {run.name}", lead, parts
    )


def explanations_section(runs: list[Path]) -> Section | None:
    charts = [p for run in runs for p in sorted(run.glob(run_folder.EXPLANATIONS))]
    if not charts:
        return None
    parts = []
    for chart in charts:
        decider, _, conflict = chart.stem.removeprefix("explain_").partition("_")
        parts.append(image(chart, f"Why {decider} chose as it did in {conflict}."))
    lead = (
        "Each option's utility split into named interests at one step (axissim explain): bars "
        "right of zero pull towards that level of aid, bars left push away; the option with "
        "the highest total wins."
    )
    return section("Explanations", "explanations", "Why: explanations", lead, parts)
