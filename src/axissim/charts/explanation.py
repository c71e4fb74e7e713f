"""The explanation chart: each level's utility split into the interests that make it up."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Patch, Rectangle
from matplotlib.text import Text

from axissim.charts.style import new_figure, save_png, text_colour_on
from axissim.engine.interests import INTEREST_NAMES
from axissim.levels import LEVEL_NAMES
from axissim.wording import Names, interest_words, probability_relation

if TYPE_CHECKING:  # drawn here, made by the study above
    from axissim.studies.explain import Explanation

INTEREST_COLOURS: dict[str, str] = dict(
    zip(
        INTEREST_NAMES,
        (
            "#0067A5", "#A1CAF1", "#875692", "#008856", "#C2B280", "#8DB600", "#E68FAC",
            "#BE0032", "#F3C300", "#2B3D26", "#B3446C", "#F38400", "#654522", "#E25822",
            "#F99379", "#604E97", "#DCD300", "#F6A600", "#882D17", "#848482",
        ),
        strict=True,
    )
)  # fmt: skip
"""Kelly's colours of maximum contrast, one fixed colour per interest in every chart."""
LEANING = "private leaning"
LEANING_COLOUR = "#d9d9d9"
LEANING_HATCH = "xxx"
LEANING_EDGE = "#6e6e6e"
"""The world's private leaning: a hatched light grey, unlike every interest (the cost of aid is a
solid mid grey)."""

SEGMENT_WORDS = {
    "aid_cost": "cost of aid",
    "against_aggression": "aggression",
    "escalation_risk": "escalation",
    "nuclear_deterrence": "nuclear",
}
"""Shorter names inside the segments (the legend has them in full)."""
CHOSEN_COLOUR = "#fff1b8"
BAR_OFFSET, BAR_HEIGHT = -0.08, 0.56  # the stacked bar sits high in its row ...
NET_OFFSET = 0.32  # ... and the net-utility line runs below it, clear of the segment names
HEADINGS = ("pulls towards aid", "holds back", "either way")

ACTIONS = {
    "none": "gives {b} no aid",
    "rhetorical": "gives {b} rhetorical support",
    "economic": "gives {b} economic aid",
    "arms": "arms {b}",
    "troops": "sends troops to {b}",
}


def plot_explanation(
    explanation: Explanation, path: str | os.PathLike[str], names: Names | None = None
) -> Path:
    """Save `explanation_figure(...)` as a PNG."""
    return save_png(explanation_figure(explanation, names), path)


def explanation_figure(
    explanation: Explanation, names: Names | None = None, dated: bool = True
) -> Figure:
    """Draw a diverging stacked bar per level of aid to the beneficiary.

    Each interest's contribution is a segment, positive to the right of zero and negative to
    the left, so a bar's reach shows what pulls and what holds back; the line with a diamond
    below it is the net utility. The chosen level is highlighted; if the decider chose to aid
    the other side, the title says so.
    """
    e = explanation
    names = names or Names()
    contributions, pulling, holding = parts(e)
    figure = new_figure(12.5, 6.2)
    ax = figure.add_subplot()
    rows = np.arange(len(LEVEL_NAMES))
    named = _stack(ax, rows, contributions.loc[pulling + holding])
    ax.axvline(0, color="black", linewidth=1)
    reach = contributions.clip(lower=0).sum(axis=0).to_numpy()
    _draw_net_utility(ax, e, reach)
    ax.set_yticks(rows, LEVEL_NAMES, fontsize=11)
    if e.chosen_level >= 0:
        ax.axhspan(e.chosen_level - 0.48, e.chosen_level + 0.48, color=CHOSEN_COLOUR, zorder=0)
        ax.get_yticklabels()[e.chosen_level].set_fontweight("bold")
    ax.set_ylim(len(LEVEL_NAMES) - 0.5, -0.5)
    low = min(contributions.clip(upper=0).sum(axis=0).min(), e.total.min(), 0.0)
    high = max(reach.max(), e.total.max(), 0.0)
    span = (high - low) or 1.0
    ax.set_xlim(low - 0.04 * span, high + 0.3 * span)  # room on the right for U and P
    ax.set_xlabel(
        f"contribution to the total for aiding {names.country(e.beneficiary)}", fontsize=10
    )
    ax.grid(axis="x", color="#e5e5e5")
    ax.set_axisbelow(True)
    figure.suptitle(title(e, names, dated), fontsize=13, fontweight="bold")
    best_level, best_utility = e.other_side_best
    ax.set_title(
        f"Segments: each interest's contribution; hatched grey: world {e.seed}'s private "
        "leaning at this decision.\nLine and ◆: the total; the highest total is chosen. "
        f"Best for the other side, {names.country(e.other_side)}: "
        f"{LEVEL_NAMES[best_level]}, total {best_utility:.2f}.\n"
        f"P: share of {e.worlds:,} simulated worlds holding the level at the end of the conflict "
        "(their policy).",
        fontsize=9.5,
        color="#444444",
    )
    _legend(figure, pulling, holding)
    _fit_labels(figure, named)
    return figure


def parts(e: Explanation) -> tuple[pd.DataFrame, list[str], list[str]]:
    """Every interest's contribution to each level, the world's leaning as one more row, and
    which of them pull towards aid (their sum over the levels > 0) and which hold back (< 0);
    all-zero rows are in neither. Both the PNG and the explorer's SVG stack them in that order."""
    contributions = e.contributions[list(LEVEL_NAMES)].copy()
    contributions.loc[LEANING] = e.leaning[list(LEVEL_NAMES)]
    totals = contributions.sum(axis=1)
    pulling = [k for k in contributions.index if totals[k] > 0]
    holding = [k for k in contributions.index if totals[k] < 0]
    return contributions, pulling, holding


