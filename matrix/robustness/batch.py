"""Ranking many weight and score draws at once: the vectorised hook, and the generic path.

Robustness analysis ranks the options thousands of times, each time with other
weights or scores. Any method in :data:`matrix.METHODS` works through
:func:`matrix.evaluate`, one draw at a time (the generic path). A method that can
score a whole batch of draws in one numpy expression registers a
:class:`BatchScorer` in :data:`BATCH_SCORERS`; the robustness functions then use
it, and a test checks that it gives the same scores as :func:`matrix.evaluate`.

To add one, write a function ``name_batch(batch, **params)`` returning an array
of scores (draws x options), and add ``"name": BatchScorer(name_batch)`` to
:data:`BATCH_SCORERS`. A scorer that can also take one score matrix for every
draw (``batch.values`` of shape (options, criteria), when only weights vary)
says so with ``fixed_scores=True``: it then normalises once for all the draws,
and the weighted sum and TOPSIS score every draw with one matrix product.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from matrix import redlines
from matrix.errors import MethodError
from matrix.methods import METHODS, RANK_DECIMALS, Ranking, evaluate
from matrix.methods.wsm import scale_normalize
from matrix.model import DecisionModel

__all__ = [
    "BATCH_SCORERS",
    "Batch",
    "BatchScorer",
    "Evaluator",
    "batch_competition_ranks",
    "topsis_batch",
    "vikor_batch",
    "weighted_sum",
    "wsm_batch",
]


@dataclass(frozen=True)
class Batch:
    """A batch of draws for a batch scorer.

    Attributes
    ----------
    values
        Scores, shape (draws, options, criteria), on each criterion's own scale;
        or (options, criteria), the same scores in every draw (given only to a
        scorer with ``fixed_scores``).
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

    @property
    def fixed(self) -> bool:
        """Whether every draw has the same scores (``values`` is options x criteria)."""
        return self.values.ndim == 2

    def bounds(self) -> tuple[np.ndarray, np.ndarray]:
        """The ends each draw normalises on, shape (draws, 1, criteria) each, or
        (criteria,) when the scores are fixed."""
        shape = self.values.shape[:-2] + (1,) * (not self.fixed) + self.scale_min.shape
        lower = np.broadcast_to(self.scale_min, shape).copy()
        upper = np.broadcast_to(self.scale_max, shape).copy()
        open_ends = np.flatnonzero(np.isnan(self.scale_min) | np.isnan(self.scale_max))
        if open_ends.size:  # the data's range, computed only where no scale is declared
            data = self.values[..., open_ends]
            lower[..., open_ends] = data.min(axis=-2, keepdims=not self.fixed)
            upper[..., open_ends] = data.max(axis=-2, keepdims=not self.fixed)
        return lower, upper


def _always(params: Mapping[str, Any]) -> bool:
    return True


@dataclass(frozen=True)
class BatchScorer:
    """A vectorised scorer: ``scores(batch, **params)`` -> array (draws, options).

    ``higher_is_better`` must agree with the method's :class:`~matrix.Ranking`;
    ``supports(params)`` says whether the scorer handles these method
    parameters (when it does not, the generic path is used); ``fixed_scores``
    says whether it takes a batch whose scores are the same in every draw as a
    single (options, criteria) matrix.
    """

    scores: Callable[..., np.ndarray]
    higher_is_better: bool = True
    supports: Callable[[Mapping[str, Any]], bool] = field(default=_always)
    fixed_scores: bool = False
    #: For a weighted sum: ``normalized(batch, **params)``, the scores (draws, options,
    #: criteria) whose weighted sum each score is; they are then shared by many weights.
    normalized: Callable[..., np.ndarray] | None = None


def wsm_batch(batch: Batch, *, normalization: str = "scale") -> np.ndarray:
    """The weighted sum of every draw at once (see :mod:`matrix.methods.wsm`).

    ``"scale"`` and ``"minmax"`` only. With fixed scores the scores are
    normalised once and every draw is one row of a matrix product.

    >>> batch = Batch(values=np.array([[[0.0, 10.0], [10.0, 0.0]]]),
    ...               weights=np.array([[0.25, 0.75]]), is_max=np.array([True, True]),
    ...               scale_min=np.array([0.0, np.nan]), scale_max=np.array([10.0, np.nan]))
    >>> wsm_batch(batch).tolist()
    [[0.75, 0.25]]
    >>> wsm_batch(Batch(batch.values[0], batch.weights, batch.is_max, batch.scale_min,
    ...                 batch.scale_max)).tolist()
    [[0.75, 0.25]]
    """
    return weighted_sum(wsm_normalized(batch, normalization=normalization), batch.weights)


