"""Rank acceptability over a panel: the analysts' judgements as a mixture.

Each draw takes, score by score, one of the analysts who gave that score, each
equally likely, and draws the score within that analyst's range (triangular or
PERT on their low, score and high, as :func:`matrix.rank_acceptability` does for
one analyst). The weights stay at the group's. The options are ranked under each
draw; the share of draws giving each option each rank is its rank acceptability
over the panel: how far the group's answer survives the analysts' disagreement
as well as each analyst's own uncertainty.

Seeds, chunks, early stopping and progress behave as in
:func:`matrix.rank_acceptability`: the same ``seed`` gives the same numbers
whatever ``chunk_size``. With the weights fixed, an option's central weights are
the group's weights and its confidence factor is its share of first places.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from matrix.errors import MethodError
from matrix.robustness._common import check_count
from matrix.robustness.batch import Evaluator
from matrix.robustness.montecarlo import (
    DEFAULT_SAMPLES,
    MAX_SAMPLES,
    SCORE_DISTRIBUTIONS,
    Progress,
    RankAcceptability,
    _check_seed,
    precise_enough,
    run_controls,
    shares,
    tally,
)

if TYPE_CHECKING:
    from matrix.panel.core import Panel

__all__ = ["panel_acceptability"]


def _draw_scores(
    rng: np.random.Generator, a: np.ndarray, c: np.ndarray, b: np.ndarray, kind: str
) -> np.ndarray:
    """One score per cell, within ``a``..``b`` with mode ``c`` (arrays of one shape)."""
    span = b - a
    wide = span > 0
    safe = np.where(wide, span, 1.0)
    if kind == "triangular":
        u = rng.random(c.shape)
        turn = np.where(wide, (c - a) / safe, 0.0)
        rising = a + np.sqrt(u * span * (c - a))
        falling = b - np.sqrt((1.0 - u) * span * (b - c))
        return np.clip(np.where(u < turn, rising, falling), a, b)
    alpha = np.where(wide, 1.0 + 4.0 * (c - a) / safe, 1.0)
    beta = np.where(wide, 1.0 + 4.0 * (b - c) / safe, 1.0)
    x = rng.beta(alpha, beta)
    return np.clip(np.where(wide, a + x * span, c), a, b)


def panel_acceptability(
    panel: Panel,
    *,
    method: str = "wsm",
    method_params: Mapping[str, Any] | None = None,
    how: str = "mean",
    samples: int = DEFAULT_SAMPLES,
    seed: int | None = None,
    score_dist: str | None = "triangular",
    chunk_size: int | None = None,
    precision: float | None = None,
    progress: Progress | None = None,
) -> RankAcceptability:
    """Rank acceptability indices over the mixture of the panel's analysts.

    Parameters
    ----------
    panel
        The panel.
    method, method_params
        The ranking method and its parameters.
    how
        The aggregate whose weights and model are ranked (``"mean"`` or ``"median"``).
    samples, seed, chunk_size, precision, progress
        As for :func:`matrix.rank_acceptability`.
    score_dist
        ``"triangular"`` or ``"pert"`` within the chosen analyst's range; None takes
        the chosen analyst's score as it is.

    Raises
    ------
    MethodError
        For an unknown method or distribution, or a bad number, naming it.
    """
    group = panel.aggregate(how=how)
    evaluator = Evaluator(group, method, method_params)
    samples = check_count(samples, "samples")
    if samples > MAX_SAMPLES:
        raise MethodError(f"samples must be at most {MAX_SAMPLES:,}; got {samples:,}")
    seed_sequence = _check_seed(seed)
    if score_dist is not None and score_dist not in SCORE_DISTRIBUTIONS:
        raise MethodError(
            f"unknown score distribution {score_dist!r}; choose one of "
            f"{', '.join(SCORE_DISTRIBUTIONS)}, or None to take each analyst's score"
        )
    n, m = group.shape
    chunk, precision = run_controls(
        samples, n * m, vectorised=evaluator.vectorised,
        chunk_size=chunk_size, precision=precision, progress=progress,
    )  # fmt: skip

    # The analysts who gave each score first, in panel order: a draw picks one of the
    # first count[i, j] entries of order[:, i, j].
    order = np.argsort(~panel.given, axis=0, kind="stable")
    count = panel.given.sum(axis=0)
    choice_seed, score_seed = seed_sequence.spawn(2)
    choice_rng = np.random.default_rng(choice_seed)
    score_rng = np.random.default_rng(score_seed)
    weights = evaluator.shares

    counts = np.zeros((n, n), dtype=np.int64)
    done, stopped_early = 0, False
    while done < samples:
        k = min(chunk, samples - done)
        pick = np.minimum((choice_rng.random((k, n, m)) * count).astype(np.int64), count - 1)
        analyst = np.take_along_axis(order[None], pick[:, None], axis=1)[:, 0]
        rows, cols = np.arange(n)[None, :, None], np.arange(m)[None, None, :]
        mode = panel.values[analyst, rows, cols]
        if score_dist is None:
            values = mode
        else:
            low, high = panel.low[analyst, rows, cols], panel.high[analyst, rows, cols]
            values = _draw_scores(score_rng, low, mode, high, score_dist)
        _, ranks = evaluator(np.broadcast_to(weights, (k, m)), values)
        tally(counts, ranks)
        done += k
        stopped_early = precise_enough(counts, done, samples, precision)
        if progress is not None:
            progress(done, done if stopped_early else samples)
        if stopped_early:
            break

    options = pd.Index(group.option_ids, name="option")
    rank_labels = pd.Index(range(1, n + 1), name="rank")
    share, std_error = shares(counts, done)
    firsts = counts[:, 0] > 0
    central = np.where(firsts[:, None], weights, np.nan)
    confidence = np.where(firsts, share[:, 0], np.nan)
    params = {
        "method": method,
        "method_params": dict(evaluator.params),
        "samples": samples,
        "draws": done,
        "seed": int(seed_sequence.entropy),  # type: ignore[arg-type]
        "weights": "group",
        "aggregate": how,
        "analysts": list(panel.analysts),
        "score_dist": score_dist,
        "chunk_size": chunk,
        "precision": precision,
        "stopped_early": stopped_early,
        "vectorised": evaluator.vectorised,
    }
    return RankAcceptability(
        acceptability=pd.DataFrame(share, index=options, columns=rank_labels),
        std_error=pd.DataFrame(std_error, index=options, columns=rank_labels),
        central_weights=pd.DataFrame(
            central, index=options, columns=pd.Index(group.criterion_ids, name="criterion")
        ),
        confidence=pd.Series(confidence, index=options, name="confidence"),
        samples=done,
        params=params,
    )
