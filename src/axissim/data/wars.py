"""Scenarios of COW inter-state wars: the original belligerents' sides, the potential joiners
deciding, and what COW records of them as observations (wars, sides, leads and potential
joiners: `axissim.data.corpus`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from axissim.data.corpus import originals, participants, potential_joiners
from axissim.data.documents import (
    DEFAULT_WEIGHTS,
    Facts,
    WeightsPart,
    command,
    document_header,
    validate_document,
    weights_part,
    yearly_document,
)
from axissim.data.facts import country_facts, group_facts, relation_facts
from axissim.data.tables import CITES, tables
from axissim.errors import InputError
from axissim.scenario import Scenario

PREFIX = "cow_war_"
"""The name of every corpus scenario starts with this, then the war's COW number."""


def war_documents(
    warnums: list[int] | None, weights: Path | str = DEFAULT_WEIGHTS
) -> dict[int, tuple[dict[str, Any], list[str]]]:
    """(scenario document, header comment lines) of each COW war asked for (all when None).

    The sides are the original belligerents, the deciders the potential joiners, the
    observations what COW records of them (axissim.data.corpus).
    """
    orig, joiners = originals(), potential_joiners()
    known = sorted(int(n) for n in orig.warnum.unique())
    for n in warnums or []:
        if n not in known:
            raise InputError(
                "--war", "", f"no COW inter-state war {n}; known: {known[0]}..{known[-1]} "
                f"({len(known)} wars)"
            )  # fmt: skip
    wanted = known if warnums is None else list(warnums)
    orig, joiners = orig[orig.warnum.isin(wanted)], joiners[joiners.warnum.isin(wanted)]
    facts = group_facts(_war_states(orig, joiners))
    countries, relations = country_facts(facts), relation_facts(facts)
    weights_doc = weights_part(weights)
    outside = _outside(wanted, joiners)
    by_war = [dict(tuple(frame.groupby("warnum"))) for frame in (orig, joiners, outside)]
    return {
        n: _war_document(
            n,
            by_war[0][n],
            by_war[1].get(n, joiners.iloc[:0]),
            by_war[2].get(n, outside.iloc[:0]),
            (countries[n], relations.get(n, {})),
            weights_doc,
            command("--war", n, weights=weights),
        )
        for n in wanted
    }


def _war_states(orig: pd.DataFrame, joiners: pd.DataFrame) -> pd.DataFrame:
    """The state-years whose facts the wars' scenarios hold: (group: the war, ccode, year,
    initiating): the original belligerents in the war's first year, the potential joiners in
    the year they decide."""
    return pd.concat(
        [
            orig[["warnum", "ccode", "onset", "initiating_side"]].set_axis(
                ["group", "ccode", "year", "initiating"], axis=1
            ),
            joiners[["warnum", "ccode", "year"]].set_axis(["group", "ccode", "year"], axis=1),
        ],
        ignore_index=True,
    ).fillna({"initiating": False})


def _outside(wanted: list[int], joiners: pd.DataFrame) -> pd.DataFrame:
    """The states that joined a war but are no potential joiner by the rule, with their ids."""
    part = participants()
    outside = part[~part.original & part.warnum.isin(wanted)].merge(
        joiners[["warnum", "ccode"]], how="left", indicator=True
    )
    return outside[outside._merge == "left_only"].merge(
        tables().state_years, left_on=["ccode", "first_year"], right_on=["ccode", "year"]
    )


def _war_document(
    n: int,
    orig: pd.DataFrame,
    joiners: pd.DataFrame,
    outside: pd.DataFrame,
    facts: Facts,
    weights: WeightsPart,
    command_line: str,
) -> tuple[dict[str, Any], list[str]]:
    """One war's document and header from its rows of `originals` and `potential_joiners`,
    the joiners outside the rule, and its facts."""
    onset, end = int(orig.onset.iloc[0]), int(orig.end.iloc[0])
    war = f"{CITES['war']}, war {n}"
    sides, lead_of = _sides(orig)
    deciders = list(joiners.sort_values("ccode")["id"])
    names = " against ".join(", ".join(side["belligerents"]) for side in sides.values())
    conflict = {
        "name": f"COW inter-state war {n} ({onset}-{end})",
        "sides": sides,
        "initiator": lead_of[int(orig[orig.initiating_side].side.iloc[0])].lower(),
        "start": 0,
        "deciders": deciders,
        "source": f"{war}: original belligerents (fighting in {onset}), sides and "
        "initiator flags; deciders: potential joiners (axissim.data.corpus)",
    }
    description = (
        f"COW inter-state war {n}, {onset}-{end}: {names}. {len(deciders)} "
        f"potential joiners decide; {int(joiners.joined.sum())} joined."
    )
    doc = yearly_document(
        f"{PREFIX}{n}",
        description,
        end - onset + 1,
        n,
        weights,
        facts,
        {f"war_{n}": conflict},
        onset,
    )
    doc["observed"] = _observed(f"war_{n}", war, joiners, lead_of)
    lines = _how_made(n, onset, end, command_line, outside)
    return doc, document_header(lines, onset, weights)


