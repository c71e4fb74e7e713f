"""The decision kernel: utilities and the choice from the interests, in pure numpy.

This is the one implementation of the decision. Every array carries a leading batch axis B
(worlds), so the Mesa model (B = 1) and the batch engine (B = many) call the same functions
and get identical results for the same seed. The utility is the sum of the named terms of
`axissim.engine.interests`; each term is the interest's contribution, so every decision
decomposes exactly into named parts (`contributions`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

import numpy as np

from axissim.engine.interests import AT, LADDER, PROFILE, SIDES, SIGN, K

if TYPE_CHECKING:
    from axissim.engine.world import World

N_OPTIONS = 1 + SIDES * LADDER


def option_index(side, level):
    """The option of aid to `side` at `level` (0, none, when level is 0); works on arrays."""
    return np.where(level == 0, 0, 1 + side * LADDER + level - 1)


def option_side_level(option: int) -> tuple[int, int]:
    """Option 0 is none; option 1 + s * 4 + (r - 1) is level r for side s."""
    if option == 0:
        return -1, 0
    return (option - 1) // LADDER, (option - 1) % LADDER + 1


# --- exposures from the state (dynamic: what the other agents did last step) ---


@dataclass(frozen=True)
class Links:
    """Which decisions feed each decision's dynamic interests, as flat index lists."""

    # reciprocity: decision d, side s is repaid by decision dp aiding side sp (b aiding i)
    repay: tuple[tuple[int, int, int, int], ...]
    # burden sharing: decision d is accompanied by the other deciders of the same conflict
    peers: tuple[tuple[int, ...], ...]

    @cached_property
    def repayable(self) -> np.ndarray:
        """(D, S) bool: whether anybody's aid can repay decision d's aid to side s."""
        out = np.zeros((len(self.peers), SIDES), dtype=bool)
        for d, s, _, _ in self.repay:
            out[d, s] = True
        return out

    @cached_property
    def peer_index(self) -> np.ndarray:
        """(D, most peers) each decision's peers, padded with D (nobody)."""
        n = len(self.peers)
        out = np.full((n, max(map(len, self.peers), default=0)), n, dtype=np.intp)
        for d, others in enumerate(self.peers):
            out[d, : len(others)] = others
        return out

    @cached_property
    def peer_count(self) -> np.ndarray:
        """(D,) the number of d's peers, at least 1 (a mean over no peers is 0 anyway)."""
        return np.array([max(len(others), 1) for others in self.peers])


def links(world: World) -> Links:
    """Find, once, the decisions that feed reciprocity and burden sharing."""
    repay = []
    for d in world.decisions:
        for s in range(SIDES):
            lead = d.leads[s]
            for dp in world.decisions:
                if dp.decider != lead:
                    continue
                conflict = world.scenario.conflicts[dp.conflict]
                for sp, side in enumerate(conflict.sides.values()):
                    joined = {j.country for j in conflict.joins if j.side == dp.sides[sp]}
                    if d.decider in set(side.belligerents) | joined:
                        repay.append((d.index, s, dp.index, sp))
    peers = tuple(
        tuple(p.index for p in world.decisions if p.conflict == d.conflict and p is not d)
        for d in world.decisions
    )
    return Links(tuple(repay), peers)


