"""AHP: priorities from a pairwise comparison matrix, with Saaty's consistency ratio.

A pairwise matrix ``A`` compares criteria two at a time on Saaty's 1-9 scale:
``A[i, j] = 3`` says criterion ``i`` is moderately more important than ``j``,
``1/3`` the reverse, ``1`` equally important. The priorities are the principal
(Perron) eigenvector ``w`` of ``A`` scaled to sum to 1, ``A w = lambda_max w``
(Saaty 1977, 1980). A perfectly consistent matrix has ``lambda_max = n``; the
consistency index is ``CI = (lambda_max - n) / (n - 1)`` and the consistency
ratio ``CR = CI / RI(n)``, where ``RI(n)`` is the mean CI of random reciprocal
matrices of that size (:data:`RANDOM_INDEX`). A CR above 0.10 means the
judgements contradict each other enough to be revisited (Saaty 1980).

Which judgements to revisit: each judgement ``A[i, j]`` is compared with the
ratio the priorities imply, ``w_i / w_j``; they are ranked by the log-residual
``|ln(A[i, j] * w_j / w_i)|``, so a judgement twice too large and one half too
small rank alike.

>>> import pandas as pd
>>> names = ["cost", "speed", "comfort"]
>>> upper = pd.DataFrame([[1, 3, 5], [None, 1, 2], [None, None, 1]],
...                      index=names, columns=names)
>>> result = ahp(upper)                  # the lower triangle is completed
>>> result.weights.round(3).tolist()
[0.648, 0.23, 0.122]
>>> round(result.cr, 3), result.consistent
(0.003, True)
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from matrix.errors import PairwiseError
from matrix.validation import fmt_number

__all__ = [
    "CR_THRESHOLD",
    "RANDOM_INDEX",
    "RECIPROCAL_TOLERANCE",
    "AHPResult",
    "RandomIndex",
    "ahp",
]

#: A consistency ratio above this means the judgements should be revisited (Saaty 1980).
CR_THRESHOLD = 0.10

#: ``A[i, j] * A[j, i]`` may differ from 1 by this much (so 0.33 passes for 1/3).
#: Where both are given, the judgement above the diagonal is kept and the one
#: below is replaced by its exact reciprocal.
RECIPROCAL_TOLERANCE = 0.02

#: Saaty's scale runs from 1/9 to 9; judgements outside it are rejected.
SCALE_MAX = 9.0


@dataclass(frozen=True)
class RandomIndex:
    """A table of random indices RI(n): the mean CI of random reciprocal matrices."""

    name: str
    source: str
    values: Mapping[int, float]

    def __call__(self, n: int) -> float:
        if n <= 2:
            return 0.0
        if n not in self.values:
            sizes = [k for k in self.values if k > 2]
            others = [t.name for t in RANDOM_INDEX.values() if n in t.values]
            hint = f"; tables that cover it: {', '.join(others)}" if others else ""
            raise PairwiseError(
                f"the random-index table {self.name!r} covers {min(sizes)} to {max(sizes)} "
                f"criteria, not {n}{hint}"
            )
        return self.values[n]


#: Random-index tables by name. ``"saaty1980"`` is the default.
RANDOM_INDEX: dict[str, RandomIndex] = {
    "saaty1980": RandomIndex(
        "saaty1980",
        "T. L. Saaty, The Analytic Hierarchy Process, McGraw-Hill, 1980; the values for "
        "n = 3..10 as quoted in policy-matrix issue 5 (n = 1, 2 are 0 by definition)",
        {1: 0.0, 2: 0.0, 3: 0.58, 4: 0.90, 5: 1.12, 6: 1.24, 7: 1.32, 8: 1.41, 9: 1.45, 10: 1.49},
    ),
    "saaty2005": RandomIndex(
        "saaty2005",
        "T. L. Saaty, Theory and Applications of the Analytic Network Process, RWS "
        "Publications, 2005, p. 31 (transcribed from the documentation of the AHPy package, "
        "which cites that page; not checked against the book)",
        {
            1: 0.0,
            2: 0.0,
            3: 0.52,
            4: 0.89,
            5: 1.11,
            6: 1.25,
            7: 1.35,
            8: 1.40,
            9: 1.45,
            10: 1.49,
            11: 1.52,
            12: 1.54,
            13: 1.56,
            14: 1.58,
            15: 1.59,
        },
    ),
    "donegan_dodd1991": RandomIndex(
        "donegan_dodd1991",
        "H. A. Donegan and F. J. Dodd, 'A note on Saaty's random indexes', Mathematical and "
        "Computer Modelling 15(10), 1991, 135-137 (transcribed from the source of the AHPy "
        "package, which cites that paper; not checked against the paper)",
        {
            1: 0.0,
            2: 0.0,
            3: 0.4914,
            4: 0.8286,
            5: 1.0591,
            6: 1.1797,
            7: 1.2519,
            8: 1.3171,
            9: 1.3733,
            10: 1.4055,
            11: 1.4213,
            12: 1.4497,
            13: 1.4643,
            14: 1.4822,
            15: 1.4969,
        },
    ),
}


@dataclass(frozen=True)
class AHPResult:
    """What :func:`ahp` found.

    Attributes
    ----------
    weights
        The priorities by criterion id, summing to 1.
    lambda_max
        The principal eigenvalue of the (completed) matrix; ``n`` when consistent.
    ci, cr, ri
        Consistency index, consistency ratio and the random index used.
    random_index
        The name of the random-index table (a key of :data:`RANDOM_INDEX`).
    matrix
        The completed, reciprocal pairwise matrix.
    judgements
        One row per pair above the diagonal: ``row``, ``column``, ``given``
        (the judgement), ``implied`` (``w_row / w_column``) and ``deviation``
        (``|ln(given / implied)|``), most inconsistent first.
    """

    weights: pd.Series
    lambda_max: float
    ci: float
    cr: float
    ri: float
    random_index: str
    matrix: pd.DataFrame
    judgements: pd.DataFrame = field(repr=False)

    @property
    def n(self) -> int:
        """The number of criteria compared."""
        return len(self.weights)

    @property
    def consistent(self) -> bool:
        """Whether the consistency ratio is at most :data:`CR_THRESHOLD` (0.10)."""
        return self.cr <= CR_THRESHOLD

    def most_inconsistent(self, count: int = 3) -> pd.DataFrame:
        """The ``count`` judgements furthest from what the priorities imply."""
        return self.judgements.head(count)


def _label(value: object) -> str:
    return str(value)


def _check_labels(pairwise: object) -> tuple[list[str], np.ndarray]:
    if not isinstance(pairwise, pd.DataFrame):
        raise PairwiseError(
            f"the pairwise matrix must be a pandas DataFrame with criteria as rows and "
            f"columns; got {type(pairwise).__name__}"
        )
    rows = [_label(i) for i in pairwise.index]
    cols = [_label(c) for c in pairwise.columns]
    if len(rows) != len(cols):
        raise PairwiseError(
            f"the pairwise matrix must be square; got {len(rows)} rows and {len(cols)} columns"
        )
    if not rows:
        raise PairwiseError("the pairwise matrix is empty; it needs at least one criterion")
    for kind, labels in (("row", rows), ("column", cols)):
        dupes = [x for x in labels if labels.count(x) > 1]
        if dupes:
            raise PairwiseError(
                f"the pairwise matrix names {kind} {dupes[0]!r} twice",
                subject=dupes[0],
                field=kind,
            )
    if set(rows) != set(cols):
        extra = next(c for c in cols if c not in rows)
        raise PairwiseError(
            f"the pairwise matrix must have the same criteria as rows and columns; column "
            f"{extra!r} is not a row",
            subject=extra,
            field="column",
        )
    where = {col: k for k, col in enumerate(cols)}  # the labels are unique (checked above)
    values = np.empty((len(rows), len(rows)))
    for i, row in enumerate(rows):
        for j, col in enumerate(rows):
            values[i, j] = _judgement(pairwise.iat[i, where[col]], row, col)
    return rows, values


def _judgement(value: Any, row: str, col: str) -> float:
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return math.nan
    if isinstance(value, bool | np.bool_) or not isinstance(value, int | float | np.number):
        raise PairwiseError(
            f"judgement for {row!r} over {col!r} must be a number; got {value!r}",
            subject=(row, col),
        )
    number = float(value)
    if math.isnan(number):
        return math.nan
    if not math.isfinite(number) or number <= 0:
        raise PairwiseError(
            f"judgement for {row!r} over {col!r} must be a positive number on Saaty's scale "
            f"(1/9 to 9); got {fmt_number(number)}",
            subject=(row, col),
        )
    if not 1 / SCALE_MAX * (1 - RECIPROCAL_TOLERANCE) <= number <= SCALE_MAX:
        raise PairwiseError(
            f"judgement for {row!r} over {col!r} is {fmt_number(number)}, off Saaty's scale "
            "(1/9 to 9)",
            subject=(row, col),
        )
    return number


def _complete(labels: list[str], values: np.ndarray) -> np.ndarray:
    """Fill the diagonal with 1 and each missing judgement with its mirror's reciprocal."""
    n = len(labels)
    out = values.copy()
    for i in range(n):
        if math.isnan(out[i, i]):
            out[i, i] = 1.0
        elif abs(out[i, i] - 1.0) > 1e-12:
            raise PairwiseError(
                f"a criterion compared with itself must be 1; got {fmt_number(out[i, i])} "
                f"for {labels[i]!r}",
                subject=(labels[i], labels[i]),
            )
    for i in range(n):
        for j in range(i + 1, n):
            upper, lower = out[i, j], out[j, i]
            if math.isnan(upper) and math.isnan(lower):
                raise PairwiseError(
                    f"no judgement compares {labels[i]!r} with {labels[j]!r}; give one of the "
                    "two (the other is its reciprocal)",
                    subject=(labels[i], labels[j]),
                )
            if math.isnan(upper):
                upper = 1.0 / lower
            elif not math.isnan(lower) and abs(upper * lower - 1.0) > RECIPROCAL_TOLERANCE:
                raise PairwiseError(
                    f"judgements are not reciprocal: {labels[i]!r} over {labels[j]!r} is "
                    f"{fmt_number(upper)} but {labels[j]!r} over {labels[i]!r} is "
                    f"{fmt_number(lower)}; expected {fmt_number(1.0 / upper)}",
                    subject=(labels[j], labels[i]),
                )
            out[i, j], out[j, i] = upper, 1.0 / upper
    return out


