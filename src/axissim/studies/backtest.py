"""Back-test: run historical cases with fixed weights and score them against the record.

A case is a scenario file with observed decisions. For each observed decision the prediction
is the distribution of its policy over replicate worlds, with the case's own weights, a weights
file, an ensemble (the members' distributions averaged) or, in leave-one-case-out, weights
fitted without the case (`calibrate.fold_fit`).

Predictions are scored on the signed ladder of `axissim.studies.ladder`, where aid to the side
the decider did not aid is a miss. Two rules of thumb are scored the same way, as point
predictions: "troops to the partner of an applicable mutual-defence treaty, else rhetorical"
and "always the most common observed level". Both are given the observed beneficiary whenever
they aid (the treaty rule, unless the treaty is owed to the other side), so they never lose a
point for the side.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from axissim import bars
from axissim.engine.parameters import Members, members
from axissim.errors import InputError
from axissim.folders.calibration import read_ensemble
from axissim.scenario import Scenario, load_scenario
from axissim.scenario.schema import TEMPERATURE
from axissim.studies.ladder import (
    P_COLUMNS,
    PROBABILITY_FLOOR,
    SIGNED_COLUMNS,
    TROOPS,
    confusion,
    modal_signed,
    most_common_level,
    point_mass,
    scores,
    side_distribution,
)
from axissim.studies.run import check_run, run_scenario

ARMS, RHETORICAL = 3, 1
MODERN_ERA = 1945
"""The literature splits alliance reliability before and after the Second World War."""

LITERATURE = (
    ("Leeds, Long & Mitchell 2000", "alliance commitments in war, 1816-1944", 0.745),
    ("Berkemeier & Fuhrmann 2018", "alliance commitments in war, 1816-2003", 0.50),
    ("Berkemeier & Fuhrmann 2018", "before 1945", 0.66),
    ("Berkemeier & Fuhrmann 2018", "1945-2003", 0.22),
    ("Berkemeier & Fuhrmann 2018", "defence pacts, 1816-2003", 0.41),
)
"""Published honour rates (share of alliance commitments fulfilled when the casus foederis
arose): Leeds, Long and Mitchell, J. Conflict Resolution 44(5) 2000, "alliances are reliable
74.5% of the time"; Berkemeier and Fuhrmann, Research & Politics 5(2) 2018, 50% overall, 66%
before 1945, 22% from 1945 to 2003, 41% for defence pacts."""


@dataclass(frozen=True)
class Case:
    """A historical case: the file it came from and the validated scenario."""

    path: Path
    scenario: Scenario

    @property
    def name(self) -> str:
        return self.scenario.name

    @property
    def year(self) -> int | None:
        date = self.scenario.start_date
        return None if date is None else date.year


def case_paths(places: Iterable[Path | str]) -> list[Path]:
    """Every `*.yaml` of the given folders (sorted), and any files given directly."""
    paths: list[Path] = []
    for place in map(Path, places):
        found = sorted(place.glob("*.yaml")) if place.is_dir() else [place]
        if not found:
            raise InputError(str(place), "", "no case files (*.yaml) in this folder")
        paths += found
    return paths


def load_cases(paths: Sequence[Path], weights_file: Path | str | None = None) -> list[Case]:
    """Load each case; a weights file replaces every case's weights (and its temperature)."""
    overrides = [f"weights={weights_file}"] if weights_file else []
    return [Case(path, load_scenario(path, overrides=overrides)) for path in paths]


# --- predictions ---


def defence_partner(scenario: Scenario, decider: str, conflict: str) -> str | None:
    """The side lead to which the decider owes an applicable mutual-defence obligation.

    Applicable: treaty_type mutual_defence and an obligation (treaty) above 0 in this war; with
    such treaties towards both leads, the stronger obligation counts.
    """
    leads = scenario.conflicts[conflict].leads
    owed = [
        (relation.treaty, lead)
        for lead in leads
        if (relation := scenario.relations.get(f"{decider}->{lead}")) is not None
        and relation.treaty_type == "mutual_defence"
        and relation.treaty > 0
    ]
    return max(owed)[1] if owed else None


def fitted_members(
    scenario: Scenario, weights: dict[str, float], temperature: float | None
) -> Members:
    """One member: the scenario's weights with fitted ones replaced, and a temperature."""
    names = [*weights, *([TEMPERATURE] if temperature is not None else [])]
    values = [*weights.values(), *([temperature] if temperature is not None else [])]
    return members(scenario, names, np.array([values], dtype=float), "fit")


