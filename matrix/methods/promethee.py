"""PROMETHEE II: net outranking flows (Brans & Vincke 1985; Brans, Vincke & Mareschal 1986).

For two options a and b and criterion j, ``d = x_aj - x_bj`` (negated for a
``min`` criterion) is how much better a is. A preference function turns d into
a degree of preference ``P_j(d)`` from 0 to 1 (0 whenever d <= 0):

==========  ===========================  ==========================================
name        Brans' type                  P(d) for d > 0
==========  ===========================  ==========================================
usual       I, usual criterion           1
ushape      II, quasi-criterion (U)      1 if d > q, else 0
vshape      III, linear preference (V)   d / p up to p, then 1
level       IV, level criterion          0 up to q, 1/2 up to p, then 1
linear      V, V-shape with indifference 0 up to q, (d - q)/(p - q) up to p, then 1
gaussian    VI, Gaussian                 1 - exp(-d**2 / (2 s**2))
==========  ===========================  ==========================================

q (indifference), p (strict preference) and s (Gaussian inflection) are in the
criterion's own units; each may be one number for every criterion that uses it
or a mapping ``{criterion id: value}``. ``preference`` may also be a mapping
``{criterion id: name}``; criteria it does not name use ``"usual"``.

With weights summing to 1, ``pi(a, b) = sum_j w_j P_j(d)``. The flows are
divided by m - 1 (m options), as in Brans & Mareschal (2005):

    phi+(a) = sum_b pi(a, b) / (m - 1)     how much a outranks the others (0-1)
    phi-(a) = sum_b pi(b, a) / (m - 1)     how much the others outrank a (0-1)
    phi(a)  = phi+(a) - phi-(a)            the net flow (-1 to 1), higher is better

A single option has flows of 0.

**Speed.** The m x m matrix pi is never formed. For each criterion the scores
are sorted once; how many options lie beyond q, p or 0 from each option is
found by binary search (the options taken in sorted order, so memory is read in
order), and the sums of the linear parts come from prefix sums,
so the piecewise-linear functions take O(n m log m) time and O(m) memory for n
criteria. The thresholds are tested on the same differences ``x_a - x_b`` a
pairwise computation would form, so options exactly at a threshold fall on the
same side as they would there. The Gaussian cannot be split into prefix sums
exactly, so it is computed by an approximation whose error is below
double-precision rounding: the fast Gauss transform (Greengard & Strain 1991).
The sorted scores fall into boxes of width s/sqrt(2), and each box's pull on
every option is a 20-term Hermite series, truncated with an error under 1e-18
per pair (Cramér's bound on Hermite functions). Boxes more than 13 widths away
(over 9 s) count as full preference, where exp(-d**2 / (2 s**2)) < 1e-18. That
is O(n m log m) as well, with a constant about 20 x 14 larger (a million options
on one criterion take a few seconds); the tests check it against the pairwise
definition to 1e-9.

Only differences enter, so adding a constant to a criterion changes nothing;
rescaling it changes nothing under ``usual`` and, under the others, when q, p
and s are rescaled with it. A dominated option never ranks above the option
that dominates it.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from matrix.errors import MethodError
from matrix.methods._params import choice, describe, number
from matrix.methods._result import Ranking
from matrix.model import DecisionModel
from matrix.validation import fmt_number

__all__ = ["PREFERENCES", "preference_sums", "promethee2", "promethee2_flows"]

#: Each preference function and the thresholds it takes.
PREFERENCES: dict[str, tuple[str, ...]] = {
    "usual": (),
    "ushape": ("q",),
    "vshape": ("p",),
    "level": ("q", "p"),
    "linear": ("q", "p"),
    "gaussian": ("s",),
}

_HERMITE_TERMS = 20
_BOX = 0.5  # box width, in units of s * sqrt(2)
_NEAR_BOXES = 13  # boxes beyond this are more than 6.5 units (9.2 s) away


def _count_exceeding(
    y: np.ndarray, z: np.ndarray, threshold: float, padded: np.ndarray | None = None
) -> np.ndarray:
    """For each a: how many k have ``y[a] - z[k] > threshold``, z sorted ascending.

    Tests the very difference a pairwise computation would form (floating-point
    subtraction is monotone, so the k that pass are a prefix of z). A binary
    search in C on ``y - threshold`` gives a guess; the exact test confirms it
    on the last score counted and the first one not counted, and the rare rows
    where it fails (rounding at the threshold) are searched again with the exact
    test. With threshold 0 the comparison is exact as it stands. ``padded`` is
    z with -inf before and +inf after (computed when not given).

    >>> _count_exceeding(np.array([0.0, 1.0, 3.0]), np.array([0.0, 1.0, 3.0]), 0.5).tolist()
    [0, 1, 2]
    >>> y, z = np.array([0.8]), np.array([0.2, 0.3, 0.4, 0.5, 0.6, 0.9])
    >>> (y - z[1] > 0.5, z[1] < y - 0.5)    # 0.8 - 0.3 is 0.5, but 0.8 - 0.5 is above 0.3
    (array([False]), array([ True]))
    >>> _count_exceeding(y, z, 0.5).tolist()
    [1]
    """
    if threshold == 0:
        return np.searchsorted(z, y, side="left")
    if padded is None:
        padded = np.concatenate(([-np.inf], z, [np.inf]))
    guess = np.searchsorted(z, y - threshold, side="left")
    # padded[guess] is the last score counted, padded[guess + 1] the first one not
    wrong = ((y - padded[guess]) <= threshold) | ((y - padded[guess + 1]) > threshold)
    if not wrong.any():
        return guess
    m = len(z)
    rows = np.flatnonzero(wrong)
    lo, hi = np.zeros(rows.size, dtype=guess.dtype), np.full(rows.size, m, dtype=guess.dtype)
    while True:
        active = lo < hi
        if not active.any():
            break
        mid = (lo + hi) // 2
        passes = (y[rows] - z[np.minimum(mid, m - 1)]) > threshold
        lo = np.where(active & passes, mid + 1, lo)
        hi = np.where(active & ~passes, mid, hi)
    guess[rows] = lo
    return guess


def _gaussian_sums(y: np.ndarray, s: float) -> np.ndarray:
    """For each a: sum over b with y_b < y_a of 1 - exp(-(y_a - y_b)**2 / (2 s**2)).

    The fast Gauss transform in one dimension; see the module documentation.
    With t = (source - centre)/h and x = (target - centre)/h, h = s sqrt(2),
    exp(-(x - t)**2) = sum_n t**n / n! h_n(x), h_n the Hermite functions.
    """
    m = len(y)
    h = s * math.sqrt(2.0)
    order = np.argsort(y, kind="stable")
    with np.errstate(over="ignore"):
        u = (y[order] - y[order[0]]) / h
    if not np.isfinite(u).all() or u[-1] / _BOX > 2.0**50:
        raise OverflowError
    box = np.floor(u / _BOX)
    ids, starts = np.unique(box, return_index=True)
    counts = np.diff(np.append(starts, m))
    which = np.searchsorted(ids, box)
    centres = (ids + 0.5) * _BOX
    t = u - centres[which]
    terms = np.empty((m, _HERMITE_TERMS))
    terms[:, 0] = 1.0
    for n in range(1, _HERMITE_TERMS):
        terms[:, n] = terms[:, n - 1] * t / n
    moments = np.add.reduceat(terms, starts, axis=0)
    running = np.cumsum(terms, axis=0)
    before = np.vstack([np.zeros((1, _HERMITE_TERMS)), running])[starts]
    inside = running - before[which]  # moments of the box's points up to and including k

    def pull(x: np.ndarray, coeffs: np.ndarray) -> np.ndarray:
        """sum_n coeffs[:, n] h_n(x): the Gaussian weight of a box's points at x."""
        h_prev = np.exp(-(x**2))
        h_next = 2.0 * x * h_prev
        total = coeffs[:, 0] * h_prev + coeffs[:, 1] * h_next
        for n in range(1, _HERMITE_TERMS - 1):
            h_prev, h_next = h_next, 2.0 * x * h_next - 2.0 * n * h_prev
            total += coeffs[:, n + 1] * h_next
        return total

    position = np.arange(m)
    own = position - starts[which] + 1
    sums = own - pull(u - centres[which], inside)
    for offset in range(1, _NEAR_BOXES + 1):
        source = np.searchsorted(ids, ids[which] - offset)
        found = (source < len(ids)) & (ids[np.minimum(source, len(ids) - 1)] == ids[which] - offset)
        k = np.flatnonzero(found)
        j = source[k]
        sums[k] += counts[j] - pull(u[k] - centres[j], moments[j])
    far = np.searchsorted(ids, ids[which] - _NEAR_BOXES)  # boxes wholly beyond the window
    sums += np.append(starts, m)[far]
    out = np.empty(m)
    out[order] = np.maximum(sums, 0.0)
    return out