def title(e: Explanation, names: Names, dated: bool = True) -> str:
    when = f" (step {e.step}" + (f", {e.date})" if e.date else ")") if dated else ""
    decider, conflict = names.country(e.decider), names.conflict(e.conflict)
    beneficiary = names.country(e.beneficiary)
    if e.chosen_level < 0:
        other = names.country(e.other_side)
        return f"Why {decider} aids {other}, not {beneficiary}{when}\n{conflict}"
    action = ACTIONS[LEVEL_NAMES[e.chosen_level]].format(b=beneficiary)
    return f"Why {decider} {action}{when}\n{conflict}"


def _stack(ax: Axes, rows: np.ndarray, parts: pd.DataFrame) -> list[tuple[Text, Rectangle]]:
    """Stack contributions outwards from zero, positive ones right, negative ones left, in the
    order given, naming each segment inside it."""
    named = []
    right, left = np.zeros(len(rows)), np.zeros(len(rows))
    for interest, values in parts.iterrows():
        values = values.to_numpy()
        edge = np.where(values >= 0, right, left)
        colour = INTEREST_COLOURS.get(interest, LEANING_COLOUR)
        leaning = interest == LEANING
        bars = ax.barh(
            rows + BAR_OFFSET,
            values,
            left=edge,
            height=BAR_HEIGHT,
            color=colour,
            edgecolor=LEANING_EDGE if leaning else "white",
            hatch=LEANING_HATCH if leaning else None,
            linewidth=0.6,
        )
        text = "leaning" if leaning else SEGMENT_WORDS.get(interest, interest_words(interest))
        for bar in bars:
            if bar.get_width() != 0:
                label = ax.text(
                    bar.get_x() + bar.get_width() / 2,
                    bar.get_y() + bar.get_height() / 2,
                    text,
                    ha="center",
                    va="center",
                    fontsize=9,
                    color=text_colour_on(colour),
                )
                named.append((label, bar))
        right = right + np.clip(values, 0, None)
        left = left + np.clip(values, None, 0)
    return named


def _draw_net_utility(ax: Axes, e: Explanation, reach: np.ndarray) -> None:
    """A line from zero to each level's total, a diamond at its end, the total and P beside."""
    for row, level in enumerate(LEVEL_NAMES):
        utility = e.total[level]
        y = row + NET_OFFSET
        ax.plot([0, utility], [y, y], color="black", linewidth=2, solid_capstyle="butt")
        ax.plot(utility, y, marker="D", markersize=7, color="black", zorder=5)
        leaning = float(e.leaning[level])
        ax.annotate(
            f"{utility:.2f}   P {probability_relation(e.probability[level])}"
            + (f"\n(leaning {leaning:+.2f})" if round(leaning, 2) else ""),
            (max(reach[row], utility), row + BAR_OFFSET),
            xytext=(8, 0),
            textcoords="offset points",
            va="center",
            fontsize=9.5,
            fontweight="bold" if row == e.chosen_level else "normal",
        )


def _legend(figure: Figure, pulling: list[str], holding: list[str]) -> None:
    """One legend, the interests grouped by what they do; all-zero interests are left out."""
    handles, labels = [], []
    for heading, interests in legend_groups(pulling, holding):
        handles += [Patch(visible=False), *map(_handle, interests)]
        labels += [heading, *(legend_label(k) for k in interests)]
    legend = figure.legend(handles, labels, loc="outside right upper", fontsize=9, frameon=False)
    for text in legend.get_texts():
        if text.get_text() in HEADINGS:
            text.set_fontweight("bold")


def legend_groups(pulling: list[str], holding: list[str]) -> list[tuple[str, list[str]]]:
    """(heading, interests) of the legend: what pulls, what holds back, the leaning either way;
    empty groups left out."""
    groups = [[k for k in group if k != LEANING] for group in (pulling, holding)]
    groups.append([LEANING] if LEANING in pulling + holding else [])
    return [(h, g) for h, g in zip(HEADINGS, groups, strict=True) if g]


def _handle(interest: str) -> Patch:
    if interest == LEANING:
        return Patch(facecolor=LEANING_COLOUR, edgecolor=LEANING_EDGE, hatch=LEANING_HATCH)
    return Patch(color=INTEREST_COLOURS[interest])


def legend_label(interest: str) -> str:
    return "this world's private leaning" if interest == LEANING else interest_words(interest)


def _fit_labels(figure: Figure, named: list[tuple[Text, Rectangle]]) -> None:
    """Once the layout is done, keep a segment's name where it fits, on one line or two."""
    figure.draw_without_rendering()
    renderer = figure.canvas.get_renderer()

    def fits(label: Text, bar: Rectangle) -> bool:
        text, box = label.get_window_extent(renderer), bar.get_window_extent(renderer)
        return text.width < box.width - 4 and text.height < box.height - 2

    for label, bar in named:
        if fits(label, bar):
            continue
        words = label.get_text().split(" ")
        if len(words) > 1:
            half = (len(words) + 1) // 2
            label.set_text(" ".join(words[:half]) + "\n" + " ".join(words[half:]))
        if not fits(label, bar):
            label.remove()
