"""The decision kernel: utilities and the choice from the interests, in pure numpy.

This is the one implementation of the decision. Every array carries a leading batch axis B
(worlds), so the Mesa model (B = 1) and the batch engine (B = many) call the same functions
and get identical results for the same seed. The utility is the sum of the named terms of
`axissim.engine.interests`; each term is the interest's contribution, so every decision
decomposes exactly into named parts (`contributions`).

A decider holds a policy. It decides at the moments that matter to it: when its conflict
starts, when a fact it reads changes (an entry into the war, an escalation, a ceasefire
elsewhere), or when a decision that feeds its utilities moved (an ally's aid, a peer's). There
it takes the option of highest utility plus a leaning drawn for that moment (Gumbel noise of
scale T: what the analyst cannot see of how the decider weighs its options), with a named
commitment term for keeping the policy it holds; between those moments it keeps its policy.
Each decision is therefore a logit choice, P(option) = exp(U / T) / sum exp(U / T), with U
including the commitment to the policy held.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

import numpy as np

from axissim.engine.exposures import PROFILE, SIGN
from axissim.engine.interests import AT, HELD, LADDER, N_OPTIONS, SIDES, K
from axissim.engine.leaning import leanings

if TYPE_CHECKING:
    from axissim.engine.world import World


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
    def feeds(self) -> np.ndarray:
        """(D, D) int8: [e, d] is 1 when what decision e does enters decision d's utilities."""
        n = len(self.peers)
        out = np.zeros((n, n), dtype=np.int8)
        for d, _, source, _ in self.repay:
            out[source, d] = 1
        for d, others in enumerate(self.peers):
            out[list(others), d] = 1
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
    """Yield (k, contribution (B, D, S, LADDER)) of each interest read from the facts."""
    for k in range(K):
        if k not in HELD:
            coef = weights[..., None, k] * SIGN[k] * exposure[..., k]  # (B, D, S)
            yield k, coef[..., None] * PROFILE[k, 1:]


