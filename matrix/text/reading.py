"""Plain-language readings of a result: what the CLI prints and the workbook shows."""

from __future__ import annotations

import numpy as np
import pandas as pd

from matrix.methods import Ranking
from matrix.methods.wsm import scale_normalize
from matrix.model import DecisionModel

__all__ = ["NO_CRITERION", "against_average", "ranking_table", "strengths"]

#: What stands for "no such criterion": an option as good as the average option everywhere
#: has no strongest criterion, one at least as good everywhere has no weakest.
NO_CRITERION = "—"

#: Deviations from the average option are compared after rounding to this many decimals
#: (as the workbook's ROUND does), so that floating-point noise neither breaks a tie
#: between criteria nor makes a criterion on which every option scores alike count.
STRENGTH_DECIMALS = 12


def against_average(model: DecisionModel) -> np.ndarray:
    """Options x criteria: each option's weighted points on a criterion (weight share x
    normalised score) minus the average option's, rounded to :data:`STRENGTH_DECIMALS`.

    The workbook's Calculation sheet computes the same table with
    ``ROUND(points - SUM(column) / n, 12)``.
    """
    bounds = model.bounds
    normalized = scale_normalize(
        model.values, bounds["min"].to_numpy(), bounds["max"].to_numpy(), model.is_max
    )
    weighted = normalized * model.normalized_weights.to_numpy()
    return np.round(weighted - weighted.sum(axis=0) / len(weighted), STRENGTH_DECIMALS)


def strengths(model: DecisionModel) -> pd.DataFrame:
    """Each option's strongest and weakest criterion, against the average option.

    On each criterion, an option's weighted points (weight share x normalised
    score) are compared with the average option's. The strongest criterion is
    where the option gains the most over the average, the weakest where it loses
    the most; ties go to the criterion listed first. So the two are never the
    same criterion, and a criterion on which every option scores alike (it
    separates no one) is neither. An option never above the average has no
    strongest criterion, one never below it no weakest: :data:`NO_CRITERION`.

    Returns a DataFrame indexed by option id with columns ``strongest`` and
    ``weakest`` (criterion ids, or :data:`NO_CRITERION`).

    >>> import matrix
    >>> strengths(matrix.load_case()).loc["military_strike"].tolist()
    ['cheating_exposure', 'war_risk']
    """
    against = against_average(model)
    ids = np.array(model.criterion_ids, dtype=object)
    return pd.DataFrame(
        {
            "strongest": np.where(
                against.max(axis=1) > 0, ids[np.argmax(against, axis=1)], NO_CRITERION
            ),
            "weakest": np.where(
                against.min(axis=1) < 0, ids[np.argmin(against, axis=1)], NO_CRITERION
            ),
        },
        index=pd.Index(model.option_ids, name="option"),
    )


def ranking_table(model: DecisionModel, result: Ranking) -> pd.DataFrame:
    """Rank, option label, score, strongest and weakest criterion (labels), best first."""
    labels = {o.id: o.label for o in model.options}
    criteria = {c.id: c.label for c in model.criteria} | {NO_CRITERION: NO_CRITERION}
    profile = strengths(model)
    order = result.order
    return pd.DataFrame(
        {
            "rank": result.ranks.loc[order].to_numpy(),
            "option": [labels[o] for o in order],
            "score": result.scores.loc[order].to_numpy(),
            "strongest": [criteria[c] for c in profile.loc[order, "strongest"]],
            "weakest": [criteria[c] for c in profile.loc[order, "weakest"]],
        },
        index=pd.Index(order, name="id"),
    )
