"""Cross-field checks pydantic cannot see: unknown country ids, impossible worlds (a country on
both sides of a war, a decision observed twice, import shares above 1, ...), impossible
schedules and sizes the kernel cannot hold. Each problem is a YAML path and a message."""

from __future__ import annotations

from collections.abc import Callable

from axissim.errors import format_path
from axissim.scenario.merge import YamlPath
from axissim.scenario.schema import MAX_STEP_DECISIONS, Conflict, Join, Scenario

SHARE_TOLERANCE = 1e-6
"""Shares of one country's imports or trade may sum to 1 + this (rounded sources), no more."""
SHARE_FIELDS = {"oil_imports": "crude imports", "trade": "goods trade"}

Country = Callable[[YamlPath, str], None]
"""Checks that an id names a country of the scenario (a problem for the unknown ones)."""
Latest = Callable[[list[YamlPath]], YamlPath]
"""Picks, of several paths that make one problem, the one to blame."""
Problems = list[tuple[YamlPath, str]]


def check_references(
    scenario: Scenario,
    latest: Latest | None = None,
    shares: bool = True,
) -> Problems:
    """Cross-field problems pydantic cannot see: unknown ids, impossible worlds and schedules.

    Where several values make one problem (a country on both sides, shares that sum above 1),
    `latest` picks the path to blame (the loader's: the one written last); by default the last
    of them. `shares=False` skips the sums of import and trade shares.
    """
    problems: Problems = []
    known = set(scenario.countries)
    known_list = ", ".join(sorted(known))
    if len(known_list) > 200:
        known_list = known_list[:196] + " ..."

    def country(path: YamlPath, value: str) -> None:
        if value not in known:
            problems.append((path, f"unknown country id {value!r}; known: {known_list}"))

    for key in scenario.relations:
        parts = key.split("->")
        if len(parts) != 2:
            problems.append((("relations", key), f"expected a key 'AAA->BBB', got {key!r}"))
            continue
        for part in parts:
            country(("relations", key), part)
        if parts[0] == parts[1]:
            problems.append((("relations", key), "a relation joins two different countries"))
    latest = latest or (lambda paths: paths[-1])
    if shares:
        problems += _shares(scenario, latest)
    for cid, conflict in scenario.conflicts.items():
        problems += _conflict(scenario, ("conflicts", cid), conflict, country, latest)
    problems += _observed(scenario)
    decisions = sum(len(c.deciders) for c in scenario.conflicts.values())
    if decisions * scenario.steps > MAX_STEP_DECISIONS:
        problems.append(
            (
                ("steps",),
                f"{scenario.steps:,} steps x {decisions:,} decisions is more than "
                f"{MAX_STEP_DECISIONS:,} (the kernel holds arrays of steps x decisions x 2 sides "
                "x 14 interests, and a run every world's levels per step and decision)",
            )
        )
    return problems


def _shares(scenario: Scenario, latest: Latest) -> Problems:
    """One country's shares of its crude imports (or goods trade) sum to at most 1."""
    problems = []
    for field, what in SHARE_FIELDS.items():
        shares: dict[str, list[tuple[str, float]]] = {}
        for key, relation in scenario.relations.items():
            share = getattr(relation, field)
            if share and "->" in key:
                shares.setdefault(key.split("->")[0], []).append((key, share))
        for owner, parts in shares.items():
            total = sum(share for _, share in parts)
            if total <= 1.0 + SHARE_TOLERANCE:
                continue
            listed = ", ".join(f"{key} {share:g}" for key, share in parts[:6])
            more = f", and {len(parts) - 6} more" if len(parts) > 6 else ""
            path = latest([("relations", key, field) for key, _ in parts])
            problems.append(
                (
                    path,
                    f"{owner}'s shares of its {what} sum to {total:.6g} ({listed}{more}); "
                    f"at most 1 (tolerance {SHARE_TOLERANCE:g})",
                )
            )
    return problems


def _conflict(
    scenario: Scenario, base: YamlPath, conflict: Conflict, country: Country, latest: Latest
) -> Problems:
    """One conflict's problems: its sides, joins, deciders, initiator and schedule."""
    problems, side_of = _sides(base, conflict, country, latest)
    fighting = {c for side in conflict.sides.values() for c in side.belligerents}
    more, joined = _joins(scenario, base, conflict, country, fighting, side_of)
    problems += more
    problems += _deciders(base, conflict, country, fighting | joined)
    if conflict.initiator is not None and conflict.initiator not in conflict.sides:
        problems.append(
            (
                (*base, "initiator"),
                f"unknown side {conflict.initiator!r}; known: {', '.join(conflict.sides)}",
            )
        )
    for i, c in enumerate(conflict.oil_at_risk):
        country((*base, "oil_at_risk", i), c)
    return problems + _schedule(scenario, base, conflict)


def _sides(
    base: YamlPath, conflict: Conflict, country: Country, latest: Latest
) -> tuple[Problems, dict[str, tuple[str, YamlPath]]]:
    """A country is listed once, on one side; and each country's side and first listing."""
    problems: Problems = []
    side_of: dict[str, tuple[str, YamlPath]] = {}
    for sid, side in conflict.sides.items():
        for role in ("belligerents", "supporters"):
            for i, c in enumerate(getattr(side, role)):
                here = (*base, "sides", sid, role, i)
                country(here, c)
                if c not in side_of:
                    side_of[c] = (sid, here)
                    continue
                first_side, first = side_of[c]
                blamed = latest([first, here])  # the listing written last
                other, other_side = (here, sid) if blamed == first else (first, first_side)
                listed = format_path(other[len(base) :])
                if first_side != sid:
                    message = (
                        f"{c} is also on side {other_side!r} ({listed}); a country takes one "
                        "side of a war"
                    )
                else:
                    message = f"{c} is listed twice on side {sid!r} ({listed})"
                problems.append((blamed, message))
    return problems, side_of


