"""Rank the options under every perspective, and find the options that hold up.

A perspective is one stakeholder's weight set (see :class:`matrix.model.Perspective`).
:func:`rank_by_perspective` ranks the options once per perspective with the same
method and scores, so that only the weights differ, and reports which options
are *robust*: never ranked worse than a given place (second, by default) under
any perspective.

>>> import matrix
>>> from matrix.perspectives import rank_by_perspective
>>> table = rank_by_perspective(matrix.load_case())
>>> table.ranks.shape          # perspectives x options
(5, 5)
>>> table.robust()
['diplomatic_surge', 'leave_to_china']
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from matrix.errors import MatrixError
from matrix.methods import evaluate
from matrix.model import DecisionModel

__all__ = ["PerspectiveRanking", "rank_by_perspective"]

#: By default an option is robust when no perspective ranks it worse than this.
ROBUST_RANK = 2


@dataclass(frozen=True)
class PerspectiveRanking:
    """Scores and ranks of every option under every perspective.

    Attributes
    ----------
    method
        The ranking method used for every perspective.
    scores, ranks
        DataFrames, index = perspective ids, columns = option ids (rank 1 = best).
    higher_is_better
        Whether a higher score is better for this method.
    params
        The method's parameters.
    """

    method: str
    scores: pd.DataFrame
    ranks: pd.DataFrame
    higher_is_better: bool = True
    params: Any = None

    @property
    def worst_rank(self) -> pd.Series:
        """Each option's worst (largest) rank over the perspectives."""
        return self.ranks.max(axis=0).rename("worst rank")

    @property
    def best_rank(self) -> pd.Series:
        """Each option's best (smallest) rank over the perspectives."""
        return self.ranks.min(axis=0).rename("best rank")

    @property
    def times_first(self) -> pd.Series:
        """How many perspectives rank each option first."""
        return (self.ranks == 1).sum(axis=0).rename("times first")

    def robust(self, max_rank: int = ROBUST_RANK) -> list[str]:
        """The options no perspective ranks worse than ``max_rank``, best first."""
        worst = self.worst_rank
        keep = worst[worst <= max_rank]
        order = self.ranks.mean(axis=0).loc[keep.index].sort_values(kind="stable")
        return list(order.index)


def rank_by_perspective(
    model: DecisionModel, method: str = "wsm", **params: Any
) -> PerspectiveRanking:
    """Rank the options of ``model`` under each of its perspectives with one method.

    Raises
    ------
    MatrixError
        When the model has no perspectives.
    MethodError
        For an unknown method or parameter.
    """
    if not model.perspectives:
        raise MatrixError(
            "the case has no perspectives; add perspectives.csv to the case folder "
            "(format: data/README.md)"
        )
    scores, ranks = {}, {}
    result = None
    for persp in model.perspectives:
        result = evaluate(model.under(persp.id), method, **params)
        scores[persp.id] = result.scores
        ranks[persp.id] = result.ranks
    assert result is not None
    index = pd.Index([p.id for p in model.perspectives], name="perspective")
    columns = pd.Index(model.option_ids, name="option")
    score_frame = pd.DataFrame(scores).T.reindex(index=index, columns=columns)
    rank_frame = pd.DataFrame(ranks).T.reindex(index=index, columns=columns).astype(int)
    return PerspectiveRanking(
        method=method,
        scores=score_frame,
        ranks=rank_frame,
        higher_is_better=result.higher_is_better,
        params=dict(result.params),
    )
