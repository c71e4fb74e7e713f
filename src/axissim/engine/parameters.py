"""Parameters: the numbers a study varies, where they live in a scenario and how a value is set.

One notion serves sweeps, tipping points, calibration, the back-test and the explorer's
sliders. A weight or the temperature is varied on the fast path (a weight vector and a
temperature per point, no recompiling); any other value makes a scenario of its own. NumPy
loads only where vectors are built, so that checking a sweep file needs none of it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from axissim.engine.interests import AT, INTEREST_NAMES, SIGNED_INTERESTS, K
from axissim.engine.priors import Prior
from axissim.scenario.load import replace_values
from axissim.scenario.merge import YamlPath
from axissim.scenario.schema import TEMPERATURE, Scenario

if TYPE_CHECKING:
    import numpy as np

TEMPERATURE_PATH: YamlPath = ("choice", "temperature")
WEIGHT_BOUNDS = (0.0, 5.0)
"""Bounds of a weight the scenario gives no prior for (a signed weight: -5 to 5)."""
TEMPERATURE_BOUNDS = (0.01, 1.0)
"""Bounds of the temperature when the scenario gives no prior for it."""
FACT_BOUNDS = (0.0, 1.0)
"""Every relation and country fact is a share or a strength in [0, 1]."""


def kind_of(path: YamlPath) -> str:
    """ "weight" (a global interest weight), "temperature", or "scenario" (anything else)."""
    if len(path) == 2 and path[0] == "weights":
        return "weight"
    return "temperature" if tuple(path) == TEMPERATURE_PATH else "scenario"


@dataclass(frozen=True)
class Parameter:
    """A value a study varies.

    Each path gets the value, or, when `shares` is given, value * share (a total shared out
    in the scenario's proportions). `low`/`high` bound it (None: unbounded, e.g. a list of
    values); a sweep may give the `values` it takes; `integer` fields take whole numbers.
    """

    name: str
    paths: tuple[YamlPath, ...]
    kind: str
    baseline: Any
    low: float | None = None
    high: float | None = None
    shares: tuple[float, ...] | None = None
    values: tuple[Any, ...] | None = None
    integer: bool = False
    prior: Prior | None = None

    @property
    def path(self) -> YamlPath:
        return self.paths[0]

    @property
    def bounds(self) -> tuple[float, float] | None:
        return None if self.low is None else (self.low, self.high)

    def widened(self) -> Parameter:
        """The same parameter with bounds stretched to hold its baseline."""
        return replace(self, low=min(self.low, self.baseline), high=max(self.high, self.baseline))

    def assignments(self, value: Any) -> list[tuple[YamlPath, Any]]:
        """(path, value) pairs that put the parameter at `value`."""
        if self.shares is None:
            return [(path, value) for path in self.paths]
        return [(path, float(value) * s) for path, s in zip(self.paths, self.shares, strict=True)]


def weight(scenario: Scenario, name: str, value: float | None = None) -> Parameter:
    """An interest's global weight, with the scenario's prior and its bounds (else
    WEIGHT_BOUNDS, from -5 for a signed weight)."""
    prior = Prior.of(scenario.priors[name]) if name in scenario.priors else None
    low, high = prior.bounds() if prior else WEIGHT_BOUNDS
    if name in SIGNED_INTERESTS and prior is None:
        low = -high
    baseline = scenario.weights.get(name, 0.0) if value is None else value
    return Parameter(name, (("weights", name),), "weight", float(baseline), low, high, prior=prior)


def temperature(scenario: Scenario) -> Parameter:
    """The choice temperature, with the scenario's prior (else TEMPERATURE_BOUNDS)."""
    prior = Prior.of(scenario.priors[TEMPERATURE]) if TEMPERATURE in scenario.priors else None
    low, high = prior.bounds() if prior else TEMPERATURE_BOUNDS
    return Parameter(TEMPERATURE, (TEMPERATURE_PATH,), "temperature", scenario.choice.temperature,
                     low, high, prior=prior)  # fmt: skip


def by_name(scenario: Scenario, name: str) -> Parameter:
    """A weight by its interest's name, or the temperature."""
    return temperature(scenario) if name == TEMPERATURE else weight(scenario, name)


def fact(path: YamlPath, value: float, name: str) -> Parameter:
    """A country or relation fact at a YAML path, in [0, 1]."""
    return Parameter(name, (tuple(path),), "scenario", float(value), *FACT_BOUNDS)


def calibrated(scenario: Scenario) -> tuple[Parameter, ...]:
    """The parameters the scenario's priors name, weights in interest order, then temperature."""
    names = [n for n in (*INTEREST_NAMES, TEMPERATURE) if n in scenario.priors]
    return tuple(by_name(scenario, n) for n in names)


def point_values(
    parameters: tuple[Parameter, ...] | list[Parameter],
    values: np.ndarray,
    weights: np.ndarray,
    temperature: float,
) -> tuple[np.ndarray, np.ndarray]:
    """(N, K) global weight vectors and (N,) temperatures of N points.

    `values` (N, P) gives each point's value of every parameter; the weight and temperature
    parameters among them replace those entries of `weights` (K,) and `temperature`; other
    kinds are set on the scenario (`with_values`). This is where weight vectors are built.
    """
    import numpy as np

    values = np.atleast_2d(np.asarray(values, dtype=object))
    out = np.broadcast_to(np.asarray(weights, dtype=float), (len(values), K)).copy()
    temperatures = np.full(len(values), float(temperature))
    for p, parameter in enumerate(parameters):
        if parameter.kind == "scenario":
            continue
        column = values[:, p].astype(float)
        for path, share in zip(parameter.paths, parameter.shares or (1.0,) * len(parameter.paths),
                               strict=True):  # fmt: skip
            scaled = column if parameter.shares is None else column * share
            if parameter.kind == "weight":
                out[:, AT[path[1]]] = scaled
            else:
                temperatures = scaled.copy()
    return out, temperatures


def scenario_point_values(
    scenario: Scenario, parameters: tuple[Parameter, ...] | list[Parameter], values: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """`point_values` starting from the scenario's own weights and temperature."""
    from axissim.engine.exposures import weight_vector

    return point_values(
        parameters, values, weight_vector(scenario.weights), scenario.choice.temperature
    )


def with_values(
    scenario: Scenario, parameters: tuple[Parameter, ...] | list[Parameter], row: list[Any]
) -> Scenario:
    """The scenario with every parameter set to its value in `row` (validated again)."""
    assignments = [a for p, v in zip(parameters, row, strict=True) for a in p.assignments(v)]
    return replace_values(scenario, assignments)


@dataclass(frozen=True)
class Members:
    """Parameter vectors ready to run (an ensemble, or one fitted point): per member, global
    weights (K,) and a temperature."""

    weights: np.ndarray  # (M, K)
    temperature: np.ndarray  # (M,)
    source: str

    def __len__(self) -> int:
        return len(self.temperature)


def members(
    scenario: Scenario, names: tuple[str, ...] | list[str], theta: np.ndarray, source: str
) -> Members:
    """Members from named parameter vectors (M, P): weights by interest name, or temperature;
    the others keep the scenario's values."""
    parameters = [by_name(scenario, n) for n in names]
    return Members(*scenario_point_values(scenario, parameters, theta), source)
