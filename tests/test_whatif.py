"""Nothing overwritten by surprise (issue 14): a run with --set has a folder of its own and says
so; variants have names of their own; a partial back-test leaves the full one's results."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import BASELINE, ROOT, VARIANTS

from axissim.cli import main
from axissim.folders import backtest, calibration, run, tipping
from axissim.folders.manifest import whatif_name
from axissim.scenario import load_scenario

TREATY = "relations.RUS->IRN.treaty=1"
FOLDER = "results/iran_2025-whatif-relations.RUS-IRN.treaty-1-9ab601"


@pytest.fixture
def here(tmp_path, monkeypatch) -> Path:
    """A working folder holding the baseline's shipped results, as a newcomer's checkout."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "results").mkdir()
    return tmp_path


def test_a_run_with_set_writes_a_folder_of_its_own_and_says_so(here, capsys):
    baseline = here / "results" / "iran_2025"
    baseline.mkdir()
    (baseline / "summary.csv").write_text("the shipped summary\n")
    assert main(["run", str(BASELINE), "--set", TREATY, "--replicates", "20"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[1] == f"what-if: --set {TREATY}; results in {FOLDER}/, apart from the scenario's own"
    assert out[-1] == f"results written to {FOLDER}/"
    assert (baseline / "summary.csv").read_text() == "the shipped summary\n"
    manifest = json.loads((here / FOLDER / "manifest.json").read_text())
    assert manifest["overrides"] == [TREATY]


def test_the_json_names_the_overrides_and_an_out_is_obeyed(here, capsys):
    argv = ["run", str(BASELINE), "--set", TREATY, "--replicates", "20", "--json"]
    assert main([*argv, "--out", "mine"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["overrides"] == [TREATY] and document["results"] == "mine"
    assert (here / "mine" / "summary.csv").is_file() and not list((here / "results").iterdir())
    assert main(["run", str(BASELINE), "--replicates", "20", "--out", "plain"]) == 0
    assert "what-if" not in capsys.readouterr().out
    assert json.loads((here / "plain" / "manifest.json").read_text())["overrides"] == []


def test_each_set_of_overrides_has_its_own_folder():
    assert whatif_name("iran_2025") == "iran_2025"
    assert whatif_name("iran_2025", [TREATY]) == FOLDER.removeprefix("results/")
    other = whatif_name("iran_2025", ["relations.RUS->IRN.treaty=0.9"])
    both = whatif_name("iran_2025", [TREATY, "weights.aid_cost=2"])
    reversed_ = whatif_name("iran_2025", ["weights.aid_cost=2", TREATY])
    assert len({FOLDER.removeprefix("results/"), other, both, reversed_}) == 4  # order matters
    long = whatif_name("iran_2025", [f"countries.RUS.capability=0.{'1' * 200}"])
    assert len(long) <= 100 and long.startswith("iran_2025-whatif-countries.RUS.capability")
    scenario = load_scenario(BASELINE)
    assert str(run.default(scenario, [TREATY])) == FOLDER
    assert str(tipping.default(scenario, [TREATY])) == f"{FOLDER}/tipping"
    assert str(calibration.default(scenario, [TREATY])).startswith(
        "results/calibration_iran_2025-whatif-relations.RUS-IRN.treaty-1-"
    )
    assert run.default(scenario) == Path("results/iran_2025")


def test_explain_with_set_draws_into_the_what_if_folder(here, capsys):
    argv = ["explain", str(BASELINE), "RUS", "israel_iran", "--set", TREATY]
    assert main(argv) == 0
    assert (here / FOLDER / "explain_RUS_israel_iran.png").is_file()
    assert not (here / "results" / "iran_2025").exists()


def test_every_variant_writes_to_a_folder_of_its_own():
    names = [load_scenario(path).name for path in [BASELINE, *VARIANTS]]
    assert len(set(names)) == len(names), names
    for path, name in zip(VARIANTS, names[1:], strict=True):
        assert name == path.stem, f"{path}: its results go to results/{name}/"


# --- the back-test ---


def test_only_the_full_backtest_writes_results_backtest():
    assert backtest.default() == Path("results/backtest")  # --loco, the shipped cases
    assert backtest.default(loco=False) == Path("results/backtest-fixed")
    assert backtest.default(True, weights="w/mine.yaml") == Path("results/backtest-weights-mine")
    assert backtest.default(False, ensemble="scenarios/weights/baseline_ensemble.parquet") == (
        Path("results/backtest-fixed-ensemble-baseline_ensemble")
    )
    assert backtest.default(False, cases=["my_cases", "x/old.yaml"]) == Path(
        "results/backtest-fixed-cases-my_cases+old"
    )


def test_a_backtest_without_loco_leaves_the_shipped_loco_results(here, capsys):
    shipped = here / "results" / "backtest"
    shutil.copytree(ROOT / "results" / "backtest", shipped)
    before = {p.name: p.read_bytes() for p in shipped.iterdir()}
    cases = here / "scenarios" / "history"
    cases.mkdir(parents=True)
    shutil.copy(ROOT / "scenarios" / "history" / "chn_prk_1950.yaml", cases)
    (here / "scenarios" / "weights").mkdir()
    shutil.copy(ROOT / "scenarios" / "weights" / "baseline.yaml", here / "scenarios" / "weights")
    assert main(["backtest", "--replicates", "20"]) == 0  # the default cases, here
    assert capsys.readouterr().out.splitlines()[-1] == "results written to results/backtest-fixed/"
    assert {p.name: p.read_bytes() for p in shipped.iterdir()} == before
    assert "loco.csv" in before and not (here / "results" / "backtest-fixed" / "loco.csv").exists()
