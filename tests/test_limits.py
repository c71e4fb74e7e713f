"""Bounded work (issue 15): counts of worlds and samples beyond what this machine can run, and
runs whose memory estimate is beyond a third of it, are refused before any work, each with the
limit and its reason; a scenario of 10,000 steps still runs, and its timeline chart copes."""

from __future__ import annotations

import time

import matplotlib.pyplot as plt
import pytest
from conftest import BASELINE, ROOT
from test_cli_conventions import refused, usage_error
from test_sweep_spec import sweep_document, write_sweep

from axissim import limits
from axissim.cli import main
from axissim.errors import InputError
from axissim.studies.backtest import backtest, load_cases
from axissim.studies.sweep.spec import read_sweep

GIB = 2**30
ENSEMBLE = ROOT / "scenarios" / "weights" / "baseline_ensemble.parquet"


@pytest.fixture
def machine_of_24_gb(monkeypatch):
    """This machine's memory as the project's machine has it, so that messages are exact."""
    monkeypatch.setattr(limits, "physical_memory", lambda: 24 * GIB)


# --- counts, refused while the command line is read ---

REPLICATES_REFUSED = (
    "argument --replicates: at most 1,000,000 (a run keeps every world's outcome in memory and "
    "in outcomes.csv), got '1000000000'"
)


@pytest.mark.parametrize(
    "argv",
    [
        ["run", str(BASELINE)],
        ["backtest"],
        ["run", str(BASELINE), "--ensemble", str(ENSEMBLE)],
    ],
    ids=["run", "backtest", "ensemble"],
)
def test_a_billion_replicates_are_refused_at_once(capsys, argv):
    start = time.perf_counter()
    assert usage_error(capsys, *argv, "--replicates", "1000000000").endswith(REPLICATES_REFUSED)
    assert time.perf_counter() - start < 0.3


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["tipping", str(BASELINE), "--replicates", "10001"],
            "argument --replicates: at most 10,000 (every search runs 12 candidates and 6 "
            "bisections), got '10001'",
        ),
        (
            ["calibrate", str(BASELINE), "--samples", "1000000001"],
            "argument --samples: at most 1,000,000 (each draw runs on 64 worlds: over an hour "
            "here), got '1000000001'",
        ),
        (
            ["calibrate", str(BASELINE), "--seed", "9000000000001"],
            "argument --seed: at most 9,000,000,000,000 (its worlds start at seed x 1,000,003), "
            "got '9000000000001'",
        ),
        (
            ["run", str(BASELINE), "--seed", "12345678901234567890123"],
            "argument --seed: at most 9,223,372,036,854,775,807 (2**63 - 1: the worlds' seeds, "
            "seed, seed + 1, ..., fit 64 bits), got '12345678901234567890123'",
        ),
        (
            ["explain", str(BASELINE), "RUS", "israel_iran", "--seed", "9223372036854775808"],
            "argument --seed: at most 9,223,372,036,854,775,807 (2**63 - 1: the worlds' seeds, "
            "seed, seed + 1, ..., fit 64 bits), got '9223372036854775808'",
        ),
        (
            ["run", str(BASELINE), "--replicates", "9" * 5000],
            f"argument --replicates: expected a whole number >= 1, got '{'9' * 55} ...",
        ),
    ],
    ids=["tipping", "calibrate", "calibrate seed", "23-digit seed", "explain seed", "5000 digits"],
)
def test_counts_and_seeds_beyond_the_limits_are_refused_with_the_reason(capsys, argv, message):
    assert usage_error(capsys, *argv).endswith(message)


def test_the_largest_seed_still_runs(capsys, tmp_path):
    out = tmp_path / "out"
    argv = ["run", str(BASELINE), "--seed", str(2**63 - 1), "--replicates", "3", "--out", str(out)]
    assert main([*argv, "--json"]) == 0
    assert '"replicates": 3' in capsys.readouterr().out


# --- memory, estimated from the scenario before a run starts ---


