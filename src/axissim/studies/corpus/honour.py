"""The honour rate of defence pledges by era: from the data, from the model, in the literature.

Pledge holders are the corpus's potential joiners with an ATOP defence pledge to a
non-initiating original belligerent (`data.corpus.corpus`, `pledged_sides`); a pledge is
honoured when the holder joined on (one of) its partner's side(s). The data's rate is
`data.scores.honour_rates`; the model's is the mean predicted P(troops to the partner) over
the same holders.

Why the corpus's rates sit far below the literature's: its potential joiners exclude the
states that fought from the war's onset year (they are original belligerents, not deciders),
and a pledge honoured at once is fought from the onset. `onset_holders` counts them: the
original belligerents holding a pledge to another non-initiating original that year, and how
many fought on a partner's side. The literature also counts per treaty obligation that the
treaty's own terms invoked (Leeds, Long & Mitchell), not per state with any pledge to any
belligerent of a war that may have started far from the pledge's scope.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from axissim.data import scores as S
from axissim.data.corpus import originals
from axissim.data.tables import tables
from axissim.studies.backtest import LITERATURE

ERAS = ("before_1945", "after_1945", "all")
ERA_LABELS = {"before_1945": f"before {S.ERA_SPLIT}", "after_1945": f"{S.ERA_SPLIT} on",
              "all": "all"}  # fmt: skip
"""The eras' keys (JSON, CSV) and their names in `data.scores.honour_rates` and in tables."""
LITERATURE_ERAS = ("before_1945", "all", "before_1945", "after_1945", "all")
"""The era of each entry of `studies.backtest.LITERATURE`, in its order."""

DATA, MODEL, ONSET, TOGETHER = (
    "corpus: pledge holders that could join",
    "model: mean P(troops to the partner)",
    "original belligerents with a pledge",
    "corpus and original belligerents together",
)


def in_era(years: pd.Series, era: str) -> pd.Series:
    if era == "before_1945":
        return years < S.ERA_SPLIT
    if era == "after_1945":
        return years >= S.ERA_SPLIT
    return years == years


def onset_holders() -> pd.DataFrame:
    """One row per (war, original belligerent) holding, in the onset year, an ATOP defence
    pledge to another original belligerent that did not initiate the war: war, year,
    ccode, honoured (it fights on the side of one such partner)."""
    orig = originals()
    atop = tables().atop
    pledges = atop[atop.atop_defense == 1][["ccode1", "ccode2", "year"]]
    partners = orig[~orig.initiator][["warnum", "ccode", "side"]].set_axis(
        ["warnum", "partner", "partner_side"], axis=1
    )
    pairs = orig[["warnum", "ccode", "side", "onset"]].merge(partners, on="warnum")
    pairs = pairs[pairs.ccode != pairs.partner].merge(
        pledges, left_on=["ccode", "partner", "onset"], right_on=["ccode1", "ccode2", "year"]
    )
    pairs["honoured"] = pairs.side == pairs.partner_side
    holders = pairs.groupby(["warnum", "ccode"], as_index=False).agg(
        year=("onset", "first"), honoured=("honoured", "any")
    )
    return holders.rename(columns={"warnum": "war"})[["war", "year", "ccode", "honoured"]]


def honour_table(cases: pd.DataFrame, holders: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per source and era: kind (data, model, onset, together, literature), source,
    era, pledge holders, honoured, rate; the literature last.

    `cases` needs year, pledged ("" without a pledge), honoured and p_partner.
    """
    holders = onset_holders() if holders is None else holders
    pledged = cases[cases.pledged != ""]
    sides = cases.pledged.map(lambda leads: tuple(filter(None, leads.split("+"))))
    data = S.honour_rates(cases.assign(pledged_sides=sides)).set_index("era")
    rows = []
    for era in ERAS:
        ours, onset = pledged[in_era(pledged.year, era)], holders[in_era(holders.year, era)]
        counted = data.loc[ERA_LABELS[era]]
        n, honoured = int(counted.pledged), int(counted.honoured)
        both_n, both_h = n + len(onset), honoured + int(onset.honoured.sum())
        rows += [
            _row("data", DATA, era, n, honoured, counted.rate),
            _row("model", MODEL, era, len(ours), None, _mean(ours.p_partner)),
            _row("onset", ONSET, era, len(onset), int(onset.honoured.sum()), _mean(onset.honoured)),
            _row("together", TOGETHER, era, both_n, both_h, both_h / both_n if both_n else np.nan),
        ]
    rows += [
        {"kind": "literature", "source": f"{source}: {scope}", "era": era, "holders": None,
         "honoured": None, "rate": rate}
        for (source, scope, rate), era in zip(LITERATURE, LITERATURE_ERAS, strict=True)
    ]  # fmt: skip
    return pd.DataFrame(rows).astype({"holders": "Int64", "honoured": "Int64"})


def _row(kind: str, source: str, era: str, holders: int, honoured: int | None, rate: float) -> dict:
    return {"kind": kind, "source": source, "era": era, "holders": holders, "honoured": honoured,
            "rate": float(rate)}  # fmt: skip


def _mean(values: pd.Series) -> float:
    return float(values.mean()) if len(values) else float("nan")


def rates(honour: pd.DataFrame, source: str) -> dict[str, float]:
    """One source's rate by era key."""
    rows = honour[honour.source == source].set_index("era").rate
    return {era: float(rows[era]) for era in ERAS if era in rows}
