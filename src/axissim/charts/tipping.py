"""Tipping-point charts: a tornado of the nearest flips, and their spread across an ensemble."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from axissim.charts.style import (
    LEVEL_COLOURS,
    LEVEL_EDGE,
    SIDE_SWITCH_HATCH,
    level_handles,
    new_figure,
    save_png,
    side_switch_handle,
)
from axissim.levels import LEVEL_NAMES
from axissim.wording import Names

SHOWN = 15


def plot_tornado(
    table: pd.DataFrame, path: str | Path, title: str, names: Names | None = None
) -> Path:
    """Per parameter that can flip the decision: how far down and up (share of its range).

    Each bar is coloured by the level the decision flips to, hatched when the flip is to aid
    the other side, and labelled with the value that does it; a legend says which is which.
    Parameters that flip nothing within their bounds are counted in the caption.
    """
    names = names or Names()
    flips = table[np.isfinite(table.distance)].head(SHOWN)
    figure = new_figure(10, 0.5 * max(len(flips), 1) + 2.6)
    ax = figure.add_subplot()
    y = np.arange(len(flips))[::-1]
    side = table.beneficiary.iloc[0] if len(table) else ""
    shown: set[int] = set()
    switched = False
    for direction, sign in (("down", -1), ("up", 1)):
        span = flips.high - flips.low
        share = sign * flips[f"{direction}_distance"] / span
        for yi, width, level, to, value in zip(
            y,
            share,
            flips[f"{direction}_level"],
            flips[f"{direction}_beneficiary"],
            flips[f"{direction}_value"],
            strict=True,
        ):
            if not np.isfinite(width):
                continue
            other_side = bool(to) and bool(side) and to != side
            switched |= other_side
            shown.add(int(level))
            ax.barh(
                yi,
                width,
                color=LEVEL_COLOURS[int(level)],
                edgecolor=LEVEL_EDGE,
                hatch=SIDE_SWITCH_HATCH if other_side else None,
                height=0.6,
            )
            outcome = LEVEL_NAMES[int(level)] + (f" → {names.country(to)}" if to else "")
            ax.text(
                width + sign * 0.01,
                yi,
                f"at {value:.3g}: {outcome}",
                va="center",
                ha="left" if sign > 0 else "right",
                fontsize=9,
            )
    ax.axvline(0, color="black", lw=1)
    ax.set_yticks(
        y,
        [
            f"{names.parameter(p)} (now {v:.3g})"
            for p, v in zip(flips.parameter, flips.value, strict=True)
        ],
        fontsize=9.5,
    )
    ax.set_xlim(-2.1, 2.1)  # room for the labels beyond a full-range bar
    ax.set_axisbelow(True)
    ax.set_xticks([-1, -0.5, 0, 0.5, 1], ["-100%", "-50%", "0", "+50%", "+100%"])
    today = (
        LEVEL_NAMES[int(table.level.iloc[0])] + (f" → {names.country(side)}" if side else "")
        if len(table)
        else "?"
    )
    unmoved = int((~np.isfinite(table.distance)).sum())
    ax.set_xlabel(
        f"change needed, as a share of the parameter's range (left: lowered, right: raised)\n"
        f"today's policy: {today}; {unmoved} more parameters flip nothing within their bounds"
    )
    ax.set_title(title, loc="left", fontsize=11, fontweight="bold")
    handles = level_handles(sorted(shown), "flips to ")
    if switched:
        handles.append(side_switch_handle("hatched: to aid the other side"))
    if handles:
        figure.legend(
            handles=handles,
            loc="outside lower center",
            ncols=len(handles),
            frameon=False,
            fontsize=9,
            title="bar colour: the policy the change brings (the most likely level after it)",
            title_fontsize=9,
        )
    if flips.empty:
        ax.text(
            0,
            0,
            "no single parameter flips this decision within its bounds",
            ha="center",
            va="center",
        )
    ax.grid(axis="x", color="#eeeeee")
    return save_png(figure, path)


def plot_ensemble_tipping(
    table: pd.DataFrame, path: str | Path, title: str, names: Names | None = None
) -> Path:
    """Per parameter, the spread across members of the nearest flip (share of the range)."""
    names = names or Names()
    grouped = table.groupby("parameter", sort=False).distance
    share = grouped.apply(lambda d: np.isfinite(d).mean())
    keep = share[share > 0].index
    stats = (
        pd.DataFrame(
            {
                "share": share[keep],
                "q05": grouped.quantile(0.05)[keep],
                "q50": grouped.median()[keep],
                "q95": grouped.quantile(0.95)[keep],
            }
        )
        .sort_values("q50")
        .head(SHOWN)
    )
    figure = new_figure(9, 0.45 * max(len(stats), 1) + 2.0)
    ax = figure.add_subplot()
    y = np.arange(len(stats))[::-1]
    ax.hlines(y, stats.q05, stats.q95, color="#0072B2", lw=4, label="5-95% of members")
    ax.plot(stats.q50, y, "o", color="black", label="median")
    members = table.member.nunique()
    labels = [
        f"{names.parameter(p)} (flips in {s:.0%} of members)"
        for p, s in zip(stats.index, stats.share, strict=True)
    ]
    ax.set_yticks(y, labels)
    ax.set_xlim(0, 1)
    ax.set_axisbelow(True)
    ax.set_xlabel(
        f"nearest flip as a share of the range: median and 5-95% of {members} members "
        "(members where it flips)"
    )
    ax.legend(loc="lower right", fontsize=9)
    ax.set_title(title, loc="left", fontsize=11, fontweight="bold")
    ax.grid(axis="x", color="#eeeeee")
    return save_png(figure, path)
