"""VIKOR: the compromise ranking of Opricovic & Tzeng (2004).

With ``f*_j`` the best and ``f-_j`` the worst score on criterion j in the data
(the largest and smallest for ``max``, the reverse for ``min``) and weights
summing to 1:

    S_i = sum_j w_j (f*_j - f_ij) / (f*_j - f-_j)      group regret (weighted sum)
    R_i = max_j w_j (f*_j - f_ij) / (f*_j - f-_j)      individual regret (worst criterion)
    Q_i = v (S_i - S*) / (S- - S*) + (1 - v) (R_i - R*) / (R- - R*)

where ``S* = min S``, ``S- = max S`` and likewise for R; ``v`` (default 0.5)
weighs "the majority of criteria" against "the worst criterion". **Lower is
better**: options are ranked by ascending Q.

The compromise solution is the first option by Q, a', if

- C1, acceptable advantage: ``Q(a'') - Q(a') >= DQ = 1/(m - 1)``, a'' the
  second option by Q, m the number of options; and
- C2, acceptable stability: a' is also first by S or by R.

If only C2 fails, the compromise set is {a', a''}; if C1 fails, it is every
option whose Q is less than DQ above Q(a'). Ties go to the option listed first.

Degenerate data: a criterion on which every option scores the same adds 0 to S
and R. If every option has the same S (or R), that term of Q is 0. A single
option is its own compromise solution (both conditions hold trivially).

Each term depends only on where a score sits between the best and the worst, so
rescaling a criterion by a positive factor, or adding a constant to it, changes
nothing. A dominated option never ranks above the option that dominates it.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from matrix.methods._params import describe, number
from matrix.methods._result import RANK_DECIMALS, Ranking
from matrix.model import DecisionModel

__all__ = ["vikor", "vikor_scores"]


def _spread(x: np.ndarray) -> np.ndarray:
    """(x - min) / (max - min), or 0 when all x are equal."""
    low, high = x.min(), x.max()
    return (x - low) / (high - low) if high > low else np.zeros_like(x)


def vikor_scores(
    values: np.ndarray, weights: np.ndarray, is_max: np.ndarray, *, v: float = 0.5
) -> dict[str, np.ndarray]:
    """S, R, Q and the best and worst values, without validation.

    >>> out = vikor_scores(np.array([[1.0, 3000], [2, 3750], [5, 4500]]), np.array([0.5, 0.5]),
    ...                    np.array([False, True]))
    >>> out["Q"].tolist()
    [1.0, 0.0, 1.0]
    """
    best = np.where(is_max, values.max(axis=0), values.min(axis=0))
    worst = np.where(is_max, values.min(axis=0), values.max(axis=0))
    gap = best - worst
    safe = np.where(gap != 0, gap, 1.0)
    # w * (ratio): the worst option's ratio is exactly 1, so equal weights give exactly equal terms
    regret = np.where(gap != 0, weights * ((best - values) / safe), 0.0)
    s, r = regret.sum(axis=1), regret.max(axis=1)
    q = v * _spread(s) + (1 - v) * _spread(r)
    return {"S": s, "R": r, "Q": q, "best": best, "worst": worst, "regret": regret}


def compromise(
    s: np.ndarray, r: np.ndarray, q: np.ndarray
) -> tuple[list[int], bool, bool, float | None]:
    """The compromise set (positions, best first) and conditions C1, C2, and DQ.

    >>> compromise(np.array([.6, .3, .15, .65]), np.array([.3, .2, .15, .4]),
    ...            np.array([.75, .25, 0.0, 1.0]))
    ([2, 1], False, True, 0.3333333333333333)
    """
    m = len(q)
    if m == 1:
        return [0], True, True, None
    dq = 1.0 / (m - 1)
    threshold = np.round(dq, RANK_DECIMALS)  # gaps are compared as ranks are, to 12 decimals
    order = np.argsort(np.round(q, RANK_DECIMALS), kind="stable")
    first, second = int(order[0]), int(order[1])
    advantage = bool(np.round(q[second] - q[first], RANK_DECIMALS) >= threshold)
    stability = bool(
        np.round(s[first], RANK_DECIMALS) == np.round(s.min(), RANK_DECIMALS)
        or np.round(r[first], RANK_DECIMALS) == np.round(r.min(), RANK_DECIMALS)
    )
    if advantage and stability:
        chosen = [first]
    elif advantage:
        chosen = [first, second]
    else:
        chosen = [int(k) for k in order if np.round(q[k] - q[first], RANK_DECIMALS) < threshold]
    return chosen, advantage, stability, dq


@describe("VIKOR", "Q, the distance from the compromise ideal (0-1, lower is better)")
def vikor(model: DecisionModel, *, v: float = 0.5) -> Ranking:
    """Rank a model by VIKOR's Q (Opricovic & Tzeng 2004); lower is better.

    Parameters
    ----------
    model
        A validated decision model.
    v
        Weight of the group regret S against the individual regret R, from 0
        to 1 (default 0.5, "by consensus").

    Returns
    -------
    Ranking
        ``higher_is_better`` is False: the score is Q and rank 1 has the
        smallest Q. ``details``: ``"S"``, ``"R"``, ``"Q"`` (Series by option),
        ``"best"`` and ``"worst"`` (f* and f-, Series by criterion),
        ``"regret"`` (each weighted term, options x criteria),
        ``"compromise_set"`` (option ids, best first),
        ``"acceptable_advantage"`` (C1) and ``"acceptable_stability"`` (C2)
        (bools) and ``"DQ"`` (1/(m-1); None for a single option).

    >>> import pandas as pd
    >>> from matrix import from_frame
    >>> table = pd.DataFrame({"risk": [1, 2, 5], "altitude": [3000, 3750, 4500]},
    ...                      index=["A1", "A2", "A3"])
    >>> model = from_frame(table, directions=["min", "max"], weights=[1, 1])
    >>> result = vikor(model)
    >>> result.scores.tolist(), result.ranks.tolist()
    ([1.0, 0.0, 1.0], [2, 1, 2])
    >>> result.details["compromise_set"]
    ['A2']
    """
    v = number("vikor", "v", v, low=0, high=1, what="the weight of the group regret S")
    out = vikor_scores(model.values, model.normalized_weights.to_numpy(), model.is_max, v=v)
    chosen, advantage, stability, dq = compromise(out["S"], out["R"], out["Q"])
    ids = model.option_ids
    index, columns = model.option_index, model.criterion_index
    return Ranking.from_scores(
        "vikor",
        out["Q"],
        index,
        higher_is_better=False,
        params={"v": v},
        details={
            "S": pd.Series(out["S"], index=index, name="S"),
            "R": pd.Series(out["R"], index=index, name="R"),
            "Q": pd.Series(out["Q"], index=index, name="Q"),
            "best": pd.Series(out["best"], index=columns, name="best (f*)"),
            "worst": pd.Series(out["worst"], index=columns, name="worst (f-)"),
            "regret": pd.DataFrame(out["regret"], index=index, columns=columns, copy=False),
            "compromise_set": [ids[k] for k in chosen],
            "acceptable_advantage": advantage,
            "acceptable_stability": stability,
            "DQ": dq,
        },
    )
