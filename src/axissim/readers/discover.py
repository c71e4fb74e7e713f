"""Scenario discovery on a finished sweep: where in the swept space an outcome holds, as PRIM
boxes (ema-workbench's implementation of the Patient Rule Induction Method).

The outcome is an expression over the sweep's outputs (outcomes.parquet), true or false at each
design point:

    EXPRESSION := CLAUSE (("and" | "or") CLAUSE)*        "and" binds tighter than "or"
    CLAUSE     := ["any" | "all"] STATISTIC "[" OUTPUT "]" OPERATOR NUMBER
    STATISTIC  := p_none | p_rhetorical | p_economic | p_arms | p_troops | p_material | mean_level
    OUTPUT     := an output label of the sweep; "*" stands for any text
    OPERATOR   := > | >= | < | <=

Output labels are decisions, "RUS:israel_iran" (the decision's policy level, whichever side it
aids), and beneficiaries, "aid_to:IRN" (the highest level anyone gives IRN). A pattern that
matches several outputs ("*:israel_iran") needs "any" or "all". One plain-English form is
accepted as well: "any decider gives COUNTRY material aid", with COUNTRY an id or the
scenario's name for it, means "p_material[aid_to:ID] > 0.5": in most worlds somebody gives
the country economic aid, arms or troops.

PRIM peels the box of all points, a little at a time, towards the points where the outcome
holds; each box on this peeling trajectory trades coverage (the share of all such points it
holds) for density (the share of its points where the outcome holds). The box kept is the one
of greatest coverage among those with density >= the threshold that restrict at least one
parameter. Further boxes are searched among the points left outside the earlier ones.
"""

from __future__ import annotations

import fnmatch
import operator
import re
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from axissim.errors import InputError
from axissim.folders.sweep import read_tables, require
from axissim.levels import AID_TO, STATISTICS
from axissim.scenario import load_scenario

DENSITY = 0.8
"""Default density a box must reach: the outcome holds at 80% of its points."""
BOXES = 3
"""Default number of boxes to look for."""
PLAIN_THRESHOLD = 0.5
"""The plain-English form's "gives": in most worlds."""
BOX_COLUMNS = [
    "box", "coverage", "density", "mass", "points", "cases", "restricted", "parameter",
    "lower", "upper", "minimum", "maximum", "today", "qp_lower", "qp_upper",
]  # fmt: skip
"""boxes.csv: one row per box and restricted parameter."""
TRAJECTORY_COLUMNS = ["coverage", "density", "mass", "res_dim", "n", "k"]
"""What peeling.csv keeps of PRIM's trajectory (n points in the box, k of them cases)."""

OPERATORS = {">": operator.gt, ">=": operator.ge, "<": operator.lt, "<=": operator.le}
CLAUSE = re.compile(
    r"(?:(?P<quantifier>any|all)\s+)?(?P<statistic>\w+)\s*\[\s*(?P<output>[^\]\s]+)\s*\]"
    r"\s*(?P<operator>>=|<=|>|<)\s*(?P<value>[-+]?(?:\d+\.?\d*|\.\d+))"
)
PLAIN = re.compile(r"any(?:one| decider)? gives (?P<country>.+?) material aid", re.IGNORECASE)
WHERE = "--outcome"


@dataclass(frozen=True)
class Clause:
    """STATISTIC[OUTPUT] OPERATOR VALUE on each output a pattern matched, joined by `quantifier`."""

    quantifier: str  # "any" or "all"; one output takes either
    statistic: str
    outputs: tuple[str, ...]
    operator: str
    value: float

    def holds(self, table: pd.DataFrame) -> pd.Series:
        """Per point, from a table with one column per (statistic, output)."""
        compare = OPERATORS[self.operator]
        hits = pd.concat(
            [compare(table[(self.statistic, o)], self.value) for o in self.outputs], axis=1
        )
        return hits.any(axis=1) if self.quantifier == "any" else hits.all(axis=1)


@dataclass(frozen=True)
class Outcome:
    """A parsed outcome: `text` as given, `expression` in the grammar, clauses as an or of ands."""

    text: str
    expression: str
    terms: tuple[tuple[Clause, ...], ...]

    def holds(self, outcomes: pd.DataFrame) -> pd.Series:
        """Whether it holds at each point of a sweep's outcomes table (a Series by point)."""
        table = outcomes.pivot(index="point", columns="output", values=list(STATISTICS))
        result = pd.Series(False, index=table.index)
        for term in self.terms:
            both = pd.Series(True, index=table.index)
            for clause in term:
                both &= clause.holds(table)
            result |= both
        return result


