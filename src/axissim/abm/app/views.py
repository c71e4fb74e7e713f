"""The explorer's main area: what this world is, its decision matrix, network, explanation and
timeline, redrawn after every step, but only what changed.

A matplotlib chart is drawn once per distinct content (`drawn`: a small cache keyed by what the
chart shows, not by the step), so a step that changes no policy redraws no matplotlib figure;
the explanation, whose numbers move at most steps of a war, and the timeline, which grows every
step, are inline SVG, drawn in milliseconds. Images are drawn at
96 dpi and shown at their own size (one pixel per CSS pixel), so their text reads at its size
in points; a card scrolls sideways rather than shrink a chart.
"""

from __future__ import annotations

import base64
import html
import io
from collections import OrderedDict
from collections.abc import Callable, Hashable

import numpy as np
import pandas as pd
import solara
from matplotlib.figure import Figure

from axissim.abm.app.controls import changes, pending, rerun_command
from axissim.abm.app.world import ExploredModel
from axissim.charts.decision_matrix import decision_matrix_figure
from axissim.charts.explanation_svg import explanation_svg
from axissim.charts.network import network_figure
from axissim.charts.timeline_svg import timeline_svg
from axissim.studies.explain import explain
from axissim.wording import Names, step_date

APP_DPI = 96  # one image pixel per CSS pixel: a chart's 9 pt text shows at 12 px
CACHED = 48
ONE_WORLD = "one world: the policy each decider holds now (the level it keeps until its "
ONE_WORLD += "circumstances change)"
HINT = (
    "Move a control in the sidebar, then press <b>Reset</b> to rebuild the world with it; "
    "<b>Step</b> runs one step (or the sidebar's render interval), <b>▶</b> plays to the end."
)
_drawn: OrderedDict[Hashable, str] = OrderedDict()


def drawn(key: Hashable, draw: Callable[[], Figure]) -> str:
    """The data URI of the figure `draw` makes, drawn once per `key` (the last CACHED kept)."""
    if key in _drawn:
        _drawn.move_to_end(key)
        return _drawn[key]
    buffer = io.BytesIO()
    draw().savefig(buffer, format="png", dpi=APP_DPI)
    uri = "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")
    _drawn[key] = uri
    if len(_drawn) > CACHED:
        _drawn.popitem(last=False)
    return uri


def when(model: ExploredModel) -> str:
    """The last step run, with its date: "step 21 (2025-06-22)"; before any step, "the start"."""
    t = model.steps - 1
    if t < 0:
        return "the start"
    date = step_date(model.scenario, t)
    return f"step {t}" + (f" ({date})" if date else "")


def matrix_text(summary: pd.DataFrame) -> str:
    """The decision matrix in words, for its image's alt text: "RUS in israel_iran: arms to IRN"."""
    cells = [
        f"{r.decider} in {r.conflict}: {r.level_name}" + (f" to {r.beneficiary}" if r.level else "")
        for r in summary.itertuples(index=False)
    ]
    return "Decision matrix, policy so far: " + "; ".join(cells)


def changed_banner(moved: list[str]) -> str:
    """The "changed: press Reset" notice for controls moved since the world was built."""
    return (
        '<div class="changed-press-reset" style="background: #fff3cd; border: 2px solid '
        '#d55e00; border-radius: 6px; padding: 6px 10px; margin: 4px 0; color: #5a3200">'
        "<b>Changed: press Reset</b> to rebuild the world with "
        f"{html.escape(', '.join(moved))}; the world shown still has the old values.</div>"
    )


def _key(frame: pd.DataFrame) -> tuple:
    return tuple(frame.astype(str).itertuples(index=False, name=None))


@solara.component
def Chart(uri: str, alt: str, name: str, step: int):
    """A chart at its own size in a box that scrolls sideways if the card is narrower; the alt
    text says what it shows, data-step which step it shows."""
    solara.HTML(
        tag="div",
        unsafe_innerHTML=(
            '<div style="overflow-x: auto">'
            f'<img src="{uri}" alt="{html.escape(alt)}" data-chart="{name}" data-step="{step}" '
            'style="display: block; margin: 0 auto; max-width: none"></div>'
        ),
    )


