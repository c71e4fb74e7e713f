"""The charts write readable PNGs atomically and cope with the data's awkward cases."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.image
import matplotlib.pyplot as plt
import numpy as np
import pytest
from conftest import BASELINE

from axissim import load_scenario
from axissim.charts.decision_matrix import plot_decision_matrix
from axissim.charts.explanation import plot_explanation
from axissim.charts.style import new_figure, save_png
from axissim.charts.timeline import plot_timeline
from axissim.engine.batch import simulate
from axissim.engine.outcomes import summarise, timeline, world_outcomes
from axissim.engine.world import compile_world
from axissim.studies.explain import explain

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
WORLDS = 200


@pytest.fixture(scope="module")
def scenario():
    return load_scenario(BASELINE)


@pytest.fixture(scope="module")
def results(scenario):
    """The world, its trajectories' summary and timeline over a few hundred worlds."""
    world = compile_world(scenario)
    seeds = np.arange(WORLDS)
    traj = simulate(world, seeds)
    return world, summarise(world, world_outcomes(world, traj, seeds)), timeline(world, traj)


def assert_only_png(folder: Path, path: Path, min_width: int = 600) -> None:
    """The folder holds just the PNG, which is a real image of a sensible size."""
    assert sorted(folder.iterdir()) == [path], "a temporary file was left behind"
    assert path.read_bytes()[:8] == PNG_SIGNATURE
    height, width, channels = matplotlib.image.imread(path).shape
    assert width >= min_width and height >= 400 and channels in (3, 4)
    assert plt.get_fignums() == [], "a figure was left open"


def test_decision_matrix_writes_a_png(results, tmp_path):
    world, summary, _ = results
    path = tmp_path / "matrix.png"
    belligerents = {"ukraine": {"RUS", "UKR"}, "israel_iran": {"ISR", "IRN", "USA"}}
    out = plot_decision_matrix(summary, path, "baseline", belligerents=belligerents)
    assert out == path
    assert_only_png(tmp_path, path)


def test_decision_matrix_handles_missing_and_failed_observations(results, tmp_path):
    _, summary, _ = results
    summary = summary.astype({"observed": object, "match": object})
    summary.loc[0, ["observed", "observed_beneficiary", "match", "p_observed"]] = None
    summary.loc[1, "match"] = False
    path = plot_decision_matrix(summary, tmp_path / "matrix.png", "one unobserved, one mismatch")
    assert_only_png(tmp_path, path)


def test_decision_matrix_without_any_observation(results, tmp_path):
    _, summary, _ = results
    summary = summary.drop(columns="p_observed").assign(
        observed=None, observed_beneficiary=None, match=None, level=0, level_name="none"
    )
    path = plot_decision_matrix(summary, tmp_path / "matrix.png", "nothing observed")
    assert_only_png(tmp_path, path)


@pytest.mark.parametrize("calendar", [True, False])
def test_timeline_writes_a_png(scenario, results, tmp_path, calendar):
    world, _, frame = results
    if not calendar:
        world = compile_world(scenario.model_copy(update={"start_date": None}))
    path = plot_timeline(world, frame, tmp_path / "timeline.png", "baseline")
    assert_only_png(tmp_path, path)


@pytest.mark.parametrize(
    ("decider", "conflict", "beneficiary"),
    [
        ("RUS", "israel_iran", None),  # rhetorical support for IRN
        ("PRK", "ukraine", None),  # troops for RUS
        ("RUS", "israel_iran", "ISR"),  # the side not chosen: no level is highlighted
    ],
)
def test_explanation_writes_a_png(scenario, tmp_path, decider, conflict, beneficiary):
    explanation = explain(scenario, decider, conflict, beneficiary=beneficiary)
    path = plot_explanation(explanation, tmp_path / "why.png")
    assert_only_png(tmp_path, path)


@pytest.mark.parametrize("decider, conflict", [("RUS", "israel_iran"), ("PRK", "ukraine")])
def test_the_explorers_svg_explanation_draws_every_contribution_to_scale(
    scenario, decider, conflict
):
    import re
    import xml.etree.ElementTree as ET

    from axissim.charts.explanation_svg import explanation_svg
    from axissim.levels import LEVEL_NAMES

    e = explain(scenario, decider, conflict)
    root = ET.fromstring(explanation_svg(e))  # well-formed XML
    ns = "{http://www.w3.org/2000/svg}"
    segments = [r for r in root.iter(f"{ns}rect") if r.find(f"{ns}title") is not None]
    # one segment per non-zero contribution (the leaning included), from the study's numbers
    wanted = [
        (level, v)
        for level in LEVEL_NAMES
        for v in [*e.contributions[level], e.leaning[level]]
        if v != 0
    ]
    assert len(segments) == len(wanted) > 10
    values = [float(re.search(r": ([+-][\d.]+)$", r.find(f"{ns}title").text)[1]) for r in segments]
    np.testing.assert_allclose(sorted(values), sorted(round(v, 2) for _, v in wanted), atol=0.006)
    # every segment is as wide as its value on one scale (to the 0.1 px the SVG is written in)
    widths = np.array([float(r.get("width")) for r in segments])
    scale = widths.sum() / np.abs(values).sum()
    np.testing.assert_allclose(widths, scale * np.abs(values), atol=0.1 + 0.006 * scale)
    text = "".join(root.itertext())
    chosen = LEVEL_NAMES[e.chosen_level]
    assert f"{e.total[chosen]:.2f}" in text and "private leaning" in text


def test_failed_save_keeps_the_old_file_and_leaves_no_temporary(tmp_path, monkeypatch):
    path = tmp_path / "chart.png"
    path.write_bytes(b"old")
    figure = new_figure(2, 2)

    def fail_midway(target, **_):  # the chart is drawn into memory, then written atomically
        if hasattr(target, "write"):
            target.write(b"partial")
        else:
            Path(target).write_bytes(b"partial")
        raise OSError("disk full")

    monkeypatch.setattr(figure, "savefig", fail_midway)
    with pytest.raises(OSError, match="disk full"):
        save_png(figure, path)
    assert sorted(tmp_path.iterdir()) == [path]
    assert path.read_bytes() == b"old"