def parse_outcome(text: str, labels: list[str], names: dict[str, str] | None = None) -> Outcome:
    """Parse an outcome over a sweep's output `labels`; `names` maps country names to ids.

    Any problem is a InputError naming --outcome, with what was expected.
    """
    expression = _plain(text, labels, names or {})
    terms = tuple(
        tuple(_clause(part, labels) for part in re.split(r"\s+and\s+", alternative.strip()))
        for alternative in re.split(r"\s+or\s+", expression.strip())
    )
    return Outcome(text, expression, terms)


def _plain(text: str, labels: list[str], names: dict[str, str]) -> str:
    """The plain-English form rewritten in the grammar; anything else as it is."""
    match = PLAIN.fullmatch(text.strip())
    if match is None:
        return text
    said = match["country"]
    country = names.get(said.lower(), said.upper())
    if f"{AID_TO}{country}" not in labels:
        known = [label.removeprefix(AID_TO) for label in labels if label.startswith(AID_TO)]
        raise InputError(
            "discover",
            WHERE,
            f"the sweep has no output for aid to {said!r}; it reports aid to "
            f"{', '.join(known) or 'nobody'} (add it under outputs.beneficiaries)",
        )
    return f"p_material[{AID_TO}{country}] > {PLAIN_THRESHOLD}"


def _clause(text: str, labels: list[str]) -> Clause:
    match = CLAUSE.fullmatch(text.strip())
    if match is None:
        raise InputError(
            "discover",
            WHERE,
            f"cannot read {text.strip()!r}; expected [any|all] STATISTIC[OUTPUT] OP NUMBER, "
            'e.g. "p_material[aid_to:IRN] > 0.5", joined by and/or, or "any decider gives '
            'Iran material aid"',
        )
    if match["statistic"] not in STATISTICS:
        raise InputError(
            "discover",
            WHERE,
            f"unknown statistic {match['statistic']!r}; expected one of {', '.join(STATISTICS)}",
        )
    outputs = tuple(label for label in labels if fnmatch.fnmatchcase(label, match["output"]))
    if not outputs:
        raise InputError(
            "discover",
            WHERE,
            f"no output matches {match['output']!r}; the sweep has {', '.join(labels)}",
        )
    if len(outputs) > 1 and match["quantifier"] is None:
        raise InputError(
            "discover",
            WHERE,
            f"{match['output']!r} matches {len(outputs)} outputs ({', '.join(outputs)}); "
            "say whether any or all of them must hold",
        )
    return Clause(
        match["quantifier"] or "all",
        match["statistic"],
        outputs,
        match["operator"],
        float(match["value"]),
    )


def country_names(data: dict[str, Any]) -> dict[str, str]:
    """Lower-case country name -> id, from the scenario file the sweep's manifest names (none
    when that file cannot be read from here)."""
    source = data.get("scenario_file")
    if not source or not Path(source).is_file():
        return {}
    return {c.name.lower(): cid for cid, c in load_scenario(source).countries.items()}


@dataclass(frozen=True)
class Discovery:
    """The boxes found (one row per box and restricted parameter) and their trajectories."""

    outcome: Outcome
    cases: pd.Series  # per point: whether the outcome holds
    density: float
    boxes: pd.DataFrame
    peeling: pd.DataFrame

    @property
    def found(self) -> int:
        return int(self.boxes.box.nunique()) if len(self.boxes) else 0


