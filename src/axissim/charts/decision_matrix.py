"""The decision matrix: each decider's most likely aid in each conflict, against the record."""

from __future__ import annotations

import os
from collections.abc import Collection, Mapping
from pathlib import Path
from textwrap import fill

import pandas as pd
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle

from axissim.charts.style import (
    LEVEL_COLOURS,
    MATCH_COLOUR,
    MISMATCH_COLOUR,
    NO_DECISION_COLOUR,
    level_handles,
    new_figure,
    save_png,
    text_colour_on,
)
from axissim.levels import LEVEL_NAMES, N_LEVELS
from axissim.wording import POLICY_NOTE, Names, probability_relation

CELL_WIDTH = 2.9  # inches
CELL_HEIGHT = 1.35
MIN_WIDTH = 8.0  # wide enough for the legend
CENTRED = {"ha": "center", "va": "center"}
NO_DECISION_BOX = {
    "boxstyle": "round,pad=0.3",
    "facecolor": NO_DECISION_COLOUR,
    "edgecolor": "none",
}


def plot_decision_matrix(
    summary: pd.DataFrame,
    path: str | os.PathLike[str],
    title: str,
    *,
    belligerents: Mapping[str, Collection[str]] | None = None,
    names: Names | None = None,
    counterfactual: bool = False,
) -> Path:
    """Save `decision_matrix_figure(...)` as a PNG."""
    figure = decision_matrix_figure(
        summary, title, belligerents=belligerents, names=names, counterfactual=counterfactual
    )
    return save_png(figure, path)


def decision_matrix_figure(
    summary: pd.DataFrame,
    title: str,
    *,
    belligerents: Mapping[str, Collection[str]] | None = None,
    names: Names | None = None,
    counterfactual: bool = False,
    note: str = POLICY_NOTE,
    one_world: bool = False,
) -> Figure:
    """Draw deciders (rows) x conflicts (columns), one cell per decision.

    `summary` is `outcomes.summarise(...)`. A cell's colour is the modal policy level; its
    text names the level, the beneficiary and their probability, and the observed level when
    there is one, with a green (match) or vermillion (mismatch) border. `belligerents` maps a
    conflict to the countries fighting it, so that their empty cells read "fights" rather than
    "no decision". With `one_world` the cells say no P (in one world it is 0 or 1). `names`
    puts country and conflict names in place of ids. A `counterfactual` world (a variant of the
    scenario) shows what was observed in the real one, without a verdict: the record says
    nothing about a world that did not happen. `note` says what P is.
    """
    names = names or Names()
    deciders = list(dict.fromkeys(summary.decider))
    conflicts = list(dict.fromkeys(summary.conflict))
    rows = {(r.decider, r.conflict): r for r in summary.itertuples(index=False)}
    figure = new_figure(
        max(CELL_WIDTH * len(conflicts) + 1.0, MIN_WIDTH), CELL_HEIGHT * len(deciders) + 2.2
    )
    ax = figure.add_subplot()
    for i, decider in enumerate(deciders):
        for j, conflict in enumerate(conflicts):
            row = rows.get((decider, conflict))
            if row is None:
                fights = decider in (belligerents or {}).get(conflict, ())
                _draw_empty(ax, i, j, "fights" if fights else "no decision")
            else:
                _draw_decision(ax, i, j, row._asdict(), names, counterfactual, one_world)
    ax.set_xlim(0, len(conflicts))
    ax.set_ylim(len(deciders), 0)
    ax.set_aspect(CELL_HEIGHT / CELL_WIDTH)  # cells keep their shape when the figure is wider
    headings = [fill(names.conflict(c), 30) for c in conflicts]
    ax.set_xticks([j + 0.5 for j in range(len(conflicts))], headings, fontsize=11)
    ax.set_yticks(
        [i + 0.5 for i in range(len(deciders))], [names.country(d) for d in deciders], fontsize=11
    )
    ax.xaxis.tick_top()
    ax.tick_params(length=0)
    for spine in ax.spines.values():
        spine.set_visible(False)
    figure.suptitle(title, fontsize=13, fontweight="bold")
    figure.legend(
        handles=_legend_handles(counterfactual, one_world),
        loc="outside lower center",
        ncol=N_LEVELS,
        fontsize=9.5,
        title=f"colour: {'the policy' if one_world else 'the most likely policy'}\n{note}"
        + (
            ""
            if one_world or counterfactual
            else "\nP(observed): share of worlds holding the observed level"
        ),
        title_fontsize=9.5,
        frameon=False,
    )
    return figure


