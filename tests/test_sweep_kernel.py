"""What sweeps rely on in the kernel: a world's result depends on its seed and parameters only,
not on which worlds share its batch, its weights or its state."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import BASELINE

from axissim import load_scenario
from axissim.engine import interests, kernel
from axissim.engine.batch import parameter_groups, simulate
from axissim.engine.leaning import leanings
from axissim.engine.world import compile_world, decision_weights

WORLDS = 40


@pytest.fixture(scope="module")
def world():
    return compile_world(load_scenario(BASELINE))


@pytest.fixture(scope="module")
def parameters(world):
    """Per-world weights and temperatures: pairs of worlds share them, others do not."""
    rng = np.random.default_rng(11)
    weights = rng.uniform(0.0, 5.0, (WORLDS // 2, kernel.K))
    weights[:, interests.INTEREST_NAMES.index("burden_sharing")] = rng.uniform(-2, 2, WORLDS // 2)
    temperature = rng.uniform(0.05, 2.0, WORLDS // 2)
    order = np.repeat(rng.permutation(WORLDS // 2), 2)  # neighbours share parameters
    return decision_weights(world, weights[order]), temperature[order], rng.permutation(WORLDS)


@pytest.mark.parametrize("rule", ["logit", "argmax"])
def test_each_world_alone_equals_the_batch(world, parameters, rule):
    weights, temperature, seeds = parameters
    together = simulate(world, seeds, weights, temperature, rule)
    for b in range(WORLDS):
        alone = simulate(world, seeds[b : b + 1], weights[b : b + 1], temperature[b], rule)
        assert np.array_equal(alone.levels[0], together.levels[b])
        assert np.array_equal(alone.sides[0], together.sides[b])


def test_the_order_of_worlds_does_not_matter(world, parameters):
    weights, temperature, seeds = parameters
    together = simulate(world, seeds, weights, temperature)
    flip = np.arange(WORLDS)[::-1]
    flipped = simulate(world, seeds[flip], weights[flip], temperature[flip])
    assert np.array_equal(flipped.levels, together.levels[flip])


def direct_choice(world, links, t, level, side, weights, temperature, seeds):
    """Every world scored by itself, without grouping or shared states: (B, D) levels."""
    util = kernel.utilities(kernel.dynamic_exposures(world, links, level, side, t), weights)
    held = kernel.option_index(side, level)
    committed = np.broadcast_to(weights[..., interests.AT["commitment"]], level.shape)
    util = util + kernel.commitment(committed, held, t > world.first_active)
    n = len(world.decisions)
    drawn = leanings(np.repeat(seeds, n), t, np.tile(np.arange(n), len(seeds)))
    util = util + temperature[:, None, None] * drawn.reshape(len(seeds), n, -1)
    return kernel._OPTION_LEVEL[util.argmax(axis=-1)]


def test_grouped_decide_equals_one_group_per_world(world, parameters):
    weights, temperature, seeds = parameters
    group, shared = parameter_groups(weights, WORLDS)
    assert len(shared) < WORLDS  # neighbours that share parameters form one group
    links = kernel.links(world)
    rng = np.random.default_rng(3)
    t = int(np.flatnonzero(world.active.all(axis=1))[0]) + 1  # every conflict is fought
    level = rng.integers(0, 5, (WORLDS, len(world.decisions))).astype(np.int8)
    side = np.where(level > 0, rng.integers(0, 2, level.shape), -1).astype(np.int8)
    args = (world, links, t, level, side)
    alone = kernel.decide(*args, weights, temperature, seeds)  # moved=None: everyone decides
    grouped = kernel.decide(*args, shared, temperature, seeds, group)
    assert np.array_equal(alone[0], grouped[0]) and np.array_equal(alone[1], grouped[1])
    direct = direct_choice(*args, weights, temperature, seeds)
    assert np.array_equal(alone[0], direct)


def test_shared_weights_with_each_worlds_own_temperature(world, parameters):
    """Without groups, one weight vector for all and a temperature per world (as the Mesa
    model passes them) is each world scored alone."""
    _, temperature, seeds = parameters
    links = kernel.links(world)
    t = int(np.flatnonzero(world.active.all(axis=1))[0]) + 1
    level = np.full((WORLDS, len(world.decisions)), 2, np.int8)
    side = np.zeros_like(level)
    args = (world, links, t, level, side)
    got = kernel.decide(*args, world.weights[None], temperature, seeds)
    direct = direct_choice(*args, world.weights[None], temperature, seeds)
    assert np.array_equal(got[0], direct)
