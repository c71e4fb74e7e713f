"""The network: countries sized by capability, their treaties and rivalries, and who aids whom."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import FancyArrowPatch, Patch
from matplotlib.patheffects import withStroke

from axissim.charts.style import LEVEL_COLOURS, new_figure, save_png
from axissim.charts.timeline import ACTIVE_COLOUR
from axissim.engine.world import World
from axissim.levels import LEVEL_NAMES

TREATY_COLOUR = "#0072B2"  # Okabe-Ito blue
RIVALRY_COLOUR = "#D55E00"  # Okabe-Ito vermillion
AT_WAR_EDGE = "#e69f00"
NODE_COLOUR, NODE_EDGE = "#eeeeee", "#888888"
TREATY_STYLES = {
    "mutual_defence": "solid",
    "offence": (0, (12, 2, 2, 2)),
    "guarantee": (0, (8, 2)),
    "strategic_partnership": "dashed",
    "consultation": "dashdot",
    "neutrality": (0, (3, 3)),
    "non_aggression": "dotted",
    "none": (0, (1, 3)),
}
"""Line style per treaty type; a treaty's width grows with its obligation strength."""

INNER = 0.7  # radius of the inner ring (the outer one is 1)
BEND = 0.18  # aid arrows curve, so that aid in both directions between two countries stays apart
LABEL_AT = 0.4  # an arrow's level is named this far along it, nearer the giver than the middle


def plot_network(
    world: World,
    aid: pd.DataFrame,
    path: str | os.PathLike[str],
    title: str,
    step: int | None = None,
) -> Path:
    """Save `network_figure(...)` as a PNG."""
    return save_png(network_figure(world, aid, title, step), path)


def network_figure(world: World, aid: pd.DataFrame, title: str, step: int | None = None) -> Figure:
    """Draw the countries on two rings, their treaties and rivalries, and arrows for aid.

    `aid` has one row per decision with columns decider, beneficiary and level: the state of one
    world at a step, or `outcomes.summarise(...)` for the modal peak over many worlds.
    A node's area grows with the country's capability; it is shaded when the country fights at
    `step` (or, without a step, at any step). Treaties are blue, styled by type; rivalries are
    dotted vermillion; an aid arrow's colour and width say its level.
    """
    position = _layout(world)
    size = {c: 250 + 5000 * cap for c, cap in zip(world.countries, world.capability, strict=True)}
    at_war = world.belligerent.any(axis=(1, 2))  # (T, N)
    fighting = at_war[step] if step is not None else at_war.any(axis=0)
    figure = new_figure(7.0, 7.6)
    ax = figure.add_subplot()
    _draw_relations(ax, world, position)
    for i, country in enumerate(world.countries):
        ax.scatter(
            *position[country],
            s=size[country],
            color=ACTIVE_COLOUR if fighting[i] else NODE_COLOUR,
            edgecolor=AT_WAR_EDGE if fighting[i] else NODE_EDGE,
            linewidth=2 if fighting[i] else 1,
            zorder=3,
        )
        _label_node(ax, position[country], country, size[country], world.capability[i])
    for row in aid.itertuples(index=False):
        if row.level > 0 and row.beneficiary:
            _draw_aid(ax, position, size, row.decider, row.beneficiary, int(row.level))
    ax.set_xlim(-1.35, 1.35)
    ax.set_ylim(-1.3, 1.3)
    ax.set_aspect("equal")
    ax.axis("off")
    ax.set_title(title, fontsize=13, fontweight="bold")
    figure.legend(
        handles=_legend_handles(world),
        loc="outside lower center",
        ncol=2,
        fontsize=9,
        frameon=False,
    )
    return figure


def _layout(world: World) -> dict[str, np.ndarray]:
    """Two rings, clockwise from the top in scenario order: inside, the countries that decide or
    lead a side (every aid arrow runs between them); outside, the rest, between the inner ones."""
    involved = {c for d in world.decisions for c in (d.decider, *d.leads)}
    inner = [c for c in world.countries if c in involved]
    outer = [c for c in world.countries if c not in involved]
    return {**_ring(inner, INNER, 0.0), **_ring(outer, 1.0, 0.5)}


def _ring(countries: list[str], radius: float, offset: float) -> dict[str, np.ndarray]:
    """Countries evenly on a circle, clockwise from the top, turned by `offset` of a gap."""
    angles = np.pi / 2 - 2 * np.pi * (np.arange(len(countries)) + offset) / max(len(countries), 1)
    return {
        c: radius * np.array([np.cos(a), np.sin(a)]) for c, a in zip(countries, angles, strict=True)
    }


