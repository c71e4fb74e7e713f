"""Scenarios from the data: a COW war, or any year and countries with two sides the user names.

A scenario document is a plain dict in the scenario file format, every fact with its source
beside it; `scenario_yaml` writes it with a header comment saying how it was made. Rules for
the facts: `axissim.data.rules`; for wars, sides, leads and potential joiners:
`axissim.data.corpus`.
"""

from __future__ import annotations

import difflib
import shlex
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import yaml

from axissim.data import rules
from axissim.data.corpus import originals, participants, potential_joiners
from axissim.data.tables import CITES, dyad_facts, state_facts, tables
from axissim.errors import InputError
from axissim.files import write_text
from axissim.scenario import Scenario
from axissim.scenario.checks import check_references
from axissim.scenario.merge import Merged
from axissim.scenario.schema import WeightError, check_weights
from axissim.scenario.validate import validate
from axissim.scenario.yamlio import read_yaml

DEFAULT_WEIGHTS = Path("scenarios/weights/baseline.yaml")
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
LINE = 400
"""Width of the written YAML: one line per country, relation and observation."""


def read_weights(path: Path | str) -> tuple[dict[str, float], float | None, str]:
    """The weights, fitted temperature (or None) and note of a weights file."""
    doc = read_yaml(path, "a weights mapping")
    weights = doc.get("weights")
    if not isinstance(weights, dict):
        raise InputError(str(path), "weights", "expected a mapping of interest name to number")
    try:
        check_weights(weights)
    except WeightError as exc:
        raise InputError(str(path), ("weights", exc.key), str(exc)) from None
    return weights, doc.get("temperature"), str(doc.get("note", ""))


def _countries(facts: pd.DataFrame) -> dict[Any, dict[str, dict]]:
    """group -> id -> country facts, from `state_facts` rows with their `group`."""
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


def _relations(facts: pd.DataFrame) -> dict[Any, dict[str, dict]]:
    """group -> 'A->B' -> relation facts, for every ordered pair of a group's states with a
    non-zero fact. `facts` are `state_facts` rows with `group` and `initiating` (on a war's
    initiating side: a defence pledge to such a state binds by half, rules.treaty)."""
    states = facts[["group", "ccode", "year", "id", "polyarchy", "initiating"]]
    pairs = states.merge(states, on=["group", "year"], suffixes=("1", "2"))
    pairs = pairs[pairs.ccode1 != pairs.ccode2].reset_index(drop=True)
    dyads = dyad_facts(pairs)
    values = rules.treaty(dyads, pairs.initiating2)
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


def _group_facts(states: pd.DataFrame) -> pd.DataFrame:
    """`state_facts` for rows (group, ccode, year, initiating), keeping those columns."""
    facts = state_facts(states).drop(columns=["ccode", "year"])
    return pd.concat([states.reset_index(drop=True), facts], axis=1)


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


def _facts_header(year: int) -> list[str]:
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


def _weights_part(weights: Path | str) -> tuple[dict[str, Any], list[str]]:
    """The `choice` and `weights` a generated file holds inline, and the header line naming
    the weights file they were copied from."""
    values, temperature, note = read_weights(weights)
    choice = {"rule": "logit"} | ({"temperature": temperature} if temperature else {})
    header = f"# Weights: copied from {weights}" + (f" ({note})" if note else "") + "."
    return {"choice": choice, "weights": values}, [header]


def _command(*options: str | int, weights: Path | str = DEFAULT_WEIGHTS) -> str:
    """The command that regenerates a scenario (with --weights unless the default)."""
    given = [] if Path(weights) == DEFAULT_WEIGHTS else ["--weights", str(weights)]
    return shlex.join(["axissim", "data", "scenario", *map(str, options), *given])


def _side_members(frame: pd.DataFrame) -> list[str]:
    """A side's ids, its lead first, then by ccode."""
    return list(frame.sort_values(["lead", "ccode"], ascending=[False, True])["id"])


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
    states = pd.concat(
        [
            orig[["warnum", "ccode", "onset", "initiating_side"]].set_axis(
                ["group", "ccode", "year", "initiating"], axis=1
            ),
            joiners[["warnum", "ccode", "year"]].set_axis(["group", "ccode", "year"], axis=1),
        ],
        ignore_index=True,
    ).fillna({"initiating": False})
    facts = _group_facts(states)
    countries, relations = _countries(facts), _relations(facts)
    weights_doc, weights_header = _weights_part(weights)
    part = participants()
    outside = part[~part.original & part.warnum.isin(wanted)].merge(
        joiners[["warnum", "ccode"]], how="left", indicator=True
    )
    outside = outside[outside._merge == "left_only"].merge(
        tables().state_years, left_on=["ccode", "first_year"], right_on=["ccode", "year"]
    )
    by_war = [dict(tuple(frame.groupby("warnum"))) for frame in (orig, joiners, outside)]
    empty = outside.iloc[:0]
    return {
        n: _war_document(
            n,
            by_war[0][n],
            by_war[1].get(n, joiners.iloc[:0]),
            by_war[2].get(n, empty),
            countries[n],
            relations.get(n, {}),
            weights_doc,
            weights_header,
            _command("--war", n, weights=weights),
        )
        for n in wanted
    }


