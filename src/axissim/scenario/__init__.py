"""Scenario files: schema, loading with extends and overrides, and clear errors."""

from axissim.scenario.load import load_scenario, scenario_text_hash
from axissim.scenario.schema import Scenario

__all__ = ["Scenario", "load_scenario", "scenario_text_hash"]
