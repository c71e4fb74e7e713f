"""`axissim report DIR`: everything a results folder holds, in one self-contained HTML file.

DIR, every folder below it, and every `--include` folder and the folders below it, are read
for what they hold, known by their files:

    run          summary.csv and manifest.json (`axissim run`), with explain_*.png when
                 `axissim explain` wrote there
    tipping      tipping.csv (`axissim tipping`)
    calibration  evidence.csv and identifiability.csv (`axissim calibrate`)
    sweep        points.parquet and outcomes.parquet (`axissim sweep`), indices.csv if any
    discovery    boxes.csv and peeling.csv (`axissim discover`)

A run's scenario (description, countries, observations and their sources) is read from the
scenario file its manifest names, when that path can be read from the current folder.

Charts are embedded as base64 data URIs and the style sheet is inline; there is no script, so
the file opens anywhere, offline, and can be mailed on. It is written atomically.
"""

from __future__ import annotations

import base64
import datetime as dt
import html
import json
import string
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from axissim.charts.style import format_probability
from axissim.errors import InputError
from axissim.files import write_text
from axissim.folders import run as run_folder
from axissim.folders.kinds import gather
from axissim.folders.manifest import command_line, package_versions
from axissim.levels import LEVEL_NAMES
from axissim.readers.discover import limits_text, today_inside
from axissim.scenario import Scenario, load_scenario

REPORT = "report.html"
TEMPLATE = "report_template.html"
GLANCE_FLIPS = 3
"""Nearest flips shown per decision in the summary at the top."""
RUN_CHARTS = {
    "decision_matrix.png": "Who aids whom: the probability of each decision's peak level over "
    "all worlds, against the observed level.",
    "network.png": "The network: countries sized by military spending, treaties (blue) and "
    "rivalries (dotted), and an arrow for each decision's most likely peak aid.",
    "timeline.png": "The crisis step by step: each decision's mean aid level over the worlds.",
    "material_aid.png": "P(material aid) across the ensemble of weights, against the scenario "
    "this one extends.",
}


class Html(str):
    """Text that is already HTML: inserted as it is, never escaped again."""


def esc(value: Any) -> Html:
    return value if isinstance(value, Html) else Html(html.escape(str(value)))


# --- HTML pieces ---


def table(header: list[str], rows: list[list[Any]], numeric: set[int] = frozenset()) -> Html:
    """A table; cells are escaped unless Html; columns in `numeric` align right."""

    def cells(tag: str, values: list[Any]) -> str:
        return "".join(
            f"<{tag}{' class=num' if i in numeric else ''}>{esc(v)}</{tag}>"
            for i, v in enumerate(values)
        )

    body = "".join(f"<tr>{cells('td', row)}</tr>" for row in rows)
    return Html(
        f"<table><thead><tr>{cells('th', header)}</tr></thead><tbody>{body}</tbody></table>"
    )


def image(path: Path, caption: str) -> Html:
    """A PNG embedded as a data URI, with its caption (also its alt text).

    It is shown at two thirds of its pixel width (charts are drawn at 150 dpi), so text in it
    reads at about the page's size and stays sharp on high-density screens.
    """
    png = path.read_bytes()
    width = int.from_bytes(png[16:20], "big") * 2 // 3  # the PNG header's width
    data = base64.b64encode(png).decode("ascii")
    return Html(
        f'<figure><img src="data:image/png;base64,{data}" width="{width}" '
        f'alt="{esc(caption)}" data-file="{esc(path.name)}">'
        f"<figcaption>{esc(caption)}</figcaption></figure>"
    )


def facts(pairs: list[tuple[str, Any]]) -> Html:
    """Name-value lines; a pair without a value (None, "") is left out."""
    return Html(
        '<dl class="facts">'
        + "".join(f"<dt>{esc(k)}</dt><dd>{esc(v)}</dd>" for k, v in pairs if v not in (None, ""))
        + "</dl>"
    )


def level(value: Any, beneficiary: Any = "") -> Html:
    """A level as a coloured tag, with its beneficiary: 'arms → RUS'."""
    if pd.isna(value):
        return Html("")
    r = int(value)
    to = f" → {beneficiary}" if r and isinstance(beneficiary, str) and beneficiary else ""
    return Html(f'<span class="level l{r}">{esc(LEVEL_NAMES[r] + to)}</span>')


