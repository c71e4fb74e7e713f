"""The timeline of one world as inline SVG: drawn natively in the page, in a few milliseconds,
so the explorer can redraw it after every step (matplotlib takes about a second)."""

from __future__ import annotations

import html

import numpy as np

from axissim.charts.timeline import ACTIVE_COLOUR, DECIDER_COLOURS, MARKER_COLOUR
from axissim.engine.world import World
from axissim.levels import LEVEL_NAMES, N_LEVELS
from axissim.wording import Names, step_date

WIDTH, PANEL, LEFT, RIGHT, TOP = 900, 150, 86, 150, 26
"""Pixels: the drawing's width, a panel's plot height, the margins for level names and the
legend, the room above a panel for its title."""
FONT = 'font-family="system-ui, sans-serif" font-size="13"'


def timeline_svg(world: World, levels: np.ndarray, steps_run: int) -> str:
    """Each decider's level at every step run so far (`levels`: steps x decisions), one panel
    per conflict, the steps the conflict is fought shaded, its start, joins and ceasefire
    dashed. Text is 13 px (about 10 pt) at the size it is shown."""
    names = Names.of(world.scenario)
    plot = WIDTH - LEFT - RIGHT
    height = len(world.conflicts) * (PANEL + TOP + 30) + 24
    x = lambda step: LEFT + plot * step / max(world.steps, 1)  # noqa: E731
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
        f'viewBox="0 0 {WIDTH} {height}" role="img" {FONT}>'
    ]
    colours: dict[str, str] = {}
    for ci, conflict_id in enumerate(world.conflicts):
        top = ci * (PANEL + TOP + 30) + TOP
        y = lambda level: top + PANEL - PANEL * int(level) / (N_LEVELS - 1)  # noqa: E731, B023
        title = html.escape(names.conflict(conflict_id))
        parts.append(f'<text x="{LEFT}" y="{top - 8}" font-weight="600">{title}</text>')
        active = world.active[:, ci]
        for step in np.flatnonzero(active):
            parts.append(
                f'<rect x="{x(step):.1f}" y="{top}" width="{x(step + 1) - x(step):.1f}" '
                f'height="{PANEL}" fill="{ACTIVE_COLOUR}"/>'
            )
        for level, name in enumerate(LEVEL_NAMES):
            parts.append(
                f'<line x1="{LEFT}" x2="{LEFT + plot}" y1="{y(level)}" y2="{y(level)}" '
                'stroke="#dddddd"/>'
                f'<text x="{LEFT - 6}" y="{y(level) + 4}" text-anchor="end">{name}</text>'
            )
        conflict = world.scenario.conflicts[conflict_id]
        events = [(conflict.start, "start")]
        events += [(j.step, f"{names.country(j.country)} joins") for j in conflict.joins]
        if conflict.ceasefire is not None:
            events.append((conflict.ceasefire, "ceasefire"))
        for k, (step, label) in enumerate(sorted(events)):
            parts.append(
                f'<line x1="{x(step):.1f}" x2="{x(step):.1f}" y1="{top}" y2="{top + PANEL}" '
                f'stroke="{MARKER_COLOUR}" stroke-dasharray="4 3"/>'
                f'<text x="{x(step) + 3:.1f}" y="{top + 14 + 14 * (k % 2)}" '
                f'fill="{MARKER_COLOUR}">{html.escape(label)}</text>'
            )
        deciders = [d for d in world.decisions if d.conflict == conflict_id]
        for rank, d in enumerate(deciders):
            colour = colours.setdefault(
                d.decider, DECIDER_COLOURS[len(colours) % len(DECIDER_COLOURS)]
            )
            width = 2 + 3 * (len(deciders) - 1 - rank)  # earlier deciders wider: all stay seen
            if steps_run:
                path = [f"M{x(0):.1f},{y(levels[0, d.index]):.1f}"]
                for step in range(steps_run):
                    level = levels[step, d.index]
                    path.append(f"V{y(level):.1f}H{x(step + 1):.1f}")
                parts.append(
                    f'<path d="{"".join(path)}" fill="none" stroke="{colour}" '
                    f'stroke-width="{width}" stroke-linejoin="round"/>'
                )
            legend_y = top + 16 + 20 * rank
            parts.append(
                f'<line x1="{LEFT + plot + 14}" x2="{LEFT + plot + 40}" y1="{legend_y - 4}" '
                f'y2="{legend_y - 4}" stroke="{colour}" stroke-width="{width}"/>'
                f'<text x="{LEFT + plot + 46}" y="{legend_y}">'
                f"{html.escape(names.country(d.decider))}</text>"
            )
        parts.append(
            f'<rect x="{LEFT}" y="{top}" width="{plot}" height="{PANEL}" fill="none" '
            'stroke="#444444"/>'
        )
        for step in range(0, world.steps + 1, max(1, world.steps // 10)):
            date = step_date(world.scenario, step)
            label = date[5:] if date else str(step)
            parts.append(
                f'<text x="{x(step):.1f}" y="{top + PANEL + 16}" text-anchor="middle">'
                f"{label}</text>"
            )
    unit = world.scenario.time_unit
    axis = "date (month-day)" if step_date(world.scenario, 0) else f"step ({unit})"
    parts.append(
        f'<text x="{LEFT + plot / 2}" y="{height - 4}" text-anchor="middle" fill="#444444">'
        f"{axis}; shaded: the conflict is fought; the aid level this world's decider holds</text>"
    )
    parts.append("</svg>")
    return "".join(parts)
