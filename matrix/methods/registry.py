"""The methods that rank from the data, by name, and how a named method is run.

The consensus (:mod:`matrix.methods.compare`) combines these; :data:`matrix.METHODS`
lists them and it. Keeping the rankers here lets the comparison run them without
importing the package that lists the comparison's own consensus.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Mapping
from typing import Any

from matrix.errors import MethodError
from matrix.methods._result import Ranking
from matrix.methods.promethee import promethee2
from matrix.methods.topsis import topsis
from matrix.methods.vikor import vikor
from matrix.methods.wpm import wpm
from matrix.methods.wsm import wsm
from matrix.model import DecisionModel

__all__ = ["RANKERS", "check", "parameters", "run"]

#: The methods that rank the options from the scores and weights, by name.
RANKERS: dict[str, Callable[..., Ranking]] = {
    "wsm": wsm,
    "wpm": wpm,
    "topsis": topsis,
    "vikor": vikor,
    "promethee2": promethee2,
}


def parameters(method: Callable[..., Ranking]) -> dict[str, Any]:
    """The keyword parameters a method takes, with their defaults."""
    signature = inspect.signature(method)
    return {
        p.name: p.default
        for p in list(signature.parameters.values())[1:]
        if p.kind is inspect.Parameter.KEYWORD_ONLY
    }


def run(
    registry: Mapping[str, Callable[..., Ranking]],
    model: DecisionModel,
    method: str,
    params: Mapping[str, Any],
) -> Ranking:
    """Run the method named ``method`` of ``registry``, its name and parameters checked."""
    check(registry, method, params)
    return registry[method](model, **params)


def check(
    registry: Mapping[str, Callable[..., Ranking]], method: str, params: Mapping[str, Any]
) -> None:
    """Raise a :class:`~matrix.MethodError` unless ``method`` is in ``registry`` and takes
    every one of ``params``."""
    if method not in registry:
        raise MethodError(f"unknown method {method!r}; choose one of {', '.join(registry)}")
    accepted = parameters(registry[method])
    unknown = sorted(set(params) - set(accepted))
    if unknown:
        valid = ", ".join(accepted) if accepted else "none"
        raise MethodError(
            f"method {method!r} has no parameter {unknown[0]!r}; its parameters: {valid}"
        )
