"""`axissim sweep`: sample the points, run the missing chunks on an executor, saving each as it
finishes, then write the tables, and the charts a caller draws (`readers.sweep_figures`) in the
same staging folder."""

from __future__ import annotations

import time
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path

from axissim import bars
from axissim.folders import sweep as sweep_folder
from axissim.folders.ownership import locked
from axissim.studies.sweep import executors
from axissim.studies.sweep.chunks import run_chunk
from axissim.studies.sweep.design import sample
from axissim.studies.sweep.plan import Plan, Tasks, check_plan, fitting_chunk
from axissim.studies.sweep.spec import Sweep


@dataclass(frozen=True)
class SweepResult:
    """A finished sweep: where it was written, its plan, this call's work and its files."""

    folder: Path
    plan: Plan
    ran: int  # runs simulated by this call (fewer than plan.runs after a resume)
    seconds: float
    files: list[Path]  # the tables, the manifest and the charts `figures` drew


def executor(
    name: str, workers: int | None = None, scheduler: str | None = None
) -> AbstractContextManager[executors.Run]:
    """The named executor; `workers` defaults to the usable cores."""
    workers = workers or executors.default_workers()
    if name == "inproc":
        return executors.inproc()
    if name == "local":
        return executors.local(workers)
    if name == "dask":
        return executors.dask(workers, scheduler)
    raise ValueError(f"unknown executor {name!r}; expected one of {', '.join(executors.EXECUTORS)}")


def run_sweep(
    sweep: Sweep,
    folder: Path | str,
    executor_name: str = "local",
    workers: int | None = None,
    scheduler: str | None = None,
    resume: bool = False,
    chunk: int | None = None,
    progress: bars.Progress | bool | None = None,
    figures: Callable[[Path], list[Path]] | None = None,
) -> SweepResult:
    """Run a sweep into `folder`; with `resume`, only the chunks not yet saved there.

    The tables do not depend on the executor, the workers or the chunk size. `progress`
    (`bars`; default: on a terminal) shows a bar with runs per second and time left.
    `figures` draws the charts into the staging folder of the tables (`write_tables`).
    """
    folder = Path(folder)
    options = (executor_name, workers, scheduler, resume, chunk, progress, figures)
    with locked(folder):
        return _run(sweep, folder, *options)


def _run(
    sweep, folder, executor_name, workers, scheduler, resume, chunk, progress, figures
) -> SweepResult:
    """run_sweep's work, while it holds the folder."""
    saved = sweep_folder.saved_plan(folder) if resume else None
    processes = 1 if executor_name == "inproc" else workers or executors.default_workers()
    chunk = chunk or (saved or {}).get("chunk") or fitting_chunk(sweep, processes)
    plan = Plan(sweep, sample(sweep), chunk)
    check_plan(plan, processes)
    done = sweep_folder.open_store(folder, sweep_folder.plan_record(plan), resume, sweep.file)
    for index in sorted(done):  # every saved chunk readable before any more are run
        sweep_folder.check_chunk(folder, index, plan.counts_shape(index))
    todo = [i for i in range(plan.chunks) if i not in done]
    remaining = sum(plan.span(i)[1] - plan.span(i)[0] for i in todo)
    tasks = Tasks(plan)
    bar = bars.resolve(progress)(
        plan.runs, Path(sweep.file).stem, "run", initial=plan.runs - remaining
    )
    seconds = 0.0
    with bar:
        if todo:
            with executor(executor_name, workers, scheduler) as run:
                started = time.perf_counter()  # from when the workers are up
                for task, counts in run(run_chunk, (tasks.task(i) for i in todo)):
                    sweep_folder.save_chunk(folder, task.index, counts)
                    bar.update(task.runs)
                seconds = time.perf_counter() - started
    execution = {
        "executor": executor_name,
        "workers": 1 if executor_name == "inproc" else workers or executors.default_workers(),
        "scheduler": scheduler,
        "resumed": bool(done),
        "runs_this_call": remaining,
        "seconds_this_call": round(seconds, 3),
    }
    counts = sweep_folder.total_counts(folder, plan)
    files = sweep_folder.write_tables(folder, plan, counts, execution, figures)
    return SweepResult(folder, plan, remaining, seconds, files)
