"""The explorer without a browser: its controls are scenario paths, its model is the model, and
its page, rendered in-process, rebuilds and steps the world and redraws the decision matrix.

tests/test_explore_browser.py drives the same page in a real browser.
"""

from __future__ import annotations

import re
import shlex
import sys

import ipyvuetify as v
import numpy as np
import pytest
import solara
import solara.widgets
from conftest import BASELINE

from axissim import DiplomacyModel, load_scenario
from axissim.abm.app import (
    SCENARIO_ENV,
    ExploredModel,
    Page,
    changes,
    defaults,
    matrix_text,
    model_params,
    override_value,
    rerun_command,
)
from axissim.cli import build_parser, main
from axissim.engine.batch import simulate
from axissim.engine.interests import INTEREST_NAMES
from axissim.engine.world import compile_world

TREATY = "relations.RUS->IRN.treaty"


@pytest.fixture(scope="module")
def baseline_params():
    return model_params(str(BASELINE), ())


def test_every_control_is_a_scenario_path_holding_the_scenario_value(baseline_params):
    start = defaults(baseline_params)
    controls = {k: v for k, v in start.items() if k not in ("scenario_file", "base_overrides")}
    seed = controls.pop("seed")
    overrides = [f"{path}={override_value(value)}" for path, value in controls.items()]
    assert load_scenario(BASELINE, overrides) == load_scenario(BASELINE)
    assert seed == load_scenario(BASELINE).seed
    assert {f"weights.{k}" for k in INTEREST_NAMES} <= controls.keys()
    assert {"choice.temperature", "choice.rule", TREATY, "relations.RUS->IRN.treaty_type"} <= set(
        controls
    )
    oil = {k for k in controls if k.endswith(".oil_imports")}
    assert oil == {
        f"relations.CHN->{x}.oil_imports" for x in ("IRN", "RUS", "SAU", "ARE", "IRQ")
    } | {"relations.PRK->RUS.oil_imports"}


@pytest.mark.parametrize(("value", "text"), [(0.05, "0.05"), (1e-05, "1.0e-05"), (1, "1")])
def test_override_values_read_back_as_numbers(tiny_path, value, text):
    assert override_value(value) == text
    scenario = load_scenario(tiny_path, [f"weights.treaty={override_value(value)}"])
    assert scenario.weights["treaty"] == value


def test_the_explored_world_is_the_model_world_with_the_same_overrides():
    explored = ExploredModel(str(BASELINE), seed=7, **{TREATY: 1.0, "choice.temperature": 0.5})
    plain = DiplomacyModel(
        load_scenario(BASELINE, [f"{TREATY}=1.0", "choice.temperature=0.5"]), seed=7
    )
    for _ in range(14):
        explored.step()
        plain.step()
    assert explored.datacollector.get_model_vars_dataframe().equals(
        plain.datacollector.get_model_vars_dataframe()
    )
    traj = explored.trajectory()
    batch = simulate(explored.world, [7])
    assert np.array_equal(traj.levels[:, :14], batch.levels[:, :14])
    assert np.array_equal(traj.sides[:, :14], batch.sides[:, :14])
    assert (traj.levels[:, 14:] == 0).all() and (traj.sides[:, 14:] == -1).all()


def test_the_matrix_holds_a_conflict_once_it_has_been_fought():
    model = ExploredModel(str(BASELINE))
    assert model.policy_summary().empty
    model.step()
    assert set(model.policy_summary().conflict) == {"ukraine"}
    start = load_scenario(BASELINE).conflicts["israel_iran"].start
    while model.steps <= start:
        model.step()
    assert set(model.policy_summary().conflict) == {"ukraine", "israel_iran"}


def test_the_rerun_command_is_an_axissim_run_with_the_changed_controls(baseline_params):
    start = defaults(baseline_params)
    model = ExploredModel(**{**start, TREATY: 1.0, "seed": start["seed"] + 3})
    assert changes(model, start) == [f"{TREATY}=1.0"]
    words = shlex.split(rerun_command(model, start))
    assert words[:2] == ["axissim", "run"]
    args = build_parser().parse_args(words[1:])
    assert args.set == [f"{TREATY}=1.0"] and args.seed == start["seed"] + 3
    assert changes(ExploredModel(**start), start) == []


def page_html(rc, marker: str) -> list[str]:
    """The HTML of the page's parts that contain `marker`."""
    return [
        w.unsafe_innerHTML
        for w in rc.find(solara.widgets.HTML).widgets
        if marker in (w.unsafe_innerHTML or "")
    ]


