"""The shipped data sets, read once and asked plainly.

Each file in `files/` (or in the folder named by $AXISSIM_DATA_DIR) is read on first use and
kept for the process. States are COW `ccode` numbers here; `state_facts` adds the project's
ISO-3 id (files/country_ids.csv). Two vectorised functions, `state_facts` and `dyad_facts`,
answer for many states or dyads at once; the plain one-state functions below call them.
Citations: files/README.md and `CITES`.
"""

from __future__ import annotations

import functools
import os
from pathlib import Path

import numpy as np
import pandas as pd

from axissim.errors import InputError

DATA_DIR_ENV = "AXISSIM_DATA_DIR"
SHIPPED = Path(__file__).resolve().parent / "files"

COLUMNS = {
    "cow_war_inter": ("warnum", "ccode1", "ccode2", "year", "sidea1", "initiator1"),
    "atop_alliance": ("ccode1", "ccode2", "year", "atop_defense", "atop_offense",
                      "atop_neutral", "atop_nonagg", "atop_consul"),
    "cow_nmc": ("ccode", "year", "cinc"),
    "cow_majors": ("ccode", "styear", "endyear"),
    "cow_states": ("ccode", "statenme", "styear", "endyear"),
    "cow_contdir": ("ccode1", "ccode2", "conttype", "stdate", "enddate"),
    "tss_rivalries": ("ccode1", "ccode2", "start", "end"),
    "ccode_democracy": ("ccode", "year", "v2x_polyarchy"),
    "cow_trade_ndy": ("ccode1", "ccode2", "year", "flow1", "flow2"),
    "country_ids": ("ccode", "id", "first_year", "last_year", "name"),
    "nuclear_states": ("ccode", "first_year"),
}  # fmt: skip
"""The columns read from each file; a file without one of them is refused."""

CITES = {
    "war": "COW Inter-State War v4.0",
    "atop": "ATOP v5.1",
    "nmc": "COW NMC v7.0",
    "majors": "COW major powers v2016",
    "contiguity": "COW Direct Contiguity v3.2",
    "rivalry": "Thompson et al. strategic rivalries (2021)",
    "democracy": "V-Dem v10 polyarchy",
    "trade": "COW Dyadic Trade v4.0",
    "nuclear": "axissim nuclear_states.csv (SIPRI; Cohen 1998)",
}
"""The short citation written beside every fact taken from a data set, with its year; the
full citations are in files/README.md."""

OBLIGATIONS = {
    "atop_offense": "offence",
    "atop_defense": "defence",
    "atop_neutral": "neutrality",
    "atop_nonagg": "non_aggression",
    "atop_consul": "consultation",
}
"""ATOP v5.1 obligation columns, by the name this package gives them."""


def data_dir() -> Path:
    """The folder the data files are read from: $AXISSIM_DATA_DIR, else the shipped files."""
    return Path(os.environ.get(DATA_DIR_ENV) or SHIPPED)


def tables() -> Tables:
    """The tables of the current data folder (read once per folder and process)."""
    return _tables(str(data_dir()))


@functools.cache
def _tables(folder: str) -> Tables:
    return Tables(Path(folder))


def _read(folder: Path, name: str) -> pd.DataFrame:
    """One file, Parquet or CSV; a missing, damaged or incomplete file is a InputError."""
    paths = [folder / f"{name}.parquet", folder / f"{name}.csv"]
    path = next((p for p in paths if p.exists()), None)
    if path is None:
        raise InputError(str(folder / name), "", "data file not found (.parquet or .csv)")
    try:
        frame = pd.read_parquet(path) if path.suffix == ".parquet" else pd.read_csv(path)
    except Exception as exc:  # pyarrow and pandas raise many kinds for a damaged file
        raise InputError(str(path), "", f"cannot read data file: {exc}") from None
    missing = [c for c in COLUMNS[name] if c not in frame.columns]
    if missing:
        raise InputError(str(path), "", f"data file lacks column(s) {', '.join(missing)}")
    return frame[list(COLUMNS[name])]


def _years(spells: pd.DataFrame, first: str, last: str, keys: list[str]) -> pd.DataFrame:
    """One row per year of each spell [first, last] (inclusive), with the `keys` columns."""
    lengths = (spells[last] - spells[first] + 1).clip(lower=0).to_numpy()
    rows = spells.loc[spells.index.repeat(lengths), keys].reset_index(drop=True)
    offsets = np.concatenate([np.arange(n) for n in lengths]) if len(lengths) else []
    rows["year"] = np.repeat(spells[first].to_numpy(), lengths) + offsets
    return rows


