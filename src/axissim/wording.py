"""How results are put into words, the same on the terminal and in the HTML report.

Levels and ranges of levels, outcomes, probabilities (with an ensemble's interval), tipping
flips, PRIM limits and today's value against them, sensitivity indices, signed numbers, the
dates of steps and plain text tables. The functions return plain text; where a caller marks up
one part (the report colours a level, tags "inside"), it passes a function for that part.

Rows are read by attribute, so a row of `DataFrame.itertuples()` and a `Series` both serve.
This module imports nothing heavier than `axissim.levels`: the command line words its refusals
before NumPy or pandas load.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from axissim.levels import LEVEL_NAMES

ARROW = "->"
"""Between an aid level and whom it goes to: "arms -> RUS" (the report writes "→")."""
NO_FLIP = "none within bounds"
"""A tipping search that found no value flipping the decision in one direction."""


def missing(value: Any) -> bool:
    """None, NaN or pandas' NA: a cell with nothing to say."""
    if value is None:
        return True
    try:
        return bool(value != value)  # NaN is the one value unequal to itself
    except TypeError:  # pandas.NA refuses to be a truth value
        return True


# --- numbers ---


def number(value: Any) -> str:
    """Three significant digits, "" for a missing value, text (a category) as it is: 0.625, 5,
    1.23e+04, mutual_defence."""
    if missing(value):
        return ""
    return value if isinstance(value, str) else f"{value:.3g}"


def signed(value: float) -> str:
    """Three decimals with a sign, never -0.000: +0.125, -0.125, +0.000."""
    return f"{round(value, 3) + 0.0:+.3f}"


def percent(share: Any) -> str:
    """A share as a whole percentage, "-" for a missing one (a group without cases): 41%."""
    return "-" if missing(share) else f"{share:.0%}"


def with_conf(value: float, conf: Any = None, plus: str = "+/-") -> str:
    """An index and its confidence: "0.412 +/- 0.031"; without a confidence, "0.412"."""
    text = f"{value:.3f}"
    return text if missing(conf) else f"{text} {plus} {conf:.3f}"


# --- levels and outcomes ---


def levels_text(low: int, high: int | None = None) -> str:
    """A level or a range of levels by name: "arms", "none-rhetorical"."""
    if high is None or int(high) == int(low):
        return LEVEL_NAMES[int(low)]
    return f"{LEVEL_NAMES[int(low)]}-{LEVEL_NAMES[int(high)]}"


def outcome_text(level: Any, beneficiary: Any = None, arrow: str = ARROW) -> str:
    """A level and whom it aids: "arms -> RUS"; "none" aids nobody; "" for a missing level."""
    if missing(level):
        return ""
    aided = int(level) > 0 and isinstance(beneficiary, str) and beneficiary
    return LEVEL_NAMES[int(level)] + (f" {arrow} {beneficiary}" if aided else "")


def observed_text(observed: Any, beneficiary: Any = None, arrow: str = ARROW) -> str:
    """An observation as summary.csv writes it ("0-1", "3") in words: "none-rhetorical -> IRN";
    "" when the decision was not observed. Without a beneficiary, aid to either side."""
    if missing(observed):
        return ""
    low, _, high = str(observed).partition("-")
    text = levels_text(int(low), int(high) if high else None)
    aided = isinstance(beneficiary, str) and beneficiary
    return text + (f" {arrow} {beneficiary}" if aided else "")


# --- probabilities ---


def probability(p: Any) -> str:
    """P without rounding a possible outcome to 0 or 1: "0.42", "<0.01", ">0.99"; "0" and "1"
    only when exact; "" when missing."""
    if missing(p):
        return ""
    p = float(p)
    if p in (0.0, 1.0):
        return f"{p:.0f}"
    return "<0.01" if p < 0.005 else ">0.99" if p > 0.995 else f"{p:.2f}"


def probability_relation(p: float) -> str:
    """P's relation and value, for "P = 0.42" and "P < 0.01" in charts and the report."""
    text = probability(p)
    if not text:
        return ""
    return f"{text[0]} {text[1:]}" if text[0] in "<>" else f"= {text}"


def interval(row: Any, level: str) -> tuple[float, float] | None:
    """The 5-95% interval of P(level) across ensemble members, when the run had an ensemble."""
    if not hasattr(row, "lo_none"):
        return None
    return getattr(row, f"lo_{level}"), getattr(row, f"hi_{level}")


def interval_text(low: float, high: float) -> str:
    """ "[0.66-1.00]"."""
    return f"[{low:.2f}-{high:.2f}]"