def _sorted_sums(z: np.ndarray, function: str, q: float, p: float) -> np.ndarray:
    """``sum_b P(z_k - z_b)`` for each k, z sorted ascending, P piecewise linear.

    The queries come in order, so each binary search walks memory in order too.
    """
    if function == "usual":
        return _count_exceeding(z, z, 0.0).astype(float)
    padded = np.concatenate(([-np.inf], z, [np.inf]))
    if function == "ushape":
        return _count_exceeding(z, z, q, padded).astype(float)
    cp = _count_exceeding(z, z, p, padded)
    if function == "level":
        return cp + 0.5 * (_count_exceeding(z, z, q, padded) - cp)
    if function == "vshape":
        low, offset, span = _count_exceeding(z, z, 0.0), 0.0, p
    else:  # linear
        low, offset, span = _count_exceeding(z, z, q, padded), q, p - q
    if span <= 0:
        return cp.astype(float)
    centre = z[len(z) // 2]
    prefix = np.concatenate([[0.0], np.cumsum(z - centre)])
    band = low - cp  # options with offset < d <= p
    inside = band * (z - centre - offset) - (prefix[low] - prefix[cp])
    return cp + inside / span


def preference_sums(
    y: np.ndarray,
    function: str,
    q: float = 0.0,
    p: float = 0.0,
    s: float = 1.0,
    *,
    order: np.ndarray | None = None,
) -> np.ndarray:
    """For each option a: ``sum_b P(y_a - y_b)``, in O(m log m) (no validation).

    ``y`` holds one criterion's scores oriented so that more is better;
    ``order``, when given, is a permutation sorting ``y`` ascending (saves
    sorting again).

    >>> preference_sums(np.array([0.0, 1.0, 3.0]), "linear", q=0.5, p=2.5).tolist()
    [0.0, 0.25, 1.75]
    """
    if function == "gaussian":
        return _gaussian_sums(y, s)
    if order is None:
        order = np.argsort(y, kind="stable")
    sums = np.empty(len(y))
    sums[order] = _sorted_sums(y[order], function, q, p)
    return sums


def promethee2_flows(
    values: np.ndarray,
    weights: np.ndarray,
    is_max: np.ndarray,
    table: pd.DataFrame,
) -> dict[str, np.ndarray]:
    """phi+, phi-, phi and each criterion's net flow, without validation.

    ``table`` has one row per criterion with columns function, q, p, s.
    """
    m, n = values.shape
    plus, minus = np.zeros(m), np.zeros(m)
    by_criterion = np.zeros((n, m))  # criteria x options while filling: rows are contiguous
    divisor = max(m - 1, 1)
    functions = [str(f) for f in table["function"]]
    thresholds = table[["q", "p", "s"]].to_numpy(dtype=float)
    oriented = np.where(is_max[:, None], values.T, -values.T)  # criteria x options, contiguous
    orders = np.argsort(oriented, axis=1)
    for j, function in enumerate(functions):
        y, order = oriented[j], orders[j]
        args = {k: float(v) for k, v in zip("qps", thresholds[j], strict=True) if not math.isnan(v)}
        out = preference_sums(y, function, **args, order=order)
        into = preference_sums(-y, function, **args, order=order[::-1])  # -y sorts in reverse
        plus += weights[j] * out
        minus += weights[j] * into
        by_criterion[j] = (out - into) / divisor
    plus, minus = plus / divisor, minus / divisor
    return {
        "phi_plus": plus,
        "phi_minus": minus,
        "phi": plus - minus,
        "by_criterion": by_criterion.T,
    }


def _per_criterion(
    model: DecisionModel, name: str, value: Any, users: list[str], functions: dict[str, str]
) -> dict[str, float]:
    """Spread a threshold (one number or a mapping) over the criteria that use it."""
    ids = model.criterion_ids
    if value is None:
        if users:
            crit = users[0]
            need = " and ".join(PREFERENCES[functions[crit]])
            raise MethodError(
                f"promethee2: preference {functions[crit]!r} (criterion {crit!r}) needs {need}; "
                f"give {name}= as one number or per criterion"
            )
        return {}
    if isinstance(value, Mapping):
        given = {str(k): v for k, v in value.items()}
        for crit in given:
            if crit not in ids:
                raise MethodError(
                    f"promethee2: {name} names unknown criterion {crit!r}; "
                    f"criteria are {', '.join(ids)}"
                )
            if crit not in users:
                raise MethodError(
                    f"promethee2: {name} is given for criterion {crit!r}, whose preference "
                    f"{functions[crit]!r} does not use it"
                )
        for crit in users:
            if crit not in given:
                raise MethodError(
                    f"promethee2: {name} is missing for criterion {crit!r} "
                    f"(preference {functions[crit]!r} needs it)"
                )
    else:
        if not users:
            used = sorted(set(functions.values()))
            raise MethodError(
                f"promethee2: {name} is not used by preference {', '.join(map(repr, used))}; "
                f"the preferences that use it: "
                f"{', '.join(f for f, needs in PREFERENCES.items() if name in needs)}"
            )
        given = dict.fromkeys(users, value)
    out = {}
    for crit in users:
        where = f"{name} for criterion {crit!r}"
        if name == "s" or (name == "p" and functions[crit] == "vshape"):
            out[crit] = number("promethee2", where, given[crit], above=0)
        else:
            out[crit] = number("promethee2", where, given[crit], low=0)
    return out


def preference_table(
    model: DecisionModel,
    preference: str | Mapping[str, str] = "usual",
    q: Any = None,
    p: Any = None,
    s: Any = None,
) -> pd.DataFrame:
    """Check the parameters and return each criterion's function, q, p and s.

    >>> import pandas as pd
    >>> from matrix import from_frame
    >>> model = from_frame(pd.DataFrame({"x": [1.0], "y": [2.0]}, index=["a"]),
    ...                    directions=["max", "min"], weights=[1, 1])
    >>> preference_table(model, {"y": "linear"}, q=1, p=3).to_dict("index")["y"]
    {'function': 'linear', 'q': 1.0, 'p': 3.0, 's': nan}
    """
    ids = model.criterion_ids
    if isinstance(preference, Mapping):
        unknown = [str(k) for k in preference if str(k) not in ids]
        if unknown:
            raise MethodError(
                f"promethee2: preference names unknown criterion {unknown[0]!r}; "
                f"criteria are {', '.join(ids)}"
            )
        functions = {c: preference.get(c, "usual") for c in ids}
    else:
        functions = dict.fromkeys(ids, preference)
    for crit, function in functions.items():
        what = "preference" if not isinstance(preference, Mapping) else f"preference of {crit!r}"
        choice("promethee2", what, function, PREFERENCES)
    thresholds = {}
    for name, value in (("q", q), ("p", p), ("s", s)):
        users = [c for c in ids if name in PREFERENCES[functions[c]]]
        thresholds[name] = _per_criterion(model, name, value, users, functions)
    for crit in ids:
        if crit in thresholds["q"] and crit in thresholds["p"]:
            qq, pp = thresholds["q"][crit], thresholds["p"][crit]
            if pp < qq:
                raise MethodError(
                    f"promethee2: p must be >= q for criterion {crit!r} (q: largest difference "
                    f"still indifferent, p: smallest strictly preferred); got q={fmt_number(qq)}, "
                    f"p={fmt_number(pp)}"
                )
    return pd.DataFrame(
        {
            "function": [functions[c] for c in ids],
            "q": [thresholds["q"].get(c, np.nan) for c in ids],
            "p": [thresholds["p"].get(c, np.nan) for c in ids],
            "s": [thresholds["s"].get(c, np.nan) for c in ids],
        },
        index=pd.Index(ids, name="criterion"),
    )


@describe("PROMETHEE II", "net outranking flow (-1 to 1, higher is better)")
def promethee2(
    model: DecisionModel,
    *,
    preference: str | Mapping[str, str] = "usual",
    q: float | Mapping[str, float] | None = None,
    p: float | Mapping[str, float] | None = None,
    s: float | Mapping[str, float] | None = None,
) -> Ranking:
    """Rank a model by PROMETHEE II net flow.

    Parameters
    ----------
    model
        A validated decision model.
    preference
        One of ``usual`` (default), ``ushape``, ``vshape``, ``level``,
        ``linear``, ``gaussian``, or a mapping ``{criterion id: name}``.
    q, p, s
        Indifference and preference thresholds and the Gaussian parameter, in
        each criterion's units: one number, or ``{criterion id: number}``.
        ``q >= 0``, ``p >= q`` (``p > 0`` for ``vshape``), ``s > 0``.

    Returns
    -------
    Ranking
        Higher is better. ``details``: ``"phi_plus"``, ``"phi_minus"``,
        ``"phi"`` (Series by option), ``"by_criterion"`` (each criterion's
        own net flow, options x criteria; phi is their weighted sum) and
        ``"preference"`` (each criterion's function and thresholds).

    >>> import pandas as pd
    >>> from matrix import from_frame
    >>> table = pd.DataFrame({"c1": [4, 3, 5], "c2": [3, 2, 1], "c3": [2, 4, 3]},
    ...                      index=["A1", "A2", "A3"])
    >>> model = from_frame(table, directions=["max"] * 3, weights=[0.5, 0.3, 0.2])
    >>> promethee2(model).scores.round(12).tolist()
    [0.1, -0.3, 0.2]
    """
    table = preference_table(model, preference, q, p, s)
    try:
        out = promethee2_flows(
            model.values, model.normalized_weights.to_numpy(), model.is_max, table
        )
    except OverflowError:
        raise MethodError(
            "promethee2: s is too small against the spread of the scores; "
            "use preference 'usual' (the Gaussian's limit as s shrinks)"
        ) from None
    index, columns = model.option_index, model.criterion_index
    shown = preference if isinstance(preference, str) else dict(preference)
    params: dict[str, Any] = {"preference": shown}
    for name, value in (("q", q), ("p", p), ("s", s)):
        if value is not None:
            params[name] = dict(value) if isinstance(value, Mapping) else float(value)
    return Ranking.from_scores(
        "promethee2",
        out["phi"],
        index,
        params=params,
        details={
            "phi_plus": pd.Series(out["phi_plus"], index=index, name="phi+"),
            "phi_minus": pd.Series(out["phi_minus"], index=index, name="phi-"),
            "phi": pd.Series(out["phi"], index=index, name="phi"),
            "by_criterion": pd.DataFrame(
                out["by_criterion"], index=index, columns=columns, copy=False
            ),
            "preference": table,
        },
    )
