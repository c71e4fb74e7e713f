"""Copy the shared data sets into the package as Parquet, keeping only the columns axissim reads.

Run from the repository root: `python tools/ship_data.py ../shared/data`. The rows are unchanged;
ccode and year columns become integers, missing values stay missing. See
src/axissim/data/files/README.md for what each file holds and whom to cite.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

OUT = Path(__file__).resolve().parent.parent / "src" / "axissim" / "data" / "files"

COLUMNS = {
    "cow_war_inter": ["warnum", "ccode1", "ccode2", "year", "sidea1", "sidea2",
                      "initiator1", "initiator2"],
    "atop_alliance": ["ccode1", "ccode2", "year", "atop_defense", "atop_offense",
                      "atop_neutral", "atop_nonagg", "atop_consul"],
    "cow_nmc": ["ccode", "year", "cinc"],
    "cow_majors": ["ccode", "styear", "stmonth", "stday", "endyear", "endmonth", "endday"],
    "cow_states": ["stateabb", "ccode", "statenme", "styear", "stmonth", "stday",
                   "endyear", "endmonth", "endday"],
    "cow_contdir": ["ccode1", "ccode2", "conttype", "stdate", "enddate"],
    "tss_rivalries": ["tssr_id", "rivalry", "ccode1", "ccode2", "start", "end", "positional",
                      "spatial", "ideological", "interventionary", "principal", "aprin"],
    "ccode_democracy": ["ccode", "year", "v2x_polyarchy"],
    "cow_trade_ndy": ["ccode1", "ccode2", "year", "flow1", "flow2"],
}  # fmt: skip
INTEGER = {"warnum", "ccode", "ccode1", "ccode2", "year", "sidea1", "sidea2", "initiator1",
           "initiator2", "atop_defense", "atop_offense", "atop_neutral", "atop_nonagg",
           "atop_consul", "styear", "stmonth", "stday", "endyear", "endmonth", "endday",
           "conttype", "tssr_id", "start", "end"}  # fmt: skip


def ship(source: Path) -> None:
    for name, columns in COLUMNS.items():
        frame = pd.read_csv(source / f"{name}.csv.gz", usecols=columns)[columns]
        for column in INTEGER.intersection(columns):
            frame[column] = frame[column].astype("int32")
        for column in ("flow1", "flow2", "cinc", "v2x_polyarchy"):
            if column in frame:
                frame[column] = frame[column].astype("float64")
        frame.to_parquet(OUT / f"{name}.parquet", compression="zstd", index=False)
        print(f"{name}: {len(frame)} rows, {(OUT / f'{name}.parquet').stat().st_size:,} bytes")


if __name__ == "__main__":
    ship(Path(sys.argv[1]))
