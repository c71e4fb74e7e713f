"""Prior distributions of calibrated parameters, on the parameter and on an unconstrained scale.

Calibration searches an unconstrained value z for every parameter: a lognormal prior's weight
is exp(z), a normal prior's z itself, a range's low + (high - low) / (1 + exp(-z)). The prior
density is taken on z (the range's becomes the logistic density), so the most probable point
never sits on a bound. NumPy loads only where arrays are computed, so that checking a
scenario's priors needs none of it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np

Z95 = 1.959964
"""The normal distribution's 97.5% quantile: bounds are the prior's central 95%."""


Z_LIMIT = 50.0
"""An optimiser's line search may try any z; values are taken at z within +-Z_LIMIT (exp(50) is
5e21: far outside every prior, yet finite)."""


@dataclass(frozen=True)
class Prior:
    """kind "uniform" (a, b = low, high), "lognormal" (a = median, b = sigma of the log) or
    "normal" (a = mean, b = sd)."""

    kind: str
    a: float
    b: float

    @classmethod
    def of(cls, value: Any) -> Prior:
        """A scenario's prior as written: [low, high], {lognormal: [...]}, {normal: [...]}."""
        if isinstance(value, dict):
            kind, (a, b) = next(iter(value.items()))
            return cls(kind, float(a), float(b))
        return cls("uniform", float(value[0]), float(value[1]))

    def value(self, z: np.ndarray) -> np.ndarray:
        """The parameter's value for an unconstrained z."""
        import numpy as np

        z = np.asarray(z, dtype=float)
        if self.kind == "lognormal":
            return np.exp(np.clip(z, -Z_LIMIT, Z_LIMIT))
        if self.kind == "normal":
            return z
        return self.a + (self.b - self.a) / (1.0 + np.exp(-np.clip(z, -Z_LIMIT, Z_LIMIT)))

    def z(self, value: np.ndarray) -> np.ndarray:
        """The unconstrained z of a value (values on a range's bounds are pulled inside)."""
        import numpy as np

        value = np.asarray(value, dtype=float)
        if self.kind == "lognormal":
            return np.log(np.maximum(value, 1e-12))
        if self.kind == "normal":
            return value
        share = np.clip((value - self.a) / (self.b - self.a), 1e-9, 1 - 1e-9)
        return np.log(share / (1 - share))

    def log_density(self, z: np.ndarray) -> np.ndarray:
        """log prior density of z (up to a constant)."""
        import numpy as np

        z = np.asarray(z, dtype=float)
        if self.kind == "lognormal":
            return -0.5 * ((z - np.log(self.a)) / self.b) ** 2
        if self.kind == "normal":
            return -0.5 * ((z - self.a) / self.b) ** 2
        return -z - 2.0 * np.log1p(np.exp(-z))  # the logistic density

    def sample(self, rng: np.random.Generator, n: int) -> np.ndarray:
        """n draws of the parameter's value."""
        import numpy as np

        if self.kind == "lognormal":
            return self.a * np.exp(self.b * rng.standard_normal(n))
        if self.kind == "normal":
            return self.a + self.b * rng.standard_normal(n)
        return self.a + (self.b - self.a) * rng.random(n)

    def bounds(self) -> tuple[float, float]:
        """Where a slider or a tipping search ranges: the range, or the central 95%
        (a lognormal weight from 0)."""
        if self.kind == "lognormal":
            return 0.0, self.a * math.exp(Z95 * self.b)
        if self.kind == "normal":
            return self.a - Z95 * self.b, self.a + Z95 * self.b
        return self.a, self.b

    def z_sd(self) -> float:
        """The prior's standard deviation on the unconstrained scale."""
        return self.b if self.kind != "uniform" else math.pi / math.sqrt(3.0)

    def text(self) -> str:
        """As a person reads it: "lognormal(median 1, sigma 1.5)", "[0, 5]"."""
        if self.kind == "lognormal":
            return f"lognormal(median {self.a:g}, sigma {self.b:g})"
        if self.kind == "normal":
            return f"normal(mean {self.a:g}, sd {self.b:g})"
        return f"[{self.a:g}, {self.b:g}]"
