"""Confusion matrices of the back-test: observed against predicted level, one panel each."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from matplotlib import colormaps
from matplotlib.axes import Axes
from matplotlib.colors import Normalize, to_hex
from matplotlib.patches import Rectangle

from axissim.charts.style import MATCH_COLOUR, new_figure, save_png, text_colour_on
from axissim.levels import LEVEL_NAMES, N_LEVELS

PANEL_SIZE = 3.6  # inches
OTHER_SIDE = "other side"
CMAP = colormaps["Blues"]


def plot_confusion(
    panels: Sequence[tuple[str, np.ndarray]], path: str | os.PathLike[str], title: str
) -> Path:
    """Draw one (observed x predicted) count matrix per forecaster, side by side, as a PNG.

    Rows are the observed level (none at the top), columns the modal predicted policy: aid to
    the other side first, then none to troops for the observed beneficiary (`backtest.confusion`);
    each cell shows its count, and the cells where prediction and record agree are outlined in
    green. A decision observed as a range sits in the row of its level nearest the prediction.
    """
    figure = new_figure(PANEL_SIZE * 1.2 * len(panels) + 0.6, PANEL_SIZE + 1.6)
    top = max(float(m.max()) for _, m in panels) or 1.0
    norm = Normalize(0.0, top)
    axes = figure.subplots(1, len(panels), squeeze=False)[0]
    for ax, (name, matrix) in zip(axes, panels, strict=True):
        _draw_panel(ax, name, matrix, norm)
    axes[0].set_ylabel("observed level", fontsize=10)
    figure.suptitle(title, fontsize=12, fontweight="bold")
    figure.supxlabel(
        "shade and number: decisions in the cell; green outline: prediction matches the record "
        "(a decision observed as a range sits in\nthe row of its level nearest the prediction); "
        "predicted: the most likely policy over the worlds; other side: any aid to the side\n"
        "the decider did not aid",
        fontsize=8.5,
        color="#444444",
    )
    return save_png(figure, path)


def _draw_panel(ax: Axes, name: str, matrix: np.ndarray, norm: Normalize) -> None:
    """One forecaster's matrix, with its exact accuracy in the panel title."""
    total = matrix.sum()
    exact = np.trace(matrix, offset=1) / total if total else 0.0
    for i in range(N_LEVELS):
        for j in range(N_LEVELS + 1):
            count = matrix[i, j]
            colour = to_hex(CMAP(norm(count)))
            ax.add_patch(Rectangle((j, i), 1, 1, facecolor=colour, edgecolor="white"))
            if count:
                text = f"{count:g}" if count == int(count) else f"{count:.1f}"
                ax.text(
                    j + 0.5,
                    i + 0.5,
                    text,
                    ha="center",
                    va="center",
                    fontsize=10,
                    color=text_colour_on(colour),
                )
    for k in range(N_LEVELS):
        ax.add_patch(
            Rectangle(
                (k + 1.04, k + 0.04), 0.92, 0.92, fill=False, edgecolor=MATCH_COLOUR, linewidth=2
            )
        )
    ax.set_xlim(0, N_LEVELS + 1)
    ax.set_ylim(N_LEVELS, 0)
    ax.set_aspect("equal")
    ticks = [k + 0.5 for k in range(N_LEVELS + 1)]
    ax.set_xticks(ticks, [OTHER_SIDE, *LEVEL_NAMES], rotation=35, ha="right", fontsize=9)
    ax.set_yticks(ticks[:-1], LEVEL_NAMES, fontsize=9)
    ax.set_xlabel("predicted level", fontsize=10)
    ax.tick_params(length=0)
    for spine in ax.spines.values():
        spine.set_visible(False)
    ax.set_title(f"{name}\nexact {exact:.0%} of {total:g} decisions", fontsize=10)
