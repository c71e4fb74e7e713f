"""`axissim explore`: one world of a scenario in the browser, on Mesa's SolaraViz.

The sidebar holds Mesa's controls (step, play, reset) and one control per assumption: every
interest weight, the choice rule and temperature, the world's seed, and the scenario's main
facts (treaty strengths and types, oil import shares). Each control is named by its scenario
path, so a control is exactly a `--set PATH=VALUE` override, and a what-if found in the browser
is rerun over many worlds with `axissim run SCENARIO --set ...`. Mesa rebuilds the model with
the controls' values when Reset is pressed. The main area redraws the project's charts of the
running world after every step: the decision matrix (the policies held so far), the network
(aid given at this step), the crisis timeline and the explanation of a selected decision.

`axissim explore` names the scenario through the environment (SCENARIO_ENV, OVERRIDES_ENV),
since the Solara server imports this module by name.
"""

from __future__ import annotations

import base64
import html
import io
import json
import os
import shlex
import warnings
from decimal import Decimal
from typing import get_args

import numpy as np
import pandas as pd
import solara
from matplotlib.figure import Figure

from axissim.abm.model import DiplomacyModel
from axissim.charts.decision_matrix import decision_matrix_figure
from axissim.charts.explanation import explanation_figure
from axissim.charts.network import network_figure
from axissim.charts.timeline import timeline_figure
from axissim.engine.interests import INTEREST_NAMES
from axissim.engine.kernel import initial_state
from axissim.engine.outcomes import Trajectories, summarise, timeline, world_outcomes
from axissim.engine.parameters import Parameter, temperature, weight
from axissim.scenario import Scenario, load_scenario
from axissim.scenario.schema import Choice, Relation
from axissim.studies.explain import explain
from axissim.wording import step_date

with warnings.catch_warnings():
    # Mesa 3.3.1's ComponentsView returns before one of its hooks when it is given no components
    # (as here: the dashboard draws the main area); solara's hook check warns on import.
    warnings.filterwarnings("ignore", message=".*ComponentsView.*", category=UserWarning)
    from mesa.visualization import Slider, SolaraViz
    from mesa.visualization.utils import update_counter

SCENARIO_ENV = "AXISSIM_EXPLORE_SCENARIO"
OVERRIDES_ENV = "AXISSIM_EXPLORE_SET"  # a JSON list of the command line's --set overrides
SEEDS = 100  # the seed slider offers this many worlds from the scenario's seed
TREATY_TYPES = list(get_args(Relation.model_fields["treaty_type"].annotation))
RULES = list(get_args(Choice.model_fields["rule"].annotation))
APP_DPI = 110  # the charts' PNGs in the page: sharp at a card's width, quick to redraw
HINT = (
    "Move a control in the sidebar, then press <b>Reset</b> to rebuild the world with it; "
    "<b>Step</b> runs one step, <b>▶</b> plays to the end."
)
SLIDER_VALUES_CSS = """
.v-slider__thumb-container .v-slider__thumb-label-container { display: block !important; }
.v-slider__thumb-container .v-slider__thumb-label {
    transform: translate(-50%, 22px) !important; width: auto !important; height: auto !important;
    border-radius: 3px !important; padding: 0 3px; background: transparent !important;
    color: #1565c0 !important; font-size: 10px; line-height: 12px;
}
.v-slider__thumb-container .v-slider__thumb-label > * { transform: none !important; }
.v-input__slider { padding-bottom: 10px; }
"""
"""Mesa's sliders show their value only while dragged: show it under the thumb at all times."""


def override_value(value: object) -> str:
    """A control's value as the YAML of a `--set` override, exactly: 0.05, 1, mutual_defence.

    YAML reads 1e-05 as a string, so an exponent gets a decimal point: 1.0e-05.
    """
    if not isinstance(value, float):
        return str(value)
    text = repr(value)
    return text.replace("e", ".0e", 1) if "e" in text and "." not in text else text