def _war_document(
    n: int,
    orig: pd.DataFrame,
    joiners: pd.DataFrame,
    outside: pd.DataFrame,
    countries: dict[str, dict],
    relations: dict[str, dict],
    weights_doc: dict[str, Any],
    weights_header: list[str],
    command: str,
) -> tuple[dict[str, Any], list[str]]:
    """One war's document and header from its rows of `originals` and `potential_joiners`,
    the joiners outside the rule, and its facts."""
    onset, end = int(orig.onset.iloc[0]), int(orig.end.iloc[0])
    conflict = f"war_{n}"
    sides, lead_of = {}, {}
    for side, members in orig.groupby("side"):
        ids = _side_members(members)
        sides[ids[0].lower()] = {"belligerents": ids}
        lead_of[side] = ids[0]
    initiator = lead_of[int(orig[orig.initiating_side].side.iloc[0])].lower()
    war = f"{CITES['war']}, war {n}"
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
    deciders = list(joiners.sort_values("ccode")["id"])
    names = " against ".join(", ".join(side["belligerents"]) for side in sides.values())
    doc = {
        "name": f"cow_war_{n}",
        "description": f"COW inter-state war {n}, {onset}-{end}: {names}. {len(deciders)} "
        f"potential joiners decide; {int(joiners.joined.sum())} joined.",
        "steps": end - onset + 1,
        "time_unit": "year",
        "seed": n,
        **weights_doc,
        "countries": countries,
        "relations": relations,
        "conflicts": {
            conflict: {
                "name": f"COW inter-state war {n} ({onset}-{end})",
                "sides": sides,
                "initiator": initiator,
                "start": 0,
                "deciders": deciders,
                "source": f"{war}: original belligerents (fighting in {onset}), sides and "
                "initiator flags; deciders: potential joiners (axissim.data.corpus)",
            }
        },
        "observed": observed,
    }
    missed = ", ".join(f"{r.id} ({r.first_year})" for r in outside.itertuples(index=False))
    header = [
        f"# Generated by `{command}`: COW inter-state war {n}, {onset}-{end}.",
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
        *_facts_header(onset),
        *weights_header,
    ]
    return doc, header


def _year_states(year: int, listed: list[str], option: str) -> dict[str, int]:
    """id -> ccode of states in `year`; an id that is no state then is a InputError."""
    years = tables().state_years
    known = years[years.year == year].dropna(subset=["id"]).set_index("id").ccode
    out = {}
    for state in listed:
        if state not in known:
            close = difflib.get_close_matches(state, list(known.index), n=1)
            hint = f"; did you mean {close[0]}?" if close else ""
            raise InputError(
                option, "", f"{state!r} is not a state system member in {year}{hint} "
                "(ids: src/axissim/data/files/country_ids.csv)"
            )  # fmt: skip
        out[state] = int(known[state])
    return out


def _ids(text: str) -> list[str]:
    """'deu, auh' -> ['DEU', 'AUH']."""
    return [part.strip().upper() for part in text.split(",") if part.strip()]


