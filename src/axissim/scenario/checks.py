"""Cross-field checks pydantic cannot see: unknown country ids, conflicts and impossible
schedules. Each problem is a YAML path and a message."""

from __future__ import annotations

from axissim.scenario.merge import YamlPath
from axissim.scenario.schema import Scenario


def check_references(scenario: Scenario) -> list[tuple[YamlPath, str]]:
    """Cross-field problems pydantic cannot see: unknown ids, impossible schedules."""
    problems: list[tuple[YamlPath, str]] = []
    known = set(scenario.countries)
    known_list = ", ".join(sorted(known))

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
    for cid, conflict in scenario.conflicts.items():
        base: YamlPath = ("conflicts", cid)
        fighting: set[str] = set()
        for sid, side in conflict.sides.items():
            for i, c in enumerate(side.belligerents):
                country((*base, "sides", sid, "belligerents", i), c)
                fighting.add(c)
            for i, c in enumerate(side.supporters):
                country((*base, "sides", sid, "supporters", i), c)
        for i, join in enumerate(conflict.joins):
            country((*base, "joins", i, "country"), join.country)
            fighting.add(join.country)
            if join.side not in conflict.sides:
                problems.append(
                    (
                        (*base, "joins", i, "side"),
                        f"unknown side {join.side!r}; known: {', '.join(conflict.sides)}",
                    )
                )
            if not conflict.start <= join.step < scenario.steps:
                problems.append(
                    (
                        (*base, "joins", i, "step"),
                        f"expected a step in [{conflict.start}, {scenario.steps - 1}]",
                    )
                )
        for i, c in enumerate(conflict.deciders):
            country((*base, "deciders", i), c)
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
        if conflict.ceasefire is not None and conflict.ceasefire <= conflict.start:
            problems.append(
                ((*base, "ceasefire"), f"expected a step after start ({conflict.start})")
            )
        if isinstance(conflict.intensity, list) and len(conflict.intensity) != scenario.steps:
            problems.append(
                (
                    (*base, "intensity"),
                    f"expected one value per step ({scenario.steps}), "
                    f"got {len(conflict.intensity)}",
                )
            )
    for i, obs in enumerate(scenario.observed):
        base = ("observed", i)
        conflict = scenario.conflicts.get(obs.conflict)
        if conflict is None:
            problems.append(
                (
                    (*base, "conflict"),
                    f"unknown conflict {obs.conflict!r}; known: {', '.join(scenario.conflicts)}",
                )
            )
            continue
        if obs.decider not in conflict.deciders:
            problems.append(
                (
                    (*base, "decider"),
                    f"{obs.decider} does not decide about "
                    f"{obs.conflict}; its deciders: {', '.join(conflict.deciders)}",
                )
            )
        leads = [side.belligerents[0] for side in conflict.sides.values()]
        if obs.beneficiary is not None and obs.beneficiary not in leads:
            problems.append(
                (
                    (*base, "beneficiary"),
                    f"expected a side's lead belligerent: {' or '.join(leads)}",
                )
            )
    return problems
