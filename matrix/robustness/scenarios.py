"""Scenarios and regret: which option holds up however the world turns out.

Each scenario of the case replaces some scores (:class:`matrix.model.Scenario`).
The options are ranked in every scenario; an option's *regret* in a scenario is
its shortfall from the best option there, on the method's own score (0 for the
option that is first). The *minimax-regret* choice is the option whose largest
regret over the scenarios is smallest: the safest choice when no scenario can be
ruled out and none is thought more likely than another.

The ranks in each scenario follow the model's red-line policy (``red_lines``;
see :mod:`matrix.redlines`), with that scenario's scores: under ``"last"`` an
option that crosses a red line there ranks after the acceptable ones and its
regret is measured from the best acceptable option (the first); under
``"exclude"`` it has no score, rank or regret there.

>>> import matrix
>>> analysis = matrix.scenario_analysis(matrix.load_case())
>>> analysis.regret.min().round(12).unique().tolist()
[0.0]
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from matrix import redlines
from matrix.errors import ValidationError
from matrix.methods import METHODS, RANK_DECIMALS, Ranking
from matrix.model import DecisionModel
from matrix.robustness.batch import Evaluator

__all__ = ["BASE_SCENARIO", "ScenarioAnalysis", "scenario_analysis"]

#: The column for the case as scored, before any scenario's changes.
BASE_SCENARIO = "as_scored"


@dataclass(frozen=True)
class ScenarioAnalysis:
    """The result of :func:`scenario_analysis`.

    Attributes
    ----------
    scores, ranks
        Options x scenarios: each option's score and rank in each scenario
        (the first column, ``"as_scored"``, is the case as given, when included).
    regret
        Options x scenarios: the shortfall from the best option's score in
        that scenario (>= 0; 0 for the first).
    max_regret
        Each option's largest regret over the scenarios.
    minimax_regret
        The option(s) with the smallest largest regret (several when tied).
    wins
        In how many scenarios each option is first (ties count for each).
    best_in_most
        The option(s) first in the most scenarios.
    labels
        Each scenario's label, by scenario id.
    higher_is_better
        Whether a higher score is better under the method.
    params
        ``method``, its parameters and ``include_base``.
    """

    scores: pd.DataFrame
    ranks: pd.DataFrame
    regret: pd.DataFrame
    max_regret: pd.Series
    minimax_regret: tuple[str, ...]
    wins: pd.Series
    best_in_most: tuple[str, ...]
    labels: pd.Series
    higher_is_better: bool = True
    params: Mapping[str, Any] = field(default_factory=dict)


def _all_best(values: pd.Series, *, highest: bool) -> tuple[str, ...]:
    rounded = values.round(RANK_DECIMALS)
    target = rounded.max() if highest else rounded.min()
    return tuple(rounded.index[rounded == target])


def scenario_analysis(
    model: DecisionModel,
    *,
    method: str = "wsm",
    method_params: Mapping[str, Any] | None = None,
    include_base: bool = True,
    red_lines: str | None = None,
) -> ScenarioAnalysis:
    """Rank the options in every scenario; regret, minimax regret and wins.

    Parameters
    ----------
    model
        A decision model with scenarios (from ``scenarios.csv`` in a case
        folder, or ``model.replace(scenarios=[...])``).
    method, method_params
        The ranking method and its parameters.
    include_base
        Whether the case as scored counts as one more scenario (``"as_scored"``).
    red_lines
        The red-line policy (``None``: the model's default), applied in each
        scenario to its own scores; ``params["red_lines"]`` records it.

    Raises
    ------
    ValidationError
        When the model defines no scenarios.

    >>> import matrix
    >>> analysis = matrix.scenario_analysis(matrix.load_case())
    >>> analysis.minimax_regret
    ('diplomatic_surge',)
    """
    how = redlines.policy(model, red_lines)
    evaluator = Evaluator(model, method, method_params)
    if not model.scenarios:
        raise ValidationError(
            f"the case {model.info.name!r} defines no scenarios; add scenarios.csv and "
            "scenario_scores.csv to the case folder (format: data/README.md)"
        )
    function = METHODS[method]

    def rank(case: DecisionModel) -> Ranking:
        return redlines.ranked(case, lambda m: function(m, **evaluator.params), how, method=method)

    results: dict[str, Ranking] = {}
    labels: dict[str, str] = {}
    if include_base:
        results[BASE_SCENARIO] = rank(model)
        labels[BASE_SCENARIO] = "As scored"
    for scen in model.scenarios:
        results[scen.id] = rank(model.in_scenario(scen.id))
        labels[scen.id] = scen.label
    scores = pd.DataFrame({k: r.scores for k, r in results.items()})
    scores.columns.name = "scenario"
    ranks = pd.DataFrame({k: r.ranks for k, r in results.items()})
    ranks.columns.name = "scenario"
    if how == "ignore":
        ranks = ranks.astype(np.int64)
    higher = evaluator.higher_is_better
    # the best score each scenario ranks first (under "last", the best acceptable one)
    first = scores.where(ranks == 1)
    best = first.max() if higher else first.min()
    regret = (best - scores) if higher else (scores - best)
    regret = regret.clip(lower=0.0)
    max_regret = regret.max(axis=1).rename("max regret")
    wins = (ranks == 1).sum(axis=1).rename("wins")
    return ScenarioAnalysis(
        scores=scores,
        ranks=ranks,
        regret=regret,
        max_regret=max_regret,
        minimax_regret=_all_best(max_regret, highest=False),
        wins=wins,
        best_in_most=_all_best(wins.astype(float), highest=True),
        labels=pd.Series(labels, name="label"),
        higher_is_better=higher,
        params={
            "method": method,
            **evaluator.params,
            "include_base": include_base,
            "red_lines": how,
        },
    )
