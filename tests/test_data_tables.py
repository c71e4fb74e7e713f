"""The shipped data tables: values checked by hand against ../shared/data (the raw gzip CSV).

Each expected value says how it was read, e.g.
`zcat cow_nmc.csv.gz | awk -F, '$2=="1870.0" && $1=="220.0"'`.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from axissim.data import tables as T

ISO_CODES = Path("/usr/share/iso-codes/json")
NO_ISO_CODE = {
    "AUH", "PRU", "HAN", "BAV", "BAD", "SAX", "WRT", "HSE", "HSG", "MEC",
    "PAP", "SIC", "MOD", "PMA", "TUS", "ZAN", "RVN", "XKX",
}  # fmt: skip
"""Ids country_ids.csv documents as chosen where no ISO 3166 code exists."""


@pytest.mark.parametrize(
    ("ccode", "cinc"),
    # awk -F, '$2=="1870.0"' cow_nmc: France, Prussia/Germany, Russia, United Kingdom, Denmark
    [(220, 0.12739821), (255, 0.10604604), (365, 0.081253238), (200, 0.24163413),
     (390, 0.0040023918)],
)  # fmt: skip
def test_capability_is_the_cinc_of_the_year(ccode, cinc):
    assert T.capability(ccode, 1870) == pytest.approx(cinc)


def test_atop_rows_are_the_first_states_obligations_to_the_second():
    # atop_alliance, 1960: 2->740 defense 1, nonagg 1, consul 1; 740->2 defense 0 (the
    # 1951/1960 US-Japan treaty binds the US to defend Japan, not the reverse).
    assert T.obligations(2, 740, 1960) == ("defence", "non_aggression", "consultation")
    assert T.obligations(740, 2, 1960) == ("non_aggression", "consultation")
    # 1914: Greece to Serbia defense 1, offense 1, neutral 1, consul 1.
    assert T.obligations(350, 345, 1914) == ("offence", "defence", "neutrality", "consultation")
    assert T.obligations(350, 200, 1914) == ()


def test_rivalry_holds_from_start_to_end_both_ways():
    # tss_rivalries id 20 France-Germany, 220-255, 1756-1955.
    assert T.are_rivals(220, 255, 1870) and T.are_rivals(255, 220, 1955)
    assert not T.are_rivals(220, 255, 1956)


def test_contiguity_takes_the_closest_type_and_ignores_type_0_spells():
    # cow_contdir 220->255: type 1 1816-01-01..1940-06-01, type 0 1940-07..1942-11.
    assert T.contiguity_type(220, 255, 1870) == 1
    assert T.contiguity_type(220, 255, 1941) == 0
    # 616->640 (Tunisia-Ottoman Empire): a type 0 spell 1825-2016 and type 1 1835-1881.
    assert T.contiguity_type(616, 640, 1853) == 1
    # 235->600 (Portugal-Morocco): type 4 from 1956.
    assert T.contiguity_type(235, 600, 1960) == 4


def test_trade_share_is_the_dyads_trade_over_all_of_the_states_trade():
    # cow_trade_ndy 1990, every row with ccode 2: sum of flow1+flow2 = 905151 (missing = 0);
    # the row 2-20: 176558 -> 176558 / 905151.
    assert T.trade_share(2, 20, 1990) == pytest.approx(176558 / 905151)
    assert T.trade_share(2, 20, 1860) == 0.0  # before the trade data


def test_state_facts():
    assert T.is_major_power(2, 1950) and not T.is_major_power(2, 1897)  # cow_majors: 1898-
    assert T.democracy(2, 1950) == pytest.approx(0.587)  # ccode_democracy 2, 1950
    assert pd.isna(T.democracy(300, 1870))  # no V-Dem score for Austria-Hungary in 1870
    assert T.is_member(616, 1853) and not T.is_member(616, 1900)  # Tunisia 1825-1881, 1956-
    assert not T.is_nuclear(666, 1966) and T.is_nuclear(666, 1967)
    assert T.is_nuclear(365, 1950) and not T.is_nuclear(770, 1997) and T.is_nuclear(770, 1998)


@pytest.mark.parametrize(
    ("ccode", "year", "state", "name"),
    [
        (365, 1921, "RUS", "Russia"), (365, 1922, "SUN", "Soviet Union"),
        (365, 1991, "SUN", "Soviet Union"), (365, 1992, "RUS", "Russia"),
        (255, 1870, "PRU", "Prussia"), (255, 1871, "DEU", "Germany"),
        (260, 1990, "DEU", "West Germany"), (255, 1990, None, "Germany"),
        (345, 1914, "SRB", "Serbia"), (345, 1950, "YUG", "Yugoslavia"),
        (640, 1914, "TUR", "Ottoman Empire"), (816, 1965, "VDR", "North Vietnam"),
        (816, 1979, "VNM", "Vietnam"), (300, 1914, "AUH", "Austria-Hungary"),
        (200, 1914, "GBR", "United Kingdom"), (341, 2010, "MNE", "Montenegro"),
    ],
)  # fmt: skip
def test_ids_and_names_by_year(ccode, year, state, name):
    assert T.state_id(ccode, year) == state
    assert T.state_name(ccode, year) == name


def test_ccode_of_inverts_state_id():
    assert T.ccode_of("SUN", 1950) == 365 and T.ccode_of("DEU", 1960) == 260
    assert T.ccode_of("SUN", 1995) is None


def test_every_member_state_year_has_one_id_unique_within_its_year():
    years = T.tables().state_years
    without = years[years["id"].isna()]
    # documented in country_ids.csv: the second ccode of a unification year
    assert set(zip(without.ccode, without.year, strict=True)) == {(255, 1990), (678, 1990)}
    named = years.dropna(subset=["id"])
    assert not named.duplicated(["year", "id"]).any()
    assert named["id"].str.fullmatch(r"[A-Z]{3}").all()


def test_every_ccode_of_every_data_file_maps_to_a_state():
    states = set(T.tables().raw("cow_states").ccode)
    for name in ("cow_war_inter", "atop_alliance", "cow_nmc", "cow_contdir", "cow_trade_ndy"):
        frame = T.tables().raw(name)
        codes = set(frame.filter(like="ccode").stack())
        assert codes <= states, name
    mapped = set(T.tables().raw("country_ids").ccode)
    assert mapped == states


@pytest.mark.skipif(not ISO_CODES.is_dir(), reason="Debian's iso-codes package is not installed")
def test_ids_are_iso_codes_or_documented_choices():
    current = {
        c["alpha_3"] for c in json.loads((ISO_CODES / "iso_3166-1.json").read_text())["3166-1"]
    }
    former = {
        c["alpha_3"] for c in json.loads((ISO_CODES / "iso_3166-3.json").read_text())["3166-3"]
    }
    ids = set(T.tables().raw("country_ids")["id"])
    assert ids - current - former == NO_ISO_CODE
    assert not NO_ISO_CODE & current  # a chosen code never takes a real country's


def test_each_table_is_read_once():
    assert T.tables() is T.tables()
    assert T.tables().atop is T.tables().atop
