"""Cross-field checks pydantic cannot see: unknown country ids, impossible worlds (a country on
both sides of a war, a decision observed twice, import shares above 1, ...), impossible
schedules and sizes the kernel cannot hold. Each problem is a YAML path and a message."""

from __future__ import annotations

from collections.abc import Callable

from axissim.errors import format_path
from axissim.scenario.merge import YamlPath
from axissim.scenario.schema import MAX_STEP_DECISIONS, Conflict, Scenario

SHARE_TOLERANCE = 1e-6
"""Shares of one country's imports or trade may sum to 1 + this (rounded sources), no more."""
SHARE_FIELDS = {"oil_imports": "crude imports", "trade": "goods trade"}


def check_references(
    scenario: Scenario,
    latest: Callable[[list[YamlPath]], YamlPath] | None = None,
    shares: bool = True,
) -> list[tuple[YamlPath, str]]:
    """Cross-field problems pydantic cannot see: unknown ids, impossible worlds and schedules.

    Where several values make one problem (a country on both sides, shares that sum above 1),
    `latest` picks the path to blame (the loader's: the one written last); by default the last
    of them. `shares=False` skips the sums of import and trade shares.
    """
    problems: list[tuple[YamlPath, str]] = []
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


def _shares(
    scenario: Scenario, latest: Callable[[list[YamlPath]], YamlPath]
) -> list[tuple[YamlPath, str]]:
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
    scenario: Scenario,
    base: YamlPath,
    conflict: Conflict,
    country: Callable[[YamlPath, str], None],
    latest: Callable[[list[YamlPath]], YamlPath],
) -> list[tuple[YamlPath, str]]:
    problems: list[tuple[YamlPath, str]] = []
    side_of: dict[str, tuple[str, YamlPath]] = {}  # country -> its side and first listing
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
    fighting = {c for side in conflict.sides.values() for c in side.belligerents}
    joined: dict[str, int] = {}
    for i, join in enumerate(conflict.joins):
        here = (*base, "joins", i)
        country((*here, "country"), join.country)
        if join.side not in conflict.sides:
            known = ", ".join(conflict.sides)
            problems.append(((*here, "side"), f"unknown side {join.side!r}; known: {known}"))
        if join.country in joined:
            problems.append(
                (
                    (*here, "country"),
                    f"{join.country} already joins this war (joins[{joined[join.country]}]); "
                    "a country joins once",
                )
            )
        elif join.country in fighting:
            problems.append(
                (
                    (*here, "country"),
                    f"{join.country} is a belligerent from the start; only others can join",
                )
            )
        elif join.country in side_of and side_of[join.country][0] != join.side:
            other = side_of[join.country][0]
            problems.append(
                (
                    (*here, "country"),
                    f"{join.country} supports side {other!r}; it cannot join side {join.side!r}",
                )
            )
        joined.setdefault(join.country, i)
        last = scenario.steps - 1
        if conflict.ceasefire is not None:
            last = min(last, conflict.ceasefire - 1)
        if not conflict.start <= join.step <= last:
            why = (
                f" (the ceasefire is at step {conflict.ceasefire})"
                if last < scenario.steps - 1
                else ""
            )
            problems.append(
                ((*here, "step"), f"expected a step in [{conflict.start}, {last}]{why}")
            )
    fighting |= set(joined)
    listed: dict[str, int] = {}
    for i, c in enumerate(conflict.deciders):
        country((*base, "deciders", i), c)
        if c in listed:
            problems.append(
                ((*base, "deciders", i), f"{c} is listed twice (deciders[{listed[c]}])")
            )
        listed.setdefault(c, i)
        if c in fighting:
            problems.append(
                (
                    (*base, "deciders", i),
                    f"{c} fights in this conflict, so it cannot decide to aid it",
                )
            )
    if conflict.initiator is not None and conflict.initiator not in conflict.sides:
        problems.append(
            (
                (*base, "initiator"),
                f"unknown side {conflict.initiator!r}; known: {', '.join(conflict.sides)}",
            )
        )
    for i, c in enumerate(conflict.oil_at_risk):
        country((*base, "oil_at_risk", i), c)
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


def _observed(scenario: Scenario) -> list[tuple[YamlPath, str]]:
    problems: list[tuple[YamlPath, str]] = []
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
        leads = [side.belligerents[0] for side in conflict.sides.values()]
        if obs.beneficiary is not None and obs.beneficiary not in leads:
            problems.append(
                (
                    (*base, "beneficiary"),
                    f"expected a side's lead belligerent: {' or '.join(leads)}",
                )
            )
    return problems
