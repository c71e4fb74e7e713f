"""Progress and time left (issue 14): every command that can run longer than a few seconds shows
a bar with the time left on a terminal, and nothing when its output is piped."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from conftest import BASELINE, ROOT
from test_sweep_spec import sweep_document, write_sweep

from axissim import bars
from axissim.cli import main
from axissim.scenario import load_scenario
from axissim.studies import backtest as bt

TIME_LEFT = re.compile(r"100%\|.*\| (\d+)/\1 \[\d\d:\d\d<\d\d:\d\d")
"""A finished tqdm bar: 100%, done/total, time spent < time left."""
HISTORY = ROOT / "scenarios" / "history"


def as_terminal(monkeypatch) -> None:
    """Standard error as a terminal, what a user at the keyboard sees (called in the test:
    capsys's stream is in place only while the test runs)."""
    monkeypatch.delenv(bars.FORCE, raising=False)
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)


def two_cases(tmp_path: Path) -> Path:
    folder = tmp_path / "cases"
    folder.mkdir()
    for name in ("chn_prk_1950.yaml", "gbr_bel_1914.yaml"):
        text = (HISTORY / name).read_text().replace("../weights/", f"{ROOT}/scenarios/weights/")
        (folder / name).write_text(text)
    return folder


def sweep_of(tmp_path: Path, design: str) -> Path:
    ranged = [{"path": "weights.aid_cost", "range": [1.0, 5.0]}]
    changes = {"grid": {}, "lhs": {"samples": 6}, "sobol": {"samples": 4}, "morris": {"samples": 3}}
    doc = sweep_document(**({} if design == "grid" else {"design": design, "parameters": ranged}))
    doc.update(changes[design])
    doc["outputs"] = {"decisions": ["RUS:israel_iran"], "statistics": ["p_material"]}  # 1 chart
    return write_sweep(tmp_path / f"{design}.yaml", doc)


COMMANDS = {
    "tipping": lambda tmp: ["tipping", str(BASELINE), "--decision", "RUS:israel_iran",
                            "--replicates", "4", "--out", str(tmp / "tip")],
    "backtest": lambda tmp: ["backtest", str(two_cases(tmp)), "--replicates", "20",
                             "--out", str(tmp / "bt")],
    **{
        f"sweep {design}": (lambda chosen: lambda tmp: [
            "sweep", str(sweep_of(tmp, chosen)), "--executor", "inproc", "--chunk", "10",
            "--out", str(tmp / chosen)])(design)
        for design in ("grid", "lhs", "sobol", "morris")
    },
}  # fmt: skip
BAR = {"tipping": "tipping: ", "backtest": "back-test: "}


SLOW = {"tipping"}  # about 6 s: 87 parameters searched
CASES = [pytest.param(c, marks=pytest.mark.slow) if c in SLOW else c for c in COMMANDS]


@pytest.mark.parametrize("command", CASES)
def test_quiet_when_piped(monkeypatch, capsys, tmp_path, command):
    monkeypatch.delenv(bars.FORCE, raising=False)
    assert not sys.stderr.isatty()  # capsys's stream, as a pipe
    assert main(COMMANDS[command](tmp_path)) == 0
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize("command", CASES)
def test_a_bar_with_the_time_left_on_a_terminal(monkeypatch, capsys, tmp_path, command):
    as_terminal(monkeypatch)
    assert main(COMMANDS[command](tmp_path)) == 0
    err = capsys.readouterr().err
    assert TIME_LEFT.search(err), err
    name = BAR[command] if command in BAR else f"{command.split()[1]}: "  # a sweep: its file
    assert err.lstrip("\r").startswith(name), err


def test_the_override_forces_bars_on_or_off(monkeypatch):
    monkeypatch.setattr(sys.stderr, "isatty", lambda: False, raising=False)
    monkeypatch.setenv(bars.FORCE, "1")
    assert bars.wanted() and bars.terminal() is not bars.quiet
    monkeypatch.setenv(bars.FORCE, "0")
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True, raising=False)
    assert not bars.wanted() and bars.terminal() is bars.quiet
    assert bars.wanted(True) and not bars.wanted(False)  # an explicit choice wins
    assert bars.resolve(False) is bars.quiet and bars.resolve(bars.quiet) is bars.quiet


def test_leave_one_case_out_shows_its_folds(capsys):
    cases = bt.load_cases(sorted(HISTORY.glob("*.yaml"))[:3])
    fitted = SimpleNamespace(weights={"aid_cost": 4.0}, temperature=0.3)
    bt.loco(cases, load_scenario(BASELINE), lambda *a, **k: fitted, 10,
            progress=bars.terminal(True))  # fmt: skip
    err = capsys.readouterr().err
    assert "leave-one-case-out: 100%" in err and TIME_LEFT.search(err)
    bt.loco(cases, load_scenario(BASELINE), lambda *a, **k: fitted, 10)
    assert capsys.readouterr().err == ""  # quiet unless asked


def test_calibration_shows_each_stage(capsys, tmp_path):
    from conftest import tiny_document, write_yaml

    from axissim.studies.calibrate import calibrate

    # the tiny scenario with two calibrated weights: a fit in seconds, not minutes
    doc = tiny_document(choice={"rule": "logit", "temperature": 1.0})
    doc["priors"] = {"treaty": {"lognormal": [1, 1.5]}, "aid_cost": {"lognormal": [1, 1.5]}}
    scenario = load_scenario(write_yaml(tmp_path / "tiny.yaml", doc))
    calibrate([scenario], progress=bars.terminal(True))  # the MAP fit and its ensemble
    err = capsys.readouterr().err
    # the fit may settle before its last round, so its bar need not reach 100%
    for stage in ("fitting: ", "validating posterior draws: 100%"):
        assert stage in err, err
    assert TIME_LEFT.search(err)
    calibrate([scenario], method="abc", samples=200, progress=bars.terminal(True))
    err = capsys.readouterr().err
    for stage in ("screening prior draws: 100%", "validating candidates: 100%"):
        assert stage in err, err
    calibrate([scenario], method="abc", samples=200)
    assert capsys.readouterr().err == ""
