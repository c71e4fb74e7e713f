"""The scenario schema: what a scenario file may say, validated on load.

Every model forbids unknown keys so that a typo fails loudly instead of silently doing nothing.
Fact fields are fractions in [0, 1]; each country and relation carries a `source`.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from axissim.engine.kernel import INTEREST_NAMES, SIGNED_INTERESTS
from axissim.levels import N_LEVELS

Fraction = Annotated[float, Field(ge=0.0, le=1.0)]
CountryId = Annotated[str, Field(pattern=r"^[A-Z]{3}$")]
Level = Annotated[int, Field(ge=0, le=N_LEVELS - 1)]
Source = Annotated[str, Field(min_length=1)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class WeightError(ValueError):
    """A bad interest weight; `key` names the interest so the error can point at it."""

    def __init__(self, key: str, message: str) -> None:
        super().__init__(message)
        self.key = key


def check_weights(weights: dict[str, float]) -> dict[str, float]:
    """Weights name known interests; only signed interests may have negative weights."""
    for key, weight in weights.items():
        if key not in INTEREST_NAMES:
            raise WeightError(key, f"unknown interest {key!r}; known: {', '.join(INTEREST_NAMES)}")
        if weight < 0 and key not in SIGNED_INTERESTS:
            raise WeightError(
                key,
                f"expected a weight >= 0, got {weight} (the interest's sign is fixed); "
                f"only {', '.join(SIGNED_INTERESTS)} may be negative",
            )
    return weights


TEMPERATURE = "temperature"
"""The name a prior, an ensemble column or a sweep uses for the choice temperature."""


def check_priors(priors: dict[str, list[float]]) -> dict[str, list[float]]:
    """Each prior is a [low, high] range for a known interest's weight or the temperature."""
    for key, (low, high) in priors.items():
        if key != TEMPERATURE and key not in INTEREST_NAMES:
            raise WeightError(
                key, f"unknown parameter {key!r}; known: {', '.join(INTEREST_NAMES)}, temperature"
            )
        if low >= high:
            raise WeightError(
                key, f"range [{low}, {high}] is inverted or empty; expected [low, high]"
            )
        if key == TEMPERATURE and low <= 0:
            raise WeightError(key, f"expected a temperature range above 0, got [{low}, {high}]")
        if key != TEMPERATURE and low < 0 and key not in SIGNED_INTERESTS:
            raise WeightError(key, f"expected a range of weights >= 0, got [{low}, {high}]")
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
    temperature: Annotated[float, Field(gt=0.0)] = 0.1


class Country(Strict):
    """A country agent's own facts."""

    name: str
    capability: Fraction = Field(description="share of world military expenditure")
    regime: str = ""
    religion: str = "secular"
    war_load: Fraction = Field(0.0, description="burden of wars outside the scenario")
    major_power: bool = Field(False, description="a major power (COW State System Membership)")
    nuclear: bool = Field(False, description="holds nuclear weapons")
    weights: dict[str, float] = Field(default_factory=dict, description="per-country overrides")
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


class Side(Strict):
    """One side of a conflict; the first belligerent is its lead, the one aid goes to."""

    belligerents: Annotated[list[CountryId], Field(min_length=1)]
    supporters: list[CountryId] = Field(default_factory=list)


class Join(Strict):
    """A country entering a conflict on a side at a step."""

    country: CountryId
    side: str
    step: Annotated[int, Field(ge=0)]
    source: Source


class Conflict(Strict):
    """A war between two sides, with its schedule and who decides about it."""

    name: str
    sides: dict[str, Side]
    initiator: str | None = Field(None, description="the side that started the war, if known")
    start: Annotated[int, Field(ge=0)] = 0
    ceasefire: Annotated[int, Field(ge=1)] | None = None
    joins: list[Join] = Field(default_factory=list)
    intensity: Fraction | list[Fraction] = 1.0
    deciders: Annotated[list[CountryId], Field(min_length=1)]
    oil_at_risk: list[CountryId] = Field(default_factory=list)
    source: Source

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


class Scenario(Strict):
    """A whole scenario: the countries, their relations, the conflicts and the evidence."""

    name: Annotated[str, Field(pattern=r"^[A-Za-z0-9_.-]+$")]
    description: str = ""
    steps: Annotated[int, Field(ge=1, le=100_000)]
    time_unit: Literal["day", "week", "month", "year"] = "day"
    start_date: dt.date | None = None
    seed: Annotated[int, Field(ge=0)] = 0
    choice: Choice = Field(default_factory=Choice)
    weights: dict[str, float]
    countries: dict[CountryId, Country]
    relations: dict[str, Relation] = Field(default_factory=dict)
    conflicts: Annotated[dict[str, Conflict], Field(min_length=1)]
    observed: list[Observed] = Field(default_factory=list)
    priors: dict[str, Annotated[list[float], Field(min_length=2, max_length=2)]] = Field(
        default_factory=dict, description="calibration ranges: interest or temperature -> [lo, hi]"
    )

    @field_validator("priors")
    @classmethod
    def _priors(cls, priors: dict[str, list[float]]) -> dict[str, list[float]]:
        return check_priors(priors)

    @field_validator("weights")
    @classmethod
    def _weights(cls, weights: dict[str, float]) -> dict[str, float]:
        return check_weights(weights)
