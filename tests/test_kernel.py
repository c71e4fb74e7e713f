"""The decision kernel on hand-checked cases: exposures, utilities, choice, draws."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import tiny_document, write_yaml

from axissim import load_scenario
from axissim.engine import interests, kernel
from axissim.engine.leaning import leanings
from axissim.engine.world import compile_world

LEVELS = range(1, 5)


@pytest.fixture
def tiny_world(tiny_path):
    return compile_world(load_scenario(tiny_path))


def exposure_of(world, name, t=0, side=0):
    return world.static[t, 0, side, interests.INTEREST_NAMES.index(name)]


def test_static_exposures_read_the_facts(tiny_world):
    # aid to BBB (side x, attacked: CCC's side started the war): facts of AAA -> BBB, and CCC
    # as the opposing belligerent
    assert exposure_of(tiny_world, "treaty") == 0.8  # a defence pact, the partner attacked
    assert exposure_of(tiny_world, "against_aggression") == 1.0  # BBB was attacked
    assert exposure_of(tiny_world, "affinity") == 0.5
    assert exposure_of(tiny_world, "religious_suspicion") == 0.2
    assert exposure_of(tiny_world, "stake") == 0.6  # hostility AAA -> CCC
    assert exposure_of(tiny_world, "third_party_ties") == 0.5  # ties AAA -> CCC, CCC fights
    assert exposure_of(tiny_world, "sanctions_exposure") == 0.3  # trade AAA -> CCC
    assert exposure_of(tiny_world, "escalation_risk") == 0.4  # CCC 0.2 against AAA's 0.3
    assert exposure_of(tiny_world, "aid_cost") == 1.0  # flat: every rung costs, whoever gives
    # strain: SPARE / (SPARE + capability x (1 - war load)) = 0.05 / (0.05 + 0.3 x 1) = 1 / 7
    assert exposure_of(tiny_world, "strain") == pytest.approx(1 / 7, abs=1e-15)
    # war stakes: belligerents' capability 0.1 + 0.2 = 0.3, 0.3 / (0.3 + STAKES 0.1) = 0.75,
    # the same for either side
    assert exposure_of(tiny_world, "war_stakes") == pytest.approx(0.75, abs=1e-15)
    assert exposure_of(tiny_world, "war_stakes", side=1) == pytest.approx(0.75, abs=1e-15)
    # aid to CCC (side y): only BBB's capability threatens, no pledge applies; CCC is the
    # side AAA is hostile to (stake 0 - 0.6) and the side that started the war (-1)
    assert exposure_of(tiny_world, "escalation_risk", side=1) == 0.25  # 0.1 / (0.1 + 0.3)
    assert exposure_of(tiny_world, "treaty", side=1) == 0.0
    assert exposure_of(tiny_world, "stake", side=1) == -0.6
    assert exposure_of(tiny_world, "against_aggression", side=1) == -1.0


def test_the_stake_is_the_threat_of_the_other_side_less_the_threat_of_this_one(tmp_path):
    doc = tiny_document()
    doc["relations"]["AAA->BBB"]["rivalry"] = 0.25  # AAA's rival fights on side x
    doc["relations"]["AAA->DDD"] = {"hostility": 0.9, "source": "test"}
    doc["countries"]["DDD"] = {"name": "D", "capability": 0.1, "source": "test"}
    doc["conflicts"]["war"]["sides"]["y"]["supporters"] = ["DDD"]  # a backer of side y
    world = compile_world(load_scenario(write_yaml(tmp_path / "s.yaml", doc)))
    # side x: the other side's strongest threat max(0.6 CCC, 0.9 DDD) less BBB's 0.25
    assert exposure_of(world, "stake") == pytest.approx(0.9 - 0.25, abs=1e-15)
    assert exposure_of(world, "stake", side=1) == pytest.approx(0.25 - 0.9, abs=1e-15)


@pytest.mark.parametrize(("start", "expected"), [("1944-12-31", 0.0), ("1945-01-01", 1.0)])
def test_the_norm_against_aggression_binds_from_the_un_charter(tmp_path, start, expected):
    world = compile_world(
        load_scenario(write_yaml(tmp_path / "s.yaml", tiny_document(start_date=start)))
    )
    assert exposure_of(world, "against_aggression") == expected  # BBB attacked
    assert exposure_of(world, "against_aggression", side=1) == -expected  # CCC attacked it


def test_a_defence_pact_does_not_bind_when_the_partner_started_the_war(tmp_path):
    doc = tiny_document()
    doc["conflicts"]["war"]["initiator"] = "x"  # BBB attacked CCC
    world = compile_world(load_scenario(write_yaml(tmp_path / "s.yaml", doc)))
    assert exposure_of(world, "treaty") == 0.0
    doc["relations"]["AAA->BBB"]["treaty_type"] = "offence"  # an offensive alliance binds
    world = compile_world(load_scenario(write_yaml(tmp_path / "s.yaml", doc)))
    assert exposure_of(world, "treaty") == 0.8
    doc["relations"]["AAA->BBB"]["treaty_type"] = "consultation"  # words only
    world = compile_world(load_scenario(write_yaml(tmp_path / "s.yaml", doc)))
    assert (exposure_of(world, "treaty"), exposure_of(world, "partnership")) == (0.0, 0.8)


def test_neutrality_nuclear_deterrence_and_strain_read_the_facts(tmp_path):
    doc = tiny_document()
    doc["relations"]["AAA->CCC"].update(treaty=0.5, treaty_type="neutrality")
    doc["countries"]["CCC"]["nuclear"] = True
    doc["countries"]["AAA"]["war_load"] = 0.5
    world = compile_world(load_scenario(write_yaml(tmp_path / "s.yaml", doc)))
    # aid to BBB fights CCC: the neutrality pledge to CCC (0.5) and CCC's bomb (intensity 1)
    assert (exposure_of(world, "neutrality"), exposure_of(world, "nuclear_deterrence")) == (0.5, 1)
    # aid to CCC fights BBB, pledged nothing and without a bomb
    assert exposure_of(world, "neutrality", side=1) == 0.0
    assert exposure_of(world, "nuclear_deterrence", side=1) == 0.0
    # a pledge to CCC is no treaty with it either
    assert exposure_of(world, "treaty", side=1) == 0.0
    # half its capability spoken for: 0.05 / (0.05 + 0.3 x (1 - 0.5)) = 0.25
    assert exposure_of(world, "strain") == pytest.approx(0.25, abs=1e-15)


BY_HAND_X = {  # aid to BBB, levels 1..4, each interest (weights 1): exposure x level profile
    "treaty": [0.2, 0.4, 0.6, 0.8],  # 0.8 r / 4
    "affinity": [0.125, 0.25, 0.375, 0.5],  # 0.5 r / 4
    "religious_suspicion": [-0.05, -0.1, -0.15, -0.2],  # -0.2 r / 4
    "stake": [0.15, 0.3, 0.45, 0.6],  # 0.6 r / 4
    "third_party_ties": [-0.125, -0.25, -0.375, -0.5],  # -0.5 r / 4
    "sanctions_exposure": [0.0, 0.0, -0.3, -0.3],  # arms and troops
    "escalation_risk": [0.0, -0.04, -0.16, -0.4],  # -0.4 x (0, 0.1, 0.4, 1)
    "aid_cost": [-0.0625, -0.25, -0.5625, -1.0],  # -1 x (r / 4)^2, flat
}  # strain weighs 0 in the tiny scenario


def test_utilities_match_the_hand_computation(tiny_world):
    util = kernel.utilities(tiny_world.static[0][None], tiny_world.weights[None])[0, 0]
    # side x: the sum of BY_HAND_X by level
    expected_x = [
        0.2 + 0.125 - 0.05 + 0.15 - 0.125 - 0.0625,  # 0.2375
        0.4 + 0.25 - 0.1 + 0.3 - 0.25 - 0.04 - 0.25,  # 0.31
        0.6 + 0.375 - 0.15 + 0.45 - 0.375 - 0.3 - 0.16 - 0.5625,  # -0.1225
        0.8 + 0.5 - 0.2 + 0.6 - 0.5 - 0.3 - 0.4 - 1.0,  # -0.5
    ]
    # side y: escalation 0.25 x (0, 0.1, 0.4, 1), cost (r / 4)^2, stake -0.6 r / 4
    expected_y = [-0.0625 - 0.15, -0.025 - 0.25 - 0.3, -0.1 - 0.5625 - 0.45, -0.25 - 1.0 - 0.6]
    assert util[0] == 0.0
    np.testing.assert_allclose(util[1:5], expected_x, rtol=0, atol=1e-12)
    np.testing.assert_allclose(util[5:9], expected_y, rtol=0, atol=1e-12)


def test_contributions_are_the_named_interests_and_sum_exactly_to_utilities(tiny_world):
    exposure, weights = tiny_world.static[0][None], tiny_world.weights[None]
    parts = kernel.contributions(exposure, weights, np.zeros((1, 1), int), False)
    util = kernel.utilities(exposure, weights)
    for k, name in enumerate(interests.INTEREST_NAMES):
        np.testing.assert_allclose(
            parts[0, 0, 1:5, k], BY_HAND_X.get(name, [0.0] * 4), rtol=0, atol=1e-12, err_msg=name
        )
    assert (parts[0, 0, 0] == 0).all()  # no aid, no contribution
    running = parts[..., 0].copy()
    for k in range(1, kernel.K):
        running += parts[..., k]
    assert np.array_equal(running, util)  # the same terms added in the same order


def test_logit_probabilities_are_the_softmax(tiny_world):
    util = kernel.utilities(tiny_world.static[0][None], tiny_world.weights[None])
    p = kernel.probabilities(util, np.array([0.1]))[0, 0]
    expected = np.exp(util[0, 0] / 0.1) / np.exp(util[0, 0] / 0.1).sum()
    np.testing.assert_allclose(p, expected, rtol=1e-12)


def test_commitment_rewards_the_option_held():
    w = np.array([0.5])
    # holding economic aid to side 0 (option 2): +0.5 on it, nothing elsewhere
    assert kernel.commitment(w, np.array([2]), True)[0].tolist() == [0, 0, 0.5, 0, 0, 0, 0, 0, 0]
    # holding no aid: every aid option costs 0.5 (none keeps utility 0)
    assert kernel.commitment(w, np.array([0]), True)[0].tolist() == [0] + [-0.5] * 8
    # before the first decision there is nothing to be committed to
    assert kernel.commitment(w, np.array([2]), False)[0].tolist() == [0.0] * 9


def test_leanings_do_not_depend_on_the_batch():
    alone = leanings(np.array([5], dtype=np.uint64), 3, np.array([2]))
    together = leanings(np.array([9, 5, 11], dtype=np.uint64), 3, np.array([2, 2, 2]))
    assert np.array_equal(alone[0], together[1])
    assert not np.array_equal(together[0], together[1])
    assert alone.shape == (1, kernel.N_OPTIONS)
    # another step or another decision draws anew
    assert not np.array_equal(alone, leanings(np.array([5], dtype=np.uint64), 4, np.array([2])))
    assert not np.array_equal(alone, leanings(np.array([5], dtype=np.uint64), 3, np.array([1])))


def test_leanings_are_standard_gumbel():
    seeds = np.arange(12_000, dtype=np.uint64)
    g = leanings(seeds, 0, np.zeros(12_000, dtype=np.intp)).ravel()  # 108,000 draws
    # Gumbel(0, 1): mean is Euler's constant 0.5772, variance pi^2 / 6; 5 standard errors
    assert abs(g.mean() - np.euler_gamma) < 5 * np.sqrt(np.pi**2 / 6 / g.size)
    assert abs(g.var() - np.pi**2 / 6) < 0.05
    # P(g <= 0) = exp(-1) = 0.3679 for the standard Gumbel
    assert abs((g <= 0).mean() - np.exp(-1)) < 5 * np.sqrt(0.37 * 0.63 / g.size)


def test_a_decision_taken_once_is_a_logit_choice(tmp_path):
    from axissim.engine.batch import simulate

    doc = tiny_document(choice={"rule": "logit", "temperature": 0.5})
    world = compile_world(load_scenario(write_yaml(tmp_path / "s.yaml", doc)))
    util = kernel.utilities(world.static[0][None], world.weights[None])[0, 0]
    expected = np.exp(util / 0.5) / np.exp(util / 0.5).sum()
    traj = simulate(world, np.arange(40_000))
    final = kernel.option_index(traj.sides[:, -1, 0], traj.levels[:, -1, 0])
    share = np.bincount(final, minlength=kernel.N_OPTIONS) / len(final)
    # 40,000 worlds: each share within 5 standard errors of its logit probability
    bound = 5 * np.sqrt(expected * (1 - expected) / 40_000) + 1e-9
    assert (np.abs(share - expected) < bound).all()
    # and every world keeps the policy it took at the first step: nothing changed since
    assert (traj.levels[:, 1:, 0] == traj.levels[:, :1, 0]).all()


def test_a_policy_changes_course_only_when_the_change_outweighs_commitment(tmp_path):
    from axissim.engine.batch import simulate

    # AAA aids BBB; CCC's ally DDD (capability 0.5) joins at step 1, so escalation risk (the
    # other side's capability against AAA's 0.3) rises from 0.2 / 0.5 = 0.4 to 0.7 / 1 = 0.7.
    # U(r) = treaty 0.5 r / 4 - escalation x (0, 0.1, 0.4, 1)[r - 1]:
    # step 0: 0.125, 0.21, 0.215, 0.1 -> arms; step 1: 0.125, 0.18, 0.095, -0.2 -> economic
    doc = tiny_document(weights={"treaty": 1.0, "escalation_risk": 1.0, "commitment": 0.0})
    doc["countries"]["DDD"] = {"name": "D", "capability": 0.5, "source": "test"}
    doc["relations"] = {
        "AAA->BBB": {"treaty": 0.5, "treaty_type": "mutual_defence", "source": "test"}
    }
    doc["conflicts"]["war"]["joins"] = [{"country": "DDD", "side": "y", "step": 1, "source": "t"}]
    path = write_yaml(tmp_path / "s.yaml", doc)
    assert simulate(compile_world(load_scenario(path)), [0]).levels[0, :, 0].tolist() == [3, 2, 2]
    # committed by 0.5, arms are worth 0.095 + 0.5 = 0.595 > 0.18: it holds its course
    held = load_scenario(path, ["weights.commitment=0.5"])
    assert simulate(compile_world(held), [0]).levels[0, :, 0].tolist() == [3, 3, 3]


def test_deciders_decide_only_at_the_moments_that_matter(tmp_path):
    """A fresh leaning at every step would move the policy; at the moments that matter only
    (the start, the join at step 2), the policy held between them cannot change."""
    from axissim.engine.batch import simulate

    doc = tiny_document(choice={"rule": "logit", "temperature": 2.0})
    doc["steps"] = 6
    doc["countries"]["DDD"] = {"name": "D", "capability": 0.5, "source": "test"}
    doc["conflicts"]["war"]["joins"] = [{"country": "DDD", "side": "y", "step": 2, "source": "t"}]
    world = compile_world(load_scenario(write_yaml(tmp_path / "s.yaml", doc)))
    traj = simulate(world, np.arange(2_000))
    option = kernel.option_index(traj.sides[..., 0], traj.levels[..., 0])
    assert (option[:, 1] == option[:, 0]).all()  # nothing changed at step 1
    assert (option[:, 3:] == option[:, 2:3]).all()  # nor after the join
    assert (option[:, 2] != option[:, 1]).mean() > 0.3  # at the join many reconsider anew
    decided = kernel.moments(world, kernel.links(world), traj.levels, traj.sides)[..., 0]
    assert decided.any(axis=0).tolist() == [True, False, True, False, False, False]


def test_options_enumerate_sides_and_levels():
    assert kernel.option_side_level(0) == (-1, 0)
    assert [kernel.option_side_level(o) for o in (1, 4, 5, 8)] == [(0, 1), (0, 4), (1, 1), (1, 4)]


def test_inactive_conflict_forces_no_aid(tmp_path):
    doc = tiny_document()
    doc["conflicts"]["war"]["start"] = 1
    doc["conflicts"]["war"]["ceasefire"] = 2
    world = compile_world(load_scenario(write_yaml(tmp_path / "s.yaml", doc)))
    from axissim.engine.batch import simulate

    traj = simulate(world, np.arange(4))
    assert traj.levels[:, :, 0].tolist() == [[0, 2, 0]] * 4  # economic: see the utilities
    assert traj.sides[:, :, 0].tolist() == [[-1, 0, -1]] * 4


def two_deciders(tmp_path, weights):
    doc = tiny_document(weights=weights)
    doc["countries"]["DDD"] = {"name": "D", "capability": 0.0, "source": "test"}
    doc["relations"]["DDD->BBB"] = {
        "treaty": 1.0,
        "treaty_type": "mutual_defence",
        "source": "test",
    }
    doc["conflicts"]["war"]["deciders"] = ["AAA", "DDD"]
    return compile_world(load_scenario(write_yaml(tmp_path / "two.yaml", doc)))


def test_burden_sharing_reads_the_others_last_step(tmp_path):
    world = two_deciders(tmp_path, {"treaty": 1.0, "burden_sharing": -1.0})
    links = kernel.links(world)
    level = np.array([[0, 3]], np.int8)  # DDD gave arms to side x last step
    side = np.array([[-1, 0]], np.int8)
    e = kernel.dynamic_exposures(world, links, level, side, 1)
    k = interests.INTEREST_NAMES.index("burden_sharing")
    assert e[0, 0, 0, k] == 0.75  # AAA sees DDD's arms for side x
    assert e[0, 0, 1, k] == 0.0  # and nothing for side y
    assert e[0, 1, 0, k] == 0.0  # DDD sees AAA give nothing


def test_reciprocity_reads_aid_the_partner_gives_in_another_war(tmp_path):
    doc = tiny_document(weights={"reciprocity": 1.0})
    # a second war in which BBB decides whether to aid AAA
    doc["countries"]["EEE"] = {"name": "E", "capability": 0.0, "source": "test"}
    doc["conflicts"]["other"] = {
        "name": "other",
        "sides": {"a": {"belligerents": ["AAA"]}, "e": {"belligerents": ["EEE"]}},
        "deciders": ["BBB"],
        "source": "test",
    }
    doc["conflicts"]["war"]["deciders"] = ["AAA"]
    world = compile_world(load_scenario(write_yaml(tmp_path / "r.yaml", doc)))
    links = kernel.links(world)
    # AAA aiding BBB answers BBB aiding AAA, and the other way round
    assert links.repay == ((0, 0, 1, 0), (1, 0, 0, 0))
    level, side = np.array([[0, 2]], np.int8), np.array([[-1, 0]], np.int8)
    e = kernel.dynamic_exposures(world, links, level, side, 1)
    assert e[0, 0, 0, interests.INTEREST_NAMES.index("reciprocity")] == 0.5


def test_trade_pay_and_oil_exposures(tmp_path):
    doc = tiny_document()
    doc["relations"]["AAA->BBB"].update({"oil_imports": 0.3, "trade": 0.1, "payment": 0.4})
    doc["relations"]["AAA->CCC"]["oil_imports"] = 0.5
    doc["conflicts"]["war"]["oil_at_risk"] = ["BBB", "CCC"]
    world = compile_world(load_scenario(write_yaml(tmp_path / "s.yaml", doc)))
    intensity = world.intensity[0, 0]
    # supplier tie: the larger of AAA's oil share from BBB (0.3) and its trade share (0.1)
    assert exposure_of(world, "supplier_tie") == 0.3
    assert exposure_of(world, "transactional_gain") == 0.4  # what BBB pays AAA
    # oil: AAA's imports from the countries at risk, 0.3 + 0.5, times the war's intensity
    assert exposure_of(world, "oil_exposure") == pytest.approx(0.8 * intensity, abs=1e-12)
    assert intensity > 0  # the check above is not one of zeros
    # aid to CCC: the tie and the pay are AAA's with CCC (oil 0.5, no pay); oil is the same
    assert exposure_of(world, "supplier_tie", side=1) == 0.5
    assert exposure_of(world, "transactional_gain", side=1) == 0.0
    assert exposure_of(world, "oil_exposure", side=1) == pytest.approx(0.8 * intensity, abs=1e-12)
