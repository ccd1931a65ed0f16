"""All three robustness analyses at once, and what they say in plain words.

>>> import matrix
>>> from matrix.robustness import robustness_summary
>>> summary = robustness_summary(matrix.load_case(), samples=1_000, seed=1)
>>> summary.sentences()[0].startswith("Diplomatic surge is first in ")
True
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import matrix.robustness.montecarlo as montecarlo
from matrix import redlines
from matrix.methods import Ranking, evaluate
from matrix.model import DecisionModel
from matrix.robustness.flip import WinnerFlip, flip_winner
from matrix.robustness.montecarlo import (
    DEFAULT_SAMPLES,
    DEFAULT_SEED,
    Progress,
    RankAcceptability,
    rank_acceptability,
)
from matrix.robustness.scenarios import ScenarioAnalysis, scenario_analysis

__all__ = ["RobustnessSummary", "robustness_summary"]


@dataclass(frozen=True)
class RobustnessSummary:
    """Monte Carlo, break-even and scenario results for one model and method.

    ``acceptability`` is None for a case with more options than the Monte Carlo
    analysis holds (:data:`~matrix.robustness.montecarlo.MAX_OPTIONS`).
    """

    model: DecisionModel
    ranking: Ranking
    acceptability: RankAcceptability | None
    flip: WinnerFlip
    scenarios: ScenarioAnalysis | None

    def sentences(self) -> list[str]:
        """The findings in plain words, with the numbers of this run
        (:func:`matrix.text.robustness.summary_sentences`)."""
        from matrix.text.robustness import summary_sentences

        return summary_sentences(self)


def robustness_summary(
    model: DecisionModel,
    *,
    method: str = "wsm",
    method_params: Mapping[str, Any] | None = None,
    samples: int = DEFAULT_SAMPLES,
    seed: int | None = DEFAULT_SEED,
    progress: Progress | None = None,
    red_lines: str | None = None,
) -> RobustnessSummary:
    """Run the Monte Carlo analysis (default distributions), the break-even and
    score-flip search and, when the case has scenarios, the scenario analysis, all
    under the red-line policy ``red_lines`` (``None``: the model's default;
    ``"exclude"`` is refused by the Monte Carlo analysis). The Monte Carlo
    analysis is left out (``acceptability`` None) for a case with more options
    than it holds."""
    how = redlines.policy(model, red_lines)
    acceptability = (
        rank_acceptability(
            model,
            method=method,
            method_params=method_params,
            samples=samples,
            seed=seed,
            progress=progress,
            red_lines=how,
        )
        if len(model.options) <= montecarlo.MAX_OPTIONS
        else None
    )
    flip = flip_winner(model, method=method, method_params=method_params, red_lines=how)
    scenarios = None
    if model.scenarios:
        scenarios = scenario_analysis(
            model, method=method, method_params=method_params, red_lines=how
        )
    return RobustnessSummary(
        model=model,
        ranking=evaluate(model, method, red_lines=how, **dict(method_params or {})),
        acceptability=acceptability,
        flip=flip,
        scenarios=scenarios,
    )
