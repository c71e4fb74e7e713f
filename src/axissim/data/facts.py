"""Facts of states and of ordered pairs of states in a year, each with its source, as a
generated scenario writes them; and the header lines saying where they come from.

The rules that turn the data into facts: `axissim.data.rules`; the tables: `axissim.data.tables`.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from axissim.data import rules
from axissim.data.tables import CITES, dyad_facts, state_facts, tables

NOT_CODED = ("hostility", "suspicion", "ties", "oil_imports", "past_aid", "payment", "war_load")
"""Facts the data do not hold: left at their neutral value 0 in a generated scenario."""
RELATION_FACTS = ("treaty", "rivalry", "contiguity", "trade", "affinity")
FACT_CITE = {
    "treaty": CITES["atop"],
    "rivalry": CITES["rivalry"],
    "contiguity": CITES["contiguity"],
    "trade": CITES["trade"],
    "affinity": CITES["democracy"] + " (joint democracy)",
}
DIGITS = 3
"""Relation facts are rounded to 3 decimals (a trade share below 0.1% is 0); trade shares are
rounded down, so that one country's shares never sum above 1."""


def group_facts(states: pd.DataFrame) -> pd.DataFrame:
    """`state_facts` for rows (group, ccode, year, initiating), keeping those columns."""
    facts = state_facts(states).drop(columns=["ccode", "year"])
    return pd.concat([states.reset_index(drop=True), facts], axis=1)


def country_facts(facts: pd.DataFrame) -> dict[Any, dict[str, dict]]:
    """group -> id -> country facts, from `group_facts` rows."""
    out: dict[Any, dict[str, dict]] = {}
    for row in facts.itertuples(index=False):
        known = not pd.isna(row.cinc)
        country = {
            "name": row.name,
            "capability": round(float(row.cinc), 6) if known else 0.0,
            "major_power": bool(row.major_power),
            "nuclear": bool(row.nuclear),
        }
        sources = [
            f"{row.year}: capability {CITES['nmc']} CINC" + ("" if known else " (none: 0)"),
            f"major_power {CITES['majors']}",
            f"nuclear {CITES['nuclear']}",
        ]
        if not pd.isna(row.polyarchy):
            country["regime"] = f"V-Dem polyarchy {row.polyarchy:.2f}"
            sources.append(f"regime {CITES['democracy']}")
        country["source"] = "; ".join(sources)
        out.setdefault(row.group, {})[row.id] = country
    return out


def relation_facts(facts: pd.DataFrame) -> dict[Any, dict[str, dict]]:
    """group -> 'A->B' -> relation facts, for every ordered pair of a group's states with a
    non-zero fact. `facts` are `group_facts` rows."""
    states = facts[["group", "ccode", "year", "id", "polyarchy"]]
    pairs = states.merge(states, on=["group", "year"], suffixes=("1", "2"))
    pairs = pairs[pairs.ccode1 != pairs.ccode2].reset_index(drop=True)
    dyads = dyad_facts(pairs)
    values = rules.treaty(dyads)
    values["rivalry"] = dyads.rival.astype(float)
    values["contiguity"] = rules.contiguity_score(dyads.conttype)
    values["trade"] = dyads.trade
    values["affinity"] = rules.affinity(pairs.polyarchy1, pairs.polyarchy2)
    values = values.round(DIGITS)
    values["trade"] = np.floor(dyads.trade * 10**DIGITS) / 10**DIGITS
    keep = (values[list(RELATION_FACTS)] > 0).any(axis=1)
    rows = pd.concat([pairs[["group", "year", "id1", "id2"]], values], axis=1)[keep]
    out: dict[Any, dict[str, dict]] = {}
    for row in rows.itertuples(index=False):
        relation: dict[str, Any] = {}
        if row.treaty > 0:
            relation.update(treaty=float(row.treaty), treaty_type=row.treaty_type)
        for fact in RELATION_FACTS[1:]:
            if getattr(row, fact) > 0:
                relation[fact] = float(getattr(row, fact))
        cited = "; ".join(f"{fact} {FACT_CITE[fact]}" for fact in relation if fact in FACT_CITE)
        relation["source"] = f"{row.year}: {cited}"
        out.setdefault(row.group, {})[f"{row.id1}->{row.id2}"] = relation
    return out


def _coverage(year: int) -> list[str]:
    """Header lines naming the data sets that do not reach `year` (their facts stay 0)."""
    t = tables()
    spans = {
        "capability (COW NMC)": t.cinc.year,
        "treaty (ATOP)": t.atop.year,
        "trade (COW trade)": t.trade_shares.year,
        "affinity and regime (V-Dem)": t.polyarchy.year,
    }
    return [
        f"#   {what}: the data cover {int(years.min())}-{int(years.max())}, not {year}: left at 0"
        for what, years in spans.items()
        if not years.min() <= year <= years.max()
    ]


def facts_header(year: int) -> list[str]:
    """Header lines saying where each fact comes from, which rule reads it, what is not coded."""
    return [
        f"# Facts of {year}, each with its data set beside it (full citations:",
        "#   src/axissim/data/files/README.md; rules: axissim.data.rules):",
        "#   capability = CINC (COW NMC v7.0); major_power (COW); nuclear (first test;",
        "#   Israel 1967); treaty = the strongest ATOP v5.1 obligation of A to B: offence 1,",
        "#   defence 1 (0.5 when B's side initiated the war), neutrality 0.3, non-aggression 0.2,",
        "#   consultation 0.1; rivalry = 1 for strategic rivals (Thompson, Sakuwa & Suhas 2021);",
        "#   contiguity = 1 land, 0.8/0.6/0.4/0.2 across 12/24/150/400 miles of water (COW Direct",
        "#   Contiguity v3.2); trade = share of A's trade done with B (COW Dyadic Trade v4.0; a",
        "#   missing flow counts 0, shares below 0.1% too); affinity = the lower V-Dem polyarchy",
        "#   score of the two when both reach 0.5 (joint democracy by its weak link), else 0.",
        *_coverage(year),
        f"# Not coded (no data; left at 0): {', '.join(NOT_CODED)}.",
    ]