def _pairs(world: World, fact: str) -> dict[tuple[int, int], tuple[int, int]]:
    """Unordered pairs with a non-zero fact, each mapped to its stronger direction (i, j)."""
    matrix = world.relation[fact]
    pairs: dict[tuple[int, int], tuple[int, int]] = {}
    for i, j in zip(*np.nonzero(matrix), strict=True):
        key = (min(i, j), max(i, j))
        if key not in pairs or matrix[i, j] > matrix[pairs[key]]:
            pairs[key] = (int(i), int(j))
    return pairs


def _draw_relations(ax: Axes, world: World, position: dict[str, np.ndarray]) -> None:
    """A blue line per treaty (the stronger direction's type and strength), a dotted one per
    rivalry."""
    names = world.countries
    for i, j in _pairs(world, "treaty").values():
        kind = world.scenario.relations[f"{names[i]}->{names[j]}"].treaty_type
        ax.plot(
            *np.transpose([position[names[i]], position[names[j]]]),
            color=TREATY_COLOUR,
            linestyle=TREATY_STYLES[kind],
            linewidth=1 + 3 * world.relation["treaty"][i, j],
            zorder=1,
        )
    for i, j in _pairs(world, "rivalry").values():
        ax.plot(
            *np.transpose([position[names[i]], position[names[j]]]),
            color=RIVALRY_COLOUR,
            linestyle="dotted",
            linewidth=1 + 2 * world.relation["rivalry"][i, j],
            zorder=1,
        )


def _label_node(ax: Axes, at: np.ndarray, country: str, size: float, capability: float) -> None:
    """The id and capability outside the node, away from the circle's centre."""
    ax.annotate(
        f"{country}\n{capability:.1%}",
        at,
        xytext=at * (np.sqrt(size) / 2 + 6),
        textcoords="offset points",
        ha="center" if abs(at[0]) < 0.3 else ("left" if at[0] > 0 else "right"),
        va="center" if abs(at[1]) < 0.3 else ("bottom" if at[1] > 0 else "top"),
        fontsize=10,
        fontweight="bold",
        linespacing=1.0,
        zorder=4,
    )


def _draw_aid(
    ax: Axes, position: dict, size: dict, decider: str, beneficiary: str, level: int
) -> None:
    """A curved arrow from decider to beneficiary, named by its level."""
    start, end = position[decider], position[beneficiary]
    width = 1.5 + 1.2 * level
    ax.add_patch(
        FancyArrowPatch(
            start,
            end,
            connectionstyle=f"arc3,rad={BEND}",
            arrowstyle=f"-|>,head_length={3 + level},head_width={2 + level * 0.8}",
            color=LEVEL_COLOURS[level],
            linewidth=width,
            shrinkA=np.sqrt(size[decider]) / 2 + 2,
            shrinkB=np.sqrt(size[beneficiary]) / 2 + 2,
            path_effects=[withStroke(linewidth=width + 1.5, foreground="#333333")],
            zorder=2,
        )
    )
    dx, dy = end - start
    control = (start + end) / 2 + BEND * np.array([dy, -dx])  # arc3's Bezier control point
    t = LABEL_AT
    ax.text(
        *((1 - t) ** 2 * start + 2 * (1 - t) * t * control + t**2 * end),
        LEVEL_NAMES[level],
        ha="center",
        va="center",
        fontsize=8.5,
        bbox={"boxstyle": "round,pad=0.2", "facecolor": "white", "edgecolor": LEVEL_COLOURS[level]},
        zorder=5,
    )


def _legend_handles(world: World) -> list:
    """Treaty types present, rivalry, the aid levels, and what a node's shade and size mean."""
    kinds = sorted({r.treaty_type for r in world.scenario.relations.values() if r.treaty > 0})
    handles: list = [
        Line2D(
            [],
            [],
            color=TREATY_COLOUR,
            linestyle=TREATY_STYLES[k],
            linewidth=2.5,
            label=f"treaty: {k.replace('_', ' ')}",
        )
        for k in kinds
    ]
    handles.append(
        Line2D([], [], color=RIVALRY_COLOUR, linestyle="dotted", linewidth=2.5, label="rivalry")
    )
    handles += [
        Line2D([], [], color=LEVEL_COLOURS[r], linewidth=1.5 + 1.2 * r, label=f"aid: {name}")
        for r, name in enumerate(LEVEL_NAMES)
        if r > 0
    ]
    handles.append(Patch(facecolor=ACTIVE_COLOUR, edgecolor=AT_WAR_EDGE, label="at war"))
    handles.append(
        Line2D(
            [],
            [],
            marker="o",
            linestyle="",
            markersize=11,
            markerfacecolor=NODE_COLOUR,
            markeredgecolor=NODE_EDGE,
            label="area, %: share of world military spending",
        )
    )
    return handles
