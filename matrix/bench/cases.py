"""The benchmark's cases and the numpy floor of each method.

Every case is random but fixed by its seed: scores uniform on 1-100 (positive,
so the weighted product and the peers' ratio normalisations apply), criteria
alternately ``max`` and ``min``, weights uniform on 1-5, no declared scales (so
the weighted sum normalises on the data's range, as pymcdm's min-max and
scikit-criteria's ``MinMaxScaler`` do).

The **floor** of a method is the shortest numpy expression of its arithmetic
that we could write, keeping no intermediate the method returns for the
workbook and checking nothing: no library doing the same arithmetic in numpy
can be much faster. For PROMETHEE II the floor is the sorting form of the
arithmetic (a sort and binary searches per criterion, prefix sums for the
linear parts), not the pairwise matrix, which no one could run at 100,000
options; it compares a difference to a threshold once, where the method checks
the boundary cases a pairwise computation would round differently.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from matrix.model import DecisionModel, from_frame

__all__ = [
    "FLOORS",
    "LINEAR_P",
    "LINEAR_Q",
    "METHOD_CASES",
    "Case",
    "make_case",
    "make_model",
    "workbook_cells",
    "write_only_floor",
]

#: Thresholds of PROMETHEE II's linear preference in the benchmark (scores run 1-100).
LINEAR_Q, LINEAR_P = 5.0, 20.0


@dataclass(frozen=True)
class Case:
    """A decision matrix as plain arrays: values (options x criteria), weights summing to 1,
    and ``is_max`` per criterion."""

    values: np.ndarray
    weights: np.ndarray
    is_max: np.ndarray

    @property
    def shape(self) -> tuple[int, int]:
        return self.values.shape  # type: ignore[return-value]


def make_case(options: int, criteria: int, *, seed: int = 0) -> Case:
    """A random case with mixed directions.

    >>> case = make_case(3, 4)
    >>> case.shape, case.is_max.tolist(), round(float(case.weights.sum()), 12)
    ((3, 4), [True, False, True, False], 1.0)
    """
    rng = np.random.default_rng(seed)
    values = rng.uniform(1.0, 100.0, (options, criteria))
    raw = rng.uniform(1.0, 5.0, criteria)
    is_max = np.arange(criteria) % 2 == 0
    return Case(values, raw / raw.sum(), is_max)


def make_model(
    case: Case, *, spread: float = 0.0, scale: tuple[float, float] | None = None
) -> DecisionModel:
    """The case as a :class:`DecisionModel`; ``spread`` > 0 gives every score a
    plausible range of that many units either side (kept within 0-101);
    ``scale`` declares the same scale on every criterion.

    >>> make_model(make_case(2, 2)).option_ids
    ['o1', 'o2']
    """
    n, m = case.shape
    frame = pd.DataFrame(
        case.values,
        index=[f"o{i + 1}" for i in range(n)],
        columns=[f"c{j + 1}" for j in range(m)],
    )
    model = from_frame(
        frame,
        directions=["max" if up else "min" for up in case.is_max],
        weights=case.weights.tolist(),
        scales=None if scale is None else dict.fromkeys(frame.columns, scale),
    )
    if spread > 0:
        model = model.replace(
            low=(frame - spread).clip(lower=0.0), high=(frame + spread).clip(upper=101.0)
        )
    return model


# -- the floors --------------------------------------------------------------------


def floor_wsm(x: np.ndarray, w: np.ndarray, up: np.ndarray) -> np.ndarray:
    """Weighted sum of min-max normalised scores (reversed for ``min``)."""
    low, high = x.min(axis=0), x.max(axis=0)
    return (np.where(up, x - low, high - x) / (high - low)) @ w


def floor_wpm(x: np.ndarray, w: np.ndarray, up: np.ndarray) -> np.ndarray:
    """Product of each score's ratio to the best, raised to its weight."""
    ratio = np.where(up, x / x.max(axis=0), x.min(axis=0) / x)
    return np.prod(ratio**w, axis=1)


