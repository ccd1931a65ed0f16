"""Hypothesis strategies for decision models that sit on the edges.

Random continuous models (``helpers.random_model``) almost never produce the
cases where code branches: tied options, a criterion on which every option
scores the same, a single option, criteria of weight 0, scores at the very ends
of their scale. :func:`edge_models` draws those on purpose, each often, and
shrinks towards them.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import strategies as st

from matrix.model import Criterion, DecisionModel, Option

#: Every criterion that declares a scale declares this one.
SCALE = (0.0, 10.0)

# halves on the scale, with the ends drawn as often as everything else together
_SCORES = st.one_of(st.sampled_from(SCALE), st.integers(0, 20).map(lambda k: k / 2))


@st.composite
def edge_models(
    draw: st.DrawFn,
    *,
    min_options: int = 1,
    max_options: int = 5,
    max_criteria: int = 4,
    ranges: bool = False,
) -> DecisionModel:
    """A small model with ties, constant columns, zero weights and scores at the scale ends.

    Parameters
    ----------
    min_options, max_options, max_criteria
        The size drawn (at least one criterion).
    ranges
        Give scores a low-high range (some ranges are a single point, some reach
        the ends of the scale).
    """
    n = draw(st.integers(min_options, max_options))
    m = draw(st.integers(1, max_criteria))
    values = np.array([[draw(_SCORES) for _ in range(m)] for _ in range(n)], dtype=float)
    if n > 1 and draw(st.booleans()):  # two identical options
        values[draw(st.integers(1, n - 1))] = values[0]
    if draw(st.booleans()):  # a criterion on which every option scores the same
        j = draw(st.integers(0, m - 1))
        values[:, j] = values[0, j]
    weights = [draw(st.sampled_from([0, 0, 1, 2, 3, 5])) for _ in range(m)]
    if sum(weights) == 0:
        weights[draw(st.integers(0, m - 1))] = 1
    criteria = [
        Criterion(
            id=f"c{j}",
            direction=draw(st.sampled_from(["max", "min"])),
            weight=float(weights[j]),
            # an undeclared scale: the methods use the range of the options' scores
            scale_min=SCALE[0] if declared else None,
            scale_max=SCALE[1] if declared else None,
        )
        for j, declared in enumerate(draw(st.lists(st.booleans(), min_size=m, max_size=m)))
    ]
    rows, cols = [f"o{i}" for i in range(n)], [c.id for c in criteria]
    scores = pd.DataFrame(values, index=rows, columns=cols)
    low = high = None
    if ranges:
        below = np.array([[draw(st.sampled_from([0.0, 0.5, 2.0])) for _ in cols] for _ in rows])
        above = np.array([[draw(st.sampled_from([0.0, 1.0, 3.0])) for _ in cols] for _ in rows])
        low = pd.DataFrame(np.clip(values - below, *SCALE), index=rows, columns=cols)
        high = pd.DataFrame(np.clip(values + above, *SCALE), index=rows, columns=cols)
    return DecisionModel([Option(id=r) for r in rows], criteria, scores, low=low, high=high)


def describe(model: DecisionModel) -> str:
    """The model as text, for hypothesis to print beside a failing example."""
    criteria = [
        f"{c.id}: {c.direction}, weight {c.weight:g}, scale {c.scale_min}-{c.scale_max}"
        for c in model.criteria
    ]
    parts = ["\n".join(criteria), model.scores.to_string()]
    if bool((model.high.to_numpy() > model.low.to_numpy()).any()):
        parts += ["low:", model.low.to_string(), "high:", model.high.to_string()]
    return "\n".join(parts)