def year_document(
    year: int,
    countries: list[str],
    sides: list[list[str]],
    initiator: str | None = None,
    weights: Path | str = DEFAULT_WEIGHTS,
) -> tuple[dict[str, Any], list[str]]:
    """A scenario of `year`: the countries (ids), one conflict between two sides (the first id
    of each its lead), deciders the countries on no side; `initiator` names a belligerent of
    the side that started the war, if known."""
    members = tables().state_years.year
    if not members.min() <= year <= members.max():
        raise InputError(
            "--year", "", f"no data for {year}: the state system data (COW v2016) cover "
            f"{members.min()}-{members.max()}"
        )  # fmt: skip
    if len(sides) != 2 or not all(sides):
        raise InputError("--side", "", f"expected two non-empty --side options, got {len(sides)}")
    fighting = [c for side in sides for c in side]
    twice = sorted({c for c in fighting if fighting.count(c) > 1})
    if twice:
        raise InputError("--side", "", f"{', '.join(twice)} on both sides or twice")
    deciders = [c for c in dict.fromkeys(countries) if c not in fighting]
    if not deciders:
        raise InputError("--countries", "", "no decider: name a country on neither side")
    if initiator is not None and initiator not in fighting:
        raise InputError("--initiator", "", f"{initiator!r} is on neither side")
    ccodes = _year_states(year, fighting, "--side") | _year_states(year, deciders, "--countries")
    init_side = next((side for side in sides if initiator in side), [])
    states = pd.DataFrame(
        {"group": 0, "ccode": list(ccodes.values()), "year": year,
         "initiating": [c in init_side for c in ccodes]}
    )  # fmt: skip
    facts = _group_facts(states)
    weights_doc, weights_header = _weights_part(weights)
    side_options = [part for side in sides for part in ("--side", ",".join(side))]
    command = _command(
        "--year", year, "--countries", ",".join(countries), *side_options,
        *(["--initiator", initiator] if initiator else []), weights=weights,
    )  # fmt: skip
    conflict = {
        "name": f"{' and '.join(sides[0])} against {' and '.join(sides[1])} ({year})",
        "sides": {side[0].lower(): {"belligerents": side} for side in sides},
        "start": 0,
        "deciders": deciders,
        "source": f"defined by the user: {command}",
    }
    if initiator is not None:
        conflict["initiator"] = init_side[0].lower()
    name = f"{sides[0][0]}_{sides[1][0]}_{year}".lower()
    doc = {
        "name": name,
        "description": f"{conflict['name']}; {', '.join(deciders)} decide. Facts from the data.",
        "steps": 1,
        "time_unit": "year",
        "seed": year,
        **weights_doc,
        "countries": _countries(facts)[0],
        "relations": _relations(facts).get(0, {}),
        "conflicts": {"war": conflict},
    }
    header = [
        f"# Generated by `{command}`: a war of {year} as the user defined it.",
        "# Edit it like any other scenario (steps, start, joins, observed are yours to add);",
        "#   `axissim check` validates it.",
        *_facts_header(year),
        *weights_header,
    ]
    return doc, header


def validate_document(doc: dict[str, Any], label: str) -> Scenario:
    """Validate a scenario document as `axissim.scenario.load_scenario` validates a file."""
    merged = Merged(label)
    merged.merge(doc, label)
    scenario = validate(merged)
    problems = check_references(scenario)
    if problems:
        where, message = problems[0]
        raise InputError(label, where, message)
    return scenario


def scenario_yaml(doc: dict[str, Any], header: list[str]) -> str:
    """The scenario file: the header comment, then the document, one line per country,
    relation and observation."""
    body = yaml.dump(
        doc,
        Dumper=getattr(yaml, "CSafeDumper", yaml.SafeDumper),  # libyaml's is ten times faster
        sort_keys=False,
        default_flow_style=None,
        width=LINE,
        allow_unicode=True,
    )
    return "\n".join(header) + "\n" + body


def corpus_scenarios(weights: Path | str = DEFAULT_WEIGHTS) -> dict[int, Scenario]:
    """Every COW inter-state war as a validated Scenario, by war number."""
    return {
        n: validate_document(doc, f"cow_war_{n}")
        for n, (doc, _) in war_documents(None, weights).items()
    }


def scenario_from_options(
    war: int | None,
    year: int | None,
    countries: str | None,
    sides: list[str] | None,
    initiator: str | None,
    weights: str | None,
) -> tuple[dict[str, Any], list[str]]:
    """The document the command line asks for: `--war N`, or `--year Y --countries A,B
    --side C,D --side E,F [--initiator C]`."""
    weights_file = Path(weights) if weights else DEFAULT_WEIGHTS
    if not weights_file.is_file():
        hint = "" if weights else " (the default: run from the repository or give --weights)"
        raise InputError("--weights", "", f"weights file not found: {weights_file}{hint}")
    if (war is None) == (year is None):
        raise InputError("axissim data scenario", "", "give either --war N or --year Y")
    if war is not None:
        if countries or sides or initiator:
            raise InputError("--war", "", "--countries, --side and --initiator go with --year")
        return war_documents([war], weights_file)[war]
    return year_document(
        year,
        _ids(countries or ""),
        [_ids(side) for side in sides or []],
        initiator.strip().upper() if initiator else None,
        weights_file,
    )


def write_scenario(doc: dict[str, Any], header: list[str], path: Path | str) -> str:
    """Validate the document, write it atomically, and return a one-line summary."""
    scenario = validate_document(doc, str(path))
    write_text(path, scenario_yaml(doc, header))
    decisions = sum(len(c.deciders) for c in scenario.conflicts.values())
    return (
        f"{path}: scenario '{scenario.name}', {len(scenario.countries)} countries, "
        f"{len(scenario.relations)} relations, {decisions} decisions, "
        f"{len(scenario.observed)} observed, {scenario.steps} steps"
    )
