"""Charts that would carry no information are left out, and say why."""

from __future__ import annotations

import io

import pandas as pd
from matplotlib.figure import Figure
from PIL import Image

from axissim.charts.discover import peeling_skipped
from axissim.charts.style import compress_png, png_bytes
from axissim.charts.sweep_response import quiet_outputs


def test_a_heatmap_panel_below_a_hundredth_everywhere_is_quiet():
    outcomes = pd.DataFrame(
        {
            "output": ["A", "A", "B", "B", "C", "C"],
            "p_material": [0.0, 0.004, 0.0, 0.005, 0.2, 0.0],
        }
    )
    assert quiet_outputs(outcomes) == ["A"]  # 0.005 shows as 0.01: B says something


def test_a_peeling_chart_whose_coverage_never_moves_is_skipped():
    flat = pd.DataFrame({"coverage": [1.0, 1.0, 1.0], "density": [0.3, 0.6, 1.0]})
    moving = pd.DataFrame({"coverage": [1.0, 0.9, 0.7], "density": [0.3, 0.6, 1.0]})
    assert peeling_skipped(flat).startswith("peeling chart left out: every box")
    assert peeling_skipped(moving) is None


def test_charts_are_palette_pngs_and_a_palette_png_is_kept_as_it_is():
    figure = Figure(figsize=(2, 1))
    figure.add_subplot().plot([0, 1], [0, 1])
    png = png_bytes(figure)
    with Image.open(io.BytesIO(png)) as image:
        assert image.mode == "P" and image.size == (300, 150)
    assert compress_png(png) is png
