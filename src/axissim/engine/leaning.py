"""A decider's leaning when it takes a decision: a counter-based Gumbel draw per world, step,
decision and option.

It stands for what the analyst cannot see of how a decider weighs its options at the moment it
decides. Hashing (seed, step, decision, option) makes a world's draws independent of the batch
size, chunking, order, worker count and executor.
"""

from __future__ import annotations

import numpy as np

from axissim.engine.interests import N_OPTIONS

_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)


def _splitmix(x: np.ndarray) -> np.ndarray:
    z = x + _GOLDEN
    z = (z ^ (z >> np.uint64(30))) * _M1
    z = (z ^ (z >> np.uint64(27))) * _M2
    return z ^ (z >> np.uint64(31))


def leanings(seeds: np.ndarray, step: int, decisions: np.ndarray) -> np.ndarray:
    """Standard Gumbel draws, (P, N_OPTIONS), for P (world seed, decision) pairs at a step.

    A hash of (seed, step, decision, option pair) gives two 23-bit uniforms; a world's draws
    are the same whatever batch it runs in.
    """
    pairs = (N_OPTIONS + 1) // 2
    decisions = np.asarray(decisions, dtype=np.uint64)
    with np.errstate(over="ignore"):
        key = _splitmix(_splitmix(np.asarray(seeds, dtype=np.uint64)) ^ np.uint64(step))
        key = _splitmix(key ^ decisions)
        z = _splitmix(key[:, None] ^ np.arange(pairs, dtype=np.uint64)[None, :])  # (P, pairs)
    bits = np.stack([z >> np.uint64(41), (z >> np.uint64(9)) & np.uint64(0x7FFFFF)], axis=-1)
    uniform = (bits.astype(np.float32) + np.float32(0.5)) * np.float32(2.0**-23)  # in (0, 1)
    gumbel = -np.log(-np.log(uniform))
    return gumbel.reshape(len(z), 2 * pairs)[:, :N_OPTIONS].astype(np.float64)
