"""The weighted product model (WPM).

Each score is divided by the best score on its criterion (``x / max x`` for a
``max`` criterion, ``min x / x`` for a ``min`` one, so 1 = best), raised to the
criterion's normalised weight, and the results are multiplied:

    score_i = prod_j r_ij ** w_j,   weights summing to 1.

The score lies in (0, 1]; 1 means best on every criterion. The ratio of two
options' scores is Bridgman's (1922) and Miller & Starr's (1969) comparison
``P(A_K / A_L) = prod_j (x_Kj / x_Lj) ** w_j`` (reversed for ``min`` criteria),
as in Triantaphyllou (2000), so the ranking is the same as theirs.

Because only ratios of scores count, multiplying a criterion's scores by any
positive factor never changes a score. Ratios need a true zero: every score
must be > 0 (a zero would wipe out the product, and a negative score has no
real power). A criterion on which every option scores the same is exempt: it
counts as 1 for every option.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from matrix.methods._params import describe
from matrix.methods._result import Ranking
from matrix.methods.normalize import check_ratio_scale, max_normalize
from matrix.model import DecisionModel

__all__ = ["wpm", "wpm_scores"]


def wpm_scores(
    values: np.ndarray, weights: np.ndarray, is_max: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The weighted product without validation: scores, ratios r and factors r ** w.

    ``weights`` must sum to 1 and every non-constant column must be > 0.

    >>> scores, r, _ = wpm_scores(np.array([[1.0, 4.0], [4.0, 1.0]]), np.array([0.5, 0.5]),
    ...                           np.array([True, True]))
    >>> scores.tolist()
    [0.5, 0.5]
    """
    ratios = max_normalize(values, is_max)
    # r ** w as exp(w log r): numpy's log and exp are vectorised, its power is not; the
    # score is the exponential of the summed logarithms (the same to ~1e-16)
    logs = np.log(ratios)
    logs *= weights
    scores = np.exp(logs.sum(axis=1))
    return scores, ratios, np.exp(logs, out=logs)


@describe(
    "Weighted product",
    "product of ratios to the best, each to its weight (0-1, higher is better)",
    "WPM",
)
def wpm(model: DecisionModel) -> Ranking:
    """Rank a model by the weighted product of each score's ratio to the best.

    Returns
    -------
    Ranking
        Higher score is better. ``details`` holds ``"normalized"`` (the ratios
        r, options x criteria) and ``"weighted"`` (the factors r ** w whose
        product is the score).

    Raises
    ------
    MethodError
        When a score is zero or negative on a criterion where options differ.

    >>> import pandas as pd
    >>> from matrix import from_frame
    >>> table = pd.DataFrame({"cost": [2.0, 4.0], "benefit": [9.0, 16.0]}, index=["a", "b"])
    >>> model = from_frame(table, directions=["min", "max"], weights=[1, 1])
    >>> wpm(model).scores.round(3).tolist()    # a: sqrt(1 * 9/16), b: sqrt(2/4 * 1)
    [0.75, 0.707]
    """
    check_ratio_scale(model, "wpm", strict=True)
    scores, ratios, factors = wpm_scores(
        model.values, model.normalized_weights.to_numpy(), model.is_max
    )
    index, columns = model.option_index, model.criterion_index
    return Ranking.from_scores(
        "wpm",
        scores,
        index,
        params={},
        details={
            "normalized": pd.DataFrame(ratios, index=index, columns=columns, copy=False),
            "weighted": pd.DataFrame(factors, index=index, columns=columns, copy=False),
        },
    )
