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
from conftest import BASELINE, tiny_document, write_yaml
from test_sweep_spec import write_sweep

from axissim import load_scenario
from axissim.cli import main
from axissim.engine.batch import simulate
from axissim.engine.world import compile_world
from axissim.studies.run import run_scenario
from axissim.studies.sweep.design import sample
from axissim.studies.sweep.plan import Plan, Tasks
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
            {"name": "treaty", "paths": TREATY, "values": [0.3, 1.0]},
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


P_COLUMNS = ["p_none", "p_rhetorical", "p_economic", "p_arms", "p_troops"]


def policies_by_hand(scenario, world, traj, labels) -> np.ndarray:
    """(worlds, outputs) each output's policy level, read straight off the trajectories.

    A decision "D:C" holds at the end the level it has at the last step conflict C is fought;
    "aid_to:X" is the highest of those levels held towards X (the lead of a side, whose index
    in the conflict's sides is what traj.sides holds). Written here, without the library's
    outcome functions, so that it can check them.
    """
    conflicts = list(scenario.conflicts)
    columns = []
    for label in labels:
        if label.startswith("aid_to:"):
            country = label.removeprefix("aid_to:")
            best = np.zeros(len(traj.levels), dtype=int)
            for cid, conflict in scenario.conflicts.items():
                last = np.flatnonzero(world.active[:, conflicts.index(cid)])[-1]
                for s, side in enumerate(conflict.sides.values()):
                    if side.belligerents[0] != country:
                        continue
                    for decider in conflict.deciders:
                        d = world.decision_index(decider, cid)
                        to = traj.sides[:, last, d] == s
                        best = np.maximum(best, np.where(to, traj.levels[:, last, d], 0))
            columns.append(best)
        else:
            decider, cid = label.split(":")
            last = np.flatnonzero(world.active[:, conflicts.index(cid)])[-1]
            d = world.decision_index(decider, cid)
            columns.append(traj.levels[:, last, d].astype(int))
    return np.stack(columns, axis=1)


def assert_point_is(got: pd.DataFrame, policies: np.ndarray, labels) -> None:
    """One point's rows of outcomes.parquet hold the counts of `policies` (worlds, outputs)."""
    got = got.set_index("output").loc[list(labels)]
    worlds = len(policies)
    for o, label in enumerate(labels):
        row = got.loc[label]
        counts = [int(np.sum(policies[:, o] == level)) for level in range(5)]
        assert row[P_COLUMNS].tolist() == [c / worlds for c in counts], label
        assert row.p_material == pytest.approx(sum(counts[2:]) / worlds, abs=1e-15), label
        assert row.mean_level == pytest.approx(policies[:, o].mean()), label
        assert row.runs == worlds


def test_each_point_is_its_scenario_set_like_set(reference):
    """Every point equals the scenario with its values set by --set, run on the batch engine
    with seeds SEED, SEED + 1, ...: exact counts of the policies read off the trajectories,
    whether a value changes a fact, a weight or the temperature."""
    points, outcomes = tables(reference)
    assert len(points) == 8 and list(points.columns) == [
        "point",
        "treaty",
        "weights.aid_cost",
        "choice.temperature",
    ]
    labels = ["RUS:israel_iran", "CHN:israel_iran", "PRK:israel_iran", "PRK:ukraine"]
    labels += ["IRN:ukraine", "CHN:ukraine", "aid_to:IRN"]
    assert outcomes.output.tolist() == labels * 8
    seen = set()
    for row in points.itertuples(index=False):
        settings = [f"weights.aid_cost={row[2]!r}", f"choice.temperature={row[3]!r}"]
        settings += [f"{path}={row.treaty!r}" for path in TREATY]
        scenario = load_scenario(BASELINE, settings)
        world = compile_world(scenario)
        traj = simulate(world, SEED + np.arange(REPLICATES))
        policies = policies_by_hand(scenario, world, traj, labels)
        assert_point_is(outcomes[outcomes.point == row.point], policies, labels)
        seen |= set(policies.ravel().tolist())
    assert {1, 2, 3, 4} <= seen  # every level of aid occurs, troops included


def test_a_sweep_point_is_axissim_run_with_its_values_set(sweep_path, reference):
    """A point reproduces `axissim run --set choice.temperature=0.3 --set weights.aid_cost=5
    --seed SEED` (the point's treaty 0.3 is the scenario's own): same worlds, same policies."""
    scenario = load_scenario(BASELINE, ["choice.temperature=0.3", "weights.aid_cost=5.0"])
    assert scenario.relations["RUS->IRN"].treaty == scenario.relations["IRN->RUS"].treaty == 0.3
    result = run_scenario(scenario, REPLICATES, seed=SEED)
    labels = list(read_sweep(sweep_path).outputs.labels)
    policies = policies_by_hand(scenario, result.world, result.trajectories, labels)
    points, outcomes = tables(reference)
    point = points[(points.treaty == 0.3) & (points["weights.aid_cost"] == 5.0)]
    point = point[point["choice.temperature"] == 0.3].point.item()
    assert_point_is(outcomes[outcomes.point == point], policies, labels)


