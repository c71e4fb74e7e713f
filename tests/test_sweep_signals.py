"""A sweep and the processes around it (issue 15): its workers die with it, however it dies; a
Ctrl-C under Dask is one line; two sweeps never write into one folder at once."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from test_sweep_run import SEED, assert_same_results, slow_sweep
from test_sweep_spec import write_sweep

from axissim.cli import main
from axissim.studies.sweep.run import run_sweep
from axissim.studies.sweep.spec import read_sweep

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")

GONE_WITHIN = 5.0
"""Seconds the workers may take to notice (at once with the kernel's parent-death signal; the
watching thread checks every half second)."""


def _stat(pid: int) -> tuple[str, int] | None:
    """A process's state and parent, from /proc; None once it is gone."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    state, parent = text.rpartition(")")[2].split()[:2]  # the name may hold spaces
    return state, int(parent)


def descendants(pid: int) -> set[int]:
    """Every living process below `pid`."""
    parents = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and (found := _stat(int(entry.name))) is not None:
            parents[int(entry.name)] = found[1]
    below, frontier = set(), {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier}
        below |= frontier
    return below


def alive(pid: int) -> bool:
    found = _stat(pid)
    return found is not None and found[0] not in ("Z", "X")  # a zombie has exited


def start_sweep(argv: list[str], output=subprocess.PIPE, **options) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, *argv], stdout=output, stderr=output, **options)


def wait_for_chunks(process: subprocess.Popen, out: Path, chunks: int = 2) -> None:
    deadline = time.monotonic() + 120
    while len(list((out / "chunks").glob("chunk-*.npy"))) < chunks:
        assert process.poll() is None, "the sweep ended before its chunks were written"
        assert time.monotonic() < deadline, "no chunks were written"
        time.sleep(0.02)


def assert_gone(pids: set[int]) -> None:
    deadline = time.monotonic() + GONE_WITHIN
    while any(map(alive, pids)) and time.monotonic() < deadline:
        time.sleep(0.05)
    left = sorted(p for p in pids if alive(p))
    for pid in left:  # do not leave them to the next test
        os.kill(pid, signal.SIGKILL)
    assert not left, f"still running {GONE_WITHIN} s after the sweep died: {left}"


def sweep_argv(sweep: Path, out: Path, executor: str = "local") -> list[str]:
    command = ["sweep", str(sweep), "--out", str(out), "--chunk", "250"]
    return [*command, "--executor", executor, "--workers", "2"]


WITHOUT_PDEATHSIG = """
import sys
import axissim.studies.sweep.executors as executors

executors._kill_me_with_my_parent = lambda: None  # spawned workers import this file too

if __name__ == "__main__":
    from axissim.cli import main

    sys.exit(main(sys.argv[1:]))
"""


@pytest.mark.slow
@pytest.mark.parametrize(
    ("how", "watch_only"),
    [(signal.SIGKILL, False), (signal.SIGTERM, False), (signal.SIGKILL, True)],
    ids=["kill -9", "SIGTERM", "kill -9, the watching thread alone"],
)
def test_local_workers_and_the_resource_tracker_die_with_the_sweep(tmp_path, how, watch_only):
    out = tmp_path / "out"
    argv = sweep_argv(slow_sweep(tmp_path), out)
    if watch_only:
        script = tmp_path / "without_pdeathsig.py"
        script.write_text(WITHOUT_PDEATHSIG)
        argv = [str(script), *argv]
    else:
        argv = ["-m", "axissim", *argv]
    process = start_sweep(argv, subprocess.DEVNULL)  # no pipe for an orphan to hold open
    below: set[int] = set()
    try:
        wait_for_chunks(process, out)
        below = descendants(process.pid)
        assert len(below) >= 3, below  # two workers and multiprocessing's resource tracker
        process.send_signal(how)
        assert process.wait(timeout=30) == -how
    finally:
        if process.poll() is None:
            process.kill()
        assert_gone(below)  # and kills any left


@pytest.mark.slow
def test_ctrl_c_under_dask_is_one_line_and_leaves_no_process(tmp_path):
    pytest.importorskip("distributed")
    out = tmp_path / "out"
    argv = ["-m", "axissim", *sweep_argv(slow_sweep(tmp_path), out, "dask")]
    process = start_sweep(argv, start_new_session=True)  # a group of its own, as a terminal's
    try:
        wait_for_chunks(process, out)
        below = descendants(process.pid)
        os.killpg(process.pid, signal.SIGINT)  # Ctrl-C reaches every process of the group
        _, err = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 130
    assert err.decode() == (
        f"axissim: interrupted; finished chunks are kept in {out}/: the same command with "
        "--resume runs only the rest\n"
    )
    assert_gone(below)


# --- two sweeps, one folder ---


def seeded_sweep(tmp_path: Path, seed: int) -> Path:
    doc = json.loads(json.dumps(read_sweep_document(slow_sweep(tmp_path))))
    doc["seed"] = seed
    return write_sweep(tmp_path / f"seed_{seed}.yaml", doc)


def read_sweep_document(path: Path) -> dict:
    import yaml

    return yaml.safe_load(path.read_text())


@pytest.mark.slow
def test_a_second_sweep_into_the_same_folder_is_refused_and_the_first_stays_whole(tmp_path, capsys):
    first, second = seeded_sweep(tmp_path, 2025), seeded_sweep(tmp_path, SEED)
    out = tmp_path / "shared"
    process = start_sweep(["-m", "axissim", *sweep_argv(first, out, "inproc")])
    try:
        wait_for_chunks(process, out)
        started = time.perf_counter()
        assert main(["sweep", str(second), "--out", str(out), "--executor", "inproc"]) == 2
        assert time.perf_counter() - started < 5  # refused before any run
        err = capsys.readouterr().err
        first_out, _ = process.communicate(timeout=300)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0, first_out
    command = f"axissim sweep {first} --out {out} --chunk 250 --executor inproc --workers 2"
    assert err.startswith(f"axissim: error: {out}: in use by another axissim run (process ")
    assert err.endswith(f": {command}); wait for it to finish, or choose another --out\n")
    assert f"process {process.pid} on {socket.gethostname()}, since " in err
    # the first sweep's results are whole and its own: seed 2025, as a run of it alone
    alone = tmp_path / "alone"
    run_sweep(read_sweep(first), alone, "inproc", progress=False)
    assert_same_results(out, alone)
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["seed"] == 2025 and manifest["command"] == command
    assert not list(tmp_path.glob(".shared.lock"))


def test_a_dead_owners_lock_is_taken_over(tmp_path, capsys):
    sweep = seeded_sweep(tmp_path, SEED)
    out = tmp_path / "out"
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)  # fmt: skip
    lock = tmp_path / ".out.lock"
    record = {"pid": int(dead.stdout), "host": socket.gethostname(), "command": "axissim sweep"}
    lock.write_text(json.dumps({**record, "started": "2025-06-22T00:00:00+00:00"}))
    doc = read_sweep_document(sweep)
    doc["replicates"] = 20
    small = write_sweep(tmp_path / "small.yaml", doc)
    assert main(["sweep", str(small), "--out", str(out), "--executor", "inproc"]) == 0
    assert (out / "outcomes.parquet").is_file() and not lock.exists()
