"""The network chart: one node per country, an arrow per decision that gives aid, war shading."""

from __future__ import annotations

from typing import get_args

import matplotlib.image
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from conftest import BASELINE
from matplotlib.colors import to_hex
from matplotlib.patches import FancyArrowPatch

from axissim import load_scenario
from axissim.charts.network import (
    AT_WAR_EDGE,
    NODE_EDGE,
    TREATY_STYLES,
    network_figure,
    plot_network,
)
from axissim.engine.batch import simulate
from axissim.engine.outcomes import summarise, world_outcomes
from axissim.engine.world import compile_world
from axissim.scenario.schema import Relation


@pytest.fixture(scope="module")
def world():
    return compile_world(load_scenario(BASELINE))


def aid(*rows: tuple[str, str, int]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["decider", "beneficiary", "level"])


def node_edges(figure) -> list[str]:
    """Each node's outline colour, in the scenario's country order."""
    (ax,) = figure.axes
    return [to_hex(c.get_edgecolor()[0]) for c in ax.collections]


def test_an_arrow_for_each_decision_that_gives_aid(world):
    figure = network_figure(
        world, aid(("RUS", "IRN", 1), ("PRK", "RUS", 4), ("CHN", "IRN", 0)), "three decisions"
    )
    (ax,) = figure.axes
    arrows = [p for p in ax.patches if isinstance(p, FancyArrowPatch)]
    assert len(arrows) == 2  # no arrow for no aid
    labels = {t.get_text() for t in ax.texts}
    assert {"rhetorical", "troops"} <= labels and "none" not in labels


def test_nodes_are_shaded_by_who_fights_at_the_step(world):
    at = {c: i for i, c in enumerate(world.countries)}
    before, strikes = network_figure(world, aid(), "", step=0), network_figure(world, aid(), "", 21)
    assert node_edges(before)[at["ISR"]] == NODE_EDGE  # Israel's war starts at step 12
    assert node_edges(strikes)[at["ISR"]] == node_edges(strikes)[at["USA"]] == AT_WAR_EDGE
    assert node_edges(before)[at["RUS"]] == AT_WAR_EDGE  # at war in Ukraine from the start
    assert node_edges(network_figure(world, aid(), ""))[at["USA"]] == AT_WAR_EDGE  # ever


def test_a_run_summary_draws_to_a_png(world, tmp_path):
    seeds = np.arange(50)
    summary = summarise(world, world_outcomes(world, simulate(world, seeds), seeds))
    path = plot_network(world, summary, tmp_path / "network.png", "modal peak over 50 worlds")
    assert sorted(tmp_path.iterdir()) == [path]
    height, width, _ = matplotlib.image.imread(path).shape
    assert width >= 800 and height >= 800
    assert plt.get_fignums() == []


def test_every_treaty_type_has_a_line_style():
    assert set(TREATY_STYLES) == set(get_args(Relation.model_fields["treaty_type"].annotation))
