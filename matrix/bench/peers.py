"""The peers, called as their documentation shows, on the benchmark's arrays.

pymcdm: ``METHOD(normalization)(matrix, weights, types)`` with types 1 (max) and
-1 (min), validation on (its default). The normalisation is the one our method
uses: min-max for the weighted sum, x/max and min/x (its ``linear``) for the
weighted product, vector for TOPSIS; VIKOR and PROMETHEE II take none.
PROMETHEE II's linear preference is its ``vshape_2``.

scikit-criteria: a ``DecisionMatrix`` made once with ``mkdm``, then a pipeline
(``mkpipe``) of the scalers our method's normalisation amounts to, ending in
the method, run with ``evaluate(dm)``. It has no PROMETHEE.

Each peer's ranking is checked against ours on the same numbers; the benchmark
says where they differ.
"""

from __future__ import annotations

import importlib.metadata
import warnings
from collections.abc import Callable
from typing import Any

import numpy as np

from matrix.bench.cases import LINEAR_P, LINEAR_Q, Case

__all__ = ["METHODS_OF", "PEERS", "peer_call", "peer_version"]

#: The peers by the name the table shows, and the distribution that provides each.
PEERS = {"pymcdm": "pymcdm", "scikit-criteria": "scikit-criteria"}

#: The benchmarked methods each peer has.
METHODS_OF = {
    "pymcdm": frozenset(("wsm", "wpm", "topsis", "vikor", "promethee2 usual", "promethee2 linear")),
    "scikit-criteria": frozenset(("wsm", "wpm", "topsis", "vikor")),
}


def peer_version(peer: str) -> str | None:
    """The installed version of a peer, or None when it is not installed (or cannot load)."""
    try:
        version = importlib.metadata.version(PEERS[peer])
        importlib.import_module("pymcdm" if peer == "pymcdm" else "skcriteria")
    except Exception:  # not installed, or broken against this numpy/pandas
        return None
    return version


def _pymcdm(name: str, case: Case) -> Callable[[], np.ndarray] | None:
    from pymcdm import methods, normalizations

    factories: dict[str, Callable[[], Any]] = {
        "wsm": lambda: methods.WSM(normalizations.minmax_normalization),
        "wpm": lambda: methods.WPM(normalizations.linear_normalization),
        "topsis": lambda: methods.TOPSIS(normalizations.vector_normalization),
        "vikor": lambda: methods.VIKOR(),
        "promethee2 usual": lambda: methods.PROMETHEE_II("usual"),
        "promethee2 linear": lambda: methods.PROMETHEE_II(
            "vshape_2", p=np.full(case.shape[1], LINEAR_P), q=np.full(case.shape[1], LINEAR_Q)
        ),
    }
    if name not in factories:
        return None
    types = np.where(case.is_max, 1, -1)

    def call() -> np.ndarray:
        # PROMETHEE_II keeps a generator of thresholds, used up by one call: build it each time
        return np.asarray(factories[name]()(case.values, case.weights, types))

    return call


def _skcriteria(name: str, case: Case) -> Callable[[], np.ndarray] | None:
    import skcriteria
    from skcriteria.agg.simple import WeightedProductModel, WeightedSumModel
    from skcriteria.agg.topsis import TOPSIS
    from skcriteria.agg.vikor import VIKOR
    from skcriteria.pipelines import mkpipe
    from skcriteria.preprocessing.invert_objectives import InvertMinimize, NegateMinimize
    from skcriteria.preprocessing.scalers import MinMaxScaler, VectorScaler

    steps: dict[str, Callable[[], list[Any]]] = {
        "wsm": lambda: [NegateMinimize(), MinMaxScaler(target="matrix"), WeightedSumModel()],
        "wpm": lambda: [InvertMinimize(), WeightedProductModel()],
        "topsis": lambda: [VectorScaler(target="matrix"), TOPSIS()],
        "vikor": lambda: [VIKOR()],
    }
    if name not in steps:
        return None
    objectives = [max if up else min for up in case.is_max]
    dm = skcriteria.mkdm(case.values, objectives, weights=case.weights)
    chain = steps[name]()
    pipeline = mkpipe(*chain) if len(chain) > 1 else chain[0]  # a pipeline needs two steps

    def call() -> np.ndarray:
        with warnings.catch_warnings():
            # TOPSIS warns that it is given 'min' criteria, which it handles
            warnings.simplefilter("ignore")
            result = pipeline.evaluate(dm)
        if name == "vikor":  # its ranks put the whole compromise set first; Q is the score
            return -np.asarray(result.e_.q_k)
        return -np.asarray(result.rank_, dtype=float)

    return call


def peer_call(peer: str, name: str, case: Case) -> Callable[[], np.ndarray] | None:
    """A call running method ``name`` of ``peer`` on ``case``; None if the peer lacks it.

    The call returns an array whose order (higher = better) is the peer's
    ranking. The peer must be installed (see :func:`peer_version`).
    """
    if peer == "pymcdm":
        call = _pymcdm(name, case)
        if call is None or name != "vikor":
            return call
        return lambda: -call()  # pymcdm's VIKOR returns Q, lower is better
    return _skcriteria(name, case)
