"""Monte Carlo rank acceptability analysis (SMAA-2).

Following Lahdelma and Salminen (2001), "SMAA-2: Stochastic multicriteria
acceptability analysis for group decision making", *Operations Research*
49(3), 444-454, the weights and the scores are drawn many times and the options
ranked under each draw. From the draws:

- the **rank acceptability index** ``b(i, r)`` is the share of draws in which
  option ``i`` takes rank ``r`` (``b(i, 1)`` is its probability of being best);
- the **central weight vector** of option ``i`` is the average weight vector
  over the draws in which it is first: the typical weights of someone for whom
  ``i`` is the best choice (undefined, NaN, for an option never first);
- the **confidence factor** of option ``i`` is the share of score draws in which
  it is first when its central weight vector is used: whether the scores are
  precise enough to back the choice for someone holding those weights.

Each index is a proportion estimated from ``N`` draws, so its Monte Carlo
standard error is ``sqrt(b (1 - b) / N)``: four times the draws halve it.

Ties follow :func:`matrix.methods.competition_ranks`: options with the same
score share the better rank. A rank acceptability row always sums to 1; a
column sums to 1 unless some draws tie (drawn weights and scores are
continuous, so ties need identical options or criteria without weight).

Draws are reproducible: the same ``seed`` gives the same numbers, whatever
``chunk_size``; weights and scores come from two independent streams spawned
from the seed.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from matrix import redlines
from matrix.errors import MethodError
from matrix.methods import RANK_DECIMALS
from matrix.model import DecisionModel
from matrix.robustness._common import check_count, check_number
from matrix.robustness.batch import Evaluator, batch_competition_ranks
from matrix.robustness.sensitivity import WEIGHT_RANGE

__all__ = [
    "DEFAULT_CONCENTRATION",
    "DEFAULT_SAMPLES",
    "DEFAULT_SEED",
    "MAX_OPTIONS",
    "MAX_SAMPLES",
    "MIN_DRAWS_BEFORE_STOP",
    "SCORE_DISTRIBUTIONS",
    "WEIGHT_DISTRIBUTIONS",
    "RankAcceptability",
    "rank_acceptability",
]

DEFAULT_SAMPLES = 10_000

#: The seed of the default command-line run and of the workbook, so their numbers agree.
DEFAULT_SEED = 20170922

#: Dirichlet concentration: a weight share ``w`` varies with standard deviation
#: ``sqrt(w (1 - w) / (concentration + 1))``; at 30 a share of 0.20 varies by about 0.07.
DEFAULT_CONCENTRATION = 30.0

#: How weights are drawn.
WEIGHT_DISTRIBUTIONS = ("dirichlet", "uniform", "intervals")

#: How scores are drawn from each score's low, score and high (or None: scores fixed).
SCORE_DISTRIBUTIONS = ("triangular", "pert")

#: The rank acceptability table has a row per option and a column per rank: above this
#: many options it would not fit a laptop's memory (10,000 options: about 2 GB at its peak).
MAX_OPTIONS = 10_000
#: More draws than this add nothing a reader could see (standard errors below 0.02
#: percentage points) and take minutes to hours.
MAX_SAMPLES = 10_000_000

#: An early stop (``precision=``) never happens before this many draws.
MIN_DRAWS_BEFORE_STOP = 1_000

#: Draws ranked together when ``chunk_size`` is not given: about this many numbers per chunk.
_CHUNK_NUMBERS = 1_000_000

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class RankAcceptability:
    """The result of :func:`rank_acceptability`.

    Attributes
    ----------
    acceptability
        Options x ranks 1..n: the share of draws giving each option each rank.
    std_error
        The Monte Carlo standard error of each entry of ``acceptability``.
    central_weights
        Options x criteria: each option's central weight vector (NaN when it is
        never first).
    confidence
        Each option's confidence factor (NaN when it is never first).
    samples
        The number of draws made (fewer than asked when stopped early).
    params
        Everything needed to repeat the run: ``method``, ``method_params``,
        ``samples`` (asked), ``draws`` (made), ``seed`` (the one used, also when
        none was given), ``weights``, ``concentration``, ``intervals``,
        ``score_dist``, ``chunk_size``, ``precision``, ``stopped_early``,
        ``vectorised``.
    draws
        The rank of every option in every draw (draws x options), when asked
        for with ``keep_draws=True``; else None.
    p_crossing
        Each option's share of the draws in which its drawn scores cross at
        least one red line (0 for every option when the case has none).
    """

    acceptability: pd.DataFrame
    std_error: pd.DataFrame
    central_weights: pd.DataFrame
    confidence: pd.Series
    samples: int
    params: Mapping[str, Any] = field(default_factory=dict)
    draws: pd.DataFrame | None = None
    p_crossing: pd.Series | None = None

    @property
    def p_best(self) -> pd.Series:
        """Each option's probability of being first (rank acceptability of rank 1)."""
        return self.acceptability[1].rename("p_best")

    @property
    def expected_rank(self) -> pd.Series:
        """Each option's average rank over the draws."""
        ranks = np.array(self.acceptability.columns, dtype=float)
        return pd.Series(
            self.acceptability.to_numpy() @ ranks, index=self.acceptability.index, name="mean rank"
        )