def _both_ways(dyads: pd.DataFrame) -> pd.DataFrame:
    swapped = dyads.rename(columns={"ccode1": "ccode2", "ccode2": "ccode1"})
    return pd.concat([dyads, swapped], ignore_index=True)


class Tables:
    """Every data set of one folder, each read (and reshaped) on first use."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def raw(self, name: str) -> pd.DataFrame:
        return _read(self.folder, name)

    @functools.cached_property
    def wars(self) -> pd.DataFrame:
        """COW inter-state war dyad-years (ccode1's side and initiator flag)."""
        return self.raw("cow_war_inter").astype("int64")

    @functools.cached_property
    def state_years(self) -> pd.DataFrame:
        """(ccode, year) of every system member, with its id and name (COW, country_ids)."""
        states = self.raw("cow_states")
        members = _years(states, "styear", "endyear", ["ccode", "statenme"]).astype(
            {"ccode": "int64", "year": "int64"}
        )
        members = members.drop_duplicates(["ccode", "year"])
        ids = self.raw("country_ids")
        named = _years(ids, "first_year", "last_year", ["ccode", "id", "name"])
        named = named.astype({"ccode": "int64", "year": "int64"})
        out = members.merge(named, on=["ccode", "year"], how="left")
        out["name"] = out["name"].fillna(out.pop("statenme"))
        return out

    @functools.cached_property
    def major_years(self) -> pd.DataFrame:
        """(ccode, year) of COW major powers (a part of the year counts)."""
        return _years(self.raw("cow_majors"), "styear", "endyear", ["ccode"]).astype("int64")

    @functools.cached_property
    def cinc(self) -> pd.DataFrame:
        return self.raw("cow_nmc").astype({"ccode": "int64", "year": "int64"})

    @functools.cached_property
    def polyarchy(self) -> pd.DataFrame:
        return self.raw("ccode_democracy").astype({"ccode": "int64", "year": "int64"})

    @functools.cached_property
    def nuclear(self) -> pd.DataFrame:
        return self.raw("nuclear_states").astype("int64")

    @functools.cached_property
    def atop(self) -> pd.DataFrame:
        """ATOP directed dyad-years: ccode1's obligations towards ccode2."""
        return self.raw("atop_alliance").astype("int64")

    @functools.cached_property
    def rival_years(self) -> pd.DataFrame:
        """Directed (ccode1, ccode2, year) of strategic rivals, both ways, from 1816."""
        rivals = self.raw("tss_rivalries").astype("int64")
        rivals = rivals.assign(start=rivals.start.clip(lower=1816))
        years = _years(rivals, "start", "end", ["ccode1", "ccode2"])
        return _both_ways(years).drop_duplicates().astype("int64")

    @functools.cached_property
    def contiguity_years(self) -> pd.DataFrame:
        """Directed (ccode1, ccode2, year) -> the closest COW contiguity type that year.

        Type 0 rows (a spell in which a dyad contiguous at other times was not) are dropped.
        """
        cont = self.raw("cow_contdir")
        cont = cont[cont.conttype > 0]
        cont = cont.assign(
            first=cont.stdate.astype(str).str[:4].astype("int64"),
            last=cont.enddate.astype(str).str[:4].astype("int64"),
        )
        years = _years(cont, "first", "last", ["ccode1", "ccode2", "conttype"]).astype("int64")
        return years.groupby(["ccode1", "ccode2", "year"], as_index=False).conttype.min()

    @functools.cached_property
    def trade_shares(self) -> pd.DataFrame:
        """Directed (ccode1, ccode2, year) -> share of ccode1's trade done with ccode2.

        A dyad's trade is ccode1's imports from ccode2 plus its exports to it (the partner's
        imports), COW Dyadic Trade v4.0 flows; a missing flow counts as 0. A state's total is
        the sum over all its dyads that year.
        """
        trade = self.raw("cow_trade_ndy")
        trade = trade.assign(total=trade.flow1.fillna(0) + trade.flow2.fillna(0))
        trade = trade[trade.total > 0][["ccode1", "ccode2", "year", "total"]]
        directed = _both_ways(trade).astype({"ccode1": "int64", "ccode2": "int64", "year": "int64"})
        sums = directed.groupby(["ccode1", "year"]).total.transform("sum")
        return directed.assign(trade=directed.total / sums).drop(columns="total")


def state_facts(states: pd.DataFrame) -> pd.DataFrame:
    """For rows (ccode, year): member, id, name, cinc, major_power, nuclear, polyarchy.

    A state that is no system member that year has member False and no id; a missing CINC or
    polyarchy score is NaN.
    """
    t = tables()
    out = states[["ccode", "year"]].astype("int64").reset_index(drop=True)
    out = out.merge(t.state_years, on=["ccode", "year"], how="left")
    out["member"] = out.name.notna()
    out = out.merge(t.cinc, on=["ccode", "year"], how="left")
    out = out.merge(t.polyarchy, on=["ccode", "year"], how="left")
    out = out.rename(columns={"v2x_polyarchy": "polyarchy"})
    majors = t.major_years.assign(major_power=True)
    out = out.merge(majors, on=["ccode", "year"], how="left")
    out["major_power"] = out.major_power.notna()
    first_test = out.ccode.map(t.nuclear.set_index("ccode").first_year)
    out["nuclear"] = first_test.le(out.year)
    return out


def dyad_facts(dyads: pd.DataFrame) -> pd.DataFrame:
    """For directed rows (ccode1, ccode2, year): ccode1's ATOP obligations to ccode2 (offence,
    defence, neutrality, non_aggression, consultation, as bools), rival (bool), conttype (COW
    Direct Contiguity type 1-5, 0 none) and trade (share of ccode1's trade, 0 when missing)."""
    t = tables()
    keys = ["ccode1", "ccode2", "year"]
    out = dyads[keys].astype("int64").reset_index(drop=True)
    out = out.merge(t.atop, on=keys, how="left")
    for column, name in OBLIGATIONS.items():
        out[name] = out.pop(column).fillna(0).astype(bool)
    out = out.merge(t.rival_years.assign(rival=True), on=keys, how="left")
    out["rival"] = out.rival.notna()
    out = out.merge(t.contiguity_years, on=keys, how="left")
    out["conttype"] = out.conttype.fillna(0).astype("int64")
    out = out.merge(t.trade_shares, on=keys, how="left")
    out["trade"] = out.trade.fillna(0.0)
    return out


def _state(ccode: int, year: int) -> pd.Series:
    return state_facts(pd.DataFrame({"ccode": [ccode], "year": [year]})).iloc[0]


def _dyad(i: int, j: int, year: int) -> pd.Series:
    return dyad_facts(pd.DataFrame({"ccode1": [i], "ccode2": [j], "year": [year]})).iloc[0]


def is_member(ccode: int, year: int) -> bool:
    """A member of the state system at any time of the year (COW State System Membership)."""
    return bool(_state(ccode, year).member)


def state_name(ccode: int, year: int) -> str | None:
    """Its name that year (country_ids.csv where it renames, else COW); None if no member."""
    name = _state(ccode, year)["name"]
    return None if pd.isna(name) else str(name)


def state_id(ccode: int, year: int) -> str | None:
    """The project's three-letter id of a state in a year (country_ids.csv); None if none."""
    value = _state(ccode, year)["id"]
    return None if pd.isna(value) else str(value)


def capability(ccode: int, year: int) -> float:
    """Its share of the world's material capabilities (CINC, COW NMC v7.0); NaN if unknown."""
    return float(_state(ccode, year).cinc)


def is_major_power(ccode: int, year: int) -> bool:
    """A COW major power at any time of the year."""
    return bool(_state(ccode, year).major_power)


def is_nuclear(ccode: int, year: int) -> bool:
    """Held nuclear weapons that year (first test, or Israel from 1967: nuclear_states.csv)."""
    return bool(_state(ccode, year).nuclear)


def democracy(ccode: int, year: int) -> float:
    """V-Dem v10 electoral democracy index (polyarchy, 0-1); NaN if not scored."""
    return float(_state(ccode, year).polyarchy)


def obligations(i: int, j: int, year: int) -> tuple[str, ...]:
    """The obligations i has towards j that year under ATOP v5.1, e.g. ('defence',)."""
    row = _dyad(i, j, year)
    return tuple(name for name in OBLIGATIONS.values() if row[name])


def are_rivals(i: int, j: int, year: int) -> bool:
    """Strategic rivals that year (Thompson, Sakuwa & Suhas 2021)."""
    return bool(_dyad(i, j, year).rival)


def contiguity_type(i: int, j: int, year: int) -> int:
    """COW Direct Contiguity v3.2: 1 land, 2-5 water up to 12/24/150/400 miles, 0 none."""
    return int(_dyad(i, j, year).conttype)


def trade_share(i: int, j: int, year: int) -> float:
    """Share of i's trade that year done with j (COW Dyadic Trade v4.0; missing counts 0)."""
    return float(_dyad(i, j, year).trade)


def ccode_of(state: str, year: int) -> int | None:
    """The COW ccode of a project id in a year (a system member then), or None."""
    years = tables().state_years
    match = years[(years["id"] == state) & (years.year == year)]
    return int(match.ccode.iloc[0]) if len(match) else None