def _how_made(n: int, onset: int, end: int, command_line: str, outside: pd.DataFrame) -> list[str]:
    """The header lines saying how a war's scenario is made."""
    missed = ", ".join(f"{r.id} ({r.first_year})" for r in outside.itertuples(index=False))
    return [
        f"# Generated by `{command_line}`: COW inter-state war {n}, {onset}-{end}.",
        "# Edit it like any other scenario; `axissim check` validates it.",
        f"# Sides: the original belligerents (fighting in {onset}; {CITES['war']}); each side's",
        f"#   lead (first belligerent) is its member with the largest CINC in {onset}; initiator:",
        "#   the side of COW's initiator flags.",
        "# Deciders: the potential joiners, all deciding together from step 0: states with an",
        "#   ATOP defence pledge to an original belligerent that did not initiate the war, the",
        "#   major powers, and the land neighbours of any original belligerent.",
        f"# Time: one step a year, {onset} = step 0 (COW gives years only); joiners are deciders,",
        "#   so no joins are listed.",
        "# Observed: level 4 (troops) with the lead of the side joined for the states COW lists as",
        "#   joining; [0, 3] (anything short of troops, either side) for the others: COW records",
        "#   war participation only, not the lower rungs.",
        *(
            [f"# Joined but no potential joiner by this rule, so not in the scenario: {missed}."]
            if missed
            else []
        ),
    ]


def _sides(orig: pd.DataFrame) -> tuple[dict[str, dict], dict[int, str]]:
    """The sides (named by their leads) with their belligerents, and each COW side's lead."""
    sides, lead_of = {}, {}
    for side, members in orig.groupby("side"):
        ids = list(members.sort_values(["lead", "ccode"], ascending=[False, True])["id"])
        sides[ids[0].lower()] = {"belligerents": ids}  # the lead first, then by ccode
        lead_of[side] = ids[0]
    return sides, lead_of


def _observed(
    conflict: str, war: str, joiners: pd.DataFrame, lead_of: dict[int, str]
) -> list[dict[str, Any]]:
    """What COW records of the potential joiners: troops for the side joined, or nothing
    (which says nothing of the levels short of troops)."""
    observed = []
    for row in joiners.sort_values("ccode").itertuples(index=False):
        if row.joined:
            lead = lead_of[row.side_joined]
            observed.append(
                {"decider": row.id, "conflict": conflict, "beneficiary": lead, "level": 4,
                 "source": f"{war}: joined in {row.joined_year} on the side of {lead}"}
            )  # fmt: skip
        else:
            observed.append(
                {"decider": row.id, "conflict": conflict, "level": [0, 3],
                 "source": f"{war}: did not take part; COW records war participation only, "
                 "not aid short of troops (levels 0-3, either side)"}
            )  # fmt: skip
    return observed


def corpus_scenarios(weights: Path | str = DEFAULT_WEIGHTS) -> dict[int, Scenario]:
    """Every COW inter-state war as a validated Scenario, by war number."""
    return {
        n: validate_document(doc, f"{PREFIX}{n}")
        for n, (doc, _) in war_documents(None, weights).items()
    }


def from_corpus(scenario: Scenario) -> bool:
    """Whether the scenario was built from the war corpus (`axissim data scenario --war`)."""
    return scenario.name.startswith(PREFIX)


def evidence_names(scenarios: tuple[Scenario, ...] | list[Scenario]) -> str:
    """The scenarios fitted to, as a person reads them: their names, the corpus's wars counted."""
    wars = sum(from_corpus(s) for s in scenarios)
    names = [s.name for s in scenarios if not from_corpus(s)]
    return ", ".join(names + [f"{wars} wars of the COW corpus"] * bool(wars))