class ExploredModel(DiplomacyModel):
    """The DiplomacyModel of a scenario file with the explorer's overrides, keeping its history.

    Every keyword argument other than the file, its base overrides and the seed is a control: a
    scenario path and its value. SolaraViz passes the controls by name and accepts unknown
    names only when the constructor has a `**kwargs` parameter, hence its name.
    """

    def __init__(
        self,
        scenario_file: str,
        base_overrides: tuple[str, ...] = (),
        seed: int | None = None,
        **kwargs: object,
    ) -> None:
        overrides = [f"{path}={override_value(value)}" for path, value in kwargs.items()]
        super().__init__(load_scenario(scenario_file, [*base_overrides, *overrides]), seed)
        self.scenario_file = scenario_file
        self.base_overrides = base_overrides
        self.controls = kwargs
        self.history: list[tuple[np.ndarray, np.ndarray]] = []

    def step(self) -> None:
        super().step()
        self.history.append((self.level[0].copy(), self.side[0].copy()))

    def trajectory(self, hold: bool = False) -> Trajectories:
        """This world's levels and sides as a batch of one; steps not yet run hold no aid, or,
        with `hold`, the policies held now (they hold until something changes)."""
        levels, sides = initial_state(self.world.steps, len(self.world.decisions))
        for t, (level, side) in enumerate(self.history):
            levels[t], sides[t] = level, side
        if hold and self.history:
            levels[len(self.history) :], sides[len(self.history) :] = self.history[-1]
        return Trajectories(levels[None], sides[None])

    def policy_summary(self) -> pd.DataFrame:
        """`summarise` of this world so far: the policy each decider holds now, for the
        decisions about conflicts fought so far."""
        traj = self.trajectory(hold=True)
        summary = summarise(self.world, world_outcomes(self.world, traj, self.world_seed))
        active = self.world.active[: self.steps]
        fought = [c for i, c in enumerate(self.world.conflicts) if active[:, i].any()]
        return summary[summary.conflict.isin(fought)].reset_index(drop=True)

    def current_aid(self) -> pd.DataFrame:
        """The decision each agent holds now: decider, conflict, beneficiary, level."""
        return pd.DataFrame(
            [
                {
                    "decider": d.decider,
                    "conflict": d.conflict,
                    "beneficiary": self.countries[d.decider].beneficiaries.get(d.conflict, ""),
                    "level": self.countries[d.decider].levels.get(d.conflict, 0),
                }
                for d in self.world.decisions
            ]
        )


def parameter_slider(label: str, parameter: Parameter, step: float) -> Slider:
    """A slider over a parameter's bounds (the scenario's calibration prior when it has one)."""
    return slider(label, parameter.baseline, float(parameter.low), float(parameter.high), step)


def slider(label: str, value: float, low: float, high: float, step: float) -> Slider:
    """A slider over [low, high], widened to hold `value`, with a step that lands on `value`.

    The browser rounds a slider's value to its step as soon as it shows it: a step that missed
    the scenario's value would change an assumption nobody touched.
    """
    value = float(value)
    if abs(value / step - round(value / step)) > 1e-9:
        step = 10.0 ** Decimal(repr(value)).normalize().as_tuple().exponent
    return Slider(label, value, min(low, value), max(high, value), step, dtype=float)


def treaty_relations(scenario: Scenario) -> list[str]:
    """Relations whose treaty is a main fact: those with a treaty, and each observed decider's
    relation to the side it aided."""
    keys = [k for k, r in scenario.relations.items() if r.treaty > 0 or r.treaty_type != "none"]
    keys += [f"{o.decider}->{o.beneficiary}" for o in scenario.observed if o.beneficiary]
    return [k for k in dict.fromkeys(keys) if k in scenario.relations]


def controls(scenario: Scenario) -> dict[str, object]:
    """One SolaraViz input per assumption, keyed by its scenario path (or `seed`)."""
    out: dict[str, object] = {
        "seed": Slider("world seed", scenario.seed, scenario.seed, scenario.seed + SEEDS - 1, 1),
        "choice.rule": {
            "type": "Select",
            "label": "choice rule",
            "value": scenario.choice.rule,
            "values": RULES,
        },
        "choice.temperature": parameter_slider(
            "choice temperature T (logit)", temperature(scenario), 0.01
        ),
    }
    for key in INTEREST_NAMES:
        out[f"weights.{key}"] = parameter_slider(
            f"weight · {key.replace('_', ' ')}", weight(scenario, key), 0.05
        )
    for key in treaty_relations(scenario):
        relation, pair = scenario.relations[key], key.replace("->", "→")
        out[f"relations.{key}.treaty"] = slider(
            f"treaty · {pair} strength", relation.treaty, 0.0, 1.0, 0.05
        )
        out[f"relations.{key}.treaty_type"] = {
            "type": "Select",
            "label": f"treaty · {pair} type",
            "value": relation.treaty_type,
            "values": TREATY_TYPES,
        }
    for key, relation in scenario.relations.items():
        if relation.oil_imports > 0:
            buyer, seller = key.split("->")
            out[f"relations.{key}.oil_imports"] = slider(
                f"oil · {buyer}'s imports from {seller} (share)",
                relation.oil_imports,
                0.0,
                1.0,
                0.01,
            )
    return out


