"""What would flip the winner: the smallest single weight or score change that changes first place.

A *weight* change moves one criterion's share of the weight (the others keep
their proportions; see :func:`matrix.break_even`). A *score* change moves one
score within its criterion's scale (the range of the scores, for a criterion
that declares no scale): either a challenger's score up towards the best end,
or the leader's own score down towards the worst end. Score changes are
compared as a share of the criterion's scale.

For the weighted sum on a declared scale the threshold is exact; otherwise it
is bisected to 1e-6 of the scale, assuming (as holds for the weighted sum) that
once first place has changed it stays changed further along.

Both follow the model's red-line policy (``red_lines``; see :mod:`matrix.redlines`).
Under ``"last"`` a score that moves across a red line takes its option behind
every acceptable one, and an option that crosses a red line can take first place
only by a score change that brings it back to the acceptable side; these
searches are bisected. ``"exclude"`` searches among the acceptable options alone.

>>> import matrix
>>> flip = matrix.flip_winner(matrix.load_case(), red_lines="ignore")
>>> flip.winner, flip.weight["criterion"], flip.weight["new_winner"]
('diplomatic_surge', 'time_to_effect', 'accept_nuclear')
>>> flip = matrix.flip_winner(matrix.load_case())  # the red lines put accept_nuclear last
>>> flip.weight["criterion"], flip.weight["new_winner"]
('cheating_exposure', 'maximum_pressure')
>>> flip.score["criterion"], flip.score["to"]  # its own score falling below the red line
('nuclear_constraint', 2.0)
>>> print(matrix.flip_winner(matrix.load_case(), red_lines="ignore").score)  # on scores alone
None
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from matrix import redlines
from matrix.model import DecisionModel
from matrix.robustness._common import policy_model, winner_index
from matrix.robustness.batch import Evaluator
from matrix.robustness.sensitivity import BISECTION_TOLERANCE, break_even

__all__ = ["WinnerFlip", "flip_winner", "score_thresholds"]


@dataclass(frozen=True)
class WinnerFlip:
    """The smallest changes that would hand first place to another option.

    Attributes
    ----------
    winner
        The option first now.
    weight
        The nearest break-even weight as a dict (``criterion``, ``weight``,
        ``break_even``, ``direction``, ``new_winner``, ``raw_weight``,
        ``raw_break_even``), or None when no single weight change within 0-1 does it.
    score
        The smallest score change as a dict (``option``, ``criterion``,
        ``score``, ``to``, ``change``, ``share_of_scale``, ``new_winner``), or
        None when no single score change within its scale does it.
    weights
        The full break-even table (:func:`matrix.break_even`).
    scores
        Every score that could flip first place on its own
        (:func:`score_thresholds`), smallest change first.
    """

    winner: str
    weight: Mapping[str, Any] | None
    score: Mapping[str, Any] | None
    weights: pd.DataFrame
    scores: pd.DataFrame
    params: Mapping[str, Any] = field(default_factory=dict)


def _exact_thresholds(
    model: DecisionModel, base_scores: np.ndarray, leader: int, ends: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Weighted sum: for every cell, the score at which first place changes (NaN if
    none) and the new winner (-1 if none), while the normalisation's ends (``ends``,
    2 x criteria: the declared scale, or the options' range) stay where they are. Then
    only the cell's own option's score moves, linearly."""
    n, m = model.shape
    to, new = np.full((n, m), math.nan), np.full((n, m), -1, dtype=np.int64)
    weight = model.normalized_weights.to_numpy()
    if n < 2 or m == 0:
        return to, new
    lower, upper = ends[0], ends[1]
    span = upper - lower
    flat = span <= 0  # nothing to move along
    span = np.where(flat, 1.0, span)
    up = model.is_max
    value = model.values
    current = np.where(up, (value - lower) / span, (upper - value) / span)
    others = np.delete(np.arange(n), leader)
    runner = int(others[np.argmax(base_scores[others])])
    safe = np.where(weight > 0, weight, 1.0)
    # challengers rise to the leader's score; the leader falls to the runner-up's
    target = current + (base_scores[leader] - base_scores[:, None]) / safe
    target[leader] = current[leader] - (base_scores[leader] - base_scores[runner]) / safe
    new[:] = np.arange(n)[:, None]
    new[leader] = runner
    never = np.where(np.arange(n)[:, None] == leader, target <= 1e-12, target >= 1.0 - 1e-12)
    never |= (weight <= 0) | flat  # a tie at the very end of the scale changes nothing, nor a 0
    # weight, nor a criterion on which every option scores the same
    target = np.clip(target, 0.0, 1.0)
    moved = np.where(up, lower + target * span, upper - target * span)
    return np.where(never, math.nan, moved), np.where(never, -1, new)


