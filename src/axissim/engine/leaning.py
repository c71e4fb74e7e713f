"""Each world's private leaning: a counter-based Gumbel draw per world, decision and option.

It stands for what the analyst cannot see of how a decider weighs its options, and stays fixed
through the crisis. Hashing (seed, decision, option) makes a world's draws independent of the
batch size, chunking, order, worker count and executor.
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


def scaled_leanings(
    seeds: np.ndarray, n_decisions: int, temperature: np.ndarray, rule: str
) -> np.ndarray | None:
    """Each world's private leaning at its temperature (B,), (B, D, N_OPTIONS); None under the
    argmax rule (no noise)."""
    if rule == "argmax":
        return None
    return leanings(seeds, n_decisions) * np.asarray(temperature, dtype=float)[:, None, None]


def leanings(seeds: np.ndarray, n_decisions: int) -> np.ndarray:
    """Each world's private leaning per decision and option, standard Gumbel, (B, D, N_OPTIONS).

    A hash of (seed, decision, option pair) gives two 23-bit uniforms; the same at every step,
    and independent of the batch a world runs in.
    """
    pairs = (N_OPTIONS + 1) // 2
    decision = np.arange(n_decisions, dtype=np.uint64)[:, None]
    counter = decision * np.uint64(pairs) + np.arange(pairs, dtype=np.uint64)[None, :]
    with np.errstate(over="ignore"):
        key = _splitmix(_splitmix(np.asarray(seeds, dtype=np.uint64)))
        z = _splitmix(key[:, None, None] ^ counter[None])  # (B, D, pairs)
    bits = np.stack([z >> np.uint64(41), (z >> np.uint64(9)) & np.uint64(0x7FFFFF)], axis=-1)
    uniform = (bits.astype(np.float32) + np.float32(0.5)) * np.float32(2.0**-23)  # in (0, 1)
    gumbel = -np.log(-np.log(uniform))
    return gumbel.reshape(*z.shape[:2], 2 * pairs)[..., :N_OPTIONS].astype(np.float64)
