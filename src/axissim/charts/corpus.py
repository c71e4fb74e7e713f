"""Charts of the back-test on every war: reliability, scores against the baselines, honour
rates by era. They read the tables of `studies.corpus` (as saved in results/corpus/)."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pandas as pd

from axissim.charts.style import new_figure, save_png

COLOURS = {
    "model": "#D55E00",  # Okabe-Ito vermillion
    "logistic": "#0072B2",  # blue
    "base rate": "#999999",
    "model, refitted out of sample": "#E69F00",  # orange
}
MARKERS = {"model": "o", "logistic": "s", "model, refitted out of sample": "D"}
ERAS = {"before_1945": "before 1945", "after_1945": "1945 on", "all": "all years"}


def _colour(name: str) -> str:
    return COLOURS.get(name, "#444444")


def plot_reliability(table: pd.DataFrame, path: str | os.PathLike[str], title: str) -> Path:
    """Predicted against observed frequency per bin and forecaster, the diagonal, and the
    number of cases in each bin (annotated, and as bars below on a log scale)."""
    figure = new_figure(7.0, 7.4)
    top, bottom = figure.subplots(2, 1, height_ratios=[3, 1.1], sharex=True)
    top.plot([0, 1], [0, 1], color="#777777", linestyle="--", linewidth=1, label="perfect")
    names = list(dict.fromkeys(table.forecaster))
    width = 0.1 / (len(names) + 1)
    for k, (name, rows) in enumerate(table.groupby("forecaster", sort=False)):
        colour = _colour(name)
        top.plot(rows.predicted, rows.observed, marker=MARKERS.get(name, "o"), color=colour,
                 label=name, linewidth=1.4, markersize=6)  # fmt: skip
        for i, r in enumerate(rows.itertuples(index=False)):
            # the first forecaster's counts below its points, the others' above; neighbours
            # alternate in height so that close bins stay legible
            rise = (-14 - 9 * (i % 2)) if k == 0 else (6 + 9 * (i % 2) + 18 * (k - 1))
            top.annotate(f"{r.n:,}", (r.predicted, r.observed), textcoords="offset points",
                         xytext=(0, rise), ha="center", fontsize=7.5, color=colour)  # fmt: skip
        offset = (k - (len(names) - 1) / 2) * width
        bottom.bar(rows.low + 0.05 + offset, rows.n, width=width, color=colour, label=name)
    top.set_xlim(-0.03, 1.0)
    top.set_ylim(-0.1, 1.02)
    top.set_ylabel("observed frequency of joining (labels: cases in the bin)", fontsize=10)
    top.set_title(f"Reliability: {title}", fontsize=11, fontweight="bold")
    top.legend(loc="upper left", fontsize=9, frameon=False)
    top.grid(alpha=0.3)
    bottom.set_yscale("log")
    bottom.set_ylabel("cases in bin", fontsize=9)
    bottom.set_xlabel("predicted probability of joining (bins of 0.1; point: the bin's mean)",
                      fontsize=10)  # fmt: skip
    bottom.set_xticks(np.linspace(0, 1, 11))
    bottom.grid(alpha=0.3, axis="y")
    return save_png(figure, path)


def plot_scores(scores: pd.DataFrame, path: str | os.PathLike[str], title: str) -> Path:
    """AUC (0.5 is chance) and log loss (lower is better) of every forecaster, side by side."""
    figure = new_figure(9.0, 3.8)
    axes = figure.subplots(1, 2)
    names = list(scores.forecaster)
    colours = [_colour(n) for n in names]
    y = np.arange(len(names))
    panels = [
        ("auc", "AUC (higher is better; 0.5 is chance)", 0.5),
        ("log_loss", "log loss (lower is better)", None),
    ]
    for ax, (column, label, chance) in zip(axes, panels, strict=True):
        values = scores[column].to_numpy(float)
        ax.barh(y, values, color=colours)
        for i, v in enumerate(values):
            ax.text(v, i, f" {v:.3f}", va="center", fontsize=9)
        if chance is not None:
            ax.axvline(chance, color="#555555", linestyle="--", linewidth=1)
            ax.set_xlim(0, 1)
        else:
            ax.set_xlim(0, max(values.max() * 1.25, 0.01))
        ax.set_yticks(y, names if column == "auc" else [""] * len(names), fontsize=9)
        ax.invert_yaxis()
        ax.set_xlabel(label, fontsize=9.5)
        ax.grid(alpha=0.3, axis="x")
    figure.suptitle(f"Scores against the baselines: {title}", fontsize=11, fontweight="bold")
    return save_png(figure, path)


HONOUR_BARS = {
    "data": ("data: pledge holders that could join", "#0072B2"),
    "together": ("data, with the original belligerents' pledges", "#56B4E9"),
    "model": ("model: mean P(troops to the partner)", "#D55E00"),
}


def _share_text(value: float) -> str:
    return f"{value:.1%}" if value < 0.095 else f"{value:.0%}"


def _literature_style(source: str) -> tuple[str, str]:
    """A published rate's marker and legend entry, from its source text ("who year: scope")."""
    who = source.split(":")[0]
    if "defence pacts" in source:
        return "s", f"{who}, defence pacts"
    if who.startswith("Leeds"):
        return "v", f"{who} (1816-1944, obligations the treaty specified)"
    return "D", who


def plot_honour(honour: pd.DataFrame, path: str | os.PathLike[str]) -> Path:
    """Honour rate of defence pledges by era: the data's and the model's as bars, the
    literature's as black markers."""
    figure = new_figure(8.0, 5.6)
    ax = figure.subplots()
    x = np.arange(len(ERAS))
    width = 0.7 / len(HONOUR_BARS)
    for k, (kind, (label, colour)) in enumerate(HONOUR_BARS.items()):
        rates = honour[honour.kind == kind].set_index("era").rate.reindex(list(ERAS))
        where = x - 0.1 + (k - (len(HONOUR_BARS) - 1) / 2) * width
        ax.bar(where, rates.to_numpy(float), width=width, color=colour, label=label)
        for xi, v in zip(where, rates, strict=True):
            if np.isfinite(v):
                ax.text(xi, v, _share_text(v), ha="center", va="bottom", fontsize=8)
    shown = set()
    for r in honour[honour.kind == "literature"].itertuples(index=False):
        marker, label = _literature_style(r.source)
        xi = list(ERAS).index(r.era) + 0.36
        ax.scatter([xi], [r.rate], marker=marker, color="black", zorder=3,
                   label=None if label in shown else label)  # fmt: skip
        ax.annotate(f"{r.rate:.1%}", (xi, r.rate), textcoords="offset points", xytext=(6, -3),
                    fontsize=8)  # fmt: skip
        shown.add(label)
    ax.set_xticks(x, list(ERAS.values()))
    ax.set_xlim(-0.6, len(ERAS) - 0.3)
    ax.set_ylim(0, 1)
    ax.set_ylabel("share of pledges honoured", fontsize=10)
    ax.yaxis.set_major_formatter(lambda v, _: f"{v:.0%}")
    ax.grid(alpha=0.3, axis="y")
    figure.legend(loc="outside lower center", ncols=2, fontsize=8, frameon=False)
    ax.set_title("Honour rate of defence pledges by era: data, model, literature",
                 fontsize=11, fontweight="bold")  # fmt: skip
    return save_png(figure, path)