def _bisected_threshold(
    evaluator: Evaluator, model: DecisionModel, leader: int, i: int, j: int, ends: np.ndarray
) -> tuple[float, int]:
    """Any method: move cell (i, j) towards the helpful end of its scale, bisecting."""
    return _bisected_thresholds(evaluator, model, leader, [(i, j)], ends)[0]


def _bisected_thresholds(
    evaluator: Evaluator,
    model: DecisionModel,
    leader: int,
    cells: list[tuple[int, int]],
    ends: np.ndarray,
) -> list[tuple[float, int]]:
    """:func:`_bisected_threshold` of each cell, the cells bisected side by side: each
    step ranks every cell still searching in one call, a draw each."""
    weights = evaluator.shares
    lines = model.red_lines.to_numpy(dtype=float)

    def ranks_at(points: list[tuple[int, int, float]]) -> np.ndarray:
        """The ranks (points, options) with each point's one score moved."""
        values = np.repeat(model.values[None, :, :], len(points), axis=0)
        for draw, (i, j, value) in enumerate(points):
            values[draw, i, j] = value
        return evaluator(np.repeat(weights, len(points), axis=0), values)[1]

    found: list[tuple[float, int]] = [(math.nan, -1)] * len(cells)
    searched = []  # (cell's place in found, i, j, start, end)
    for place, (i, j) in enumerate(cells):
        helps_up = model.is_max[j] != (i == leader)
        end = ends[1, j] if helps_up else ends[0, j]
        start = float(model.values[i, j])
        if end != start:
            searched.append((place, i, j, start, float(end)))
    if not searched:
        return found
    at_end = ranks_at([(i, j, end) for _, i, j, _, end in searched])
    searched = [cell for cell, ranks in zip(searched, at_end, strict=True) if ranks[leader] != 1]
    kept = {place: start for place, _, _, start, _ in searched}
    gone = {place: end for place, _, _, _, end in searched}
    tolerance = {place: BISECTION_TOLERANCE * abs(end - start)
                 for place, _, _, start, end in searched}  # fmt: skip
    while True:
        going = [c for c in searched if abs(gone[c[0]] - kept[c[0]]) > tolerance[c[0]]]
        if not going:
            break
        points = [(i, j, (kept[place] + gone[place]) / 2) for place, i, j, _, _ in going]
        for (place, *_), (_, _, middle), row in zip(going, points, ranks_at(points), strict=True):
            if row[leader] > 1:
                gone[place] = middle
            else:
                kept[place] = middle
    if not searched:
        return found
    at_gone = ranks_at([(i, j, gone[place]) for place, i, j, _, _ in searched])
    for (place, _, j, _, _), row in zip(searched, at_gone, strict=True):
        low, high = min(kept[place], gone[place]), max(kept[place], gone[place])
        if evaluator.screens and low <= lines[j] <= high:  # first place changes at the red line
            found[place] = (float(lines[j]), winner_index(row))
        else:
            found[place] = ((kept[place] + gone[place]) / 2, winner_index(row))
    return found


