"""The explanation chart as inline SVG, for the explorer: the same bars as the PNG
(`charts.explanation`: each level's utility split into its interests, the world's leaning
hatched, the total as a line and diamond), drawn natively in the page in milliseconds, so that a
step whose numbers moved does not wait a second for matplotlib."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from axissim.charts.explanation import (
    CHOSEN_COLOUR,
    INTEREST_COLOURS,
    LEANING,
    LEANING_COLOUR,
    LEANING_EDGE,
    SEGMENT_WORDS,
    legend_groups,
    legend_label,
    parts,
    title,
)
from axissim.charts.style import text_colour_on
from axissim.levels import LEVEL_NAMES
from axissim.wording import Names, interest_words, probability_relation

if TYPE_CHECKING:
    from axissim.studies.explain import Explanation

WIDTH, LEFT, LEGEND, TOP, ROW = 1040, 90, 230, 58, 64
"""Pixels: the drawing's width, the margin for level names, the legend's column, the room for
the title, one level's row."""
FONT_PX, CHAR_PX = 13, 7.0
"""Text size, and the width of an average character at it (to judge whether a name fits)."""
FONT = f'font-family="system-ui, sans-serif" font-size="{FONT_PX}"'
HATCH = (
    '<defs><pattern id="leaning" width="6" height="6" patternUnits="userSpaceOnUse">'
    f'<rect width="6" height="6" fill="{LEANING_COLOUR}"/>'
    f'<path d="M0,6 L6,0 M0,0 L6,6" stroke="{LEANING_EDGE}" stroke-width="0.8"/></pattern></defs>'
)


def explanation_svg(explanation: Explanation, names: Names | None = None) -> str:
    """Each level's contributions as a diverging stacked bar (pulls right, holds back left),
    the total and P beside it, the chosen level shaded, a legend of the interests shown."""
    e, names = explanation, names or Names()
    contributions, pulling, holding = parts(e)
    stacked = contributions.loc[pulling + holding]
    reach = contributions.clip(lower=0).sum(axis=0).to_numpy()
    low = min(contributions.clip(upper=0).sum(axis=0).min(), e.total.min(), 0.0)
    high = max(reach.max(), e.total.max(), 0.0)
    span = (high - low) or 1.0
    low, high = low - 0.04 * span, high + 0.3 * span  # room on the right for the total and P
    plot = WIDTH - LEFT - LEGEND
    x = lambda value: LEFT + plot * (value - low) / (high - low)  # noqa: E731
    legend, legend_bottom = _legend(pulling, holding, WIDTH - LEGEND + 12)
    height = max(TOP + ROW * len(LEVEL_NAMES) + 50, legend_bottom)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
        f'viewBox="0 0 {WIDTH} {height}" role="img" {FONT}>{HATCH}'
    ]
    for k, line in enumerate(title(e, names, dated=False).split("\n")):
        weight = ' font-weight="600"' if k == 0 else ""
        out.append(f'<text x="{LEFT}" y="{20 + 18 * k}"{weight}>{html.escape(line)}</text>')
    for row, level in enumerate(LEVEL_NAMES):
        out += _row(e, row, level, stacked, reach[row], x)
    out.append(
        f'<line x1="{x(0):.1f}" x2="{x(0):.1f}" y1="{TOP}" y2="{TOP + ROW * len(LEVEL_NAMES)}" '
        'stroke="black"/>'
    )
    best_level, best_utility = e.other_side_best
    notes = (
        f"contribution to the total for aiding {names.country(e.beneficiary)}; hatched: this "
        "world's private leaning",
        f"best for {names.country(e.other_side)}: {LEVEL_NAMES[best_level]}, total "
        f"{best_utility:.2f}",
    )
    below = TOP + ROW * len(LEVEL_NAMES)
    for k, note in enumerate(notes):
        out.append(
            f'<text x="{LEFT}" y="{below + 20 + 17 * k}" fill="#444444">{html.escape(note)}</text>'
        )
    out += legend
    out.append("</svg>")
    return "".join(out)


