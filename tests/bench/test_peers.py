"""Our numbers against two independent implementations: pymcdm and scikit-criteria.

Every method and weighting that both peers (or one) share with policy-matrix is
compared value by value, not only by ranking, on random cases with mixed
directions: the weighted sum (min-max), the weighted product, TOPSIS (vector),
VIKOR, PROMETHEE II (pymcdm only), entropy and CRITIC weights. Each peer is
called as its own documentation shows, here, not through the benchmark's code.

Conventions that differ, and how the comparison bridges them:

- pymcdm's VIKOR returns Q (lower is better), as we do; scikit-criteria's too (``q_k``).
- scikit-criteria's weighted product reports ``sum w log10(x)`` on the raw values
  (``min`` criteria inverted), where we report the product of ``x / max`` (and
  ``min / x``): the two differ by a constant in log10, the same for every option.
- pymcdm's CRITIC normalises every criterion as ``max`` (it takes no directions),
  so it is compared on a case whose criteria all point up.

The peers are in the ``bench`` extra, which .ci/run installs: without them the
tests skip, except in CI (``CI`` set), where they fail.
"""

from __future__ import annotations

import dataclasses
import os
import warnings

import numpy as np
import pytest

import matrix
from matrix.bench import cases, peers
from matrix.weights import critic, entropy

SEEDS = [5, 17, 2026]


def need(peer: str) -> None:
    if peers.peer_version(peer) is None:
        if os.environ.get("CI"):
            pytest.fail(
                f"{peer} is not installed and CI is set: pip install 'policy-matrix[bench]'"
            )
        pytest.skip(f"{peer} is not installed: pip install 'policy-matrix[bench]'")


def ours(case, name):
    method, params = cases.METHOD_CASES[name]
    return matrix.evaluate(cases.make_model(case), method, **params).scores.to_numpy()


@pytest.mark.parametrize("seed", SEEDS)
def test_pymcdm_computes_our_scores(seed):
    need("pymcdm")
    from pymcdm import methods, normalizations

    case = cases.make_case(25, 6, seed=seed)
    types = np.where(case.is_max, 1, -1)
    n = case.shape[1]
    peer = {
        "wsm": methods.WSM(normalizations.minmax_normalization),
        "wpm": methods.WPM(normalizations.linear_normalization),
        "topsis": methods.TOPSIS(normalizations.vector_normalization),
        "vikor": methods.VIKOR(),
        "promethee2 usual": methods.PROMETHEE_II("usual"),
        "promethee2 linear": methods.PROMETHEE_II(
            "vshape_2", p=np.full(n, cases.LINEAR_P), q=np.full(n, cases.LINEAR_Q)
        ),
    }
    assert set(peer) == set(cases.METHOD_CASES)  # every method we benchmark
    for name, method in peer.items():
        theirs = np.asarray(method(case.values, case.weights, types), dtype=float)
        np.testing.assert_allclose(theirs, ours(case, name), rtol=0, atol=1e-12, err_msg=name)


@pytest.mark.parametrize("seed", SEEDS)
def test_scikit_criteria_computes_our_scores(seed):
    need("scikit-criteria")
    import skcriteria
    from skcriteria.agg.simple import WeightedProductModel, WeightedSumModel
    from skcriteria.agg.topsis import TOPSIS
    from skcriteria.agg.vikor import VIKOR
    from skcriteria.pipelines import mkpipe
    from skcriteria.preprocessing.invert_objectives import InvertMinimize, NegateMinimize
    from skcriteria.preprocessing.scalers import MinMaxScaler, VectorScaler

    case = cases.make_case(25, 6, seed=seed)
    dm = skcriteria.mkdm(
        case.values, [max if up else min for up in case.is_max], weights=case.weights
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # TOPSIS warns about 'min' criteria, which it handles
        wsm = mkpipe(NegateMinimize(), MinMaxScaler(target="matrix"), WeightedSumModel())
        wpm = mkpipe(InvertMinimize(), WeightedProductModel())
        topsis = mkpipe(VectorScaler(target="matrix"), TOPSIS())
        got = {
            "wsm": wsm.evaluate(dm).e_.score,
            "topsis": topsis.evaluate(dm).e_.similarity,
            "vikor": VIKOR().evaluate(dm).e_.q_k,
            "wpm": wpm.evaluate(dm).e_.score,
        }
    for name in ("wsm", "topsis", "vikor"):
        theirs = np.asarray(got[name], dtype=float)
        np.testing.assert_allclose(theirs, ours(case, name), rtol=0, atol=1e-12, err_msg=name)
    offset = np.log10(ours(case, "wpm")) - np.asarray(got["wpm"], dtype=float)
    np.testing.assert_allclose(offset, offset[0], rtol=0, atol=1e-12)


@pytest.mark.parametrize("seed", SEEDS)
def test_both_peers_compute_our_entropy_and_critic_weights(seed):
    need("pymcdm")
    need("scikit-criteria")
    import skcriteria
    from pymcdm import weights as pw
    from skcriteria.preprocessing.weighters import CRITIC, EntropyWeighter

    case = cases.make_case(25, 6, seed=seed)
    model = cases.make_model(case)
    dm = skcriteria.mkdm(
        case.values, [max if up else min for up in case.is_max], weights=case.weights
    )
    expected = entropy(model).to_numpy()
    np.testing.assert_allclose(pw.entropy_weights(case.values), expected, rtol=0, atol=1e-12)
    np.testing.assert_allclose(
        EntropyWeighter().transform(dm).weights.to_numpy(), expected, rtol=0, atol=1e-12
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # it advises against 'min' criteria, which it handles
        theirs = CRITIC().transform(dm).weights.to_numpy()
    np.testing.assert_allclose(theirs, critic(model).to_numpy(), rtol=0, atol=1e-12)
    all_max = model.replace(
        criteria=[dataclasses.replace(c, direction="max") for c in model.criteria]
    )
    np.testing.assert_allclose(
        pw.critic_weights(case.values), critic(all_max).to_numpy(), rtol=0, atol=1e-12
    )
