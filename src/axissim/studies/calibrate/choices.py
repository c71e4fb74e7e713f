"""The circumstances of every decision a simulated world took, held fixed while the fit moves.

A world's final policy is the logit choice its decider made at its last decision moment, given
what it faced then: the facts, what the others were doing, what it held itself. Simulating
the worlds once under parameters theta_0 records every choice made on the way (every decider,
every moment) and its circumstances. For other parameters theta, each world's path is
reweighted by how much likelier theta makes its choices before the observed decider's last
moment (the product of logit probability ratios), and that decider's last choice is integrated
exactly: P(observed) is the self-normalised weighted mean over worlds of the logit probability
of the observed policy. Smooth in theta and cheap (no simulation), it is exact at theta_0 and
good near it; the fit (likelihood.fit) alternates simulating at its current parameters and
moving them, until a round no longer moves them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from axissim.engine import kernel
from axissim.engine.batch import simulate_points
from axissim.engine.interests import AT, LADDER, N_OPTIONS
from axissim.engine.world import World, decision_weights
from axissim.studies.calibrate.problem import Evidence, Problem


@dataclass(frozen=True)
class Choices:
    """Q recorded choices (every decider, every moment, every world), in order of world then
    step, and M observation rows (one per world and observation, grouped by observation)."""

    design: np.ndarray  # (Q, K, SIDES x LADDER) kernel.design of the chooser's exposures
    held: np.ndarray  # (Q,) the option held before choosing
    decided: np.ndarray  # (Q,) bool: it had chosen before (commitment applies)
    chosen: np.ndarray  # (Q,) the option chosen
    evidence: np.ndarray  # (Q,) the chooser's evidence
    decision: np.ndarray  # (Q,) the chooser's decision index in its world
    base: np.ndarray  # (Q,) log probability of each choice under the simulated parameters
    last: np.ndarray  # (M,) the observed decider's last choice in the row's world
    since: np.ndarray  # (M,) the world's first choice
    before: np.ndarray  # (M,) the world's first choice at or after that last moment
    allowed: np.ndarray  # (M, N_OPTIONS) bool: the options the observation allows
    starts: np.ndarray  # (J,) each observation's first row

    def log_p(self, prob: Problem, theta: np.ndarray) -> np.ndarray:
        """(N, Q, N_OPTIONS) log probability of every option at every recorded choice."""
        weights, temperature = choice_weights(prob, np.atleast_2d(theta), self)
        util = utilities(self.design, self.held, self.decided, weights)
        z = util / temperature[:, None, None]
        top = z.max(axis=-1, keepdims=True)
        return z - top - np.log(np.exp(z - top).sum(axis=-1, keepdims=True))

    def p_observed(self, prob: Problem, theta: np.ndarray) -> np.ndarray:
        """(N, J) P(observed) of every observation for (N, P) parameter vectors."""
        log_p = self.log_p(prob, theta)
        taken = np.take_along_axis(log_p, self.chosen[None, :, None], axis=-1)[..., 0]
        ratio = np.concatenate(
            [np.zeros((len(log_p), 1)), np.cumsum(taken - self.base, axis=1)], axis=1
        )
        log_w = ratio[:, self.before] - ratio[:, self.since]  # (N, M)
        log_w -= np.maximum.reduceat(log_w, self.starts, axis=1).repeat(self.counts, axis=1)
        w = np.exp(log_w)
        p_last = (np.exp(log_p[:, self.last]) * self.allowed).sum(axis=-1)  # (N, M)
        return np.add.reduceat(w * p_last, self.starts, axis=1) / np.add.reduceat(
            w, self.starts, axis=1
        )

    def gradient(self, prob: Problem, theta: np.ndarray, outer) -> tuple[float, np.ndarray]:
        """f(P(observed)) and its gradient with respect to the global weights (K,), at one
        parameter vector `theta` (P,). `outer(p)` gives f and df/dp for the (J,) P(observed).

        d log pi(o) / d w = (G[:, o] - sum_o' pi(o') G[:, o']) / T, where G is each choice's
        utility per unit weight (the design, and the commitment term's +-1 on its column);
        a world's log weight is the sum of its choices' log pi before the observed decider's
        last choice, and P(observed) the self-normalised mean of that choice's allowed pi.
        """
        weights, temperature = choice_weights(prob, np.atleast_2d(theta), self)
        log_p = self.log_p(prob, theta)[0]  # (Q, O)
        pi = np.exp(log_p)
        g = self.unit_utilities()  # (Q, K, O)
        centred = (g - (g * pi[:, None, :]).sum(axis=-1, keepdims=True)) / temperature[0]
        taken_grad = np.take_along_axis(centred, self.chosen[:, None, None], axis=-1)[..., 0]
        taken = np.take_along_axis(log_p, self.chosen[:, None], axis=-1)[:, 0]
        ratio = np.concatenate([[0.0], np.cumsum(taken - self.base)])
        log_w = ratio[self.before] - ratio[self.since]  # (M,)
        log_w -= np.maximum.reduceat(log_w, self.starts).repeat(self.counts)
        w = np.exp(log_w)
        allowed_pi = pi[self.last] * self.allowed  # (M, O)
        p_last = allowed_pi.sum(axis=-1)
        p = np.add.reduceat(w * p_last, self.starts) / np.add.reduceat(w, self.starts)
        value, d_p = outer(p)  # (J,)
        owner = np.repeat(np.arange(len(self.starts)), self.counts)
        scale = (d_p * p)[owner]  # d f / d log P, per row
        alpha = w * p_last / np.add.reduceat(w * p_last, self.starts)[owner]
        beta = w / np.add.reduceat(w, self.starts)[owner]
        # d log P / d(chooser weights): alpha (d log w + d log p_last) - beta d log w
        on_path = scale * (alpha - beta)  # (M,)
        along = spread(on_path, self.since, self.before, len(self.chosen))
        per_choice = along[:, None] * taken_grad  # (Q, K)
        last_grad = (allowed_pi[:, None, :] * centred[self.last]).sum(axis=-1)  # (M, K)
        d_last = (scale * alpha / np.maximum(p_last, 1e-300))[:, None] * last_grad
        np.add.at(per_choice, self.last, d_last)
        free = ~choice_overridden(prob, self)
        return value, (per_choice * free).sum(axis=0)

    def unit_utilities(self) -> np.ndarray:
        """(Q, K, N_OPTIONS) each choice's utility per unit weight of each interest, with the
        commitment column: +1 on the held aid option, -1 on every aid option when none is
        held (once the decider has chosen)."""
        q = len(self.chosen)
        g = np.zeros((q, self.design.shape[1], N_OPTIONS))
        g[..., 1:] = self.design
        c = AT["commitment"]
        none = self.decided & (self.held == 0)
        g[none, c, 1:] = -1.0
        aid = np.flatnonzero(self.decided & (self.held > 0))
        g[aid, c, self.held[aid]] = 1.0
        return g

    @property
    def counts(self) -> np.ndarray:
        """(J,) rows (worlds) per observation."""
        return np.diff([*self.starts, len(self.last)])


def spread(values: np.ndarray, since: np.ndarray, before: np.ndarray, count: int) -> np.ndarray:
    """(count,) the sum, for each choice q, of the values of the rows m whose worlds' choices
    since[m] <= q < before[m] include it."""
    marks = np.zeros(count + 1)
    np.add.at(marks, since, values)
    np.add.at(marks, before, -values)
    return np.cumsum(marks)[:-1]


def choice_overridden(prob: Problem, choices: Choices) -> np.ndarray:
    """(Q, K) bool: the chooser's weight is its own country's override, not a global one."""
    out = np.zeros((len(choices.chosen), len(AT)), dtype=bool)
    for e, ev in enumerate(prob.evidence):
        rows = np.flatnonzero(choices.evidence == e)
        out[rows] = ev.world.overridden[choices.decision[rows]]
    return out


def utilities(design, held, decided, weights) -> np.ndarray:
    """(N, Q, N_OPTIONS) utilities of Q choices, for weights (N, Q, K): design (kernel.design),
    held and decided (commitment) broadcast against them."""
    util = np.zeros((*weights.shape[:2], N_OPTIONS))
    util[..., 1:] = np.matmul(weights[..., None, :], design)[..., 0, :]
    held, decided = (np.broadcast_to(x, weights.shape[:2]) for x in (held, decided))
    util += kernel.commitment(weights[..., AT["commitment"]], held, decided)
    return util


def choice_weights(prob: Problem, theta: np.ndarray, choices: Choices):
    """(N, Q, K) each recorded chooser's weights (per-country overrides kept) and the (N,)
    temperatures, for (N, P) parameter vectors. Scenarios with the same weights share one
    computation (the corpus's wars all start from one weights file)."""
    out, done, temperature = None, {}, None
    for e, ev in enumerate(prob.evidence):
        rows = np.flatnonzero(choices.evidence == e)
        key = (tuple(sorted(ev.scenario.weights.items())), ev.scenario.choice.temperature)
        if key not in done:
            done[key] = prob.point_values(theta, ev.scenario)
        weights, temperature = done[key]
        if out is None:
            out = np.zeros((len(theta), len(choices.chosen), weights.shape[1]))
        out[:, rows] = decision_weights(ev.world, weights)[:, choices.decision[rows]]
    return out, temperature


def allowed_options(ev: Evidence) -> np.ndarray:
    """(J, N_OPTIONS) bool: the policies each observation allows (its levels, to the observed
    side, or to either side when it names none)."""
    out = np.zeros((len(ev.scenario.observed), N_OPTIONS), dtype=bool)
    for j, o in enumerate(ev.scenario.observed):
        d = ev.world.decisions[ev.world.decision_index(o.decider, o.conflict)]
        low, high = o.level_range
        sides = range(2) if o.beneficiary is None else [d.leads.index(o.beneficiary)]
        out[j, 0] = low == 0
        for s in sides:
            for r in range(max(low, 1), high + 1):
                out[j, 1 + s * LADDER + r - 1] = True
    return out


def observed_decisions(ev: Evidence) -> np.ndarray:
    """(J,) the decision index of each observation."""
    return np.array([ev.world.decision_index(o.decider, o.conflict) for o in ev.scenario.observed])


def last_decisions(world: World, traj, decisions: np.ndarray) -> np.ndarray:
    """(R, J) the step of each world's last decision about each observed decision."""
    decided = kernel.moments(world, kernel.links(world), traj.levels, traj.sides)[:, :, decisions]
    steps = decided.shape[1]
    return steps - 1 - np.argmax(decided[:, ::-1, :], axis=1)


def states(ev: Evidence, traj) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each world's (R, J, SIDES, K) exposures, (R, J) held options and (R, J) decided flags of
    the observed decisions, at their last decision moments in the trajectories `traj`."""
    world, decisions = ev.world, observed_decisions(ev)
    last = last_decisions(world, traj, decisions)
    links = kernel.links(world)
    worlds, count = last.shape
    exposure = np.zeros((worlds, count, *world.static.shape[2:]))
    held = np.zeros((worlds, count), dtype=np.intp)
    decided = np.zeros((worlds, count), dtype=bool)
    for t in np.unique(last):
        r, j = np.nonzero(last == t)
        if t > 0:
            level, side = traj.levels[r, t - 1], traj.sides[r, t - 1]
        else:
            level, side = kernel.initial_state(len(r), len(world.decisions))
        at = decisions[j]
        exposure[r, j] = kernel.dynamic_exposures(world, links, level, side, t)[
            np.arange(len(r)), at
        ]
        held[r, j] = kernel.option_index(side, level)[np.arange(len(r)), at]
        decided[r, j] = t > world.first_active[at]
    return exposure, held, decided


def own_p(ev: Evidence, traj, weights: np.ndarray, temperature: np.ndarray) -> np.ndarray:
    """(B, J) each simulated world's probability of each observed policy given its own path,
    for the worlds' weights (B, D, K) and temperatures (B,)."""
    exposure, held, decided = states(ev, traj)
    own = weights[:, observed_decisions(ev)]  # (B, J, K)
    util = utilities(kernel.design(exposure), held, decided, own)
    return (kernel.probabilities(util, temperature) * allowed_options(ev)).sum(axis=-1)


def recorded(ev: Evidence, traj) -> dict[str, np.ndarray]:
    """Every choice in the simulated worlds `traj` of one evidence: its world, step, decision,
    design, held and chosen options, and whether its decider had chosen before."""
    world = ev.world
    links = kernel.links(world)
    chose = kernel.moments(world, links, traj.levels, traj.sides)  # (R, T, D)
    parts = []
    for t in np.flatnonzero(chose.any(axis=(0, 2))):
        r = np.flatnonzero(chose[:, t].any(axis=1))
        if t > 0:
            level, side = traj.levels[r, t - 1], traj.sides[r, t - 1]
        else:
            level, side = kernel.initial_state(len(r), len(world.decisions))
        exposure = kernel.dynamic_exposures(world, links, level, side, t)  # (n, D, S, K)
        i, d = np.nonzero(chose[r, t])
        held = kernel.option_index(side, level)[i, d]
        chosen = kernel.option_index(traj.sides[r[i], t, d], traj.levels[r[i], t, d])
        decided = t > world.first_active[d]
        parts.append((r[i], np.full(len(i), t), d, exposure[i, d], held, chosen, decided))
    names = ("world", "step", "decision", "exposure", "held", "chosen", "decided")
    out = {n: np.concatenate([p[k] for p in parts]) for k, n in enumerate(names)}
    out["decided"] = np.broadcast_to(out["decided"], out["held"].shape).copy()
    order = np.lexsort((out["step"], out["world"]))
    return {n: v[order] for n, v in out.items()}


def simulate_choices(prob: Problem, theta: np.ndarray, seeds: np.ndarray) -> Choices:
    """Simulate every evidence's worlds under one parameter vector `theta` (P,) and record
    their choices (Choices)."""
    columns, rows, offset = [], [], 0
    for e, ev in enumerate(prob.evidence):
        worlds = seeds[: ev.worlds] if ev.worlds else seeds
        weights, temperature = prob.point_values(theta[None], ev.scenario)
        traj = simulate_points(ev.world, weights, temperature, worlds, rule="logit")
        got = recorded(ev, traj)
        got["evidence"] = np.full(len(got["held"]), e)
        rows.append(_observation_rows(ev, got, offset, len(worlds)))
        columns.append(got)
        offset += len(got["held"])
    merged = {n: np.concatenate([c[n] for c in columns]) for n in columns[0]}
    last, since, before, allowed = (np.concatenate([r[k] for r in rows]) for k in range(4))
    sizes = np.concatenate([r[4] for r in rows])
    choices = Choices(
        kernel.design(merged["exposure"]),
        merged["held"],
        merged["decided"],
        merged["chosen"],
        merged["evidence"],
        merged["decision"],
        np.zeros(offset),
        last,
        since,
        before,
        allowed,
        np.concatenate([[0], np.cumsum(sizes)[:-1]]),
    )
    taken = np.take_along_axis(choices.log_p(prob, theta), choices.chosen[None, :, None], axis=-1)
    return Choices(**{**choices.__dict__, "base": taken[0, :, 0]})


def _observation_rows(ev: Evidence, got: dict[str, np.ndarray], offset: int, worlds: int):
    """Per observation and world: its decider's last choice, the world's first choice, the
    world's first choice at or after that moment (indices into all choices, from `offset`),
    the allowed options; and the worlds per observation."""
    key = got["world"] * (len(ev.world.active) + 1) + got["step"]
    first = np.searchsorted(got["world"], np.arange(worlds))
    options = allowed_options(ev)
    last, since, before, allowed = [], [], [], []
    for j, d in enumerate(observed_decisions(ev)):
        mine = np.flatnonzero(got["decision"] == d)
        worlds_of = got["world"][mine]
        at = mine[np.searchsorted(worlds_of, np.arange(worlds), side="right") - 1]
        last.append(offset + at)
        since.append(offset + first)
        before.append(offset + np.searchsorted(key, key[at]))
        allowed.append(np.repeat(options[j][None], worlds, axis=0))
    sizes = np.full(len(last), worlds)
    return (*map(np.concatenate, (last, since, before, allowed)), sizes)
