"""What every chart shares: the aid ladder's one palette, text sizes, figure creation and the save.

Figures are built with the object-oriented API on an Agg canvas, never through pyplot, so no
figure is registered in pyplot's global state: a chart leaves nothing open behind it.
"""

from __future__ import annotations

import io
import os
from pathlib import Path

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import to_rgb
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.patheffects import AbstractPathEffect, withStroke

from axissim.files import write_atomic
from axissim.levels import LEVEL_NAMES

DPI = 150

LEVEL_COLOURS: tuple[str, ...] = ("#f2f0f7", "#cbc9e2", "#9e9ac8", "#756bb1", "#54278f")
"""ColorBrewer Purples, 5 classes: sequential and colour-blind safe; darker = more committed.
The one palette of the aid ladder: every chart colours a level with it (fills, lines, arrows)."""
LEVEL_EDGE = "#444444"
"""The outline of a level's fill or line, so that the pale levels (none, rhetorical) show on
white."""
SIDE_SWITCH_HATCH = "////"
"""A level reached by aiding the other side is hatched, wherever a chart shows a flip."""
MIN_TEXT = 9.0
"""No text smaller than this many points at the size a chart is shown (the report shows charts
at 2/3 of their pixels at 150 dpi, i.e. at 100 px per inch: 9 pt there is 12.5 px)."""

MATCH_COLOUR = "#009E73"  # Okabe-Ito bluish green
MISMATCH_COLOUR = "#D55E00"  # Okabe-Ito vermillion
NO_DECISION_COLOUR = "#e0e0e0"


def text_colour_on(background: str) -> str:
    """Black or white, whichever reads better on the background (by its luminance)."""
    red, green, blue = to_rgb(background)
    return "black" if 0.299 * red + 0.587 * green + 0.114 * blue > 0.5 else "white"


def level_handles(levels: range | list[int] | None = None, prefix: str = "") -> list[Patch]:
    """Legend entries for the levels (all five, none to troops, unless given)."""
    chosen = range(len(LEVEL_NAMES)) if levels is None else levels
    return [
        Patch(facecolor=LEVEL_COLOURS[r], edgecolor=LEVEL_EDGE, label=prefix + LEVEL_NAMES[r])
        for r in chosen
    ]


def outlined(width: float) -> list[AbstractPathEffect]:
    """A dark rim around a line of `width` points in a level's colour."""
    return [withStroke(linewidth=width + 1.6, foreground=LEVEL_EDGE)]


def level_line_handles(levels: list[int], width: float = 2.5) -> list[Line2D]:
    """Legend entries for lines in the levels' colours, outlined as the lines are."""
    return [
        Line2D(
            [],
            [],
            color=LEVEL_COLOURS[r],
            linewidth=width,
            path_effects=outlined(width),
            label=LEVEL_NAMES[r],
        )
        for r in levels
    ]


def side_switch_handle(label: str = "hatched: aids the other side") -> Patch:
    return Patch(facecolor="white", edgecolor=LEVEL_EDGE, hatch=SIDE_SWITCH_HATCH, label=label)


def new_figure(width: float, height: float) -> Figure:
    """A constrained-layout figure (inches) on an Agg canvas, outside pyplot."""
    figure = Figure(figsize=(width, height), dpi=DPI, layout="constrained")
    FigureCanvasAgg(figure)
    return figure


def save_png(figure: Figure, path: str | os.PathLike[str]) -> Path:
    """Write the figure to `path` atomically (see results.write_atomic), as a palette PNG."""
    return write_atomic(path, lambda temporary: Path(temporary).write_bytes(png_bytes(figure)))


def png_bytes(figure: Figure, dpi: float = DPI) -> bytes:
    """The figure as a PNG of at most 256 colours: charts are flat colours and anti-aliased
    text, which a palette keeps sharp at a third of the size of full colour."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi)
    return compress_png(buffer.getvalue())


def compress_png(png: bytes) -> bytes:
    """A PNG re-encoded with a palette of at most 256 colours (unchanged if it has one)."""
    from PIL import Image

    with Image.open(io.BytesIO(png)) as image:
        if image.mode == "P":
            return png
        quantized = image.convert("RGB").quantize(256, method=Image.Quantize.FASTOCTREE, dither=0)
        out = io.BytesIO()
        quantized.save(out, format="PNG")
    return out.getvalue() if out.tell() < len(png) else png
