"""Scenario files: schema, loading with extends and overrides, and clear errors.

`load_scenario`, `Scenario` and `scenario_text_hash` are imported on first use: a module that
only reads files or parses `--set` (yamlio, merge) loads without pydantic or NumPy.
"""

from __future__ import annotations

import importlib
from typing import Any

_PUBLIC = {
    "Scenario": "axissim.scenario.schema",
    "load_scenario": "axissim.scenario.load",
    "scenario_text_hash": "axissim.scenario.load",
}

__all__ = ["Scenario", "load_scenario", "scenario_text_hash"]


def __getattr__(name: str) -> Any:
    if name not in _PUBLIC:
        raise AttributeError(f"module 'axissim.scenario' has no attribute {name!r}")
    value = getattr(importlib.import_module(_PUBLIC[name]), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_PUBLIC])
