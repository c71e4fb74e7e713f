"""Calibration charts: what the evidence pins down, and how the accepted parameters co-vary."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from axissim.charts.style import new_figure, save_png

VERDICT_COLOURS = {
    "pinned down": "#009E73",
    "partly constrained": "#E69F00",
    "free": "#999999",
}


def plot_identifiability(table: pd.DataFrame, path: str | Path, title: str) -> Path:
    """Per parameter: the prior range (grey) and the posterior 5-95% range and median.

    `table` is calibrate.identifiability(): rows sorted from most to least constrained.
    """
    n = len(table)
    figure = new_figure(9.5, 0.42 * n + 1.6)
    ax = figure.add_subplot()
    y = np.arange(n)[::-1]
    ax.hlines(y, table.prior_low, table.prior_high, color="#dddddd", lw=9, label="prior range")
    colours = [VERDICT_COLOURS[v] for v in table.verdict]
    ax.hlines(y, table.posterior_q05, table.posterior_q95, color=colours, lw=4)
    ax.scatter(table.posterior_q50, y, color="black", zorder=3, s=18, label="posterior median")
    labels = [f"{p}  ({s:.2f})" for p, s in zip(table.parameter, table.shrinkage, strict=True)]
    ax.set_yticks(y, labels)
    ax.set_xlabel("parameter value (bar: posterior 5-95%; grey: prior range)")
    ax.set_title(title, loc="left", fontsize=11, fontweight="bold")
    handles = [ax.plot([], [], color=c, lw=4, label=f"{v}")[0] for v, c in VERDICT_COLOURS.items()]
    ax.legend(
        handles=handles,
        title="shrinkage = posterior sd / prior sd",
        loc="upper center",
        bbox_to_anchor=(0.5, -0.5 / n - 0.04),
        ncols=3,
        frameon=False,
        fontsize=9,
        title_fontsize=9,
    )
    ax.grid(axis="x", color="#eeeeee")
    return save_png(figure, path)


def plot_corner(
    members: pd.DataFrame,
    bounds: dict[str, tuple[float, float]],
    path: str | Path,
    title: str,
) -> Path:
    """A corner plot of the accepted members: histograms and pairwise scatter.

    `bounds` maps each parameter to show to its prior range, used as the axis limits so that
    a narrow cloud reads as a constraint.
    """
    names = list(bounds)
    n = len(names)
    figure = new_figure(1.9 * n + 0.6, 1.9 * n + 0.6)
    axes = figure.subplots(n, n, squeeze=False)
    for row, y_name in enumerate(names):
        for col, x_name in enumerate(names):
            ax = axes[row][col]
            if col > row:
                ax.set_axis_off()
                continue
            x = members[x_name].to_numpy()
            if row == col:
                ax.hist(x, bins=20, range=bounds[x_name], color="#756bb1", edgecolor="white")
                ax.set_yticks([])
            else:
                ax.scatter(x, members[y_name], s=3, alpha=0.35, color="#54278f", linewidths=0)
                ax.set_ylim(*bounds[y_name])
            ax.set_xlim(*bounds[x_name])
            if row == n - 1:
                ax.set_xlabel(x_name, fontsize=8)
            else:
                ax.set_xticklabels([])
            if col == 0 and row > 0:
                ax.set_ylabel(y_name, fontsize=8)
            elif col > 0:
                ax.set_yticklabels([])
            ax.tick_params(labelsize=7)
    figure.suptitle(title, fontsize=11, fontweight="bold")
    return save_png(figure, path)
