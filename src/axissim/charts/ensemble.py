"""Compare scenarios run over an ensemble: P(material aid) with its interval across members."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from axissim.charts.style import LEVEL_COLOURS, new_figure, save_png

SCENARIO_COLOURS = ("#999999", LEVEL_COLOURS[4], "#E69F00", "#56B4E9")


def plot_material_comparison(
    summaries: dict[str, pd.DataFrame], path: str | Path, title: str
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
    ax.set_yticks(np.arange(n)[::-1], [f"{d} on {c}" for d, c in keys])
    ax.set_xlim(-0.02, 1.02)
    ax.axvline(0.5, color="#cccccc", ls="--", lw=1)
    ax.set_xlabel("P(material aid: economic, arms or troops) — dot: pooled; bar: 5-95% of members")
    ax.set_title(title, loc="left", fontsize=10.5, fontweight="bold", wrap=True)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.14), ncols=k, frameon=False)
    ax.grid(axis="x", color="#eeeeee")
    return save_png(figure, path)