def verdict(ok: Any) -> Html:
    if ok is None or pd.isna(ok):
        return Html("")
    return Html('<span class="yes">yes</span>' if ok else '<span class="no">no</span>')


def probability(p: float) -> str:
    return format_probability(float(p)).removeprefix("= ")


def number(x: Any) -> str:
    return "" if pd.isna(x) else f"{x:.3g}"


def chips(pairs: list[tuple[str, str]]) -> Html:
    """Short name-value pairs flowing across the page."""
    return Html(
        '<p class="chips">'
        + "".join(f'<span class="chip">{esc(k)} <b>{esc(v)}</b></span>' for k, v in pairs)
        + "</p>"
    )


@dataclass(frozen=True)
class Section:
    kind: str  # what the table of contents calls it: one link per kind
    anchor: str
    title: str
    body: Html


def section(kind: str, anchor: str, title: str, lead: str, parts: list[str]) -> Section:
    text = f'<p class="lead">{esc(lead)}</p>' + "".join(parts)
    return Section(kind, anchor, title, Html(text))


def manifest_of(folder: Path) -> dict[str, Any]:
    path = folder / "manifest.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}


def scenario_of(data: dict[str, Any]) -> Scenario | None:
    """The scenario a manifest names, when its file can be read from here."""
    source = data.get("scenario_file")
    return load_scenario(source) if source and Path(source).is_file() else None


# --- sections ---


def glance(runs: list[Path], tipping: list[Path]) -> Section | None:
    """Per decision of each run: today's outcome, the observation, and the nearest flips found
    by tipping runs of the same scenario."""
    if not runs:
        return None
    parts = []
    for run in runs:
        name = manifest_of(run).get("scenario")
        mine = [
            pd.read_csv(f / "tipping.csv")
            for f in tipping
            if manifest_of(f).get("scenario") == name
        ]
        flips = pd.concat(mine) if mine else None
        summary = run_folder.read_summary(run)
        rows = []
        for r in summary.itertuples(index=False):
            key = f"{r.decider}:{r.conflict}"
            nearest = Html("")
            if flips is not None:
                near = flips[(flips.decision == key) & np.isfinite(flips.distance)]
                nearest = Html(
                    "<br>".join(flip_text(f) for f in near.head(GLANCE_FLIPS).itertuples())
                )
                nearest = nearest or Html('<span class="small">nothing within bounds</span>')
            rows.append(
                [
                    key,
                    Html(f"{level(r.level, r.beneficiary)} {modal_p(r)}"),
                    observed(r),
                    verdict(r.match),
                    *([nearest] if flips is not None else []),
                ]
            )
        header = ["decision", "model: modal peak (P)", "observed", "match"]
        if flips is not None:
            header.append("nearest changes that flip it (share of the parameter's range)")
        if len(runs) > 1:
            parts.append(f"<h3>{esc(name or run.name)}</h3>")
        parts.append(table(header, rows))
    lead = (
        "Each decision's most likely peak level over the simulated worlds, the documented one, "
        "and, where tipping points were computed, the smallest changes of one weight or fact "
        "that would change it."
    )
    return section("At a glance", "glance", "At a glance: what flips each decision", lead, parts)


def modal_p(r) -> Html:
    p = probability(getattr(r, f"p_{r.level_name}"))
    return Html(f'<span class="small">P {esc(p if p[0] in "<>" else "= " + p)}</span>')


def observed(r) -> str:
    """A summary row's observation: 'none-rhetorical → IRN' (summary.csv writes "0-1")."""
    if pd.isna(r.observed):
        return ""
    return f"{levels_text(*map(int, r.observed.split('-')))} → {r.observed_beneficiary}"


def levels_text(low: int, high: int | None = None) -> str:
    """A level or a range of levels by name: 'arms', 'none-rhetorical'."""
    if high is None or high == low:
        return LEVEL_NAMES[low]
    return f"{LEVEL_NAMES[low]}-{LEVEL_NAMES[high]}"


