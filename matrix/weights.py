"""Weights people can defend: direct, swing, importance order, AHP, and from the data.

Every function returns the weights as a pandas Series indexed by criterion id,
summing to 1. Pass ``criteria=`` (the case's criterion ids) to have the input
checked against them: an unknown or a missing criterion is then an error, and
the result follows that order.

- :func:`direct`: weights as given, divided by their sum.
- :func:`swing`: swing weighting. Imagine every criterion at the worst end of
  its scale; the swing to the best end that matters most gets 100 points and
  every other swing points relative to it (0 to 100). Weights are the points
  divided by their sum.
- :func:`roc`, :func:`rank_sum`, :func:`reciprocal`: weights from an
  importance order alone (rank-order centroid, Barron & Barrett 1996; rank sum
  and rank reciprocal, Stillwell, Seaver & Edwards 1981).
- :func:`ahp`: priorities from a pairwise comparison matrix, with Saaty's
  consistency ratio (see :mod:`matrix.ahp`).
- :func:`entropy`, :func:`critic`: objective weights from the spread of the
  scores in a model.

An importance order is either a sequence, most important first, whose items
are criterion ids or groups (tuples, lists or sets) of tied ids, or a mapping
``{criterion: position}`` with positions 1 (most important), 2, ...; tied
criteria share a position and only the order of the positions matters.
**Tied criteria share the average of the weights of the places they occupy**:
with four criteria and ``a`` first, ``b`` and ``c`` tied second, ROC gives
``b`` and ``c`` each the mean of the 2nd and 3rd ROC weights.

>>> roc(["war_risk", "cost", "speed"]).round(4).tolist()
[0.6111, 0.2778, 0.1111]
>>> swing({"war_risk": 100, "cost": 60, "speed": 40}).tolist()
[0.5, 0.3, 0.2]
>>> roc({"a": 1, "b": 2, "c": 2, "d": 4}).round(4).tolist()
[0.5208, 0.2083, 0.2083, 0.0625]
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from matrix.ahp import CR_THRESHOLD, RANDOM_INDEX, AHPResult, ahp
from matrix.errors import WeightError
from matrix.validation import fmt_number

if TYPE_CHECKING:
    from matrix.model import DecisionModel, Perspective

__all__ = [
    "CR_THRESHOLD",
    "ELICITATIONS",
    "ORDER_METHODS",
    "RANDOM_INDEX",
    "AHPResult",
    "ahp",
    "critic",
    "direct",
    "entropy",
    "order_weights",
    "pairwise_frame",
    "perspective_ahp",
    "rank_sum",
    "reciprocal",
    "roc",
    "swing",
]

#: How a perspective's weights may be elicited.
ELICITATIONS = ("direct", "swing", "order", "ahp")

#: The swing that matters most gets this many points.
SWING_TOP = 100.0


def _as_dict(given: object, what: str) -> dict[str, Any]:
    if isinstance(given, pd.Series):
        return {str(k): v for k, v in given.items()}
    if isinstance(given, Mapping):
        return {str(k): v for k, v in given.items()}
    raise WeightError(
        f"{what} must be a mapping of criterion id to number (a dict or a pandas Series); "
        f"got {type(given).__name__}"
    )


def _check_criteria(keys: Sequence[str], criteria: Sequence[str] | None, what: str) -> list[str]:
    """The criterion order to use; with ``criteria``, unknown and missing ids are errors."""
    if criteria is None:
        if not keys:
            raise WeightError(f"{what}: no criteria given")
        return list(keys)
    known = list(criteria)
    for key in keys:
        if key not in known:
            raise WeightError(
                f"{what} names unknown criterion {key!r}; the criteria are {', '.join(known)}",
                subject=key,
                field="criterion",
            )
    for crit in known:
        if crit not in keys:
            raise WeightError(
                f"{what} gives nothing for criterion {crit!r}; every criterion needs a value",
                subject=crit,
                field="criterion",
            )
    return known


def _number(value: object, crit: str, what: str) -> float:
    if isinstance(value, bool | np.bool_) or not isinstance(value, int | float | np.number):
        raise WeightError(
            f"{what} must be numbers; got {value!r} for criterion {crit!r}", subject=crit
        )
    number = float(value)
    if not math.isfinite(number):
        raise WeightError(
            f"{what} must be finite numbers; got {fmt_number(number)} for criterion {crit!r}",
            subject=crit,
        )
    return number


def _series(values: Sequence[float] | np.ndarray, index: Sequence[str]) -> pd.Series:
    array = np.asarray(values, dtype=float)
    return pd.Series(
        array / array.sum(), index=pd.Index(list(index), name="criterion"), name="weight"
    )


def direct(
    weights: Mapping[str, float] | pd.Series, *, criteria: Sequence[str] | None = None
) -> pd.Series:
    """Weights as given (any total, each >= 0, not all zero), divided by their sum.

    >>> direct({"a": 30, "b": 10}).tolist()
    [0.75, 0.25]
    """
    given = _as_dict(weights, "direct weights")
    order = _check_criteria(list(given), criteria, "direct weights")
    values = []
    for crit in order:
        number = _number(given[crit], crit, "weights")
        if number < 0:
            raise WeightError(
                f"weights must be >= 0; got {fmt_number(number)} for criterion {crit!r}",
                subject=crit,
            )
        values.append(number)
    if sum(values) <= 0:
        raise WeightError("all weights are zero; at least one criterion must carry weight")
    return _series(values, order)


def swing(
    points: Mapping[str, float] | pd.Series, *, criteria: Sequence[str] | None = None
) -> pd.Series:
    """Swing weights: the most valued swing gets 100 points, the others 0 to 100.

    Raises
    ------
    WeightError
        For negative points, points above 100, or when no swing has 100 points.

    >>> swing({"a": 100, "b": 50, "c": 50}).tolist()
    [0.5, 0.25, 0.25]
    """
    given = _as_dict(points, "swing points")
    order = _check_criteria(list(given), criteria, "swing points")
    values = []
    for crit in order:
        number = _number(given[crit], crit, "swing points")
        if number < 0:
            raise WeightError(
                f"swing points must be >= 0; got {fmt_number(number)} for criterion {crit!r}",
                subject=crit,
            )
        if number > SWING_TOP:
            raise WeightError(
                f"swing points must be at most 100 (the most valued swing); got "
                f"{fmt_number(number)} for criterion {crit!r}",
                subject=crit,
            )
        values.append(number)
    if max(values) != SWING_TOP:
        top = order[int(np.argmax(values))]
        raise WeightError(
            f"the most valued swing must get 100 points and the others points relative to it; "
            f"the largest here is {fmt_number(max(values))} (criterion {top!r})",
            subject=top,
        )
    return _series(values, order)


# -- importance orders -------------------------------------------------------------


def _groups(order: object, what: str) -> list[list[str]]:
    """An importance order as groups of tied criterion ids, most important first."""
    if isinstance(order, pd.Series | Mapping):
        given = _as_dict(order, what)
        positions: dict[float, list[str]] = {}
        for crit, value in given.items():
            number = _number(value, crit, f"{what} positions")
            if number < 1 or number != int(number):
                raise WeightError(
                    f"{what}: a position must be a whole number from 1 (most important); got "
                    f"{fmt_number(number)} for criterion {crit!r}",
                    subject=crit,
                )
            positions.setdefault(number, []).append(crit)
        return [positions[p] for p in sorted(positions)]
    if isinstance(order, str) or not isinstance(order, Sequence):
        raise WeightError(
            f"{what} must be a list of criterion ids, most important first, or a mapping of "
            f"criterion id to position; got {order!r}"
        )
    groups: list[list[str]] = []
    for item in order:
        if isinstance(item, str):
            groups.append([item])
        elif isinstance(item, list | tuple | set | frozenset) and item:
            groups.append(sorted(str(x) for x in item) if isinstance(item, set) else list(item))
        else:
            raise WeightError(
                f"{what}: each item must be a criterion id or a group of tied ids; got {item!r}"
            )
    seen: set[str] = set()
    for crit in (c for group in groups for c in group):
        if crit in seen:
            raise WeightError(f"{what} names criterion {crit!r} twice", subject=crit)
        seen.add(crit)
    return groups


def _roc_base(n: int) -> np.ndarray:
    return np.array([sum(1.0 / i for i in range(k, n + 1)) / n for k in range(1, n + 1)])


def _rank_sum_base(n: int) -> np.ndarray:
    return np.array([2.0 * (n + 1 - k) / (n * (n + 1)) for k in range(1, n + 1)])


def _reciprocal_base(n: int) -> np.ndarray:
    raw = np.array([1.0 / k for k in range(1, n + 1)])
    return raw / raw.sum()


#: Weights from an importance order, by name: rank-order centroid, rank sum, rank reciprocal.
ORDER_METHODS: dict[str, Callable[[int], np.ndarray]] = {
    "roc": _roc_base,
    "rank_sum": _rank_sum_base,
    "reciprocal": _reciprocal_base,
}


def order_weights(
    order: Sequence[str | Sequence[str]] | Mapping[str, float] | pd.Series,
    *,
    method: str = "roc",
    criteria: Sequence[str] | None = None,
) -> pd.Series:
    """Weights from an importance order by one of :data:`ORDER_METHODS`.

    Tied criteria share the average of the weights of the places they occupy.
    """
    if method not in ORDER_METHODS:
        raise WeightError(
            f"unknown order method {method!r}; choose one of {', '.join(ORDER_METHODS)}"
        )
    what = "importance order"
    groups = _groups(order, what)
    flat = [c for group in groups for c in group]
    names = _check_criteria(flat, criteria, what)
    base = ORDER_METHODS[method](len(flat))
    weight: dict[str, float] = {}
    place = 0
    for group in groups:
        share = float(base[place : place + len(group)].mean())
        for crit in group:
            weight[crit] = share
        place += len(group)
    return _series([weight[c] for c in names], names)


def roc(
    order: Sequence[str | Sequence[str]] | Mapping[str, float] | pd.Series,
    *,
    criteria: Sequence[str] | None = None,
) -> pd.Series:
    """Rank-order centroid weights (Barron & Barrett 1996): ``w_k = (1/n) sum_{i=k}^{n} 1/i``.

    >>> roc(["a", "b", "c", "d"]).round(4).tolist()
    [0.5208, 0.2708, 0.1458, 0.0625]
    """
    return order_weights(order, method="roc", criteria=criteria)


def rank_sum(
    order: Sequence[str | Sequence[str]] | Mapping[str, float] | pd.Series,
    *,
    criteria: Sequence[str] | None = None,
) -> pd.Series:
    """Rank-sum weights: ``w_k = 2 (n + 1 - k) / (n (n + 1))``.

    >>> rank_sum(["a", "b", "c"]).round(4).tolist()
    [0.5, 0.3333, 0.1667]
    """
    return order_weights(order, method="rank_sum", criteria=criteria)


def reciprocal(
    order: Sequence[str | Sequence[str]] | Mapping[str, float] | pd.Series,
    *,
    criteria: Sequence[str] | None = None,
) -> pd.Series:
    """Rank-reciprocal weights: ``w_k = (1/k) / sum_{i=1}^{n} 1/i``.

    >>> reciprocal(["a", "b"]).round(4).tolist()
    [0.6667, 0.3333]
    """
    return order_weights(order, method="reciprocal", criteria=criteria)


# -- AHP inputs kept on a perspective -----------------------------------------------


def pairwise_frame(
    judgements: Mapping[tuple[str, str], float], criteria: Sequence[str]
) -> pd.DataFrame:
    """A pairwise DataFrame (NaN where nothing is given) from ``{(row, column): value}``."""
    names = list(criteria)
    where = {name: k for k, name in enumerate(names)}
    if len(where) == len(names) and all(
        row in where and col in where and _real(value) for (row, col), value in judgements.items()
    ):  # the usual case: numbers between known criteria, put in place at once
        values = np.full((len(names), len(names)), np.nan)
        for (row, col), value in judgements.items():
            values[where[row], where[col]] = value
        return pd.DataFrame(values, index=names, columns=names)
    frame = pd.DataFrame(np.nan, index=names, columns=names, dtype=float)
    for (row, col), value in judgements.items():
        frame.loc[row, col] = value
    return frame


def _real(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def perspective_ahp(perspective: Perspective, criteria: Sequence[str]) -> AHPResult:
    """The AHP result behind a perspective elicited by AHP (recomputed from its inputs)."""
    if perspective.elicitation != "ahp":
        raise WeightError(
            f"perspective {perspective.id!r} is elicited by {perspective.elicitation}, not AHP"
        )
    judgements = perspective.inputs["pairwise"]
    table = perspective.inputs.get("random_index", "saaty1980")
    return ahp(pairwise_frame(judgements, criteria), random_index=table)


# -- objective weights from the data -------------------------------------------------


def _objective(weights: np.ndarray, model: DecisionModel, why: str) -> pd.Series:
    if not weights.sum() > 0:
        raise WeightError(f"{why}; no objective weights can be derived")
    return _series(weights, model.criterion_ids)


def entropy(model: DecisionModel) -> pd.Series:
    """Entropy weights (Shannon entropy as in Hwang & Yoon 1981) from a model's scores.

    Convention: each column is divided by its sum, ``p_ij = x_ij / sum_i x_ij``,
    on the raw scores whatever the criterion's direction; ``e_j = -sum_i p_ij
    ln p_ij / ln m`` (with ``0 ln 0 = 0``) and ``w_j = (1 - e_j) / sum_k (1 - e_k)``.
    A column where every option scores the same (zeros included) carries no
    information (``e_j = 1``, weight 0). Scores must be >= 0
    and the model needs at least two options.
    """
    values = model.values
    m = values.shape[0]
    if m < 2:
        raise WeightError("entropy weights need at least two options")
    if (values < 0).any():
        i, j = np.argwhere(values < 0)[0]
        crit = model.criterion_ids[j]
        raise WeightError(
            f"entropy weights need scores >= 0; option {model.option_ids[i]!r} scores "
            f"{fmt_number(values[i, j])} on criterion {crit!r}",
            subject=crit,
        )
    sums = values.sum(axis=0)
    safe = np.where(sums > 0, sums, 1.0)
    p = values / safe
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where(p > 0, p * np.log(p), 0.0)
    e = np.where(sums > 0, -terms.sum(axis=0) / math.log(m), 1.0)
    constant = (values == values[0]).all(axis=0)
    spread = np.where(constant, 0.0, np.clip(1.0 - e, 0.0, None))
    why = "entropy weights: every criterion scores every option the same"
    return _objective(spread, model, why)


def critic(model: DecisionModel) -> pd.Series:
    """CRITIC weights (Diakoulaki, Mavrotas & Papayannakis 1995) from a model's scores.

    Convention: each column is min-max normalised over the data, 1 = best
    (``(x - min) / (max - min)`` for ``max`` criteria, ``(max - x) / (max - min)``
    for ``min``); ``sigma_j`` is its standard deviation (population; the divisor
    cancels in the weights) and ``r_jk`` the Pearson correlation between columns.
    ``C_j = sigma_j * sum_k (1 - r_jk)`` and ``w_j = C_j / sum_k C_k``. A column
    where every option scores the same has ``sigma = 0`` and its correlations
    are taken as 0.
    """
    values = model.values
    if values.shape[0] < 2:
        raise WeightError("CRITIC weights need at least two options")
    low, high = values.min(axis=0), values.max(axis=0)
    span = np.where(high > low, high - low, 1.0)
    normal = np.where(model.is_max, values - low, high - values) / span
    sigma = normal.std(axis=0)
    centred = normal - normal.mean(axis=0)
    norms = np.sqrt((centred**2).sum(axis=0))
    safe = np.where(norms > 0, norms, 1.0)
    unit = centred / safe
    corr = unit.T @ unit
    constant = norms == 0
    corr[constant, :] = 0.0
    corr[:, constant] = 0.0
    np.fill_diagonal(corr, np.where(constant, 0.0, 1.0))
    information = np.where(constant, 0.0, sigma * (1.0 - corr).sum(axis=0))
    why = (
        "CRITIC weights: every criterion either scores every option the same or agrees "
        "perfectly with every other (no contrast or no conflict)"
    )
    return _objective(information, model, why)