def probability_cell(row: Any, level: str) -> str:
    """P(level) of a summary row to two decimals, with its ensemble interval when the run had
    one: "0.92 [0.66-1.00]", else "0.92"."""
    text = f"{getattr(row, f'p_{level}'):.2f}"
    span = interval(row, level)
    return text if span is None else f"{text} {interval_text(*span)}"


def modal_probability(row: Any) -> float:
    """The probability of a summary row's modal level."""
    return getattr(row, f"p_{LEVEL_NAMES[int(row.level)]}")


# --- tipping points ---


def flip(row: Any, direction: str) -> tuple[float, int, Any] | None:
    """The value a tipping row's parameter flips the decision at, lowered ("down") or raised
    ("up"), with the level and beneficiary it flips to; None when nothing flips within bounds."""
    value = getattr(row, f"{direction}_value")
    if missing(value):
        return None
    return value, getattr(row, f"{direction}_level"), getattr(row, f"{direction}_beneficiary")


def nearer(row: Any) -> str:
    """The direction, "down" or "up", of a tipping row's nearer flip."""
    down, up = row.down_distance, row.up_distance
    return "up" if missing(down) or (not missing(up) and up < down) else "down"


def flip_text(row: Any, direction: str, outcome: Callable[[Any, Any], str] = outcome_text) -> str:
    """ "0.625: rhetorical -> IRN", or NO_FLIP; `outcome` words the level flipped to."""
    found = flip(row, direction)
    if found is None:
        return NO_FLIP
    value, level, beneficiary = found
    return f"{number(value)}: {outcome(level, beneficiary)}"


def nearest_flip_text(
    row: Any,
    arrow: str = ARROW,
    outcome: Callable[[Any, Any], str] = outcome_text,
    name: Callable[[str], str] = str,
    aside: Callable[[str], str] = str,
) -> str:
    """A tipping row's nearer flip: "aid_cost 5 -> 2.54: economic -> IRN (49%)"; `name` words
    the parameter, `outcome` the level flipped to, `aside` the distance in brackets."""
    text = flip_text(row, nearer(row), outcome)
    distance = aside(f"({row.distance:.0%})")
    return f"{name(row.parameter)} {number(row.value)} {arrow} {text} {distance}"


# --- scenario discovery (PRIM boxes) ---


def limits_text(row: Any) -> str:
    """A restricted parameter's limits: ">= 0.65", "<= 0.25" or "0.2 to 0.4"."""
    if row.lower <= row.minimum:
        return f"<= {row.upper:.3g}"
    if row.upper >= row.maximum:
        return f">= {row.lower:.3g}"
    return f"{row.lower:.3g} to {row.upper:.3g}"


def today_inside(row: Any) -> bool:
    """Whether today's value of a box's parameter lies within the box's limits."""
    return bool(row.lower <= row.today <= row.upper)


def today_text(row: Any, mark: Callable[[str], str] = str) -> str:
    """Today's value and where it lies: "0.2 (outside)"; "" when the sweep does not say.
    `mark` words "inside" or "outside"."""
    if missing(row.today):
        return ""
    return f"{number(row.today)} ({mark('inside' if today_inside(row) else 'outside')})"


# --- sensitivity indices ---


@dataclass(frozen=True)
class IndexTable:
    """The indices of one output and statistic, largest effect first; no rows when the output
    does not vary over the sweep."""

    output: str
    statistic: str
    header: list[str]
    rows: list[list[str]] | None


def index_tables(indices: Any, plus: str = "+/-") -> list[IndexTable]:
    """A sweep's indices table (readers.indices) as one table per output and statistic."""
    tables = []
    if indices.empty:
        return tables
    for (output, statistic), chosen in indices.groupby(["output", "statistic"], sort=False):
        sobol = "ST" in chosen
        columns = ["S1", "ST"] if sobol else ["mu_star", "sigma"]
        rows = None
        if not chosen.constant.all():
            order = chosen.sort_values("ST" if sobol else "mu_star", ascending=False)
            rows = [
                [r.parameter, *(_index(r, c, plus) for c in columns)] for r in order.itertuples()
            ]
        tables.append(IndexTable(output, statistic, ["parameter", *columns], rows))
    return tables


def _index(row: Any, column: str, plus: str) -> str:
    return with_conf(getattr(row, column), getattr(row, f"{column}_conf", None), plus)


# --- time and tables ---


def step_date(scenario: Any, step: int) -> str | None:
    """A step's calendar date, for scenarios with a start date and a daily or weekly clock."""
    if scenario.start_date is None or scenario.time_unit not in ("day", "week"):
        return None
    days = step * (7 if scenario.time_unit == "week" else 1)
    return (scenario.start_date + dt.timedelta(days=days)).isoformat()