def predict(case: Case, replicates: int, seed: int | None, members: Members | None) -> list[dict]:
    """One row per observed decision: the record, the predicted policy distribution, the rule."""
    outcomes = run_scenario(case.scenario, replicates, seed, members).outcomes
    rows = []
    for obs in case.scenario.observed:
        lo, hi = obs.level_range
        partner = defence_partner(case.scenario, obs.decider, obs.conflict)
        leads = case.scenario.conflicts[obs.conflict].leads
        sel = outcomes[(outcomes.decider == obs.decider) & (outcomes.conflict == obs.conflict)]
        to_partner = (sel.level >= ARMS) & (sel.beneficiary == partner)
        to_observed = (sel.beneficiary == obs.beneficiary) | (obs.beneficiary is None)
        p = side_distribution(sel.level.to_numpy(), to_observed.to_numpy())
        modal = int(modal_signed([[p[c] for c in SIGNED_COLUMNS]])[0])
        other = next(lead for lead in leads if lead != obs.beneficiary)
        aided = {1: obs.beneficiary or "", 0: "", -1: other}[int(np.sign(modal))]
        owed_elsewhere = partner is not None and obs.beneficiary not in (None, partner)
        rows.append(
            {
                "case": case.name,
                "year": case.year,
                "decider": obs.decider,
                "conflict": obs.conflict,
                "beneficiary": obs.beneficiary,
                "observed_low": lo,
                "observed_high": hi,
                **p,
                "p_observed": sum(p[P_COLUMNS[k]] for k in range(lo, hi + 1)),
                "level": abs(modal),
                "predicted_beneficiary": aided,
                "p_modal": p[SIGNED_COLUMNS[modal + TROOPS]],
                "partner": partner or "",
                "p_partner_arms": float(to_partner.mean()) if partner else np.nan,
                "rule_signed": (-1 if owed_elsewhere else 1) * (TROOPS if partner else RHETORICAL),
            }
        )
    return rows


def predictions(
    cases: Sequence[Case],
    replicates: int,
    seed: int | None = None,
    members_for: Callable[[Case], Members | None] = lambda case: None,
    progress: bars.Progress = bars.quiet,
) -> pd.DataFrame:
    """Per observed decision of every case: record, prediction and both baselines' levels.

    The most common level is taken over all the decisions given (in-sample).
    """
    rows, bar = [], progress(len(cases), "back-test", "case")
    for case in cases:
        rows += predict(case, replicates, seed, members_for(case))
        bar.update(1)
    bar.close()
    frame = pd.DataFrame(rows)
    frame["common_level"] = most_common_level(frame.observed_low, frame.observed_high)
    return frame


def ensemble_members(path: Path | str) -> Callable[[Case], Members]:
    """Members of an ensemble file for each case (columns it lacks keep the case's values)."""
    return lambda case: read_ensemble(path, case.scenario)


# --- scores ---


def forecasts(frame: pd.DataFrame, model: str = "model") -> dict[str, np.ndarray]:
    """The model's signed distributions and the two baselines as point masses, by name."""
    return {
        model: frame[SIGNED_COLUMNS].to_numpy(),
        "treaty rule": point_mass(frame.rule_signed),
        "most common level": point_mass(frame.common_level),
    }


def score_table(frame: pd.DataFrame, model: str = "model") -> pd.DataFrame:
    """One row per forecaster: exact, within_one, log_score, brier, decisions."""
    low, high = frame.observed_low, frame.observed_high
    forecasters = forecasts(frame, model).items()
    return pd.DataFrame([{"forecaster": name, **scores(p, low, high)} for name, p in forecasters])


# --- alliance reliability ---


def honour_table(frame: pd.DataFrame, folds: pd.DataFrame | None = None) -> pd.DataFrame:
    """Honour rates of applicable mutual-defence treaties over the cases, beside the literature.

    A treaty is honoured when the decider aided its partner at arms or above for the whole
    observed range (lower bound >= 3), or, stricter and closer to the literature's coding of
    defence pacts, with troops (lower bound 4). `model` is the mean predicted P(arms or
    troops to the partner); with leave-one-case-out `folds`, `model_loco` the same out of sample.
    """
    if folds is not None:
        if folds.case.tolist() != frame.case.tolist():
            raise ValueError("the folds do not hold the cases' decisions in their order")
        frame = frame.assign(p_partner_arms_loco=folds.p_partner_arms.to_numpy())
    owed = frame[frame.partner != ""]
    to_partner = owed.beneficiary == owed.partner
    owed = owed.assign(
        arms=to_partner & (owed.observed_low >= ARMS),
        troops=to_partner & (owed.observed_low >= TROOPS),
    )
    groups = {
        "all cases": owed,
        f"before {MODERN_ERA}": owed[owed.year < MODERN_ERA],
        f"{MODERN_ERA} on": owed[owed.year >= MODERN_ERA],
    }
    rows = [
        {
            "source": "these cases",
            "scope": scope,
            "treaties": len(group),
            "honoured_arms": _mean(group.arms),
            "honoured_troops": _mean(group.troops),
            "model": _mean(group.p_partner_arms),
            **({"model_loco": _mean(group.p_partner_arms_loco)} if folds is not None else {}),
        }
        for scope, group in groups.items()
    ]
    rows += [{"source": s, "scope": scope, "published": rate} for s, scope, rate in LITERATURE]
    return pd.DataFrame(rows)


