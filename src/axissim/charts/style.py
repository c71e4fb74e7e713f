"""What every chart shares: the level colour scale, figure creation and the atomic save.

Figures are built with the object-oriented API on an Agg canvas, never through pyplot, so no
figure is registered in pyplot's global state: a chart leaves nothing open behind it.
"""

from __future__ import annotations

import os
from pathlib import Path

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import to_rgb
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from axissim.files import write_atomic
from axissim.levels import LEVEL_NAMES

DPI = 150

LEVEL_COLOURS: tuple[str, ...] = ("#f2f0f7", "#cbc9e2", "#9e9ac8", "#756bb1", "#54278f")
"""ColorBrewer Purples, 5 classes: sequential and colour-blind safe; darker = more committed."""

MATCH_COLOUR = "#009E73"  # Okabe-Ito bluish green
MISMATCH_COLOUR = "#D55E00"  # Okabe-Ito vermillion
NO_DECISION_COLOUR = "#e0e0e0"


def text_colour_on(background: str) -> str:
    """Black or white, whichever reads better on the background (by its luminance)."""
    red, green, blue = to_rgb(background)
    return "black" if 0.299 * red + 0.587 * green + 0.114 * blue > 0.5 else "white"


def level_handles() -> list[Patch]:
    """Legend entries for the five levels, none to troops."""
    return [
        Patch(facecolor=colour, edgecolor="#555555", label=name)
        for name, colour in zip(LEVEL_NAMES, LEVEL_COLOURS, strict=True)
    ]


def new_figure(width: float, height: float) -> Figure:
    """A constrained-layout figure (inches) on an Agg canvas, outside pyplot."""
    figure = Figure(figsize=(width, height), dpi=DPI, layout="constrained")
    FigureCanvasAgg(figure)
    return figure


def save_png(figure: Figure, path: str | os.PathLike[str]) -> Path:
    """Write the figure to `path` atomically (see results.write_atomic)."""
    return write_atomic(path, lambda temporary: figure.savefig(temporary, format="png", dpi=DPI))
