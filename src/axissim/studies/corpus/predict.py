"""The model's P(troops) for every potential joiner of every COW war, on the batch engine.

A war is one scenario (`data.wars.corpus_scenarios`): its potential joiners decide together
from step 0 to the war's last year. A decision's outcome in one world is its policy, the level
and side held at the conflict's last active step (`engine.outcomes.course`). Per decision the
prediction is the share of worlds whose policy is troops (level 4) for each side; from those:

- `p_model`: troops for the side the state joined (a joiner), or for either side (a state that
  stayed out): P(the record's event), the number every score reads;
- `p_partner`: troops for the side of a partner it holds an ATOP defence pledge to (NaN without
  one): the model's honour rate of that pledge.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from axissim.engine.batch import simulate, simulate_points, world_seeds
from axissim.engine.outcomes import Trajectories, course
from axissim.engine.parameters import Members
from axissim.engine.world import World, compile_world
from axissim.scenario import Scenario

TROOPS = 4
WORLDS_AT_ONCE = 20_000
"""Worlds simulated together for an ensemble (members x replicates are cut into chunks of
whole members of at most this many worlds; the result does not depend on it)."""


@dataclass(frozen=True)
class War:
    """One COW war: its number, its scenario and the scenario compiled for the kernel."""

    number: int
    scenario: Scenario
    world: World


MembersFor = Callable[[War], Members | None]
"""The members (an ensemble, a fitted point) to run a war with; None: its own weights."""


def compile_wars(scenarios: dict[int, Scenario]) -> list[War]:
    """The wars in order of their number, each compiled once."""
    return [War(n, s, compile_world(s)) for n, s in sorted(scenarios.items())]


def troops_shares(world: World, traj: Trajectories) -> np.ndarray:
    """(D, 2): per decision, the share of worlds whose policy is troops for each side."""
    out = np.zeros((len(world.decisions), 2))
    for d in world.decisions:
        held = course(world, traj, d.index)
        troops = held.level == TROOPS
        out[d.index] = [np.mean(troops & (held.side == s)) for s in (0, 1)]
    return out


def war_troops(
    war: War, replicates: int, seed: int | None = None, members: Members | None = None
) -> pd.DataFrame:
    """One row per decision of the war: decider, each side's lead, P(troops) for each side.

    Worlds have consecutive seeds from `seed` (the scenario's own by default); with members
    (an ensemble, or one fitted point) every member runs the same seeds and the shares are
    pooled over all worlds, i.e. averaged over members.
    """
    seeds = world_seeds(replicates, seed, None, war.scenario.seed)
    if members is None:
        traj = simulate(war.world, seeds)
        shares = troops_shares(war.world, traj)
    else:
        per_chunk = max(1, WORLDS_AT_ONCE // len(seeds))
        parts = []
        for start in range(0, len(members), per_chunk):
            block = slice(start, start + per_chunk)
            weights, temperature = members.weights[block], members.temperature[block]
            traj = simulate_points(war.world, weights, temperature, seeds)
            parts.append(troops_shares(war.world, traj) * len(weights))
        shares = np.sum(parts, axis=0) / len(members)
    decisions = war.world.decisions
    return pd.DataFrame(
        {
            "war": war.number,
            "decider": [d.decider for d in decisions],
            "lead_0": [d.leads[0] for d in decisions],
            "lead_1": [d.leads[1] for d in decisions],
            "p_troops_0": shares[:, 0],
            "p_troops_1": shares[:, 1],
        }
    )


def troops_to(shares: pd.DataFrame, leads: pd.Series) -> np.ndarray:
    """P(troops) for the sides whose leads are given ('+'-joined; "" for either side)."""
    out = np.empty(len(shares))
    for i, (row, wanted) in enumerate(zip(shares.itertuples(index=False), leads, strict=True)):
        if not wanted:
            out[i] = row.p_troops_0 + row.p_troops_1
        else:
            names = wanted.split("+")
            out[i] = (row.lead_0 in names) * row.p_troops_0 + (row.lead_1 in names) * row.p_troops_1
    return out


def predict_wars(
    wars: list[War],
    cases: pd.DataFrame,
    replicates: int,
    seed: int | None = None,
    members_for: MembersFor = lambda war: None,
) -> pd.DataFrame:
    """`p_model` and `p_partner` (module docstring) for the rows of `cases` (war, decider,
    beneficiary: the lead of the side joined or "", pledged: the leads of the pledged sides or
    ""), in their order; wars without a row are not run."""
    wanted = set(cases.war)
    shares = pd.concat(
        [
            war_troops(war, replicates, seed, members_for(war))
            for war in wars
            if war.number in wanted
        ],
        ignore_index=True,
    )
    rows = cases[["war", "decider", "beneficiary", "pledged"]].merge(
        shares, on=["war", "decider"], how="left", validate="one_to_one"
    )
    if rows.p_troops_0.isna().any():
        missing = rows[rows.p_troops_0.isna()].iloc[0]
        raise KeyError(f"no decision {missing.decider} in war {missing.war}'s scenario")
    partner = troops_to(rows, rows.pledged)
    return pd.DataFrame(
        {
            "p_model": troops_to(rows, rows.beneficiary),
            "p_partner": np.where(rows.pledged != "", partner, np.nan),
        },
        index=cases.index,
    )
