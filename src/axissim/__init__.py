"""axissim: an agent-based simulation of who aids a partner at war, how far, and why."""

from importlib.metadata import PackageNotFoundError, version

from axissim.batch import run_batch
from axissim.model import DiplomacyModel
from axissim.scenario import Scenario, ScenarioError, load_scenario

try:
    __version__ = version("axissim")
except PackageNotFoundError:  # running from a source tree without installing
    __version__ = "0+unknown"

__all__ = ["DiplomacyModel", "Scenario", "ScenarioError", "load_scenario", "run_batch"]
