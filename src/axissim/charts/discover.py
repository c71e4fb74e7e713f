"""Scenario-discovery charts: PRIM's peeling trade-off and the boxes' limits on each parameter."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pandas as pd
from matplotlib import colormaps
from matplotlib.colors import BoundaryNorm
from matplotlib.patches import Patch

from axissim.charts.style import new_figure, save_png
from axissim.wording import Names

BOX_COLOUR = "#0072B2"  # Okabe-Ito blue
RANGE_COLOUR = "#e5e5e5"
TODAY_COLOUR = "#D55E00"  # Okabe-Ito vermillion
DIMENSIONS = colormaps["viridis"]
MIN_WIDTH = 8.0  # inches: room for the title above a single panel


def peeling_skipped(peeling: pd.DataFrame) -> str | None:
    """Why the peeling chart would carry no information, or None: when every box on every
    trajectory covers all the outcome's points (as in a sweep of one parameter), coverage never
    trades against density, and the boxes table says it all."""
    if len(peeling) and np.allclose(peeling.coverage, 1.0):
        return (
            "peeling chart left out: every box along the trajectory keeps coverage 1, so "
            "there is no trade-off to show (the boxes table says it all)"
        )
    return None


def plot_peeling(
    peeling: pd.DataFrame, density: float, path: str | os.PathLike[str], title: str
) -> Path:
    """Coverage against density along each box's peeling trajectory, one panel per box.

    Points are coloured by how many parameters the box restricts; the kept box is ringed and
    labelled, the density threshold dashed. Peeling starts at the bottom right (all points: full
    coverage, the base density) and moves up and to the left.
    """
    numbers = sorted(peeling.box.unique())
    figure = new_figure(max(4.6 * len(numbers) + 1.2, MIN_WIDTH), 4.4)
    axes = figure.subplots(1, len(numbers), squeeze=False)[0]
    most = int(peeling.res_dim.max())
    norm = BoundaryNorm(np.arange(-0.5, most + 1.5), DIMENSIONS.N)
    for ax, number in zip(axes, numbers, strict=True):
        steps = peeling[peeling.box == number]
        dots = ax.scatter(
            steps.coverage,
            steps.density,
            c=steps.res_dim,
            cmap=DIMENSIONS,
            norm=norm,
            s=28,
            edgecolor="#333333",
            linewidth=0.4,
            zorder=3,
        )
        kept = steps[steps.chosen].iloc[0]
        ax.scatter(
            kept.coverage,
            kept.density,
            s=220,
            facecolor="none",
            edgecolor="#D55E00",
            linewidth=2,
            zorder=4,
        )
        ax.annotate(
            f"box {number}: coverage {kept.coverage:.2f}\ndensity {kept.density:.2f}, "
            f"{int(kept.res_dim)} restricted",
            (kept.coverage, kept.density),
            xytext=(-12, -14),
            textcoords="offset points",
            ha="right",
            va="top",
            fontsize=8.5,
            bbox={"boxstyle": "round,pad=0.25", "facecolor": "white", "edgecolor": "#D55E00"},
        )
        ax.axhline(density, color="#555555", linestyle="--", linewidth=1)
        ax.text(
            0.02,
            density,
            f" the density asked for ({density:g})",
            va="bottom",
            fontsize=9,
            color="#555555",
        )
        ax.set_xlim(-0.02, 1.04)
        ax.set_ylim(0, 1.04)
        ax.set_xlabel("coverage: share of the outcome's points inside")
        ax.set_title(f"box {number} (ringed: the box kept)", fontsize=10)
        ax.grid(color="#eeeeee")
        ax.set_axisbelow(True)
    axes[0].set_ylabel("density: share of the box's points with the outcome")
    bar = figure.colorbar(dots, ax=list(axes), ticks=range(most + 1), fraction=0.04)
    bar.set_label("restricted parameters")
    figure.suptitle(title, fontsize=11, fontweight="bold")
    return save_png(figure, path)


def plot_boxes(
    boxes: pd.DataFrame, path: str | os.PathLike[str], title: str, names: Names | None = None
) -> Path:
    """Each kept box's limits on every parameter it restricts, against the parameter's swept
    range (grey, scaled to 0-1), with today's value marked where the sweep records it."""
    names = names or Names()
    rows = len(boxes) + boxes.box.nunique()  # one heading row per box
    figure = new_figure(9.0, 0.42 * rows + 1.6)
    ax = figure.add_subplot()
    y, ticks, labels = rows - 1, [], []
    for number, group in boxes.groupby("box", sort=True):
        first = group.iloc[0]
        ax.text(
            -0.02,
            y,
            f"box {number}: coverage {first.coverage:.2f}, density {first.density:.2f}, "
            f"{first.points} points",
            fontweight="bold",
            fontsize=9,
            va="center",
            ha="left",
        )
        y -= 1
        for row in group.itertuples(index=False):
            span = (row.maximum - row.minimum) or 1.0
            low, high = (row.lower - row.minimum) / span, (row.upper - row.minimum) / span
            ax.barh(y, 1, left=0, color=RANGE_COLOUR, height=0.56)
            ax.barh(y, high - low, left=low, color=BOX_COLOUR, height=0.56)
            ax.text(-0.01, y, f"{row.minimum:.3g}", ha="right", va="center", fontsize=9)
            ax.text(1.01, y, f"{row.maximum:.3g}", ha="left", va="center", fontsize=9)
            for at, value in ((low, row.lower), (high, row.upper)):
                if row.minimum < value < row.maximum:
                    ax.text(
                        at,
                        y + 0.32,
                        f"{value:.3g}",
                        ha="center",
                        va="bottom",
                        fontsize=9,
                        color=BOX_COLOUR,
                        fontweight="bold",
                    )
            if np.isfinite(row.today):
                ax.plot(
                    (row.today - row.minimum) / span,
                    y,
                    marker="D",
                    color=TODAY_COLOUR,
                    markeredgecolor="white",
                    markersize=7,
                    zorder=3,
                )
            ticks.append(y)
            labels.append(names.parameter(row.parameter))
            y -= 1
    ax.set_yticks(ticks, labels)
    ax.set_ylim(-0.7, rows - 0.3)
    ax.set_xlim(-0.12, 1.12)
    ax.set_xticks([0, 0.5, 1], ["min", "middle", "max"])
    ax.set_xlabel("the swept range of each parameter (grey) and the box's limits (blue)")
    ax.plot([], [], "D", color=TODAY_COLOUR, label="today's value")
    # patches, not empty bars: an empty barh keeps the colour cycle's, not the one asked for
    keys = [Patch(color=RANGE_COLOUR, label="the swept range"),
            Patch(color=BOX_COLOUR, label="inside the box")]  # fmt: skip
    handles, _ = ax.get_legend_handles_labels()
    figure.legend(
        handles=[*handles, *keys], loc="outside lower center", ncols=3, frameon=False, fontsize=9
    )
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    ax.tick_params(axis="y", length=0)
    ax.set_title(title, loc="left", fontsize=11, fontweight="bold")
    return save_png(figure, path)
