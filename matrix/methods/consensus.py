"""A consensus ranking across methods, and how far the methods agree.

**Consensus rules** (each method counts once; ranks are 1 = best, ties allowed):

``"borda"`` (default)
    Each method gives an option one point for every option it ranks below it
    and half a point for every option it ties with. The points are added over
    the methods; more points rank higher. This is the same as ranking by the
    average of each method's (mid-)rank.
``"copeland"``
    Options meet in pairs: a beats b when more methods rank a above b than b
    above a. The score is wins minus losses. An option that beats every other
    (a Condorcet winner) always comes first. O(m**2) time for m options
    (Borda takes O(m log m)).

Either way, an option that every method ranks at least as high as another is
never below it in the consensus. Ties share the best rank.

**Agreement** between two methods' rankings of the same options:

``"kendall"`` (default)
    Kendall's tau-b: (concordant - discordant pairs) / sqrt(pairs not tied in
    the first x pairs not tied in the second). 1 = the same order, -1 = the
    reverse, 0 = unrelated. O(m log**2 m) time.
``"spearman"``
    Spearman's rho: the correlation of the two rankings' mid-ranks.

Both are undefined (NaN) when a ranking ties every option; a method always
agrees with itself (1 on the diagonal).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from matrix.methods._params import choice

__all__ = [
    "MEASURES",
    "RULES",
    "agreement_matrix",
    "borda_points",
    "consensus_rule",
    "copeland_scores",
    "inversions",
    "kendall_tau",
    "mid_ranks",
    "spearman_rho",
]

#: Consensus rules, the default first.
RULES = ("borda", "copeland")
#: Agreement measures, the default first.
MEASURES = ("kendall", "spearman")


def mid_ranks(values: np.ndarray) -> np.ndarray:
    """Ranks 1..m of ascending values, tied values sharing the mean of their places.

    >>> mid_ranks(np.array([10.0, 30.0, 20.0, 20.0])).tolist()
    [1.0, 4.0, 2.5, 2.5]
    """
    values = np.asarray(values, dtype=float)
    ordered = np.sort(values)
    left = np.searchsorted(ordered, values, side="left")
    right = np.searchsorted(ordered, values, side="right")
    return (left + right + 1) / 2.0


def borda_points(ranks: np.ndarray) -> np.ndarray:
    """Borda points of each option (rows) over the methods (columns) of a rank table.

    >>> borda_points(np.array([[1, 2], [2, 1], [3, 3]])).tolist()
    [3.0, 3.0, 0.0]
    >>> borda_points(np.array([[1], [1], [3]])).tolist()   # a tie: half a point each
    [1.5, 1.5, 0.0]
    """
    ranks = np.asarray(ranks, dtype=float)
    m = ranks.shape[0]
    return (m - np.column_stack([mid_ranks(c) for c in ranks.T])).sum(axis=1)


def copeland_scores(ranks: np.ndarray) -> np.ndarray:
    """Copeland score (pairwise majority wins minus losses) of each option (rows).

    >>> copeland_scores(np.array([[1, 2, 1], [2, 1, 2], [3, 3, 3]])).tolist()
    [2.0, 0.0, -2.0]
    """
    ranks = np.asarray(ranks, dtype=float)
    m = ranks.shape[0]
    scores = np.zeros(m)
    for i in range(m):
        above = (ranks[i] < ranks).sum(axis=1)  # methods ranking i above each option
        below = (ranks[i] > ranks).sum(axis=1)
        scores[i] = float(np.sign(above - below).sum())
    return scores


def _tied_pairs(*columns: np.ndarray) -> int:
    """How many pairs of items are equal on every one of ``columns``."""
    _, counts = np.unique(np.column_stack(columns), axis=0, return_counts=True)
    return int((counts * (counts - 1) // 2).sum())


def inversions(values: np.ndarray) -> int:
    """How many pairs i < j have ``values[i] > values[j]``, in O(m log**2 m).

    Bottom-up merge sort without the merging: at each level, every element of
    a block's right half counts the elements of its left half that exceed it
    (one binary search over all blocks at once).

    >>> inversions(np.array([3, 1, 2, 2]))
    3
    """
    _, dense = np.unique(np.asarray(values), return_inverse=True)
    dense = dense.astype(np.int64).ravel()
    m = len(dense)
    span = int(dense.max()) + 1 if m else 1
    position = np.arange(m, dtype=np.int64)
    total, width = 0, 1
    while width < m:
        block = position // (2 * width)
        right = (position // width) % 2 == 1
        keys = block * span + dense
        left = np.sort(keys[~right])
        end = np.searchsorted(left, (block[right] + 1) * span, side="left")
        upto = np.searchsorted(left, keys[right], side="right")
        total += int((end - upto).sum())
        width *= 2
    return total


def kendall_tau(x: np.ndarray, y: np.ndarray) -> float:
    """Kendall's tau-b between two rankings (or scores) of the same items.

    Knight's (1966) O(m log m) scheme: sort by x then y; the discordant pairs
    are then the inversions of y.

    >>> kendall_tau(np.array([1, 2, 3, 4]), np.array([1, 3, 2, 4]))
    0.6666666666666666
    >>> kendall_tau(np.array([1, 2, 3]), np.array([1, 1, 1]))
    nan
    """
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    m = len(x)
    pairs = m * (m - 1) // 2
    tied_x, tied_y, tied_both = _tied_pairs(x), _tied_pairs(y), _tied_pairs(x, y)
    untied_x, untied_y = pairs - tied_x, pairs - tied_y
    if untied_x == 0 or untied_y == 0:
        return float("nan")
    order = np.lexsort((y, x))
    discordant = inversions(y[order])
    balance = pairs - tied_x - tied_y + tied_both - 2 * discordant
    return balance / float(np.sqrt(float(untied_x) * float(untied_y)))


def spearman_rho(x: np.ndarray, y: np.ndarray) -> float:
    """Spearman's rho: the Pearson correlation of the mid-ranks.

    >>> spearman_rho(np.array([1, 2, 3, 4]), np.array([4, 3, 2, 1]))
    -1.0
    """
    rx, ry = mid_ranks(np.asarray(x)), mid_ranks(np.asarray(y))
    rx, ry = rx - rx.mean(), ry - ry.mean()
    norm = float(np.sqrt((rx**2).sum() * (ry**2).sum()))
    if norm == 0:
        return float("nan")
    return float((rx * ry).sum() / norm)


def agreement_matrix(ranks: pd.DataFrame, measure: str = "kendall") -> pd.DataFrame:
    """The agreement of every pair of columns of a rank table (options x methods).

    >>> table = pd.DataFrame({"a": [1, 2, 3], "b": [1, 2, 3], "c": [3, 2, 1]})
    >>> agreement_matrix(table).to_numpy().tolist()
    [[1.0, 1.0, -1.0], [1.0, 1.0, -1.0], [-1.0, -1.0, 1.0]]
    """
    how = choice("compare", "measure", measure, MEASURES)
    func = kendall_tau if how == "kendall" else spearman_rho
    names = list(ranks.columns)
    columns = [ranks[name].to_numpy() for name in names]
    out = np.eye(len(names))
    for a in range(len(names)):
        for b in range(a + 1, len(names)):
            out[a, b] = out[b, a] = func(columns[a], columns[b])
    return pd.DataFrame(out, index=names, columns=names)


def consensus_scores(ranks: np.ndarray, rule: str = "borda") -> np.ndarray:
    """Consensus scores (higher is better) from a rank table, by ``rule``."""
    return borda_points(ranks) if rule == "borda" else copeland_scores(ranks)


def consensus_rule(rule: object) -> str:
    """``rule`` if it is a consensus rule, else a :class:`~matrix.MethodError`."""
    return choice("consensus", "rule", rule, RULES)
