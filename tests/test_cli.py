"""The `axissim` command end to end: run, check, explain, and bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from conftest import BASELINE, VARIANTS

from axissim import load_scenario
from axissim.cli import main
from axissim.engine.batch import simulate
from axissim.engine.world import compile_world


def run_json(capsys, *args) -> dict:
    assert main(list(args)) == 0
    return json.loads(capsys.readouterr().out)


def test_baseline_reproduces_every_observed_decision(tmp_path, capsys):
    doc = run_json(
        capsys, "run", str(BASELINE), "--replicates", "500", "--out", str(tmp_path), "--json"
    )
    assert doc["scenario"] == "iran_2025" and doc["replicates"] == 500
    assert doc["all_observed_match"] is True
    got = {
        (d["decider"], d["conflict"]): (d["level_name"], d["beneficiary"]) for d in doc["decisions"]
    }
    assert got == {
        ("RUS", "israel_iran"): ("rhetorical", "IRN"),
        ("CHN", "israel_iran"): ("rhetorical", "IRN"),
        ("PRK", "israel_iran"): ("rhetorical", "IRN"),
        ("PRK", "ukraine"): ("troops", "RUS"),
        ("IRN", "ukraine"): ("arms", "RUS"),
        ("CHN", "ukraine"): ("economic", "RUS"),
    }
    # the printed probabilities are the policy levels of outcomes.csv, counted here
    outcomes = pd.read_csv(tmp_path / "outcomes.csv")
    for d in doc["decisions"]:
        held = outcomes[(outcomes.decider == d["decider"]) & (outcomes.conflict == d["conflict"])]
        assert len(held) == 500
        counted = [round(int((held.level == level).sum()) / 500, 6) for level in range(5)]
        assert list(d["probabilities"].values()) == counted
        assert list(d["probabilities"]) == ["none", "rhetorical", "economic", "arms", "troops"]
        assert d["p_observed"] >= 0.8  # the hard requirement; fixed seeds: 500 worlds


def test_run_writes_the_results_folder(tmp_path, capsys):
    assert main(["run", str(BASELINE), "--replicates", "50", "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "all observed decisions match: yes" in out and "PRK" in out
    names = {p.name for p in tmp_path.iterdir()}
    assert names == {
        "outcomes.csv",
        "summary.csv",
        "timeline.csv",
        "manifest.json",
        "decision_matrix.png",
        "timeline.png",
        "network.png",
    }
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    assert manifest["seed"] == 2025 and manifest["replicates"] == 50
    assert len(manifest["scenario_sha256"]) == 64
    assert manifest["weights"] == load_scenario(BASELINE).weights
    assert manifest["command"].startswith("axissim")
    assert len(pd.read_csv(tmp_path / "outcomes.csv")) == 50 * 6
    assert len(pd.read_csv(tmp_path / "timeline.csv")) == 30 * 6


def test_same_seed_same_results(tmp_path, capsys):
    for name in ("a", "b"):
        main(
            [
                "run",
                str(BASELINE),
                "--replicates",
                "40",
                "--seed",
                "9",
                "--set",
                "choice.temperature=0.8",
                "--out",
                str(tmp_path / name),
            ]
        )
    capsys.readouterr()
    for name in ("outcomes.csv", "timeline.csv", "summary.csv"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()


def test_set_override_changes_the_decision(tmp_path, capsys):
    doc = run_json(
        capsys,
        "run",
        str(BASELINE),
        "--replicates",
        "20",
        "--out",
        str(tmp_path),
        "--json",
        "--set",
        "relations.RUS->IRN.payment=1",
        "--set",
        "weights.transactional_gain=30",
    )
    # Iran pays Russia for arms, and payment now outweighs everything: Russia arms Iran
    russia = next(d for d in doc["decisions"] if d["decider"] == "RUS")
    assert russia["level"] >= 3 and doc["all_observed_match"] is False


@pytest.mark.parametrize("path", VARIANTS, ids=lambda p: p.stem)
def test_every_variant_runs(path, tmp_path, capsys):
    doc = run_json(capsys, "run", str(path), "--replicates", "30", "--out", str(tmp_path), "--json")
    assert doc["decisions"] and (tmp_path / "decision_matrix.png").stat().st_size > 0


def test_variants_tell_a_different_story(tmp_path, capsys):
    def decision(path, decider, conflict):
        doc = run_json(
            capsys, "run", str(path), "--replicates", "300", "--out", str(tmp_path), "--json"
        )
        return next(
            d for d in doc["decisions"] if (d["decider"], d["conflict"]) == (decider, conflict)
        )

    base = decision(BASELINE, "RUS", "israel_iran")
    pact = decision(VARIANTS_BY_NAME["russia_iran_defence_pact"], "RUS", "israel_iran")
    # a pact that obliges Russia to defend Iran cannot make its material aid less likely
    material = [
        sum(d["probabilities"][r] for r in ("economic", "arms", "troops")) for d in (base, pact)
    ]
    assert material[0] <= material[1]
    strike = decision(VARIANTS_BY_NAME["us_strikes_north_korea"], "RUS", "us_north_korea")
    assert strike["beneficiary"] == "PRK" and strike["level"] >= 2  # the 2024 treaty binds


VARIANTS_BY_NAME = {p.stem: p for p in VARIANTS}


def test_check_reports_the_scenario(capsys):
    assert main(["check", str(BASELINE)]) == 0
    assert "11 countries" in capsys.readouterr().out


def test_explain_decomposes_russias_words(tmp_path, capsys):
    doc = run_json(
        capsys, "explain", str(BASELINE), "RUS", "israel_iran", "--out", str(tmp_path), "--json"
    )
    assert doc["beneficiary"] == "IRN" and doc["chosen_level"] == 1
    # the policy the run reports was chosen at Russia's last decision in the explained world:
    # a decider decides when the war starts (June 13, step 12), when its facts change (the US
    # joins at step 21; the ceasefire at 23 ends the war) and the step after a decision that
    # feeds it moved: its peers in the war (CHN, PRK), and Iran's aid to Russia (reciprocity)
    world = compile_world(load_scenario(BASELINE))
    traj = simulate(world, [doc["seed"]])
    option = traj.sides[0] * 4 + traj.levels[0]  # (T, D): a change of side or level
    feeds = [world.decision_index(*key) for key in (("CHN", "israel_iran"),
             ("PRK", "israel_iran"), ("IRN", "ukraine"))]  # fmt: skip
    moments = [12, 21] + [
        t for t in range(13, 23) if (option[t - 1, feeds] != option[t - 2, feeds]).any()
    ]
    assert doc["step"] == max(moments)
    assert doc["date"] == f"2025-06-{1 + doc['step']:02d}"
    rus = world.decision_index("RUS", "israel_iran")
    held = traj.levels[0, doc["step"] : 23, rus], traj.sides[0, doc["step"] : 23, rus]
    assert (held[0] == 1).all() and (held[1] == 1).all()  # words to Iran (side 1) from then on
    for level, total in doc["utility"].items():
        parts = sum(doc["contributions"][k][level] for k in doc["contributions"])
        assert parts == pytest.approx(total, abs=1e-5)
        assert doc["total"][level] == pytest.approx(total + doc["leaning"][level], abs=1e-5)
    # by hand from the facts and the baseline's weights: RUS->IRN is a neutrality pledge (0.3),
    # no treaty that binds Russia to Iran and none towards Israel or the US that aid to Iran
    # would break; suspicion 0.6, w * e * r / 4; the cost of aid w * (r / 4)^2; strain
    # w * (r / 4)^2 * 0.05 / (0.05 + 0.055 x (1 - 1)) = w * (r / 4)^2, Russia's war load being
    # the Ukraine war's intensity 1
    w = load_scenario(BASELINE).weights
    levels = ["none", "rhetorical", "economic", "arms", "troops"]
    by_hand = {
        "treaty": [0.0] * 5,
        "neutrality": [0.0] * 5,
        "religious_suspicion": [-w["religious_suspicion"] * 0.6 * r / 4 for r in range(5)],
        "aid_cost": [-w["aid_cost"] * (r / 4) ** 2 for r in range(5)],
        "strain": [-w["strain"] * (r / 4) ** 2 for r in range(5)],
    }
    for interest, values in by_hand.items():
        got = [doc["contributions"][interest][level] for level in levels]
        assert got == pytest.approx(values, abs=1e-6), interest
    assert Path(doc["chart"]).stat().st_size > 0
    assert main(["explain", str(BASELINE), "RUS", "israel_iran", "--out", str(tmp_path)]) == 0
    text = capsys.readouterr().out
    assert "religious_suspicion" in text and "chooses rhetorical" in text


def test_bad_input_exits_2_with_one_line(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: x\nsteps: [\n")
    assert main(["run", str(bad)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"axissim: error: {bad}: line ") and "Traceback" not in err
    assert main(["explain", str(BASELINE), "XXX", "ukraine"]) == 2
    assert "no decision XXX:ukraine" in capsys.readouterr().err


def test_console_script_exit_status(tmp_path):
    missing = tmp_path / "nowhere.yaml"
    proc = subprocess.run(
        [sys.executable, "-m", "axissim", "check", str(missing)], capture_output=True, text=True
    )
    assert proc.returncode == 2
    assert proc.stderr.strip() == f"axissim: error: {missing}: file not found"
    assert "Traceback" not in proc.stderr


def test_explain_refuses_a_step_when_nobody_decides(capsys):
    assert main(["explain", str(BASELINE), "CHN", "israel_iran", "--step", "5"]) == 2
    assert "fought at steps 12-22" in capsys.readouterr().err
