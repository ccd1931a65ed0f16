"""Plain-language readings of a result: what the CLI prints and the workbook shows."""

from __future__ import annotations

import numpy as np
import pandas as pd

from matrix.methods import Ranking
from matrix.methods.wsm import scale_normalize
from matrix.model import DecisionModel

__all__ = ["ranking_table", "strengths"]


def strengths(model: DecisionModel) -> pd.DataFrame:
    """Each option's strongest and weakest criterion.

    The strongest criterion adds the most to the option's weighted sum
    (weight x normalised score); the weakest is where the option gives up the
    most (weight x (1 - normalised score)). Ties go to the criterion listed first.

    Returns a DataFrame indexed by option id with columns ``strongest`` and
    ``weakest`` (criterion ids).
    """
    bounds = model.bounds
    normalized = scale_normalize(
        model.values, bounds["min"].to_numpy(), bounds["max"].to_numpy(), model.is_max
    )
    weights = model.normalized_weights.to_numpy()
    ids = np.array(model.criterion_ids, dtype=object)
    return pd.DataFrame(
        {
            "strongest": ids[np.argmax(normalized * weights, axis=1)],
            "weakest": ids[np.argmax((1.0 - normalized) * weights, axis=1)],
        },
        index=pd.Index(model.option_ids, name="option"),
    )


def ranking_table(model: DecisionModel, result: Ranking) -> pd.DataFrame:
    """Rank, option label, score, strongest and weakest criterion (labels), best first."""
    labels = {o.id: o.label for o in model.options}
    criteria = {c.id: c.label for c in model.criteria}
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
