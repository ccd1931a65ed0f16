"""The vectorised path agrees with the methods themselves, draw for draw."""

from __future__ import annotations

import numpy as np
import pytest
from helpers import random_model
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

import matrix
from matrix.methods import METHODS, competition_ranks
from matrix.methods.wsm import wsm
from matrix.robustness import BATCH_SCORERS
from matrix.robustness.batch import Evaluator, batch_competition_ranks

SEEDS = st.integers(0, 2**32 - 1)


@given(
    arrays(
        np.float64,
        st.tuples(st.integers(1, 6), st.integers(1, 7)),
        elements=st.sampled_from([0.0, 0.1, 0.25, 0.5, 0.5 + 1e-13, 1.0, 2.0]),
    ),
    st.booleans(),
)
def test_batch_ranks_are_the_competition_ranks_of_each_row(scores, higher):
    expected = np.array([competition_ranks(row, higher_is_better=higher) for row in scores])
    np.testing.assert_array_equal(
        batch_competition_ranks(scores, higher_is_better=higher), expected
    )


def test_every_batch_scorer_is_a_registered_method():
    assert set(BATCH_SCORERS) <= set(METHODS)


@pytest.mark.parametrize("method", sorted(BATCH_SCORERS))
@given(seed=SEEDS)
@settings(max_examples=25, deadline=None)
def test_batch_scores_equal_the_method_on_each_draw(method, seed):
    model = random_model(seed)
    rng = np.random.default_rng(seed)
    n, m = model.shape
    weights = rng.dirichlet(np.ones(m), size=6)
    values = model.low.to_numpy() + rng.random((6, n, m)) * (
        model.high.to_numpy() - model.low.to_numpy()
    )
    evaluator = Evaluator(model, method)
    assert evaluator.vectorised
    scores, ranks = evaluator(weights, values)
    for k in range(6):
        variant = model.with_weights(dict(zip(model.criterion_ids, weights[k], strict=True)))
        variant = variant.with_scores(
            {
                (o, c): values[k, i, j]
                for i, o in enumerate(model.option_ids)
                for j, c in enumerate(model.criterion_ids)
            }
        )
        expected = matrix.evaluate(variant, method)
        np.testing.assert_allclose(scores[k], expected.scores.to_numpy(), rtol=0, atol=1e-12)
        np.testing.assert_array_equal(ranks[k], expected.ranks.to_numpy())


@pytest.fixture
def generic_wsm(monkeypatch):
    """The weighted sum under another name: no batch scorer, so the generic path runs."""
    monkeypatch.setitem(METHODS, "wsm_generic", wsm)
    return "wsm_generic"


def test_the_generic_path_gives_the_fast_paths_numbers(generic_wsm):
    model = random_model(7)
    assert not Evaluator(model, generic_wsm).vectorised
    fast = matrix.rank_acceptability(model, samples=300, seed=11)
    slow = matrix.rank_acceptability(model, method=generic_wsm, samples=300, seed=11)
    np.testing.assert_array_equal(slow.acceptability, fast.acceptability)
    np.testing.assert_allclose(slow.central_weights, fast.central_weights, atol=1e-12)
    np.testing.assert_array_equal(slow.confidence, fast.confidence)
    assert slow.params["vectorised"] is False and fast.params["vectorised"] is True


def test_unchecked_variants_leave_the_model_alone():
    model = random_model(3)
    before = model.values.copy()
    n, m = model.shape
    variant = model._unchecked_variant(weights=np.full(m, 1.0 / m), values=np.zeros((n, m)))
    np.testing.assert_array_equal(model.values, before)
    assert variant.values.sum() == 0 and not variant.values.flags.writeable
    assert (variant.low.to_numpy() <= 0).all()  # the range widened to hold the new score


#: Each batch scorer with each parameter it takes (every scorer must appear).
BATCH_CASES = [
    ("wsm", {}),
    ("wsm", {"normalization": "minmax"}),
    ("topsis", {}),
    ("topsis", {"normalization": "minmax"}),
    ("vikor", {}),
    ("vikor", {"v": 0.2}),
]


def test_every_batch_scorer_is_checked_with_its_parameters():
    assert {method for method, _ in BATCH_CASES} == set(BATCH_SCORERS)


@pytest.mark.parametrize(("method", "params"), BATCH_CASES)
@given(seed=SEEDS, fixed=st.booleans())
@settings(max_examples=25, deadline=None)
def test_batch_scores_equal_the_method_with_fixed_or_drawn_scores(method, params, seed, fixed):
    """Fixed scores (only weights vary) take the scorers' matrix-product path."""
    model = random_model(seed, zero_weight=seed % 3 == 0)
    rng = np.random.default_rng(seed)
    n, m = model.shape
    weights = rng.dirichlet(np.ones(m), size=5)
    low, high = model.low.to_numpy(), model.high.to_numpy()
    values = None if fixed else low + rng.random((5, n, m)) * (high - low)
    evaluator = Evaluator(model, method, params)
    assert evaluator.vectorised
    scores, ranks = evaluator(weights, values)
    for k in range(5):
        variant = model.with_weights(dict(zip(model.criterion_ids, weights[k], strict=True)))
        if values is not None:
            variant = variant.with_scores(
                {
                    (o, c): values[k, i, j]
                    for i, o in enumerate(model.option_ids)
                    for j, c in enumerate(model.criterion_ids)
                }
            )
        expected = matrix.evaluate(variant, method, **params)
        np.testing.assert_allclose(scores[k], expected.scores.to_numpy(), rtol=0, atol=1e-12)
        np.testing.assert_array_equal(ranks[k], expected.ranks.to_numpy())


def test_a_constant_criterion_in_a_batch():
    """Every option scores the same on c0: TOPSIS and VIKOR leave it out, as the methods do."""
    model = random_model(5, options=4, criteria=3)
    scores = model.scores
    scores["c0"] = 4.0
    model = model.replace(scores=scores, low=scores, high=scores)
    weights = np.array([[0.5, 0.25, 0.25], [0.2, 0.4, 0.4]])
    for method, params in BATCH_CASES:
        batched, _ = Evaluator(model, method, params)(weights)
        for k in range(2):
            variant = model.with_weights(dict(zip(model.criterion_ids, weights[k], strict=True)))
            expected = matrix.evaluate(variant, method, **params).scores.to_numpy()
            np.testing.assert_allclose(batched[k], expected, rtol=0, atol=1e-12)


@pytest.mark.parametrize("method", ["topsis", "vikor"])
@pytest.mark.parametrize("score_dist", [None, "triangular"])
def test_rank_acceptability_is_the_same_on_the_generic_path(monkeypatch, method, score_dist):
    monkeypatch.setitem(METHODS, f"{method}_generic", METHODS[method])
    model = random_model(11)
    fast = matrix.rank_acceptability(
        model, method=method, samples=300, seed=4, score_dist=score_dist
    )
    slow = matrix.rank_acceptability(
        model, method=f"{method}_generic", samples=300, seed=4, score_dist=score_dist
    )
    assert fast.params["vectorised"] and not slow.params["vectorised"]
    np.testing.assert_array_equal(slow.acceptability, fast.acceptability)
    np.testing.assert_allclose(slow.central_weights, fast.central_weights, atol=1e-12)
    np.testing.assert_array_equal(slow.confidence, fast.confidence)
