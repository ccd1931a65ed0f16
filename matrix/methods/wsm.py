"""The weighted sum model (WSM), also called simple additive weighting (SAW).

Each criterion's scores are put on a common scale where higher is better, then
multiplied by the criterion's normalised weight (weights sum to 1) and added
up. ``normalization=`` says how (see :mod:`matrix.methods.normalize`):

``"scale"`` (default)
    ``(x - min) / (max - min)`` between the ends of the criterion's declared
    scale, reversed for ``min``; the data's range where no scale is declared.
    A 0-10 scale gives 0 at the worst end and 1 at the best, whatever the other
    options score, so adding or removing an option changes no one's score.
``"minmax"``
    The same on the data's range: 1 for the best option, 0 for the worst.
``"max"``
    ``x / max x`` (``min x / x`` for ``min``): ratios to the best option.
    Needs scores >= 0 (> 0 on ``min`` criteria).
``"vector"``
    ``x / ||x||`` (``1 - x / ||x||`` for ``min``), ``||x||`` the column's
    Euclidean length.
``"sum"``
    Each option's share of the column total, ``x / sum x``
    (``(1/x) / sum(1/x)`` for ``min``). Needs scores >= 0 (> 0 on ``min``).
``"none"``
    The raw scores, as Triantaphyllou's examples add them: meaningful only
    when every criterion is ``max`` and in the same unit.

A criterion on which every option scores the same adds the same to every
option (0 under ``scale``/``minmax``), so it never changes the ranking.

Rescaling one criterion by a positive factor leaves the ranking unchanged
under ``max``, ``minmax``, ``vector`` and ``sum`` (and under ``scale`` when the
declared scale is rescaled with it); ``minmax`` is also unchanged by adding a
constant. Under ``none`` both change it.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from matrix.errors import MethodError
from matrix.methods._params import choice, describe
from matrix.methods._result import Ranking
from matrix.methods.normalize import (
    NORMALIZATIONS,
    check_ratio_scale,
    normalize,
    scale_normalize,
)
from matrix.model import DecisionModel

__all__ = ["NORMALIZATIONS", "scale_normalize", "wsm", "wsm_scores"]


def wsm_scores(
    values: np.ndarray,
    weights: np.ndarray,
    is_max: np.ndarray,
    lower: np.ndarray | None = None,
    upper: np.ndarray | None = None,
    *,
    normalization: str = "scale",
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The weighted sum without any validation.

    Returns the scores, the normalised matrix and the weighted matrix.
    ``weights`` must already sum to 1; ``lower``/``upper`` are needed by
    ``"scale"`` only.

    >>> scores, _, _ = wsm_scores(np.array([[1.0, 4.0], [3.0, 2.0]]), np.array([0.5, 0.5]),
    ...                           np.array([True, True]), normalization="none")
    >>> scores.tolist()
    [2.5, 2.5]
    """
    normalized = normalize(values, is_max, normalization, lower=lower, upper=upper)
    weighted = normalized * weights
    return weighted.sum(axis=1), normalized, weighted


@describe("Weighted sum", "weighted sum of normalised scores (higher is better)", "WSM")
def wsm(model: DecisionModel, *, normalization: str = "scale") -> Ranking:
    """Rank a model by the weighted sum of normalised scores.

    Parameters
    ----------
    model
        A validated decision model.
    normalization
        One of ``"scale"`` (default), ``"minmax"``, ``"max"``, ``"vector"``,
        ``"sum"``, ``"none"``; see the module documentation.

    Returns
    -------
    Ranking
        Higher score is better. ``details`` holds ``"normalized"`` and
        ``"weighted"`` (DataFrames, options x criteria), and ``"bounds"`` (the
        ends used for each criterion) under ``"scale"`` and ``"minmax"``.

    Raises
    ------
    MethodError
        For an unknown normalisation, ``"none"`` with a ``min`` criterion, or
        ``"max"``/``"sum"`` with scores they cannot divide by.

    >>> import pandas as pd
    >>> from matrix import from_frame
    >>> table = pd.DataFrame({"x": [0, 5, 10], "y": [10, 5, 0]}, index=list("abc"))
    >>> model = from_frame(table, directions=["max", "min"], weights=[3, 1],
    ...                    scales={"x": (0, 10), "y": (0, 10)})
    >>> wsm(model).scores.tolist()
    [0.0, 0.5, 1.0]
    >>> wsm(model, normalization="vector").scores.round(3).tolist()
    [0.026, 0.474, 0.921]
    >>> wsm(model, normalization="max")
    Traceback (most recent call last):
    ...
    matrix.errors.MethodError: wsm with normalization 'max' needs scores > 0 on a 'min' ...
    ... criterion 'y' has 0 for option 'c'
    """
    how = choice("wsm", "normalization", normalization, NORMALIZATIONS)
    if how == "none" and not model.is_max.all():
        crit = model.criteria[int(np.argmin(model.is_max))]
        raise MethodError(
            "wsm: normalization 'none' adds raw scores, so every criterion must be 'max'; "
            f"criterion {crit.id!r} is 'min' (choose another normalization)"
        )
    if how in ("max", "sum"):
        check_ratio_scale(model, f"wsm with normalization {how!r}")
    details: dict[str, object] = {}
    lower = upper = None
    if how == "scale":
        bounds = model.bounds
        details["bounds"] = bounds
    elif how == "minmax":
        values = model.values
        bounds = pd.DataFrame(
            {"min": values.min(axis=0), "max": values.max(axis=0), "declared": False},
            index=model.criterion_ids,
        )
        details["bounds"] = bounds
    if "bounds" in details:
        lower, upper = bounds["min"].to_numpy(), bounds["max"].to_numpy()
    scores, normalized, weighted = wsm_scores(
        model.values,
        model.normalized_weights.to_numpy(),
        model.is_max,
        lower,
        upper,
        normalization=how,
    )
    index, columns = model.option_index, model.criterion_index
    return Ranking.from_scores(
        "wsm",
        scores,
        index,
        params={"normalization": how},
        details={
            "normalized": pd.DataFrame(normalized, index=index, columns=columns, copy=False),
            "weighted": pd.DataFrame(weighted, index=index, columns=columns, copy=False),
            **details,
        },
    )