def flip_text(f) -> Html:
    """'aid_cost 5 → 2.54: economic → IRN (49%)', the nearer direction of one parameter."""
    down, up = f.down_distance, f.up_distance
    direction = "up" if pd.isna(down) or (not pd.isna(up) and up < down) else "down"
    value = getattr(f, f"{direction}_value")
    to = level(getattr(f, f"{direction}_level"), getattr(f, f"{direction}_beneficiary"))
    return Html(
        f"<code>{esc(f.parameter)}</code> {number(f.value)} → {number(value)}: {to} "
        f'<span class="small">({f.distance:.0%})</span>'
    )


def scenario_section(run: Path) -> Section:
    data = manifest_of(run)
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


def decisions_section(run: Path) -> Section:
    summary = run_folder.read_summary(run)
    interval = "lo_none" in summary
    rows = []
    for r in summary.itertuples(index=False):
        cells = []
        for name in LEVEL_NAMES:
            cell = esc(probability(getattr(r, f"p_{name}")))
            if interval:
                low, high = getattr(r, f"lo_{name}"), getattr(r, f"hi_{name}")
                cell = Html(f'{cell}<br><span class="small">[{low:.2f}-{high:.2f}]</span>')
            cells.append(cell)
        p_obs = "" if pd.isna(getattr(r, "p_observed", np.nan)) else probability(r.p_observed)
        rows.append(
            [
                r.decider,
                r.conflict,
                level(r.level, r.beneficiary),
                *cells,
                observed(r),
                p_obs,
                verdict(r.match),
            ]
        )
    header = ["decider", "conflict", "modal peak", *LEVEL_NAMES]
    header += ["observed", "P(observed)", "match"]
    numeric = set(range(3, 3 + len(LEVEL_NAMES))) | {len(header) - 2}
    parts = [table(header, rows, numeric)]
    parts.append(
        '<p class="note">none ... troops: the probability of each peak level, the share of '
        "simulated worlds in which the decision peaks there. P(observed): the share that "
        "reproduce the documented decision (its level "
        "range and beneficiary). A decision matches when its modal peak is the observed one."
        + (" Brackets: the 5-95% range across ensemble members." if interval else "")
        + "</p>"
    )
    parts += [
        image(run / name, caption) for name, caption in RUN_CHARTS.items() if (run / name).is_file()
    ]
    lead = "Who aids whom, how far, and with what probability, against what was observed."
    return section(
        "Decisions", f"decisions-{run.name}", f"Decisions against observed: {run.name}", lead, parts
    )


def explanations_section(runs: list[Path]) -> Section | None:
    charts = [p for run in runs for p in sorted(run.glob("explain_*.png"))]
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


def tipping_section(folder: Path) -> Section:
    data = manifest_of(folder)
    table_ = pd.read_csv(folder / "tipping.csv", keep_default_na=False, na_values=[""])
    parts = []
    for key, rows in table_.groupby("decision", sort=False):
        first = rows.iloc[0]
        flips = rows[np.isfinite(rows.distance)]
        parts.append(f"<h3>{esc(key)}: today {level(first.level, first.beneficiary)}</h3>")
        body = [
            [
                Html(f"<code>{esc(f.parameter)}</code>"),
                f.kind,
                number(f.value),
                f"{number(f.low)} to {number(f.high)}",
                direction_text(f, "down"),
                direction_text(f, "up"),
                f"{f.distance:.0%}",
            ]
            for f in flips.itertuples(index=False)
        ]
        if body:
            header = ["parameter", "kind", "now", "bounds", "lowered to", "raised to", "distance"]
            parts.append(table(header, body, {2, 6}))
        parts.append(
            f'<p class="note">{len(rows) - len(flips)} more of the {len(rows)} parameters that '
            "enter this decision flip nothing within their bounds.</p>"
        )
        decider, conflict = key.split(":")
        chart = folder / f"tornado_{decider}_{conflict}.png"
        if chart.is_file():
            parts.append(
                image(
                    chart,
                    f"What would flip {key}: the change needed as a share of "
                    "each parameter's range, coloured by the level it flips to.",
                )
            )
    lead = (
        "For every weight and every fact of the decider, the nearest value below and above "
        "today's that changes the decision's modal peak level or side, searched within the "
        "parameter's bounds (a weight's prior, a fact's 0-1) over "
        f"{data.get('replicates', 'common')} worlds with common seeds. Distance: the change "
        "as a share of the parameter's range; the nearest flips come first."
    )
    name = data.get("scenario", folder.name)
    return section("Tipping points", f"tipping-{name}", f"Tipping points: {name}", lead, parts)


