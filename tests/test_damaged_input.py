"""Damaged files and impossible places get one line and exit status 2, never a traceback
(issue 15): a results folder's manifest, a sweep's chunk store on --resume, a loop of symbolic
links, an --out under a file."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from conftest import BASELINE
from test_cli_conventions import refused
from test_sweep_spec import sweep_document, write_sweep

from axissim.cli import main


@pytest.fixture(scope="module")
def run_folder(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("run") / "run"
    assert main(["run", str(BASELINE), "--replicates", "5", "--out", str(folder)]) == 0
    return folder


DAMAGE = "damaged, not as axissim writes it"
AGAIN = "run the command that made the folder again"


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b'{"scen', "Unterminated string starting at: line 1 column 2 (char 1)"),
        (b"[1, 2]", "expected a JSON object, got a list"),
        (b"\xff\xfe{}", "'utf-8' codec can't decode byte 0xff in position 0: invalid start byte"),
        (b'{"scenario": 5}', "manifest.scenario: expected str, got int"),
        (b'{"seed": "2025"}', "manifest.seed: expected int or null, got str"),
        (
            b'{"weights": {"aid_cost": "high"}}',
            "manifest.weights.aid_cost: expected int or float, got str",
        ),  # fmt: skip
        (
            b'{"choice": {"temperature": true}}',
            "manifest.choice.temperature: expected int or float, got bool",
        ),  # fmt: skip
    ],
    ids=["cut short", "a list", "not UTF-8", "scenario", "seed", "weights", "temperature"],
)
def test_report_refuses_a_damaged_manifest(capsys, run_folder, tmp_path, content, problem):
    folder = tmp_path / "run"
    folder.mkdir()
    for entry in run_folder.iterdir():
        (folder / entry.name).write_bytes(entry.read_bytes())
    (folder / "manifest.json").write_bytes(content)
    assert refused(capsys, "report", str(folder)) == (
        f"axissim: error: {folder}/manifest.json: {DAMAGE} ({problem}); {AGAIN}"
    )
    assert not (folder / "report.html").exists()


def test_every_shipped_manifest_reads(run_folder):
    from axissim.folders.manifest import read_manifest

    root = Path(__file__).resolve().parent.parent / "results"
    for path in [run_folder / "manifest.json", *sorted(root.rglob("manifest.json"))]:
        assert read_manifest(path.parent), path


# --- a sweep's chunk store on --resume ---


@pytest.fixture
def finished_sweep(tmp_path) -> tuple[Path, Path]:
    """A sweep of 60 runs in three chunks of 25, finished."""
    sweep = write_sweep(tmp_path / "s.yaml", sweep_document())
    out = tmp_path / "out"
    assert (
        main(["sweep", str(sweep), "--out", str(out), "--executor", "inproc", "--chunk", "25"]) == 0
    )
    return sweep, out


def resume(sweep: Path, out: Path) -> list[str]:
    return ["sweep", str(sweep), "--out", str(out), "--executor", "inproc", "--resume"]


@pytest.mark.parametrize(
    "damage",
    [lambda data: data[:100], lambda data: data[:-8], lambda data: b"", lambda data: b"{}"],
    ids=["header cut", "counts cut", "empty", "not NumPy's"],
)
def test_resume_refuses_a_damaged_chunk_and_reruns_it_once_deleted(capsys, finished_sweep, damage):
    sweep, out = finished_sweep
    chunk = out / "chunks" / "chunk-000001.npy"
    before = (out / "outcomes.parquet").read_bytes()
    chunk.write_bytes(damage(chunk.read_bytes()))
    capsys.readouterr()
    assert refused(capsys, *resume(sweep, out)) == (
        f"axissim: error: {chunk}: damaged (not the counts of a chunk: cut short or "
        "overwritten); delete it, and the same command with --resume runs that chunk again"
    )
    chunk.unlink()
    assert main(resume(sweep, out)) == 0
    assert (out / "outcomes.parquet").read_bytes() == before


def test_resume_refuses_a_chunk_of_the_wrong_shape(capsys, finished_sweep):
    sweep, out = finished_sweep
    chunk = out / "chunks" / "chunk-000002.npy"
    np.save(chunk, np.zeros((2, 2, 5), dtype=np.int64))
    capsys.readouterr()
    assert refused(capsys, *resume(sweep, out)) == (
        f"axissim: error: {chunk}: damaged (holds int64 (2, 2, 5), expected int64 (1, 6, 5)); "
        "delete it, and the same command with --resume runs that chunk again"
    )


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("{", "Expecting property name enclosed in double quotes: line 1 column 2 (char 1)"),
        ("[]", "not a JSON object"),
        ('{"chunk": "25"}', "no chunk size"),
    ],
    ids=["cut short", "a list", "no chunk"],
)
def test_resume_refuses_a_damaged_plan(capsys, finished_sweep, content, problem):
    sweep, out = finished_sweep
    plan = out / "chunks" / "plan.json"
    plan.write_text(content)
    capsys.readouterr()
    assert refused(capsys, *resume(sweep, out)) == (
        f"axissim: error: {plan}: damaged ({problem}); run without --resume to start again"
    )
    # without --resume the damaged plan is simply replaced
    assert main(["sweep", str(sweep), "--out", str(out), "--executor", "inproc"]) == 0
    assert json.loads(plan.read_text())["points"] == 6


# --- places ---


def test_an_extends_loop_of_symbolic_links_is_one_line(capsys, tmp_path):
    (tmp_path / "a.yaml").symlink_to("b.yaml")
    (tmp_path / "b.yaml").symlink_to("a.yaml")
    variant = tmp_path / "variant.yaml"
    variant.write_text("extends: a.yaml\nname: variant\n")
    assert refused(capsys, "check", str(variant)) == (
        f"axissim: error: {variant}: extends: file {tmp_path / 'a.yaml'}: a loop of symbolic "
        "links (line 1)"
    )
    assert refused(capsys, "check", str(tmp_path / "a.yaml")) == (
        f"axissim: error: {tmp_path / 'a.yaml'}: cannot read file: Too many levels of symbolic "
        "links"
    )


@pytest.mark.parametrize(
    "command",
    [
        lambda out: ["run", str(BASELINE), "--out", out],
        lambda out: ["tipping", str(BASELINE), "--out", out],
        lambda out: ["backtest", "--out", out],
        lambda out: ["report", str(BASELINE.parent), "--out", out],
    ],
    ids=["run", "tipping", "backtest", "report"],
)
def test_an_out_under_a_file_is_refused_before_any_work(capsys, tmp_path, command):
    file = tmp_path / "notes.txt"
    file.write_text("mine\n")
    out = f"{file}/results"
    assert refused(capsys, *command(out)) == (
        f"axissim: error: {out}: cannot write here: {file} is a file, not a folder"
    )
    assert file.read_text() == "mine\n"


def test_an_out_that_is_a_file_is_refused(capsys, tmp_path):
    file = tmp_path / "notes.txt"
    file.write_text("mine\n")
    assert refused(capsys, "run", str(BASELINE), "--out", str(file)) == (
        f"axissim: error: {file}: expected a results folder, but this is a file"
    )