def utilities(exposure: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Utility of every option before commitment, (B, D, N_OPTIONS); option 0 (none) is 0.

    weights is (B, D, K) or broadcastable to it. Terms are added one interest at a time, in a
    fixed order, so the result does not depend on the batch size.
    """
    total = None
    for _, term in _terms(exposure, weights):
        total = term if total is None else total + term
    batch, decisions = total.shape[:2]
    out = np.zeros((batch, decisions, N_OPTIONS))
    out[..., 1:] = total.reshape(batch, decisions, SIDES * LADDER)
    return out


def design(exposure: np.ndarray) -> np.ndarray:
    """Each interest's part of every aid option's utility per unit weight, (..., K, SIDES x
    LADDER): utilities = weights @ design (commitment apart), for many weight vectors at once."""
    signed = exposure * np.where(list(map(HELD.__contains__, range(K))), 0.0, SIGN)
    parts = signed[..., :, :, None] * PROFILE[:, 1:]  # (..., S, K, LADDER)
    return np.moveaxis(parts, -3, -2).reshape(*exposure.shape[:-2], K, SIDES * LADDER)


def commitment(weight: np.ndarray, held: np.ndarray, decided: np.ndarray | bool) -> np.ndarray:
    """The commitment term of every option, (..., N_OPTIONS): +w for keeping the aid held, and,
    for a decider that holds no aid, -w on every aid option (none has utility 0 by definition).
    Zero before the decider has taken its first decision about the conflict.

    weight, held (the option held, 0 for none) and decided broadcast to each other.
    """
    w, held, decided = np.broadcast_arrays(weight, np.asarray(held), decided)
    out = np.zeros((held.size, N_OPTIONS))
    add_commitment(out, w.ravel(), held.ravel(), decided.ravel())
    return out.reshape(*held.shape, N_OPTIONS)


def add_commitment(
    util: np.ndarray, weight: np.ndarray, held: np.ndarray, decided: np.ndarray
) -> None:
    """Add `commitment` to utilities (P, N_OPTIONS) in place; weight, held, decided are (P,)."""
    none = decided & (held == 0)
    util[none, 1:] -= weight[none, None]
    aid = np.flatnonzero(decided & (held > 0))
    util[aid, held[aid]] += weight[aid]


def contributions(
    exposure: np.ndarray, weights: np.ndarray, held: np.ndarray, decided: np.ndarray | bool
) -> np.ndarray:
    """Each interest's share of each option's utility, (B, D, N_OPTIONS, K).

    Summing the last axis reproduces `utilities` plus `commitment` exactly (up to the order
    of additions).
    """
    batch, decisions = exposure.shape[:2]
    out = np.zeros((batch, decisions, N_OPTIONS, K))
    for k, term in _terms(exposure, weights):
        out[..., 1:, k] = term.reshape(batch, decisions, SIDES * LADDER)
    k = AT["commitment"]
    out[..., k] = commitment(np.broadcast_to(weights[..., k], (batch, decisions)), held, decided)
    return out


def probabilities(util: np.ndarray, temperature: np.ndarray) -> np.ndarray:
    """Logit choice probabilities, (B, D, N_OPTIONS); temperature is (B,)."""
    z = (util - util.max(axis=-1, keepdims=True)) / temperature[:, None, None]
    weight = np.exp(z)
    cumulative = np.cumsum(weight, axis=-1)
    return weight / cumulative[..., -1:]


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
    temperature: np.ndarray | None,
    seeds: np.ndarray,
    group: np.ndarray | None = None,
    moved: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every decider's choice at step t from the state after step t - 1.

    Returns the new (level, side) and which decisions moved, each (B, D), to pass back as
    `moved` at the next step (None at the first step: everything is new). weights (G, D, K)
    belong to groups of worlds, group (B,) names each world's group; without `group` every
    world is its own (weights may then be (1, D, K)). temperature (B,) is each world's, None
    under the argmax rule; seeds (B,) draw the leanings.

    Only the deciders at a moment that matters decide (`world.changes`, or a decision that
    feeds them moved); the others keep their policy. Those that decide are scored once per
    distinct (group, decision, state), each adding its own commitment and leaning.
    """
    active = world.active[t, world.conflict_of]
    new_level, new_side = level.copy(), side.copy()
    moved_now = np.zeros(level.shape, dtype=bool)
    if not active.all():  # a conflict not (or no longer) fought: no aid to anyone
        off = ~active
        moved_now[:, off] = (level[:, off] != 0) | (side[:, off] != -1)
        new_level[:, off], new_side[:, off] = 0, -1
    b, d = _to_reconsider(world, links_, t, active, moved, level.shape)
    if b.size:
        if group is None:  # every world alone
            group = np.arange(len(level))
            weights = np.broadcast_to(weights, (len(level), *weights.shape[1:]))
        worlds, row = np.unique(b, return_inverse=True)
        repaid, shared = aid_state(links_, level[worlds], side[worlds])
        repaid, shared = repaid[row, d], shared[row, d]
        first, inverse = _distinct_states(group[b], d, repaid, shared)
        exposure = state_exposures(world, links_, t, d[first], repaid[first], shared[first])
        chosen = weights[group[b[first]], d[first]]
        util = utilities(exposure[:, None], chosen[:, None])[:, 0][inverse]
        held = option_index(side[b, d], level[b, d])
        committed = weights[group[b], d, AT["commitment"]]
        add_commitment(util, committed, held, t > world.first_active[d])
        if temperature is not None:
            util += temperature[b][:, None] * leanings(seeds[b], t, d)
        option = util.argmax(axis=-1)
        new_level[b, d], new_side[b, d] = _OPTION_LEVEL[option], _OPTION_SIDE[option]
        moved_now[b, d] = option != held
    return new_level, new_side, moved_now


def moments(world: World, links_: Links, levels: np.ndarray, sides: np.ndarray) -> np.ndarray:
    """(B, T, D) bool: the steps at which each decider decided, from its world's trajectory
    (levels and sides (B, T, D)): what `decide` does, recovered after the fact."""
    batch, steps, _ = levels.shape
    level, side = initial_state(batch, levels.shape[2])
    out = np.zeros(levels.shape, dtype=bool)
    moved = None
    for t in range(steps):
        active = world.active[t, world.conflict_of]
        b, d = _to_reconsider(world, links_, t, active, moved, level.shape)
        out[b, t, d] = True
        moved = (levels[:, t] != level) | (sides[:, t] != side)
        level, side = levels[:, t], sides[:, t]
    return out


def _to_reconsider(
    world: World,
    links_: Links,
    t: int,
    active: np.ndarray,
    moved: np.ndarray | None,
    shape: tuple[int, int],
) -> tuple[np.ndarray, np.ndarray]:
    """The (world, decision) pairs to reconsider at step t: every active one at the first step,
    then those whose facts change (world.changes) or whom a decision that moved feeds."""
    if moved is None:
        return np.nonzero(np.broadcast_to(active, shape))
    redo = np.broadcast_to(active & world.changes[t], shape)
    rows = np.flatnonzero(moved.any(axis=1))
    if rows.size:
        fed = (moved[rows].astype(np.float32) @ links_.feeds.astype(np.float32)) > 0
        redo = redo.copy()
        redo[rows] |= active & fed
    elif not redo.any():
        return np.empty(0, np.intp), np.empty(0, np.intp)
    return np.nonzero(redo)


def _distinct_states(
    group: np.ndarray, decision: np.ndarray, repaid: np.ndarray, shared: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """The distinct (group, decision, state) among pairs of a world's group and a decision.

    group and decision are (P,), repaid and shared (P, S). Returns, for each distinct one,
    the index of one pair in it, and for every pair the position of its state among them.
    """
    span = int(shared.max(initial=0)) + 1
    state = np.zeros(len(group), dtype=np.int64)
    for part, size in ((repaid, LADDER + 1), (shared, span)):
        for s in range(SIDES):
            state = state * size + part[:, s]
    states = (LADDER + 1) ** SIDES * span**SIDES
    n_decisions = int(decision.max()) + 1
    key = (group.astype(np.int64) * n_decisions + decision) * states + state
    size = (int(group.max()) + 1) * n_decisions * states
    if size > 4 * key.size + 2**16:  # too many possible keys for a table: sort instead
        _, first, inverse = np.unique(key, return_index=True, return_inverse=True)
        return first, inverse.ravel()
    seen = np.zeros(size, dtype=bool)
    seen[key] = True
    distinct = np.flatnonzero(seen)
    one = np.empty(size, dtype=np.intp)
    one[key] = np.arange(key.size)  # any pair of a state stands for all of them
    position = np.empty(size, dtype=np.intp)
    position[distinct] = np.arange(distinct.size)
    return one[distinct], position[key]