def matrix_alt(rc) -> str:
    """The alt text of the decision matrix image, as a screen reader reads it."""
    (html,) = page_html(rc, 'data-chart="decision-matrix"')
    return re.search(r'alt="([^"]*)"', html).group(1)


def click(rc, label: str) -> None:
    rc.find(v.Btn, children=[label]).widget.click()


def test_the_page_rebuilds_the_world_from_a_moved_slider(tiny_path, monkeypatch):
    """Tiny scenario, argmax: with weight 1 on the AAA -> BBB treaty (0.8) AAA gives BBB economic
    aid (U = 0.31 against 0.2375 for words, test_kernel.py); weight 5 adds 4 x 0.8 r / 4 = 0.8 r
    to level r, so troops win (U = -0.5 + 3.2 = 2.7 against -0.1225 + 2.4 = 2.2775), by hand."""
    monkeypatch.setenv(SCENARIO_ENV, str(tiny_path))
    box, rc = solara.render(solara.AppLayout(children=[Page()]), handle_error=False)
    try:
        click(rc, "Step")
        assert matrix_alt(rc) == "Decision matrix, policy so far: AAA in war: economic to BBB"
        assert page_html(rc, "changed-press-reset") == []
        rc.find(v.Slider, label="weight of treaty").widget.v_model = 5.0
        changed = page_html(rc, "changed-press-reset")
        assert changed and "Changed: press Reset" in changed[0] and "weights.treaty" in changed[0]
        click(rc, "Reset")
        assert page_html(rc, "changed-press-reset") == []  # rebuilt with it
        assert page_html(rc, 'data-chart="decision-matrix"') == []  # a new world, not yet run
        assert page_html(rc, "<code>weights.treaty=5.0</code>")  # the what-if is named
        click(rc, "Step")
        assert matrix_alt(rc) == "Decision matrix, policy so far: AAA in war: troops to BBB"
    finally:
        rc.close()


def test_matrix_text_names_each_decision():
    model = ExploredModel(str(BASELINE))
    model.step()
    text = matrix_text(model.policy_summary())
    assert text.startswith("Decision matrix, policy so far: ")
    assert text.count(" in ukraine: ") == 3


def test_command_line_overrides_are_the_explored_scenario(tiny_path):
    start = defaults(model_params(str(tiny_path), ("weights.treaty=5",)))
    assert start["weights.treaty"] == 5.0  # the slider starts there
    model = ExploredModel(**start)
    expected = compile_world(load_scenario(tiny_path, ["weights.treaty=5"]))
    assert np.array_equal(model.world.weights, expected.weights)  # interests not named are 0
    # by hand: the tiny scenario weighs eight interests 1 (conftest.py), treaty now 5
    ones = {"affinity", "religious_suspicion", "stake", "escalation_risk", "aid_cost"}
    ones |= {"third_party_ties", "sanctions_exposure"}
    by_hand = [5.0 if k == "treaty" else 1.0 if k in ones else 0.0 for k in INTEREST_NAMES]
    assert model.world.weights.tolist() == [by_hand]  # one decision: AAA's
    assert changes(model, start) == []
    assert "--set weights.treaty=5" in rerun_command(model, start)


def test_explore_serves_the_checked_scenario(tiny_path, monkeypatch, capsys):
    calls = []
    monkeypatch.setattr("axissim.abm.app.serve", lambda *args: calls.append(args))
    argv = ["explore", str(tiny_path), "--set", "weights.treaty=5", "--port", "8999"]
    assert main([*argv, "--no-browser"]) == 0
    assert "tiny at http://127.0.0.1:8999/" in capsys.readouterr().out
    assert calls == [(str(tiny_path), ["weights.treaty=5"], "127.0.0.1", 8999, False)]


def test_explore_refuses_a_bad_scenario_before_serving(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr("axissim.abm.app.serve", lambda *args: pytest.fail("served a bad scenario"))
    assert main(["explore", str(tmp_path / "missing.yaml")]) == 2
    assert "axissim: error:" in capsys.readouterr().err


def test_explore_without_the_extra_says_how_to_install_it(tiny_path, monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "axissim.abm.app", None)  # as if solara were not installed
    assert main(["explore", str(tiny_path)]) == 2
    assert "pip install 'axissim[explore]'" in capsys.readouterr().err
