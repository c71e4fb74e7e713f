"""The report's sections on sweeps and on the scenario discoveries made in them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from axissim.charts.discover import peeling_skipped
from axissim.folders import discovery as discovery_folder
from axissim.folders import sweep as sweep_folder
from axissim.folders.manifest import read_manifest
from axissim.readers.report.html import (
    Html,
    Section,
    code,
    esc,
    facts,
    image,
    images,
    note,
    section,
    table,
)
from axissim.readers.sweep_figures import names_of, skipped
from axissim.wording import index_tables, limits_text, number, today_text

DISCOVERY_CHARTS = {
    discovery_folder.BOXES_CHART: "Each box's limits against each parameter's swept range; the "
    "diamond is today.",
    discovery_folder.PEELING_CHART: "PRIM's peeling trade-off: coverage against density, the "
    "kept box ringed.",
}
SWEEP_CHARTS = {
    sweep_folder.HEATMAP: "P(material aid) over the two swept parameters; the outlined cell is "
    "the nearest to today's scenario.",
    sweep_folder.RESPONSE: "P(each policy level) against the swept parameter, with 95% bands.",
}


def sweep_section(folder: Path) -> Section:
    data = read_manifest(folder)
    sweep = data["sweep"]
    name = Path(sweep["file"]).stem
    named = any(p["paths"] != [p["name"]] for p in sweep["parameters"])
    parameters = [
        [
            p["name"],
            *([", ".join(p["paths"])] if named else []),
            swept_text(p),
            number(p["baseline"]),
        ]
        for p in sweep["parameters"]
    ]
    design = (
        f"{sweep['design']}: {data['points']:,} points x {sweep['replicates']:,} worlds = "
        f"{data['runs']:,} runs"
    )
    parts = [
        facts(
            [
                ("question", sweep.get("description")),
                ("design", design),
                ("outputs", ", ".join(sweep["outputs"]["labels"])),
                ("command", data.get("command", "")),
            ]
        ),
        table(
            ["parameter", *(["sets"] if named else []), "swept over", "today"],
            parameters,
            {3 if named else 2},
        ),
    ]
    if (folder / sweep_folder.INDICES).is_file():
        parts.append(indices_table(pd.read_csv(folder / sweep_folder.INDICES)))
    parts += [image(p, chart_caption(p.name)) for p in sorted(folder.glob("*.png"))]
    outcomes = pd.read_parquet(folder / sweep_folder.OUTCOMES)
    parts += [note(f"Skipped: {reason}.") for reason in skipped(data, outcomes, names_of(data))]
    lead = (
        "A sweep runs the scenario at every design point over the same seeded worlds. "
        "Sensitivity indices say how much of an output's variation each parameter explains."
    )
    return section("Sweeps", f"sweep-{name}", f"Sweep: {name}", lead, parts)


def swept_text(p: dict[str, Any]) -> str:
    if p["range"]:
        return f"{p['range'][0]:g} to {p['range'][1]:g}"
    return ", ".join(f"{v:g}" if isinstance(v, int | float) else str(v) for v in p["values"])


def indices_table(indices: pd.DataFrame) -> Html:
    """The indices, one table per output and statistic, largest effect first."""
    parts = []
    for t in index_tables(indices, plus="±"):
        parts.append(f"<h4>{esc(t.statistic)} of {esc(t.output)}</h4>")
        if t.rows is None:
            parts.append(note("It does not vary over the sweep: no indices."))
        else:
            parts.append(table(t.header, t.rows, {1, 2}))
    parts.append(
        note(
            "S1: the share of the output's variance a parameter explains alone; ST: with its "
            "interactions (± 95% confidence). mu*: the mean absolute elementary effect; sigma: "
            "its spread (interactions, non-linearity)."
        )
    )
    return Html("".join(parts))


def chart_caption(name: str) -> str:
    if name.startswith("indices_"):
        return "Sensitivity indices: " + name.removeprefix("indices_").removesuffix(".png")
    return SWEEP_CHARTS.get(name, name)


def discovery_section(folder: Path) -> Section:
    data = read_manifest(folder)
    boxes = pd.read_csv(folder / discovery_folder.BOXES)
    sweep = Path(data.get("sweep", {}).get("file", folder.parent.name)).stem
    cases, points = data.get("cases", 0), data.get("points", 0)
    expression = data.get("expression")
    parts = [
        facts(
            [
                ("outcome", data.get("outcome")),
                ("read as", expression if expression != data.get("outcome") else None),
                ("holds at", f"{cases:,} of {points:,} points ({cases / max(points, 1):.0%})"),
                ("box density at least", data.get("density")),
            ]
        )
    ]
    for number_, box in boxes.groupby("box", sort=True):
        parts += box_parts(number_, box)
    if boxes.empty:
        parts.append(note("No box reaches the density by restricting a parameter."))
    parts.append(
        note(
            "Coverage: the share of all points where the outcome holds that lie in the box. "
            "Density: the share of the box's points where it holds. A box restricts only the "
            "parameters listed; the others may take any swept value."
        )
    )
    parts += images(folder, DISCOVERY_CHARTS)
    reason = len(boxes) and peeling_skipped(pd.read_csv(folder / discovery_folder.PEELING))
    if reason and not (folder / discovery_folder.PEELING_CHART).is_file():
        parts.append(note(f"Skipped: {reason}."))
    lead = (
        "Scenario discovery (PRIM, ema-workbench): the regions of the swept parameters where "
        "the outcome holds, as boxes simple enough to read as rules."
    )
    title = f"Discovery on {sweep}: {data.get('outcome', '?')}"
    return section("Discovery", f"discover-{sweep}-{folder.name}", title, lead, parts)


def box_parts(number_: int, box: pd.DataFrame) -> list[str]:
    """A PRIM box: its heading and its limits against the swept ranges and today."""
    first = box.iloc[0]
    heading = (
        f"<h4>Box {number_}: coverage {first.coverage:.2f}, density {first.density:.2f}, "
        f"{int(first.points):,} points</h4>"
    )
    rows = [
        [
            code(r.parameter),
            limits_text(r),
            f"{number(r.minimum)} to {number(r.maximum)}",
            Html(today_text(r, mark=lambda word: f'<span class="{word}">{word}</span>')),
        ]
        for r in box.itertuples(index=False)
    ]
    return [heading, table(["parameter", "in the box", "swept range", "today"], rows)]


def under(sweep: Path, discoveries: list[Path]) -> list[Section]:
    """The discovery sections of the discover folders inside a sweep folder."""
    return [discovery_section(f) for f in discoveries if f.is_relative_to(sweep)]
