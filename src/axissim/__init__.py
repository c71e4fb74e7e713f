"""axissim: an agent-based simulation of who aids a partner at war, how far, and why."""

from importlib.metadata import PackageNotFoundError, version

from axissim.abm.model import DiplomacyModel
from axissim.engine.batch import run_batch
from axissim.errors import InputError
from axissim.scenario import Scenario, load_scenario

try:
    __version__ = version("axissim")
except PackageNotFoundError:  # running from a source tree without installing
    __version__ = "0+unknown"

__all__ = ["DiplomacyModel", "Scenario", "InputError", "load_scenario", "run_batch"]
