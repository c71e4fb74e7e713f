"""Every COW inter-state war as a set of joining decisions: one row per (war, potential joiner).

Definitions (files/README.md has them with their citations):

- **original belligerents**: the states fighting in the war's onset year (its first year in COW
  Inter-State War v4.0); **joiners**: the states whose first year in the war comes later. A
  state's side is its COW side in its first year of the war.
- **initiating side**: the side of the originals COW flags as initiators (every war has them on
  one side only); the other is the **target side**.
- **potential joiners** (the rule of ../shared/data/README.md): the states that are system
  members in the onset year, are no original belligerent, and (a) hold an ATOP v5.1 defence
  pledge that year to an original belligerent that did not initiate the war (on either side),
  (b) are COW major powers that year, or (c) share a land border (COW contiguity type 1) that
  year with any original belligerent. ATOP's directed row (ccode1, ccode2) is ccode1's pledge
  to ccode2 (the US-Japan 1951 treaty and Locarno's guarantees appear one way only).
- **lead** of a side: its original belligerent with the largest CINC in the onset year.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from axissim.data.rules import contiguity_score
from axissim.data.tables import OBLIGATIONS, dyad_facts, state_facts, tables

REASONS = ("defence_pledge", "major_power", "land_neighbour")
FEATURES = (
    "defence_target",
    "alliance_target",
    "defence_initiator",
    "rival_target",
    "rival_initiator",
    "contiguity",
    "major_power",
    "log_capability",
    "capability_ratio",
)
"""Structural features of a potential joiner, relative to the war's sides (see `corpus`)."""

CAPABILITY_FLOOR = 1e-6
"""CINC used for a state NMC does not score (or scores 0), so its logarithm is finite."""


def participants() -> pd.DataFrame:
    """One row per (war, state) of COW Inter-State War v4.0: side and initiator flag, first and
    last year, the war's onset and end years, and whether it is an original belligerent."""
    dyads = tables().wars.sort_values(["warnum", "year"], kind="stable")
    out = (
        dyads.groupby(["warnum", "ccode1"], sort=True)
        .agg(
            side=("sidea1", "first"),
            initiator=("initiator1", "max"),
            first_year=("year", "min"),
            last_year=("year", "max"),
        )
        .reset_index()
        .rename(columns={"ccode1": "ccode"})
    )
    out["initiator"] = out.initiator.astype(bool)
    war = out.groupby("warnum")
    out["onset"] = war.first_year.transform("min")
    out["end"] = war.last_year.transform("max")
    out["original"] = out.first_year == out.onset
    return out


def originals() -> pd.DataFrame:
    """The original belligerents of every war with their id, CINC, whether they lead their
    side (largest CINC; ties to the lower ccode) and whether their side initiated the war."""
    part = participants()
    orig = part[part.original].reset_index(drop=True)
    facts = state_facts(orig.rename(columns={"onset": "year"})[["ccode", "year"]])
    orig[["id", "name", "cinc"]] = facts[["id", "name", "cinc"]]
    init_side = orig[orig.initiator].groupby("warnum").side.first()
    orig["initiating_side"] = orig.side == orig.warnum.map(init_side)
    ranked = orig.assign(rank=orig.cinc.fillna(-1.0)).sort_values(
        ["warnum", "side", "rank", "ccode"], ascending=[True, True, False, True]
    )
    leads = ranked.groupby(["warnum", "side"]).head(1)
    orig["lead"] = orig.index.isin(leads.index)
    return orig


def _candidates(orig: pd.DataFrame) -> pd.DataFrame:
    """(warnum, ccode, year, reason) for each reason a state is a potential joiner."""
    t = tables()
    onsets = orig[["warnum", "onset"]].drop_duplicates().rename(columns={"onset": "year"})
    partners = orig[~orig.initiator][["warnum", "ccode", "onset"]]
    atop = t.atop[t.atop.atop_defense == 1][["ccode1", "ccode2", "year"]]
    pledged = partners.merge(atop, left_on=["ccode", "onset"], right_on=["ccode2", "year"])
    land = t.contiguity_years[t.contiguity_years.conttype == 1][["ccode1", "ccode2", "year"]]
    bordering = orig[["warnum", "ccode", "onset"]].merge(
        land, left_on=["ccode", "onset"], right_on=["ccode2", "year"]
    )
    majors = onsets.merge(t.major_years, on="year")
    parts = [
        pledged[["warnum", "ccode1", "year"]].rename(columns={"ccode1": "ccode"}),
        majors[["warnum", "ccode", "year"]],
        bordering[["warnum", "ccode1", "year"]].rename(columns={"ccode1": "ccode"}),
    ]
    reasons = [p.assign(reason=r) for p, r in zip(parts, REASONS, strict=True)]
    return pd.concat(reasons, ignore_index=True).drop_duplicates()