def _joins(
    scenario: Scenario,
    base: YamlPath,
    conflict: Conflict,
    country: Country,
    fighting: set[str],
    side_of: dict[str, tuple[str, YamlPath]],
) -> tuple[Problems, set[str]]:
    """Each join names a country that joins once, a side of the war, and a step while the war
    is on; and the countries that join."""
    problems: Problems = []
    joined: dict[str, int] = {}  # country -> its first join
    for i, join in enumerate(conflict.joins):
        here = (*base, "joins", i)
        country((*here, "country"), join.country)
        if join.side not in conflict.sides:
            known = ", ".join(conflict.sides)
            problems.append(((*here, "side"), f"unknown side {join.side!r}; known: {known}"))
        problems += _joined_once((*here, "country"), join, joined, fighting, side_of)
        joined.setdefault(join.country, i)
        problems += _join_step(scenario, (*here, "step"), conflict, join)
    return problems, set(joined)


def _joined_once(
    here: YamlPath,
    join: Join,
    joined: dict[str, int],
    fighting: set[str],
    side_of: dict[str, tuple[str, YamlPath]],
) -> Problems:
    """A country joins once, not if it fights from the start, and not against its own side."""
    if join.country in joined:
        why = f"already joins this war (joins[{joined[join.country]}]); a country joins once"
    elif join.country in fighting:
        why = "is a belligerent from the start; only others can join"
    elif join.country in side_of and side_of[join.country][0] != join.side:
        other = side_of[join.country][0]
        why = f"supports side {other!r}; it cannot join side {join.side!r}"
    else:
        return []
    return [(here, f"{join.country} {why}")]


def _join_step(scenario: Scenario, here: YamlPath, conflict: Conflict, join: Join) -> Problems:
    """A country joins from the war's start to its last step before the ceasefire."""
    last = scenario.steps - 1
    if conflict.ceasefire is not None:
        last = min(last, conflict.ceasefire - 1)
    if conflict.start <= join.step <= last:
        return []
    why = f" (the ceasefire is at step {conflict.ceasefire})" if last < scenario.steps - 1 else ""
    return [(here, f"expected a step in [{conflict.start}, {last}]{why}")]


def _deciders(base: YamlPath, conflict: Conflict, country: Country, fighting: set[str]) -> Problems:
    """Deciders are listed once and do not fight in the conflict they decide about."""
    problems: Problems = []
    listed: dict[str, int] = {}
    for i, c in enumerate(conflict.deciders):
        here = (*base, "deciders", i)
        country(here, c)
        if c in listed:
            problems.append((here, f"{c} is listed twice (deciders[{listed[c]}])"))
        listed.setdefault(c, i)
        if c in fighting:
            problems.append((here, f"{c} fights in this conflict, so it cannot decide to aid it"))
    return problems


def _schedule(scenario: Scenario, base: YamlPath, conflict: Conflict) -> Problems:
    """The war starts within the run, its ceasefire comes after the start and no later than
    the run's end, and a list of intensities has one per step."""
    problems: Problems = []
    if conflict.start >= scenario.steps:
        problems.append(((*base, "start"), f"expected a step below steps ({scenario.steps})"))
    if conflict.ceasefire is not None:
        if conflict.ceasefire <= conflict.start:
            problems.append(
                ((*base, "ceasefire"), f"expected a step after start ({conflict.start})")
            )
        elif conflict.ceasefire > scenario.steps:
            problems.append(
                (
                    (*base, "ceasefire"),
                    f"expected a step up to steps ({scenario.steps}): the war would go on past "
                    "the last step; leave ceasefire out for that",
                )
            )
    if isinstance(conflict.intensity, list) and len(conflict.intensity) > scenario.steps:
        problems.append(
            (
                (*base, "intensity"),
                f"expected at most one value per step ({scenario.steps}), "
                f"got {len(conflict.intensity)}",
            )
        )
    return problems


def _observed(scenario: Scenario) -> Problems:
    problems: Problems = []
    seen: dict[tuple[str, str], int] = {}
    deciders = {cid: set(c.deciders) for cid, c in scenario.conflicts.items()}
    for i, obs in enumerate(scenario.observed):
        base = ("observed", i)
        conflict = scenario.conflicts.get(obs.conflict)
        if conflict is None:
            known = ", ".join(scenario.conflicts)
            problems.append(
                ((*base, "conflict"), f"unknown conflict {obs.conflict!r}; known: {known}")
            )
            continue
        if obs.decider not in deciders[obs.conflict]:
            problems.append(
                (
                    (*base, "decider"),
                    f"{obs.decider} does not decide about "
                    f"{obs.conflict}; its deciders: {', '.join(conflict.deciders)}",
                )
            )
        decision = (obs.decider, obs.conflict)
        if decision in seen:
            problems.append(
                (
                    base,
                    f"a second observation of {obs.decider}'s decision about {obs.conflict} "
                    f"(the first is observed[{seen[decision]}]); one per decision",
                )
            )
        seen.setdefault(decision, i)
        leads = conflict.leads
        if obs.beneficiary is not None and obs.beneficiary not in leads:
            problems.append(
                (
                    (*base, "beneficiary"),
                    f"expected a side's lead belligerent: {' or '.join(leads)}",
                )
            )
    return problems