def aid_state(links_: Links, level: np.ndarray, side: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """What the other agents did last step, in whole levels, each (B, D, S).

    repaid: the highest level the side's lead gave the decider (reciprocity); shared: the summed
    level the decider's peers gave the side (burden sharing). level and side are (B, D): each
    decision's level and aided side (-1 for none) last step. Whole levels let worlds in the same
    state be recognised, so that `decide` computes their utilities once.
    """
    batch, decisions = level.shape
    aid = np.zeros((batch, SIDES, decisions + 1), np.int16)  # the last column is nobody: 0
    for s in range(SIDES):
        np.multiply(level, side == s, out=aid[:, s, :decisions])
    repaid = np.zeros((batch, decisions, SIDES), np.int16)
    for d, s, dp, sp in links_.repay:
        np.maximum(repaid[:, d, s], aid[:, sp, dp], out=repaid[:, d, s])
    shared = np.zeros((batch, SIDES, decisions), np.int16)
    for peer in links_.peer_index.T:
        shared += aid[:, :, peer]
    return repaid, shared.transpose(0, 2, 1)


def state_exposures(
    world: World,
    links_: Links,
    t: int,
    decision: np.ndarray,
    repaid: np.ndarray,
    shared: np.ndarray,
) -> np.ndarray:
    """Exposures at step t of decisions in given states, (..., S, K).

    decision (...) indexes world.decisions; repaid and shared (..., S) come from `aid_state`.
    Reciprocity is the larger of past aid and the lead's aid last step, burden sharing the
    peers' mean aid, both as level / LADDER; every other exposure is static.
    """
    e = world.static[t][decision]
    recip = e[..., AT["reciprocity"]]
    repay = np.where(links_.repayable[decision], np.maximum(recip, repaid / LADDER), recip)
    e[..., AT["reciprocity"]] = repay
    e[..., AT["burden_sharing"]] = shared / LADDER / links_.peer_count[decision][..., None]
    return e


def initial_state(batch: int, decisions: int) -> tuple[np.ndarray, np.ndarray]:
    """Before the first step nobody aids anybody: levels 0, sides -1, each (B, D)."""
    return np.zeros((batch, decisions), np.int8), np.full((batch, decisions), -1, np.int8)


def dynamic_exposures(
    world: World, links_: Links, level: np.ndarray, side: np.ndarray, t: int
) -> np.ndarray:
    """Static exposures at step t with reciprocity and burden sharing from the state, (B, D, S, K).

    level and side are (B, D): each decision's level and aided side (-1 for none) last step.
    """
    decision = np.broadcast_to(np.arange(level.shape[1]), level.shape)
    return state_exposures(world, links_, t, decision, *aid_state(links_, level, side))


# --- utilities and choice ---


def _terms(exposure: np.ndarray, weights: np.ndarray):
    """Yield each interest's contribution, shape (B, D, S, LADDER), in INTERESTS order."""
    for k in range(K):
        coef = weights[..., None, k] * SIGN[k] * exposure[..., k]  # (B, D, S)
        yield coef[..., None] * PROFILE[k, 1:]


def utilities(exposure: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Utility of every option, (B, D, N_OPTIONS); option 0 (none) is 0.

    weights is (B, D, K) or broadcastable to it. Terms are added one interest at a time, in a
    fixed order, so the result does not depend on the batch size.
    """
    total = None
    for term in _terms(exposure, weights):
        total = term if total is None else total + term
    batch, decisions = total.shape[:2]
    out = np.zeros((batch, decisions, N_OPTIONS))
    out[..., 1:] = total.reshape(batch, decisions, SIDES * LADDER)
    return out


def contributions(exposure: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Each interest's share of each option's utility, (B, D, N_OPTIONS, K).

    Summing the last axis in order reproduces `utilities` exactly.
    """
    terms = list(_terms(exposure, weights))
    batch, decisions = terms[0].shape[:2]
    out = np.zeros((batch, decisions, N_OPTIONS, K))
    for k, term in enumerate(terms):
        out[..., 1:, k] = term.reshape(batch, decisions, SIDES * LADDER)
    return out


def probabilities(util: np.ndarray, temperature: np.ndarray) -> np.ndarray:
    """Logit choice probabilities, (B, D, N_OPTIONS); temperature is (B,)."""
    z = (util - util.max(axis=-1, keepdims=True)) / temperature[:, None, None]
    weight = np.exp(z)
    cumulative = np.cumsum(weight, axis=-1)
    return weight / cumulative[..., -1:]


def cumulative_weights(util: np.ndarray, temperature: np.ndarray) -> np.ndarray:
    """Running sums of exp((U - max U) / T) over the options, (..., N_OPTIONS).

    temperature has util's shape without the options axis.
    """
    z = (util - util.max(axis=-1, keepdims=True)) / temperature[..., None]
    return np.cumsum(np.exp(z), axis=-1)


def invert(cumulative: np.ndarray, uniform: np.ndarray) -> np.ndarray:
    """The option whose share of the cumulative weights holds the uniform draw, (...).

    Counts the options whose running sum lies at or below uniform * total (never the last:
    running sums only grow, so counting it could only give the clipped N_OPTIONS - 1 again).
    """
    threshold = uniform * cumulative[..., -1]
    option = np.zeros(threshold.shape, dtype=np.intp)
    for o in range(N_OPTIONS - 1):
        option += cumulative[..., o] <= threshold
    return option


def choose(util: np.ndarray, rule: str, temperature: np.ndarray, uniform: np.ndarray) -> np.ndarray:
    """Chosen option per decision, (B, D).

    argmax takes the best option (the lowest level on a tie); logit inverts the cumulative
    choice probabilities at one uniform draw per decision.
    """
    if rule == "argmax":
        return util.argmax(axis=-1)
    return invert(cumulative_weights(util, temperature[:, None]), uniform)


# --- randomness: a counter-based draw, independent of batch size and order ---

_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)


def _splitmix(x: np.ndarray) -> np.ndarray:
    z = x + _GOLDEN
    z = (z ^ (z >> np.uint64(30))) * _M1
    z = (z ^ (z >> np.uint64(27))) * _M2
    return z ^ (z >> np.uint64(31))


def uniforms(seeds: np.ndarray, step: int, n_decisions: int) -> np.ndarray:
    """One uniform in [0, 1) per world and decision at a step: a hash of (seed, step, decision)."""
    return _draws(seeds, step, np.arange(n_decisions))


def _draws(seeds: np.ndarray, step: int, decisions: np.ndarray) -> np.ndarray:
    """`uniforms` for the given decision indices only, (B, len(decisions))."""
    with np.errstate(over="ignore"):
        key = _splitmix(np.asarray(seeds, dtype=np.uint64))
        key = _splitmix(key ^ np.uint64(step))
        z = _splitmix(key[:, None] ^ decisions.astype(np.uint64)[None, :])
    return (z >> np.uint64(11)).astype(np.float64) * (1.0 / 2**53)


# --- one step for a batch of worlds ---

_OPTION_LEVEL = np.array([option_side_level(o)[1] for o in range(N_OPTIONS)], dtype=np.int8)
_OPTION_SIDE = np.array([option_side_level(o)[0] for o in range(N_OPTIONS)], dtype=np.int8)


def decide(
    world: World,
    links_: Links,
    t: int,
    level: np.ndarray,
    side: np.ndarray,
    weights: np.ndarray,
    rule: str,
    temperature: np.ndarray,
    seeds: np.ndarray,
    group: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Every decider's choice at step t from the state after step t - 1: new (level, side).

    weights (G, D, K) and temperature (G,) belong to groups of worlds, group (B,) names each
    world's group; without `group` every world is its own (weights may then be (1, D, K)).
    Worlds of one group in the same state face the same utilities, so each distinct (group,
    decision, state) is scored once and shared: every world gets what it would get alone.
    """
    batch, n_decisions = level.shape
    option = np.zeros((batch, n_decisions), dtype=np.intp)
    active = np.flatnonzero(world.active[t, world.conflict_of])
    if active.size:
        repaid, shared = aid_state(links_, level, side)
        if group is None:  # every world alone: nothing to share, each state is its own
            group = np.arange(batch)
            weights = np.broadcast_to(weights, (batch, *weights.shape[1:]))
            temperature = np.broadcast_to(temperature, (batch,))
            first = inverse = np.arange(batch * active.size)
        else:
            first, inverse = _distinct_states(group, active, repaid, shared)
        b, a = np.divmod(first, active.size)
        g, d = group[b], active[a]
        exposure = state_exposures(world, links_, t, d, repaid[b, d], shared[b, d])
        util = utilities(exposure[:, None], weights[g, d][:, None])[:, 0]  # (U, N_OPTIONS)
        if rule == "argmax":
            chosen = util.argmax(axis=-1)[inverse]
        else:  # options first, so that each option's running sums are gathered contiguously
            by_option = np.ascontiguousarray(cumulative_weights(util, temperature[g]).T)
            chosen = invert(by_option[:, inverse].T, _draws(seeds, t, active).ravel())
        option[:, active] = chosen.reshape(batch, active.size)
    return _OPTION_LEVEL[option], _OPTION_SIDE[option]


def _distinct_states(
    group: np.ndarray, active: np.ndarray, repaid: np.ndarray, shared: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """The distinct (group, active decision, state) of a batch.

    Returns, for each, the flat (world, active decision) index of one world in it, and for
    every (world, active decision) the position of its state among them.
    """
    span = int(shared.max(initial=0)) + 1
    state = np.zeros(repaid.shape[:2], dtype=np.int64)
    for part, size in ((repaid, LADDER + 1), (shared, span)):
        for s in range(SIDES):
            state = state * size + part[..., s]
    states = (LADDER + 1) ** SIDES * span**SIDES
    key = (group[:, None] * active.size + np.arange(active.size)) * states + state[:, active]
    key = key.ravel()
    size = (int(group.max()) + 1) * active.size * states
    if size > 4 * key.size + 2**16:  # too many possible keys for a table: sort instead
        _, first, inverse = np.unique(key, return_index=True, return_inverse=True)
        return first, inverse
    seen = np.zeros(size, dtype=bool)
    seen[key] = True
    distinct = np.flatnonzero(seen)
    one = np.empty(size, dtype=np.intp)
    one[key] = np.arange(key.size)  # any world of a state stands for all of them
    position = np.empty(size, dtype=np.intp)
    position[distinct] = np.arange(distinct.size)
    return one[distinct], position[key]