def direction_text(f, direction: str) -> Html:
    value = getattr(f, f"{direction}_value")
    if pd.isna(value):
        return Html('<span class="small">nothing within bounds</span>')
    to = level(getattr(f, f"{direction}_level"), getattr(f, f"{direction}_beneficiary"))
    return Html(f"{number(value)}: {to}")


def calibration_section(folder: Path) -> Section:
    data = manifest_of(folder)
    evidence = pd.read_csv(folder / "evidence.csv")
    ident = pd.read_csv(folder / "identifiability.csv")
    parts = [
        facts(
            [
                ("method", data.get("method")),
                ("scenarios", ", ".join(data.get("scenario_files", []))),
                (
                    "ensemble",
                    data.get("members") and f"{data['members']} members of {data['samples']} draws",
                ),
            ]
        ),
        "<h4>P(observed) under the fitted weights</h4>",
        table(
            ["observation", "P(observed)", "standard error"],
            [
                [r.observation, f"{r.p_observed:.3f}", f"{r.standard_error:.3f}"]
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
        "<p class=\"note\">Shrinkage: the ensemble's standard deviation over the prior's; below "
        "0.5 the evidence pins a parameter down, below 0.8 it constrains it partly, above it "
        "leaves it free.</p>",
    ]
    parts += [
        image(folder / n, c)
        for n, c in (
            ("identifiability.png", "Shrinkage of each parameter."),
            ("corner.png", "The ensemble of accepted weight vectors, pair by pair."),
        )
        if (folder / n).is_file()
    ]
    lead = "How the weights were fitted to the observed decisions, and how firmly."
    return section(
        "Calibration", f"calibration-{folder.name}", f"Calibration: {folder.name}", lead, parts
    )


def sweep_section(folder: Path) -> Section:
    data = manifest_of(folder)
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
    parts = [
        facts(
            [
                ("question", sweep.get("description")),
                (
                    "design",
                    f"{sweep['design']}: {data['points']:,} points x "
                    f"{sweep['replicates']:,} worlds = {data['runs']:,} runs",
                ),
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
    if (folder / "indices.csv").is_file():
        parts.append(indices_table(pd.read_csv(folder / "indices.csv")))
    parts += [image(p, chart_caption(p.name)) for p in sorted(folder.glob("*.png"))]
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
    for (output, statistic), rows in indices.groupby(["output", "statistic"], sort=False):
        sobol = "ST" in rows
        columns = ("S1", "ST") if sobol else ("mu_star", "sigma")
        order = rows.sort_values(columns[-1] if sobol else "mu_star", ascending=False)
        body = [[r["parameter"], *(with_conf(r, c) for c in columns)] for _, r in order.iterrows()]
        parts.append(f"<h4>{esc(statistic)} of {esc(output)}</h4>")
        parts.append(table(["parameter", *columns], body, {1, 2}))
    note = (
        '<p class="note">S1: the share of the output\'s variance a parameter explains alone; '
        "ST: with its interactions (± 95% confidence). mu*: the mean absolute elementary "
        "effect; sigma: its spread (interactions, non-linearity).</p>"
    )
    return Html("".join(parts) + note)


def with_conf(row: pd.Series, column: str) -> str:
    conf = row.get(f"{column}_conf")
    value = f"{row[column]:.3f}"
    return value if conf is None or pd.isna(conf) else f"{value} ± {conf:.3f}"


def chart_caption(name: str) -> str:
    if name.startswith("indices_"):
        return "Sensitivity indices: " + name.removeprefix("indices_").removesuffix(".png")
    return {
        "heatmap.png": "P(material aid) over the two swept parameters; the star marks today.",
        "response.png": "P(each peak level) against the swept parameter, with 95% bands.",
    }.get(name, name)


def discovery_section(folder: Path) -> Section:
    data = manifest_of(folder)
    boxes = pd.read_csv(folder / "boxes.csv")
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
        first = box.iloc[0]
        parts.append(
            f"<h4>Box {number_}: coverage {first.coverage:.2f}, density {first.density:.2f}, "
            f"{int(first.points):,} points</h4>"
        )
        rows = [
            [
                Html(f"<code>{esc(r.parameter)}</code>"),
                limits_text(r),
                f"{number(r.minimum)} to {number(r.maximum)}",
                today_text(r),
            ]
            for r in box.itertuples(index=False)
        ]
        parts.append(table(["parameter", "in the box", "swept range", "today"], rows))
    if boxes.empty:
        parts.append('<p class="note">No box reaches the density by restricting a parameter.</p>')
    parts.append(
        '<p class="note">Coverage: the share of all points where the outcome holds that lie in '
        "the box. Density: the share of the box's points where it holds. A box restricts only "
        "the parameters listed; the others may take any swept value.</p>"
    )
    parts += [
        image(folder / n, c)
        for n, c in (
            (
                "boxes.png",
                "Each box's limits against each parameter's swept range; the diamond is today.",
            ),
            (
                "peeling.png",
                "PRIM's peeling trade-off: coverage against density, the kept box ringed.",
            ),
        )
        if (folder / n).is_file()
    ]
    lead = (
        "Scenario discovery (PRIM, ema-workbench): the regions of the swept parameters where "
        "the outcome holds, as boxes simple enough to read as rules."
    )
    title = f"Discovery on {sweep}: {data.get('outcome', '?')}"
    return section("Discovery", f"discover-{sweep}-{folder.name}", title, lead, parts)


def under(sweep: Path, discoveries: list[Path]) -> list[Section]:
    """The discovery sections of the discover folders inside a sweep folder."""
    return [discovery_section(f) for f in discoveries if f.is_relative_to(sweep)]


def today_text(r) -> Html:
    if pd.isna(r.today):
        return Html("")
    inside = today_inside(r)
    word = (
        '<span class="inside">inside</span>' if inside else '<span class="outside">outside</span>'
    )
    return Html(f"{number(r.today)} ({word})")


# --- the file ---


def build(roots: list[Path]) -> str:
    """The report's HTML for the folders at or below `roots`."""
    found = gather(roots)
    if not any(found.values()):
        raise InputError(
            str(roots[0]), "", "no results here: no run, tipping, calibration, sweep or discovery"
        )
    runs, sweeps, discoveries = found["run"], found["sweep"], found["discovery"]
    sections = [
        glance(runs, found["tipping"]),
        *(s for run in runs for s in (scenario_section(run), decisions_section(run))),
        explanations_section(runs),
        *map(tipping_section, found["tipping"]),
        *map(calibration_section, found["calibration"]),
        *(s for f in sweeps for s in (sweep_section(f), *under(f, discoveries))),
        *(discovery_section(f) for f in discoveries if not any(map(f.is_relative_to, sweeps))),
    ]
    sections = [s for s in sections if s is not None]
    names = sorted({manifest_of(f).get("scenario", "") for kind in found.values() for f in kind})
    body = "".join(
        f'<section id="{s.anchor}"><h2>{esc(s.title)}</h2>{s.body}</section>' for s in sections
    )
    versions = ", ".join(f"{name} {v}" for name, v in package_versions().items())
    created = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    footer = (
        f"Made by <code>{esc(command_line())}</code> on {created} from "
        f"{esc(', '.join(map(str, roots)))}. {esc(versions)}."
    )
    template = string.Template(files("axissim.readers").joinpath(TEMPLATE).read_text("utf-8"))
    return template.substitute(
        title=esc(f"axissim report: {', '.join(filter(None, names)) or roots[0].name}"),
        subtitle=esc(
            "What the model says each country does, against what was observed, and what would "
            "have to change for a decision to flip."
        ),
        nav=contents(sections),
        body=body,
        footer=footer,
    )


def contents(sections: list[Section]) -> Html:
    """One link per kind of section, to the first of its kind."""
    first: dict[str, str] = {}
    for s in sections:
        first.setdefault(s.kind, s.anchor)
    return Html(" ".join(f'<a href="#{anchor}">{esc(kind)}</a>' for kind, anchor in first.items()))


def write_report(
    folder: Path | str, include: list[Path | str] = (), out: Path | str | None = None
) -> Path:
    """Write the report of `folder` (and the `include` folders) to `out` (folder/report.html)."""
    folder = Path(folder)
    out = Path(out) if out else folder / REPORT
    return write_text(out, build([folder, *map(Path, include)]))
