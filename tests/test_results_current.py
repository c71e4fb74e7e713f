"""The shipped results are what the commands give today (issue 14): the cheap ones are rerun
with the commands of tools/regenerate_results.py and compared with the files in results/. A
change to the model, a scenario or the weights that moves them fails here until the results
are regenerated (`python tools/regenerate_results.py`)."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from conftest import ROOT

from axissim.cli import main

RESULTS = ROOT / "results"
pytestmark = pytest.mark.skipif(
    not RESULTS.is_dir(), reason="no results/ here (a source tree without the shipped results)"
)
REGENERATE = "regenerate them: python tools/regenerate_results.py"


def regenerate_module():
    spec = importlib.util.spec_from_file_location(
        "regenerate_results", ROOT / "tools" / "regenerate_results.py"
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclass looks itself up there
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def steps() -> dict:
    return {step.name: step for step in regenerate_module().steps()}


def rerun(step, out, monkeypatch, *extra: str) -> None:
    monkeypatch.chdir(ROOT)  # the commands name files from the repository's root
    assert main([*step.argv, "--out", str(out), *extra]) == 0


def test_the_baseline_run_is_current(steps, tmp_path, monkeypatch, capsys):
    shipped = RESULTS / "iran_2025"
    if not (shipped / "summary.csv").is_file():
        pytest.skip(f"{shipped} holds no run")
    rerun(steps["baseline run"], tmp_path / "run", monkeypatch)
    for name in ("summary.csv", "outcomes.csv", "timeline.csv"):
        today = (tmp_path / "run" / name).read_bytes()
        assert today == (shipped / name).read_bytes(), f"{shipped / name} is stale; {REGENERATE}"


def test_a_shipped_sweep_is_current(steps, tmp_path, monkeypatch, capsys):
    shipped = RESULTS / "sweeps" / "russia_iran_treaty"
    if not (shipped / "outcomes.parquet").is_file():
        pytest.skip(f"{shipped} holds no sweep")
    rerun(
        steps["sweep russia_iran_treaty"], tmp_path / "sweep", monkeypatch, "--executor", "inproc"
    )
    for name in ("points.parquet", "outcomes.parquet"):
        today, before = pd.read_parquet(tmp_path / "sweep" / name), pd.read_parquet(shipped / name)
        try:
            pd.testing.assert_frame_equal(today, before)
        except AssertionError as exc:
            raise AssertionError(f"{shipped / name} is stale; {REGENERATE}\n{exc}") from None


def test_the_script_reruns_every_shipped_output_the_readme_shows(steps):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = [" ".join(step.argv) for step in steps.values()]
    written = {step.argv[step.argv.index("--out") + 1] for step in steps.values()
               if "--out" in step.argv}  # fmt: skip
    for image in sorted(set(_images(readme))):
        if not image.startswith("results/"):
            continue
        folder = image.rsplit("/", 1)[0]
        made = any(folder.startswith(w) for w in written) or any(
            _makes(command, folder) for command in commands
        )
        assert made, f"no command of tools/regenerate_results.py makes {image}"
    assert steps["report"].argv[0] == "report" and list(steps)[-1] == "report"
    assert steps["calibration on everything"].slow and not steps["baseline run"].slow


def _images(readme: str) -> list[str]:
    import re

    return re.findall(r"!\[[^\]]*\]\(([^)]+)\)", readme)


def _makes(command: str, folder: str) -> bool:
    """Whether a command's default folder is `folder` (or holds it)."""
    parts = command.split()
    kind, target = parts[0], parts[1] if len(parts) > 1 else ""
    stem = target.rsplit("/", 1)[-1].removesuffix(".yaml")
    ensemble = Path(parts[parts.index("--ensemble") + 1]).stem if "--ensemble" in parts else ""
    defaults = {
        "run": f"results/{stem}" + (f"-ensemble-{ensemble}" if ensemble else ""),
        "explain": f"results/{stem}",
        "tipping": f"results/{stem}/tipping",
        "sweep": f"results/sweeps/{stem}",
        "discover": f"{target}/discover",
        "backtest": "results/corpus" if "--corpus" in parts else "results/backtest",
    }
    return folder == defaults.get(kind) or folder.startswith(defaults.get(kind, "\0") + "/")


def test_the_report_is_not_tracked_and_is_ignored():
    if not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    tracked = subprocess.run(
        ["git", "ls-files", "results/iran_2025/report.html"],
        cwd=ROOT, capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    ignored = subprocess.run(
        ["git", "check-ignore", "-q", "results/iran_2025/report.html"], cwd=ROOT
    ).returncode
    assert tracked == "" and ignored == 0, "report.html changes on every run: keep it out of git"
