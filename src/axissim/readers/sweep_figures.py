"""Everything drawn from a finished sweep's saved tables: the indices table and its charts, the
response to one parameter, the heatmap over two. `axissim plot DIR` calls this alone."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from axissim.charts.sweep_indices import plot_morris, plot_sobol
from axissim.charts.sweep_response import (
    describe,
    plot_heatmap,
    plot_response,
    quiet_outputs,
)
from axissim.files import write_csv
from axissim.folders.sweep import HEATMAP, INDICES, RESPONSE, figures_stage, read_tables
from axissim.readers.indices import indices
from axissim.scenario import load_scenario
from axissim.wording import Names


def names_of(data: dict) -> Names:
    """The names of the scenario a manifest names, when its file can be read from here."""
    source = data.get("scenario_file")
    return Names.of(load_scenario(source)) if source and Path(source).is_file() else Names()


def skipped(data: dict, outcomes: pd.DataFrame, names: Names | None = None) -> list[str]:
    """Why a chart of the sweep, or a panel of it, is left out: it would carry no information."""
    if len(data["sweep"]["parameters"]) != 2:
        return []
    quiet = quiet_outputs(outcomes)
    if not quiet:
        return []
    which = "; ".join((names or Names()).decision(q) for q in quiet)
    reason = "P(material aid) is below 0.01 at every point"
    if len(quiet) == outcomes.output.nunique():
        return [f"{HEATMAP} left out: {reason} for every output ({which})"]
    return [f"{HEATMAP}: panels left out, {reason} for {which}"]


def slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", text).strip("_")


def skipped_in(folder: Path | str) -> list[str]:
    """`skipped` for the sweep results folder `folder`."""
    data, _, outcomes = read_tables(Path(folder))
    return skipped(data, outcomes, names_of(data))


def draw(folder: Path | str) -> tuple[pd.DataFrame, list[Path]]:
    """Recompute the indices and redraw every chart of the sweep in `folder`, staged: a failed
    drawing leaves the earlier ones.

    Returns the indices table (empty for grid and lhs designs) and the files written.
    """
    folder = Path(folder)
    with figures_stage(folder) as stage:
        table, files = draw_into(folder, stage)
    return table, [folder / f.name for f in files]


def draw_into(source: Path, stage: Path) -> tuple[pd.DataFrame, list[Path]]:
    """The indices table and charts of the sweep tables in `source`, written into `stage` (a
    staging folder: `axissim sweep` draws into the one its tables are written in, so a drawing
    that fails leaves the previous results whole). Returns the table and the files."""
    data, points, outcomes = read_tables(source)
    sweep = data["sweep"]
    names = names_of(data)
    name = Path(sweep["file"]).stem
    design, parameters = sweep["design"], sweep["parameters"]
    scale = f"{data['points']:,} points x {sweep['replicates']:,} worlds"
    table = indices(data, points, outcomes)
    files = []
    if not table.empty:
        files.append(write_csv(stage / INDICES, table))
        plot = plot_sobol if design == "sobol" else plot_morris
        for (output, statistic), chosen in table.groupby(["output", "statistic"], sort=False):
            title = f"{name}: what moves {describe(output, statistic, names)}?"
            note = f"{design.title()} indices over {scale}"
            if chosen.constant.all():
                said = describe(output, statistic, names)
                note = f"{said} does not vary over the sweep: no indices"
            path = stage / f"indices_{slug(output)}_{statistic}.png"
            files.append(plot(chosen, path, title, note, names))
    if len(parameters) == 1:
        against = names.parameter(parameters[0]["name"])
        title = f"{name}: policy against {against} ({scale})"
        files.append(plot_response(points, outcomes, parameters[0], stage / RESPONSE, title, names))
    if len(parameters) == 2:
        title = f"{name}: P(material aid) ({scale})"
        drawn = plot_heatmap(points, outcomes, parameters, stage / HEATMAP, title, names)
        files += [drawn] if drawn else []
    return table, files