def potential_joiners() -> pd.DataFrame:
    """One row per (war, potential joiner): warnum, year (onset), ccode, id, name, reasons
    ('+'-joined), whether it joined, the COW side it joined (0: none), its first year in the
    war, and whether it joined the target side."""
    orig = originals()
    cands = _candidates(orig)
    fighting = orig.set_index(["warnum", "ccode"]).index
    cands = cands[~cands.set_index(["warnum", "ccode"]).index.isin(fighting)]
    reasons = cands.assign(order=cands.reason.map(REASONS.index)).sort_values("order")
    out = (
        reasons.groupby(["warnum", "ccode", "year"])
        .reason.agg("+".join)
        .rename("reasons")
        .reset_index()
    )
    facts = state_facts(out[["ccode", "year"]])
    out[["id", "name", "member"]] = facts[["id", "name", "member"]]
    out = out[out.member & out["id"].notna()].drop(columns="member").reset_index(drop=True)
    part = participants()
    joiners = part[~part.original][["warnum", "ccode", "side", "first_year"]]
    out = out.merge(joiners, on=["warnum", "ccode"], how="left")
    out["joined"] = out.side.notna()
    out["side_joined"] = out.pop("side").fillna(0).astype("int64")
    out["joined_year"] = out.pop("first_year").astype("Int64")
    target = orig[~orig.initiating_side].groupby("warnum").side.first()
    out["joined_target"] = out.side_joined == out.warnum.map(target)
    return out


def corpus() -> pd.DataFrame:
    """The potential joiners of every war with their structural features (FEATURES).

    Towards the originals of the target side: `defence_target` an ATOP defence pledge,
    `alliance_target` any ATOP obligation; towards the initiating side's originals:
    `defence_initiator` a defence pledge; `rival_target` / `rival_initiator` a strategic
    rivalry with an original of that side; `contiguity` the closest contiguity to any original
    (rules.CONTIGUITY_SCORE); `major_power` (0/1); `log_capability` ln CINC;
    `capability_ratio` CINC / (CINC + the initiating side's summed CINC), i.e. how the state
    would weigh against the side it would fight by defending the target. Also
    `pledged_sides`: the COW sides of the non-initiating originals it holds a defence pledge to
    (for the honour rate), and `honoured` (it joined one of them).
    """
    joiners = potential_joiners()
    orig = originals()
    pairs = joiners[["warnum", "ccode", "year"]].merge(
        orig[["warnum", "ccode", "side", "initiating_side", "initiator"]].rename(
            columns={"ccode": "ccode2"}
        ),
        on="warnum",
    )
    facts = dyad_facts(pairs.rename(columns={"ccode": "ccode1"}))
    pairs = pairs.assign(
        defence=facts.defence.to_numpy(),
        alliance=facts[list(OBLIGATIONS.values())].any(axis=1).to_numpy(),
        rival=facts.rival.to_numpy(),
        contiguity=contiguity_score(facts.conttype).to_numpy(),
    )
    target, init = ~pairs.initiating_side, pairs.initiating_side
    features = pd.DataFrame(
        {
            "warnum": pairs.warnum,
            "ccode": pairs.ccode,
            "defence_target": pairs.defence & target,
            "alliance_target": pairs.alliance & target,
            "defence_initiator": pairs.defence & init,
            "rival_target": pairs.rival & target,
            "rival_initiator": pairs.rival & init,
            "contiguity": pairs.contiguity,
        }
    )
    out = joiners.merge(
        features.groupby(["warnum", "ccode"]).max().reset_index(), on=["warnum", "ccode"]
    )
    pledges = pairs[pairs.defence & ~pairs.initiator]
    sides = pledges.groupby(["warnum", "ccode"]).side.agg(lambda s: tuple(sorted(set(s))))
    keys = zip(out.warnum, out.ccode, strict=True)
    out["pledged_sides"] = [sides.get(key, ()) for key in keys]
    joined = zip(out.side_joined, out.pledged_sides, strict=True)
    out["honoured"] = [side in pledged for side, pledged in joined]
    state = state_facts(out[["ccode", "year"]])
    cinc = state.cinc.fillna(0.0).clip(lower=CAPABILITY_FLOOR).to_numpy()
    out["major_power"] = state.major_power.astype(float).to_numpy()
    out["log_capability"] = np.log(cinc)
    opponent = orig[orig.initiating_side].groupby("warnum").cinc.sum()
    out["capability_ratio"] = cinc / (cinc + out.warnum.map(opponent).fillna(0.0).to_numpy())
    for name in FEATURES:
        out[name] = out[name].astype(float)
    return out
