"""How far the model's own information can go on the war corpus, whatever its weights.

Each potential joiner's options are none, troops for side 0 and troops for side 1; the utility of
troops for a side is a free linear combination of the interests' signed exposures at troops
(`engine.exposures.static_exposures` x sign x the troops rung of the profile, averaged over the
war's steps), plus a constant. Fitted to the corpus alone by maximum likelihood (ridge penalty
L2 on the weights) and scored like the back-test's model, P(troops for the side it joined, or
for either side if it stayed out), in sample and out of sample by the back-test's folds of wars.
It leaves out what the simulation adds (the agents' reactions, commitment, leanings) and every
constraint of the other evidence, so it bounds from above what any weighting of these
exposures can reach on this event.

Run from the repository root: python tools/corpus_ceiling.py
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.optimize import minimize

from axissim.data import scores as S
from axissim.engine.exposures import PROFILE, SIGN, static_exposures
from axissim.studies.corpus import load_wars
from axissim.studies.corpus.cases import case_table, with_baselines
from axissim.studies.corpus.predict import TROOPS, troops_to

FOLDS = 10
L2 = 1.0


def troop_exposures(cases) -> tuple[np.ndarray, pd.DataFrame, np.ndarray]:
    """(cases, 2, K) signed exposures at troops for each side, each case's two leads (lead_0,
    lead_1) and its side joined (0 or 1; -1 for a state that stayed out)."""
    by_key = {}
    for war in load_wars():
        e = static_exposures(war.world).mean(axis=0) * SIGN * PROFILE[:, TROOPS]  # (D, 2, K)
        for d in war.world.decisions:
            by_key[(war.number, d.decider)] = (e[d.index], d.leads)
    x = np.stack([by_key[(w, d)][0] for w, d in zip(cases.war, cases.decider, strict=True)])
    leads = [by_key[(w, d)][1] for w, d in zip(cases.war, cases.decider, strict=True)]
    side = np.array(
        [list(pair).index(b) if b else -1 for pair, b in zip(leads, cases.beneficiary, strict=True)]
    )
    return x, pd.DataFrame(leads, columns=["lead_0", "lead_1"]), side


def log_probabilities(theta: np.ndarray, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(n, 2) log P(troops for each side) and (n,) log P(none) under weights and constant."""
    u = x @ theta[:-1] + theta[-1]
    norm = np.logaddexp(0.0, np.logaddexp(u[:, 0], u[:, 1]))
    return u - norm[:, None], -norm


def p_event(theta: np.ndarray, x: np.ndarray, leads: pd.DataFrame, beneficiary) -> np.ndarray:
    """The back-test's P (`predict.troops_to`): troops for the side joined, or for either side
    for a state that stayed out."""
    troops = np.exp(log_probabilities(theta, x)[0])
    shares = leads.assign(p_troops_0=troops[:, 0], p_troops_1=troops[:, 1])
    return troops_to(shares, beneficiary)


def fit(x: np.ndarray, side: np.ndarray) -> np.ndarray:
    """The weights and constant of greatest penalised likelihood."""

    def loss(theta: np.ndarray) -> float:
        troops, none = log_probabilities(theta, x)
        joined = np.take_along_axis(troops, np.clip(side, 0, 1)[:, None], axis=1)[:, 0]
        return -np.where(side < 0, none, joined).sum() + L2 * theta[:-1] @ theta[:-1]

    return minimize(loss, np.zeros(x.shape[2] + 1), method="L-BFGS-B").x


def main() -> None:
    cases = with_baselines(case_table(), FOLDS)
    x, leads, side = troop_exposures(cases)
    varying = np.ptp(x, axis=(0, 1)) > 0
    x = x[:, :, varying]
    y = cases.joined.to_numpy()
    beneficiary = cases.beneficiary.reset_index(drop=True)
    in_sample = p_event(fit(x, side), x, leads, beneficiary)
    out = np.zeros(len(cases))
    for fold in np.unique(cases.fold):
        test = (cases.fold == fold).to_numpy()
        theta = fit(x[~test], side[~test])
        out[test] = p_event(theta, x[test], leads[test], beneficiary[test])
    print(f"{len(cases)} potential joiners, {int(y.sum())} joined; {int(varying.sum())} exposures")
    print("forecaster                                    AUC    log loss")
    rows = [
        ("free weights on the exposures, in sample", in_sample),
        ("free weights on the exposures, out of sample", out),
        ("logistic regression, out of sample", cases.p_logistic),
    ]
    for name, p in rows:
        print(f"{name:<45} {S.auc(y, p):.3f}  {S.log_loss(y, p):.3f}")


if __name__ == "__main__":
    main()