def _row(e: Explanation, row: int, level: str, stacked, reach: float, x) -> list[str]:
    """One level: its shading if chosen, its name, its stacked segments, its total line."""
    top = TOP + ROW * row
    chosen = row == e.chosen_level
    out = []
    if chosen:
        out.append(
            f'<rect x="0" y="{top}" width="{WIDTH - LEGEND}" height="{ROW}" '
            f'fill="{CHOSEN_COLOUR}"/>'
        )
    weight = ' font-weight="700"' if chosen else ""
    out.append(
        f'<text x="{LEFT - 8}" y="{top + ROW * 0.42:.1f}" text-anchor="end"{weight}>{level}</text>'
    )
    bar = (top + ROW * 0.12, ROW * 0.56)  # its top and height
    right = left = 0.0
    for interest, value in stacked[level].items():
        if value == 0:
            continue
        start = right if value > 0 else left + value
        right, left = right + max(value, 0.0), left + min(value, 0.0)
        out.append(_segment(interest, float(value), x(start), x(start + abs(value)), *bar))
    utility, leaning = float(e.total[level]), float(e.leaning[level])
    line_y = top + ROW * 0.82
    out.append(
        f'<line x1="{x(0):.1f}" x2="{x(utility):.1f}" y1="{line_y:.1f}" y2="{line_y:.1f}" '
        'stroke="black" stroke-width="2"/>'
        f'<path d="M{x(utility):.1f},{line_y - 5:.1f} l5,5 l-5,5 l-5,-5 z" fill="black"/>'
    )
    label = f"{utility:.2f}\u2003P {probability_relation(e.probability[level])}"
    lines = [label, f"(leaning {leaning:+.2f})"] if round(leaning, 2) else [label]
    out.append(_lines(lines, x(max(reach, utility)) + 8, bar[0] + bar[1] / 2, "start", weight))
    return out


def _segment(interest: str, value: float, x0: float, x1: float, top: float, height: float) -> str:
    """One interest's segment, named inside where the name fits, and on hover."""
    leaning = interest == LEANING
    fill = "url(#leaning)" if leaning else INTEREST_COLOURS[interest]
    edge = LEANING_EDGE if leaning else "white"
    words = "leaning" if leaning else SEGMENT_WORDS.get(interest, interest_words(interest))
    hover = html.escape(f"{legend_label(interest)}: {value:+.2f}")
    out = (
        f'<rect x="{x0:.1f}" y="{top:.1f}" width="{x1 - x0:.1f}" height="{height:.1f}" '
        f'fill="{fill}" stroke="{edge}" stroke-width="0.6"><title>{hover}</title></rect>'
    )
    lines = _fitted(words, x1 - x0 - 4)
    if lines:
        colour = "black" if leaning else text_colour_on(INTEREST_COLOURS[interest])
        attributes = f' fill="{colour}" pointer-events="none"'
        out += _lines(lines, (x0 + x1) / 2, top + height / 2, "middle", attributes)
    return out


def _fitted(words: str, room: float) -> list[str]:
    """A segment's name on one line, or split over two, as fits `room` pixels; else none."""
    if len(words) * CHAR_PX < room:
        return [words]
    tokens = words.split(" ")
    half = (len(tokens) + 1) // 2
    lines = [" ".join(tokens[:half]), " ".join(tokens[half:])]
    return lines if len(tokens) > 1 and max(map(len, lines)) * CHAR_PX < room else []


def _lines(lines: list[str], x: float, middle: float, anchor: str, attributes: str) -> str:
    """Lines of text centred vertically on `middle`, one under another."""
    first = middle + 4 - (len(lines) - 1) * (FONT_PX + 2) / 2
    spans = "".join(
        f'<tspan x="{x:.1f}" y="{first + k * (FONT_PX + 2):.1f}">{html.escape(line)}</tspan>'
        for k, line in enumerate(lines)
    )
    return f'<text text-anchor="{anchor}"{attributes}>{spans}</text>'


def _legend(pulling: list[str], holding: list[str], left: float) -> tuple[list[str], float]:
    """The interests shown, grouped by what they do, as in the PNG's legend; and its bottom."""
    out, y = [], TOP
    for heading, interests in legend_groups(pulling, holding):
        out.append(f'<text x="{left}" y="{y}" font-weight="700">{heading}</text>')
        y += 18
        for interest in interests:
            leaning = interest == LEANING
            fill = "url(#leaning)" if leaning else INTEREST_COLOURS[interest]
            out.append(
                f'<rect x="{left}" y="{y - 11}" width="22" height="12" fill="{fill}"'
                + (f' stroke="{LEANING_EDGE}"' if leaning else "")
                + f'/><text x="{left + 28}" y="{y}">{html.escape(legend_label(interest))}</text>'
            )
            y += 17
        y += 6
    return out, y
