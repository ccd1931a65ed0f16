"""Red lines: scores the decision-maker cannot accept, whatever an option scores elsewhere.

Every ranking method here is compensatory: a catastrophic score on one
criterion can be bought back by good scores on the others. A red line
(:attr:`matrix.Criterion.red_line`, the worst acceptable score) is not: an
option whose score is below it on a ``max`` criterion, or above it on a ``min``
criterion, *crosses* it; a score equal to it is acceptable. This is the
conjunctive screening of Hwang and Yoon (1981, ch. 3.1.2): a "satisfactory"
option meets every cut-off, and the cut-offs are applied before, not inside,
the compensatory comparison.

How a ranking treats the options that cross a red line is its *policy*:

``"last"`` (the default whenever the model has a red line)
    Every option keeps the score the method gives it on the whole case; the
    ranks put the options that cross no red line first, in the method's order,
    then those that cross one or more, in the method's order.
``"ignore"``
    The compensatory ranking, as if there were no red lines.
``"exclude"``
    The method is applied to the acceptable options alone (so range-based
    normalisations see only them); the others stay in the result with no
    score and no rank.

>>> import pandas as pd
>>> import matrix
>>> table = pd.DataFrame({"gain": [9.0, 6.0, 4.0], "war_risk": [9.0, 3.0, 2.0]},
...                      index=["strike", "talks", "wait"])
>>> model = matrix.from_frame(table, directions=["max", "min"], weights=[3, 1],
...                           scales={"gain": (0, 10), "war_risk": (0, 10)},
...                           red_lines={"war_risk": 8})
>>> red_line_margins(model)["war_risk"].tolist()
[-1.0, 5.0, 6.0]
>>> matrix.evaluate(model, "wsm", red_lines="ignore").order
['strike', 'talks', 'wait']
>>> result = matrix.evaluate(model, "wsm")
>>> result.order, result.acceptable.tolist()
(['talks', 'wait', 'strike'], [False, True, True])
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import numpy as np
import pandas as pd

from matrix.errors import MethodError
from matrix.methods._result import Ranking, competition_ranks
from matrix.model import DecisionModel

__all__ = [
    "POLICIES",
    "acceptable",
    "crosses_any",
    "crossing_mask",
    "crossings",
    "expanded",
    "last_ranks",
    "policy",
    "ranked",
    "red_line_margins",
    "subset",
    "with_policy",
]

#: The red-line policies, in the order the CLI lists them.
POLICIES = ("last", "ignore", "exclude")


def policy(model: DecisionModel, red_lines: str | None) -> str:
    """The policy to apply: ``red_lines`` checked, or the model's default when None.

    The default is ``"last"`` when the model has a red line, else ``"ignore"``
    (the two rank alike without red lines).
    """
    if red_lines is None:
        return "last" if model.has_red_lines else "ignore"
    if red_lines not in POLICIES:
        raise MethodError(f"red_lines must be one of {', '.join(POLICIES)}; got {red_lines!r}")
    return red_lines


def crossing_mask(values: np.ndarray, lines: np.ndarray, is_max: np.ndarray) -> np.ndarray:
    """True where a score crosses its criterion's red line (NaN: no line), without validation.

    ``values`` is (..., criteria); ``lines`` and ``is_max`` are (criteria,).

    >>> crossing_mask(np.array([[2.0, 8.0], [3.0, 9.0]]), np.array([3.0, 8.0]),
    ...               np.array([True, False])).tolist()
    [[True, False], [False, True]]
    """
    drawn = ~np.isnan(lines)
    safe = np.where(drawn, lines, 0.0)
    return np.where(is_max, values < safe, values > safe) & drawn


def crosses_any(values: np.ndarray, lines: np.ndarray, is_max: np.ndarray) -> np.ndarray:
    """``crossing_mask(values, lines, is_max).any(axis=-1)``: whether each row of scores
    crosses some red line, looking at the criteria that have one only.

    >>> crosses_any(np.array([[2.0, 8.0], [3.0, 9.0], [4.0, 1.0]]), np.array([np.nan, 8.0]),
    ...             np.array([True, False])).tolist()
    [False, True, False]
    """
    drawn = np.flatnonzero(~np.isnan(lines))
    if drawn.size == 0:
        return np.zeros(values.shape[:-1], dtype=bool)
    return np.asarray(crossing_mask(values[..., drawn], lines[drawn], is_max[drawn]).any(axis=-1))


def red_line_margins(model: DecisionModel) -> pd.DataFrame:
    """How far each score is from its criterion's red line, in score units.

    Positive on the acceptable side, zero on the line (still acceptable),
    negative where the score crosses it; NaN where the criterion has no red line.

    Returns
    -------
    pandas.DataFrame
        Options x criteria.
    """
    lines = model.red_lines.to_numpy()
    sign = np.where(model.is_max, 1.0, -1.0)
    margins = (model.values - lines) * sign
    return pd.DataFrame(margins, index=model.option_index, columns=model.criterion_index)


def crossings(model: DecisionModel) -> pd.DataFrame:
    """Options x criteria: True where the score crosses the criterion's red line."""
    mask = crossing_mask(model.values, model.red_lines.to_numpy(), model.is_max)
    return pd.DataFrame(mask, index=model.option_index, columns=model.criterion_index)


