"""Calibration charts: what the evidence pins down, and how the accepted parameters co-vary."""

from __future__ import annotations

from pathlib import Path
from textwrap import fill

import numpy as np
import pandas as pd
from matplotlib.lines import Line2D

from axissim.charts.style import new_figure, save_png
from axissim.wording import Names

FITTED_COLOUR = "#D55E00"  # Okabe-Ito vermillion: the fitted point, in both charts

VERDICT_COLOURS = {
    "pinned down": "#009E73",
    "partly constrained": "#E69F00",
    "free": "#999999",
}


SYMLOG_TICKS = (-20, -10, -5, -2, -1, 0, 0.5, 1, 2, 5, 10, 20, 50, 100)


def plot_identifiability(
    table: pd.DataFrame, path: str | Path, title: str, fitted: dict[str, float] | None = None
) -> Path:
    """Per parameter: the prior's range or central 95% (grey), the ensemble's 5-95% range and
    median (black dot) and, if given, the fitted value (vermillion diamond).

    `table` is calibrate.identifiability(): rows sorted from most to least constrained.
    """
    names = Names()
    n = len(table)
    figure = new_figure(9.5, 0.42 * n + 1.6)
    ax = figure.add_subplot()
    y = np.arange(n)[::-1]
    ax.hlines(y, table.prior_low, table.prior_high, color="#dddddd", lw=9, label="prior range")
    colours = [VERDICT_COLOURS[v] for v in table.verdict]
    ax.hlines(y, table.posterior_q05, table.posterior_q95, color=colours, lw=4)
    median = ax.scatter(
        table.posterior_q50, y, color="black", zorder=3, s=22, label="median of the ensemble"
    )
    handles = [ax.plot([], [], color=c, lw=4, label=f"{v}")[0] for v, c in VERDICT_COLOURS.items()]
    handles.append(median)
    if fitted:
        values = [fitted.get(p, np.nan) for p in table.parameter]
        handles.append(
            ax.scatter(
                values, y, marker="D", s=30, color=FITTED_COLOUR, edgecolor="white", zorder=4,
                label="the fitted value",
            )
        )  # fmt: skip
    labels = [
        f"{names.parameter(p)}  ({s:.2f})"
        for p, s in zip(table.parameter, table.shrinkage, strict=True)
    ]
    ax.set_yticks(y, labels)
    ax.set_xscale("symlog", linthresh=1.0)  # weights from 0.03 to 60: log beyond 1
    low, high = ax.get_xlim()
    ticks = [t for t in SYMLOG_TICKS if low <= t <= high]
    ax.set_xticks(ticks, [f"{t:g}" for t in ticks])
    ax.set_xlabel(
        "parameter value (linear from -1 to 1, logarithmic beyond)\n"
        "grey: the prior's central 95%; coloured bar: the ensemble's 5-95% (accepted weight "
        "sets)\nin brackets: shrinkage = the ensemble's sd / the prior's sd"
    )
    ax.set_title(title, loc="left", fontsize=11, fontweight="bold")
    figure.legend(
        handles=handles,
        loc="outside lower center",
        ncols=3,
        frameon=False,
        fontsize=9,
    )
    ax.grid(axis="x", color="#eeeeee")
    return save_png(figure, path)


def plot_corner(
    members: pd.DataFrame,
    bounds: dict[str, tuple[float, float]],
    path: str | Path,
    title: str,
    fitted: dict[str, float] | None = None,
) -> Path:
    """A corner plot of the accepted members: histograms and pairwise scatter, the fitted
    point marked (vermillion) when given.

    `bounds` maps each parameter to show to its prior range, used as the axis limits so that
    a narrow cloud reads as a constraint.
    """
    words = Names()
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
                ax.hist(x, bins=20, range=bounds[x_name], color="#0072B2", edgecolor="white")
                ax.set_yticks([])
                if fitted and x_name in fitted:
                    ax.axvline(fitted[x_name], color=FITTED_COLOUR, lw=2)
            else:
                ax.scatter(x, members[y_name], s=9, alpha=0.5, color="#0072B2", linewidths=0)
                if fitted and x_name in fitted and y_name in fitted:
                    ax.plot(
                        fitted[x_name], fitted[y_name], "D", color=FITTED_COLOUR, ms=7, mec="white"
                    )
                ax.set_ylim(*bounds[y_name])
            ax.set_xlim(*bounds[x_name])
            if row == n - 1:
                ax.set_xlabel(fill(words.parameter(x_name), 20), fontsize=10)
            else:
                ax.set_xticklabels([])
            if col == 0 and row > 0:
                ax.set_ylabel(fill(words.parameter(y_name), 20), fontsize=10)
            elif col > 0:
                ax.set_yticklabels([])
            ax.tick_params(labelsize=9.5, length=4)
    figure.suptitle(title, fontsize=12, fontweight="bold")
    handles = [
        Line2D([], [], marker="o", ls="", color="#0072B2", label="an accepted weight set"),
        Line2D(
            [],
            [],
            marker="D",
            ls="",
            color=FITTED_COLOUR,
            label="the fitted point (a line in the histograms)",
        ),
    ]
    # in the empty upper triangle, clear of the title
    figure.legend(
        handles=handles, loc="upper right", bbox_to_anchor=(0.97, 0.9), fontsize=11, frameon=False
    )
    return save_png(figure, path)