def _mean(values: pd.Series) -> float:
    return float(values.mean()) if len(values) else float("nan")


# --- leave one case out ---


def loco(
    cases: Sequence[Case],
    article: Scenario,
    fit: Callable[..., Any],
    replicates: int,
    seed: int | None = None,
    progress: bars.Progress = bars.quiet,
) -> pd.DataFrame:
    """Fit on the article and every case but one, predict that one; for every case.

    `fit(scenarios, seed=0)` (the command's: `calibrate.fold_fit`, which adds the war corpus)
    returns `weights` and `temperature` (or None), added as columns; the most common level is
    taken over the other cases. `progress` shows the folds done and the time left.
    """
    rows, bar = [], progress(len(cases), "leave-one-case-out", "fold")
    for case in cases:
        others = [c.scenario for c in cases if c is not case]
        fitted = fit([article, *others], seed=0)
        members = fitted_members(case.scenario, fitted.weights, fitted.temperature)
        seen = [o.level_range for c in cases if c is not case for o in c.scenario.observed]
        common = most_common_level(*zip(*seen, strict=True))
        for row in predict(case, replicates, seed, members):
            row["common_level"] = common
            row["fit_temperature"] = fitted.temperature
            row.update({f"fit_{k}": v for k, v in fitted.weights.items()})
            rows.append(row)
        bar.update(1)
    bar.close()
    return pd.DataFrame(rows)


# --- the whole back-test and its results folder ---


@dataclass(frozen=True)
class Backtest:
    """Predictions and scores with the given weights and, if run, leave-one-case-out."""

    cases: list[Case]
    predictions: pd.DataFrame
    scores: pd.DataFrame
    honour: pd.DataFrame
    loco: pd.DataFrame | None = None
    loco_scores: pd.DataFrame | None = None

    @property
    def all_scores(self) -> pd.DataFrame:
        return pd.concat([self.scores, self.loco_scores], ignore_index=True)

    def document(self) -> dict[str, Any]:
        """scores.json: the scores and honour rates, with how they were computed."""
        honour = self.honour.astype(object).where(self.honour.notna(), None)
        return {
            "probability_floor": PROBABILITY_FLOOR,
            "ranges": "an observed range [lo, hi] is spread uniformly over its levels",
            "scores": self.all_scores.to_dict(orient="records"),
            "honour": honour.to_dict("records"),
        }

    def confusion_panels(self) -> list[tuple[str, np.ndarray]]:
        """(forecaster, observed x predicted counts) for each forecaster, LOCO last."""
        low, high = self.predictions.observed_low, self.predictions.observed_high
        panels = [(n, confusion(p, low, high)) for n, p in forecasts(self.predictions).items()]
        if self.loco is not None:
            p, folds = self.loco[SIGNED_COLUMNS].to_numpy(), self.loco
            panels.append((LOCO_MODEL, confusion(p, folds.observed_low, folds.observed_high)))
        return panels


LOCO_MODEL = "model, leave-one-case-out"
LOCO_COMMON = "most common level, leave-one-case-out"


def loco_score_table(folds: pd.DataFrame) -> pd.DataFrame:
    """The scores that leaving cases out changes: the model's and the most common level's."""
    table = score_table(folds, LOCO_MODEL)
    table = table[table.forecaster != "treaty rule"]
    return table.replace({"forecaster": {"most common level": LOCO_COMMON}}).reset_index(drop=True)


def backtest(
    cases: Sequence[Case],
    replicates: int,
    seed: int | None = None,
    members_for: Callable[[Case], Members | None] = lambda case: None,
    article: Scenario | None = None,
    fit: Callable[..., Any] | None = None,
    progress: bars.Progress = bars.quiet,
) -> Backtest:
    """Score the cases with their (or the given) weights; with an article and `fit`, also LOCO.
    `progress` shows the cases and folds done and the time left."""
    for case in cases:  # every case within the limits before the first one runs
        check_run(case.scenario, replicates, members_for(case), str(case.path))
    frame = predictions(cases, replicates, seed, members_for, progress)
    folds = None if fit is None else loco(cases, article, fit, replicates, seed, progress)
    return Backtest(
        list(cases),
        frame,
        score_table(frame),
        honour_table(frame, folds),
        folds,
        None if folds is None else loco_score_table(folds),
    )