@solara.component
def DecisionMatrix(model: ExploredModel, steps: int):
    """The policy each decider holds so far in this world, against the observed one; a conflict's
    column appears once it has been fought."""
    summary = solara.use_memo(model.policy_summary, [model, steps])
    if summary.empty:
        solara.Info("No conflict has been fought yet: press Step or ▶.")
        return
    world = int(model.world_seed[0])
    title = f"{model.scenario.name}, world {world}: who aids whom"
    fighters = {cid: c.fighters for cid, c in model.scenario.conflicts.items()}
    names = Names.of(model.scenario)
    columns = ["decider", "conflict", "level", "beneficiary", "observed", "match"]
    key = ("matrix", id(model), _key(summary[[c for c in columns if c in summary]]))

    def draw() -> Figure:
        return decision_matrix_figure(
            summary, title, belligerents=fighters, names=names, note=ONE_WORLD, one_world=True
        )

    Chart(drawn(key, draw), matrix_text(summary), "decision-matrix", steps)


@solara.component
def Network(model: ExploredModel, steps: int):
    """Countries, treaties, rivalries and the aid each decider gives at this step."""
    aid = model.current_aid()
    step = max(steps - 1, 0)
    fighting = tuple(model.world.belligerent.any(axis=(1, 2))[step])
    key = ("network", id(model), _key(aid), fighting)
    title = f"Who aids whom in world {int(model.world_seed[0])}"
    uri = drawn(key, lambda: network_figure(model.world, aid, title, step=step))
    Chart(uri, "Network of countries and aid", "network", steps)


@solara.component
def Explanation(model: ExploredModel, steps: int):
    """A selected decision at the last step it was taken: each option's utility by interest."""
    keys = [d.key for d in model.world.decisions]
    observed = [f"{o.decider}:{o.conflict}" for o in model.scenario.observed]
    key, set_key = solara.use_state((observed or keys)[0])
    solara.Select("decision (decider:conflict)", values=keys, value=key, on_value=set_key)
    decision = model.world.decisions[keys.index(key)]
    active = np.flatnonzero(model.world.active[:steps, model.world.conflict_of[decision.index]])
    seed = int(model.world_seed[0])

    def compute():
        if not len(active):
            return None
        return explain(model.scenario, decision.decider, decision.conflict, int(active[-1]), seed)

    e = solara.use_memo(compute, [model, steps, key])
    if e is None:
        start = model.scenario.conflicts[decision.conflict].start
        date = step_date(model.scenario, start)
        solara.Info(
            f"Nobody has decided about {decision.conflict} yet: it is fought from step {start}"
            + (f" ({date})" if date else "")
            + "."
        )
        return
    solara.Markdown(f"At {when(model)}, the last step {decision.key} was decided:")
    Svg(explanation_svg(e, Names.of(model.scenario)), "explanation", steps)


@solara.component
def Timeline(model: ExploredModel, steps: int):
    """Each decider's level at every step run so far, one panel per conflict (inline SVG)."""
    Svg(timeline_svg(model.world, model.levels(), steps), "timeline", steps)


@solara.component
def Svg(svg: str, name: str, step: int):
    """An inline SVG chart in a box that scrolls sideways if the card is narrower; data-step
    says which step it shows."""
    solara.HTML(
        tag="div",
        unsafe_innerHTML=(
            f'<div style="overflow-x: auto" data-chart="{name}" data-step="{step}">{svg}</div>'
        ),
    )


@solara.component
def Header(model: ExploredModel, start: dict[str, object], chosen: dict[str, object], steps):
    """What world this is, how far it has run, what differs from the scenario file, and whether
    a control moved since the world was built."""
    scenario = model.scenario
    what_if = " ".join(f"<code>{html.escape(o)}</code>" for o in changes(model, start))
    title = (
        f"{scenario.name}: world {int(model.world_seed[0])}, "
        f"{steps} of {scenario.steps} steps run (last: {when(model)})"
    )
    moved = pending(model, chosen)
    with solara.Card(title):
        if moved:
            solara.HTML(tag="div", unsafe_innerHTML=changed_banner(moved))
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
def Dashboard(model: ExploredModel, start: dict[str, object], chosen: dict[str, object]):
    """The main area: header; decision matrix and network; the explanation; the timeline."""
    from mesa.visualization.utils import update_counter

    update_counter.get()  # redraw after every step, as Mesa's own components do
    steps = model.steps
    with solara.Column(style={"padding": "12px", "width": "100%"}):
        Header(model, start, chosen, steps)
        with solara.Row(style={"flex-wrap": "wrap", "align-items": "flex-start"}):
            with solara.Card("Decision matrix", style={"max-width": "100%"}):
                DecisionMatrix(model, steps)
            with solara.Card("Network", style={"max-width": "100%"}):
                Network(model, steps)
        with solara.Card("Why"):
            Explanation(model, steps)
        with solara.Card("Crisis timeline"):
            Timeline(model, steps)
