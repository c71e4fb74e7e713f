"""Sweep response charts: P(level) against one swept parameter, with 95% bands, and a heatmap
of P(material aid) over two. One panel per output."""

from __future__ import annotations

import math
import os
from pathlib import Path
from textwrap import fill
from typing import Any

import numpy as np
import pandas as pd
from matplotlib import colormaps
from matplotlib.colors import Normalize, to_hex
from matplotlib.patches import Rectangle

from axissim.charts.style import (
    LEVEL_COLOURS,
    LEVEL_EDGE,
    new_figure,
    save_png,
    text_colour_on,
)
from axissim.levels import AID_TO, LEVEL_NAMES
from axissim.wording import POLICY_NOTE, Names, probability

LINE_STYLES = (":", "--", "-", "-", "-")
MARKERS = ("o", "s", "D", "^", "v")
VISIBLE = 0.01
"""A level is drawn when its probability reaches this somewhere in the sweep."""
Z95 = 1.959964
HEAT = colormaps["Purples"]
BASELINE_COLOUR = "#333333"
TODAY_COLOUR = "#D55E00"  # Okabe-Ito vermillion
TODAY = "star: today's scenario"
MIN_WIDTH = 7.0  # inches: room for the legend under a single panel
MAX_WIDTH = 10.5  # inches: the report shows 1,050 px without scaling a chart down
QUIET = 0.005
"""A heatmap panel whose every cell is below this (all "0" or "<0.01") says nothing: left out."""
HEAT_FLOOR = 0.05
"""The heatmap's colour scale ends at the largest value rounded up to this, at least."""
ANNOTATED_CELLS = 225
"""Grids up to 15 x 15 cells show each cell's probability."""

STATISTIC_LABELS = {
    **{f"p_{name}": f"P({name})" for name in LEVEL_NAMES},
    "p_material": "P(material aid: economic, arms or troops)",
    "mean_level": "mean policy level (0 none ... 4 troops)",
}


def output_title(label: str, names: Names | None = None) -> str:
    """'RUS:israel_iran' -> "Russia's policy\nIsrael-Iran war ..."; 'aid_to:IRN' -> 'highest aid
    to Iran from anyone'."""
    names = names or Names()
    if label.startswith(AID_TO):
        return f"highest aid to {names.country(label.removeprefix(AID_TO))} from anyone"
    decider, conflict = label.split(":", 1)
    return f"{names.country(decider)}'s policy\n{fill(names.conflict(conflict), 46)}"


def describe(label: str, statistic: str, names: Names | None = None) -> str:
    """An output's statistic in words, e.g. 'P(anyone gives Iran material aid)'."""
    names = names or Names()
    aid_to = label.startswith(AID_TO)
    who = names.country(label.removeprefix(AID_TO) if aid_to else label.split(":", 1)[0])
    where = "" if aid_to else f" in {names.conflict(label.split(':', 1)[1])}"
    if statistic == "p_material":
        return (
            f"P(anyone gives {who} material aid)"
            if aid_to
            else f"P({who} gives material aid{where})"
        )
    if statistic == "mean_level":
        held = f"mean policy level of {who}{where}"
        return f"mean highest aid level to {who}" if aid_to else held
    level = statistic.removeprefix("p_")
    return f"P(highest aid to {who} is {level})" if aid_to else f"P({who} holds {level}{where})"


