"""Calibration priors as a scenario states them, checked on load.

A prior is a range, `[low, high]` (uniform), or a distribution: `{lognormal: [median, sigma]}`
for a weight that cannot be negative (or the temperature): its logarithm is normal around
log(median) with standard deviation sigma; `{normal: [mean, sd]}` for a signed weight.
"""

from __future__ import annotations

import math
from typing import Any

KINDS = ("lognormal", "normal")
MAX_PRIOR = 1_000.0
"""No prior may reach beyond this (weights are bounded at load the same way)."""
MAX_SPREAD = 10.0
"""The widest sigma or sd of a prior: a lognormal of sigma 10 already spans e^-20 to e^20 in its
central 95%, and wider ones overflow."""


def prior_problem(value: Any, signed: bool, temperature: bool) -> str | None:
    """What is wrong with one prior, or None. `signed`: the weight may be negative."""
    if isinstance(value, dict):
        if len(value) != 1 or next(iter(value)) not in KINDS:
            expected = "{lognormal: [median, sigma]} or {normal: [mean, sd]}"
            return f"expected [low, high], {expected}; got {value!r}"
        kind, numbers = next(iter(value.items()))
        if not isinstance(numbers, list) or len(numbers) != 2:
            return f"{kind}: expected two numbers, got {numbers!r}"
        if not all(isinstance(x, int | float) and not isinstance(x, bool) for x in numbers):
            return f"{kind}: expected two numbers, got {numbers!r}"
        if not all(math.isfinite(x) and abs(x) <= MAX_PRIOR for x in numbers):
            return f"{kind}: expected finite numbers within +-{MAX_PRIOR:g}, got {numbers!r}"
        centre, spread = numbers
        if not 0 < spread <= MAX_SPREAD:
            return f"{kind}: expected a spread above 0 and at most {MAX_SPREAD:g}, got {spread}"
        if kind == "lognormal" and centre <= 0:
            return f"lognormal: expected a median above 0, got {centre}"
        if kind == "normal" and not signed:
            return "a normal prior allows negative values; this is >= 0: use lognormal"
        return None
    low, high = value
    if low >= high:
        return f"range [{low}, {high}] is inverted or empty; expected [low, high]"
    if max(abs(low), abs(high)) > MAX_PRIOR:
        return f"expected a range within +-{MAX_PRIOR:g}, got [{low}, {high}]"
    if temperature and low <= 0:
        return f"expected a temperature range above 0, got [{low}, {high}]"
    if not temperature and not signed and low < 0:
        return f"expected a range of weights >= 0, got [{low}, {high}]"
    return None