def _draw_empty(ax: Axes, i: int, j: int, label: str) -> None:
    """A grey cell for a decider with no decision about the conflict."""
    ax.add_patch(
        Rectangle(
            (j, i), 1, 1, facecolor=NO_DECISION_COLOUR, edgecolor="white", linewidth=2, hatch="//"
        )
    )
    ax.text(j + 0.5, i + 0.5, label, color="#555555", fontsize=10, bbox=NO_DECISION_BOX, **CENTRED)


def _draw_decision(
    ax: Axes, i: int, j: int, row: dict, names: Names, counterfactual: bool, one_world: bool
) -> None:
    """A cell coloured by the modal level, with its text and, if observed, the verdict."""
    observed = _present(row.get("observed"))
    if observed and counterfactual:
        _draw_cell(ax, i, j, row, names, f"real world: {_observed_label(row, names)}", one_world)
        return
    if not observed:
        _draw_cell(ax, i, j, row, names, "not observed", one_world)
        return
    colour = MATCH_COLOUR if row["match"] else MISMATCH_COLOUR
    _draw_cell(ax, i, j, row, names, f"observed: {_observed_label(row, names)}", one_world)
    ax.add_patch(
        Rectangle((j + 0.03, i + 0.04), 0.94, 0.92, fill=False, edgecolor=colour, linewidth=3.5)
    )
    verdict = "✓ matches" if row["match"] else "✗ differs"
    if not one_world:
        verdict += f"  (P(observed) {probability_relation(row['p_observed'])})"
    ax.text(
        j + 0.5,
        i + 0.8,
        verdict,
        fontsize=9.5,
        fontweight="bold",
        color=MATCH_COLOUR if row["match"] else MISMATCH_COLOUR,
        bbox={"boxstyle": "round,pad=0.25", "facecolor": "white", "edgecolor": "none"},
        **CENTRED,
    )


def _draw_cell(
    ax: Axes, i: int, j: int, row: dict, names: Names, below: str, one_world: bool = False
) -> None:
    """The cell's colour, its policy and P, and a line below (the observation)."""
    level = int(row["level"])
    ax.add_patch(
        Rectangle((j, i), 1, 1, facecolor=LEVEL_COLOURS[level], edgecolor="white", linewidth=2)
    )
    text = text_colour_on(LEVEL_COLOURS[level])
    x = j + 0.5
    headline = row["level_name"] + (f" → {names.country(row['beneficiary'])}" if level else "")
    ax.text(x, i + 0.2, headline, color=text, fontsize=11, fontweight="bold", **CENTRED)
    if not one_world:
        p_level = probability_relation(row[f"p_{row['level_name']}"])
        ax.text(x, i + 0.4, f"P {p_level}", color=text, fontsize=10, **CENTRED)
    style = "italic" if below == "not observed" else "normal"
    ax.text(x, i + 0.6, below, color=text, fontsize=9.5, fontstyle=style, **CENTRED)


def _observed_label(row: dict, names: Names) -> str:
    """The observed levels and beneficiary, e.g. "none–rhetorical → Iran" for observed "0-1"."""
    bounds = [int(b) for b in str(row["observed"]).split("-")]
    levels = "–".join(LEVEL_NAMES[b] for b in bounds)
    aided = names.country(row["observed_beneficiary"])
    return levels + (f" → {aided}" if max(bounds) > 0 else "")


def _present(value: object) -> bool:
    """False for None and NaN, which a summary holds where nothing was observed."""
    return value is not None and not pd.isna(value)


def _legend_handles(counterfactual: bool = False, one_world: bool = False) -> list[Artist]:
    """The five levels on the first row, the match markings on the second (none for a
    counterfactual world).

    A legend fills column by column, so each level is followed by its neighbour below.
    """
    if counterfactual:
        return level_handles()
    markings = [
        Line2D(
            [],
            [],
            color=MATCH_COLOUR,
            linewidth=3.5,
            label="✓ matches observed",
        ),
        Line2D([], [], color=MISMATCH_COLOUR, linewidth=3.5, label="✗ differs from observed"),
    ]
    below = markings + [Patch(visible=False, label="")] * (N_LEVELS - len(markings))
    return [handle for pair in zip(level_handles(), below, strict=True) for handle in pair]
