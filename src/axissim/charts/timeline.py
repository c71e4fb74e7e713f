"""The timeline: each decider's mean aid level over the steps, one panel per conflict."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter, MaxNLocator

from axissim.charts.style import new_figure, save_png
from axissim.engine.world import World
from axissim.levels import LEVEL_NAMES, N_LEVELS
from axissim.wording import Names, step_date

DECIDER_COLOURS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#000000")
"""Okabe-Ito, colour-blind safe; a decider keeps its colour in every panel."""

ACTIVE_COLOUR = "#fbe3c4"
MARKER_COLOUR = "#444444"
LABEL_ROWS = (0.97, 0.87)  # axes fractions for staggered marker labels, above level 4
TOP = N_LEVELS - 1 + 1.3  # headroom above troops for the marker labels
MINOR_TICKS = 60  # at most this many minor ticks on the step axis (one per step below it)


def plot_timeline(
    world: World, timeline: pd.DataFrame, path: str | os.PathLike[str], title: str
) -> Path:
    """Save `timeline_figure(...)` as a PNG."""
    return save_png(timeline_figure(world, timeline, title), path)


def timeline_figure(world: World, timeline: pd.DataFrame, title: str) -> Figure:
    """Draw one panel per conflict with a mean-level line per decider.

    `timeline` is `outcomes.timeline(world, traj)`. A step's level holds until the next
    step, so lines are drawn as steps. The shading marks when the conflict is being fought;
    dashed lines mark its start, each country joining and the ceasefire. The x axis shows
    dates when the scenario has a start date and a daily or weekly clock, else steps.
    """
    names = Names.of(world.scenario)
    deciders = list(dict.fromkeys(timeline.decider))
    colours = {d: DECIDER_COLOURS[i % len(DECIDER_COLOURS)] for i, d in enumerate(deciders)}
    figure = new_figure(11, 1.0 + 2.7 * len(world.conflicts))
    axes = figure.subplots(len(world.conflicts), 1, sharex=True, squeeze=False)[:, 0]
    for ci, (ax, conflict_id) in enumerate(zip(axes, world.conflicts, strict=True)):
        rows = timeline[timeline.conflict == conflict_id]
        _draw_active(ax, world.active[:, ci])
        count = rows.decider.nunique()
        for rank, (decider, line) in enumerate(rows.groupby("decider", sort=False)):
            _draw_decider(ax, line, names.country(decider), colours[decider], rank, count)
        _draw_events(ax, world, conflict_id, names)
        ax.set_title(names.conflict(conflict_id), loc="left", fontsize=11)
        ax.set_ylim(-0.3, TOP)
        ax.set_yticks(range(N_LEVELS), LEVEL_NAMES)
        ax.grid(axis="y", color="#dddddd", linewidth=0.8)
        ax.set_axisbelow(True)
        handles, labels = ax.get_legend_handles_labels()
        ax.legend(
            handles=[*handles, Patch(color=ACTIVE_COLOUR)],
            labels=[*labels, "conflict active"],
            loc="upper left",
            bbox_to_anchor=(1.01, 1.0),
            fontsize=9,
            frameon=False,
        )
    _format_steps(axes[-1], world)
    axes[0].set_xlim(0, world.steps)
    figure.suptitle(title, fontsize=13, fontweight="bold")
    figure.supylabel("mean aid level over the worlds\n(policy held at each step)", fontsize=10)
    return figure


def _draw_active(ax: Axes, active: np.ndarray) -> None:
    """Shade each run of active steps, from its first step to the end of its last."""
    edges = np.flatnonzero(np.diff(np.concatenate([[0], active.astype(int), [0]])))
    for begin, end in zip(edges[::2], edges[1::2], strict=True):
        ax.axvspan(begin, end, color=ACTIVE_COLOUR, linewidth=0, zorder=0)


def _draw_decider(
    ax: Axes, line: pd.DataFrame, decider: str, colour: str, rank: int, count: int
) -> None:
    """A step line; earlier deciders are drawn wider so that coinciding lines stay visible."""
    steps = np.append(line.step.to_numpy(), line.step.iloc[-1] + 1)
    levels = np.append(line.mean_level.to_numpy(), line.mean_level.iloc[-1])
    ax.plot(
        steps,
        levels,
        drawstyle="steps-post",
        color=colour,
        linewidth=1.5 + 2.5 * (count - 1 - rank),
        solid_capstyle="butt",
        label=decider,
        zorder=2 + rank,
    )


def _draw_events(ax: Axes, world: World, conflict_id: str, names: Names) -> None:
    """Dashed lines with labels for the start, each join and the ceasefire."""
    conflict = world.scenario.conflicts[conflict_id]
    events = [(conflict.start, "start")]
    events += [(join.step, f"{names.country(join.country)} joins") for join in conflict.joins]
    if conflict.ceasefire is not None:
        events.append((conflict.ceasefire, "ceasefire"))
    row, last = 0, -np.inf
    for step, label in sorted(events):
        row = 1 - row if step - last < 0.12 * world.steps else 0  # stagger crowded labels
        last = step
        ax.axvline(step, color=MARKER_COLOUR, linestyle="--", linewidth=1.0, zorder=1)
        ax.text(
            step,
            LABEL_ROWS[row],
            f" {label}",
            transform=ax.get_xaxis_transform(),
            ha="left",
            va="top",
            fontsize=9,
            color=MARKER_COLOUR,
        )


def _format_steps(ax: Axes, world: World) -> None:
    """Label the x axis with dates when the scenario has a calendar, else with step numbers."""
    ax.xaxis.set_major_locator(MaxNLocator(nbins=12, integer=True))
    ax.xaxis.set_minor_locator(MaxNLocator(nbins=MINOR_TICKS, integer=True))
    first = step_date(world.scenario, 0)
    if first is None:
        ax.set_xlabel(f"step ({world.scenario.time_unit})")
        return
    last = step_date(world.scenario, world.steps)
    years = sorted({first[:4], last[:4]})
    ax.set_xlabel(f"date ({'–'.join(years)}; one step = one {world.scenario.time_unit})")

    def label(step: float, _position: int) -> str:
        date = dt.date.fromisoformat(step_date(world.scenario, int(step)))
        return f"{date:%b} {date.day}"

    ax.xaxis.set_major_formatter(FuncFormatter(label))
