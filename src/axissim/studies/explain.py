"""Why a decider chose what it chose: each option's utility split into named interests."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from axissim.engine import interests, kernel
from axissim.engine.batch import simulate
from axissim.engine.kernel import initial_state
from axissim.engine.outcomes import course
from axissim.engine.world import World, compile_world
from axissim.errors import InputError
from axissim.levels import LEVEL_NAMES
from axissim.scenario import Scenario
from axissim.scenario.schema import step_date


@dataclass(frozen=True)
class Explanation:
    """A decision at one step of one world, decomposed. Levels index the columns, interests the
    rows (commitment among them); the world's private leaning is the rest of each total."""

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
    leaning: pd.Series  # level -> this world's private leaning (T x its Gumbel draw)
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


def _adopted(levels: np.ndarray, sides: np.ndarray, active: np.ndarray) -> int:
    """The step at which the world's final policy was adopted: its last change of course."""
    option = kernel.option_index(sides[active], levels[active])
    changes = np.flatnonzero(option[1:] != option[:-1]) + 1
    return int(active[changes[-1]] if len(changes) else active[0])


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
    active = np.flatnonzero(world.active[:, world.conflict_of[d.index]])
    seeds = np.arange(scenario.seed, scenario.seed + replicates, dtype=np.uint64)
    held = course(world, simulate(world, seeds), d.index)
    option = kernel.option_index(held.side, held.level)
    counts = np.bincount(option, minlength=kernel.N_OPTIONS)
    if seed is None:
        seed = int(seeds[np.argmax(option == counts.argmax())])
    traj = simulate(world, [seed])
    t = _adopted(traj.levels[0, :, d.index], traj.sides[0, :, d.index], active)
    t = t if step is None else step
    if t not in active:
        raise InputError(
            "explain",
            "--step",
            f"{conflict} is fought at steps {active[0]}-{active[-1]}; at step {t} nobody decides",
        )
    level, side = (
        (traj.levels[:, t - 1], traj.sides[:, t - 1])
        if t > 0
        else initial_state(1, len(world.decisions))
    )
    exposure = kernel.dynamic_exposures(world, kernel.links(world), level, side, t)
    weights = world.weights[None]
    decided = t > world.first_active[d.index]
    parts = kernel.contributions(exposure, weights, kernel.option_index(side, level), decided)
    parts = parts[0, d.index]  # (O, K)
    util = parts.sum(axis=-1)
    leaning = scenario.choice.temperature * kernel.leanings(np.array([seed]), len(world.decisions))
    leaning = leaning[0, d.index] if scenario.choice.rule == "logit" else np.zeros_like(util)
    chosen = int((util + leaning).argmax())
    s = _shown_side(scenario, d, chosen, util + leaning, beneficiary)
    options = [0, *range(1 + s * kernel.LADDER, 1 + (s + 1) * kernel.LADDER)]
    other = [1 + (1 - s) * kernel.LADDER + r for r in range(kernel.LADDER)]
    best_other = max(other, key=lambda o: util[o] + leaning[o])
    names = list(interests.INTEREST_NAMES)
    chosen_side, chosen_level = kernel.option_side_level(chosen)
    return Explanation(
        decider=decider,
        conflict=conflict,
        step=t,
        date=step_date(scenario, t),
        seed=seed,
        beneficiary=d.leads[s],
        contributions=pd.DataFrame(parts[options].T, index=names, columns=list(LEVEL_NAMES)),
        exposures=pd.Series(exposure[0, d.index, s], index=names),
        weights=pd.Series(world.weights[d.index], index=names),
        utility=pd.Series(util[options], index=list(LEVEL_NAMES)),
        leaning=pd.Series(leaning[options], index=list(LEVEL_NAMES)),
        probability=pd.Series(counts[options] / replicates, index=list(LEVEL_NAMES)),
        chosen_level=chosen_level if chosen_side in (-1, s) else -1,
        other_side=d.leads[1 - s],
        other_side_best=(
            kernel.option_side_level(best_other)[1],
            float(util[best_other] + leaning[best_other]),
        ),
        worlds=replicates,
    )


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
