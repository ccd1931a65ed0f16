"""The weighted sum model (WSM), also called simple additive weighting (SAW).

Each criterion's scores are put on a common 0-1 scale where 1 is best, then
multiplied by the criterion's normalised weight and added up. The default
normalisation, ``"scale"``, uses the ends of each criterion's declared scale
(the data's range when a criterion declares none):

    r = (x - min) / (max - min)   for a ``max`` criterion,
    r = (max - x) / (max - min)   for a ``min`` criterion,

so a 0-10 scale gives 0 at the worst end and 1 at the best, whatever the other
options score. A criterion whose range is empty (no declared scale and every
option scoring the same) cannot tell options apart: its normalised values are 0.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from matrix.methods._result import Ranking
from matrix.model import DecisionModel

__all__ = ["scale_normalize", "wsm", "wsm_scores"]


def scale_normalize(
    values: np.ndarray, lower: np.ndarray, upper: np.ndarray, is_max: np.ndarray
) -> np.ndarray:
    """Put each column on 0-1 between ``lower`` and ``upper``, 1 = best.

    Columns with ``upper == lower`` come out as 0.

    >>> scale_normalize(np.array([[0.0, 0.0], [5.0, 10.0]]), np.array([0.0, 0.0]),
    ...                 np.array([10.0, 10.0]), np.array([True, False])).tolist()
    [[0.0, 1.0], [0.5, 0.0]]
    """
    span = upper - lower
    safe = np.where(span > 0, span, 1.0)
    ratio = np.where(is_max, values - lower, upper - values) / safe
    return np.where(span > 0, ratio, 0.0)


def wsm_scores(
    values: np.ndarray,
    weights: np.ndarray,
    is_max: np.ndarray,
    lower: np.ndarray,
    upper: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The weighted sum without any validation.

    Returns the scores, the normalised matrix and the weighted matrix.
    ``weights`` must already sum to 1.
    """
    normalized = scale_normalize(values, lower, upper, is_max)
    weighted = normalized * weights
    return weighted.sum(axis=1), normalized, weighted


def wsm(model: DecisionModel) -> Ranking:
    """Rank a model by the weighted sum of scale-normalised scores.

    ``details`` holds ``"normalized"`` and ``"weighted"`` (DataFrames, options x
    criteria) and ``"bounds"`` (the ends used for each criterion).

    >>> import pandas as pd
    >>> from matrix import from_frame
    >>> table = pd.DataFrame({"x": [0, 5, 10], "y": [10, 5, 0]}, index=list("abc"))
    >>> model = from_frame(table, directions=["max", "min"], weights=[3, 1],
    ...                    scales={"x": (0, 10), "y": (0, 10)})
    >>> wsm(model).scores.tolist()
    [0.0, 0.5, 1.0]
    """
    bounds = model.bounds
    scores, normalized, weighted = wsm_scores(
        model.values,
        model.normalized_weights.to_numpy(),
        model.is_max,
        bounds["min"].to_numpy(),
        bounds["max"].to_numpy(),
    )
    index, columns = model.scores.index, model.scores.columns
    return Ranking.from_scores(
        "wsm",
        scores,
        model.option_ids,
        params={"normalization": "scale"},
        details={
            "normalized": pd.DataFrame(normalized, index=index, columns=columns),
            "weighted": pd.DataFrame(weighted, index=index, columns=columns),
            "bounds": bounds,
        },
    )
