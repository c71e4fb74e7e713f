"""Tipping points' results folder (`axissim tipping`): results/<scenario name>/tipping/.

tipping.csv           one row per decision and parameter: today's value, the nearest flip
                      down and up and what it flips to, the distance as a share of range
tipping_ensemble.csv  the same distances under each ensemble member searched (--ensemble)
tornado_DECIDER_CONFLICT.png, tornado_ensemble_DECIDER_CONFLICT.png; manifest.json
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from axissim.files import write_csv
from axissim.folders.manifest import MANIFEST, manifest, write_manifest
from axissim.folders.ownership import written
from axissim.levels import LEVEL_NAMES
from axissim.wording import Names

if TYPE_CHECKING:
    from axissim.engine.parameters import Members
    from axissim.scenario import Scenario

TABLE, ENSEMBLE_TABLE = "tipping.csv", "tipping_ensemble.csv"
OWNED = (TABLE, ENSEMBLE_TABLE, "tornado_*.png", MANIFEST)
DETECT = (TABLE,)


def default(scenario: Scenario, overrides: Sequence[str] = ()) -> Path:
    """The run's folder's tipping/ (with --set overrides, the what-if run's)."""
    from axissim.folders.run import default as run_folder

    return run_folder(scenario, overrides) / "tipping"


def write(
    folder: Path | str,
    scenario: Scenario,
    source: Path | str | None,
    tables: dict[str, pd.DataFrame],
    spreads: list[pd.DataFrame],
    members: Members | None,
    settings: dict,
) -> list[Path]:
    """The tables, a tornado chart per decision (and its ensemble spread), the manifest.

    `settings` says how the search ran: replicates, members searched and their replicates.
    """
    folder = Path(folder)
    names = Names.of(scenario)
    with written(folder, OWNED) as stage:
        files = _charts(stage, tables, spreads, names)
        files.append(write_csv(stage / TABLE, pd.concat(tables.values(), ignore_index=True)))
        if spreads:
            files.append(write_csv(stage / ENSEMBLE_TABLE, pd.concat(spreads, ignore_index=True)))
        ensemble = None
        if members is not None:
            ensemble = {
                "file": members.source,
                "members_searched": settings["members_searched"],
                "replicates": settings["member_replicates"],
            }
        record = manifest(
            scenario,
            source,
            analysis="tipping",
            decisions=list(tables),
            replicates=settings["replicates"],
            ensemble=ensemble,
            files=[f.name for f in files],
        )
        write_manifest(stage, record)
    return [folder / f.name for f in files]


def _charts(stage: Path, tables: dict, spreads: list | None, names: Names) -> list[Path]:
    """A tornado chart per decision, and its spread across the ensemble when searched."""
    from axissim.charts.tipping import plot_ensemble_tipping, plot_tornado

    files = []
    for (key, table), spread in zip(tables.items(), spreads or [None] * len(tables),
                                    strict=True):  # fmt: skip
        decider, conflict = key.split(":")
        today = LEVEL_NAMES[int(table.level.iloc[0])]
        files.append(
            plot_tornado(
                table,
                tornado_file(stage, decider, conflict),
                f"What would change {names.country(decider)}'s policy ({today})?\n"
                f"{names.conflict(conflict)}",
                names,
            )
        )
        if spread is not None:
            files.append(
                plot_ensemble_tipping(
                    spread,
                    stage / f"tornado_ensemble_{decider}_{conflict}.png",
                    f"{names.country(decider)}, {names.conflict(conflict)}: the nearest "
                    "change of policy across the ensemble",
                    names,
                )
            )
    return files


def tornado_file(folder: Path | str, decider: str, conflict: str) -> Path:
    return Path(folder) / f"tornado_{decider}_{conflict}.png"


def read(folder: Path | str) -> pd.DataFrame:
    """tipping.csv; an empty beneficiary stays empty (a country id such as NA stays text)."""
    return pd.read_csv(Path(folder) / TABLE, keep_default_na=False, na_values=[""])
