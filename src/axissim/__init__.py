"""axissim: an agent-based simulation of who aids a partner at war, how far, and why.

The public names are imported on first use, so that `import axissim` (and the command line,
before it has read its arguments) loads neither Mesa nor pandas nor SciPy.
"""

from __future__ import annotations

import importlib
from typing import Any

_PUBLIC = {
    "DiplomacyModel": "axissim.abm.model",
    "InputError": "axissim.errors",
    "Scenario": "axissim.scenario",
    "load_scenario": "axissim.scenario",
    "run_batch": "axissim.engine.batch",
}

__all__ = ["DiplomacyModel", "Scenario", "InputError", "load_scenario", "run_batch"]


def __getattr__(name: str) -> Any:
    if name == "__version__":
        value = importlib.import_module("axissim._version").__version__
    elif name in _PUBLIC:
        value = getattr(importlib.import_module(_PUBLIC[name]), name)
    else:
        raise AttributeError(f"module 'axissim' has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), "__version__", *_PUBLIC])
