"""A run's results folder (`axissim run`, `axissim explain`): results/<scenario name>/.

outcomes.csv   one row per world x decision
summary.csv    one row per decision: P(each level), modal level, observed, match
timeline.csv   per step and decision: mean level, P(each level)
decision_matrix.png, timeline.png, network.png; material_aid.png for an ensemble run
explain_DECIDER_CONFLICT.png   written by `axissim explain`, kept when the run is redone
knockout_DECIDER_CONFLICT.csv  written by `axissim explain --knockout`, kept likewise
manifest.json
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from axissim.files import write_csv
from axissim.folders.manifest import MANIFEST, manifest, whatif_name, write_manifest
from axissim.folders.ownership import locked, written
from axissim.wording import Names

if TYPE_CHECKING:
    from axissim.scenario import Scenario
    from axissim.studies.run import RunResult

SUMMARY, OUTCOMES, TIMELINE = "summary.csv", "outcomes.csv", "timeline.csv"
MATRIX, TIMELINE_CHART, NETWORK = "decision_matrix.png", "timeline.png", "network.png"
MATERIAL = "material_aid.png"
OWNED = (SUMMARY, OUTCOMES, TIMELINE, MATRIX, TIMELINE_CHART, NETWORK, MATERIAL, MANIFEST)
DETECT = (SUMMARY, MANIFEST)
"""A folder holding these files is a run's."""


def default(scenario: Scenario, overrides: Sequence[str] = (), ensemble: str | None = None) -> Path:
    """results/<scenario name>/, or with --set overrides a folder of their own beside it
    (`whatif_name`); a run over an ensemble file adds -ensemble-<its name>, so that a run with
    the point weights and one over the ensemble never replace each other."""
    name = whatif_name(scenario.name, overrides)
    return Path("results") / (f"{name}-ensemble-{Path(ensemble).stem}" if ensemble else name)


EXPLANATIONS = "explain_*.png"
"""The charts `axissim explain` writes into a run's folder."""


def explanation_file(folder: Path | str, decider: str, conflict: str) -> Path:
    return Path(folder) / f"explain_{decider}_{conflict}.png"


def knockout_file(folder: Path | str, decider: str, conflict: str) -> Path:
    return Path(folder) / f"knockout_{decider}_{conflict}.csv"


def worlds_text(result: RunResult) -> str:
    """'1,000 worlds', or '1,021 weight sets x 50 worlds' for an ensemble run."""
    if result.members > 1:
        return f"{result.members:,} weight sets x {result.replicates:,} worlds"
    return f"{result.replicates:,} worlds"


def write(
    result: RunResult,
    folder: Path | str,
    source: Path | str | None,
    ensemble: str | None = None,
    base: tuple[Scenario, pd.DataFrame] | None = None,
    overrides: Sequence[str] = (),
) -> list[Path]:
    """Write the tables, the charts and the manifest (naming the --set `overrides`); for a run
    over an `ensemble` file, also P(material aid) against `base` (its scenario and its summary
    over the same members and seeds), if given."""
    from axissim.scenario.load import extends_parent

    folder = Path(folder)
    counterfactual = source is not None and extends_parent(source) is not None
    with written(folder, OWNED) as stage:
        files = [
            write_csv(stage / OUTCOMES, result.outcomes),
            write_csv(stage / SUMMARY, result.summary),
            write_csv(stage / TIMELINE, result.timeline),
            *_charts(result, stage, counterfactual),
        ]
        if ensemble is not None:
            files.append(_material_comparison(result, base, stage / MATERIAL))
        data = manifest(
            result.world.scenario,
            source,
            seed=int(result.seeds[0]),
            replicates=result.replicates,
            members=result.members,
            all_observed_match=result.all_observed_match,
            overrides=list(overrides),
            **({} if ensemble is None else {"ensemble": ensemble}),
            files=[f.name for f in files],
        )
        files.append(write_manifest(stage, data))
    return [folder / f.name for f in files]


def _material_comparison(
    result: RunResult, base: tuple[Scenario, pd.DataFrame] | None, path: Path
) -> Path:
    """P(material aid) with its ensemble interval for the scenario and, if given, its base."""
    from axissim.charts.ensemble import plot_material_comparison

    scenario = result.world.scenario
    summaries = {scenario.name: result.summary}
    if base is not None:
        summaries = {base[0].name: base[1], **summaries}
    title = (
        f"P(material aid): {scenario.name}"
        + (f" against {base[0].name}" if base is not None else "")
        + f"\n{worlds_text(result)}"
    )
    return plot_material_comparison(summaries, path, title, Names.of(scenario))


def _charts(result: RunResult, stage: Path, counterfactual: bool) -> list[Path]:
    """The decision matrix, the timeline and the network of a run, drawn into `stage`."""
    from axissim.charts.decision_matrix import plot_decision_matrix
    from axissim.charts.network import plot_network
    from axissim.charts.timeline import plot_timeline

    scenario = result.world.scenario
    return [
        plot_decision_matrix(
            result.summary,
            stage / MATRIX,
            f"{scenario.name}: who aids whom ({worlds_text(result)})",
            belligerents={cid: c.fighters for cid, c in scenario.conflicts.items()},
            names=Names.of(scenario),
            counterfactual=counterfactual,
        ),
        plot_timeline(
            result.world,
            result.timeline,
            stage / TIMELINE_CHART,
            f"{scenario.name}: mean aid level per step ({worlds_text(result)})",
        ),
        plot_network(
            result.world,
            result.summary,
            stage / NETWORK,
            f"{scenario.name}: who aids whom (the most likely policy, {worlds_text(result)})",
        ),
    ]


def write_explanation(explanation, folder: Path | str, names: Names | None = None) -> Path:
    """The chart of one explained decision, into the run's folder (nothing else changes);
    `names` puts the scenario's names in place of ids."""
    from axissim.charts.explanation import plot_explanation

    path = explanation_file(folder, explanation.decider, explanation.conflict)
    with locked(Path(folder)):
        return plot_explanation(explanation, path, names)


def write_knockout(table: pd.DataFrame, folder: Path | str, decider: str, conflict: str) -> Path:
    """A decision's knock-out table (`studies.knockout`), into the run's folder beside its
    explanation (nothing else changes)."""
    with locked(Path(folder)):
        return write_csv(knockout_file(folder, decider, conflict), table)


def read_summary(folder: Path | str) -> pd.DataFrame:
    """A run's summary.csv; observed levels stay text ("1", "0-1")."""
    return pd.read_csv(
        Path(folder) / SUMMARY, dtype={"observed": str}, keep_default_na=False, na_values=[""]
    )