def score_thresholds(
    model: DecisionModel,
    *,
    method: str = "wsm",
    method_params: Mapping[str, Any] | None = None,
    red_lines: str | None = None,
) -> pd.DataFrame:
    """For every score, the value at which, moved alone, it changes first place.

    Challengers' scores move towards the best end of the scale and the
    leader's towards the worst end. Returns one row per option and criterion:
    ``option``, ``criterion``, ``score``, ``to`` (NaN when no value within the
    scale does it), ``change`` (``to - score``), ``share_of_scale``
    (``|change|`` over the scale's width) and ``new_winner``, sorted by
    ``share_of_scale``. At ``to`` the two options tie, or (under the ``"last"``
    red-line policy) the moved score reaches a red line. ``red_lines`` is the
    policy (``None``: the model's default); under ``"exclude"`` the table holds
    the acceptable options alone. ``attrs`` holds ``winner``, ``method`` and
    ``red_lines``.
    """
    how = redlines.policy(model, red_lines)
    model, screen = policy_model(model, how, analysis="the score-flip search")
    evaluator = Evaluator(model, method, method_params, red_lines=screen)
    base = evaluator.base
    ids = model.option_ids
    leader = ids.index(base.winner)
    bounds = model.bounds
    ends = bounds[["min", "max"]].to_numpy().T
    base_scores = base.scores.to_numpy()
    n, m = model.shape
    to, new = np.full((n, m), math.nan), np.full((n, m), -1, dtype=np.int64)
    exact = method == "wsm" and evaluator.params.get("normalization", "scale") == "scale"
    if exact and not evaluator.screens:
        to, new = _exact_thresholds(model, base_scores, leader, ends)
        # On a criterion with no declared scale the options' range is the scale: a score
        # that alone holds its column's lowest or highest value moves the range when it
        # moves, and every option's normalised score with it. Those cells are bisected.
        values = model.values
        lone = np.zeros((n, m), dtype=bool)
        for end in ends:
            at_end = values == end
            lone |= at_end & (at_end.sum(axis=0) == 1)
        lone[:, [c.has_scale for c in model.criteria]] = False
        cells: list[tuple[int, int]] = [
            (int(i), int(j)) for i, j in zip(*np.nonzero(lone), strict=True)
        ]
    else:
        cells = [(i, j) for j in range(m) for i in range(n)]
    for (i, j), (moved, winner) in zip(
        cells, _bisected_thresholds(evaluator, model, leader, cells, ends), strict=True
    ):
        to[i, j], new[i, j] = moved, winner
    span = ends[1] - ends[0]
    change = to - model.values
    with np.errstate(invalid="ignore", divide="ignore"):
        share = np.where(span > 0, np.abs(change) / np.where(span > 0, span, 1.0), math.nan)
    names = np.array([*ids, ""], dtype=object)
    table = pd.DataFrame(
        {
            "option": np.repeat(ids, m),
            "criterion": np.tile(model.criterion_ids, n),
            "score": model.values.ravel().astype(float),
            "to": to.ravel(),
            "change": change.ravel(),
            "share_of_scale": share.ravel(),
            "new_winner": names[new.ravel()],
        }
    )
    table = table.sort_values("share_of_scale", kind="stable", na_position="last")
    table = table.reset_index(drop=True)
    table.attrs.update({"winner": base.winner, "method": method, "red_lines": how})
    return table


def flip_winner(
    model: DecisionModel,
    *,
    method: str = "wsm",
    method_params: Mapping[str, Any] | None = None,
    red_lines: str | None = None,
) -> WinnerFlip:
    """The smallest single weight change and single score change that change first place.

    ``red_lines`` is the red-line policy both searches follow (``None``: the
    model's default; see :func:`matrix.break_even` and :func:`score_thresholds`).

    >>> import pandas as pd
    >>> from matrix import from_frame
    >>> table = pd.DataFrame({"x": [6.0, 5.0], "y": [5.0, 5.0]}, index=["a", "b"])
    >>> model = from_frame(table, directions=["max", "max"], weights=[1, 1],
    ...                    scales={"x": (0, 10), "y": (0, 10)})
    >>> flip = flip_winner(model)
    >>> flip.score["option"], flip.score["criterion"], round(flip.score["to"], 9)
    ('a', 'x', 5.0)
    >>> flip.score["new_winner"], flip.weight   # no weight change alone puts b first
    ('b', None)
    """
    how = redlines.policy(model, red_lines)
    weights = break_even(model, method=method, method_params=method_params, red_lines=how)
    scores = score_thresholds(model, method=method, method_params=method_params, red_lines=how)
    weight = None
    candidates = weights[weights["direction"] != "never"]
    if len(candidates):
        distance = (candidates["break_even"] - candidates["weight"]).abs()
        criterion = str(distance.idxmin())
        row = {str(k): v for k, v in candidates.loc[criterion].to_dict().items()}
        weight = {
            "criterion": criterion,
            **{
                key: row[key] if isinstance(row[key], str) else float(row[key])
                for key in (
                    "weight",
                    "break_even",
                    "direction",
                    "new_winner",
                    "raw_weight",
                    "raw_break_even",
                )
            },
        }
    score = None
    found = scores.dropna(subset=["to"])
    if len(found):
        score = {
            str(key): value if isinstance(value, str) else float(value)
            for key, value in found.iloc[0].to_dict().items()
        }
    return WinnerFlip(
        winner=weights.attrs["winner"],
        weight=weight,
        score=score,
        weights=weights,
        scores=scores,
        params={"method": method, **dict(method_params or {}), "red_lines": how},
    )
