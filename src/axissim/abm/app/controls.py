"""The explorer's controls: one per assumption, keyed by its scenario path, with its meaning.

Every interest weight (one scale from zero for all; a signed weight from minus to plus the
same), the choice rule and temperature, the world's seed, and the scenario's main facts:
treaty strengths and types, oil import shares. A control is exactly a `--set PATH=VALUE`
override, so a what-if found in the browser reruns over many worlds with `axissim run`.
"""

from __future__ import annotations

import shlex
from decimal import Decimal
from typing import get_args

from mesa.visualization import Slider  # noqa: I001  (after the project's: mesa warns on import)

from axissim.abm.app.world import ExploredModel, override_value
from axissim.engine.interests import INTERESTS
from axissim.engine.parameters import temperature, weight
from axissim.scenario import Scenario, load_scenario
from axissim.scenario.schema import Choice, Relation
from axissim.wording import Names, interest_words

SEEDS = 100  # the seed slider offers this many worlds from the scenario's seed
TREATY_TYPES = list(get_args(Relation.model_fields["treaty_type"].annotation))
RULES = list(get_args(Choice.model_fields["rule"].annotation))
TOOLTIPS: dict[str, str] = {}
"""Filled by `controls`: what each control means, shown when the pointer rests on it."""


def slider(label: str, value: float, low: float, high: float, step: float) -> Slider:
    """A slider over [low, high], widened to hold `value`, with a step that lands on `value`.

    The browser rounds a slider's value to its step as soon as it shows it: a step that missed
    the scenario's value would change an assumption nobody touched.
    """
    value = float(value)
    if abs(value / step - round(value / step)) > 1e-9:
        step = 10.0 ** Decimal(repr(value)).normalize().as_tuple().exponent
    return Slider(label, value, min(low, value), max(high, value), step, dtype=float)


def treaty_relations(scenario: Scenario) -> list[str]:
    """Relations whose treaty is a main fact: those with a treaty, and each observed decider's
    relation to the side it aided."""
    keys = [k for k, r in scenario.relations.items() if r.treaty > 0 or r.treaty_type != "none"]
    keys += [f"{o.decider}->{o.beneficiary}" for o in scenario.observed if o.beneficiary]
    return [k for k in dict.fromkeys(keys) if k in scenario.relations]


def weight_controls(scenario: Scenario) -> dict[str, tuple[Slider, str]]:
    """A slider per interest weight, all on one scale from zero (the widest prior's top), a
    signed weight from minus to plus it; each with its meaning."""
    top = max(float(weight(scenario, i.name).high) for i in INTERESTS)
    out = {}
    for interest in INTERESTS:
        parameter = weight(scenario, interest.name)
        low = -top if interest.signed else 0.0
        signed = " (signed: below 0 pushes the other way)" if interest.signed else ""
        label = f"weight of {interest_words(interest.name)}{signed}"
        sign = "pulls towards aid" if interest.sign > 0 else "holds back"
        meaning = f"{sign}; reads: {interest.reads}. Why: {interest.why}."
        out[f"weights.{interest.name}"] = (
            slider(label, parameter.baseline, low, top, 0.05),
            meaning,
        )
    return out


def fact_controls(scenario: Scenario) -> dict[str, tuple[object, str]]:
    """Treaty strengths and types, oil import shares, each with its meaning."""
    names = Names.of(scenario)
    out: dict[str, tuple[object, str]] = {}
    for key in treaty_relations(scenario):
        relation, (a, b) = scenario.relations[key], key.split("->")
        pair = f"{names.country(a)} → {names.country(b)}"
        out[f"relations.{key}.treaty"] = (
            slider(f"treaty {pair}: strength", relation.treaty, 0.0, 1.0, 0.05),
            f"{names.country(a)}'s obligation to {names.country(b)} (1: in full); "
            "enters treaty, partnership or neutrality, by the treaty's type",
        )
        select = {
            "type": "Select",
            "label": f"treaty {pair}: type",
            "value": relation.treaty_type,
            "values": TREATY_TYPES,
        }
        out[f"relations.{key}.treaty_type"] = (
            select,
            "what the pledge covers: defence binds when the partner is attacked, offence always, "
            "consultation to words, neutrality to staying out",
        )
    for key, relation in scenario.relations.items():
        if relation.oil_imports > 0:
            a, b = key.split("->")
            label = f"oil: {names.country(a)}'s imports from {names.country(b)} (share)"
            meaning = "share of its crude imports; enters supplier tie and oil exposure"
            out[f"relations.{key}.oil_imports"] = (
                slider(label, relation.oil_imports, 0.0, 1.0, 0.01),
                meaning,
            )
    return out


def controls(scenario: Scenario) -> dict[str, object]:
    """One SolaraViz input per assumption, keyed by its scenario path (or `seed`); their
    meanings go to TOOLTIPS."""
    choice = temperature(scenario)
    specs: dict[str, tuple[object, str]] = {
        "seed": (
            Slider("world seed", scenario.seed, scenario.seed, scenario.seed + SEEDS - 1, 1),
            "which world: the seed of its private leanings and of the logit draws",
        ),
        "choice.rule": (
            {
                "type": "Select",
                "label": "choice rule",
                "value": scenario.choice.rule,
                "values": RULES,
            },
            "argmax: the highest total; logit: a draw weighted by exp(utility / T)",
        ),  # fmt: skip
        "choice.temperature": (
            slider("choice temperature T", choice.baseline, 0.0, float(choice.high), 0.01),
            "the scale of each world's private leaning (and of logit's randomness)",
        ),
        **weight_controls(scenario),
        **fact_controls(scenario),
    }
    TOOLTIPS.update({key: meaning for key, (_, meaning) in specs.items()})
    return {key: spec for key, (spec, _) in specs.items()}


def model_params(scenario_file: str, base_overrides: tuple[str, ...]) -> dict[str, object]:
    """SolaraViz's model_params: the fixed scenario file and overrides, then the controls."""
    scenario = load_scenario(scenario_file, base_overrides)
    return {"scenario_file": scenario_file, "base_overrides": base_overrides, **controls(scenario)}


def defaults(params: dict[str, object]) -> dict[str, object]:
    """The value each parameter starts with, as SolaraViz passes them to the model."""
    return {
        key: spec.value if isinstance(spec, Slider) else spec["value"] if "type" in spec else spec
        for key, spec in params.items()
    }


def changes(model: ExploredModel, start: dict[str, object]) -> list[str]:
    """The model's controls that differ from the scenario's, as `--set` overrides."""
    return [
        f"{path}={override_value(value)}"
        for path, value in model.controls.items()
        if override_value(value) != override_value(start[path])
    ]


def pending(model: ExploredModel, chosen: dict[str, object]) -> list[str]:
    """The controls moved since the world was built (Reset not pressed yet), by label path."""
    built = {**model.controls, "seed": int(model.world_seed[0])}
    return [
        path
        for path, value in chosen.items()
        if path in built and override_value(value) != override_value(built[path])
    ]


def rerun_command(model: ExploredModel, start: dict[str, object]) -> str:
    """The `axissim run` command line that reruns this world's assumptions over many worlds."""
    overrides = [*model.base_overrides, *changes(model, start)]
    parts = ["axissim run", shlex.quote(model.scenario_file)]
    parts += [f"--set {shlex.quote(o)}" for o in overrides]
    seed = int(model.world_seed[0])
    if seed != start["seed"]:
        parts.append(f"--seed {seed}")
    return " ".join(parts)
