"""Design points: a full grid, or samples drawn by SALib (Latin hypercube, Sobol, Morris)."""

from __future__ import annotations

import itertools
from typing import Any

import numpy as np
import pandas as pd
from SALib.sample import latin, morris, sobol

from axissim.engine.parameters import Parameter
from axissim.studies.sweep.spec import Sweep

MORRIS_LEVELS = 4
"""Grid levels of a Morris trajectory (SALib's default); the analysis must use the same."""


def problem(parameters: tuple[Parameter, ...] | list[dict[str, Any]]) -> dict[str, Any]:
    """SALib's description of the ranged parameters: names and bounds.

    Takes the sweep's parameters, or their manifest records ({"name", "range"}).
    """
    records = [
        {"name": p.name, "range": p.bounds} if isinstance(p, Parameter) else p for p in parameters
    ]
    return {
        "num_vars": len(records),
        "names": [r["name"] for r in records],
        "bounds": [list(r["range"]) for r in records],
    }


def as_number(value: Any, integer: bool) -> float | int:
    """A sampled value as the scenario holds it: a whole number for integer fields."""
    return round(float(value)) if integer else float(value)


def _grid_axis(parameter: Parameter, samples: int | None) -> list[Any]:
    if parameter.values is not None:
        return list(parameter.values)
    return [as_number(v, parameter.integer) for v in np.linspace(*parameter.bounds, samples)]


def sample(sweep: Sweep) -> pd.DataFrame:
    """One row per design point (index `point`), one column per parameter, in SALib's order.

    grid: every combination, the first parameter slowest; a range gives `samples` evenly spaced
    values. lhs: `samples` points. sobol: samples * (parameters + 2) points (first and total
    order). morris: samples trajectories of parameters + 1 points. Whole-number fields are
    rounded.
    """
    names = [p.name for p in sweep.parameters]
    if sweep.design == "grid":
        axes = [_grid_axis(p, sweep.samples) for p in sweep.parameters]
        rows = list(itertools.product(*axes))
    else:
        spec = problem(sweep.parameters)
        if sweep.design == "lhs":
            matrix = latin.sample(spec, sweep.samples, seed=sweep.seed)
        elif sweep.design == "sobol":
            matrix = sobol.sample(spec, sweep.samples, calc_second_order=False, seed=sweep.seed)
        else:
            matrix = morris.sample(spec, sweep.samples, num_levels=MORRIS_LEVELS, seed=sweep.seed)
        rows = pd.DataFrame(matrix, columns=names)
        for p in sweep.parameters:
            if p.integer:
                rows[p.name] = np.rint(rows[p.name]).astype(np.int64)
    points = pd.DataFrame(rows, columns=names)
    points.index.name = "point"
    return points
