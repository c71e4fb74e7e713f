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
)
from axissim.files import write_csv
from axissim.folders.sweep import HEATMAP, INDICES, RESPONSE, figures_stage, read_tables
from axissim.readers.indices import indices


def slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", text).strip("_")


def draw(folder: Path | str) -> tuple[pd.DataFrame, list[Path]]:
    """Recompute the indices and redraw every chart of the sweep in `folder`.

    Returns the indices table (empty for grid and lhs designs) and the files written.
    """
    folder = Path(folder)
    data, points, outcomes = read_tables(folder)
    sweep = data["sweep"]
    name = Path(sweep["file"]).stem
    design, parameters = sweep["design"], sweep["parameters"]
    scale = f"{data['points']:,} points x {sweep['replicates']:,} replicates"
    table = indices(data, points, outcomes)
    files = []
    with figures_stage(folder) as stage:
        if not table.empty:
            files.append(write_csv(stage / INDICES, table))
            plot = plot_sobol if design == "sobol" else plot_morris
            for (output, statistic), chosen in table.groupby(["output", "statistic"], sort=False):
                title = f"{name}: what moves {describe(output, statistic)}?"
                note = f"{design.title()} indices over {scale}"
                if chosen.constant.all():
                    note = f"{describe(output, statistic)} does not vary over the sweep: no indices"
                path = stage / f"indices_{slug(output)}_{statistic}.png"
                files.append(plot(chosen, path, title, note))
        if len(parameters) == 1:
            title = f"{name}: policy level against {parameters[0]['name']} ({scale})"
            files.append(plot_response(points, outcomes, parameters[0], stage / RESPONSE, title))
        if len(parameters) == 2:
            title = f"{name}: P(material aid) ({scale})"
            files.append(plot_heatmap(points, outcomes, parameters, stage / HEATMAP, title))
    return table, [folder / f.name for f in files]
