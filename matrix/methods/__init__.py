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

import inspect
from collections.abc import Callable
from typing import Any

from matrix.errors import MethodError
from matrix.methods._result import RANK_DECIMALS, Ranking, competition_ranks
from matrix.methods.compare import Comparison, compare, method_label
from matrix.methods.consensus import consensus, consensus_rule
from matrix.methods.promethee import promethee2
from matrix.methods.topsis import topsis
from matrix.methods.vikor import vikor
from matrix.methods.wpm import wpm
from matrix.methods.wsm import wsm
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

#: Every ranking method, by the name the CLI, the workbook and :func:`evaluate` use.
METHODS: dict[str, Callable[..., Ranking]] = {
    "wsm": wsm,
    "wpm": wpm,
    "topsis": topsis,
    "vikor": vikor,
    "promethee2": promethee2,
    "consensus": consensus,
}


def method_params(name: str) -> dict[str, Any]:
    """The parameters a method takes, with their defaults."""
    signature = inspect.signature(METHODS[name])
    return {
        p.name: p.default
        for p in list(signature.parameters.values())[1:]
        if p.kind is inspect.Parameter.KEYWORD_ONLY
    }


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
    if method not in METHODS:
        raise MethodError(f"unknown method {method!r}; choose one of {', '.join(METHODS)}")
    accepted = method_params(method)
    unknown = sorted(set(params) - set(accepted))
    if unknown:
        valid = ", ".join(accepted) if accepted else "none"
        raise MethodError(
            f"method {method!r} has no parameter {unknown[0]!r}; its parameters: {valid}"
        )
    from matrix.redlines import policy, ranked

    if method == "consensus":  # each method ranks under the policy, then they are combined
        rule = consensus_rule(params.get("rule", "borda"))
        return compare(model, rule=rule, red_lines=policy(model, red_lines)).consensus
    return ranked(model, lambda m: METHODS[method](m, **params), red_lines, method=method)