def acceptable(model: DecisionModel) -> pd.Series:
    """Whether each option crosses no red line."""
    return (~crossings(model).any(axis=1)).rename("acceptable")


def last_ranks(
    scores: np.ndarray, crossing: np.ndarray, *, higher_is_better: bool = True
) -> np.ndarray:
    """Ranks under the ``"last"`` policy: the acceptable options first, in score order,
    then those that cross a red line, in score order (ties share the better rank).

    >>> last_ranks(np.array([0.9, 0.5, 0.7]), np.array([True, False, False])).tolist()
    [3, 2, 1]
    """
    ranks = np.empty(len(scores), dtype=np.int64)
    safe = ~crossing
    ranks[safe] = competition_ranks(scores[safe], higher_is_better=higher_is_better)
    ranks[crossing] = int(safe.sum()) + competition_ranks(
        scores[crossing], higher_is_better=higher_is_better
    )
    return ranks


def subset(model: DecisionModel, option_ids: list[str]) -> DecisionModel:
    """The model with only these options (scenario changes to the others dropped)."""
    keep = set(option_ids)
    scenarios = [
        type(s)(
            id=s.id,
            overrides={k: v for k, v in s.overrides.items() if k[0] in keep},
            label=s.label,
            description=s.description,
            rationale=s.rationale,
            evidence=s.evidence,
            score_rationale={k: v for k, v in s.score_rationale.items() if k[0] in keep},
        )
        for s in model.scenarios
    ]
    return model.replace(
        options=[o for o in model.options if o.id in keep],
        scores=model.scores.loc[option_ids],
        low=model.low.loc[option_ids],
        high=model.high.loc[option_ids],
        rationale=model.rationale.loc[option_ids],
        evidence=model.evidence.loc[option_ids],
        scenarios=scenarios,
    )


def with_policy(
    result: Ranking, model: DecisionModel, policy: str, crossed: pd.DataFrame
) -> Ranking:
    """``result`` (ranked on the whole case) re-ranked under ``"last"`` or ``"ignore"``."""
    ranks = result.ranks
    if policy == "last":
        ranks = pd.Series(
            last_ranks(
                result.scores.to_numpy(),
                np.asarray(crossed.to_numpy().any(axis=1)),
                higher_is_better=result.higher_is_better,
            ),
            index=result.ranks.index,
            name="rank",
        )
    return Ranking(
        method=result.method,
        scores=result.scores,
        ranks=ranks,
        higher_is_better=result.higher_is_better,
        params=result.params,
        details=result.details,
        crossings=crossed,
        red_lines=policy,
    )


def expanded(
    result: Ranking | None,
    model: DecisionModel,
    crossed: pd.DataFrame,
    *,
    method: str = "",
    params: Mapping[str, Any] | None = None,
) -> Ranking:
    """A result on the acceptable options alone, spread over every option of ``model``:
    the others get no score (NaN) and no rank (``<NA>``). With no result (no option
    is acceptable), every option is left unscored, under ``method`` and ``params``."""
    index = model.option_index
    scores = pd.Series(np.nan, index=index, name="score")
    ranks = pd.Series(pd.NA, index=index, name="rank", dtype="Int64")
    higher, details = True, {}
    params = dict(params or {})
    if result is not None:
        scores.loc[result.scores.index] = result.scores
        ranks.loc[result.ranks.index] = result.ranks.astype("Int64")
        method, higher = result.method, result.higher_is_better
        params, details = dict(result.params), dict(result.details)
    return Ranking(
        method=method,
        scores=scores,
        ranks=ranks,
        higher_is_better=higher,
        params=params,
        details=details,
        crossings=crossed,
        red_lines="exclude",
    )


def ranked(
    model: DecisionModel,
    rank: Callable[[DecisionModel], Ranking],
    red_lines: str | None,
    *,
    method: str = "",
) -> Ranking:
    """``rank(model)`` under a red-line policy (``None``: the model's default).

    ``method`` names the method for the result when no option is acceptable
    under ``"exclude"`` (and so nothing is ranked).
    """
    how = policy(model, red_lines)
    crossed = crossings(model)
    if how != "exclude":
        return with_policy(rank(model), model, how, crossed)
    keep = [str(o) for o, ok in (~crossed.any(axis=1)).items() if ok]
    if not keep:
        return expanded(None, model, crossed, method=method)
    if len(keep) == len(model.options):
        return with_policy(rank(model), model, "exclude", crossed)
    return expanded(rank(subset(model, keep)), model, crossed)
