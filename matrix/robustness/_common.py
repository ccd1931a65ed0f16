"""Helpers the robustness functions share: swept weights and argument checks."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import numpy as np

from matrix import redlines
from matrix.errors import MethodError
from matrix.methods import method_params
from matrix.model import DecisionModel
from matrix.validation import fmt_number

__all__ = [
    "check_count",
    "check_number",
    "policy_model",
    "raw_weight_for",
    "run_params",
    "swept_weights",
    "winner_index",
]


def swept_weights(weights: np.ndarray, criterion: int, shares: np.ndarray) -> np.ndarray:
    """Weight vectors with one criterion's share set to each of ``shares``.

    The other criteria share what is left in proportion to their current
    weights (equally, if they all weigh nothing). Returns (len(shares), criteria).

    >>> swept_weights(np.array([0.5, 0.3, 0.2]), 0, np.array([0.0, 0.5, 1.0])).round(2).tolist()
    [[0.0, 0.6, 0.4], [0.5, 0.3, 0.2], [1.0, 0.0, 0.0]]
    """
    weights = np.asarray(weights, dtype=float)
    shares = np.asarray(shares, dtype=float)
    m = weights.size
    others = weights.copy()
    others[criterion] = 0.0
    total = others.sum()
    if total > 0:
        rest = others / total
    else:
        rest = np.full(m, 1.0 / max(m - 1, 1))
        rest[criterion] = 0.0
    out = (1.0 - shares)[:, None] * rest[None, :]
    out[:, criterion] = shares if m > 1 else 1.0
    return out


def raw_weight_for(model: DecisionModel, criterion: int, share: float) -> float:
    """The weight, in the case's own units, that gives ``criterion`` this share of
    the total when the other weights stay as they are (inf for a share of 1;
    NaN when the other criteria weigh nothing or the share is NaN).

    >>> from matrix import from_frame
    >>> import pandas as pd
    >>> model = from_frame(pd.DataFrame({"a": [1.0, 2.0], "b": [2.0, 1.0]}),
    ...                    directions=["max", "max"], weights=[20, 60])
    >>> raw_weight_for(model, 0, 0.4)
    40.0
    """
    others = float(model.weights.drop(model.criterion_ids[criterion]).sum())
    if math.isnan(share) or others <= 0:
        return math.nan
    if share >= 1.0:
        return math.inf
    return share * others / (1.0 - share)


def policy_model(
    model: DecisionModel, red_lines: str | None, *, analysis: str
) -> tuple[DecisionModel, str]:
    """The model an analysis runs on under a red-line policy, and the policy its
    :class:`~matrix.robustness.batch.Evaluator` applies.

    ``"last"`` and ``"ignore"`` keep the model. ``"exclude"`` keeps only the
    options that cross no red line (as :func:`matrix.evaluate` does), which are
    then ranked under ``"last"`` (the same while no score moves); when none is
    acceptable there is nothing to analyse, a :class:`MethodError` naming
    ``analysis``.

    >>> import matrix
    >>> model, how = policy_model(matrix.load_case(), "exclude", analysis="break-even")
    >>> len(model.options), how
    (3, 'last')
    """
    how = redlines.policy(model, red_lines)
    if how != "exclude":
        return model, how
    ok = redlines.acceptable(model)
    keep = [str(o) for o, fine in ok.items() if fine]
    if not keep:
        raise MethodError(
            f"{analysis} under red_lines='exclude': every option crosses a red line, so none "
            "is left to rank; use red_lines='last' or 'ignore'"
        )
    return (model if len(keep) == len(ok) else redlines.subset(model, keep)), "last"


def winner_index(ranks: np.ndarray) -> int:
    """The first option (in case order) holding rank 1."""
    return int(np.argmax(np.asarray(ranks) == 1))


def check_count(value: object, name: str, *, minimum: int = 1) -> int:
    """A whole number >= ``minimum``, or a :class:`MethodError`."""
    if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < minimum:
        raise MethodError(f"{name} must be a whole number >= {minimum:,}; got {value!r}")
    return int(value)


def check_number(
    value: object,
    name: str,
    *,
    low: float = -math.inf,
    high: float = math.inf,
    open_low: bool = False,
) -> float:
    """A finite number within ``low``..``high`` (``low`` excluded if ``open_low``).

    >>> check_number(0, "precision", low=0, high=0.5, open_low=True)
    Traceback (most recent call last):
    ...
    matrix.errors.MethodError: precision must be a finite number > 0 and <= 0.5; got 0
    """
    if isinstance(value, bool) or not isinstance(value, int | float | np.number):
        raise MethodError(f"{name} must be a number; got {value!r}")
    number = float(value)
    too_low = number <= low if open_low else number < low
    if not math.isfinite(number) or too_low or number > high:
        bounds = []
        if math.isfinite(low):
            bounds.append(f"{'>' if open_low else '>='} {fmt_number(low)}")
        if math.isfinite(high):
            bounds.append(f"<= {fmt_number(high)}")
        wanted = " and ".join(bounds)
        raise MethodError(
            f"{name} must be a finite number{' ' + wanted if wanted else ''}; "
            f"got {fmt_number(number)}"
        )
    return number


def run_params(method: str, params: Mapping[str, Any] | None) -> dict[str, Any]:
    """The method parameters to pass on: ``params`` restricted to what the method takes.

    A :class:`~matrix.Ranking` reports some settings its method does not take as
    parameters; this keeps only the ones :func:`matrix.evaluate` accepts.
    """
    accepted = method_params(method) if method in _methods() else {}
    return {k: v for k, v in (params or {}).items() if k in accepted}


def _methods() -> Mapping[str, Any]:
    from matrix.methods import METHODS

    return METHODS
