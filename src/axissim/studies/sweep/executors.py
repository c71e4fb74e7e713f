"""Where chunks run: in this process, in local worker processes, or on a Dask cluster.

Each executor is a context manager yielding `run(function, tasks)`, an iterator of
(task, result) in the order chunks finish. Tasks are drawn lazily and at most a few per
worker are in flight, so the main process never holds the whole sweep.
"""

from __future__ import annotations

import ctypes
import importlib.util
import itertools
import logging
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from contextlib import contextmanager, suppress
from typing import Any

from axissim.errors import InputError

EXECUTORS = ("inproc", "local", "dask")
IN_FLIGHT = 2
"""Tasks queued per worker: one running, one ready."""
CONNECT_TIMEOUT = "10s"
"""How long to try reaching a Dask scheduler before saying so."""
TRIM = "distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_"
"""Dask's nanny sets this to 64 KiB for its workers, so glibc hands every freed array back to the
system and the kernel's per-step arrays come back as page faults: chunks ran 3x slower. The
workers of the LocalCluster started here keep glibc's default."""

Run = Callable[[Callable[[Any], Any], Iterable[Any]], Iterator[tuple[Any, Any]]]


def check(name: str, scheduler: str | None = None) -> None:
    """Refuse, before any work, an executor this installation or these options cannot give."""
    if scheduler and name != "dask":
        raise InputError("--scheduler", "", "needs --executor dask")
    if name == "dask" and importlib.util.find_spec("distributed") is None:
        raise InputError("--executor", "", "the dask executor needs 'axissim[dask]'")


def default_workers() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()


@contextmanager
def inproc() -> Iterator[Run]:
    """Run chunks one after another in this process."""
    yield lambda function, tasks: ((task, function(task)) for task in tasks)


PARENT_CHECK = 0.5
"""Seconds between a worker's checks that the process that started it still lives."""
PR_SET_PDEATHSIG = 1
"""prctl(2): the signal the kernel sends a process when its parent dies (Linux)."""


def _worker_start(parent: int) -> None:
    """A local worker's initializer: leave Ctrl-C to the main process, which stops the workers;
    and exit when the main process dies, whatever kills it (kill -9 included), instead of
    waiting for chunks that never come: at once on Linux (the kernel's parent-death signal),
    within PARENT_CHECK seconds elsewhere (a thread that watches the parent)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _kill_me_with_my_parent()
    if os.getppid() != parent:  # it died before the worker could ask
        os._exit(1)
    threading.Thread(target=_watch_parent, args=(parent,), name="parent-watch", daemon=True).start()


def _kill_me_with_my_parent() -> None:
    if not sys.platform.startswith("linux"):
        return
    with suppress(OSError, AttributeError):  # no C library to ask: the watching thread remains
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(PARENT_CHECK)
    os._exit(1)


@contextmanager
def local(workers: int) -> Iterator[Run]:
    """Run chunks in `workers` local processes (spawned: safe beside Mesa and threads), which
    exit when this process does, however it ends."""
    context = multiprocessing.get_context("spawn")
    pool = ProcessPoolExecutor(
        workers, mp_context=context, initializer=_worker_start, initargs=(os.getpid(),)
    )

    def run(function, tasks):
        pending: dict[Any, Any] = {}
        for task in tasks:
            pending[pool.submit(function, task)] = task
            if len(pending) >= IN_FLIGHT * workers:
                yield from _harvest(pending)
        while pending:
            yield from _harvest(pending)

    try:
        yield run
    except BaseException:
        # Ctrl-C or an error: stop the workers now instead of waiting on them (waiting can
        # deadlock inside concurrent.futures); finished chunks are already saved, and --resume
        # reruns the ones cut short. Python 3.11 has no public terminate for the pool.
        for process in list((pool._processes or {}).values()):
            process.terminate()
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown(wait=True)


def _harvest(pending: dict[Any, Any]) -> Iterator[tuple[Any, Any]]:
    done, _ = wait(list(pending), return_when=FIRST_COMPLETED)
    for future in done:
        yield pending.pop(future), future.result()


def dask_setup(worker: Any) -> None:
    """Dask's preload hook, run in each worker process of the LocalCluster started here: a
    Ctrl-C at the terminal reaches every process of the group, and the workers leave it to
    the main process, which closes the cluster (else each prints a traceback)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


@contextmanager
def dask(workers: int, scheduler: str | None = None) -> Iterator[Run]:
    """Run chunks on the Dask cluster at `scheduler`, or on a LocalCluster of `workers`
    single-threaded workers started here (and closed afterwards)."""
    import dask.config
    from distributed import Client, LocalCluster, as_completed

    cluster = None
    if scheduler is None:
        with dask.config.set({TRIM: None}):
            cluster = LocalCluster(
                n_workers=workers,
                threads_per_worker=1,
                dashboard_address=None,
                silence_logs=logging.CRITICAL,  # tasks failing reach this process as errors
                preload=[__name__],  # dask_setup
            )
    try:
        client = Client(scheduler or cluster, timeout=CONNECT_TIMEOUT)
    except OSError as exc:
        raise InputError("--scheduler", "", f"cannot reach {scheduler}: {exc}") from None

    def run(function, tasks):
        tasks = iter(tasks)
        running = as_completed()
        queued: dict[str, Any] = {}

        def submit(task) -> None:
            future = client.submit(function, task, pure=False)
            queued[future.key] = task
            running.add(future)

        width = IN_FLIGHT * max(len(client.scheduler_info()["workers"]), 1)
        for task in itertools.islice(tasks, width):
            submit(task)
        for future in running:  # runs on while futures are added
            result = future.result()
            task = next(tasks, None)
            if task is not None:
                submit(task)
            yield queued.pop(future.key), result

    try:
        yield run
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
