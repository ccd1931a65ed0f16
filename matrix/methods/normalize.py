"""Ways of putting criteria measured in different units on a common scale.

Each function takes the score matrix (options x criteria) and returns a matrix
of the same shape. :func:`normalize` makes **higher better** on every criterion
(a ``min`` criterion is reversed), as the weighted sum needs;
:func:`vector_normalize` alone keeps the raw orientation, as TOPSIS needs. None
of them validates: :func:`check_ratio_scale` says when a normalisation is
undefined on the data.

========  ==========================================  ===============================
name      ``max`` criterion                           ``min`` criterion
========  ==========================================  ===============================
scale     (x - lo) / (hi - lo), declared scale        (hi - x) / (hi - lo)
minmax    (x - lo) / (hi - lo), the data's range      (hi - x) / (hi - lo)
max       x / max x                                   min x / x
vector    x / ||x||  (||x|| = sqrt of sum of squares) 1 - x / ||x||
sum       x / sum x                                   (1/x) / sum(1/x)
none      x (raw)                                     not allowed
========  ==========================================  ===============================

A criterion on which every option scores the same cannot separate the options.
It gets one value for every option, whatever the formula would do with it:
0 under ``scale`` (when no scale is declared) and ``minmax``, 1 under ``max``
(every option is the best), 1/n under ``sum`` (equal shares), and 0 under
``vector`` for a column of zeros (1 for a ``min`` criterion).
"""

from __future__ import annotations

import numpy as np

from matrix.errors import MethodError
from matrix.model import DecisionModel
from matrix.validation import fmt_number

__all__ = [
    "NORMALIZATIONS",
    "check_ratio_scale",
    "constant_columns",
    "max_normalize",
    "minmax_normalize",
    "normalize",
    "scale_normalize",
    "sum_normalize",
    "vector_normalize",
]

#: The normalisations the weighted sum accepts, the default first.
NORMALIZATIONS = ("scale", "max", "minmax", "vector", "sum", "none")


def constant_columns(values: np.ndarray) -> np.ndarray:
    """True for each column on which every row holds the same value.

    >>> constant_columns(np.array([[1.0, 2.0], [1.0, 3.0]])).tolist()
    [True, False]
    """
    return np.all(values == values[:1], axis=0)


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
    # (x - hi) / -span is (hi - x) / span to the last bit (negation is exact): one pass each
    anchor = np.where(is_max, lower, upper)
    signed = np.where(span > 0, np.where(is_max, span, -span), 1.0)
    ratio = (values - anchor) / signed
    ratio += 0.0  # turns the -0.0 of a 'min' score at the top of its scale into 0.0
    return ratio if (span > 0).all() else np.where(span > 0, ratio, 0.0)


def minmax_normalize(values: np.ndarray, is_max: np.ndarray) -> np.ndarray:
    """0-1 between the worst and the best score in the data, 1 = best.

    >>> minmax_normalize(np.array([[2.0, 2.0], [4.0, 6.0], [3.0, 4.0]]),
    ...                  np.array([True, False])).tolist()
    [[0.0, 1.0], [1.0, 0.0], [0.5, 0.5]]
    """
    return scale_normalize(values, values.min(axis=0), values.max(axis=0), is_max)


def max_normalize(values: np.ndarray, is_max: np.ndarray) -> np.ndarray:
    """``x / max x`` for ``max`` criteria and ``min x / x`` for ``min`` ones (1 = best).

    Needs ``x >= 0`` on ``max`` criteria and ``x > 0`` on ``min`` ones, except
    on constant columns, which come out as 1.

    >>> max_normalize(np.array([[2.0, 2.0], [4.0, 8.0]]), np.array([True, False])).tolist()
    [[0.5, 1.0], [1.0, 0.25]]
    """
    constant = constant_columns(values)
    any_constant = bool(constant.any())
    safe = np.where(constant, 1.0, values) if any_constant else values
    # one division: x / max x where more is better, min x / x where less is
    numerator = np.where(is_max, safe, safe.min(axis=0))
    denominator = np.where(is_max, safe.max(axis=0), safe)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = numerator / denominator
    return np.where(constant, 1.0, ratio) if any_constant else ratio


