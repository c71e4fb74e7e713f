"""Results folders: one owner at a time, written whole or not at all."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys

import pytest
from conftest import BASELINE

from axissim.cli import main
from axissim.errors import InputError
from axissim.folders.ownership import lock_path, locked, staged


def dead_pid() -> int:
    """The id of a process that has exited."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_a_held_folder_is_refused_and_released_after(tmp_path):
    folder = tmp_path / "out"
    with locked(folder):
        assert json.loads(lock_path(folder).read_text())["pid"] == os.getpid()
        with (
            pytest.raises(
                InputError, match=f"in use by another axissim run \\(process {os.getpid()}"
            ),
            locked(folder),
        ):
            pass
    assert not lock_path(folder).exists()
    with locked(folder):  # free again
        pass


def test_a_dead_owners_lock_is_taken_over(tmp_path):
    folder = tmp_path / "out"
    record = {"pid": dead_pid(), "host": socket.gethostname(), "command": "axissim run x"}
    lock_path(folder).write_text(json.dumps(record))
    with locked(folder):
        assert json.loads(lock_path(folder).read_text())["pid"] == os.getpid()


def test_a_run_into_a_held_folder_exits_2(tmp_path, capsys, tiny_path):
    folder = tmp_path / "out"
    with locked(folder):
        assert main(["run", str(tiny_path), "--replicates", "3", "--out", str(folder)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"axissim: error: {folder}: in use by another axissim run")
    assert err.count("\n") == 1


def test_staging_replaces_the_kinds_files_and_keeps_the_rest(tmp_path):
    folder = tmp_path / "out"
    (folder / "tipping").mkdir(parents=True)
    (folder / "tipping" / "tipping.csv").write_text("kept\n")
    (folder / "explain_A_w.png").write_text("kept")
    (folder / "summary.csv").write_text("old")
    (folder / "loco.csv").write_text("stale: this kind's, not written again")
    with staged(folder, ("summary.csv", "loco.csv")) as stage:
        (stage / "summary.csv").write_text("new")
    assert sorted(p.name for p in folder.iterdir()) == ["explain_A_w.png", "summary.csv", "tipping"]
    assert (folder / "summary.csv").read_text() == "new"
    assert (folder / "tipping" / "tipping.csv").read_text() == "kept\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]  # no staging or trash left


def test_a_failed_write_leaves_the_old_folder_as_it_was(tmp_path):
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / "summary.csv").write_text("old")
    with pytest.raises(OSError, match="disk full"), staged(folder, ("summary.csv",)) as stage:
        (stage / "summary.csv").write_text("half")
        raise OSError("disk full")
    assert [p.name for p in folder.iterdir()] == ["summary.csv"]
    assert (folder / "summary.csv").read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def _rewrite(folder, summary: str, manifest: dict) -> None:
    with staged(folder, ("summary.csv", "manifest.json")) as stage:
        (stage / "summary.csv").write_text(summary)
        (stage / "manifest.json").write_text(json.dumps(manifest))


def test_results_rewritten_unchanged_keep_their_manifest(tmp_path):
    folder = tmp_path / "out"
    first = {"seed": 1, "created": "2025-01-01T00:00:00+00:00", "execution": {"seconds": 1.0}}
    _rewrite(folder, "same", first)
    shipped = (folder / "manifest.json").read_bytes()
    later = {"seed": 1, "created": "2026-01-01T00:00:00+00:00", "execution": {"seconds": 2.0}}
    _rewrite(folder, "same", later)
    assert (folder / "manifest.json").read_bytes() == shipped  # when, not what, changed
    _rewrite(folder, "other", later)  # other results: the manifest of these
    assert json.loads((folder / "manifest.json").read_text()) == later
    _rewrite(folder, "other", {**later, "seed": 2, "created": "2027-01-01T00:00:00+00:00"})
    assert json.loads((folder / "manifest.json").read_text())["seed"] == 2


def test_rerunning_the_baseline_changes_no_file(tmp_path, capsys):
    folder = tmp_path / "run"
    argv = ["run", str(BASELINE), "--replicates", "20", "--out", str(folder)]
    assert main(argv) == 0
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    manifest = json.loads(before["manifest.json"])
    manifest["created"] = "2000-01-01T00:00:00+00:00"  # as if made long ago
    before["manifest.json"] = (json.dumps(manifest, indent=2) + "\n").encode()
    (folder / "manifest.json").write_bytes(before["manifest.json"])
    assert main(argv) == 0
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before


def test_a_file_where_the_folder_should_be_is_refused(tmp_path):
    path = tmp_path / "out"
    path.write_text("a file")
    with (
        pytest.raises(InputError, match="expected a results folder, but this is a file"),
        locked(path),
    ):
        pass
