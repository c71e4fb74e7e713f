"""Sweeps over a parameter whose values are categories (e.g. a treaty type): the heatmap and the
response chart draw them at 0..n-1 in the order the sweep lists them, labelled with the values;
the sweep runs end to end; discover refuses them in one line; and a drawing that fails leaves
the previous results folder as it was."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import pandas as pd
import pytest
import yaml
from conftest import BASELINE
from matplotlib.patches import Rectangle
from test_sweep_spec import write_sweep

from axissim.charts import sweep_response
from axissim.charts.sweep_response import plot_heatmap, plot_response
from axissim.cli import main

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
TYPES = ["neutrality", "mutual_defence"]  # listed out of alphabetical order on purpose
TREATY = ["relations.RUS->IRN.treaty", "relations.IRN->RUS.treaty"]
TREATY_TYPE = ["relations.RUS->IRN.treaty_type", "relations.IRN->RUS.treaty_type"]


@pytest.fixture
def figures(monkeypatch) -> list:
    """The figures the sweep charts save, kept to read their axes."""
    kept = []
    save = sweep_response.save_png

    def keep(figure, path):
        kept.append(figure)
        return save(figure, path)

    monkeypatch.setattr(sweep_response, "save_png", keep)
    return kept


def grid_tables(xs: list, ys: list) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A full grid over x and y (x slowest, as a sweep's points are); P(material) is the index
    of y's value, so each row of cells says which category it is."""
    cells = [(x, y) for x in xs for y in ys]
    points = pd.DataFrame(
        [(p, x, y) for p, (x, y) in enumerate(cells)], columns=["point", "x", "y"]
    )
    p_material = [ys.index(y) / 4 + 0.1 for _, y in cells]
    outcomes = pd.DataFrame(
        {"point": points.point, "output": "aid_to:IRN", "p_material": p_material}
    )
    return points, outcomes


def outlines(ax) -> list[tuple[float, float]]:
    """The lower-left corners of the cells outlined as today's."""
    return [p.get_xy() for p in ax.patches if isinstance(p, Rectangle)]


def test_heatmap_of_categories_by_numbers(tmp_path, figures):
    types = ["neutrality", "mutual_defence", "guarantee"]
    points, outcomes = grid_tables([0.0, 0.5, 1.0], types)
    records = [
        {"name": "x", "baseline": 0.3, "values": None},
        {"name": "y", "baseline": "mutual_defence", "values": types},
    ]
    path = plot_heatmap(points, outcomes, records, tmp_path / "h.png", "title")
    assert path.read_bytes()[:8] == PNG_SIGNATURE
    ax = figures[-1].axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == types  # the sweep's order, bottom up
    assert list(ax.get_yticks()) == [0, 1, 2]
    assert outlines(ax) == [(0.25, 0.5)]  # x nearest 0.3 is 0.5 (edges 0.25..0.75); y is row 1
    cells = {(t.get_position(), t.get_text()) for t in ax.texts}
    assert ((0.0, 2), "0.60") in cells  # guarantee, the third listed, in the top row
    legend = figures[-1].legends[0].get_title().get_text()
    assert "x 0.3, weight of y mutual_defence" in legend  # (Names reads x as a weight)


def test_heatmap_of_numbers_by_categories_without_today_among_them(tmp_path, figures):
    points, outcomes = grid_tables([0.0, 1.0], TYPES)
    points = points.rename(columns={"x": "y", "y": "x"})  # the categories across
    records = [
        {"name": "x", "baseline": "consultation", "values": TYPES},
        {"name": "y", "baseline": 1.0, "values": [0.0, 1.0]},
    ]
    plot_heatmap(points, outcomes, records, tmp_path / "h.png", "title")
    ax = figures[-1].axes[0]
    assert [t.get_text() for t in ax.get_xticklabels()] == TYPES
    assert outlines(ax) == []  # today's type is not swept: no cell is today's
    assert "x consultation, weight of y 1" in figures[-1].legends[0].get_title().get_text()


def test_response_to_categories_in_the_listed_order(tmp_path, figures):
    types = ["mutual_defence", "neutrality", "guarantee"]
    points = pd.DataFrame({"point": range(3), "x": types})
    outcomes = pd.DataFrame(
        {"point": range(3), "output": "RUS:israel_iran", "runs": 100, "p_material": 0.1}
        | {f"p_{n}": 0.0 for n in ("none", "arms", "troops")}
        | {"p_rhetorical": [0.9, 0.5, 0.8], "p_economic": [0.1, 0.5, 0.2]}
    )
    record = {"name": "x", "baseline": "neutrality", "values": types}
    plot_response(points, outcomes, record, tmp_path / "r.png", "title")
    ax = figures[-1].axes[0]
    labels = ["mutual_defence", "neutrality\n(scenario)", "guarantee"]
    assert [t.get_text() for t in ax.get_xticklabels()] == labels


@pytest.fixture
def treaty_sweep(tmp_path):
    doc = {
        "scenario": str(BASELINE),
        "design": "grid",
        "parameters": [
            {"name": "treaty", "paths": TREATY, "values": [0.0, 0.5, 1.0]},
            {"name": "treaty type", "paths": TREATY_TYPE, "values": TYPES},
        ],
        "replicates": 40,
        "seed": 2025,
        "outputs": {"decisions": ["RUS:israel_iran"], "beneficiaries": ["IRN"]},
    }
    return write_sweep(tmp_path / "treaty_type.yaml", doc)


def test_a_sweep_of_categories_by_numbers_runs_end_to_end(treaty_sweep, tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["sweep", str(treaty_sweep), "--out", str(out), "--executor", "inproc"]) == 0
    printed = capsys.readouterr().out
    assert "treaty type=mutual_defence" in printed  # where the highest value is
    assert (out / "heatmap.png").read_bytes()[:8] == PNG_SIGNATURE
    assert "heatmap.png" in printed.splitlines()[-1]
    assert main(["plot", str(out)]) == 0
    outcome = ["--outcome", "p_material[aid_to:IRN] > 0.2"]
    assert main(["discover", str(out), *outcome]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert "PRIM needs numeric parameters; treaty type is categorical" in err
    assert not (out / "discover").exists()


def test_a_drawing_that_fails_leaves_the_previous_results(treaty_sweep, tmp_path, monkeypatch):
    out = tmp_path / "out"
    assert main(["sweep", str(treaty_sweep), "--out", str(out), "--executor", "inproc"]) == 0
    before = {f.name: f.read_bytes() for f in out.iterdir() if f.is_file()}
    assert "heatmap.png" in before

    def fails(*args, **kwargs):
        raise ValueError("drawing failed")

    monkeypatch.setattr("axissim.readers.sweep_figures.plot_heatmap", fails)
    changed = write_sweep(
        treaty_sweep, {**yaml.safe_load(treaty_sweep.read_text()), "replicates": 41}
    )
    with pytest.raises(ValueError, match="drawing failed"):
        main(["sweep", str(changed), "--out", str(out), "--executor", "inproc"])
    after = {f.name: f.read_bytes() for f in out.iterdir() if f.is_file()}
    assert after == before  # the tables, the manifest and the chart as they were
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "treaty_type.yaml"]