def test_a_run_beyond_the_memory_is_refused_with_the_estimate(capsys, tmp_path, machine_of_24_gb):
    start = time.perf_counter()
    message = refused(
        capsys, "run", str(BASELINE), "--set", "steps=10000", "--replicates", "1000000",
        "--out", str(tmp_path / "out"),
    )  # fmt: skip
    assert message == (
        "axissim: error: run: --replicates: 1,000,000 worlds x 10,000 steps x 6 decisions need "
        "about 171.2 GB of memory, more than the 8.0 GB one command may use (a third of this "
        "machine's 24.0 GB); run fewer worlds (--replicates)"
    )
    assert time.perf_counter() - start < 2  # the scenario loads; nothing runs
    assert not (tmp_path / "out").exists()


def test_an_ensemble_run_counts_every_members_worlds(capsys, tmp_path, machine_of_24_gb):
    message = refused(
        capsys, "run", str(BASELINE), "--ensemble", str(ENSEMBLE), "--replicates", "1000000",
        "--out", str(tmp_path / "out"),
    )  # fmt: skip
    assert message.startswith("axissim: error: run: --replicates: ")
    assert message.endswith("run fewer worlds (--replicates or ensemble members)")
    assert "worlds x 30 steps x 6 decisions need about" in message


def test_the_estimate_follows_what_a_run_holds():
    def worlds_bytes(worlds, steps, decisions):
        return limits.simulation_bytes(worlds, steps, decisions) - limits.simulation_bytes(
            0, steps, decisions
        )

    one = worlds_bytes(1000, 30, 6)
    assert worlds_bytes(2000, 30, 6) == worlds_bytes(1000, 30, 12) == 2 * one
    # the trajectories alone are worlds x steps x decisions x 2 bytes
    assert limits.simulation_bytes(10, 10_000, 6) > 10 * 10_000 * 6 * 2
    # the baseline's million worlds fit this machine; a third of 24 GB is 8 GB
    assert limits.simulation_bytes(1_000_000, 30, 6) < 8 * GIB


def test_tipping_beyond_the_memory_is_refused(capsys, tmp_path, machine_of_24_gb):
    message = refused(
        capsys, "tipping", str(BASELINE), "--set", "steps=10000", "--replicates", "10000",
        "--out", str(tmp_path / "out"),
    )  # fmt: skip
    assert message == (
        "axissim: error: tipping: --replicates: 120,000 worlds x 10,000 steps x 6 decisions need "
        "about 20.8 GB of memory, more than the 8.0 GB one command may use (a third of this "
        "machine's 24.0 GB); use fewer"
    )


def test_a_backtest_beyond_the_memory_names_the_case_before_any_runs(machine_of_24_gb):
    cases = load_cases(sorted((ROOT / "scenarios" / "history").glob("*.yaml"))[:2])
    cases[1] = type(cases[1])(cases[1].path, cases[1].scenario.model_copy(update={"steps": 10000}))
    with pytest.raises(InputError) as error:
        backtest(cases, 1_000_000)
    assert str(error.value).startswith(f"{cases[1].path}: --replicates: 1,000,000 worlds x 10,000")


# --- sweeps ---


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"replicates": 10**15},
            "replicates: at most 1,000,000 (worlds per point: 1,000,000 already estimate a "
            "probability within 0.001), got 1,000,000,000,000,000",
        ),
        (
            {"design": "lhs", "samples": 10**9, "parameters": [
                {"path": "weights.aid_cost", "range": [0, 5]}]},
            "samples: the lhs design makes 1,000,000,000 points; at most 1,000,000 "
            "(points.parquet and outcomes.parquet hold a row per point, and the indices are "
            "computed over all of them in one process)",
        ),
        (
            {"design": "sobol", "samples": 2**19, "parameters": [
                {"path": "weights.aid_cost", "range": [0, 5]}]},
            "samples: the sobol design makes 1,572,864 points; at most 1,000,000",
        ),
        (
            {"samples": 100_000, "replicates": 1_000_000},
            "replicates: 200,000 points x 1,000,000 replicates make 200,000,000,000 runs; at "
            "most 10,000,000,000 (about a day on this machine's 2 cores): fewer replicates or "
            "samples",
        ),
        ({"seed": 2**63}, "seed: Input should be less than or equal to 9223372036854775807"),
    ],
    ids=["replicates", "lhs samples", "sobol samples", "runs", "seed"],
)  # fmt: skip
def test_a_sweep_beyond_the_limits_is_refused_on_reading(tmp_path, changes, message):
    path = write_sweep(tmp_path / "s.yaml", sweep_document(**changes))
    with pytest.raises(InputError) as error:
        read_sweep(path)
    assert str(error.value).startswith(f"{path}: {message}")


