"""The scenario schema: what a scenario file may say, validated on load.

Every model forbids unknown keys so that a typo fails loudly instead of silently doing nothing.
Numbers are finite (NaN and infinity are refused) and never booleans; fact fields are fractions
in [0, 1]; each country and relation carries a `source`. Sizes are limited to what this
machine's kernel can hold (see the limits below).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal, get_args

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator, model_validator

from axissim.engine.interests import INTEREST_NAMES, SIGNED_INTERESTS
from axissim.levels import N_LEVELS
from axissim.limits import MAX_SEED
from axissim.scenario.priors import prior_problem

MAX_STEPS = 10_000
"""Steps in a scenario (27 years of days, 192 years of weeks)."""
MAX_COUNTRIES = 300
"""Countries in a scenario: every state in the world (about 200) plus blocs. The kernel holds
a countries x countries matrix per relation field and a (steps x conflicts x 2 x countries)
schedule of belligerents."""
MAX_STEP_DECISIONS = 1_000_000
"""Steps x decisions: the kernel's static exposures are a (steps x decisions x 2 sides x 14
interests) array of floats (224 MB at this limit), and a run keeps every world's level and
side per step and decision (2 GB for 1,000 worlds at this limit), on a machine of 24 GB."""
MAX_WEIGHT = 1e6
"""Largest size of an interest weight: calibrated weights lie within [-2, 5]; far larger ones
would only overflow the utilities."""
MAX_NAME = 100
"""Characters in a scenario name (it names the results folder)."""


def _no_bool(value: Any) -> Any:
    """`true` is no number: refuse it where a number is expected instead of reading 1."""
    if isinstance(value, bool):
        raise ValueError(f"expected a number, got {str(value).lower()}")
    return value


Real = Annotated[float, BeforeValidator(_no_bool)]
Whole = Annotated[int, BeforeValidator(_no_bool)]
Fraction = Annotated[Real, Field(ge=0.0, le=1.0)]
CountryId = Annotated[str, Field(pattern=r"^[A-Z]{3}$")]
Level = Annotated[Whole, Field(ge=0, le=N_LEVELS - 1)]
Step = Annotated[Whole, Field(ge=0)]
Source = Annotated[str, Field(min_length=1)]


class UnknownKey(ValueError):
    """A key the model does not know; `key` names it so the error can point at it."""

    def __init__(self, key: str) -> None:
        super().__init__("unknown key")
        self.key = key


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)

    @model_validator(mode="before")
    @classmethod
    def _known_keys(cls, data: Any) -> Any:
        """The first unknown key is the model's one error (pydantic would report every unknown
        key, and a million of them take a minute to report)."""
        if isinstance(data, dict) and not data.keys() <= cls.model_fields.keys():
            raise UnknownKey(next(key for key in data if key not in cls.model_fields))
        return data


class WeightError(ValueError):
    """A bad interest weight; `key` names the interest so the error can point at it."""

    def __init__(self, key: str | None, message: str) -> None:
        super().__init__(message)
        self.key = key


def check_weights(weights: dict[str, float], complete: bool = False) -> dict[str, float]:
    """Weights name known interests (every one of them if `complete`), are at most MAX_WEIGHT
    in size, and only signed interests may have negative weights."""
    for key, weight in weights.items():
        if key not in INTEREST_NAMES:
            raise WeightError(key, f"unknown interest {key!r}; known: {', '.join(INTEREST_NAMES)}")
        if abs(weight) > MAX_WEIGHT:
            raise WeightError(key, f"expected a weight within +-{MAX_WEIGHT:g}, got {weight:g}")
        if weight < 0 and key not in SIGNED_INTERESTS:
            raise WeightError(
                key,
                f"expected a weight >= 0, got {weight} (the interest's sign is fixed); "
                f"only {', '.join(SIGNED_INTERESTS)} may be negative",
            )
    missing = [key for key in INTEREST_NAMES if key not in weights]
    if complete and missing:
        raise WeightError(None, missing_weights(missing))
    return weights


def missing_weights(missing: list[str]) -> str:
    """The message for weights that leave interests out (they would silently weigh 0)."""
    return (
        f"missing {len(missing)} interest weight{'s' if len(missing) > 1 else ''}: "
        f"{', '.join(missing)}; weights name every interest (write 0 to switch one off)"
    )


TEMPERATURE = "temperature"
"""The name a prior, an ensemble column or a sweep uses for the choice temperature."""


def check_priors(priors: dict[str, Any]) -> dict[str, Any]:
    """Each prior is a range or a distribution (scenario.priors) for a known interest's weight
    or the temperature."""
    for key, value in priors.items():
        if key != TEMPERATURE and key not in INTEREST_NAMES:
            raise WeightError(
                key, f"unknown parameter {key!r}; known: {', '.join(INTEREST_NAMES)}, temperature"
            )
        problem = prior_problem(value, key in SIGNED_INTERESTS, key == TEMPERATURE)
        if problem:
            raise WeightError(key, problem)
    return priors


TreatyType = Literal[
    "none",
    "mutual_defence",
    "offence",
    "guarantee",
    "neutrality",
    "non_aggression",
    "consultation",
    "strategic_partnership",
]
"""What a treaty obliges A to do for B: defend it when attacked (mutual_defence, or a one-way
guarantee), join its wars whoever started them (offence, as ATOP's offence pledges), stay out
of wars against it (neutrality, non_aggression), consult (consultation), or a partnership with
no military clause (strategic_partnership)."""


class Choice(Strict):
    """How a decider turns utilities into a choice."""

    rule: Literal["argmax", "logit"] = "logit"
    temperature: Annotated[Real, Field(gt=0.0)] = 0.1


class Country(Strict):
    """A country agent's own facts."""

    name: str
    capability: Fraction = Field(description="share of world military expenditure")
    regime: str = ""
    religion: str = "secular"
    war_load: Fraction = Field(0.0, description="burden of wars outside the scenario")
    major_power: bool = Field(False, description="a major power (COW State System Membership)")
    nuclear: bool = Field(False, description="holds nuclear weapons")
    weights: dict[str, Real] = Field(default_factory=dict, description="per-country overrides")
    source: Source
    sources: dict[str, str] = Field(default_factory=dict)

    @field_validator("weights")
    @classmethod
    def _weights(cls, weights: dict[str, float]) -> dict[str, float]:
        return check_weights(weights)


class Relation(Strict):
    """Facts of a directed dyad A -> B, seen from A."""

    treaty: Fraction = Field(0.0, description="A's obligation to B under a treaty")
    treaty_type: TreatyType = "none"
    invoked: bool = Field(False, description="A and B declared the treaty binding in this war")
    affinity: Fraction = Field(0.0, description="shared regime, ideology or history")
    suspicion: Fraction = Field(0.0, description="A's religious or ideological distrust of B")
    hostility: Fraction = Field(0.0, description="A's hostility towards B")
    rivalry: Fraction = Field(0.0, description="A's strategic rivalry with B")
    oil_imports: Fraction = Field(0.0, description="share of A's crude imports bought from B")
    trade: Fraction = Field(0.0, description="share of A's goods trade done with B")
    ties: Fraction = Field(0.0, description="how much A values its relationship with B")
    past_aid: Fraction = Field(0.0, description="aid A received from B before, as level / 4")
    payment: Fraction = Field(0.0, description="what B pays or gives A for arms or troops")
    contiguity: Fraction = Field(
        0.0, description="1 a land border, less across water (COW Direct Contiguity), 0 none"
    )
    source: Source
    sources: dict[str, str] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _typed_treaty(self) -> Relation:
        """A treaty's strength counts only through its type (engine.world.PLEDGES): an untyped
        treaty would silently count for nothing."""
        if self.treaty > 0 and self.treaty_type == "none":
            raise ValueError(
                f"treaty {self.treaty:g} has no treaty_type: give what it obliges (one of "
                f"{', '.join(t for t in get_args(TreatyType) if t != 'none')})"
            )
        return self


class Side(Strict):
    """One side of a conflict; the first belligerent is its lead, the one aid goes to."""

    belligerents: Annotated[list[CountryId], Field(min_length=1)]
    supporters: list[CountryId] = Field(default_factory=list)


class Join(Strict):
    """A country entering a conflict on a side at a step."""

    country: CountryId
    side: str
    step: Step
    source: Source


class Conflict(Strict):
    """A war between two sides, with its schedule and who decides about it."""

    name: str
    sides: dict[str, Side]
    initiator: str | None = Field(None, description="the side that started the war, if known")
    start: Step = 0
    ceasefire: Annotated[Whole, Field(ge=1)] | None = None
    joins: list[Join] = Field(default_factory=list)
    intensity: Fraction | list[Fraction] = Field(
        1.0,
        description="one value, or one per step; a list shorter than the steps holds its last "
        "value (so a longer horizon adds a tail with the same events)",
    )
    deciders: Annotated[list[CountryId], Field(min_length=1)]
    oil_at_risk: list[CountryId] = Field(default_factory=list)
    source: Source

    @property
    def fighters(self) -> list[str]:
        """Every belligerent, including those who join later."""
        return [
            *(c for side in self.sides.values() for c in side.belligerents),
            *(j.country for j in self.joins),
        ]

    @property
    def leads(self) -> list[str]:
        """Each side's lead, its first belligerent: the one aid goes to."""
        return [side.belligerents[0] for side in self.sides.values()]

    @field_validator("sides")
    @classmethod
    def _two_sides(cls, sides: dict[str, Side]) -> dict[str, Side]:
        if len(sides) != 2:
            raise ValueError(f"a conflict has exactly 2 sides, got {len(sides)}")
        return sides


class Observed(Strict):
    """A documented decision: who aided whom in which conflict, at what level.

    Without a beneficiary the observation holds for aid to either side (e.g. "no troops for
    anyone": level [0, 3]).
    """

    decider: CountryId
    conflict: str
    beneficiary: CountryId | None = None
    level: Level | Annotated[list[Level], Field(min_length=2, max_length=2)]
    source: Source

    @property
    def level_range(self) -> tuple[int, int]:
        if isinstance(self.level, int):
            return self.level, self.level
        return self.level[0], self.level[1]

    @field_validator("level")
    @classmethod
    def _ordered(cls, level: int | list[int]) -> int | list[int]:
        if isinstance(level, list) and level[0] > level[1]:
            raise ValueError(
                f"level range [{level[0]}, {level[1]}] is inverted; expected [low, high]"
            )
        return level


NAME_PATTERN = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]*")
DATE_PATTERN = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _name(value: Any) -> Any:
    """A scenario name names its results folder: no '.', '..' or hidden folder, no path."""
    if isinstance(value, str) and not (NAME_PATTERN.fullmatch(value) and len(value) <= MAX_NAME):
        raise ValueError(
            f"expected a name of letters, digits, '_', '.' and '-' (at most {MAX_NAME}) that "
            f"does not start with '.' (it names the results folder); got {value!r}"[:300]
        )
    return value


