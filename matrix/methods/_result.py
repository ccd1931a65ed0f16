"""The result every ranking method returns, and the rank rule they share."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["RANK_DECIMALS", "Ranking", "competition_ranks"]

#: Scores are compared after rounding to this many decimals, so that two options
#: whose scores differ only by floating-point noise share a rank (in Python and
#: in the workbook alike).
RANK_DECIMALS = 12


def competition_ranks(scores: np.ndarray, *, higher_is_better: bool = True) -> np.ndarray:
    """Rank 1 = best; ties share the best rank and leave a gap ("1224").

    This is what a spreadsheet's ``RANK.EQ`` computes.

    >>> competition_ranks(np.array([0.5, 0.9, 0.5, 0.1])).tolist()
    [2, 1, 2, 4]
    >>> competition_ranks(np.array([3.0, 1.0, 2.0]), higher_is_better=False).tolist()
    [3, 1, 2]
    """
    rounded = np.round(np.asarray(scores, dtype=float), RANK_DECIMALS)
    key = -rounded if higher_is_better else rounded
    n = key.size
    order = np.argsort(key)  # ties share a rank, so their order does not matter
    ordered = key[order]
    first = np.ones(n, dtype=bool)  # where a run of equal keys starts in sorted order
    first[1:] = (ordered[1:] != ordered[:-1]) & ~(np.isnan(ordered[1:]) & np.isnan(ordered[:-1]))
    ranks = np.empty(n, dtype=np.int64)
    ranks[order] = np.maximum.accumulate(np.where(first, np.arange(n), 0)) + 1
    return ranks


#: How many options the repr of a :class:`Ranking` lists before "... and N more".
REPR_ROWS = 10


@dataclass(frozen=True, repr=False)
class Ranking:
    """What a ranking method found.

    Attributes
    ----------
    method
        The method's name, as in :data:`matrix.METHODS`.
    scores
        Each option's score, indexed by option id.
    ranks
        Each option's rank (1 = best; ties share the best rank), indexed by option id.
    higher_is_better
        Whether a higher score is better (False for VIKOR's Q, for example).
    params
        The parameters the method ran with, defaults included.
    details
        Named intermediates (normalised and weighted matrices, ideal points,
        distances, flows) for explaining the result.
    crossings
        Options x criteria: True where an option's score crosses the
        criterion's red line (set by :func:`matrix.evaluate`; None from a
        method called directly).
    red_lines
        The red-line policy the ranks follow: ``"last"``, ``"ignore"`` or
        ``"exclude"`` (see :mod:`matrix.redlines`).
    """

    method: str
    scores: pd.Series
    ranks: pd.Series
    higher_is_better: bool = True
    params: Mapping[str, Any] = field(default_factory=dict)
    details: Mapping[str, Any] = field(default_factory=dict)
    crossings: pd.DataFrame | None = None
    red_lines: str = "ignore"

    @property
    def acceptable(self) -> pd.Series:
        """Whether each option crosses no red line (all True when none is drawn)."""
        if self.crossings is None:
            return pd.Series(True, index=self.scores.index, name="acceptable")
        return (~self.crossings.any(axis=1)).rename("acceptable")

    @classmethod
    def from_scores(
        cls,
        method: str,
        scores: np.ndarray,
        option_ids: list[str] | pd.Index,
        *,
        higher_is_better: bool = True,
        params: Mapping[str, Any] | None = None,
        details: Mapping[str, Any] | None = None,
    ) -> Ranking:
        """Build a result from an array of scores in option order (``option_ids``
        may be the model's :attr:`~matrix.DecisionModel.option_index`)."""
        index = option_ids if isinstance(option_ids, pd.Index) else pd.Index(option_ids)
        index = index.rename("option")
        ranks = competition_ranks(scores, higher_is_better=higher_is_better)
        return cls(
            method=method,
            scores=pd.Series(np.asarray(scores, dtype=float), index=index, name="score"),
            ranks=pd.Series(ranks, index=index, name="rank"),
            higher_is_better=higher_is_better,
            params=dict(params or {}),
            details=dict(details or {}),
        )

    @property
    def order(self) -> list[str]:
        """Option ids from best to worst (ties in their original order)."""
        return list(self.ranks.sort_values(kind="stable").index)

    @property
    def winner(self) -> str:
        """The id of the first-ranked option (the first listed, if several tie)."""
        return self.order[0]

    def table(self) -> pd.DataFrame:
        """Rank and score by option, best first."""
        frame = pd.DataFrame({"rank": self.ranks, "score": self.scores})
        return frame.loc[self.order]

    def _caption(self) -> str:
        better = "higher" if self.higher_is_better else "lower"
        n = len(self.scores)
        return f"Ranking by {self.method} ({better} score is better), {n} option{'s' * (n != 1)}"

    def __repr__(self) -> str:
        """The method and the ranking, best first, as a short aligned table.

        >>> Ranking.from_scores("wsm", np.array([0.2175, 0.5, 0.2175]), ["bus", "tram", "bike"])
        Ranking by wsm (higher score is better), 3 options
        rank  option  score
           1  tram    0.500
           2  bus     0.218
           2  bike    0.218
        """
        from matrix.text.format import fixed

        order = self.order
        shown = order[:REPR_ROWS]
        width = max(len("option"), *(len(str(o)) for o in shown))
        lines = [self._caption(), f"rank  {'option':<{width}}  score"]
        for option in shown:
            score = fixed(float(self.scores[option]), 3)
            lines.append(f"{int(self.ranks[option]):>4}  {option!s:<{width}}  {score}")
        if len(order) > REPR_ROWS:
            lines.append(f"... and {len(order) - REPR_ROWS:,} more (result.table() has them all)")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        """The same, as an HTML table for notebooks (text escaped)."""
        import html

        from matrix.text.format import fixed

        order = self.order
        rows = "".join(
            f"<tr><td>{int(self.ranks[o])}</td><td>{html.escape(str(o))}</td>"
            f"<td>{fixed(float(self.scores[o]), 3)}</td></tr>"
            for o in order[:REPR_ROWS]
        )
        more = len(order) - REPR_ROWS
        foot = f"<tr><td colspan='3'>... and {more:,} more</td></tr>" if more > 0 else ""
        return (
            f"<table><caption>{html.escape(self._caption())}</caption>"
            f"<thead><tr><th>rank</th><th>option</th><th>score</th></tr></thead>"
            f"<tbody>{rows}{foot}</tbody></table>"
        )
