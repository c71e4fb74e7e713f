"""Tipping points: the smallest change of one weight or fact that changes a decision's modal level.

For every weight and every numeric fact that enters the decision (the decider's own facts and
its relations), the search walks up and down from today's value within the declared bounds
(a weight's prior, a fact's [0, 1]) on a grid, then bisects the first interval where the modal
policy level changes. All candidates of a step run at once on the batch engine, over the same
seeds, so the modal level is a smooth-enough function of the value to search.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from axissim import bars
from axissim.engine import kernel
from axissim.engine.batch import simulate_points
from axissim.engine.exposures import weight_vector
from axissim.engine.interests import INTEREST_NAMES
from axissim.engine.outcomes import course
from axissim.engine.parameters import Members, Parameter, fact, point_values, weight, with_values
from axissim.engine.world import RELATION_FIELDS, compile_world
from axissim.errors import InputError
from axissim.limits import MAX_TIPPING_REPLICATES, at_most, check_worlds
from axissim.scenario import Scenario

GRID = 12
"""Grid points per direction before bisection."""
BISECTIONS = 6
"""Halvings of the first interval that changes the level: precision range / (12 * 64)."""
REPLICATES = 64
"""Worlds per candidate value (common seeds)."""
MEMBER_REPLICATES = 32
"""Worlds per candidate value for each ensemble member searched."""


def parameters(scenario: Scenario, decider: str, weights: np.ndarray) -> list[Parameter]:
    """Every weight (today's values: `weights`, bounds widened to hold them), and every numeric
    fact of the decider and of its relations."""
    out = [
        weight(scenario, name, float(value)).widened()
        for name, value in zip(INTEREST_NAMES, weights, strict=True)
    ]
    country = scenario.countries[decider]
    for field in ("capability", "war_load"):
        out.append(
            fact(("countries", decider, field), getattr(country, field), f"{decider}.{field}")
        )
    for key, relation in scenario.relations.items():
        if key.split("->")[0] == decider:
            out += [
                fact(("relations", key, field), getattr(relation, field), f"{key}.{field}")
                for field in RELATION_FIELDS
                if field != "treaty" or relation.treaty_type != "none"  # untyped: no strength
            ]
    return out


class Evaluator:
    """Modal outcome of one decision for candidate values of one parameter.

    An outcome is the policy level with the side aided, coded as a kernel option
    (0 none, 1 + side * 4 + level - 1), so a switch of side counts as a flip too.
    """

    def __init__(
        self,
        scenario: Scenario,
        index: int,
        seeds: np.ndarray,
        weights: np.ndarray | None = None,
        temperature: float | None = None,
    ) -> None:
        self.scenario, self.index, self.seeds = scenario, index, seeds
        self.weights = weight_vector(scenario.weights) if weights is None else weights
        self.temperature = scenario.choice.temperature if temperature is None else temperature
        self.world = compile_world(scenario)

    def _modal(self, world, weights: np.ndarray) -> np.ndarray:
        """weights (C, K): the modal policy for each candidate, over the common seeds."""
        c, r = len(weights), len(self.seeds)
        traj = simulate_points(world, weights, self.temperature, self.seeds)
        held = course(world, traj, self.index)
        outcome = kernel.option_index(held.side, held.level).reshape(c, r)
        counts = np.stack([(outcome == o).sum(axis=1) for o in range(kernel.N_OPTIONS)], axis=1)
        return counts.argmax(axis=1)

    def modal(self, parameter: Parameter, values: np.ndarray) -> np.ndarray:
        if parameter.kind == "weight":
            weights, _ = point_values([parameter], values[:, None], self.weights, self.temperature)
            return self._modal(self.world, weights)
        out = []
        for value in values:
            changed = with_values(self.scenario, [parameter], [float(value)])
            out.append(self._modal(compile_world(changed), self.weights[None])[0])
        return np.array(out)

    def enters(self, parameter: Parameter) -> bool:
        """Whether the fact moves any exposure of the decision at all (weights always enter)."""
        if parameter.kind == "weight":  # unless this decider overrides it per country
            return not self.world.overridden[self.index, INTEREST_NAMES.index(parameter.name)]
        ends = [
            compile_world(with_values(self.scenario, [parameter], [v]))
            for v in (parameter.low, parameter.high)
        ]
        return not np.array_equal(ends[0].static[:, self.index], ends[1].static[:, self.index])


def _search(evaluator: Evaluator, parameter: Parameter, today: int, bound: float):
    """(value, new outcome) nearest to today's value in the direction of `bound`, or None."""
    start = parameter.baseline
    if bound == start:
        return None
    grid = start + (bound - start) * np.linspace(0, 1, GRID + 1)[1:]
    levels = evaluator.modal(parameter, grid)
    changed = np.flatnonzero(levels != today)
    if not len(changed):
        return None
    first = changed[0]
    inside, outside = (grid[first - 1] if first else start), grid[first]
    level = levels[first]
    for _ in range(BISECTIONS):
        middle = (inside + outside) / 2
        new = evaluator.modal(parameter, np.array([middle]))[0]
        if new == today:
            inside = middle
        else:
            outside, level = middle, new
    return float(outside), int(level)


def _outcome(prefix: str, option: int | None, leads: tuple[str, str]) -> dict[str, object]:
    """An outcome as table columns: its level and, above none, its beneficiary."""
    if option is None:
        return {f"{prefix}level": np.nan, f"{prefix}beneficiary": ""}
    side, level = kernel.option_side_level(option)
    return {f"{prefix}level": level, f"{prefix}beneficiary": leads[side] if side >= 0 else ""}


def tipping_points(
    scenario: Scenario,
    decider: str,
    conflict: str,
    weights: np.ndarray | None = None,
    temperature: float | None = None,
    replicates: int = REPLICATES,
    bar: bars.Bar | None = None,
) -> pd.DataFrame:
    """For each parameter, the nearest value down and up that changes the modal outcome.

    Distances are also given as a share of the parameter's range, so weights and facts sort
    on one scale; "none within bounds" shows as NaN. `bar` advances by one per parameter.
    """
    bar = bar or bars.quiet()
    world = compile_world(scenario)
    try:
        index = world.decision_index(decider, conflict)
    except KeyError as exc:
        raise InputError("tipping", "--decision", str(exc.args[0])) from None
    seeds = np.arange(scenario.seed, scenario.seed + replicates, dtype=np.uint64)
    evaluator = Evaluator(scenario, index, seeds, weights, temperature)
    today = int(evaluator._modal(world, evaluator.weights[None])[0])
    leads = world.decisions[index].leads
    rows = []
    for parameter in parameters(scenario, decider, evaluator.weights):
        bar.update(1)
        if not evaluator.enters(parameter):
            continue
        row = {
            "decision": f"{decider}:{conflict}",
            "parameter": parameter.name,
            "kind": "weight" if parameter.kind == "weight" else "fact",
            "value": parameter.baseline,
            "low": parameter.low,
            "high": parameter.high,
            **_outcome("", today, leads),
        }
        for direction, bound in (("down", parameter.low), ("up", parameter.high)):
            found = _search(evaluator, parameter, today, bound)
            value, option = found if found else (np.nan, None)
            row[f"{direction}_value"] = value
            row.update(_outcome(f"{direction}_", option, leads))
            row[f"{direction}_distance"] = abs(value - parameter.baseline)
        span = parameter.high - parameter.low
        found = [d for d in (row["down_distance"], row["up_distance"]) if not np.isnan(d)]
        row["distance"] = min(found) / span if found else np.nan  # NaN sorts last
        rows.append(row)
    table = pd.DataFrame(rows)
    return table.sort_values("distance", kind="stable", ignore_index=True)


def chosen_members(members, count: int) -> np.ndarray:
    """`count` members evenly spaced through the ensemble (all of a smaller one)."""
    return np.unique(np.linspace(0, len(members) - 1, min(count, len(members))).astype(int))


def ensemble_tipping(
    scenario: Scenario,
    decider: str,
    conflict: str,
    members,
    count: int = 20,
    replicates: int = MEMBER_REPLICATES,
    bar: bars.Bar | None = None,
) -> pd.DataFrame:
    """Tipping distances under `count` ensemble members (evenly spaced through the file).

    One row per member and parameter; the distance is NaN where nothing within bounds flips
    the member's own modal level.
    """
    frames = []
    chosen = chosen_members(members, count)
    for m in chosen:
        table = tipping_points(
            scenario,
            decider,
            conflict,
            members.weights[m],
            float(members.temperature[m]),
            replicates,
            bar,
        )
        frames.append(table.assign(member=int(m)))
    out = pd.concat(frames, ignore_index=True)
    return out


def check_search(scenario: Scenario, replicates: int) -> None:
    """Refuse, before any work, more worlds per candidate than allowed or than memory holds
    (a weight's GRID candidates run at once)."""
    why = "each parameter's search runs 12 candidates and 6 bisections on them"
    refused = at_most(replicates, MAX_TIPPING_REPLICATES, why)
    if refused:
        raise InputError("tipping", "--replicates", refused)
    decisions = sum(len(c.deciders) for c in scenario.conflicts.values())
    worlds = GRID * max(replicates, MEMBER_REPLICATES)
    check_worlds("tipping", "--replicates", worlds, scenario.steps, decisions, "use fewer")


def tipping_report(
    scenario: Scenario,
    decision: str | None,
    members: Members | None,
    count: int,
    replicates: int = REPLICATES,
    progress: bars.Progress = bars.quiet,
) -> tuple[dict[str, pd.DataFrame], list[pd.DataFrame]]:
    """Tipping tables for one decision ("DECIDER:CONFLICT") or all, each candidate value over
    `replicates` worlds, and with an ensemble the spread of tipping distances across `count`
    of its members for each. `progress` shows the parameters searched and the time left."""
    check_search(scenario, replicates)
    keys = [d.key for d in compile_world(scenario).decisions]
    if decision is not None:
        if decision.count(":") != 1 or decision not in keys:
            raise InputError(
                "tipping", "--decision", f"expected DECIDER:CONFLICT, one of {', '.join(keys)}"
            )
        keys = [decision]
    searched = 1 + (0 if members is None else len(chosen_members(members, count)))
    weights = weight_vector(scenario.weights)
    total = searched * sum(len(parameters(scenario, k.split(":")[0], weights)) for k in keys)
    tables, spreads = {}, []
    with progress(total, "tipping", "parameter") as bar:
        for key in keys:
            decider, conflict = key.split(":")
            tables[key] = tipping_points(scenario, decider, conflict, None, None, replicates, bar)
            if members is not None:
                spreads.append(
                    ensemble_tipping(scenario, decider, conflict, members, count, bar=bar)
                )
    return tables, spreads


def search_settings(
    members: Members | None, count: int, replicates: int = REPLICATES
) -> dict[str, int]:
    """How the search ran, for the manifest."""
    return {
        "replicates": replicates,
        "members_searched": 0 if members is None else min(count, len(members)),
        "member_replicates": MEMBER_REPLICATES,
    }
