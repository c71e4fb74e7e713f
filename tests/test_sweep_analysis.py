"""Sensitivity indices (SALib) from saved sweep tables, and the sweep charts."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.image
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from conftest import BASELINE
from SALib.sample import morris as morris_sample
from SALib.sample import sobol as sobol_sample
from test_sweep_spec import write_sweep

from axissim.charts.sweep_indices import plot_morris, plot_sobol
from axissim.charts.sweep_response import describe, plot_heatmap, plot_response, wilson
from axissim.readers.indices import indices
from axissim.readers.sweep_figures import draw
from axissim.studies.sweep.design import MORRIS_LEVELS
from axissim.studies.sweep.run import run_sweep
from axissim.studies.sweep.spec import read_sweep

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
PARAMETERS = [{"name": "a", "range": [0.0, 1.0]}, {"name": "b", "range": [0.0, 2.0]}]


def synthetic(design: str, y) -> tuple[dict, pd.DataFrame, pd.DataFrame]:
    """Manifest, points and outcomes of a made-up sweep whose outputs are functions of a, b."""
    problem = {"num_vars": 2, "names": ["a", "b"], "bounds": [[0.0, 1.0], [0.0, 2.0]]}
    if design == "sobol":
        x = sobol_sample.sample(problem, 256, calc_second_order=False, seed=1)
    else:
        x = morris_sample.sample(problem, 40, num_levels=MORRIS_LEVELS, seed=1)
    points = pd.DataFrame(x, columns=["a", "b"]).rename_axis("point").reset_index()
    rows = [
        {"point": p, "output": name, "p_material": f(a, b)}
        for p, a, b in points.itertuples(index=False)
        for name, f in y.items()
    ]
    data = {
        "seed": 3,
        "sweep": {
            "design": design,
            "parameters": PARAMETERS,
            "outputs": {"labels": list(y), "statistics": ["p_material"]},
        },
    }
    return data, points, pd.DataFrame(rows)


def test_sobol_indices_of_a_function_of_one_parameter():
    data, points, outcomes = synthetic("sobol", {"x:y": lambda a, b: a**2, "k:y": lambda a, b: 0.5})
    table = indices(data, points, outcomes).set_index(["output", "parameter"])
    assert list(table.columns) == ["statistic", "S1", "S1_conf", "ST", "ST_conf", "constant"]
    a, b = table.loc[("x:y", "a")], table.loc[("x:y", "b")]
    assert abs(a.S1 - 1.0) < 0.05 and abs(a.ST - 1.0) < 0.05
    assert b.S1 == 0.0 and b.ST == 0.0 and b.ST_conf == 0.0  # b changes nothing: exactly 0
    constant = table.loc["k:y"]
    assert constant.constant.all() and constant.S1.isna().all()


def test_morris_screening_separates_an_active_and_an_inert_parameter():
    data, points, outcomes = synthetic("morris", {"x:y": lambda a, b: 3 * a})
    table = indices(data, points, outcomes).set_index("parameter")
    assert table.loc["a"].mu_star == pytest.approx(3.0) and table.loc["a"].sigma < 1e-9
    assert table.loc["b"].mu_star == 0.0 and table.loc["b"].sigma == 0.0


def test_grid_and_lhs_have_no_indices():
    data, points, outcomes = synthetic("sobol", {"x:y": lambda a, b: a})
    data["sweep"]["design"] = "lhs"
    assert indices(data, points, outcomes).empty


def test_an_inert_scenario_fact_gets_exactly_zero_indices(tmp_path):
    """The EU decides nothing, so its war load changes no world: with common random numbers
    its Sobol indices are exactly 0, while the cost of aid drives China's aid to Russia."""
    doc = {
        "scenario": str(BASELINE),
        "design": "sobol",
        "parameters": [
            {"path": "weights.aid_cost", "range": [0.0, 5.0]},
            {"path": "countries.EUU.war_load", "range": [0.0, 1.0]},
        ],
        "samples": 16,
        "replicates": 40,
        "outputs": {"decisions": ["CHN:ukraine"], "statistics": ["mean_level"]},
    }
    path = write_sweep(tmp_path / "inert.yaml", doc)
    run_sweep(read_sweep(path), tmp_path / "out", "inproc", progress=False)
    table = draw(tmp_path / "out")[0].set_index("parameter")
    assert table.loc["countries.EUU.war_load", ["S1", "ST"]].tolist() == [0.0, 0.0]
    assert table.loc["weights.aid_cost"].ST > 0.5
    assert pd.read_csv(tmp_path / "out" / "indices.csv").shape == (2, 8)
    assert (tmp_path / "out" / "indices_CHN_ukraine_mean_level.png").is_file()


