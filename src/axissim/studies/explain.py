"""Why a decider chose what it chose: each option's utility split into named interests."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from axissim.engine import interests, kernel
from axissim.engine.batch import simulate
from axissim.engine.kernel import initial_state
from axissim.engine.world import World, compile_world
from axissim.errors import InputError
from axissim.levels import LEVEL_NAMES
from axissim.scenario import Scenario
from axissim.wording import step_date


@dataclass(frozen=True)
class Explanation:
    """A decision at one step, decomposed. Levels index the columns, interests the rows."""

    decider: str
    conflict: str
    step: int
    date: str | None
    beneficiary: str
    contributions: pd.DataFrame  # interests x levels (none .. troops) for aid to `beneficiary`
    exposures: pd.Series  # interest -> exposure e_k
    weights: pd.Series  # interest -> weight w_k
    utility: pd.Series  # level -> utility (the column sums of contributions)
    probability: pd.Series  # level -> choice probability under logit (argmax: 1 for the best)
    chosen_level: int
    other_side: str
    other_side_best: tuple[int, float]  # the best level and its utility for the other side


def _option_probabilities(world: World, util: np.ndarray) -> np.ndarray:
    choice = world.scenario.choice
    if choice.rule == "argmax":
        out = np.zeros_like(util)
        out[..., util.argmax(axis=-1)] = 1.0
        return out
    return kernel.probabilities(util[None, None], np.array([choice.temperature]))[0, 0]


def explain(
    scenario: Scenario,
    decider: str,
    conflict: str,
    step: int | None = None,
    seed: int | None = None,
    beneficiary: str | None = None,
) -> Explanation:
    """Decompose a decider's choice about a conflict at `step` (default: its last active step).

    The state the decider reacts to is the world with `seed` (default the scenario's) run up to
    the step before. The side shown is `beneficiary`, else the observed one, else the side
    aided, else the side with the best option.
    """
    world = compile_world(scenario)
    try:
        d = world.decisions[world.decision_index(decider, conflict)]
    except KeyError as exc:
        raise InputError("explain", f"{decider}:{conflict}", str(exc.args[0])) from None
    active = np.flatnonzero(world.active[:, world.conflict_of[d.index]])
    t = int(active[-1]) if step is None else step
    if t not in active:
        raise InputError(
            "explain",
            "--step",
            f"{conflict} is fought at steps {active[0]}-{active[-1]}; at step {t} nobody decides",
        )
    seed = scenario.seed if seed is None else seed
    if t > 0:
        traj = simulate(world, [seed])
        level, side = traj.levels[:, t - 1], traj.sides[:, t - 1]
    else:
        level, side = initial_state(1, len(world.decisions))
    exposure = kernel.dynamic_exposures(world, kernel.links(world), level, side, t)
    weights = world.weights[None]
    parts = kernel.contributions(exposure, weights)[0, d.index]  # (O, K)
    util = kernel.utilities(exposure, weights)[0, d.index]
    prob = _option_probabilities(world, util)

    observed = {(o.decider, o.conflict): o.beneficiary for o in scenario.observed}
    chosen_option = int(util.argmax()) if scenario.choice.rule == "argmax" else int(prob.argmax())
    chosen_side, _ = kernel.option_side_level(chosen_option)
    if beneficiary is None:
        beneficiary = observed.get((decider, conflict))
    if beneficiary is None:
        best_side = int(
            np.argmax(
                [util[1 + s * kernel.LADDER :][: kernel.LADDER].max() for s in range(kernel.SIDES)]
            )
        )
        beneficiary = d.leads[chosen_side if chosen_side >= 0 else best_side]
    if beneficiary not in d.leads:
        raise InputError("explain", "--beneficiary", f"expected one of {', '.join(d.leads)}")
    s = d.leads.index(beneficiary)
    options = [0, *range(1 + s * kernel.LADDER, 1 + (s + 1) * kernel.LADDER)]
    other = [1 + (1 - s) * kernel.LADDER + r for r in range(kernel.LADDER)]
    best_other = max(other, key=lambda o: util[o])
    names = list(interests.INTEREST_NAMES)
    return Explanation(
        decider=decider,
        conflict=conflict,
        step=t,
        date=step_date(scenario, t),
        beneficiary=beneficiary,
        contributions=pd.DataFrame(parts[options].T, index=names, columns=list(LEVEL_NAMES)),
        exposures=pd.Series(exposure[0, d.index, s], index=names),
        weights=pd.Series(world.weights[d.index], index=names),
        utility=pd.Series(util[options], index=list(LEVEL_NAMES)),
        probability=pd.Series(prob[options], index=list(LEVEL_NAMES)),
        chosen_level=kernel.option_side_level(chosen_option)[1] if chosen_side in (-1, s) else -1,
        other_side=d.leads[1 - s],
        other_side_best=(kernel.option_side_level(best_other)[1], float(util[best_other])),
    )


def explanation_document(e: Explanation, chart: Path | str) -> dict[str, Any]:
    """The --json document of an explanation, with the chart drawn of it."""
    return {
        "decider": e.decider,
        "conflict": e.conflict,
        "step": e.step,
        "date": e.date,
        "beneficiary": e.beneficiary,
        "chosen_level": e.chosen_level,
        "utility": e.utility.round(6).to_dict(),
        "probability": e.probability.round(6).to_dict(),
        "contributions": e.contributions.round(6).to_dict(orient="index"),
        "exposures": e.exposures.round(6).to_dict(),
        "weights": e.weights.to_dict(),
        "chart": str(chart),
    }
