"""The explorer's page: the sidebar (the world's buttons, the assumptions with their meanings,
then Mesa's own controls) and the dashboard; the Solara server that serves it."""

from __future__ import annotations

import json
import os
import warnings

import solara
from mesa.visualization import Slider
from mesa.visualization.solara_viz import ModelController

from axissim.abm.app.controls import TOOLTIPS, defaults, model_params, pending
from axissim.abm.app.views import Dashboard, changed_banner
from axissim.abm.app.world import ExploredModel

SCENARIO_ENV = "AXISSIM_EXPLORE_SCENARIO"
OVERRIDES_ENV = "AXISSIM_EXPLORE_SET"  # a JSON list of the command line's --set overrides
SLIDER_VALUES_CSS = """
.v-slider__thumb-container .v-slider__thumb-label-container { display: block !important; }
.v-slider__thumb-container .v-slider__thumb-label {
    transform: translate(-50%, 22px) !important; width: auto !important; height: auto !important;
    border-radius: 3px !important; padding: 0 3px; background: transparent !important;
    color: #1565c0 !important; font-size: 11px; line-height: 12px;
}
.v-slider__thumb-container .v-slider__thumb-label > * { transform: none !important; }
.v-input__slider { padding-bottom: 10px; }
.v-input__slider .v-label { font-size: 13px; white-space: normal; }
"""
"""Mesa's sliders show their value only while dragged: show it under the thumb at all times."""


@solara.component
def Control(name: str, spec: object, chosen: solara.Reactive[dict]):
    """One assumption's input, its meaning in a tooltip; moving it changes `chosen` only (the
    world is rebuilt with it on Reset)."""

    def choose(value: object) -> None:
        chosen.value = {**chosen.value, name: value}

    with solara.Tooltip(TOOLTIPS.get(name, name)), solara.Column(gap="0px"):
        if isinstance(spec, Slider):
            make = solara.SliderFloat if spec.is_float_slider else solara.SliderInt
            make(
                spec.label,
                value=chosen.value[name],
                min=spec.min,
                max=spec.max,
                step=spec.step,
                on_value=choose,
                thumb_label="always",
            )
        else:
            solara.Select(
                spec["label"], values=spec["values"], value=chosen.value[name], on_value=choose
            )


@solara.component
def Sidebar(model: solara.Reactive, params: dict[str, object], chosen: solara.Reactive[dict]):
    """The world's buttons and the changed-state notice, the assumptions, Mesa's controls."""
    play = solara.use_reactive(100)
    render = solara.use_reactive(1)
    threads = solara.use_reactive(False)
    with solara.Sidebar(), solara.Column():
        with solara.Card("World"):
            ModelController(
                model,
                model_parameters=chosen,
                play_interval=play,
                render_interval=render,
                use_threads=threads,
            )
            moved = pending(model.value, chosen.value)
            if moved:
                solara.HTML(tag="div", unsafe_innerHTML=changed_banner(moved))
        with solara.Card("Assumptions (hover: meaning)"):
            for name, spec in params.items():
                if isinstance(spec, Slider) or isinstance(spec, dict) and "type" in spec:
                    Control(name, spec, chosen)
        with solara.Card("Mesa's controls"):
            solara.SliderInt("Play Interval (ms)", value=play, min=1, max=500, step=10)
            solara.SliderInt("Render Interval (steps)", value=render, min=1, max=100, step=2)
            solara.Checkbox(label="Use Threads", value=threads)


def scenario_from_environment() -> tuple[str, tuple[str, ...]]:
    """The scenario file and `--set` overrides that `axissim explore` put in the environment."""
    path = os.environ.get(SCENARIO_ENV)
    if not path:
        raise RuntimeError(f"no scenario: run `axissim explore SCENARIO` (or set {SCENARIO_ENV})")
    return path, tuple(json.loads(os.environ.get(OVERRIDES_ENV, "[]")))


@solara.component
def Page():
    """The explorer: the sidebar and the dashboard in the main area."""
    scenario_file, base_overrides = scenario_from_environment()
    params = solara.use_memo(lambda: model_params(scenario_file, base_overrides), [])
    start = defaults(params)
    model = solara.use_reactive(solara.use_memo(lambda: ExploredModel(**start), []))
    chosen = solara.use_reactive(start)
    solara.Style(SLIDER_VALUES_CSS)
    with solara.AppBar():
        solara.AppBarTitle("axissim explorer")
    Sidebar(model, params, chosen)
    Dashboard(model.value, start, chosen.value)


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
    args = ["axissim.abm.app.page:Page", "--host", host, "--port", str(port), "--production"]
    args += ["--no-check-version", "--open" if browser else "--no-open"]
    run.main(args, standalone_mode=False)