def vector_normalize(values: np.ndarray) -> np.ndarray:
    """``x / ||x||``, each column divided by its Euclidean length (no reversal).

    A column of zeros stays zero.

    >>> vector_normalize(np.array([[3.0, 0.0], [4.0, 0.0]])).tolist()
    [[0.6, 0.0], [0.8, 0.0]]
    """
    length = np.sqrt(np.einsum("ij,ij->j", values, values))
    return values / np.where(length > 0, length, 1.0)


def sum_normalize(values: np.ndarray, is_max: np.ndarray) -> np.ndarray:
    """Each option's share: ``x / sum x`` for ``max``, ``(1/x) / sum(1/x)`` for ``min``.

    Needs ``x >= 0`` on ``max`` criteria and ``x > 0`` on ``min`` ones, except
    on constant columns, where every option gets 1/n.

    >>> sum_normalize(np.array([[1.0, 1.0], [3.0, 3.0]]), np.array([True, False])).tolist()
    [[0.25, 0.75], [0.75, 0.25]]
    """
    n = values.shape[0]
    constant = constant_columns(values)
    safe = np.where(constant, 1.0, values)
    with np.errstate(divide="ignore", invalid="ignore"):
        oriented = np.where(is_max, safe, 1.0 / safe)
        share = oriented / oriented.sum(axis=0)
    return np.where(constant, 1.0 / n, share)


def normalize(
    values: np.ndarray,
    is_max: np.ndarray,
    how: str,
    *,
    lower: np.ndarray | None = None,
    upper: np.ndarray | None = None,
) -> np.ndarray:
    """Normalise with one of :data:`NORMALIZATIONS`, higher = better on every column.

    ``lower``/``upper`` are the ends of each criterion's scale, used by
    ``"scale"`` only. No validation: see :func:`check_ratio_scale`.

    >>> normalize(np.array([[3.0], [4.0]]), np.array([False]), "vector").round(2).tolist()
    [[0.4], [0.2]]
    """
    if how == "scale":
        assert lower is not None and upper is not None
        return scale_normalize(values, lower, upper, is_max)
    if how == "minmax":
        return minmax_normalize(values, is_max)
    if how == "max":
        return max_normalize(values, is_max)
    if how == "vector":
        return np.where(is_max, vector_normalize(values), 1.0 - vector_normalize(values))
    if how == "sum":
        return sum_normalize(values, is_max)
    if how == "none":
        return np.array(values, dtype=float, copy=True)
    raise ValueError(f"unknown normalisation {how!r}")


def check_ratio_scale(model: DecisionModel, what: str, *, strict: bool = False) -> None:
    """Raise :class:`MethodError` where a ratio normalisation is undefined.

    Ratios of scores (``x / max``, ``min / x``, shares of a total) mean
    something only for scores >= 0, and ``min x / x`` needs x > 0. With
    ``strict`` every score must be > 0 (a weighted product raises scores to
    powers). Constant criteria are exempt: they are normalised to a constant.
    """
    values = model.values
    constant = constant_columns(values)
    for j, crit in enumerate(model.criteria):
        if constant[j]:
            continue
        column = values[:, j]
        positive = strict or crit.direction == "min"
        bad = column <= 0 if positive else column < 0
        if bad.any():
            i = int(np.argmax(bad))
            need = "> 0" if positive else ">= 0"
            why = (
                "it raises each score to a power"
                if strict
                else ("it divides by each score" if crit.direction == "min" else "it takes ratios")
            )
            scope = "every" if strict else f"a {crit.direction!r}"
            raise MethodError(
                f"{what} needs scores {need} on {scope} criterion ({why}); "
                f"criterion {crit.id!r} has "
                f"{fmt_number(column[i])} for option {model.option_ids[i]!r}"
            )