# -- drawing weights and scores ------------------------------------------------


def _interval_bounds(
    model: DecisionModel, intervals: Mapping[str, tuple[float, float]] | None
) -> tuple[np.ndarray, np.ndarray]:
    raw = model.weights.to_numpy()
    low, high = raw * WEIGHT_RANGE[0], raw * WEIGHT_RANGE[1]
    if intervals is None:
        return low, high
    if not isinstance(intervals, Mapping):
        raise MethodError(
            f"intervals must map criterion ids to (low, high) weights; got {intervals!r}"
        )
    ids = model.criterion_ids
    for criterion, pair in intervals.items():
        if criterion not in ids:
            raise MethodError(
                f"intervals names unknown criterion {criterion!r}; criteria are {', '.join(ids)}"
            )
        if not isinstance(pair, tuple | list) or len(pair) != 2:
            raise MethodError(f"intervals[{criterion!r}] must be a pair (low, high); got {pair!r}")
        j = ids.index(criterion)
        low[j] = check_number(pair[0], f"intervals[{criterion!r}] low", low=0)
        high[j] = check_number(pair[1], f"intervals[{criterion!r}] high", low=low[j])
    if high.sum() <= 0:
        raise MethodError("intervals: every weight's interval is zero; some weight must be > 0")
    return low, high


def _weight_sampler(
    model: DecisionModel,
    kind: str,
    concentration: float,
    intervals: Mapping[str, tuple[float, float]] | None,
) -> Callable[[np.random.Generator, int], np.ndarray]:
    m = len(model.criteria)
    shares = model.normalized_weights.to_numpy()
    if kind == "uniform":

        def draw(rng: np.random.Generator, k: int) -> np.ndarray:
            gamma = rng.standard_exponential((k, m))
            return gamma / gamma.sum(axis=1, keepdims=True)

    elif kind == "dirichlet":
        alpha = concentration * shares
        free = alpha > 0

        def draw(rng: np.random.Generator, k: int) -> np.ndarray:
            gamma = np.zeros((k, m))
            gamma[:, free] = rng.standard_gamma(alpha[free], size=(k, int(free.sum())))
            total = gamma.sum(axis=1, keepdims=True)
            return np.where(total > 0, gamma / np.where(total > 0, total, 1.0), shares)

    else:
        low, high = _interval_bounds(model, intervals)

        def draw(rng: np.random.Generator, k: int) -> np.ndarray:
            raw = low + rng.random((k, m)) * (high - low)
            total = raw.sum(axis=1, keepdims=True)
            return np.where(total > 0, raw / np.where(total > 0, total, 1.0), shares)

    return draw


def _score_sampler(
    model: DecisionModel, kind: str
) -> Callable[[np.random.Generator, int], np.ndarray]:
    a, c, b = model.low.to_numpy(), model.values, model.high.to_numpy()
    span = b - a
    wide = span > 0
    safe = np.where(wide, span, 1.0)
    if kind == "triangular":
        rise, fall = c - a, b - c
        turn = np.where(wide, rise / safe, 0.0)  # the CDF at the mode

        def draw(rng: np.random.Generator, k: int) -> np.ndarray:
            # a + sqrt(u span (c - a)) below the mode, b - sqrt((1 - u) span (b - c)) above,
            # each in one array worked in place (the same operations in the same order)
            u = rng.random((k, *c.shape))
            rising = u * span
            rising *= rise
            np.sqrt(rising, out=rising)
            rising += a
            falling = 1.0 - u
            falling *= span
            falling *= fall
            np.sqrt(falling, out=falling)
            np.subtract(b, falling, out=falling)
            np.copyto(falling, rising, where=u < turn)
            return np.clip(falling, a, b, out=falling)

    else:  # PERT: a beta distribution on [low, high] with mode at the score (lambda = 4)
        alpha = np.where(wide, 1.0 + 4.0 * (c - a) / safe, 1.0)
        beta = np.where(wide, 1.0 + 4.0 * (b - c) / safe, 1.0)

        def draw(rng: np.random.Generator, k: int) -> np.ndarray:
            x = rng.beta(alpha, beta, size=(k, *c.shape))
            return np.clip(np.where(wide, a + x * span, c), a, b)

    return draw