def _principal(values: np.ndarray) -> tuple[np.ndarray, float]:
    eigenvalues, vectors = np.linalg.eig(values)
    k = int(np.argmax(eigenvalues.real))
    vector = np.abs(vectors[:, k].real)
    return vector / vector.sum(), float(eigenvalues[k].real)


def ahp(pairwise: pd.DataFrame, *, random_index: str = "saaty1980") -> AHPResult:
    """Priorities and consistency of a pairwise comparison matrix.

    Parameters
    ----------
    pairwise
        A square DataFrame whose rows and columns name the same criteria;
        ``pairwise.loc[a, b]`` is how much more important ``a`` is than ``b``
        (1 to 9, or 1/9 to 1 for less important). Cells may be missing (NaN)
        where their mirror is given, so an upper triangle alone is enough; a
        missing diagonal is 1.
    random_index
        The name of the random-index table (:data:`RANDOM_INDEX`).

    Raises
    ------
    PairwiseError
        When the matrix is not square, its rows and columns differ, a judgement
        is missing, not positive, off Saaty's scale, a diagonal cell is not 1,
        or a judgement and its mirror are not reciprocal. ``subject`` holds the
        ``(row, column)`` pair at fault.
    """
    if random_index not in RANDOM_INDEX:
        raise PairwiseError(
            f"unknown random-index table {random_index!r}; choose one of {', '.join(RANDOM_INDEX)}"
        )
    labels, values = _check_labels(pairwise)
    table = RANDOM_INDEX[random_index]
    n = len(labels)
    ri = table(n)
    complete = _complete(labels, values)
    weights, lambda_max = _principal(complete)
    if n <= 2:  # every positive reciprocal matrix of size 1 or 2 is consistent
        lambda_max, ci, cr = float(n), 0.0, 0.0
    else:
        ci = max((lambda_max - n) / (n - 1), 0.0)
        cr = ci / ri
    rows = []
    for i in range(n):
        for j in range(i + 1, n):
            implied = weights[i] / weights[j]
            given = complete[i, j]
            rows.append((labels[i], labels[j], given, implied, abs(math.log(given / implied))))
    judgements = pd.DataFrame(rows, columns=["row", "column", "given", "implied", "deviation"])
    judgements = judgements.sort_values("deviation", ascending=False, kind="stable")
    index = pd.Index(labels, name="criterion")
    return AHPResult(
        weights=pd.Series(weights, index=index, name="weight"),
        lambda_max=lambda_max,
        ci=ci,
        cr=cr,
        ri=ri,
        random_index=random_index,
        matrix=pd.DataFrame(complete, index=index, columns=labels),
        judgements=judgements.reset_index(drop=True),
    )