def _prim():
    """ema-workbench's PRIM module, imported quietly (it warns about optional packages)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            from ema_workbench.analysis import prim
    except ImportError as exc:
        raise InputError(
            "discover", "", f"needs ema-workbench: pip install 'axissim[discover]' ({exc})"
        ) from None
    return prim


def find_boxes(
    x: pd.DataFrame,
    cases: pd.Series,
    density: float = DENSITY,
    boxes: int = BOXES,
    swept: dict[str, dict[str, float]] | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """PRIM boxes of the points `x` (one column per parameter) where `cases` is true.

    Returns the boxes, one row per box and restricted parameter, and every box's peeling
    trajectory with the kept box marked. A row holds the box's limits, the parameter's swept
    range and today's value: `swept` gives {name: {"minimum", "maximum", "today"}} as the sweep
    declared them (default: the points' range, today unknown); a side the box leaves open takes
    the range's end. Stops early when no further box reaches `density` by restricting something.
    """
    y = cases.to_numpy().astype(int)
    rows, trajectories = [], []
    if 0 < y.sum() < len(y):  # PRIM needs points where the outcome holds and where it does not
        with warnings.catch_warnings():  # pandas deprecations inside ema-workbench: theirs to fix
            warnings.filterwarnings("ignore", module="ema_workbench")
            finder = _prim().Prim(x.reset_index(drop=True), y, threshold=density)
            for number in range(1, boxes + 1):
                box = finder.find_box()
                chosen = None if box is None else _chosen(box.peeling_trajectory, density)
                if chosen is None:
                    break
                box.select(chosen)
                trajectories.append(_trajectory(number, box.peeling_trajectory, chosen))
                rows += _box_rows(number, box, chosen, finder.box_init, swept or {})
    peeling = (
        pd.concat(trajectories, ignore_index=True) if trajectories else _trajectory(0, None, 0)
    )
    return pd.DataFrame(rows, columns=BOX_COLUMNS), peeling


def _trajectory(number: int, trajectory: pd.DataFrame | None, chosen: int) -> pd.DataFrame:
    """A box's peeling trajectory as peeling.csv holds it (no box: the empty table)."""
    if trajectory is None:
        return pd.DataFrame(columns=["box", "step", *TRAJECTORY_COLUMNS, "chosen"])
    out = trajectory[TRAJECTORY_COLUMNS].copy()
    out.insert(0, "box", number)
    out.insert(1, "step", range(len(out)))
    out["chosen"] = out.step == chosen
    return out


def _chosen(trajectory: pd.DataFrame, density: float) -> int | None:
    """The box of greatest coverage (then density) with density >= `density` that restricts
    something."""
    fit = trajectory[(trajectory.density >= density) & (trajectory.res_dim > 0)]
    if fit.empty:
        return None
    return int(fit.sort_values(["coverage", "density"], ascending=False, kind="stable").index[0])


def _box_rows(number: int, box, chosen: int, init: pd.DataFrame, swept: dict) -> list[dict]:
    """One row per parameter the chosen box restricts, tightest (lowest quasi-p) first."""
    stats = box.peeling_trajectory.iloc[chosen]
    limits = box.box_lims[chosen]
    restricted = [
        c for c in limits.columns if not np.array_equal(limits[c].to_numpy(), init[c].to_numpy())
    ]
    quasi_p = {c: [np.nan if p < 0 else p for p in box.qp[chosen][c]] for c in restricted}
    rows = []
    for name in sorted(restricted, key=lambda c: np.nanmin(quasi_p[c])):
        qp_lower, qp_upper = quasi_p[name]
        (lower, upper), (start, end) = limits[name], init[name]
        declared = swept.get(name, {"minimum": start, "maximum": end})
        rows.append(
            {
                "box": number,
                "coverage": float(stats.coverage),
                "density": float(stats.density),
                "mass": float(stats.mass),
                "points": int(stats.n),
                "cases": int(stats.k),
                "restricted": len(restricted),
                "parameter": name,
                "lower": float(declared["minimum"] if lower == start else lower),
                "upper": float(declared["maximum"] if upper == end else upper),
                "minimum": float(declared["minimum"]),
                "maximum": float(declared["maximum"]),
                "today": float(declared.get("today", np.nan)),
                "qp_lower": qp_lower,
                "qp_upper": qp_upper,
            }
        )
    return rows


def swept_ranges(parameters: list[dict[str, Any]]) -> dict[str, dict[str, float]]:
    """Each parameter's declared range (its range, or its values' span) and today's value, from
    the parameter records of a sweep's manifest."""
    out = {}
    for p in parameters:
        low, high = p["range"] or (min(p["values"]), max(p["values"]))
        out[p["name"]] = {"minimum": low, "maximum": high, "today": p["baseline"]}
    return out


def discover(
    folder: Path | str, text: str, density: float = DENSITY, boxes: int = BOXES
) -> Discovery:
    """Scenario discovery on the sweep results in `folder` for the outcome `text`."""
    folder = require(folder)
    if not 0 < density <= 1:
        raise InputError("discover", "--density", f"expected a share in (0, 1], got {density}")
    data, points, outcomes = read_tables(folder)
    labels = list(data["sweep"]["outputs"]["labels"])
    outcome = parse_outcome(text, labels, country_names(data))
    x = points.set_index("point").sort_index()
    text_columns = list(x.select_dtypes(exclude=np.number).columns)
    if text_columns:
        verb = "is" if len(text_columns) == 1 else "are"
        raise InputError(
            str(folder),
            "",
            f"PRIM needs numeric parameters; {', '.join(text_columns)} {verb} categorical "
            "(values that are not numbers)",
        )
    cases = outcome.holds(outcomes).reindex(x.index, fill_value=False)
    ranges = swept_ranges(data["sweep"]["parameters"])
    found, peeling = find_boxes(x, cases, density, boxes, ranges)
    return Discovery(outcome, cases, density, found, peeling)
