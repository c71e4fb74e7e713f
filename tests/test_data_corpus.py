"""The corpus of joining decisions, against facts read by hand from ../shared/data.

Franco-Prussian War (COW war 58), from
`zcat cow_war_inter.csv.gz | awk -F, '$1=="58.0"'`: France (220, side 2, initiator) against
Bavaria 245, Prussia 255, Baden 267, Wuerttemberg 271 (side 1), all from 1870; France and
Prussia fight on in 1871. Its potential joiners, by hand:
- major powers in 1870 (cow_majors, start <= 1870 <= end): 200, 220, 255, 300, 325, 365, of
  which 220 and 255 fight: GBR, AUH, ITA, RUS;
- land neighbours in 1870 of an original (cow_contdir type 1 spanning 1870 with ccode2 in
  the five): 210, 211, 225, 230, 300, 325, 365, 390 besides the five: NLD, BEL, CHE, ESP,
  AUH, ITA, RUS, DNK;
- ATOP defence pledges in 1870 to 245/255/267/271: only from each other and from 275
  (Hesse-Darmstadt), which COW ends in 1867, so no system member.
None of them joined.
"""

from __future__ import annotations

import pytest

from axissim.data import corpus as C

FPW_JOINERS = {
    "GBR": "major_power",
    "NLD": "land_neighbour",
    "BEL": "land_neighbour",
    "CHE": "land_neighbour",
    "ESP": "land_neighbour",
    "AUH": "major_power+land_neighbour",
    "ITA": "major_power+land_neighbour",
    "RUS": "major_power+land_neighbour",
    "DNK": "land_neighbour",
}


@pytest.fixture(scope="module")
def corpus():
    return C.corpus()


def test_franco_prussian_war_potential_joiners(corpus):
    war = corpus[corpus.warnum == 58]
    assert dict(zip(war["id"], war.reasons, strict=True)) == FPW_JOINERS
    assert not war.joined.any()
    # cow_nmc 1870: United Kingdom 0.24163413, Denmark 0.0040023918; France's side (the
    # initiating one) 0.12739821, so the ratio is 0.2416 / (0.2416 + 0.1274).
    gbr = war[war["id"] == "GBR"].iloc[0]
    assert gbr.log_capability == pytest.approx(-1.420331, abs=1e-6)  # ln 0.24163413
    assert gbr.capability_ratio == pytest.approx(0.24163413 / (0.24163413 + 0.12739821))


def test_franco_prussian_war_sides_and_leads():
    orig = C.originals()
    war = orig[orig.warnum == 58].set_index("id")
    assert list(war.index) == ["FRA", "BAV", "PRU", "BAD", "WRT"]
    assert set(war.index[war.lead]) == {"FRA", "PRU"}  # the largest CINC of each side
    assert set(war.index[war.initiating_side]) == {"FRA"}


def test_first_world_war_joiners(corpus):
    # cow_war_inter war 106: side 1 from 1914: 200, 211, 220, 345, 365, 740; side 2 from 1914:
    # 255, 300 (initiator), 640. Later: 325 (1915, side 1), 355 (1915, side 2), 235 (1916,
    # side 1), 360 (1916, side 1), 2 and 350 (1917, side 1).
    war = corpus[corpus.warnum == 106].set_index("id")
    joined = war[war.joined]
    assert dict(zip(joined.index, joined.joined_year, strict=True)) == {
        "USA": 1917, "ITA": 1915, "GRC": 1917, "BGR": 1915, "ROU": 1916
    }  # fmt: skip
    assert war.loc["BGR", "side_joined"] == 2 and not war.loc["BGR", "joined_target"]
    # Portugal joined in 1916 but is no potential joiner: ATOP 1914 has 200->235 defense 1
    # and 235->200 defense 0 (Britain's old pledge to Portugal, not the reverse), and
    # Portugal borders only Spain.
    assert "PRT" not in war.index
    # atop 1914: 325->255 and 325->300 defense 1 (Triple Alliance), 350->345 defense 1.
    assert war.loc["ITA", "defence_initiator"] == 1 and war.loc["ITA", "defence_target"] == 0
    assert war.loc["ITA", "pledged_sides"] == (2,) and not war.loc["ITA", "honoured"]
    assert war.loc["GRC", "defence_target"] == 1 and war.loc["GRC", "honoured"]


def test_corpus_size_and_base_rate(corpus):
    # An independent loop over the raw CSV (pandas, one war at a time, the rule of the module
    # docstring) gives 1,362 (war, state) pairs over 95 wars, 421 with a defence pledge, 30
    # joining the target side and 41 joining either; one pair, North Yemen (678) in 1990
    # (war 211), has no id (country_ids.csv) and is dropped: it had a pledge and did not join.
    assert len(corpus) == 1361
    assert corpus.warnum.nunique() == 95
    assert not corpus.duplicated(["warnum", "ccode"]).any()
    assert corpus.reasons.str.contains("defence_pledge").sum() == 420
    assert corpus.joined_target.sum() == 30 and corpus.joined.sum() == 41
    assert corpus.joined_target.mean() == pytest.approx(30 / 1361)


def test_features_are_numbers_without_gaps(corpus):
    features = corpus[list(C.FEATURES)]
    assert features.notna().all().all()
    assert features.drop(columns="log_capability").apply(lambda c: c.between(0, 1)).all().all()