# -- the analysis ------------------------------------------------------------------


class _Crossing:
    """Which options' drawn scores cross a red line, tallied over the draws, and the
    ranks of each draw under the red-line policy."""

    def __init__(self, model: DecisionModel, policy: str) -> None:
        self.model = model
        self.lines = model.red_lines.to_numpy()
        self.is_max = model.is_max
        self.active = policy == "last" and model.has_red_lines
        self.fixed = redlines.crossings(model).to_numpy().any(axis=1)
        self.tally = np.zeros(model.shape[0], dtype=np.int64)

    def crossed(self, values: np.ndarray | None, k: int) -> np.ndarray:
        """(draws, options): whether each option crosses a red line in each draw."""
        if values is None:
            return np.broadcast_to(self.fixed, (k, self.fixed.size))
        return redlines.crosses_any(values, self.lines, self.is_max)

    def ranks(
        self,
        scores: np.ndarray,
        ranks: np.ndarray,
        values: np.ndarray | None,
        *,
        tally: bool = True,
    ) -> np.ndarray:
        """The draws' ranks under the policy; counts the crossings when ``tally``."""
        crossed = self.crossed(values, ranks.shape[0])
        if tally:
            self.tally += crossed.sum(axis=0)
        if not self.active or not crossed.any():
            return ranks
        # acceptable options first, each group in the method's order (ties kept)
        key = crossed * (ranks.shape[1] + 1) + ranks
        return batch_competition_ranks(key.astype(float), higher_is_better=False)

    def first_counts(
        self, evaluator: Evaluator, weight_sets: np.ndarray, values: np.ndarray,
        options: np.ndarray, shared: np.ndarray | None = None,
    ) -> np.ndarray:  # fmt: skip
        """As :meth:`Evaluator.first_counts`, first among the acceptable options of each draw.

        An option is first under :meth:`ranks` when no option of its group (the acceptable
        ones; every option in a draw where all cross) has a better rank, that is a better
        score as ranks compare them (rounded): so the draws need no ranking, only each
        group's best score. The draws' crossings and normalised scores are worked out
        once for all the weight sets.
        """
        k = values.shape[0]
        crossed = self.crossed(values, k)
        out = np.zeros(len(options), dtype=np.int64)
        if evaluator.batch is None or evaluator.screens:  # the method's ranks, draw by draw
            for c, (w, i) in enumerate(zip(weight_sets, options, strict=True)):
                scores, ranks = evaluator(np.broadcast_to(w, (k, w.size)), values)
                ranks = self.ranks(scores, ranks, values, tally=False)
                out[c] = int((ranks[:, int(i)] == 1).sum())
            return out
        # options left out of their draw's group: crossing, where some option does not
        out_of_group = crossed & ~crossed.all(axis=1, keepdims=True)
        if shared is None:
            shared = evaluator.shared_normalized(values)
        for c, (w, i) in enumerate(zip(weight_sets, options, strict=True)):
            weights = np.broadcast_to(w, (k, w.size))
            scores = evaluator.scores(weights, values, shared)
            key = np.round(scores, RANK_DECIMALS)  # as batch_competition_ranks compares
            if evaluator.batch.higher_is_better:
                key = np.negative(key, out=key)
            key[out_of_group] = np.inf
            i = int(i)
            out[c] = int(((key[:, i] == key.min(axis=1)) & ~out_of_group[:, i]).sum())
        return out


def _ranged(model: DecisionModel) -> bool:
    """Whether any score has a plausible range (low < high)."""
    return bool((model.high.to_numpy() > model.low.to_numpy()).any())