def small_world_sweep(tmp_path: Path) -> Path:
    """Deciders AAA and DDD, war between BBB (side x) and CCC (side y), argmax, three steps.

    Interests: treaty (weight 2, linear r/4), affinity (weight 2, linear r/4) and the cost of
    aid (weight c, (r/4)^2, its exposure a flat 1). AAA has a defence pact t with BBB (binding:
    CCC's side started the war) and affinity 0.5 with CCC; DDD has an offensive alliance 0.3
    with CCC (binding whoever started). With a = 2 * exposure the utility of level r is
    a q - c q^2 (q = r/4), so level r beats r + 1 exactly when a / c <= (2r + 1) / 4: r = 0 up
    to 0.25, 1 up to 0.75, 2 up to 1.25, 3 up to 1.75, then 4. The sweep sets t (a fact) and c
    (a weight).
    """
    doc = tiny_document(weights={"treaty": 2.0, "affinity": 2.0, "aid_cost": 1.0})
    doc["countries"]["DDD"] = {"name": "D", "capability": 0.1, "source": "test"}
    doc["relations"] = {
        "AAA->BBB": {"treaty": 0.8, "treaty_type": "mutual_defence", "source": "test"},
        "AAA->CCC": {"affinity": 0.5, "source": "test"},
        "DDD->CCC": {"treaty": 0.3, "treaty_type": "offence", "source": "test"},
    }
    doc["conflicts"]["war"]["deciders"] = ["AAA", "DDD"]
    scenario = write_yaml(tmp_path / "small.yaml", doc)
    sweep = {
        "scenario": str(scenario),
        "design": "grid",
        "parameters": [
            {"name": "t", "path": "relations.AAA->BBB.treaty", "values": [0.0, 0.3, 0.7, 1.0]},
            {"name": "c", "path": "weights.aid_cost", "values": [1.0, 2.0]},
        ],
        "replicates": 3,
        "seed": 5,
        "outputs": {
            "decisions": ["AAA:war", "DDD:war"],
            "beneficiaries": ["BBB", "CCC"],
            "statistics": ["p_material"],
        },
    }
    return write_sweep(tmp_path / "small_sweep.yaml", sweep)


# (t, c): the level AAA gives BBB or CCC, DDD's level (always to CCC), worked out by hand
# from the thresholds above. AAA's best for CCC: a = 1, so economic (U = 0.5 - 0.25 = 0.25)
# at c = 1, rhetorical (U = 0.25 - 0.125 = 0.125) at c = 2; for BBB a = 2t:
#   c = 1: t = 0.3 rhetorical (0.15 - 0.0625 = 0.0875 < 0.25, CCC wins); t = 0.7 arms
#          (1.05 - 0.5625 = 0.4875); t = 1 troops (2 - 1 = 1 against arms 1.5 - 0.5625).
#   c = 2: t = 0.3 rhetorical (0.15 - 0.125 = 0.025 < 0.125); t = 0.7 rhetorical
#          (0.35 - 0.125 = 0.225 > 0.125, BBB wins); t = 1 economic (1 - 0.5 = 0.5).
# DDD: a = 0.6, so rhetorical at c = 1 (a / c = 0.6) and at c = 2 (0.3).
SMALL_WORLD = {
    (0.0, 1.0): (("CCC", 2), 1),
    (0.3, 1.0): (("CCC", 2), 1),
    (0.7, 1.0): (("BBB", 3), 1),
    (1.0, 1.0): (("BBB", 4), 1),
    (0.0, 2.0): (("CCC", 1), 1),
    (0.3, 2.0): (("CCC", 1), 1),
    (0.7, 2.0): (("BBB", 1), 1),
    (1.0, 2.0): (("BBB", 2), 1),
}


def test_a_small_sweep_counts_what_was_worked_out_by_hand(tmp_path):
    """Every world of a point is the same under argmax, so each output's probability is 1 at
    the level worked out by hand and 0 elsewhere; aid_to:X is the most anyone gives X."""
    folder = tmp_path / "out"
    run_sweep(read_sweep(small_world_sweep(tmp_path)), folder, "inproc", chunk=5, progress=False)
    points, outcomes = tables(folder)
    assert len(points) == 8 and set(outcomes.runs) == {3}
    for row in points.itertuples(index=False):
        (aaa_to, aaa), ddd = SMALL_WORLD[(row.t, row.c)]
        expected = {
            "AAA:war": aaa,
            "DDD:war": ddd,
            "aid_to:BBB": aaa if aaa_to == "BBB" else 0,
            "aid_to:CCC": max(aaa if aaa_to == "CCC" else 0, ddd),
        }
        got = outcomes[outcomes.point == row.point].set_index("output")
        assert list(got.index) == list(expected)
        for output, level in expected.items():
            one_hot = [1.0 if r == level else 0.0 for r in range(5)]
            where = f"t={row.t}, c={row.c}: {output}"
            assert got.loc[output, P_COLUMNS].tolist() == one_hot, where
            assert got.loc[output, "p_material"] == (1.0 if level >= 2 else 0.0), where
            assert got.loc[output, "mean_level"] == level, where
    # the grid reaches every level of aid to BBB, troops included, and both sides
    aid_to_bbb = outcomes[outcomes.output == "aid_to:BBB"]
    assert sorted(set(aid_to_bbb.mean_level)) == [0, 1, 2, 3, 4]


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


