"""axissim: an agent-based simulation of who aids a partner at war, how far, and why."""

from axissim._version import __version__ as __version__
from axissim.abm.model import DiplomacyModel
from axissim.engine.batch import run_batch
from axissim.errors import InputError
from axissim.scenario import Scenario, load_scenario

__all__ = ["DiplomacyModel", "Scenario", "InputError", "load_scenario", "run_batch"]