def weighted_sum(normalized: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Each draw's weighted sum (draws, options) of normalised scores, (options, criteria)
    for every draw or (draws, options, criteria), under ``weights`` (draws, criteria)."""
    if normalized.ndim == 2:
        return weights @ normalized.T
    return np.einsum("knm,km->kn", normalized, weights)


def wsm_normalized(batch: Batch, *, normalization: str = "scale") -> np.ndarray:
    """The normalised scores of each draw, whose weighted sum is the weighted sum."""
    if normalization == "minmax":
        lower = batch.values.min(axis=-2, keepdims=not batch.fixed)
        upper = batch.values.max(axis=-2, keepdims=not batch.fixed)
    else:
        lower, upper = batch.bounds()
    return scale_normalize(batch.values, lower, upper, batch.is_max)


def _closeness(d_plus: np.ndarray, d_minus: np.ndarray) -> np.ndarray:
    total = d_plus + d_minus
    return np.where(total > 0, d_minus / np.where(total > 0, total, 1.0), 0.5)


def topsis_batch(batch: Batch, *, normalization: str = "vector") -> np.ndarray:
    """TOPSIS closeness of every draw at once (see :mod:`matrix.methods.topsis`).

    With fixed scores, the weighted ideal of a draw is its weights times the
    ideal of the normalised scores (weights are >= 0), so each squared distance
    ``sum_j w_j**2 (r_ij - r*_j)**2`` of every draw is one matrix product.

    >>> values = np.array([[3.0, 1.0], [4.0, 2.0]])
    >>> batch = Batch(values[None], np.array([[0.5, 0.5]]), np.array([True, False]),
    ...               np.full(2, np.nan), np.full(2, np.nan))
    >>> topsis_batch(batch).round(4).tolist()
    [[0.691, 0.309]]
    >>> fixed = Batch(values, batch.weights, batch.is_max, batch.scale_min, batch.scale_max)
    >>> topsis_batch(fixed).round(4).tolist()
    [[0.691, 0.309]]
    """
    values, weights, is_max = batch.values, batch.weights, batch.is_max
    if normalization == "vector":
        length = np.sqrt((values**2).sum(axis=-2, keepdims=True))
        normalized = values / np.where(length > 0, length, 1.0)
    else:
        low = values.min(axis=-2, keepdims=True)
        high = values.max(axis=-2, keepdims=True)
        constant = np.all(values == np.take(values, [0], axis=-2), axis=-2, keepdims=True)
        normalized = (values - low) / np.where(constant, 1.0, high - low)
    if batch.fixed:
        best, worst = normalized.max(axis=0), normalized.min(axis=0)
        ideal, anti = np.where(is_max, best, worst), np.where(is_max, worst, best)
        squared = weights**2
        d_plus = np.sqrt(squared @ ((normalized - ideal) ** 2).T)
        d_minus = np.sqrt(squared @ ((normalized - anti) ** 2).T)
        return _closeness(d_plus, d_minus)
    weighted = normalized * weights[:, None, :]
    best, worst = weighted.max(axis=1), weighted.min(axis=1)
    ideal = np.where(is_max, best, worst)[:, None, :]
    anti = np.where(is_max, worst, best)[:, None, :]
    d_plus = np.sqrt(((weighted - ideal) ** 2).sum(axis=2))
    d_minus = np.sqrt(((weighted - anti) ** 2).sum(axis=2))
    return _closeness(d_plus, d_minus)


def vikor_batch(batch: Batch, *, v: float = 0.5) -> np.ndarray:
    """VIKOR's Q of every draw at once (see :mod:`matrix.methods.vikor`); lower is better.

    Each weighted regret is the product the method forms, and S and R are
    summed and maxed as it does, so the numbers are the method's own.

    >>> batch = Batch(np.array([[1.0, 3000], [2, 3750], [5, 4500]]), np.array([[0.5, 0.5]]),
    ...               np.array([False, True]), np.full(2, np.nan), np.full(2, np.nan))
    >>> vikor_batch(batch).tolist()
    [[1.0, 0.0, 1.0]]
    """
    values, is_max = batch.values, batch.is_max
    high, low = values.max(axis=-2, keepdims=True), values.min(axis=-2, keepdims=True)
    best, worst = np.where(is_max, high, low), np.where(is_max, low, high)
    gap = best - worst
    ratio = np.where(gap != 0, (best - values) / np.where(gap != 0, gap, 1.0), 0.0)
    weights = batch.weights[:, None, :]
    regret = weights * ratio
    s, r = regret.sum(axis=2), regret.max(axis=2)

    def spread(x: np.ndarray) -> np.ndarray:
        low, high = x.min(axis=1, keepdims=True), x.max(axis=1, keepdims=True)
        return np.where(high > low, (x - low) / np.where(high > low, high - low, 1.0), 0.0)

    return v * spread(s) + (1 - v) * spread(r)


#: Vectorised scorers by method name (a subset of :data:`matrix.METHODS`).
BATCH_SCORERS: dict[str, BatchScorer] = {
    # the other normalisations take the general path through evaluate()
    "wsm": BatchScorer(
        wsm_batch,
        supports=lambda p: p.get("normalization", "scale") in ("scale", "minmax"),
        fixed_scores=True,
        normalized=wsm_normalized,
    ),
    "topsis": BatchScorer(topsis_batch, fixed_scores=True),
    "vikor": BatchScorer(vikor_batch, higher_is_better=False, fixed_scores=True),
}


def batch_competition_ranks(scores: np.ndarray, *, higher_is_better: bool = True) -> np.ndarray:
    """:func:`matrix.methods.competition_ranks` for each row of a (draws, options) array.

    >>> batch_competition_ranks(np.array([[0.5, 0.9, 0.5, 0.1], [1.0, 2.0, 3.0, 4.0]])).tolist()
    [[2, 1, 2, 4], [4, 3, 2, 1]]
    """
    rounded = np.round(np.asarray(scores, dtype=float), RANK_DECIMALS)
    key = -rounded if higher_is_better else rounded
    order = np.argsort(key, axis=1)  # ties share a rank, so their order does not matter
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

    ``red_lines`` is the red-line policy of the ranks it returns (see
    :mod:`matrix.redlines`): ``"ignore"`` (the default here) ranks on the scores
    alone; ``"last"`` ranks, in each draw, the options that cross no red line with
    that draw's scores before those that cross one; ``None`` takes the model's
    default. The scores are the method's either way. ``"exclude"`` is refused:
    the analysis is run on the acceptable options instead (:func:`redlines.subset`).
    """

    def __init__(
        self,
        model: DecisionModel,
        method: str,
        params: Mapping[str, Any] | None = None,
        *,
        red_lines: str | None = "ignore",
    ) -> None:
        self.model = model
        self.method = method
        self.params = dict(params or {})
        self.policy = redlines.policy(model, red_lines)
        if self.policy == "exclude":
            raise MethodError(
                "red_lines='exclude' changes which options are ranked: run the analysis on "
                "the acceptable options, or use red_lines='last' or 'ignore'"
            )
        #: Whether the ranks put the options that cross a red line last.
        self.screens = self.policy == "last" and model.has_red_lines
        self._lines = model.red_lines.to_numpy()
        self._crossed = redlines.crossings(model).to_numpy().any(axis=1)
        self.base: Ranking = evaluate(model, method, red_lines=self.policy, **self.params)
        self.higher_is_better = self.base.higher_is_better
        #: The model's normalised weights as one draw, shape (1, criteria).
        self.shares = model.normalized_weights.to_numpy()[None, :]
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
        self,
        weights: np.ndarray,
        values: np.ndarray | None = None,
        *,
        shared: np.ndarray | None = None,
    ) -> tuple[np.ndarray, np.ndarray]:
        """Scores and ranks, each (draws, options), for normalised ``weights`` (draws,
        criteria) and optional ``values`` (draws, options, criteria; the model's
        scores when None); ``shared``: :meth:`shared_normalized` of ``values``, to reuse."""
        weights = np.asarray(weights, dtype=float)
        if self.batch is not None:
            scores = self.scores(weights, values, shared)
            ranks = batch_competition_ranks(scores, higher_is_better=self.batch.higher_is_better)
            return scores, self._screened(ranks, values)
        k, n = weights.shape[0], self.model.shape[0]
        scores = np.empty((k, n))
        ranks = np.empty((k, n), dtype=np.int64)
        for draw, result in enumerate(self._rankings(weights, values)):
            scores[draw] = result.scores.to_numpy()
            ranks[draw] = result.ranks.to_numpy()
        return scores, self._screened(ranks, values)

    def crossed(self, values: np.ndarray | None, k: int) -> np.ndarray:
        """(draws, options): whether each option crosses a red line with each draw's
        scores (``values`` (draws, options, criteria); the model's when None)."""
        if values is None:
            return np.broadcast_to(self._crossed, (k, self._crossed.size))
        return redlines.crosses_any(values, self._lines, self.model.is_max)

    def _screened(self, ranks: np.ndarray, values: np.ndarray | None) -> np.ndarray:
        """``ranks`` (on the scores alone) under the policy: under ``"last"`` the
        acceptable options of each draw first, each group in the method's order."""
        if not self.screens:
            return ranks
        crossed = self.crossed(values, ranks.shape[0])
        if not crossed.any():
            return ranks
        key = crossed * (ranks.shape[1] + 1) + ranks
        return batch_competition_ranks(key.astype(float), higher_is_better=False)

    def firsts(self, weights: np.ndarray, values: np.ndarray | None, option: int) -> np.ndarray:
        """Whether ``option`` ranks first in each draw (as ``ranks == 1`` from a call,
        without ranking the other options)."""
        weights = np.asarray(weights, dtype=float)
        if self.screens:
            return self(weights, values)[1][:, option] == 1
        if self.batch is None:
            return np.array([r.ranks.iat[option] == 1 for r in self._rankings(weights, values)])
        key = np.round(self._batch_scores(weights, values), RANK_DECIMALS)
        if self.batch.higher_is_better:
            return key[:, option] == key.max(axis=1)
        return key[:, option] == key.min(axis=1)

    def first_counts(
        self,
        weight_sets: np.ndarray,
        values: np.ndarray,
        options: np.ndarray,
        shared: np.ndarray | None = None,
    ) -> np.ndarray:
        """For each c: in how many of the score draws ``values`` (draws, options,
        criteria) option ``options[c]`` ranks first under weights ``weight_sets[c]``.

        A weighted sum normalises the draws once for all the weight sets (or takes
        ``shared``, :meth:`shared_normalized` of ``values``).
        """
        weight_sets = np.asarray(weight_sets, dtype=float)
        k = values.shape[0]
        if self.batch is None or self.batch.normalized is None or self.screens:
            return np.array(
                [
                    int(self.firsts(np.broadcast_to(w, (k, w.size)), values, int(i)).sum())
                    for w, i in zip(weight_sets, options, strict=True)
                ],
                dtype=np.int64,
            )
        normalized = shared
        if normalized is None:
            batch = Batch(values, weight_sets, self.model.is_max, self._scale_min,
                          self._scale_max)  # fmt: skip
            normalized = self.batch.normalized(batch, **self.params)
        key = np.round(np.einsum("knm,cm->ckn", normalized, weight_sets), RANK_DECIMALS)
        best = key.max(axis=2) if self.batch.higher_is_better else key.min(axis=2)
        own = key[np.arange(len(options)), :, options]
        return (own == best).sum(axis=1)

    def shared_normalized(self, values: np.ndarray) -> np.ndarray | None:
        """The normalised scores of the draws ``values`` (draws, options, criteria) that
        every weight vector shares, when the method is a weighted sum of them; else None."""
        if self.batch is None or self.batch.normalized is None:
            return None
        batch = Batch(values, self.shares, self.model.is_max, self._scale_min, self._scale_max)
        return self.batch.normalized(batch, **self.params)

    def scores(
        self, weights: np.ndarray, values: np.ndarray | None, shared: np.ndarray | None = None
    ) -> np.ndarray:
        """The scores (draws, options) of a call, without the ranks; ``shared`` is
        :meth:`shared_normalized` of ``values``, when there is one, to reuse."""
        weights = np.asarray(weights, dtype=float)
        if shared is not None:
            return np.asarray(weighted_sum(shared, weights), dtype=float)
        return self._batch_scores(weights, values)

    def _batch_scores(self, weights: np.ndarray, values: np.ndarray | None) -> np.ndarray:
        assert self.batch is not None
        if values is None:
            values = self.model.values
            if not self.batch.fixed_scores:
                values = np.broadcast_to(values, (weights.shape[0], *self.model.shape))
        batch = Batch(values, weights, self.model.is_max, self._scale_min, self._scale_max)
        return np.asarray(self.batch.scores(batch, **self.params), dtype=float)

    def _rankings(self, weights: np.ndarray, values: np.ndarray | None) -> Iterator[Ranking]:
        """The method run on each draw (the generic path)."""
        function = METHODS[self.method]
        for draw in range(weights.shape[0]):
            variant = self.model._unchecked_variant(
                weights=weights[draw], values=None if values is None else values[draw]
            )
            yield function(variant, **self.params)

    def rank(self, model: DecisionModel) -> Ranking:
        """The method's ranking of another version of the model (validated or trusted),
        under the evaluator's red-line policy."""
        function = METHODS[self.method]
        return redlines.ranked(model, lambda m: function(m, **self.params), self.policy)