SLOW_CHUNKS = 160
"""Chunks of 250 runs in slow_sweep: 5 points x 8,000 worlds."""


def slow_sweep(tmp_path: Path) -> Path:
    """Long enough to be interrupted while its chunks are still running, on a fast machine too:
    at 2,000 worlds a point (40 chunks), the sweep sometimes ended before the signal arrived."""
    doc = {
        "scenario": str(BASELINE),
        "design": "grid",
        "parameters": [{"path": "weights.aid_cost", "values": [1.0, 2.0, 3.0, 4.0, 5.0]}],
        "replicates": 8000,
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
    assert 0 < done < SLOW_CHUNKS and not (out / "outcomes.parquet").exists()
    assert main(["sweep", str(sweep), "--out", str(out), "--executor", "inproc", "--resume"]) == 0
    whole = tmp_path / "whole"
    run_sweep(read_sweep(sweep), whole, "inproc", progress=False)
    assert_same_results(out, whole)
    execution = json.loads((out / "manifest.json").read_text())["execution"]
    assert execution["resumed"] and execution["runs_this_call"] == 250 * (SLOW_CHUNKS - done)
    return execution


def test_resume_after_kill_9_runs_only_what_is_missing(tmp_path):
    sweep, out = slow_sweep(tmp_path), tmp_path / "killed"
    process = start(sweep, out, "--executor", "inproc")
    interrupt_after_chunks(process, out, signal.SIGKILL)
    assert process.returncode == -signal.SIGKILL
    (out / "chunks" / ".chunk-000999.npy.0badc0de.tmp").write_bytes(b"half a chunk")
    resume_and_compare(sweep, out, tmp_path)
    assert not list((out / "chunks").glob(".*.tmp"))


@pytest.mark.slow  # 4-6 s
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


def test_points_parquet_is_the_grid_first_parameter_slowest(reference):
    points, _ = tables(reference)
    expected = pd.DataFrame(
        [
            (0, 0.3, 1.5, 0.3),
            (1, 0.3, 1.5, 1.0),
            (2, 0.3, 5.0, 0.3),
            (3, 0.3, 5.0, 1.0),
            (4, 1.0, 1.5, 0.3),
            (5, 1.0, 1.5, 1.0),
            (6, 1.0, 5.0, 0.3),
            (7, 1.0, 5.0, 1.0),
        ],
        columns=["point", "treaty", "weights.aid_cost", "choice.temperature"],
    )
    pd.testing.assert_frame_equal(points, expected, check_exact=True)


def test_default_workers_are_the_usable_cores(monkeypatch):
    """Three usable cores of eight: three workers; without affinity, the CPU count."""
    from axissim.studies.sweep import executors

    monkeypatch.setattr(executors.os, "sched_getaffinity", lambda pid: {1, 4, 6}, raising=False)
    monkeypatch.setattr(executors.os, "cpu_count", lambda: 8)
    assert executors.default_workers() == 3
    monkeypatch.delattr(executors.os, "sched_getaffinity", raising=False)
    assert executors.default_workers() == 8


@pytest.mark.skipif(not hasattr(os, "sched_setaffinity"), reason="Linux only")
def test_a_process_pinned_to_one_core_defaults_to_one_worker():
    code = (
        "import os; os.sched_setaffinity(0, {min(os.sched_getaffinity(0))}); "
        "from axissim.studies.sweep.executors import default_workers; print(default_workers())"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "1"


def test_chunks_cut_the_runs_point_major(sweep_path):
    """8 points x 150 replicates = 1,200 runs in chunks of 250: five chunks, the last of 200;
    chunk 1 holds runs 250-499, i.e. replicates 100-149 of point 1, all of point 2 and
    replicates 0-49 of point 3."""
    sweep = read_sweep(sweep_path)
    plan = Plan(sweep, sample(sweep), CHUNK)
    assert (plan.runs, plan.chunks) == (1200, 5)
    spans = [(0, 250), (250, 500), (500, 750), (750, 1000), (1000, 1200)]
    assert [plan.span(i) for i in range(5)] == spans
    task = Tasks(plan).task(1)
    assert (task.start, task.stop, task.first_point, task.runs) == (250, 500, 1, 250)
    assert len(task.world_of) == 3  # points 1, 2 and 3
