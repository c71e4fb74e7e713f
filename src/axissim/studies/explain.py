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
from axissim.engine.leaning import leanings
from axissim.engine.outcomes import course
from axissim.engine.world import World, compile_world
from axissim.errors import InputError
from axissim.levels import LEVEL_NAMES
from axissim.scenario import Scenario
from axissim.wording import step_date


@dataclass(frozen=True)
class Explanation:
    """A decision at one step of one world, decomposed. Levels index the columns, interests the
    rows (commitment among them); the leaning the world drew at that moment is the rest of
    each total."""

    decider: str
    conflict: str
    step: int
    date: str | None
    seed: int
    beneficiary: str
    contributions: pd.DataFrame  # interests x levels (none .. troops) for aid to `beneficiary`
    exposures: pd.Series  # interest -> exposure e_k
    weights: pd.Series  # interest -> weight w_k
    utility: pd.Series  # level -> the sum of the named contributions
    leaning: pd.Series  # level -> the world's leaning at that step (T x its Gumbel draw)
    probability: pd.Series  # level -> share of simulated worlds holding it as the policy
    chosen_level: int  # -1 when this world aids the other side
    other_side: str
    other_side_best: tuple[int, float]  # the best level and its total for the other side
    worlds: int  # behind `probability`

    @property
    def total(self) -> pd.Series:
        """level -> utility + leaning: the option with the highest total is chosen."""
        return self.utility + self.leaning


REPLICATES = 1000
"""Worlds simulated for the policy distribution and to find a world holding the modal policy."""


def _decision(world: World, decider: str, conflict: str):
    try:
        return world.decisions[world.decision_index(decider, conflict)]
    except KeyError as exc:
        raise InputError("explain", f"{decider}:{conflict}", str(exc.args[0])) from None


def _adopted(world: World, traj, index: int) -> int:
    """The step at which the world's final policy was chosen: the decider's last decision."""
    decided = kernel.moments(world, kernel.links(world), traj.levels, traj.sides)[0, :, index]
    return int(np.flatnonzero(decided)[-1])


def explain(
    scenario: Scenario,
    decider: str,
    conflict: str,
    step: int | None = None,
    seed: int | None = None,
    beneficiary: str | None = None,
    replicates: int = REPLICATES,
) -> Explanation:
    """Decompose the decision `axissim run` reports.

    Runs `replicates` worlds from the scenario's seed; the world shown is `seed`, by default
    the first of them whose policy is the modal one (the level and side the run reports), at
    `step`, by default the step at which that world adopted its policy. The side shown is
    `beneficiary`, else the side aided, else the observed one, else the side with the best
    option.
    """
    world = compile_world(scenario)
    d = _decision(world, decider, conflict)
    seeds = np.arange(scenario.seed, scenario.seed + replicates, dtype=np.uint64)
    held = course(world, simulate(world, seeds), d.index)
    option = kernel.option_index(held.side, held.level)
    counts = np.bincount(option, minlength=kernel.N_OPTIONS)
    seed = int(seeds[np.argmax(option == counts.argmax())]) if seed is None else seed
    t, parts, exposure = _state(world, d, seed, step)
    util = parts.sum(axis=-1)
    choice = scenario.choice
    leaning = np.zeros_like(util)
    if choice.rule == "logit":
        leaning = choice.temperature * leanings([seed], t, [d.index])[0]
    chosen = int((util + leaning).argmax())
    s = _shown_side(scenario, d, chosen, util + leaning, beneficiary)
    options = [0, *range(1 + s * kernel.LADDER, 1 + (s + 1) * kernel.LADDER)]
    other = [1 + (1 - s) * kernel.LADDER + r for r in range(kernel.LADDER)]
    best_other = max(other, key=lambda o: util[o] + leaning[o])
    names, levels = list(interests.INTEREST_NAMES), list(LEVEL_NAMES)
    chosen_side, chosen_level = kernel.option_side_level(chosen)
    return Explanation(
        decider=decider,
        conflict=conflict,
        step=t,
        date=step_date(scenario, t),
        seed=seed,
        beneficiary=d.leads[s],
        contributions=pd.DataFrame(parts[options].T, index=names, columns=levels),
        exposures=pd.Series(exposure[s], index=names),
        weights=pd.Series(world.weights[d.index], index=names),
        utility=pd.Series(util[options], index=levels),
        leaning=pd.Series(leaning[options], index=levels),
        probability=pd.Series(counts[options] / replicates, index=levels),
        chosen_level=chosen_level if chosen_side in (-1, s) else -1,
        other_side=d.leads[1 - s],
        other_side_best=(
            kernel.option_side_level(best_other)[1],
            float(util[best_other] + leaning[best_other]),
        ),
        worlds=replicates,
    )


def _state(world: World, d, seed: int, step: int | None):
    """The step explained (by default the world's adoption of its final policy), each option's
    contributions there (O, K) and the decision's exposures (S, K)."""
    active = np.flatnonzero(world.active[:, world.conflict_of[d.index]])
    traj = simulate(world, [seed])
    t = _adopted(world, traj, d.index)
    t = t if step is None else step
    if t not in active:
        raise InputError(
            "explain",
            "--step",
            f"{d.conflict} is fought at steps {active[0]}-{active[-1]}; at step {t} nobody decides",
        )
    level, side = (
        (traj.levels[:, t - 1], traj.sides[:, t - 1])
        if t > 0
        else initial_state(1, len(world.decisions))
    )
    exposure = kernel.dynamic_exposures(world, kernel.links(world), level, side, t)
    decided = t > world.first_active[d.index]
    held = kernel.option_index(side, level)
    parts = kernel.contributions(exposure, world.weights[None], held, decided)
    return t, parts[0, d.index], exposure[0, d.index]


def _shown_side(scenario: Scenario, d, chosen: int, total: np.ndarray, beneficiary) -> int:
    """The side to show: the one asked for, else the one aided, else the observed one, else
    the one with the best option."""
    if beneficiary is not None:
        if beneficiary not in d.leads:
            raise InputError("explain", "--beneficiary", f"expected one of {', '.join(d.leads)}")
        return d.leads.index(beneficiary)
    side, _ = kernel.option_side_level(chosen)
    if side >= 0:
        return side
    observed = {(o.decider, o.conflict): o.beneficiary for o in scenario.observed}
    lead = observed.get((d.decider, d.conflict))
    if lead is not None:
        return d.leads.index(lead)
    best = [total[1 + s * kernel.LADDER :][: kernel.LADDER].max() for s in range(kernel.SIDES)]
    return int(np.argmax(best))


def explanation_document(e: Explanation, chart: Path | str) -> dict[str, Any]:
    """The --json document of an explanation, with the chart drawn of it."""
    return {
        "decider": e.decider,
        "conflict": e.conflict,
        "step": e.step,
        "date": e.date,
        "seed": e.seed,
        "beneficiary": e.beneficiary,
        "chosen_level": e.chosen_level,
        "utility": e.utility.round(6).to_dict(),
        "leaning": e.leaning.round(6).to_dict(),
        "total": e.total.round(6).to_dict(),
        "probability": e.probability.round(6).to_dict(),
        "worlds": e.worlds,
        "contributions": e.contributions.round(6).to_dict(orient="index"),
        "exposures": e.exposures.round(6).to_dict(),
        "weights": e.weights.to_dict(),
        "chart": str(chart),
    }
