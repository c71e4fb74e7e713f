"""`axissim explore`: one world of a scenario in the browser, on Mesa and Solara.

The sidebar holds the world's buttons (Reset, ▶, Step) with a notice when a control moved
since the world was built, one control per assumption with its meaning as a tooltip (every
interest weight on one scale from zero, the choice rule and temperature, the world's seed, the
scenario's main facts), then Mesa's own controls. Each control is named by its scenario path,
so a control is exactly a `--set PATH=VALUE` override, and a what-if found in the browser is
rerun over many worlds with `axissim run SCENARIO --set ...`. The main area redraws, after
every step, what changed: the decision matrix (the policies held so far), the network (aid
given at this step), the explanation of a selected decision and the crisis timeline.

world.py holds the model, controls.py the controls, views.py the main area, page.py the page
and its server. `axissim explore` names the scenario through the environment (SCENARIO_ENV,
OVERRIDES_ENV), since the Solara server imports this package by name.
"""

import warnings

with warnings.catch_warnings():
    # Mesa 3.3.1's ComponentsView returns before one of its hooks when it is given no components;
    # solara's hook check warns on import.
    warnings.filterwarnings("ignore", message=".*ComponentsView.*", category=UserWarning)
    import mesa.visualization  # noqa: F401

from axissim.abm.app.controls import (  # noqa: E402
    changes,
    controls,
    defaults,
    model_params,
    pending,
    rerun_command,
)
from axissim.abm.app.page import OVERRIDES_ENV, SCENARIO_ENV, Page, serve  # noqa: E402
from axissim.abm.app.views import matrix_text  # noqa: E402
from axissim.abm.app.world import ExploredModel, override_value  # noqa: E402

__all__ = [
    "OVERRIDES_ENV",
    "SCENARIO_ENV",
    "ExploredModel",
    "Page",
    "changes",
    "controls",
    "defaults",
    "matrix_text",
    "model_params",
    "override_value",
    "pending",
    "rerun_command",
    "serve",
]