def test_a_sweep_of_too_many_chunk_files_is_refused(capsys, tmp_path):
    path = write_sweep(tmp_path / "s.yaml", sweep_document(replicates=50_000))
    out = tmp_path / "out"
    message = refused(capsys, "sweep", str(path), "--chunk", "1", "--out", str(out))
    assert message == (
        "axissim: error: sweep: --chunk: 300,000 runs in chunks of 1 make 300,000 chunk files; "
        "at most 100,000: a --chunk of at least 3"
    )
    assert not (out / "chunks").exists()


def test_a_sweep_beyond_the_memory_is_refused_and_the_default_chunk_shrinks(
    capsys, tmp_path, machine_of_24_gb
):
    long = tmp_path / "long.yaml"
    long.write_text(f"extends: {BASELINE}\nname: long\nsteps: 10000\n")
    path = write_sweep(tmp_path / "s.yaml", sweep_document(scenario=str(long)))
    argv = ["sweep", str(path), "--workers", "2", "--out", str(tmp_path / "out")]
    message = refused(capsys, *argv, "--chunk", "100000")
    assert message == (
        "axissim: error: sweep: --chunk: 2 chunks (one per worker) of 100,000 runs at once, of "
        "10,000 steps x 6 decisions, and tables of 6 points x 6 outputs need about 34.9 GB of "
        "memory, more than the 8.0 GB one command may use (a third of this machine's 24.0 GB); "
        "a smaller --chunk (at most 20,000) or fewer --workers"
    )
    from axissim.studies.sweep.plan import fitting_chunk

    sweep = read_sweep(path)
    assert fitting_chunk(sweep, 2) == 20_000
    with pytest.MonkeyPatch.context() as patch:  # 12 GB: 4 GB for the command
        patch.setattr(limits, "physical_memory", lambda: 12 * GIB)
        assert fitting_chunk(sweep, 2) == 9_554  # (4 GB - 250 MB) / 2 - 250 MB per chunk
        assert limits.BASE_BYTES + 2 * (limits.BASE_BYTES + 9_554 * 6 * (600 + 3 * 10_000)) < (
            4 * GIB
        )


# --- long runs still run ---


def test_a_run_of_10000_steps_runs_and_its_timeline_has_few_ticks(capsys, tmp_path):
    out = tmp_path / "long"
    start = time.perf_counter()
    argv = ["run", str(BASELINE), "--set", "steps=10000", "--replicates", "20", "--out", str(out)]
    assert main(argv) == 0
    assert time.perf_counter() - start < 60  # about 4 s here; a tick per step took a minute
    assert (out / "timeline.png").stat().st_size > 0
    assert len((out / "timeline.csv").read_text().splitlines()) == 1 + 10_000 * 6


def test_the_timeline_caps_its_step_ticks():
    from axissim.charts.timeline import MINOR_TICKS, _format_steps
    from axissim.engine.world import compile_world
    from axissim.scenario import load_scenario

    for steps, expected in ((30, range(31, 32)), (10_000, range(10, MINOR_TICKS + 2))):
        world = compile_world(load_scenario(BASELINE, overrides=[f"steps={steps}"]))
        figure, ax = plt.subplots()
        ax.set_xlim(0, steps)
        _format_steps(ax, world)
        ticks = ax.xaxis.get_minor_locator()()
        plt.close(figure)
        assert len([t for t in ticks if 0 <= t <= steps]) in expected  # 30 steps: one per step
