"""From design points to chunk tasks: what each point changes, and which runs each chunk holds.

Weights and the temperature vary without touching the scenario; every other parameter makes
a scenario of its own, the base one with the values set and validated again. Scenarios are
built in the main process, one chunk at a time, so memory follows the chunk and errors stop
the sweep cleanly.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import numpy as np
import pandas as pd

from axissim.engine.parameters import scenario_point_values, with_values
from axissim.errors import InputError
from axissim.levels import N_LEVELS
from axissim.limits import (
    BASE_BYTES,
    MAX_CHUNKS,
    WORLD_DECISION_BYTES,
    WORLD_DECISION_STEP_BYTES,
    check_memory,
    memory_allowed,
)
from axissim.scenario import Scenario
from axissim.studies.sweep.chunks import Task
from axissim.studies.sweep.spec import Sweep, decision_keys

CHUNK = 20_000
"""Runs per chunk by default: a worker's memory is set by this, not by the sweep's size (a
scenario of many steps or decisions gets smaller chunks, `fitting_chunk`)."""
POINT_OUTPUT_BYTES = 400
"""Per point and output in the main process: the counts, the outcome table and its copies."""

SCENARIO_CACHE = 64
"""Distinct scenarios kept between chunks (a grid revisits its rows)."""


@dataclass(frozen=True)
class Plan:
    """A sweep's points cut into chunks of `chunk` runs (point-major)."""

    sweep: Sweep
    points: pd.DataFrame
    chunk: int

    @property
    def runs(self) -> int:
        return len(self.points) * self.sweep.replicates

    @property
    def chunks(self) -> int:
        return -(-self.runs // self.chunk)

    def span(self, index: int) -> tuple[int, int]:
        """Runs [start, stop) of chunk `index`."""
        return index * self.chunk, min((index + 1) * self.chunk, self.runs)

    def counts_shape(self, index: int) -> tuple[int, int, int]:
        """The shape of chunk `index`'s counts: (its points, outputs, levels)."""
        start, stop = self.span(index)
        points = (stop - 1) // self.sweep.replicates - start // self.sweep.replicates + 1
        return points, len(self.sweep.outputs.labels), N_LEVELS


def run_bytes(sweep: Sweep) -> int:
    """The memory one run takes in a chunk: its trajectories, leanings and utilities."""
    decisions = len(decision_keys(sweep.scenario))
    return decisions * (WORLD_DECISION_BYTES + WORLD_DECISION_STEP_BYTES * sweep.scenario.steps)


def fitting_chunk(sweep: Sweep, processes: int) -> int:
    """CHUNK, or fewer runs when `processes` chunks of CHUNK would not fit in memory."""
    budget = (memory_allowed() - BASE_BYTES) // processes - BASE_BYTES
    return int(max(1, min(CHUNK, budget // run_bytes(sweep))))


def check_plan(plan: Plan, processes: int) -> None:
    """Refuse, before any run, a plan of too many chunk files or beyond this machine's memory
    with `processes` chunks running at once."""
    sweep = plan.sweep
    if plan.chunks > MAX_CHUNKS:
        raise InputError(
            "sweep",
            "--chunk",
            f"{plan.runs:,} runs in chunks of {plan.chunk:,} make {plan.chunks:,} chunk files; "
            f"at most {MAX_CHUNKS:,}: a --chunk of at least {-(-plan.runs // MAX_CHUNKS):,}",
        )
    outputs = len(sweep.outputs.labels)
    tables = len(plan.points) * outputs * POINT_OUTPUT_BYTES
    needed = BASE_BYTES + tables + processes * (BASE_BYTES + plan.chunk * run_bytes(sweep))
    sizes = (
        f"{_chunks(processes)} of {plan.chunk:,} runs at once, of {sweep.scenario.steps:,} "
        f"steps x {len(decision_keys(sweep.scenario)):,} decisions, and tables of "
        f"{len(plan.points):,} points x {outputs} outputs"
    )
    advice = f"a smaller --chunk (at most {fitting_chunk(sweep, processes):,}) or fewer --workers"
    check_memory("sweep", "--chunk", needed, sizes, advice)


def _chunks(processes: int) -> str:
    return "a chunk" if processes == 1 else f"{processes} chunks (one per worker)"


class Tasks:
    """Builds chunk tasks, keeping the last few distinct scenarios."""

    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        self.rows = plan.points.to_dict("records")
        self.cache: dict[str, Scenario] = {}

    def scenario(self, point: int) -> Scenario:
        """The scenario of a point: the base with every scenario parameter set."""
        sweep, row = self.plan.sweep, self.rows[point]
        chosen = [(p, row[p.name]) for p in sweep.parameters if p.kind == "scenario"]
        key = json.dumps([_plain(v) for _, v in chosen], default=str)
        if key not in self.cache:
            if len(self.cache) >= SCENARIO_CACHE:
                self.cache.pop(next(iter(self.cache)))
            scenario_parameters = [p for p, _ in chosen]
            try:
                self.cache[key] = with_values(
                    sweep.scenario, scenario_parameters, [_plain(v) for _, v in chosen]
                )
            except InputError as exc:
                values = ", ".join(f"{p.name}={_plain(v)}" for p, v in chosen)
                raise InputError(
                    sweep.file, "parameters", f"point {point} ({values}): {exc.path}: {exc.message}"
                ) from None
            _check_outputs(sweep, self.cache[key], point)
        return self.cache[key]

    def task(self, index: int) -> Task:
        """Chunk `index`: its runs, and per point its scenario, weights and temperature."""
        plan, sweep = self.plan, self.plan.sweep
        start, stop = plan.span(index)
        first, last = start // sweep.replicates, (stop - 1) // sweep.replicates
        worlds: list[Scenario] = []
        world_of, weights, temperature = [], [], []
        for point in range(first, last + 1):
            scenario = self.scenario(point)
            if not any(s is scenario for s in worlds):
                worlds.append(scenario)
            world_of.append(next(i for i, s in enumerate(worlds) if s is scenario))
            row = [_plain(self.rows[point][p.name]) for p in sweep.parameters]
            w, t = scenario_point_values(scenario, sweep.parameters, [row])
            weights.append(w[0])
            temperature.append(t[0])
        return Task(
            index=index,
            start=start,
            stop=stop,
            replicates=sweep.replicates,
            seed=sweep.seed,
            worlds=tuple(worlds),
            world_of=np.array(world_of, dtype=np.intp),
            weights=np.array(weights),
            temperature=np.array(temperature),
            decisions=sweep.outputs.decisions,
            beneficiaries=sweep.outputs.beneficiaries,
        )


def _plain(value):
    """A table cell as a plain Python value (what YAML and pydantic take)."""
    return value.item() if isinstance(value, np.generic) else value


def _check_outputs(sweep: Sweep, scenario: Scenario, point: int) -> None:
    keys = set(decision_keys(scenario))
    missing = [k for k in sweep.outputs.decisions if k not in keys]
    if missing:
        raise InputError(
            sweep.file, "outputs.decisions", f"point {point} has no decision {missing[0]!r}"
        )
