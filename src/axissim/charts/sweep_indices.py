"""Sensitivity charts: Sobol indices (S1 and ST) and Morris screening (mu* and sigma)."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pandas as pd

from axissim.charts.style import new_figure, save_png
from axissim.wording import Names

FIRST_COLOUR = "#56B4E9"  # Okabe-Ito sky blue
TOTAL_COLOUR = "#0072B2"  # Okabe-Ito blue
SPREAD_COLOUR = "#E69F00"  # Okabe-Ito orange
BAR = 0.38


def _bars(
    table: pd.DataFrame, path, title: str, subtitle: str, series, xlabel: str, names: Names
) -> Path:
    """Horizontal paired bars per parameter, largest at the top, with confidence whiskers.

    `series` is [(column, conf column or None, colour, label)]; the last one sorts the rows.
    """
    order = table.sort_values(series[-1][0], na_position="first")
    n = len(order)
    figure = new_figure(9.0, 0.42 * n + 2.0)
    ax = figure.add_subplot()
    y = np.arange(n)
    for j, (column, conf, colour, label) in enumerate(series):
        offset = (j - (len(series) - 1) / 2) * BAR
        values = order[column].to_numpy()
        errors = None if conf is None else order[conf].to_numpy()
        ax.barh(
            y - offset,
            values,
            BAR,
            xerr=errors,
            color=colour,
            label=label,
            error_kw={"ecolor": "#333333", "capsize": 2, "lw": 0.8},
        )
    column, conf = series[-1][:2]  # the sorting series, drawn lowest in each pair: label it
    reach = order[column] + (0 if conf is None else order[conf])
    for value, end, at in zip(order[column], reach, y - BAR / 2, strict=True):
        if value >= 0.01:
            ax.annotate(
                f"{value:.2f}",
                (end, at),
                xytext=(4, 0),
                textcoords="offset points",
                va="center",
                fontsize=9,
            )
    ax.set_yticks(y, [names.parameter(p) for p in order.parameter])
    ax.axvline(0, color="#333333", lw=0.8)
    ax.set_xlabel(xlabel)
    ax.grid(axis="x", color="#e5e5e5")
    ax.set_axisbelow(True)
    ax.set_ylim(-0.7, n - 0.3)
    figure.legend(loc="outside lower center", ncols=len(series), frameon=False)
    ax.margins(x=0.06)
    ax.set_title(subtitle, loc="left", fontsize=9, color="#444444")
    figure.suptitle(title, fontsize=11, fontweight="bold")
    return save_png(figure, path)


def plot_sobol(
    table: pd.DataFrame,
    path: str | os.PathLike[str],
    title: str,
    subtitle: str,
    names: Names | None = None,
) -> Path:
    """Sobol indices of one output: S1 (its own effect) and ST (with interactions), 95% CIs.

    `table` is analysis.indices() for one output and statistic.
    """
    series = [
        ("S1", "S1_conf", FIRST_COLOUR, "S1: first order (alone)"),
        ("ST", "ST_conf", TOTAL_COLOUR, "ST: total (with interactions)"),
    ]
    xlabel = "share of the output's variance (whiskers: 95% confidence)"
    return _bars(table, path, title, subtitle, series, xlabel, names or Names())


def plot_morris(
    table: pd.DataFrame,
    path: str | os.PathLike[str],
    title: str,
    subtitle: str,
    names: Names | None = None,
) -> Path:
    """Morris screening of one output: mu* (mean absolute effect, 95% CI) and sigma (spread:
    interactions or non-linearity)."""
    series = [
        ("sigma", None, SPREAD_COLOUR, "sigma: spread of the effects"),
        ("mu_star", "mu_star_conf", TOTAL_COLOUR, "mu*: mean absolute effect"),
    ]
    xlabel = "elementary effect on the output (whiskers: 95% confidence)"
    return _bars(table, path, title, subtitle, series, xlabel, names or Names())
