"""Compare scenarios run over an ensemble: P(material aid) with its interval across members."""

from __future__ import annotations

from pathlib import Path
from textwrap import fill

import numpy as np
import pandas as pd

from axissim.charts.style import new_figure, save_png
from axissim.wording import Names

SCENARIO_COLOURS = ("#999999", "#0072B2", "#E69F00", "#009E73")
"""Scenarios, not levels: grey for the base, then Okabe-Ito blue, orange, green (the aid
ladder's purples are kept for levels)."""


def plot_material_comparison(
    summaries: dict[str, pd.DataFrame], path: str | Path, title: str, names: Names | None = None
) -> Path:
    """One row per decision; per scenario a dot for P(material aid) and its 5-95% bar.

    Each summary is run.run_scenario(..., members=...).summary (with lo_/hi_material columns).
    """
    keys = []
    for summary in summaries.values():
        for key in zip(summary.decider, summary.conflict, strict=True):
            if key not in keys:
                keys.append(key)
    n, k = len(keys), len(summaries)
    figure = new_figure(9, 0.55 * n * max(k, 2) / 2 + 1.8)
    ax = figure.add_subplot()
    offsets = np.linspace(0.18, -0.18, k) if k > 1 else [0.0]  # the first scenario on top
    for (name, summary), offset, colour in zip(
        summaries.items(), offsets, SCENARIO_COLOURS, strict=False
    ):
        index = {key: i for i, key in enumerate(keys)}
        rows = [index[key] for key in zip(summary.decider, summary.conflict, strict=True)]
        y = n - 1 - np.array(rows) + offset
        p = summary.p_material.to_numpy()
        low, high = summary.lo_material.to_numpy(), summary.hi_material.to_numpy()
        # the pooled probability can fall outside the members' 5-95% range: draw both as they are
        ax.hlines(y, low, high, color=colour, lw=2)
        ax.plot(p, y, "o", color=colour, ms=6, label=name)
    names = names or Names()
    ax.set_yticks(
        np.arange(n)[::-1], [f"{names.country(d)}\n{fill(names.conflict(c), 34)}" for d, c in keys]
    )
    ax.tick_params(axis="y", labelsize=9)
    ax.set_xlim(-0.02, 1.02)
    ax.axvline(0.5, color="#999999", ls="--", lw=1, label="0.5: as likely as not")
    ax.set_xlabel(
        "P(material aid: economic, arms or troops), the share of worlds holding it at the end\n"
        "dot: over all weight sets; bar: 5-95% range across weight sets"
    )
    ax.set_title(title, loc="left", fontsize=10.5, fontweight="bold", wrap=True)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16), ncols=k + 1, frameon=False)
    ax.grid(axis="x", color="#eeeeee")
    return save_png(figure, path)
