"""Sensitivity indices of a finished sweep, by SALib, from its saved tables only.

sobol: first-order (S1) and total (ST) indices with confidence intervals; morris: mu* (with
its confidence interval), mu and sigma of the elementary effects. One row per output,
statistic and parameter. An output that never varies has no indices (NaN, `constant`).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from SALib.analyze import morris, sobol

from axissim.studies.sweep.design import MORRIS_LEVELS, problem

CONFIDENCE = 0.95
RESAMPLES = 1000
"""Bootstrap resamples behind each confidence interval."""

COLUMNS = {
    "sobol": ("S1", "S1_conf", "ST", "ST_conf"),
    "morris": ("mu_star", "mu_star_conf", "mu", "sigma"),
}


def indices(data: dict[str, Any], points: pd.DataFrame, outcomes: pd.DataFrame) -> pd.DataFrame:
    """Indices of every output and statistic named in the manifest `data`; empty for designs
    without an analysis (grid, lhs)."""
    sweep = data["sweep"]
    design = sweep["design"]
    if design not in COLUMNS:
        return pd.DataFrame()
    spec = problem(sweep["parameters"])
    x = points[spec["names"]].to_numpy(dtype=float)
    rows = []
    for output in sweep["outputs"]["labels"]:
        chosen = outcomes[outcomes.output == output].sort_values("point")
        for statistic in sweep["outputs"]["statistics"]:
            y = chosen[statistic].to_numpy(dtype=float)
            constant = bool(np.ptp(y) == 0)
            result = {} if constant else _analyse(design, spec, x, y, data["seed"])
            for i, name in enumerate(spec["names"]):
                row = {"output": output, "statistic": statistic, "parameter": name}
                for column in COLUMNS[design]:
                    row[column] = float(result[column][i]) if result else np.nan
                row["constant"] = constant
                rows.append(row)
    return pd.DataFrame(rows)


def _analyse(design: str, spec: dict, x: np.ndarray, y: np.ndarray, seed: int) -> dict:
    if design == "sobol":
        return sobol.analyze(
            spec,
            y,
            calc_second_order=False,
            num_resamples=RESAMPLES,
            conf_level=CONFIDENCE,
            seed=seed,
        )
    return morris.analyze(
        spec,
        x,
        y,
        num_resamples=RESAMPLES,
        conf_level=CONFIDENCE,
        num_levels=MORRIS_LEVELS,
        seed=seed,
    )
