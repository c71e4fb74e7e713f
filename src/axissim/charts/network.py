"""The network: countries sized by capability, their treaties and rivalries, and who aids whom."""

from __future__ import annotations

import os
from pathlib import Path
from textwrap import fill

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import FancyArrowPatch, Patch
from matplotlib.patheffects import withStroke

from axissim.charts.style import LEVEL_COLOURS, LEVEL_EDGE, new_figure, save_png
from axissim.charts.timeline import ACTIVE_COLOUR
from axissim.engine.world import World
from axissim.levels import LEVEL_NAMES
from axissim.wording import Names

TREATY_COLOUR = "#0072B2"  # Okabe-Ito blue
RIVALRY_COLOUR = "#D55E00"  # Okabe-Ito vermillion
AT_WAR_EDGE = "#e69f00"
NODE_COLOUR, NODE_EDGE = "#eeeeee", "#888888"
TREATY_STYLES = {
    "mutual_defence": "solid",
    "offence": (0, (10, 2, 2, 2, 2, 2)),
    "guarantee": (0, (10, 3)),
    "strategic_partnership": (0, (5, 3)),
    "consultation": (0, (1, 2)),
    "neutrality": (0, (6, 2, 1, 2)),
    "non_aggression": (0, (2, 4)),
    "none": (0, (1, 5)),
}
"""Line style per treaty type, each unlike the others at a legend's length (consultation dots,
a mutual-defence pact solid); a treaty's width grows with its obligation strength."""

INNER = 0.7  # radius of the inner ring (the outer one is 1)
BEND = 0.16  # aid arrows curve, so that aid in both directions between two countries stays apart
FAN = 0.14  # ... and more for each further arrow into the same country, so they fan out
LABEL_AT = (0.45, 0.3, 0.6, 0.2, 0.7)
"""How far along an arrow its level may be named: the first place clear of the other names."""


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
    world at a step, or `outcomes.summarise(...)` for the modal policy over many worlds.
    A node's area grows with the country's capability; it is shaded when the country fights at
    `step` (or, without a step, at any step). Treaties are blue, styled by type; rivalries are
    dotted vermillion; an aid arrow's colour and width say its level.
    """
    names = Names.of(world.scenario)
    position = _layout(world)
    size = {c: 250 + 5000 * cap for c, cap in zip(world.countries, world.capability, strict=True)}
    at_war = world.belligerent.any(axis=(1, 2))  # (T, N)
    fighting = at_war[step] if step is not None else at_war.any(axis=0)
    figure = new_figure(7.4, 8.4)
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
        label = fill(names.country(country), 12)
        inner = np.hypot(*position[country]) < (INNER + 1) / 2
        _label_node(ax, position[country], label, size[country], world.capability[i], inner)
    arrivals: dict[str, int] = {}
    labels: list[np.ndarray] = []
    for row in aid.itertuples(index=False):
        if row.level > 0 and row.beneficiary:
            k = arrivals[row.beneficiary] = arrivals.get(row.beneficiary, -1) + 1
            arrow = (row.decider, row.beneficiary, int(row.level))
            _draw_aid(ax, position, size, arrow, BEND + FAN * k, labels)
    ax.set_xlim(-1.45, 1.45)
    ax.set_ylim(-1.38, 1.38)
    ax.set_aspect("equal")
    ax.axis("off")
    figure.suptitle(title, fontsize=13, fontweight="bold")
    figure.legend(
        handles=_legend_handles(world),
        loc="outside lower center",
        ncol=2,
        fontsize=9.5,
        handlelength=4,
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


def _label_node(
    ax: Axes, at: np.ndarray, country: str, size: float, capability: float, inner: bool
) -> None:
    """The name and capability outside the node, away from the circle's centre; an inner
    node's straight above or below it, clear of the outer ring's nodes beside it."""
    away = at / max(np.hypot(*at), 1e-9)
    if inner:
        away = np.array([0.0, 1.0 if at[1] >= 0 else -1.0])
    ax.annotate(
        f"{country}\n{capability:.1%}",
        at,
        xytext=away * (np.sqrt(size) / 2 + 6),
        textcoords="offset points",
        ha="center" if abs(away[0]) < 0.4 else ("left" if away[0] > 0 else "right"),
        va="center" if abs(away[1]) < 0.4 else ("bottom" if away[1] > 0 else "top"),
        fontsize=10,
        fontweight="bold",
        linespacing=1.0,
        zorder=4,
    )


def _draw_aid(
    ax: Axes,
    position: dict,
    size: dict,
    arrow: tuple[str, str, int],
    bend: float,
    labels: list[np.ndarray],
) -> None:
    """A curved arrow (decider, beneficiary, level), bent by `bend`, named by its level where
    the name keeps clear of the `labels` already placed (their centres, added to)."""
    decider, beneficiary, level = arrow
    start, end = position[decider], position[beneficiary]
    width = 1.5 + 1.2 * level
    ax.add_patch(
        FancyArrowPatch(
            start,
            end,
            connectionstyle=f"arc3,rad={bend}",
            arrowstyle=f"-|>,head_length={3 + level},head_width={2 + level * 0.8}",
            color=LEVEL_COLOURS[level],
            linewidth=width,
            shrinkA=np.sqrt(size[decider]) / 2 + 2,
            shrinkB=np.sqrt(size[beneficiary]) / 2 + 2,
            path_effects=[withStroke(linewidth=width + 1.5, foreground=LEVEL_EDGE)],
            zorder=2,
        )
    )
    dx, dy = end - start
    control = (start + end) / 2 + bend * np.array([dy, -dx])  # arc3's Bezier control point
    along = [(1 - t) ** 2 * start + 2 * (1 - t) * t * control + t**2 * end for t in LABEL_AT]
    at = next(
        (p for p in along if all(abs(p - q)[0] > 0.3 or abs(p - q)[1] > 0.09 for q in labels)),
        along[0],
    )
    labels.append(at)
    ax.text(
        *at,
        LEVEL_NAMES[level],
        ha="center",
        va="center",
        fontsize=9,
        bbox={
            "boxstyle": "round,pad=0.15",
            "facecolor": "white",
            "edgecolor": LEVEL_EDGE,
            "linewidth": 0.6,
            "alpha": 0.9,
        },
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
            linewidth=2,
            label=f"treaty: {k.replace('_', ' ')}",
        )
        for k in kinds
    ]
    handles.append(
        Line2D([], [], color=RIVALRY_COLOUR, linestyle="dotted", linewidth=2.5, label="rivalry")
    )
    handles.append(Patch(visible=False, label="(a line's width: its strength)"))
    handles += [
        Line2D(
            [],
            [],
            color=LEVEL_COLOURS[r],
            linewidth=1.5 + 1.2 * r,
            path_effects=[withStroke(linewidth=2.5 + 1.5 + 1.2 * r, foreground=LEVEL_EDGE)],
            label=f"aid (arrow): {name}",
        )
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
