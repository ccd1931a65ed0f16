"""Ranking methods: one module each, one registry, one result type.

Each method is a plain function ``method(model, **params) -> Ranking`` built on
an array function that does the arithmetic without validation. Call them
through :func:`evaluate`, which checks the method name and parameters, or
compare them all with :func:`compare`.

=============  ===============================  =====================================
name           method                           parameters (default first)
=============  ===============================  =====================================
``wsm``        weighted sum                     ``normalization``: scale, max, minmax,
                                                vector, sum, none
``wpm``        weighted product                 none
``topsis``     TOPSIS (Hwang & Yoon 1981)       ``normalization``: vector, minmax
``vikor``      VIKOR (Opricovic & Tzeng 2004)   ``v``: 0.5 (0 to 1)
``promethee2`` PROMETHEE II net flow            ``preference``: usual, ushape, vshape,
                                                level, linear, gaussian; ``q``, ``p``, ``s``
``consensus``  Borda or Copeland over the rest  ``rule``: borda, copeland
=============  ===============================  =====================================

Weights are always normalised to sum 1 and each criterion's direction
(``max``/``min``) is taken into account by the method itself.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from matrix.methods._result import RANK_DECIMALS, Ranking, competition_ranks
from matrix.methods.compare import CONSENSUS, Comparison, compare, consensus, method_label
from matrix.methods.consensus import consensus_rule
from matrix.methods.registry import RANKERS, check, parameters, run
from matrix.model import DecisionModel

__all__ = [
    "METHODS",
    "RANK_DECIMALS",
    "Comparison",
    "Ranking",
    "compare",
    "competition_ranks",
    "evaluate",
    "method_label",
]

#: Every ranking method, by the name the CLI, the workbook and :func:`evaluate` use: the
#: methods that rank from the data, and their consensus.
METHODS: dict[str, Callable[..., Ranking]] = {**RANKERS, CONSENSUS: consensus}


def method_params(name: str) -> dict[str, Any]:
    """The parameters a method takes, with their defaults."""
    return parameters(METHODS[name])


def evaluate(
    model: DecisionModel, method: str = "wsm", *, red_lines: str | None = None, **params: Any
) -> Ranking:
    """Rank the options of ``model`` with one method.

    Parameters
    ----------
    model
        A validated decision model.
    method
        One of the keys of :data:`METHODS`.
    red_lines
        How options that cross a red line are ranked: ``"last"`` (the default
        when the model has a red line), ``"ignore"`` or ``"exclude"``; see
        :mod:`matrix.redlines`. The result's ``crossings`` and ``acceptable``
        say which options cross which lines.
    **params
        The method's own parameters.

    Raises
    ------
    MethodError
        For an unknown method or parameter, naming the valid ones.

    >>> import matrix
    >>> model = matrix.load_case()
    >>> result = matrix.evaluate(model, "wsm")
    >>> int(result.ranks[result.winner])
    1
    """
    from matrix.redlines import policy, ranked

    check(METHODS, method, params)
    if method == CONSENSUS:  # each method ranks under the policy, then they are combined
        rule = consensus_rule(params.get("rule", "borda"))
        return compare(model, rule=rule, red_lines=policy(model, red_lines)).consensus
    return ranked(model, lambda m: run(METHODS, m, method, params), red_lines, method=method)
