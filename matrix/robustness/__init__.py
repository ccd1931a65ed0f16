"""How fragile is the answer: sensitivity, break-even weights, Monte Carlo and scenarios.

- :func:`weight_sweep`, :func:`break_even`, :func:`tornado`: one-way sensitivity
  to each weight (and, for the tornado, each score);
- :func:`flip_winner`: the smallest single weight or score change that changes
  first place;
- :func:`rank_acceptability`: SMAA-2 rank acceptability indices, central weights
  and confidence factors from random weights and scores;
- :func:`scenario_analysis`: ranks, regret and the minimax-regret choice over the
  case's scenarios;
- :func:`robustness_summary`: all of it at once, in plain words.

Every function takes ``method=`` (any key of :data:`matrix.METHODS`) and works
through :func:`matrix.evaluate`; methods with a vectorised scorer in
:data:`BATCH_SCORERS` run much faster.
"""

from matrix.robustness.batch import BATCH_SCORERS, Batch, BatchScorer
from matrix.robustness.flip import WinnerFlip, flip_winner, score_thresholds
from matrix.robustness.montecarlo import (
    DEFAULT_CONCENTRATION,
    DEFAULT_SAMPLES,
    DEFAULT_SEED,
    SCORE_DISTRIBUTIONS,
    WEIGHT_DISTRIBUTIONS,
    RankAcceptability,
    rank_acceptability,
)
from matrix.robustness.scenarios import BASE_SCENARIO, ScenarioAnalysis, scenario_analysis
from matrix.robustness.sensitivity import WEIGHT_RANGE, Tornado, break_even, tornado, weight_sweep
from matrix.robustness.summary import RobustnessSummary, robustness_summary

__all__ = [
    "BASE_SCENARIO",
    "BATCH_SCORERS",
    "DEFAULT_CONCENTRATION",
    "DEFAULT_SAMPLES",
    "DEFAULT_SEED",
    "SCORE_DISTRIBUTIONS",
    "WEIGHT_DISTRIBUTIONS",
    "WEIGHT_RANGE",
    "Batch",
    "BatchScorer",
    "RankAcceptability",
    "RobustnessSummary",
    "ScenarioAnalysis",
    "Tornado",
    "WinnerFlip",
    "break_even",
    "flip_winner",
    "rank_acceptability",
    "robustness_summary",
    "scenario_analysis",
    "score_thresholds",
    "tornado",
    "weight_sweep",
]