def floor_topsis(x: np.ndarray, w: np.ndarray, up: np.ndarray) -> np.ndarray:
    """Relative closeness after vector normalisation."""
    v = x * (w / np.sqrt((x * x).sum(axis=0)))
    high, low = v.max(axis=0), v.min(axis=0)
    plus = np.sqrt(((v - np.where(up, high, low)) ** 2).sum(axis=1))
    minus = np.sqrt(((v - np.where(up, low, high)) ** 2).sum(axis=1))
    return minus / (plus + minus)


def floor_vikor(x: np.ndarray, w: np.ndarray, up: np.ndarray, v: float = 0.5) -> np.ndarray:
    """VIKOR's Q."""
    high, low = x.max(axis=0), x.min(axis=0)
    best, worst = np.where(up, high, low), np.where(up, low, high)
    regret = (best - x) * (w / (best - worst))
    s, r = regret.sum(axis=1), regret.max(axis=1)
    return v * (s - s.min()) / (s.max() - s.min()) + (1 - v) * (r - r.min()) / (r.max() - r.min())


def _sums(z: np.ndarray, q: float, p: float) -> np.ndarray:
    """sum_b P(z_k - z_b) for each k, z sorted (q = p = 0: usual, else linear)."""
    if p == 0:
        return np.searchsorted(z, z, "left").astype(float)
    cp = np.searchsorted(z, z - p, "left")
    cq = np.searchsorted(z, z - q, "left")
    prefix = np.concatenate(([0.0], np.cumsum(z)))
    return cp + ((cq - cp) * (z - q) - (prefix[cq] - prefix[cp])) / (p - q)


def floor_promethee2(
    x: np.ndarray, w: np.ndarray, up: np.ndarray, q: float = 0.0, p: float = 0.0
) -> np.ndarray:
    """Net flows by sorting each criterion (usual when q = p = 0, else linear).

    Each criterion is sorted once; the queries of the binary searches are the
    sorted scores themselves, so memory is read in order.
    """
    m = x.shape[0]
    y = np.where(up[:, None], x.T, -x.T)
    orders = np.argsort(y, axis=1)
    net = np.zeros(m)
    for j in range(x.shape[1]):
        z = y[j, orders[j]]
        flow = np.empty(m)
        flow[orders[j]] = _sums(z, q, p)
        flow[orders[j][::-1]] -= _sums(-z[::-1], q, p)
        net += w[j] * flow
    return net / (m - 1)


#: The floor of each benchmarked method: ``floor(values, weights, is_max) -> scores``.
FLOORS: Mapping[str, Callable[[np.ndarray, np.ndarray, np.ndarray], np.ndarray]] = {
    "wsm": floor_wsm,
    "wpm": floor_wpm,
    "topsis": floor_topsis,
    "vikor": floor_vikor,
    "promethee2 usual": floor_promethee2,
    "promethee2 linear": lambda x, w, up: floor_promethee2(x, w, up, LINEAR_Q, LINEAR_P),
}

#: Each benchmarked method: (name in :data:`matrix.METHODS`, its parameters).
METHOD_CASES: Mapping[str, tuple[str, dict[str, Any]]] = {
    "wsm": ("wsm", {}),
    "wpm": ("wpm", {}),
    "topsis": ("topsis", {}),
    "vikor": ("vikor", {}),
    "promethee2 usual": ("promethee2", {"preference": "usual"}),
    "promethee2 linear": ("promethee2", {"preference": "linear", "q": LINEAR_Q, "p": LINEAR_P}),
}


def workbook_cells(workbook: Any) -> dict[str, list[list[object]]]:
    """Every sheet's cells as rows of bare values (a formula as its text), for
    :func:`write_only_floor`: what the workbook holds without its styles, charts,
    validation, notes, merged cells or stored results."""
    out = {}
    for ws in workbook.worksheets:
        rows: list[list[object]] = [[] for _ in range(ws.max_row)]
        for (row, column), cell in ws._cells.items():
            if cell.value is not None:
                line = rows[row - 1]
                line.extend([None] * (column - len(line)))
                line[column - 1] = cell.value
        out[ws.title] = rows
    return out


def write_only_floor(cells: dict[str, list[list[object]]], path: Any) -> None:
    """Write bare cells with openpyxl's write-only mode, the fastest way openpyxl has: the
    floor of writing a workbook of that many cells."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    for title, rows in cells.items():
        ws = workbook.create_sheet(title)
        for row in rows:
            ws.append(row)
    workbook.save(path)