def table(rows: Sequence[Sequence[Any]], header: Sequence[str]) -> str:
    """A plain text table: the header, a rule of dashes, the rows; columns two spaces apart."""
    widths = [max(len(str(x)) for x in column) for column in zip(header, *rows, strict=True)]

    def line(cells: Sequence[Any]) -> str:
        return "  ".join(str(c).ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip()

    return "\n".join([line(header), line(["-" * w for w in widths]), *map(line, rows)])


# --- names: countries, conflicts and parameters in words ---

INTEREST_WORDS = {
    "aid_cost": "the cost of aid",
    "third_party_ties": "third-party ties",
    "stake": "its own stake",
    "against_aggression": "opposing aggression",
}
"""Interests whose name, with spaces for underscores, does not read as words."""
FACT_WORDS = {
    "treaty": "{a}'s treaty obligation to {b}",
    "treaty_type": "the type of {a}'s treaty with {b}",
    "affinity": "{a}'s affinity with {b}",
    "suspicion": "{a}'s suspicion of {b}",
    "hostility": "{a}'s hostility to {b}",
    "rivalry": "{a}'s rivalry with {b}",
    "oil_imports": "{a}'s oil bought from {b}",
    "trade": "{a}'s trade with {b}",
    "ties": "{a}'s ties to {b}",
    "past_aid": "{a}'s past aid from {b}",
    "payment": "what {b} pays {a}",
    "contiguity": "{a}'s border with {b}",
}
"""A relation's fact A->B in words; {a} and {b} are the countries' names."""
COUNTRY_FACT_WORDS = {
    "war_load": "{a}'s war load (wars outside the scenario)",
    "capability": "{a}'s military weight",
}
IDENTIFIER = re.compile(r"[a-z][a-z0-9_]*")
"""A bare lower-case name: an interest's, as tipping and calibration name weights (a sweep's own
names are free text)."""
POLICY_NOTE = (
    "P = share of simulated worlds in which the decider holds that level at the end of the "
    "conflict (its policy)"
)
"""What P means in every chart of many worlds."""


def interest_words(name: str) -> str:
    """An interest in words: "aid_cost" -> "the cost of aid", "oil_exposure" -> "oil exposure"."""
    return INTEREST_WORDS.get(name, name.replace("_", " "))


@dataclass(frozen=True)
class Names:
    """Country and conflict names by id, to put names, not ids, into charts and tables.

    An id without a name stays as it is; `Names()` names nothing.
    """

    countries: dict[str, str] = field(default_factory=dict)
    conflicts: dict[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, scenario: Any) -> Names:
        """The names a scenario gives (`countries[id].name`, `conflicts[id].name`)."""
        if scenario is None:
            return cls()
        return cls(
            {cid: c.name for cid, c in scenario.countries.items()},
            {cid: c.name for cid, c in scenario.conflicts.items()},
        )

    def country(self, cid: Any) -> str:
        return self.countries.get(str(cid), str(cid))

    def conflict(self, cid: Any) -> str:
        return self.conflicts.get(str(cid), str(cid))

    def decision(self, key: str) -> str:
        """ "RUS:israel_iran" -> "Russia in the Israel-Iran war ..."; "aid_to:IRN" -> "the
        highest aid anyone gives Iran"."""
        first, _, second = key.partition(":")
        if first == "aid_to":
            return f"the highest aid anyone gives {self.country(second)}"
        return f"{self.country(first)} in {self.conflict(second)}" if second else key

    def parameter(self, name: str) -> str:
        """A weight, fact or scenario path in words: "aid_cost" or "weights.aid_cost" -> "weight
        of the cost of aid"; "RUS->IRN.trade" -> "Russia's trade with Iran"; "temperature" ->
        "choice temperature". Anything else (a sweep's own name) stays as it is."""
        path = name.removeprefix("relations.").removeprefix("countries.")
        if path.startswith("weights."):
            path = path.removeprefix("weights.")
            return f"weight of {interest_words(path)}"
        if path in ("temperature", "choice.temperature"):
            return "choice temperature"
        head, dot, fact = path.rpartition(".")
        if not dot:
            return f"weight of {interest_words(path)}" if IDENTIFIER.fullmatch(path) else name
        a, arrow, b = head.partition("->")
        if arrow and fact in FACT_WORDS:
            return FACT_WORDS[fact].format(a=self.country(a), b=self.country(b))
        if not arrow and fact in COUNTRY_FACT_WORDS:
            return COUNTRY_FACT_WORDS[fact].format(a=self.country(a))
        return name