def _date(value: Any) -> Any:
    """A date as YYYY-MM-DD (YAML 1.2 reads an unquoted date as text; it is parsed here)."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if not isinstance(value, str) or not DATE_PATTERN.fullmatch(value):
        shown = repr(value) if isinstance(value, str) else str(value)
        raise ValueError(f"expected a date as YYYY-MM-DD, got {shown[:60]}")
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise ValueError(f"expected a date as YYYY-MM-DD, got {value!r}: {exc}") from None


def _big(number: int) -> str:
    return f"{number:,}" if number < 10**24 else f"a number of {len(str(number))} digits"


def _at_most(limit: int, what: str, why: str):
    """A check, before the items are validated, that a mapping or list holds at most `limit`."""

    def check(value: Any) -> Any:
        if isinstance(value, dict | list) and len(value) > limit:
            raise ValueError(f"{len(value):,} {what}; at most {limit:,} ({why})")
        return value

    return BeforeValidator(check)


class Scenario(Strict):
    """A whole scenario: the countries, their relations, the conflicts and the evidence."""

    name: Annotated[str, BeforeValidator(_name)]
    description: str = ""
    steps: Annotated[Whole, Field(ge=1)]
    time_unit: Literal["day", "week", "month", "year"] = "day"
    start_date: Annotated[dt.date, BeforeValidator(_date)] | None = None
    seed: Annotated[Whole, Field(ge=0)] = 0
    choice: Choice = Field(default_factory=Choice)
    weights: dict[str, Real]
    countries: Annotated[
        dict[CountryId, Country],
        _at_most(MAX_COUNTRIES, "countries", "the kernel holds countries x countries matrices"),
    ]
    relations: Annotated[
        dict[str, Relation],
        _at_most(
            MAX_COUNTRIES * (MAX_COUNTRIES - 1),
            "relations",
            f"one per ordered pair of at most {MAX_COUNTRIES} countries",
        ),
    ] = Field(default_factory=dict)
    conflicts: Annotated[
        dict[str, Conflict],
        Field(min_length=1),
        _at_most(MAX_STEP_DECISIONS, "conflicts", "each has a decider; see the decision limit"),
    ]
    observed: Annotated[
        list[Observed],
        _at_most(MAX_STEP_DECISIONS, "observations", "one per decision at most"),
    ] = Field(default_factory=list)
    priors: dict[
        str, Annotated[list[Real], Field(min_length=2, max_length=2)] | dict[str, list[Real]]
    ] = Field(
        default_factory=dict,
        description="calibration priors: interest or temperature -> [lo, hi] or a distribution",
    )

    @field_validator("steps")
    @classmethod
    def _steps(cls, steps: int) -> int:
        if steps > MAX_STEPS:
            raise ValueError(
                f"expected at most {MAX_STEPS:,} steps, got {_big(steps)} (the kernel holds "
                "arrays of steps x decisions x 2 sides x 14 interests; 10,000 days are 27 years)"
            )
        return steps

    @field_validator("seed")
    @classmethod
    def _seed(cls, seed: int) -> int:
        if seed > MAX_SEED:
            raise ValueError(
                f"expected a seed up to 2**63 - 1, got {_big(seed)} (the worlds' seeds, seed, "
                "seed + 1, ..., must fit the random streams' 64 bits)"
            )
        return seed

    @field_validator("priors")
    @classmethod
    def _priors(cls, priors: dict[str, Any]) -> dict[str, Any]:
        return check_priors(priors)

    @field_validator("weights")
    @classmethod
    def _weights(cls, weights: dict[str, float]) -> dict[str, float]:
        return check_weights(weights, complete=True)