def model_params(scenario_file: str, base_overrides: tuple[str, ...]) -> dict[str, object]:
    """SolaraViz's model_params: the fixed scenario file and overrides, then the controls."""
    scenario = load_scenario(scenario_file, base_overrides)
    return {"scenario_file": scenario_file, "base_overrides": base_overrides, **controls(scenario)}


def defaults(params: dict[str, object]) -> dict[str, object]:
    """The value each parameter starts with, as SolaraViz passes them to the model."""
    return {
        key: spec.value if isinstance(spec, Slider) else spec["value"] if "type" in spec else spec
        for key, spec in params.items()
    }


def changes(model: ExploredModel, start: dict[str, object]) -> list[str]:
    """The model's controls that differ from the scenario's, as `--set` overrides."""
    return [
        f"{path}={override_value(value)}"
        for path, value in model.controls.items()
        if override_value(value) != override_value(start[path])
    ]


def rerun_command(model: ExploredModel, start: dict[str, object]) -> str:
    """The `axissim run` command line that reruns this world's assumptions over many worlds."""
    overrides = [*model.base_overrides, *changes(model, start)]
    parts = ["axissim run", shlex.quote(model.scenario_file)]
    parts += [f"--set {shlex.quote(o)}" for o in overrides]
    seed = int(model.world_seed[0])
    if seed != start["seed"]:
        parts.append(f"--seed {seed}")
    return " ".join(parts)


def when(model: ExploredModel) -> str:
    """The last step run, with its date: "step 21 (2025-06-22)"; before any step, "the start"."""
    t = model.steps - 1
    if t < 0:
        return "the start"
    date = step_date(model.scenario, t)
    return f"step {t}" + (f" ({date})" if date else "")


def data_uri(figure: Figure) -> str:
    """A figure as an inline PNG: the page needs no file and no server route."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=APP_DPI)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def matrix_text(summary: pd.DataFrame) -> str:
    """The decision matrix in words, for its image's alt text: "RUS in israel_iran: arms to IRN"."""
    cells = [
        f"{r.decider} in {r.conflict}: {r.level_name}" + (f" to {r.beneficiary}" if r.level else "")
        for r in summary.itertuples(index=False)
    ]
    return "Decision matrix, policy so far: " + "; ".join(cells)


@solara.component
def Chart(uri: str, alt: str, name: str):
    """A chart as an image at its own size, narrowed to fit its card; the alt text says what it
    shows."""
    solara.HTML(
        tag="div",
        unsafe_innerHTML=(
            f'<img src="{uri}" alt="{html.escape(alt)}" data-chart="{name}" '
            'style="max-width: 100%; height: auto; display: block; margin: 0 auto">'
        ),
    )


@solara.component
def DecisionMatrix(model: ExploredModel, steps: int):
    """The policy each decider holds so far in this world, against the observed one; a conflict's
    column appears once it has been fought."""

    def draw() -> tuple[str, str] | None:
        summary = model.policy_summary()
        if summary.empty:
            return None
        world = int(model.world_seed[0])
        title = f"{model.scenario.name}, world {world}: policies held at {when(model)}"
        fighters = {cid: c.fighters for cid, c in model.scenario.conflicts.items()}
        figure = decision_matrix_figure(summary, title, belligerents=fighters)
        return data_uri(figure), matrix_text(summary)

    drawn = solara.use_memo(draw, [model, steps])
    if drawn is None:
        solara.Info("No conflict has been fought yet: press Step or ▶.")
    else:
        Chart(*drawn, "decision-matrix")


@solara.component
def Network(model: ExploredModel, steps: int):
    """Countries, treaties, rivalries and the aid each decider gives at this step."""

    def draw() -> str:
        aid = model.current_aid()
        title = f"Who aids whom at {when(model)}"
        return data_uri(network_figure(model.world, aid, title, step=max(steps - 1, 0)))

    Chart(solara.use_memo(draw, [model, steps]), "Network of countries and aid", "network")


@solara.component
def Timeline(model: ExploredModel, steps: int):
    """Each decider's level at every step run so far, one panel per conflict."""

    def draw() -> str:
        frame = timeline(model.world, model.trajectory())
        title = f"Aid level per step, world {int(model.world_seed[0])}"
        return data_uri(timeline_figure(model.world, frame[frame.step < steps], title))

    Chart(solara.use_memo(draw, [model, steps]), "Crisis timeline", "timeline")