def wilson(p: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """95% Wilson interval of a probability estimated from n independent worlds."""
    centre = (p + Z95**2 / (2 * n)) / (1 + Z95**2 / n)
    half = Z95 / (1 + Z95**2 / n) * np.sqrt(p * (1 - p) / n + Z95**2 / (4 * n**2))
    return centre - half, centre + half


def _panels(count: int, width: float, height: float):
    columns = max(1, min(count, int(MAX_WIDTH // width)))
    rows = math.ceil(count / columns)
    figure = new_figure(max(width * columns + 0.4, MIN_WIDTH), height * rows + 1.6)
    axes = figure.subplots(rows, columns, squeeze=False).ravel()
    for ax in axes[count:]:
        ax.set_axis_off()
    return figure, axes[:count]


def plot_response(
    points: pd.DataFrame,
    outcomes: pd.DataFrame,
    parameter: dict[str, Any],
    path: str | os.PathLike[str],
    title: str,
    names: Names | None = None,
) -> Path:
    """P(each policy level) of every output against one swept parameter, with 95% bands.

    `parameter` is the manifest's record (name, baseline, ...). A level that stays below 1% is
    left out. Non-numeric values (e.g. treaty types) are spaced evenly in the given order.
    """
    name = parameter["name"]
    names = names or Names()
    numeric = pd.api.types.is_numeric_dtype(points[name])
    table = outcomes.merge(points[["point", name]], on="point")
    table = table.sort_values(name if numeric else "point", kind="stable")
    labels = list(dict.fromkeys(outcomes.output))
    figure, axes = _panels(len(labels), 3.4, 3.2)
    for ax, label in zip(axes, labels, strict=True):
        rows = table[table.output == label]
        x = rows[name].to_numpy() if numeric else np.arange(len(rows))
        for level, level_name in enumerate(LEVEL_NAMES):
            p = rows[f"p_{level_name}"].to_numpy()
            if p.max() < VISIBLE:
                continue
            low, high = wilson(p, int(rows.runs.iloc[0]))
            colour = LEVEL_COLOURS[level]
            ax.fill_between(x, low, high, color=LEVEL_COLOURS[max(level, 2)], alpha=0.25, lw=0)
            ax.plot(x, p, LINE_STYLES[level], color=LEVEL_EDGE, lw=3.4)  # the line's rim
            ax.plot(
                x,
                p,
                LINE_STYLES[level],
                marker=MARKERS[level],
                ms=5,
                mec=LEVEL_EDGE,
                mew=0.7,
                color=colour,
                lw=2,
                label=level_name,
            )
        if numeric:
            ax.axvline(parameter["baseline"], color=BASELINE_COLOUR, lw=1, ls="-.")
            ax.text(
                parameter["baseline"],
                0.5,
                f"scenario: {parameter['baseline']:g}",
                rotation=90,
                ha="center",
                va="center",
                fontsize=9,
                color=BASELINE_COLOUR,
                bbox={"facecolor": "white", "edgecolor": "none", "pad": 1.5},
            )
        else:
            ticks = [f"{v}\n(scenario)" if v == parameter["baseline"] else v for v in rows[name]]
            ax.set_xticks(x, ticks, rotation=20)
        ax.set_ylim(-0.02, 1.02)
        ax.set_title(output_title(label, names), fontsize=10)
        ax.set_xlabel(names.parameter(name), fontsize=9.5)
        ax.grid(color="#eeeeee")
    axes[0].set_ylabel("P(policy level)")
    handles = {h.get_label(): h for ax in axes for h in ax.get_legend_handles_labels()[0]}
    ordered = [handles[n] for n in LEVEL_NAMES if n in handles]
    figure.legend(
        ordered,
        [h.get_label() for h in ordered],
        loc="outside lower center",
        ncols=len(ordered),
        frameon=False,
        title=f"policy level (band: 95% interval)\n{POLICY_NOTE}",  # one line is too wide
        title_fontsize=9,
    )
    figure.suptitle(title, fontsize=11, fontweight="bold")
    return save_png(figure, path)


def plot_heatmap(
    points: pd.DataFrame,
    outcomes: pd.DataFrame,
    parameters: list[dict[str, Any]],
    path: str | os.PathLike[str],
    title: str,
    names: Names | None = None,
) -> Path | None:
    """P(material aid) of every output over two swept parameters; None when no output says
    anything (see `quiet_outputs`: those are left out).

    On a grid each cell is a point, labelled with its probability, and the cell nearest the
    scenario's own values is outlined; other designs show their points coloured by it, the
    scenario a star. The colour scale ends at the largest value (rounded up to 0.05), so small
    probabilities still show their pattern.
    """
    names = names or Names()
    x_name, y_name = (p["name"] for p in parameters)
    table = outcomes.merge(points[["point", x_name, y_name]], on="point")
    quiet = set(quiet_outputs(outcomes))
    labels = [label for label in dict.fromkeys(outcomes.output) if label not in quiet]
    if not labels:
        return None
    figure, axes = _panels(len(labels), 5.1, 4.6)
    top = min(1.0, max(HEAT_FLOOR, math.ceil(table.p_material.max() / HEAT_FLOOR) * HEAT_FLOOR))
    norm = Normalize(0.0, top)
    (xs, x_at), (ys, y_at) = (_axis(points, p) for p in parameters)
    grid = len(xs) * len(ys) == len(points)
    for ax, label in zip(axes, labels, strict=True):
        rows = table[table.output == label]
        if grid:
            values = rows.pivot(index=y_name, columns=x_name, values="p_material").loc[ys, xs]
            mesh = ax.pcolormesh(
                _edges(x_at), _edges(y_at), values.to_numpy(), cmap=HEAT, norm=norm
            )
            if len(xs) * len(ys) <= ANNOTATED_CELLS:
                _annotate(ax, x_at, y_at, values.to_numpy(), norm)
            _outline_today(ax, (xs, x_at), (ys, y_at), parameters)
            _category_ticks(ax, (xs, x_at), (ys, y_at))
        else:
            mesh = ax.scatter(
                rows[x_name],
                rows[y_name],
                c=rows.p_material,
                cmap=HEAT,
                norm=norm,
                s=18,
                edgecolors="#555555",
                linewidths=0.3,
            )
            bx, by = (p["baseline"] for p in parameters)
            ax.plot(bx, by, "*", ms=10, color=TODAY_COLOUR, mec="white", mew=1.0, label=TODAY)
        ax.set_title(output_title(label, names), fontsize=10)
        ax.set_xlabel(names.parameter(x_name), fontsize=9.5)
        ax.set_ylabel(names.parameter(y_name), fontsize=9.5)
    figure.colorbar(mesh, ax=list(axes), label=STATISTIC_LABELS["p_material"], shrink=0.9)
    bx, by = (p["baseline"] for p in parameters)
    figure.legend(
        *axes[0].get_legend_handles_labels(),
        loc="outside lower center",
        frameon=False,
        title=f"today's scenario: {names.parameter(x_name)} {_value(bx)}, "
        f"{names.parameter(y_name)} {_value(by)}\n{POLICY_NOTE}",
        title_fontsize=9,
    )
    figure.suptitle(title, fontsize=11, fontweight="bold")
    return save_png(figure, path)


def quiet_outputs(outcomes: pd.DataFrame, statistic: str = "p_material") -> list[str]:
    """The outputs whose `statistic` stays below QUIET at every point: a heatmap of them would
    say "<0.01" (or 0) in every cell."""
    top = outcomes.groupby("output", sort=False)[statistic].max()
    return [label for label, value in top.items() if value < QUIET]


def _axis(points: pd.DataFrame, parameter: dict[str, Any]) -> tuple[np.ndarray, np.ndarray]:
    """A grid axis: its values and where their cells are drawn. Numbers sorted, at themselves;
    categories (e.g. treaty types) in the order the sweep lists them, at 0, 1, ..."""
    column = points[parameter["name"]]
    if pd.api.types.is_numeric_dtype(column):
        values = np.sort(column.unique())
        return values, values.astype(float)
    listed = [v for v in parameter.get("values") or [] if v in set(column)]
    values = np.array(list(dict.fromkeys([*listed, *column])), dtype=object)
    return values, np.arange(len(values), dtype=float)


def _today(values: np.ndarray, at: np.ndarray, baseline: Any) -> int | None:
    """The cell of the scenario's own value: the nearest number, or the same category (None
    when the sweep leaves it out)."""
    if values.dtype != object:
        return int(np.abs(at - float(baseline)).argmin())
    found = [i for i, v in enumerate(values) if v == baseline]
    return found[0] if found else None


def _value(value: Any) -> str:
    """A parameter's value in a title: a number by :g, anything else (a category) as it is."""
    numeric = isinstance(value, (int, float, np.number)) and not isinstance(value, bool)
    return f"{value:g}" if numeric else str(value)


def _category_ticks(ax, x_axis, y_axis) -> None:
    """Categorical axes labelled with their values at the cells' centres."""
    for (values, at), set_ticks in ((x_axis, ax.set_xticks), (y_axis, ax.set_yticks)):
        if values.dtype == object:
            set_ticks(at, [str(v) for v in values])


def _outline_today(ax, x_axis, y_axis, parameters: list[dict[str, Any]]) -> None:
    """Outline the grid cell of the scenario's own values (the nearest, for numbers), and say so
    in the legend; none when a category of today's is not swept."""
    bx, by = (p["baseline"] for p in parameters)
    (xs, x_at), (ys, y_at) = x_axis, y_axis
    i, j = _today(ys, y_at, by), _today(xs, x_at, bx)
    if i is None or j is None:
        return
    x_edges, y_edges = _edges(x_at), _edges(y_at)
    ax.add_patch(
        Rectangle(
            (x_edges[j], y_edges[i]),
            x_edges[j + 1] - x_edges[j],
            y_edges[i + 1] - y_edges[i],
            fill=False,
            edgecolor=TODAY_COLOUR,
            linewidth=2.2,
            label="outlined: the cell nearest today's scenario",
        )
    )


def _edges(centres: np.ndarray) -> np.ndarray:
    """Cell edges halfway between grid values (and as far out at the ends)."""
    c = centres.astype(float)
    if len(c) == 1:
        return np.array([c[0] - 0.5, c[0] + 0.5])
    middle = (c[1:] + c[:-1]) / 2
    return np.concatenate([[2 * c[0] - middle[0]], middle, [2 * c[-1] - middle[-1]]])


def _annotate(ax, xs, ys, values, norm) -> None:
    for i, y in enumerate(ys):
        for j, x in enumerate(xs):
            v = values[i, j]
            colour = text_colour_on(to_hex(HEAT(norm(v))))
            ax.text(
                x,
                y,
                probability(v),
                ha="center",
                va="center",
                fontsize=9,
                color=colour,
            )
