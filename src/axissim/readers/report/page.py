"""The report's page: every section of the folders found, the contents, the footer."""

from __future__ import annotations

import datetime as dt
import string
import sys
from collections.abc import Callable
from importlib.resources import files
from pathlib import Path

from axissim.errors import InputError
from axissim.files import write_text
from axissim.folders.kinds import KINDS, gather
from axissim.folders.manifest import command_line, package_versions, read_manifest
from axissim.readers.report.corpus import corpus_section
from axissim.readers.report.history import backtest_section
from axissim.readers.report.html import Html, Section, esc, note, section
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


Found = dict[str, list[Path]]
Builder = Callable[[Found], list[Section | None]]
"""The sections of one kind of results folder, from every folder found (by kind)."""


def _runs(found: Found) -> list[Section | None]:
    runs = found["run"]
    return [
        glance(runs, found.get("tipping", [])),
        *(s for run in runs for s in (scenario_section(run), decisions_section(run))),
        explanations_section(runs),
    ]


def _sweeps(found: Found) -> list[Section | None]:
    """Each sweep, and the discoveries made in it after it."""
    return [s for f in found["sweep"] for s in (sweep_section(f), *under(f, found["discovery"]))]


def _discoveries(found: Found) -> list[Section | None]:
    """Discoveries written outside their sweep's folder (with `discover --out`)."""
    sweeps = found.get("sweep", [])
    return [
        discovery_section(f) for f in found["discovery"] if not any(map(f.is_relative_to, sweeps))
    ]


SECTIONS: dict[str, Builder] = {
    "run": _runs,
    "tipping": lambda found: list(map(tipping_section, found["tipping"])),
    "calibration": lambda found: list(map(calibration_section, found["calibration"])),
    "sweep": _sweeps,
    "discovery": _discoveries,
    "backtest": lambda found: list(map(backtest_section, found["backtest"])),
    "corpus": lambda found: list(map(corpus_section, found["corpus"])),
}
"""The report's section builders, by the kind of folder they read (folders.kinds.KINDS), in the
order of the page. A new kind of results folder plugs in with its kind in folders.kinds.KINDS
and a builder here."""


def sections(found: Found) -> list[Section]:
    """The sections of the folders found, kind by kind in the order of SECTIONS."""
    every = [s for kind, build_ in SECTIONS.items() if found.get(kind) for s in build_(found)]
    return [s for s in every if s is not None]


def unrecognised(roots: list[Path], found: Found) -> list[str]:
    """A warning for each folder given that neither is nor holds a results folder the report
    knows, and for each kind of folder found that has no section builder."""
    known = [f for kind in found.values() for f in kind]
    warnings = [
        f"{root}: not a results folder the report knows (no {', '.join(KINDS)} at or below "
        "it); left out"
        for root in roots
        if not any(f == root or f.is_relative_to(root) for f in known)
    ]
    warnings += [
        f"{', '.join(map(str, folders))}: a {kind} folder, which the report has no section "
        "for yet; left out"
        for kind, folders in found.items()
        if folders and kind not in SECTIONS
    ]
    return warnings


def warnings_section(warnings: list[str]) -> Section | None:
    if not warnings:
        return None
    lead = "Some folders given to the report were left out:"
    return section("Warnings", "warnings", "Warnings", lead, [note(w) for w in warnings])


def build(roots: list[Path], warnings: list[str] | None = None) -> str:
    """The report's HTML for the folders at or below `roots`; the folders it leaves out are
    added to `warnings` (when given) and warned of at the top of the page."""
    found = gather(roots)
    if not any(found.values()):
        raise InputError(
            str(roots[0]), "", f"no results here: no {', '.join(KINDS)} results folder"
        )
    left_out = unrecognised(roots, found)
    if warnings is not None:
        warnings += left_out
    parts = [s for s in (warnings_section(left_out), *sections(found)) if s is not None]
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


EVERY_ONE = {"Sweeps", "Discovery"}
"""Kinds of section with a link each in the menu (the others: a link to the first)."""


def contents(parts: list[Section]) -> Html:
    """One link per kind of section, to the first of its kind; one per sweep and discovery."""
    links: dict[str, str] = {}
    for s in parts:
        if s.kind in EVERY_ONE:
            links[s.anchor] = f'<a href="#{s.anchor}">{esc(s.title)}</a>'
        else:
            links.setdefault(s.kind, f'<a href="#{s.anchor}">{esc(s.kind)}</a>')
    return Html(" ".join(links.values()))


def default(folder: Path | str) -> Path:
    """Where the report of `folder` goes: folder/report.html."""
    return Path(folder) / REPORT


def write_report(
    folder: Path | str, include: list[Path | str] = (), out: Path | str | None = None
) -> Path:
    """Write the report of `folder` (and the `include` folders) to `out` (folder/report.html)."""
    folder = Path(folder)
    out = Path(out) if out else default(folder)
    warnings: list[str] = []
    text = build([folder, *map(Path, include)], warnings)
    for warning in warnings:
        print(f"axissim: warning: report: {warning}", file=sys.stderr)
    return write_text(out, text)