@solara.component
def Explanation(model: ExploredModel, steps: int):
    """A selected decision at the last step it was taken: each option's utility by interest."""
    keys = [d.key for d in model.world.decisions]
    observed = [f"{o.decider}:{o.conflict}" for o in model.scenario.observed]
    key, set_key = solara.use_state((observed or keys)[0])
    solara.Select("decision (decider:conflict)", values=keys, value=key, on_value=set_key)
    decision = model.world.decisions[keys.index(key)]
    active = np.flatnonzero(model.world.active[:steps, model.world.conflict_of[decision.index]])

    def draw() -> str:
        e = explain(
            model.scenario,
            decision.decider,
            decision.conflict,
            step=int(active[-1]),
            seed=int(model.world_seed[0]),
        )
        return data_uri(explanation_figure(e))

    uri = solara.use_memo(lambda: draw() if len(active) else "", [model, steps, key])
    if uri:
        Chart(uri, f"Why {key} chose as it did", "explanation")
        return
    start = model.scenario.conflicts[decision.conflict].start
    date = step_date(model.scenario, start)
    solara.Info(
        f"Nobody has decided about {decision.conflict} yet: it is fought from step {start}"
        + (f" ({date})" if date else "")
        + "."
    )


@solara.component
def Header(model: ExploredModel, start: dict[str, object], steps: int):
    """What world this is, how far it has run, and what differs from the scenario file."""
    scenario = model.scenario
    what_if = " ".join(f"<code>{html.escape(o)}</code>" for o in changes(model, start))
    title = (
        f"{scenario.name}: world {int(model.world_seed[0])}, "
        f"{steps} of {scenario.steps} steps run (last: {when(model)})"
    )
    with solara.Card(title):
        solara.HTML(
            tag="div",
            unsafe_innerHTML=(
                f"<p>{html.escape(scenario.description)}</p><p>{HINT}</p>"
                f"<p><b>What-if:</b> <span class='what-if'>"
                f"{what_if or 'none, the scenario as written.'}</span><br>"
                f"<b>Rerun over many worlds:</b> "
                f"<code>{html.escape(rerun_command(model, start))}</code></p>"
            ),
        )


@solara.component
def Dashboard(model: ExploredModel, start: dict[str, object]):
    """The main area: header; decision matrix and network side by side; the explanation; the
    timeline."""
    update_counter.get()  # redraw after every step, as Mesa's own components do
    steps = model.steps
    solara.Style(SLIDER_VALUES_CSS)
    with solara.Column(style={"padding": "12px", "width": "100%"}):
        Header(model, start, steps)
        with solara.Columns([1, 1]):
            with solara.Card("Decision matrix"):
                DecisionMatrix(model, steps)
            with solara.Card("Network"):
                Network(model, steps)
        with solara.Card("Why"):
            Explanation(model, steps)
        with solara.Card("Crisis timeline"):
            Timeline(model, steps)


def scenario_from_environment() -> tuple[str, tuple[str, ...]]:
    """The scenario file and `--set` overrides that `axissim explore` put in the environment."""
    path = os.environ.get(SCENARIO_ENV)
    if not path:
        raise RuntimeError(f"no scenario: run `axissim explore SCENARIO` (or set {SCENARIO_ENV})")
    return path, tuple(json.loads(os.environ.get(OVERRIDES_ENV, "[]")))


@solara.component
def Page():
    """The explorer: SolaraViz's sidebar and controls, the dashboard in the main area."""
    scenario_file, base_overrides = scenario_from_environment()
    params = solara.use_memo(lambda: model_params(scenario_file, base_overrides), [])
    start = defaults(params)
    model = solara.use_reactive(solara.use_memo(lambda: ExploredModel(**start), []))
    SolaraViz(model, components=[], model_params=params, name="axissim explorer")
    Dashboard(model.value, start)


def serve(scenario_file: str, overrides: list[str], host: str, port: int, browser: bool) -> None:
    """Run the explorer's Solara server until interrupted, offline: no version check, no
    telemetry, assets from solara-assets."""
    from solara.__main__ import run
    from solara.server import settings

    os.environ[SCENARIO_ENV] = scenario_file
    os.environ[OVERRIDES_ENV] = json.dumps(overrides)
    settings.telemetry.mixpanel_enable = False
    settings.theme.show_banner = False
    # solara cannot set its session cookie's samesite=none on plain http at 127.0.0.1, and says so
    # on every page load; lax, its fallback, is right for a local app
    warnings.filterwarnings("ignore", message="Cookies with samesite=none", category=UserWarning)
    args = [f"{__name__}:Page", "--host", host, "--port", str(port), "--production"]
    args += ["--no-check-version", "--open" if browser else "--no-open"]
    run.main(args, standalone_mode=False)