def _check_seed(seed: object) -> np.random.SeedSequence:
    if seed is None:
        return np.random.SeedSequence()
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer) or seed < 0:
        raise MethodError(f"seed must be a whole number >= 0 or None; got {seed!r}")
    return np.random.SeedSequence(int(seed))


def tally(counts: np.ndarray, ranks: np.ndarray) -> None:
    """Add a chunk of draws' ``ranks`` (draws x options, 1 = first) to ``counts``
    (options x ranks) in place."""
    k, n = ranks.shape
    if n <= 4 * k:  # one count over the whole options x ranks table
        flat = (np.arange(n)[None, :] * n + ranks - 1).ravel()
        counts += np.bincount(flat, minlength=n * n).reshape(n, n)
    else:  # many options, few draws: add each draw's ranks in place (no n x n temporary);
        every = np.arange(n)  # a draw gives each option one rank, so no cell repeats
        for draw in ranks - 1:  # within a draw and plain fancy indexing adds correctly
            counts[every, draw] += 1


def shares(counts: np.ndarray, done: int) -> tuple[np.ndarray, np.ndarray]:
    """Each option's share of the ``done`` draws at each rank, and its Monte Carlo standard
    error ``sqrt(p (1 - p) / done)`` (worked in place: the tables can be n x n).

    >>> share, error = shares(np.array([[3, 1], [1, 3]]), 4)
    >>> share.tolist(), error.round(4).tolist()
    ([[0.75, 0.25], [0.25, 0.75]], [[0.2165, 0.2165], [0.2165, 0.2165]])
    """
    share = counts / done
    std_error = share * (1 - share)
    std_error /= done
    np.sqrt(std_error, out=std_error)
    return share, std_error


def precise_enough(counts: np.ndarray, done: int, samples: int, precision: float | None) -> bool:
    """Whether a run asked for ``precision`` may stop after ``done`` of ``samples`` draws:
    every share in ``counts`` known to that standard error (and enough draws made)."""
    if precision is None or done < MIN_DRAWS_BEFORE_STOP or done >= samples:
        return False
    share = counts / done
    return bool(np.sqrt(share * (1 - share) / done).max() <= precision)


