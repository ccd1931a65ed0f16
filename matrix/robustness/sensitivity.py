"""One-way sensitivity: weight sweeps, break-even weights and tornado data.

Moving one criterion's weight means setting its *share* of the total weight to
a value between 0 and 1 while the other criteria share the rest in proportion
to their current weights. That is exactly what happens when one weight is edited
in the case (or on the Scores sheet) and the others are left alone, so every
share is also given in the case's own weight units (``raw_*`` columns).

For the weighted sum every option's score is a straight line in the swept
share, so break-even weights are computed exactly. For any other method they are
found by scanning the shares 0, 0.01, ..., 1 and bisecting to 1e-6; a change of
first place that reverses within one 0.01 step can be missed.

Every analysis follows the model's red-line policy (``red_lines``, see
:mod:`matrix.redlines`; ``None`` is the model's default, ``"last"`` when it has a
red line). A weight never moves a score across a red line, so under ``"last"``
an option that crosses one cannot take first place from an acceptable option,
whatever the weights; ``"ignore"`` ranks on the scores alone; ``"exclude"``
analyses the acceptable options alone.

>>> import matrix
>>> table = matrix.break_even(matrix.load_case(), red_lines="ignore")
>>> table.loc["time_to_effect", ["direction", "new_winner"]].tolist()
['rise', 'accept_nuclear']
>>> round(float(table.loc["time_to_effect", "rise_above"]), 4)
0.393
>>> matrix.break_even(matrix.load_case()).loc["time_to_effect", "direction"]
'never'
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from matrix import redlines
from matrix.errors import MethodError
from matrix.methods.wsm import scale_normalize
from matrix.model import DecisionModel
from matrix.robustness._common import (
    check_count,
    check_number,
    policy_model,
    raw_weight_for,
    swept_weights,
    winner_index,
)
from matrix.robustness.batch import Evaluator

__all__ = [
    "BISECTION_TOLERANCE",
    "WEIGHT_RANGE",
    "Tornado",
    "break_even",
    "tornado",
    "weight_sweep",
]

#: Break-even weights of methods other than the weighted sum are bisected to this.
BISECTION_TOLERANCE = 1e-6

#: Tornado and interval weights: each weight from this multiple to this multiple of itself.
WEIGHT_RANGE = (0.5, 1.5)

_GRID = np.linspace(0.0, 1.0, 101)


def _criterion_indices(model: DecisionModel, criteria: Sequence[str] | None) -> list[int]:
    if criteria is None:
        return list(range(len(model.criteria)))
    ids = model.criterion_ids
    unknown = [c for c in criteria if c not in ids]
    if unknown:
        raise MethodError(f"unknown criterion {unknown[0]!r}; criteria are {', '.join(ids)}")
    return [ids.index(c) for c in criteria]


def weight_sweep(
    model: DecisionModel,
    *,
    method: str = "wsm",
    method_params: Mapping[str, Any] | None = None,
    points: int = 101,
    criteria: Sequence[str] | None = None,
    red_lines: str | None = None,
) -> pd.DataFrame:
    """Every option's score and rank as each criterion's share of the weight goes 0 -> 1.

    Parameters
    ----------
    model
        The decision model.
    method, method_params
        The ranking method (a key of :data:`matrix.METHODS`) and its parameters.
    points
        How many evenly spaced shares from 0 to 1 (at least 2).
    criteria
        Criterion ids to sweep (default: all).
    red_lines
        The red-line policy of the ranks (``None``: the model's default). Under
        ``"exclude"`` only the acceptable options are swept.

    Returns
    -------
    DataFrame
        One row per criterion, share and option: ``criterion``, ``weight`` (the
        swept share), ``option``, ``score``, ``rank``.

    >>> import matrix
    >>> sweep = matrix.weight_sweep(matrix.load_case(), points=3, criteria=["war_risk"])
    >>> sweep["weight"].unique().tolist()
    [0.0, 0.5, 1.0]
    """
    model, how = policy_model(model, red_lines, analysis="the weight sweep")
    evaluator = Evaluator(model, method, method_params, red_lines=how)
    points = check_count(points, "points", minimum=2)
    shares = np.linspace(0.0, 1.0, points)
    weights = model.normalized_weights.to_numpy()
    frames = []
    for j in _criterion_indices(model, criteria):
        scores, ranks = evaluator(swept_weights(weights, j, shares))
        n = scores.shape[1]
        frames.append(
            pd.DataFrame(
                {
                    "criterion": model.criterion_ids[j],
                    "weight": np.repeat(shares, n),
                    "option": np.tile(model.option_ids, points),
                    "score": scores.ravel(),
                    "rank": ranks.ravel(),
                }
            )
        )
    return pd.concat(frames, ignore_index=True)


def _exact_crossings(
    normalized: np.ndarray, weights: np.ndarray, j: int, leader: int, rivals: np.ndarray
) -> tuple[tuple[float, int], tuple[float, int]]:
    """Weighted sum: where the leader first loses first place above and below its share.

    Each option's score is ``B + t (A - B)`` in the swept share ``t``; only the
    options where ``rivals`` is True can take first place (under the ``"last"``
    policy, the acceptable ones). Returns ``(share, new winner)`` upwards and
    downwards, NaN and -1 for never.
    """
    ends = swept_weights(weights, j, np.array([0.0, 1.0]))
    at0, at1 = normalized @ ends[0], normalized @ ends[1]
    t0 = weights[j]
    d0 = at0 - at0[leader]
    slope = (at1 - at1[leader]) - d0
    result = []
    for sign in (1.0, -1.0):
        best_t, best_k, best_slope = math.nan, -1, 0.0
        for k in range(normalized.shape[0]):
            if k == leader or not rivals[k] or sign * slope[k] <= 0:
                continue
            root = -d0[k] / slope[k]
            root = max(root, t0) if sign > 0 else min(root, t0)
            inside = root < 1.0 - 1e-12 if sign > 0 else root > 1e-12
            if not inside:
                continue
            closer = math.isnan(best_t) or sign * (root - best_t) < -1e-12
            same = not math.isnan(best_t) and abs(root - best_t) <= 1e-12
            if closer or (same and abs(slope[k]) > abs(best_slope)):
                best_t, best_k, best_slope = root, k, slope[k]
        result.append((best_t, best_k))
    return result[0], result[1]


def _bisected_crossings(
    evaluator: Evaluator, weights: np.ndarray, j: int, leader: int, tolerance: float
) -> tuple[tuple[float, int], tuple[float, int]]:
    """Any method: scan the shares 0, 0.01, ..., 1 and bisect where the leader loses first place."""
    t0 = weights[j]

    def ranks_at(shares: np.ndarray) -> np.ndarray:
        return evaluator(swept_weights(weights, j, shares))[1]

    result = []
    for sign in (1.0, -1.0):
        grid = _GRID[t0 < _GRID] if sign > 0 else _GRID[t0 > _GRID][::-1]
        if grid.size == 0:
            result.append((math.nan, -1))
            continue
        lost = ranks_at(grid)[:, leader] > 1
        if not lost.any():
            result.append((math.nan, -1))
            continue
        first = int(np.argmax(lost))
        kept, gone = (t0 if first == 0 else grid[first - 1]), grid[first]
        while abs(gone - kept) > tolerance:
            middle = (kept + gone) / 2
            if ranks_at(np.array([middle]))[0, leader] > 1:
                gone = middle
            else:
                kept = middle
        new = winner_index(ranks_at(np.array([gone]))[0])
        result.append(((kept + gone) / 2, new))
    return result[0], result[1]


def break_even(
    model: DecisionModel,
    *,
    method: str = "wsm",
    method_params: Mapping[str, Any] | None = None,
    red_lines: str | None = None,
) -> pd.DataFrame:
    """The weights at which first place changes, one row per criterion.

    Parameters
    ----------
    model
        The decision model.
    method, method_params
        The ranking method and its parameters. The weighted sum (``"wsm"``) is
        solved exactly; other methods are bisected to 1e-6.
    red_lines
        The red-line policy (``None``: the model's default). Under ``"last"`` only
        an option that crosses no red line can take first place from one that
        crosses none; under ``"exclude"`` the options that cross one are left out.

    Returns
    -------
    DataFrame
        Indexed by criterion id, with columns ``label``; ``weight`` (its share of
        the total weight now); ``rise_above`` and ``winner_if_rise`` (the share
        above which first place changes, and the option that takes it; NaN and
        ``""`` for never); ``fall_below`` and ``winner_if_fall``; ``break_even``,
        ``direction`` (``"rise"``, ``"fall"`` or ``"never"``) and ``new_winner``
        for the nearer of the two; ``raw_weight`` and ``raw_break_even``, the
        same in the case's own weight units with the other weights unchanged.
        At the break-even share the leader ties with the new winner; any
        further move hands over first place. ``attrs`` holds ``winner``,
        ``method``, ``exact`` and ``red_lines`` (the policy applied).

    >>> import matrix
    >>> table = matrix.break_even(matrix.load_case())
    >>> table.attrs["winner"], table.loc["war_risk", "direction"]
    ('diplomatic_surge', 'never')
    """
    how = redlines.policy(model, red_lines)
    model, screen = policy_model(model, how, analysis="break-even")
    evaluator = Evaluator(model, method, method_params, red_lines=screen)
    base = evaluator.base
    ids = model.option_ids
    leader = ids.index(base.winner)
    weights = model.normalized_weights.to_numpy()
    crossed = evaluator.crossed(None, 1)[0]
    # under "last", weights move no score across a red line: an acceptable leader
    # can lose first place only to another acceptable option
    rivals = ~crossed if evaluator.screens and not crossed[leader] else np.ones(len(ids), bool)
    exact = method == "wsm"
    if exact:
        bounds = model.bounds
        normalized = scale_normalize(
            model.values, bounds["min"].to_numpy(), bounds["max"].to_numpy(), model.is_max
        )
    rows = []
    for j, crit in enumerate(model.criteria):
        if exact:
            (up, up_k), (down, down_k) = _exact_crossings(normalized, weights, j, leader, rivals)
        else:
            (up, up_k), (down, down_k) = _bisected_crossings(
                evaluator, weights, j, leader, BISECTION_TOLERANCE
            )
        t0 = weights[j]
        nearest, direction, new = math.nan, "never", ""
        if not math.isnan(up) and (math.isnan(down) or up - t0 <= t0 - down):
            nearest, direction, new = up, "rise", ids[up_k]
        elif not math.isnan(down):
            nearest, direction, new = down, "fall", ids[down_k]
        rows.append(
            {
                "criterion": crit.id,
                "label": crit.label,
                "weight": t0,
                "rise_above": up,
                "winner_if_rise": ids[up_k] if up_k >= 0 else "",
                "fall_below": down,
                "winner_if_fall": ids[down_k] if down_k >= 0 else "",
                "break_even": nearest,
                "direction": direction,
                "new_winner": new,
                "raw_weight": crit.weight,
                "raw_break_even": raw_weight_for(model, j, nearest),
            }
        )
    table = pd.DataFrame(rows).set_index("criterion")
    table.attrs.update({"winner": base.winner, "method": method, "exact": exact, "red_lines": how})
    return table


@dataclass(frozen=True)
class Tornado:
    """How far each option's score moves when one input moves over its range.

    Attributes
    ----------
    weights
        One row per criterion and option: ``criterion``, ``option``,
        ``weight_low`` and ``weight_high`` (the criterion's share of the weight
        at the two ends of the range), ``score_low`` and ``score_high`` (the
        option's score there), ``base`` (its score now) and ``swing``
        (``|score_high - score_low|``).
    scores
        One row per option and criterion: ``option``, ``criterion``, ``low``
        and ``high`` (the ends of that score's plausible range), ``score_low``
        and ``score_high`` (the option's score with that one score at each
        end), ``base`` and ``swing``.
    params
        ``method``, its parameters and ``weight_range``.
    """

    weights: pd.DataFrame
    scores: pd.DataFrame
    params: Mapping[str, Any] = field(default_factory=dict)


#: Draws ranked together by the general path of the tornado: about this many numbers.
_CHUNK_NUMBERS = 1_000_000


def _own_scores(evaluator: Evaluator, moved: np.ndarray) -> np.ndarray:
    """Each option's score with one of its scores set to ``moved`` (options x criteria).

    Entry (i, j) is option i's score when its score on criterion j alone is
    replaced by ``moved[i, j]``. Where ``moved`` equals the score, that is the
    score as it stands. The weighted sum (scale and minmax) is computed
    exactly cell by cell: only option i's normalised score on j changes, on
    bounds that change only when j has no declared scale. Any other method is
    ranked once per moved score, in chunks of bounded memory.
    """
    model = evaluator.model
    values = model.values
    base = evaluator.base.scores.to_numpy()
    n, m = model.shape
    out = np.broadcast_to(base[:, None], (n, m)).copy()
    changed = moved != values
    if not changed.any():
        return out
    normalization = evaluator.params.get("normalization", "scale")
    if evaluator.method == "wsm" and normalization in ("scale", "minmax"):
        weights = model.normalized_weights.to_numpy()
        declared = np.array([c.has_scale and normalization == "scale" for c in model.criteria])
        scale_min = np.array([c.scale_min if c.has_scale else np.nan for c in model.criteria])
        scale_max = np.array([c.scale_max if c.has_scale else np.nan for c in model.criteria])
        lower = np.where(declared, scale_min, values.min(axis=0))
        upper = np.where(declared, scale_max, values.max(axis=0))
        normalized = scale_normalize(values, lower, upper, model.is_max)
        # each column's range without option i, then with its moved score in
        others_low, others_high = _range_without_each(values)
        moved_lower = np.where(declared, scale_min, np.minimum(others_low, moved))
        moved_upper = np.where(declared, scale_max, np.maximum(others_high, moved))
        renormalized = scale_normalize(moved, moved_lower, moved_upper, model.is_max)
        shifted = base[:, None] + weights * (renormalized - normalized)
        return np.where(changed, shifted, out)
    cells = np.flatnonzero(changed.ravel())
    per = max(1, _CHUNK_NUMBERS // (n * m))
    shares = model.normalized_weights.to_numpy()
    for start in range(0, cells.size, per):
        chunk = cells[start : start + per]
        rows, cols = np.divmod(chunk, m)
        draws = np.repeat(values[None, :, :], chunk.size, axis=0)
        draws[np.arange(chunk.size), rows, cols] = moved[rows, cols]
        scores, _ = evaluator(np.broadcast_to(shares, (chunk.size, m)), draws)
        out[rows, cols] = scores[np.arange(chunk.size), rows]
    return out


def _range_without_each(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For each cell (i, j): the least and greatest score on j among the options
    other than i (+inf and -inf for a single option).

    >>> low, high = _range_without_each(np.array([[1.0], [5.0], [3.0]]))
    >>> low.ravel().tolist(), high.ravel().tolist()
    ([3.0, 1.0, 1.0], [5.0, 3.0, 5.0])
    """
    n = values.shape[0]
    if n == 1:
        return np.full(values.shape, np.inf), np.full(values.shape, -np.inf)
    rows = np.arange(n)[:, None]
    two_low = np.partition(values, 1, axis=0)[:2]
    two_high = np.partition(values, n - 2, axis=0)[-2:]
    lowest, highest = values.argmin(axis=0), values.argmax(axis=0)
    low = np.where(rows == lowest, two_low[1], two_low[0])
    high = np.where(rows == highest, two_high[0], two_high[1])
    return low, high


def tornado(
    model: DecisionModel,
    *,
    method: str = "wsm",
    method_params: Mapping[str, Any] | None = None,
    weight_range: tuple[float, float] = WEIGHT_RANGE,
    red_lines: str | None = None,
) -> Tornado:
    """Tornado data: score swings as each weight, then each score, moves over a range.

    Parameters
    ----------
    model
        The decision model.
    method, method_params
        The ranking method and its parameters.
    weight_range
        Each weight moves from ``weight_range[0]`` to ``weight_range[1]`` times
        its value, the other weights unchanged (default: half to one and a half).
        Each score moves over its own low-high range from the case.
    red_lines
        The red-line policy (``None``: the model's default). The scores are the
        method's under ``"last"`` and ``"ignore"`` alike; under ``"exclude"`` the
        method sees the acceptable options alone and the tables hold only them.
        ``params["red_lines"]`` records the policy.

    >>> import matrix
    >>> data = matrix.tornado(matrix.load_case())
    >>> data.weights.columns.tolist()[:4]
    ['criterion', 'option', 'weight_low', 'weight_high']
    """
    how = redlines.policy(model, red_lines)
    model, screen = policy_model(model, how, analysis="the tornado")
    evaluator = Evaluator(model, method, method_params, red_lines=screen)
    if not isinstance(weight_range, tuple | list) or len(weight_range) != 2:
        raise MethodError(f"weight_range must be a pair (low, high); got {weight_range!r}")
    low_factor = check_number(weight_range[0], "weight_range low", low=0)
    high_factor = check_number(weight_range[1], "weight_range high", low=low_factor)
    base = evaluator.base.scores.to_numpy()
    raw = model.weights.to_numpy()
    n, m = model.shape
    ends = []
    for j in range(m):
        for factor in (low_factor, high_factor):
            changed = raw.copy()
            changed[j] *= factor
            total = changed.sum()
            ends.append(changed / total if total > 0 else raw / raw.sum())
    shares = np.array(ends)
    scores, _ = evaluator(shares)
    weight_rows = pd.DataFrame(
        {
            "criterion": np.repeat(model.criterion_ids, n),
            "option": np.tile(model.option_ids, m),
            "weight_low": np.repeat(shares[0::2, :].diagonal(), n),
            "weight_high": np.repeat(shares[1::2, :].diagonal(), n),
            "score_low": scores[0::2].ravel(),
            "score_high": scores[1::2].ravel(),
            "base": np.tile(base, m),
        }
    )
    weight_rows["swing"] = (weight_rows["score_high"] - weight_rows["score_low"]).abs()

    low, high = model.low.to_numpy(), model.high.to_numpy()
    moved_low, moved_high = _own_scores(evaluator, low), _own_scores(evaluator, high)
    score_rows = pd.DataFrame(
        {
            "option": np.repeat(model.option_ids, m),
            "criterion": np.tile(model.criterion_ids, n),
            "low": low.ravel(),
            "high": high.ravel(),
            "score_low": moved_low.ravel(),
            "score_high": moved_high.ravel(),
            "base": np.repeat(base, m),
        }
    )
    score_rows["swing"] = (score_rows["score_high"] - score_rows["score_low"]).abs()
    params = {
        "method": method,
        **evaluator.params,
        "weight_range": (low_factor, high_factor),
        "red_lines": how,
    }
    return Tornado(weights=weight_rows, scores=score_rows, params=params)
