"""Running sweeps: exact results, identical on every executor and chunking, resumable after a
kill or Ctrl-C, redrawn from saved results."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml
from conftest import BASELINE
from test_sweep_spec import write_sweep

from axissim import load_scenario
from axissim.cli import main
from axissim.engine.batch import simulate
from axissim.engine.world import compile_world
from axissim.levels import N_LEVELS
from axissim.studies.sweep.chunks import output_levels
from axissim.studies.sweep.design import sample
from axissim.studies.sweep.run import run_sweep
from axissim.studies.sweep.spec import read_sweep

TREATY = ["relations.RUS->IRN.treaty", "relations.IRN->RUS.treaty"]
REPLICATES = 150
SEED = 7
CHUNK = 250  # 8 points x 150 replicates = 1,200 runs: five chunks, cutting through points


@pytest.fixture(scope="module")
def sweep_path(tmp_path_factory) -> Path:
    """A scenario fact, a weight and the temperature, two values each: 8 points."""
    doc = {
        "scenario": str(BASELINE),
        "design": "grid",
        "parameters": [
            {"name": "treaty", "paths": TREATY, "values": [0.2, 1.0]},
            {"path": "weights.aid_cost", "values": [1.5, 5.0]},
            {"path": "choice.temperature", "values": [0.3, 1.0]},
        ],
        "replicates": REPLICATES,
        "seed": SEED,
        "outputs": {"beneficiaries": ["IRN"]},
    }
    return write_sweep(tmp_path_factory.mktemp("sweep") / "small.yaml", doc)


@pytest.fixture(scope="module")
def reference(sweep_path, tmp_path_factory) -> Path:
    """The sweep run in this process as a single chunk."""
    folder = tmp_path_factory.mktemp("reference")
    run_sweep(read_sweep(sweep_path), folder, "inproc", chunk=10_000, progress=False)
    return folder


def tables(folder: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    return pd.read_parquet(folder / "points.parquet"), pd.read_parquet(folder / "outcomes.parquet")


def assert_same_results(folder: Path, reference: Path) -> None:
    for got, want in zip(tables(folder), tables(reference), strict=True):
        pd.testing.assert_frame_equal(got, want, check_exact=True)


def test_each_point_is_its_scenario_set_like_set(sweep_path, reference):
    """Every point equals the scenario with its values set by --set, run on the batch engine
    with seeds SEED, SEED + 1, ...: exact counts, whether a value changes a fact, a weight or
    the temperature."""
    sweep = read_sweep(sweep_path)
    points, outcomes = tables(reference)
    assert len(points) == 8 and list(points.columns) == [
        "point",
        "treaty",
        "weights.aid_cost",
        "choice.temperature",
    ]
    labels = list(sweep.outputs.labels)
    assert outcomes.output.tolist() == labels * 8
    for row in points.itertuples(index=False):
        settings = [f"weights.aid_cost={row[2]!r}", f"choice.temperature={row[3]!r}"]
        settings += [f"{path}={row.treaty!r}" for path in TREATY]
        world = compile_world(load_scenario(BASELINE, settings))
        traj = simulate(world, SEED + np.arange(REPLICATES))
        levels = output_levels(world, traj, sweep.outputs.decisions, sweep.outputs.beneficiaries)
        got = outcomes[outcomes.point == row.point].set_index("output").loc[labels]
        for o in range(len(labels)):
            counts = np.bincount(levels[:, o], minlength=N_LEVELS)
            expected = counts / REPLICATES
            assert (
                got.iloc[o][["p_none", "p_rhetorical", "p_economic", "p_arms", "p_troops"]].tolist()
                == expected.tolist()
            )
            assert got.iloc[o].p_material == pytest.approx(expected[2:].sum(), abs=1e-15)
            assert got.iloc[o].mean_peak == pytest.approx(counts @ np.arange(N_LEVELS) / REPLICATES)
    assert set(outcomes.runs) == {REPLICATES}


def test_a_sweep_point_at_the_scenarios_values_is_axissim_run(sweep_path, reference):
    """With the scenario's own values a point reproduces run_scenario's worlds exactly."""
    scenario = load_scenario(BASELINE, ["weights.aid_cost=5.0", "choice.temperature=0.3"])
    world = compile_world(scenario)
    traj = simulate(world, SEED + np.arange(REPLICATES))
    peak = output_levels(world, traj, ("RUS:israel_iran",), ())[:, 0]
    points, outcomes = tables(reference)
    point = points[(points.treaty == 0.2) & (points["weights.aid_cost"] == 5.0)]
    point = point[point["choice.temperature"] == 0.3].point.item()
    row = outcomes[(outcomes.point == point) & (outcomes.output == "RUS:israel_iran")]
    assert row.p_rhetorical.item() == np.mean(peak == 1)


@pytest.mark.parametrize("chunk", [7, 97, 1200])
def test_results_do_not_depend_on_the_chunk_size(sweep_path, reference, tmp_path, chunk):
    run_sweep(read_sweep(sweep_path), tmp_path, "inproc", chunk=chunk, progress=False)
    assert_same_results(tmp_path, reference)


def test_local_processes_give_identical_results(sweep_path, reference, tmp_path):
    run_sweep(read_sweep(sweep_path), tmp_path, "local", workers=2, chunk=CHUNK, progress=False)
    assert_same_results(tmp_path, reference)
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    assert manifest["execution"]["executor"] == "local" and manifest["execution"]["workers"] == 2


@pytest.mark.parametrize("workers", [1, 2])
def test_a_dask_cluster_gives_identical_results(sweep_path, reference, tmp_path, workers):
    from distributed import LocalCluster

    with LocalCluster(
        n_workers=workers, threads_per_worker=1, processes=False, dashboard_address=None
    ) as cluster:
        run_sweep(
            read_sweep(sweep_path),
            tmp_path,
            "dask",
            scheduler=cluster.scheduler_address,
            chunk=CHUNK,
            progress=False,
        )
    assert_same_results(tmp_path, reference)


def test_dask_starts_and_closes_its_own_local_cluster(sweep_path, reference, tmp_path):
    run_sweep(read_sweep(sweep_path), tmp_path, "dask", workers=2, chunk=CHUNK, progress=False)
    assert_same_results(tmp_path, reference)


def slow_sweep(tmp_path: Path) -> Path:
    """Long enough to be interrupted: 40 chunks of 250 runs."""
    doc = {
        "scenario": str(BASELINE),
        "design": "grid",
        "parameters": [{"path": "weights.aid_cost", "values": [1.0, 2.0, 3.0, 4.0, 5.0]}],
        "replicates": 2000,
        "seed": SEED,
    }
    return write_sweep(tmp_path / "slow.yaml", doc)


def start(sweep: Path, out: Path, *extra: str) -> subprocess.Popen:
    command = [sys.executable, "-m", "axissim", "sweep", str(sweep), "--out", str(out)]
    return subprocess.Popen(
        [*command, "--chunk", "250", *extra], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )


def interrupt_after_chunks(process: subprocess.Popen, out: Path, how: int, chunks: int = 3):
    """Send `how` once `chunks` chunk files exist; the process must still be running."""
    deadline = time.monotonic() + 120
    try:
        while len(list((out / "chunks").glob("chunk-*.npy"))) < chunks:
            assert process.poll() is None, "the sweep finished before it could be interrupted"
            assert time.monotonic() < deadline, "no chunks were written"
            time.sleep(0.01)
        process.send_signal(how)
        return process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def resume_and_compare(sweep: Path, out: Path, tmp_path: Path) -> dict:
    done = len(list((out / "chunks").glob("chunk-*.npy")))
    assert 0 < done < 40 and not (out / "outcomes.parquet").exists()
    assert main(["sweep", str(sweep), "--out", str(out), "--executor", "inproc", "--resume"]) == 0
    whole = tmp_path / "whole"
    run_sweep(read_sweep(sweep), whole, "inproc", progress=False)
    assert_same_results(out, whole)
    execution = json.loads((out / "manifest.json").read_text())["execution"]
    assert execution["resumed"] and execution["runs_this_call"] == 10_000 - 250 * done
    return execution


def test_resume_after_kill_9_runs_only_what_is_missing(tmp_path):
    sweep, out = slow_sweep(tmp_path), tmp_path / "killed"
    process = start(sweep, out, "--executor", "inproc")
    interrupt_after_chunks(process, out, signal.SIGKILL)
    assert process.returncode == -signal.SIGKILL
    (out / "chunks" / ".chunk-000999.npy.0badc0de.tmp").write_bytes(b"half a chunk")
    resume_and_compare(sweep, out, tmp_path)
    assert not list((out / "chunks").glob(".*.tmp"))


def test_ctrl_c_stops_local_workers_and_keeps_finished_chunks(tmp_path):
    sweep, out = slow_sweep(tmp_path), tmp_path / "stopped"
    process = start(sweep, out, "--executor", "local", "--workers", "2")
    _, err = interrupt_after_chunks(process, out, signal.SIGINT)
    assert process.returncode == 130
    assert "--resume runs only the rest" in err.decode() and "Traceback" not in err.decode()
    resume_and_compare(sweep, out, tmp_path)


def read_sweep_document(path: Path) -> dict:
    return yaml.safe_load(path.read_text())


def test_resume_refuses_chunks_of_another_sweep(sweep_path, reference, tmp_path, capsys):
    doc = read_sweep_document(sweep_path)
    doc["replicates"] = REPLICATES + 1
    changed = write_sweep(tmp_path / "changed.yaml", doc)
    out = tmp_path / "out"
    run_sweep(read_sweep(sweep_path), out, "inproc", chunk=CHUNK, progress=False)
    assert main(["sweep", str(changed), "--out", str(out), "--resume"]) == 2
    err = capsys.readouterr().err
    assert f"{changed}: {out} holds chunks of another sweep" in err
    assert "run without --resume to start again" in err


def test_plot_redraws_everything_from_saved_results(sweep_path, tmp_path, capsys):
    doc = read_sweep_document(sweep_path)
    doc["parameters"] = doc["parameters"][:2]
    doc["replicates"] = 20
    path = write_sweep(tmp_path / "two.yaml", doc)
    out = tmp_path / "out"
    assert main(["sweep", str(path), "--out", str(out), "--executor", "inproc"]) == 0
    chart = out / "heatmap.png"
    first = chart.read_bytes()
    chart.unlink()
    assert main(["plot", str(out)]) == 0
    assert chart.read_bytes() == first
    assert "heatmap.png" in capsys.readouterr().out
    assert main(["plot", str(tmp_path)]) == 2
    assert "no outcomes.parquet here" in capsys.readouterr().err


def test_points_parquet_is_the_design(sweep_path, reference):
    points, _ = tables(reference)
    expected = sample(read_sweep(sweep_path)).reset_index()
    pd.testing.assert_frame_equal(points, expected)


@pytest.mark.skipif(not hasattr(os, "sched_getaffinity"), reason="Linux only")
def test_default_workers_are_the_usable_cores():
    from axissim.studies.sweep.executors import default_workers

    assert default_workers() == len(os.sched_getaffinity(0))
