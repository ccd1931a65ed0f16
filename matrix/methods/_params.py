"""Checks of method parameters, and the plain-language description each method carries.

Parameters may come from the command line as text, so each is checked for
type and range here, with a message naming the method, the parameter, the bad
value and what was expected.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from numbers import Real
from typing import Any, TypeVar

from matrix.errors import MethodError
from matrix.validation import fmt_number

__all__ = ["choice", "describe", "number"]

F = TypeVar("F", bound=Callable[..., Any])


def describe(label: str, score: str, short: str = "") -> Callable[[F], F]:
    """Attach a display ``label``, a ``short`` one and what its ``score`` means to a method.

    >>> @describe("Example method", "points (higher is better)", "EX")
    ... def example(model): ...
    >>> example.label, example.short
    ('Example method', 'EX')
    """

    def mark(func: F) -> F:
        func.label = label  # type: ignore[attr-defined]
        func.short = short or label  # type: ignore[attr-defined]
        func.score_meaning = score  # type: ignore[attr-defined]
        return func

    return mark


def _shown(value: object) -> str:
    if isinstance(value, Real) and not isinstance(value, bool):
        return fmt_number(float(value))
    return repr(value)


def choice(method: str, name: str, value: object, allowed: Iterable[str]) -> str:
    """``value`` if it is one of ``allowed``, else a :class:`MethodError`.

    >>> choice("wsm", "normalization", "max", ["scale", "max"])
    'max'
    """
    allowed = list(allowed)
    if not isinstance(value, str) or value not in allowed:
        raise MethodError(
            f"{method}: {name} must be one of {', '.join(allowed)}; got {_shown(value)}"
        )
    return value


def number(
    method: str,
    name: str,
    value: object,
    *,
    low: float | None = None,
    high: float | None = None,
    above: float | None = None,
    what: str = "",
) -> float:
    """``value`` as a finite float within the bounds, else a :class:`MethodError`.

    ``low``/``high`` are inclusive bounds; ``above`` is an exclusive lower bound.

    >>> number("vikor", "v", 0.25, low=0, high=1)
    0.25
    """
    if low is not None and high is not None:
        expected = f"a number from {fmt_number(low)} to {fmt_number(high)}"
    elif above is not None:
        expected = f"a number > {fmt_number(above)}"
    elif low is not None:
        expected = f"a number >= {fmt_number(low)}"
    else:
        expected = "a finite number"
    if what:
        expected += f" ({what})"
    ok = isinstance(value, Real) and not isinstance(value, bool) and math.isfinite(float(value))
    if ok:
        x = float(value)  # type: ignore[arg-type]
        ok = (
            (low is None or x >= low)
            and (high is None or x <= high)
            and (above is None or x > above)
        )
    if not ok:
        raise MethodError(f"{method}: {name} must be {expected}; got {_shown(value)}")
    return float(value)  # type: ignore[arg-type]
