"""A scenario discovery's results folder (`axissim discover`): SWEEP_DIR/discover/.

boxes.csv     one row per box and restricted parameter: coverage, density, limits
peeling.csv   PRIM's peeling trajectory of each box
peeling.png, boxes.png (when a box was found); manifest.json
"""

from __future__ import annotations

from importlib.metadata import version
from pathlib import Path
from typing import TYPE_CHECKING

from axissim.files import write_csv
from axissim.folders.manifest import (
    MANIFEST,
    provenance,
    read_manifest,
    write_manifest,
)
from axissim.folders.ownership import written
from axissim.wording import Names

if TYPE_CHECKING:
    from axissim.readers.discover import Discovery

BOXES, PEELING = "boxes.csv", "peeling.csv"
PEELING_CHART, BOXES_CHART = "peeling.png", "boxes.png"
OWNED = (BOXES, PEELING, PEELING_CHART, BOXES_CHART, MANIFEST)
DETECT = (BOXES, PEELING)


def default(sweep: Path | str) -> Path:
    return Path(sweep) / "discover"


def _names(data: dict) -> Names:
    """The names of the sweep's scenario, when its file can be read from here."""
    from axissim.scenario import load_scenario

    source = data.get("scenario_file")
    return Names.of(load_scenario(source)) if source and Path(source).is_file() else Names()


def write(discovery: Discovery, sweep: Path | str, out: Path | str | None = None) -> list[Path]:
    """Write boxes.csv, peeling.csv, the charts (when a box was found) and the manifest to
    `out` (default SWEEP/discover/)."""
    from axissim.charts.discover import peeling_skipped, plot_boxes, plot_peeling

    sweep = Path(sweep)
    folder = Path(out) if out else default(sweep)
    data = read_manifest(sweep)  # `discover` read it whole
    name = Path(data["sweep"]["file"]).stem
    names = _names(data)
    with written(folder, OWNED) as stage:
        files = [
            write_csv(stage / BOXES, discovery.boxes),
            write_csv(stage / PEELING, discovery.peeling),
        ]
        if discovery.found:
            title = f"{name}: where {discovery.outcome.expression}"
            if not peeling_skipped(discovery.peeling):
                peeling = plot_peeling(
                    discovery.peeling, discovery.density, stage / PEELING_CHART, title
                )
                files.append(peeling)
            files.append(plot_boxes(discovery.boxes, stage / BOXES_CHART, title, names))
        cases = discovery.cases
        record = {
            **{k: data[k] for k in ("scenario", "scenario_file", "scenario_sha256", "seed")},
            "analysis": "discover",
            "sweep": {"folder": str(sweep), "file": data["sweep"]["file"]},
            "sweep_sha256": data["sweep"]["sha256"],
            "outcome": discovery.outcome.text,
            "expression": discovery.outcome.expression,
            "points": len(cases),
            "cases": int(cases.sum()),
            "density": discovery.density,
            "boxes": discovery.found,
            "ema_workbench": version("ema_workbench"),
            "files": [f.name for f in files],
            **provenance(),
        }
        files.append(write_manifest(stage, record))
    return [folder / f.name for f in files]
