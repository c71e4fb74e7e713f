"""What sweeps rely on in the kernel: a world's result depends on its seed and parameters only,
not on which worlds share its batch, its weights or its state."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import BASELINE

from axissim import load_scenario
from axissim.engine import interests, kernel
from axissim.engine.batch import parameter_groups, simulate
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
    order = rng.permutation(np.repeat(np.arange(WORLDS // 2), 2))
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


def test_grouped_decide_equals_one_group_per_world(world, parameters):
    weights, temperature, seeds = parameters
    group, shared, temperatures = parameter_groups(weights, temperature)
    assert len(shared) < WORLDS  # neighbours that share parameters form one group
    links = kernel.links(world)
    rng = np.random.default_rng(3)
    t = int(np.flatnonzero(world.active.all(axis=1))[0])  # every conflict is fought
    level = rng.integers(0, 5, (WORLDS, len(world.decisions))).astype(np.int8)
    side = np.where(level > 0, rng.integers(0, 2, level.shape), -1).astype(np.int8)
    args = (world, links, t, level, side)
    alone = kernel.decide(*args, weights, "logit", temperature, seeds)
    grouped = kernel.decide(*args, shared, "logit", temperatures, seeds, group)
    assert np.array_equal(alone[0], grouped[0]) and np.array_equal(alone[1], grouped[1])
    util = kernel.utilities(kernel.dynamic_exposures(world, links, level, side, t), weights)
    draws = kernel.uniforms(seeds, t, len(world.decisions))
    direct = kernel.choose(util, "logit", temperature, draws)  # every world scored by itself
    assert np.array_equal(alone[0], kernel._OPTION_LEVEL[direct])


def test_shared_weights_with_each_worlds_own_temperature(world, parameters):
    """Without groups, one weight vector for all and a temperature per world (as the Mesa
    model and older callers pass them) is each world scored alone."""
    _, temperature, seeds = parameters
    links = kernel.links(world)
    t = int(np.flatnonzero(world.active.all(axis=1))[0])
    level = np.full((WORLDS, len(world.decisions)), 2, np.int8)
    side = np.zeros_like(level)
    got = kernel.decide(
        world, links, t, level, side, world.weights[None], "logit", temperature, seeds
    )
    util = kernel.utilities(
        kernel.dynamic_exposures(world, links, level, side, t), world.weights[None]
    )
    draws = kernel.uniforms(seeds, t, len(world.decisions))
    assert np.array_equal(
        got[0], kernel._OPTION_LEVEL[kernel.choose(util, "logit", temperature, draws)]
    )