def run_controls(
    samples: int,
    numbers_per_draw: int,
    *,
    vectorised: bool,
    chunk_size: int | None,
    precision: float | None,
    progress: Progress | None,
) -> tuple[int, float | None]:
    """The draws per chunk and the checked precision of a Monte Carlo run.

    By default a chunk holds about :data:`_CHUNK_NUMBERS` drawn numbers (``numbers_per_draw``
    each; at most 100 draws when the method is not vectorised); with ``precision`` chunks stay
    small enough to stop early. ``progress`` must be callable.
    """
    if chunk_size is None:
        chunk = max(1, min(samples, _CHUNK_NUMBERS // numbers_per_draw))
        if not vectorised:
            chunk = min(chunk, 100)
    else:
        chunk = check_count(chunk_size, "chunk_size")
    if precision is not None:
        precision = check_number(precision, "precision", low=0, high=0.5, open_low=True)
        chunk = min(chunk, MIN_DRAWS_BEFORE_STOP)
    if progress is not None and not callable(progress):
        raise MethodError(f"progress must be a function progress(done, total); got {progress!r}")
    return chunk, precision


def rank_acceptability(
    model: DecisionModel,
    *,
    method: str = "wsm",
    method_params: Mapping[str, Any] | None = None,
    samples: int = DEFAULT_SAMPLES,
    seed: int | None = None,
    weights: str = "dirichlet",
    concentration: float = DEFAULT_CONCENTRATION,
    intervals: Mapping[str, tuple[float, float]] | None = None,
    score_dist: str | None = "triangular",
    chunk_size: int | None = None,
    precision: float | None = None,
    progress: Progress | None = None,
    keep_draws: bool = False,
    red_lines: str | None = None,
) -> RankAcceptability:
    """Rank acceptability indices, central weights and confidence factors (SMAA-2).

    Parameters
    ----------
    model
        The decision model.
    method, method_params
        The ranking method (a key of :data:`matrix.METHODS`) and its parameters.
    samples
        How many draws (at most, when ``precision`` is given).
    seed
        Makes the run exactly reproducible; None draws a fresh seed, which is
        reported in ``params["seed"]``.
    weights
        ``"dirichlet"``: centred on the case's weights, spread set by
        ``concentration``; criteria of weight 0 stay at 0. ``"uniform"``:
        uniform over all weight vectors (the weights are unknown).
        ``"intervals"``: each weight uniform in an interval, in the case's weight
        units, then rescaled to sum to 1; ``intervals`` gives ``{criterion:
        (low, high)}``, and criteria it leaves out range from half to one and a
        half times their weight.
    concentration
        The Dirichlet's total concentration (> 0): larger keeps draws closer to
        the case's weights.
    score_dist
        ``"triangular"`` or ``"pert"`` from each score's low, score (the mode)
        and high; None keeps the scores fixed and draws only weights.
    chunk_size
        Draws ranked together (bounds memory); the default holds about a
        million numbers per chunk. Results do not depend on it.
    precision
        Stop early once every rank acceptability index's standard error is at
        most this (and at least 1,000 draws are made).
    progress
        Called as ``progress(done, total)`` after each chunk, in model
        evaluations; ``total`` may shrink when less work is needed than first
        estimated, and the last call has ``done == total``.
    keep_draws
        Keep every draw's ranks in ``.draws`` (memory grows with ``samples``).
    red_lines
        How options whose drawn scores cross a red line are ranked in that draw:
        ``"last"`` (the default when the case has a red line) or ``"ignore"``
        (see :mod:`matrix.redlines`). Either way ``.p_crossing`` says how often
        each option crosses one.

    Raises
    ------
    MethodError
        For an unknown method or distribution, or a bad number, naming it.

    >>> import matrix
    >>> result = matrix.rank_acceptability(matrix.load_case(), samples=2_000, seed=1)
    >>> result.acceptability.sum(axis=1).round(12).unique().tolist()
    [1.0]
    >>> bool(result.p_best.idxmax() == "diplomatic_surge")
    True
    """
    evaluator = Evaluator(model, method, method_params)
    how = redlines.policy(model, red_lines)
    if how == "exclude":
        raise MethodError(
            "rank acceptability ranks every option in every draw: use red_lines='last' "
            "(crossing options ranked after the acceptable ones) or 'ignore'"
        )
    samples = check_count(samples, "samples")
    if samples > MAX_SAMPLES:
        raise MethodError(f"samples must be at most {MAX_SAMPLES:,}; got {samples:,}")
    if len(model.options) > MAX_OPTIONS:
        raise MethodError(
            f"rank acceptability tallies every option at every rank: {len(model.options):,} "
            f"options are more than the {MAX_OPTIONS:,} it can hold; run it on a shortlist "
            "(the top options by policy-matrix rank)"
        )
    seed_sequence = _check_seed(seed)
    if weights not in WEIGHT_DISTRIBUTIONS:
        raise MethodError(
            f"unknown weight distribution {weights!r}; choose one of "
            f"{', '.join(WEIGHT_DISTRIBUTIONS)}"
        )
    concentration = check_number(concentration, "concentration", low=0, open_low=True)
    if intervals is not None and weights != "intervals":
        raise MethodError("intervals= is used only with weights='intervals'")
    if score_dist is not None and score_dist not in SCORE_DISTRIBUTIONS:
        raise MethodError(
            f"unknown score distribution {score_dist!r}; choose one of "
            f"{', '.join(SCORE_DISTRIBUTIONS)}, or None to keep scores fixed"
        )
    n, m = model.shape
    # a weighted sum of fixed scores holds one score per option and draw, else n x m
    light = (
        (score_dist is None or not _ranged(model))
        and evaluator.batch is not None
        and evaluator.batch.normalized is not None
    )
    chunk, precision = run_controls(
        samples, n if light else n * m, vectorised=evaluator.vectorised,
        chunk_size=chunk_size, precision=precision, progress=progress,
    )  # fmt: skip

    weight_seed, score_seed = seed_sequence.spawn(2)
    draw_weights = _weight_sampler(model, weights, concentration, intervals)
    # With no score ranging (low = score = high everywhere), every draw of scores is
    # the scores themselves: the weights alone are drawn (the same numbers, faster).
    ranged = _ranged(model)
    draw_scores = None if score_dist is None or not ranged else _score_sampler(model, score_dist)
    weight_rng = np.random.default_rng(weight_seed)
    score_rng = np.random.default_rng(score_seed)

    # int32 holds any count up to MAX_SAMPLES and halves the largest table
    counts = np.zeros((n, n), dtype=np.int32 if samples < 2**31 else np.int64)
    crossing = _Crossing(model, how)
    first_weights = np.zeros((n, m))
    kept: list[np.ndarray] = []
    done, chunks, stopped_early = 0, 0, False
    # The confidence pass may rank every draw once more per option.
    total = samples * (1 + n) if draw_scores is not None else samples + n
    while done < samples:
        k = min(chunk, samples - done)
        drawn = draw_weights(weight_rng, k)
        values = None if draw_scores is None else draw_scores(score_rng, k)
        # a weighted sum's normalised draws, kept for the confidence pass below
        shared = None if values is None else evaluator.shared_normalized(values)
        scores, ranks = evaluator(drawn, values, shared=shared)
        ranks = crossing.ranks(scores, ranks, values)
        tally(counts, ranks)
        first_weights += (ranks == 1).T.astype(float) @ drawn
        if keep_draws:
            kept.append(ranks)
        done += k
        chunks += 1
        stopped_early = precise_enough(counts, done, samples, precision)
        if progress is not None:
            progress(done, total)
        if stopped_early:
            break

    firsts = counts[:, 0].copy()  # not a view: the table is freed below
    central = np.full((n, m), np.nan)
    central[firsts > 0] = first_weights[firsts > 0] / firsts[firsts > 0, None]
    candidates = np.flatnonzero(firsts > 0)
    confidence = np.full(n, np.nan)
    total = done + (candidates.size if draw_scores is None else done * candidates.size)
    if draw_scores is None:
        scores, ranks = evaluator(central[candidates])
        ranks = crossing.ranks(scores, ranks, None, tally=False)
        confidence[candidates] = ranks[np.arange(candidates.size), candidates] == 1
        if progress is not None:
            progress(total, total)
    else:
        rng = np.random.default_rng(score_seed)  # the very same score draws again
        wins = np.zeros(n, dtype=np.int64)
        replayed, work = 0, done
        # drawn in one chunk, they are still at hand (``values``, and a weighted sum's
        # normalised ``shared``): no need to draw them again
        again = (values, shared) if chunks == 1 and values is not None else None
        while replayed < done:
            k = min(chunk, done - replayed)
            drawn_scores, shared = (draw_scores(rng, k), None) if again is None else again
            weight_sets = central[candidates]
            if crossing.active:  # first among the acceptable options of each draw
                wins[candidates] += crossing.first_counts(
                    evaluator, weight_sets, drawn_scores, candidates, shared
                )
            else:
                wins[candidates] += evaluator.first_counts(
                    weight_sets, drawn_scores, candidates, shared
                )
            work += k * candidates.size
            if progress is not None:
                progress(work, total)
            replayed += k
        confidence[candidates] = wins[candidates] / done
        if progress is not None and candidates.size == 0:
            progress(total, total)

    options = pd.Index(model.option_ids, name="option")
    rank_labels = pd.Index(range(1, n + 1), name="rank")
    share, std_error = shares(counts, done)
    del counts  # the largest tables are n x n: keep no more of them alive than needed
    params = {
        "method": method,
        "method_params": dict(evaluator.params),
        "samples": samples,
        "draws": done,
        "seed": int(seed_sequence.entropy),  # type: ignore[arg-type]
        "weights": weights,
        "concentration": concentration if weights == "dirichlet" else None,
        "intervals": dict(intervals) if intervals is not None else None,
        "score_dist": score_dist,
        "chunk_size": chunk,
        "precision": precision,
        "stopped_early": stopped_early,
        "vectorised": evaluator.vectorised,
        "red_lines": how,
    }
    draws = None
    if keep_draws:
        draws = pd.DataFrame(np.concatenate(kept), columns=options)
        draws.index.name = "draw"
    return RankAcceptability(
        acceptability=pd.DataFrame(share, index=options, columns=rank_labels, copy=False),
        std_error=pd.DataFrame(std_error, index=options, columns=rank_labels, copy=False),
        central_weights=pd.DataFrame(
            central, index=options, columns=pd.Index(model.criterion_ids, name="criterion")
        ),
        confidence=pd.Series(confidence, index=options, name="confidence"),
        samples=done,
        params=params,
        draws=draws,
        p_crossing=pd.Series(crossing.tally / done, index=options, name="p_crossing"),
    )
