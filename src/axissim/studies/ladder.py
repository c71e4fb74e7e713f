"""The signed ladder a back-test scores on, and its scores.

Aid has a side, so a prediction is scored on a ladder of nine policies: none at 0, aid to the
observed beneficiary at +1 (rhetorical) to +4 (troops), aid to the other side at -1 to -4.
Words for the wrong side are then a miss, two rungs from words for the right one. Scores, over
observed decisions (a range [lo, hi] counts as observed at any of its levels):

- exact: the modal signed policy lies in [lo, hi]; within one: in [lo - 1, hi + 1];
- log score: mean of -log P(policy in [lo, hi] and, above none, to the observed beneficiary),
  probabilities clipped at 1e-6 so that a point prediction that misses costs -log(1e-6) = 13.8
  rather than infinity;
- Brier: mean over decisions of sum over the nine policies (p_l - o_l)^2, where o spreads the
  observation uniformly over [lo, hi] (1 / (hi - lo + 1) on each of its levels).
"""

from __future__ import annotations

import numpy as np

from axissim.levels import LEVEL_NAMES, N_LEVELS

PROBABILITY_FLOOR = 1e-6
TROOPS = N_LEVELS - 1

P_COLUMNS = [f"p_{name}" for name in LEVEL_NAMES]
"""P(each level, to the observed beneficiary; none whoever it would have aided)."""
OTHER_COLUMNS = [f"p_other_{name}" for name in LEVEL_NAMES[1:]]
"""P(each level above none, to the other side)."""
SIGNED_COLUMNS = [*OTHER_COLUMNS[::-1], *P_COLUMNS]
"""The signed ladder's probabilities, from troops to the other side (-4) to troops (+4)."""
LEVELS = np.arange(N_LEVELS)
SIGNED_LEVELS = np.arange(-TROOPS, TROOPS + 1)
TIE_ORDER = np.argsort(np.abs(SIGNED_LEVELS), kind="stable")
"""On a tie the modal policy is the lowest rung, and the other side's before the observed one's."""


def side_distribution(levels: np.ndarray, to_observed: np.ndarray) -> dict[str, float]:
    """P of each signed policy (SIGNED_COLUMNS) over worlds: their levels, and whether each
    world aided the observed beneficiary."""
    mine = [np.mean((levels == k) & (to_observed | (k == 0))) for k in range(N_LEVELS)]
    other = [np.mean((levels == k) & ~to_observed) for k in range(1, N_LEVELS)]
    return dict(zip([*P_COLUMNS, *OTHER_COLUMNS], map(float, [*mine, *other]), strict=True))


def modal_signed(p: np.ndarray) -> np.ndarray:
    """(n,) the most likely signed policy of each row of (n, 9) probabilities (TIE_ORDER)."""
    return SIGNED_LEVELS[TIE_ORDER[np.argmax(np.asarray(p)[:, TIE_ORDER], axis=1)]]


def observation_matrix(low, high, levels: np.ndarray = LEVELS) -> np.ndarray:
    """(n, levels): each observation spread uniformly over its range [low, high]."""
    low, high = np.asarray(low)[:, None], np.asarray(high)[:, None]
    inside = (levels >= low) & (levels <= high)
    return inside / inside.sum(axis=1, keepdims=True)


def most_common_level(low, high) -> int:
    """The level observed most often, ranges counted fractionally; the lowest on a tie."""
    return int(np.argmax(observation_matrix(low, high).sum(axis=0)))


def point_mass(signed) -> np.ndarray:
    """(n, 9): all probability on each given signed policy."""
    return np.eye(len(SIGNED_LEVELS))[np.asarray(signed, dtype=int) + TROOPS]


def scores(p: np.ndarray, low, high) -> dict[str, float]:
    """Exact and within-one accuracy of the modal signed policy, log score and Brier score of
    (n, 9) probabilities over the signed ladder (SIGNED_COLUMNS)."""
    low, high = np.asarray(low), np.asarray(high)
    observed = observation_matrix(low, high, SIGNED_LEVELS)
    modal = modal_signed(p)
    p_range = (p * (observed > 0)).sum(axis=1)
    return {
        "exact": float(np.mean((modal >= low) & (modal <= high))),
        "within_one": float(np.mean((modal >= low - 1) & (modal <= high + 1))),
        "log_score": float(np.mean(-np.log(np.maximum(p_range, PROBABILITY_FLOOR)))),
        "brier": float(np.mean(((p - observed) ** 2).sum(axis=1))),
        "decisions": len(low),
    }


def confusion(p: np.ndarray, low, high) -> np.ndarray:
    """(observed level, predicted) counts of modal signed policies: column 0 any aid to the
    other side, columns 1 to 5 none to troops (to the observed beneficiary).

    A decision observed as a range sits in the row of the range's level nearest the prediction,
    so the cells (k, k + 1) hold exactly the decisions the exact score counts.
    """
    modal = modal_signed(p)
    observed = np.clip(modal, np.asarray(low), np.asarray(high))
    matrix = np.zeros((N_LEVELS, N_LEVELS + 1))
    np.add.at(matrix, (observed, np.maximum(modal + 1, 0)), 1)
    return matrix
