"""Ranking many weight and score draws at once: the vectorised hook, and the generic path.

Robustness analysis ranks the options thousands of times, each time with other
weights or scores. Any method in :data:`matrix.METHODS` works through
:func:`matrix.evaluate`, one draw at a time (the generic path). A method that can
score a whole batch of draws in one numpy expression registers a
:class:`BatchScorer` in :data:`BATCH_SCORERS`; the robustness functions then use
it, and a test checks that it gives the same scores as :func:`matrix.evaluate`.

To add one (TOPSIS, say), write a function ``topsis_batch(batch, **params)``
next to the method, returning an array of scores (draws x options), and add
``"topsis": BatchScorer(topsis_batch)`` to :data:`BATCH_SCORERS`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from matrix.methods import METHODS, RANK_DECIMALS, Ranking, evaluate
from matrix.methods.wsm import scale_normalize
from matrix.model import DecisionModel

__all__ = [
    "BATCH_SCORERS",
    "Batch",
    "BatchScorer",
    "Evaluator",
    "batch_competition_ranks",
    "wsm_batch",
]


@dataclass(frozen=True)
class Batch:
    """A batch of draws for a batch scorer.

    Attributes
    ----------
    values
        Scores, shape (draws, options, criteria), on each criterion's own scale.
    weights
        Normalised weights, shape (draws, criteria); each row sums to 1.
    is_max
        True where more is better, shape (criteria,).
    scale_min, scale_max
        The declared ends of each criterion's scale, NaN where a criterion
        declares none (the method then uses the range of that draw's scores).
    """

    values: np.ndarray
    weights: np.ndarray
    is_max: np.ndarray
    scale_min: np.ndarray
    scale_max: np.ndarray

    def bounds(self) -> tuple[np.ndarray, np.ndarray]:
        """The ends each draw normalises on, shape (draws, criteria) each."""
        lower = np.where(np.isnan(self.scale_min), self.values.min(axis=1), self.scale_min)
        upper = np.where(np.isnan(self.scale_max), self.values.max(axis=1), self.scale_max)
        return lower, upper


def _always(params: Mapping[str, Any]) -> bool:
    return True


@dataclass(frozen=True)
class BatchScorer:
    """A vectorised scorer: ``scores(batch, **params)`` -> array (draws, options).

    ``higher_is_better`` must agree with the method's :class:`~matrix.Ranking`;
    ``supports(params)`` says whether the scorer handles these method
    parameters (when it does not, the generic path is used).
    """

    scores: Callable[..., np.ndarray]
    higher_is_better: bool = True
    supports: Callable[[Mapping[str, Any]], bool] = field(default=_always)


def wsm_batch(batch: Batch, *, normalization: str = "scale") -> np.ndarray:
    """The weighted sum of every draw at once (see :mod:`matrix.methods.wsm`).

    >>> batch = Batch(values=np.array([[[0.0, 10.0], [10.0, 0.0]]]),
    ...               weights=np.array([[0.25, 0.75]]), is_max=np.array([True, True]),
    ...               scale_min=np.array([0.0, np.nan]), scale_max=np.array([10.0, np.nan]))
    >>> wsm_batch(batch).tolist()
    [[0.75, 0.25]]
    """
    lower, upper = batch.bounds()
    normalized = scale_normalize(batch.values, lower[:, None, :], upper[:, None, :], batch.is_max)
    return np.einsum("knm,km->kn", normalized, batch.weights)


#: Vectorised scorers by method name (a subset of :data:`matrix.METHODS`).
BATCH_SCORERS: dict[str, BatchScorer] = {
    # the default normalisation only; the others take the general path through evaluate()
    "wsm": BatchScorer(wsm_batch, supports=lambda p: p.get("normalization", "scale") == "scale"),
}


def batch_competition_ranks(scores: np.ndarray, *, higher_is_better: bool = True) -> np.ndarray:
    """:func:`matrix.methods.competition_ranks` for each row of a (draws, options) array.

    >>> batch_competition_ranks(np.array([[0.5, 0.9, 0.5, 0.1], [1.0, 2.0, 3.0, 4.0]])).tolist()
    [[2, 1, 2, 4], [4, 3, 2, 1]]
    """
    rounded = np.round(np.asarray(scores, dtype=float), RANK_DECIMALS)
    key = -rounded if higher_is_better else rounded
    order = np.argsort(key, axis=1, kind="stable")
    ordered = np.take_along_axis(key, order, axis=1)
    k, n = key.shape
    position = np.broadcast_to(np.arange(n), (k, n))
    starts = np.zeros((k, n), dtype=np.int64)
    if n > 1:
        new_group = np.concatenate(
            [np.ones((k, 1), dtype=bool), ordered[:, 1:] != ordered[:, :-1]], axis=1
        )
        starts = np.maximum.accumulate(np.where(new_group, position, 0), axis=1)
    ranks = np.empty((k, n), dtype=np.int64)
    np.put_along_axis(ranks, order, starts + 1, axis=1)
    return ranks


class Evaluator:
    """Ranks a model under many weight vectors and score matrices.

    Built once per analysis: it ranks the model as given (which checks the
    method and its parameters) and picks the vectorised scorer when there is
    one, else the generic path through the method itself.
    """

    def __init__(
        self, model: DecisionModel, method: str, params: Mapping[str, Any] | None = None
    ) -> None:
        self.model = model
        self.method = method
        self.params = dict(params or {})
        self.base: Ranking = evaluate(model, method, **self.params)
        self.higher_is_better = self.base.higher_is_better
        scorer = BATCH_SCORERS.get(method)
        self.batch = scorer if scorer is not None and scorer.supports(self.params) else None
        self._scale_min = np.array(
            [np.nan if c.scale_min is None else c.scale_min for c in model.criteria]
        )
        self._scale_max = np.array(
            [np.nan if c.scale_max is None else c.scale_max for c in model.criteria]
        )

    @property
    def vectorised(self) -> bool:
        """Whether a batch scorer does the work (else one method call per draw)."""
        return self.batch is not None

    def __call__(
        self, weights: np.ndarray, values: np.ndarray | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """Scores and ranks, each (draws, options), for normalised ``weights`` (draws,
        criteria) and optional ``values`` (draws, options, criteria; the model's
        scores when None)."""
        weights = np.asarray(weights, dtype=float)
        k = weights.shape[0]
        if self.batch is not None:
            if values is None:
                values = np.broadcast_to(self.model.values, (k, *self.model.shape))
            batch = Batch(values, weights, self.model.is_max, self._scale_min, self._scale_max)
            scores = np.asarray(self.batch.scores(batch, **self.params), dtype=float)
            ranks = batch_competition_ranks(scores, higher_is_better=self.batch.higher_is_better)
            return scores, ranks
        function = METHODS[self.method]
        n = self.model.shape[0]
        scores = np.empty((k, n))
        ranks = np.empty((k, n), dtype=np.int64)
        for draw in range(k):
            variant = self.model._unchecked_variant(
                weights=weights[draw], values=None if values is None else values[draw]
            )
            result = function(variant, **self.params)
            scores[draw] = result.scores.to_numpy()
            ranks[draw] = result.ranks.to_numpy()
        return scores, ranks

    def rank(self, model: DecisionModel) -> Ranking:
        """The method's ranking of another version of the model (validated or trusted)."""
        return METHODS[self.method](model, **self.params)