def assert_png(folder, path) -> None:
    assert sorted(folder.iterdir()) == [path], "a temporary file was left behind"
    assert path.read_bytes()[:8] == PNG_SIGNATURE
    height, width, _ = matplotlib.image.imread(path).shape
    assert width >= 800 and height >= 400
    assert plt.get_fignums() == [], "a figure was left open"


def test_index_charts(tmp_path):
    data, points, outcomes = synthetic("sobol", {"x:y": lambda a, b: a + 0.1 * b})
    path = plot_sobol(indices(data, points, outcomes), tmp_path / "s.png", "title", "subtitle")
    assert_png(tmp_path, path)
    path.unlink()
    data, points, outcomes = synthetic("morris", {"x:y": lambda a, b: a * b})
    path = plot_morris(indices(data, points, outcomes), tmp_path / "m.png", "title", "subtitle")
    assert_png(tmp_path, path)
    path.unlink()
    data, points, outcomes = synthetic("sobol", {"k:y": lambda a, b: 0.5})  # nothing varies
    path = plot_sobol(indices(data, points, outcomes), tmp_path / "c.png", "title", "no indices")
    assert_png(tmp_path, path)


def response_tables(values: list, numeric: bool = True):
    points = pd.DataFrame({"point": range(len(values)), "x": values, "y": values[::-1]})
    p = np.linspace(0.0, 1.0, len(values))
    outcomes = pd.DataFrame(
        {
            "point": range(len(values)),
            "output": "RUS:israel_iran",
            "p_none": 0.0,
            "p_rhetorical": 1 - p,
            "p_economic": p,
            "p_arms": 0.0,
            "p_troops": 0.0,
            "p_material": p,
            "runs": 100,
        }
    )
    return points, outcomes


@pytest.mark.parametrize("values", [[0.0, 0.5, 1.0], ["none", "mutual_defence", "consultation"]])
def test_response_chart_for_numbers_and_for_labels(tmp_path, values):
    points, outcomes = response_tables(values)
    record = {"name": "x", "baseline": values[0]}
    path = plot_response(points, outcomes, record, tmp_path / "r.png", "title")
    assert_png(tmp_path, path)


def test_heatmap_on_a_grid_and_on_scattered_points(tmp_path):
    cells = [(x, y) for x in (0.0, 0.5, 1.0) for y in (0.0, 1.0)]
    grid = pd.DataFrame([(p, x, y) for p, (x, y) in enumerate(cells)], columns=["point", "x", "y"])
    outcomes = pd.DataFrame({"point": grid.point, "output": "aid_to:IRN", "p_material": grid.x / 4})
    records = [{"name": "x", "baseline": 0.2}, {"name": "y", "baseline": 0.5}]
    path = plot_heatmap(grid, outcomes, records, tmp_path / "h.png", "title")
    assert_png(tmp_path, path)
    path.unlink()
    scattered = grid.assign(y=[0.1, 0.7, 0.3, 0.9, 0.2, 0.4])
    path = plot_heatmap(scattered, outcomes, records, tmp_path / "h.png", "title")
    assert_png(tmp_path, path)
    path.unlink()
    quiet = outcomes.assign(p_material=0.004)  # "<0.01" in every cell: nothing to show
    assert plot_heatmap(grid, quiet, records, tmp_path / "h.png", "title") is None
    assert list(tmp_path.iterdir()) == []


def test_wilson_interval_and_labels():
    low, high = wilson(np.array([0.0, 0.5, 1.0]), 100)
    assert low[0] == 0.0 and high[2] == pytest.approx(1.0)
    assert low[1] == pytest.approx(0.4038, abs=1e-4) and high[1] == pytest.approx(0.5962, abs=1e-4)
    assert describe("aid_to:IRN", "p_material") == "P(anyone gives IRN material aid)"
    assert describe("RUS:israel_iran", "mean_level") == "mean policy level of RUS in israel_iran"
