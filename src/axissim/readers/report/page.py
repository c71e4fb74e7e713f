"""The report's page: every section of the folders found, the contents, the footer."""

from __future__ import annotations

import datetime as dt
import string
from importlib.resources import files
from pathlib import Path

from axissim.errors import InputError
from axissim.files import write_text
from axissim.folders.kinds import gather
from axissim.folders.manifest import command_line, package_versions, read_manifest
from axissim.readers.report.backtests import backtest_section, corpus_section
from axissim.readers.report.html import Html, Section, esc
from axissim.readers.report.runs import (
    decisions_section,
    explanations_section,
    glance,
    scenario_section,
)
from axissim.readers.report.studies import calibration_section, tipping_section
from axissim.readers.report.sweeps import discovery_section, sweep_section, under

REPORT = "report.html"
TEMPLATE = "report_template.html"


def sections(found: dict[str, list[Path]]) -> list[Section]:
    """The sections of the folders found, by kind: runs first, discoveries after their sweep."""
    runs, sweeps, discoveries = found["run"], found["sweep"], found["discovery"]
    every = [
        glance(runs, found["tipping"]),
        *(s for run in runs for s in (scenario_section(run), decisions_section(run))),
        explanations_section(runs),
        *map(tipping_section, found["tipping"]),
        *map(calibration_section, found["calibration"]),
        *(s for f in sweeps for s in (sweep_section(f), *under(f, discoveries))),
        *(discovery_section(f) for f in discoveries if not any(map(f.is_relative_to, sweeps))),
        *map(backtest_section, found["backtest"]),
        *map(corpus_section, found["corpus"]),
    ]
    return [s for s in every if s is not None]


def build(roots: list[Path]) -> str:
    """The report's HTML for the folders at or below `roots`."""
    found = gather(roots)
    if not any(found.values()):
        raise InputError(
            str(roots[0]), "", "no results here: no run, tipping, calibration, sweep or discovery"
        )
    parts = sections(found)
    names = sorted({read_manifest(f).get("scenario", "") for kind in found.values() for f in kind})
    body = "".join(
        f'<section id="{s.anchor}"><h2>{esc(s.title)}</h2>{s.body}</section>' for s in parts
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
        nav=contents(parts),
        body=body,
        footer=footer,
    )


def contents(parts: list[Section]) -> Html:
    """One link per kind of section, to the first of its kind."""
    first: dict[str, str] = {}
    for s in parts:
        first.setdefault(s.kind, s.anchor)
    return Html(" ".join(f'<a href="#{anchor}">{esc(kind)}</a>' for kind, anchor in first.items()))


def default(folder: Path | str) -> Path:
    """Where the report of `folder` goes: folder/report.html."""
    return Path(folder) / REPORT


def write_report(
    folder: Path | str, include: list[Path | str] = (), out: Path | str | None = None
) -> Path:
    """Write the report of `folder` (and the `include` folders) to `out` (folder/report.html)."""
    folder = Path(folder)
    out = Path(out) if out else default(folder)
    return write_text(out, build([folder, *map(Path, include)]))
