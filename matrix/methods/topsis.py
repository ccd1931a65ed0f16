"""TOPSIS: the Technique for Order Preference by Similarity to Ideal Solution.

As Hwang & Yoon (1981) define it:

1. Normalise each criterion: ``normalization="vector"`` (default) divides each
   column by its Euclidean length, ``r = x / sqrt(sum x**2)``;
   ``normalization="minmax"`` uses ``(x - min) / (max - min)`` on the data's
   range. Scores of ``min`` criteria are not reversed.
2. Weight: ``v = w * r``, weights summing to 1.
3. The ideal ``A*`` takes the best weighted value of each criterion (the
   largest for ``max``, the smallest for ``min``); the anti-ideal ``A-`` the worst.
4. Euclidean distances ``D+`` to the ideal and ``D-`` to the anti-ideal.
5. The score is the relative closeness ``C = D- / (D+ + D-)``, from 0 (at the
   anti-ideal) to 1 (at the ideal); higher is better.

Vector normalisation keeps ratios, so rescaling a criterion by a positive factor
changes nothing, but adding a constant can change the ranking (Opricovic & Tzeng
2004 show this). ``"minmax"`` is unchanged by both. A dominated option never
ranks above the option that dominates it.

A criterion on which every option scores the same puts the ideal and the
anti-ideal at the same place and adds nothing to either distance. If that holds
for every weighted criterion, every option is at both the ideal and the
anti-ideal, and each gets C = 0.5 (all tie).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from matrix.methods._params import choice, describe
from matrix.methods._result import Ranking
from matrix.methods.normalize import constant_columns, vector_normalize
from matrix.model import DecisionModel

__all__ = ["TOPSIS_NORMALIZATIONS", "topsis", "topsis_scores"]

#: The normalisations TOPSIS accepts, the default first.
TOPSIS_NORMALIZATIONS = ("vector", "minmax")


def topsis_scores(
    values: np.ndarray, weights: np.ndarray, is_max: np.ndarray, *, normalization: str = "vector"
) -> dict[str, np.ndarray]:
    """TOPSIS without validation.

    Returns a dict of arrays: ``normalized``, ``weighted``, ``ideal``,
    ``anti_ideal``, ``d_plus``, ``d_minus`` and ``closeness``.

    >>> out = topsis_scores(np.array([[3.0, 1.0], [4.0, 2.0]]), np.array([0.5, 0.5]),
    ...                     np.array([True, False]))
    >>> out["closeness"].round(4).tolist()
    [0.691, 0.309]
    """
    if normalization == "vector":
        normalized = vector_normalize(values)
    else:
        low, high = values.min(axis=0), values.max(axis=0)
        span = np.where(constant_columns(values), 1.0, high - low)
        normalized = (values - low) / span
    weighted = normalized * weights
    best, worst = weighted.max(axis=0), weighted.min(axis=0)
    ideal = np.where(is_max, best, worst)
    anti_ideal = np.where(is_max, worst, best)
    # one scratch matrix for both distances; einsum adds the squares without storing them
    gap = np.subtract(weighted, ideal)
    d_plus = np.sqrt(np.einsum("ij,ij->i", gap, gap))
    np.subtract(weighted, anti_ideal, out=gap)
    d_minus = np.sqrt(np.einsum("ij,ij->i", gap, gap))
    total = d_plus + d_minus
    closeness = np.where(total > 0, d_minus / np.where(total > 0, total, 1.0), 0.5)
    return {
        "normalized": normalized,
        "weighted": weighted,
        "ideal": ideal,
        "anti_ideal": anti_ideal,
        "d_plus": d_plus,
        "d_minus": d_minus,
        "closeness": closeness,
    }


@describe("TOPSIS", "relative closeness to the ideal (0-1, higher is better)")
def topsis(model: DecisionModel, *, normalization: str = "vector") -> Ranking:
    """Rank a model by relative closeness to the ideal option (Hwang & Yoon 1981).

    Parameters
    ----------
    model
        A validated decision model.
    normalization
        ``"vector"`` (default, Hwang & Yoon) or ``"minmax"`` (the data's range).

    Returns
    -------
    Ranking
        Higher score is better. ``details``: ``"normalized"`` and
        ``"weighted"`` (DataFrames, options x criteria), ``"ideal"`` and
        ``"anti_ideal"`` (Series by criterion, weighted units), ``"d_plus"`` and
        ``"d_minus"`` (Series by option).

    >>> import pandas as pd
    >>> from matrix import from_frame
    >>> table = pd.DataFrame({"x": [0.0, 5.0, 10.0]}, index=["a", "b", "c"])
    >>> model = from_frame(table, directions=["max"], weights=[1])
    >>> topsis(model).scores.tolist()
    [0.0, 0.5, 1.0]
    """
    how = choice("topsis", "normalization", normalization, TOPSIS_NORMALIZATIONS)
    out = topsis_scores(
        model.values, model.normalized_weights.to_numpy(), model.is_max, normalization=how
    )
    index, columns = model.option_index, model.criterion_index
    return Ranking.from_scores(
        "topsis",
        out["closeness"],
        index,
        params={"normalization": how},
        details={
            "normalized": pd.DataFrame(out["normalized"], index=index, columns=columns, copy=False),
            "weighted": pd.DataFrame(out["weighted"], index=index, columns=columns, copy=False),
            "ideal": pd.Series(out["ideal"], index=columns, name="ideal"),
            "anti_ideal": pd.Series(out["anti_ideal"], index=columns, name="anti-ideal"),
            "d_plus": pd.Series(out["d_plus"], index=index, name="distance to ideal"),
            "d_minus": pd.Series(out["d_minus"], index=index, name="distance to anti-ideal"),
        },
    )
