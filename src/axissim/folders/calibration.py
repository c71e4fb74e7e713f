"""A calibration's results folder (`axissim calibrate`): results/calibration_<scenario name>/.

weights.yaml         the point estimate, a weights file a scenario can reference
ensemble.parquet     one row per accepted parameter vector (+ p_observed_min)
evidence.csv         per observation: P(observed) by the likelihood and simulated
identifiability.csv  per parameter: prior, posterior quantiles, shrinkage, verdict
identifiability.png, corner.png (with more than one member); manifest.json
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
import yaml

from axissim.data.wars import evidence_names
from axissim.engine.interests import INTEREST_NAMES
from axissim.engine.parameters import Members, members
from axissim.errors import InputError
from axissim.files import write_atomic, write_csv, write_text
from axissim.folders.manifest import MANIFEST, manifest, whatif_name, write_manifest
from axissim.folders.ownership import written
from axissim.scenario.schema import TEMPERATURE

if TYPE_CHECKING:
    from axissim.scenario import Scenario
    from axissim.studies.calibrate import Calibration

WEIGHTS, ENSEMBLE = "weights.yaml", "ensemble.parquet"
EVIDENCE, IDENTIFIABILITY = "evidence.csv", "identifiability.csv"
IDENTIFIABILITY_CHART, CORNER = "identifiability.png", "corner.png"
OWNED = (WEIGHTS, ENSEMBLE, EVIDENCE, IDENTIFIABILITY, IDENTIFIABILITY_CHART, CORNER, MANIFEST)
DETECT = (EVIDENCE, IDENTIFIABILITY)
SUMMARY_COLUMNS = ("p_observed_min",)
"""Columns of ensemble.parquet that describe a member rather than set a parameter."""
CORNER_PARAMETERS = 6


def default(scenario: Scenario, overrides: Sequence[str] = ()) -> Path:
    """results/calibration_<scenario name>/, with --set overrides a folder of their own."""
    return Path("results") / whatif_name(f"calibration_{scenario.name}", overrides)


def corner_bounds(identifiability: pd.DataFrame, accepted: pd.DataFrame) -> dict:
    """The corner chart's parameters (the most constrained) and their axis limits: the prior's
    range, stretched to every accepted member (a posterior may lie in the prior's tail)."""
    return {
        row.parameter: (
            min(row.prior_low, accepted[row.parameter].min()),
            max(row.prior_high, accepted[row.parameter].max()),
        )
        for row in identifiability.head(CORNER_PARAMETERS).itertuples(index=False)
    }


def write(
    cal: Calibration, folder: Path | str, sources: list[str], corpus: str | None = None
) -> list[Path]:
    """weights.yaml, ensemble.parquet, evidence.csv, identifiability.csv, two charts, manifest."""
    from axissim.charts.calibration import plot_corner, plot_identifiability

    folder = Path(folder)
    names = evidence_names(cal.problem.scenarios)
    doc = {
        "note": f"calibrated by axissim calibrate --method {cal.method} --seed {cal.seed} "
        f"against {names}",
        "temperature": cal.temperature,
        "weights": cal.weights,
    }
    accepted = cal.ensemble.members
    fitted = {**cal.weights, "temperature": cal.temperature}
    constrained = corner_bounds(cal.identifiability, accepted)
    with written(folder, OWNED) as stage:
        files = [
            write_text(stage / WEIGHTS, yaml.safe_dump(doc, sort_keys=False)),
            write_atomic(stage / ENSEMBLE, lambda tmp: accepted.to_parquet(tmp)),
            write_csv(stage / EVIDENCE, cal.evidence_table),
            write_csv(stage / IDENTIFIABILITY, cal.identifiability),
        ]
        if len(accepted) > 1:
            files += [
                plot_identifiability(
                    cal.identifiability,
                    stage / IDENTIFIABILITY_CHART,
                    f"What the evidence pins down ({len(accepted):,} accepted weight sets)",
                    fitted,
                ),
                plot_corner(
                    accepted,
                    constrained,
                    stage / CORNER,
                    "Accepted weight sets: the six parameters the evidence constrains most",
                    fitted,
                ),
            ]
        data = manifest(
            cal.problem.scenarios[0],
            sources[0],
            scenario_files=sources,
            corpus=corpus,
            method=cal.method,
            seed=cal.seed,
            samples=cal.ensemble.samples,
            members=len(accepted),
            acceptance_rate=cal.ensemble.acceptance_rate,
            files=[f.name for f in files],
        )
        files.append(write_manifest(stage, data))
    return [folder / f.name for f in files]


def read_ensemble(path: Path | str, scenario: Scenario) -> Members:
    """Read ensemble.parquet; its parameter columns must be weights or the temperature.

    Columns the file lacks keep the scenario's values.
    """
    file = str(path)
    try:
        frame = pd.read_parquet(path)
    except FileNotFoundError:
        raise InputError(file, "", "file not found") from None
    except Exception as exc:  # pyarrow raises several types for a file that is not parquet
        raise InputError(file, "", f"not a readable parquet ensemble: {exc}") from None
    known = (*INTEREST_NAMES, TEMPERATURE, *SUMMARY_COLUMNS)
    for column in frame.columns:
        if column not in known:
            raise InputError(
                file,
                str(column),
                f"not a weight of scenario {scenario.name!r}; expected columns among "
                f"{', '.join(INTEREST_NAMES)}, temperature",
            )
    if frame.empty:
        raise InputError(file, "", "the ensemble has no members")
    names = tuple(c for c in frame.columns if c not in SUMMARY_COLUMNS)
    found = members(scenario, names, frame[list(names)].to_numpy(float), file)
    if (found.temperature <= 0).any() or np.isnan(found.weights).any():
        raise InputError(file, "", "temperatures must be > 0 and weights numbers")
    return found
