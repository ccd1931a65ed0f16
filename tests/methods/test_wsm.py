"""The weighted sum, checked by hand and by its invariants."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

import matrix
from matrix.methods import competition_ranks


def test_hand_checked_example():
    # Two criteria on 0-10: x is 'max' with weight 3, y is 'min' with weight 1.
    # a: x=2 -> 0.2, y=4 -> (10-4)/10 = 0.6  => 0.75*0.2 + 0.25*0.6 = 0.30
    # b: x=8 -> 0.8, y=9 -> 0.1              => 0.75*0.8 + 0.25*0.1 = 0.625
    # c: x=5 -> 0.5, y=0 -> 1.0              => 0.75*0.5 + 0.25*1.0 = 0.625 (ties b)
    scores = pd.DataFrame({"x": [2.0, 8.0, 5.0], "y": [4.0, 9.0, 0.0]}, index=["a", "b", "c"])
    model = matrix.from_frame(
        scores, directions=["max", "min"], weights=[3, 1], scales={"x": (0, 10), "y": (0, 10)}
    )
    result = matrix.evaluate(model, "wsm")
    assert result.scores.tolist() == pytest.approx([0.30, 0.625, 0.625], abs=1e-12)
    assert result.ranks.tolist() == [3, 1, 1]  # ties share the best rank, "1 1 3"
    assert result.higher_is_better
    assert result.order == ["b", "c", "a"]
    assert result.details["weighted"].loc["a", "y"] == pytest.approx(0.15)
    assert result.params == {"normalization": "scale"}


def test_without_a_scale_the_data_range_is_used():
    scores = pd.DataFrame({"x": [10.0, 20.0, 40.0]}, index=["a", "b", "c"])
    result = matrix.evaluate(matrix.from_frame(scores, directions=["min"], weights=[1]))
    assert result.scores.tolist() == pytest.approx([1.0, 2 / 3, 0.0])


def test_a_constant_criterion_without_scale_adds_nothing():
    scores = pd.DataFrame({"x": [1.0, 2.0], "k": [5.0, 5.0]}, index=["a", "b"])
    result = matrix.evaluate(matrix.from_frame(scores, directions=["max", "max"], weights=[1, 1]))
    assert result.scores.tolist() == pytest.approx([0.0, 0.5])


def test_single_option():
    model = matrix.from_frame(
        pd.DataFrame({"x": [3.0]}, index=["only"]), directions=["max"], weights=[1]
    )
    result = matrix.evaluate(model)
    assert result.ranks.tolist() == [1]


def test_unknown_method_and_parameter_are_named():
    model = matrix.load_case()
    with pytest.raises(matrix.MethodError, match=r"unknown method 'magic'; choose one of wsm"):
        matrix.evaluate(model, "magic")
    with pytest.raises(matrix.MethodError, match=r"method 'wsm' has no parameter 'v'"):
        matrix.evaluate(model, "wsm", v=0.5)


def test_competition_ranks_match_rank_eq():
    assert competition_ranks(np.array([1.0, 3.0, 3.0, 2.0])).tolist() == [4, 1, 1, 3]
    # floating-point noise does not break a tie
    assert competition_ranks(np.array([0.1 + 0.2, 0.3])).tolist() == [1, 1]


matrices = st.integers(2, 6).flatmap(
    lambda n: st.integers(1, 5).flatmap(
        lambda m: st.tuples(
            arrays(float, (n, m), elements=st.floats(0, 10, allow_subnormal=False)),
            arrays(float, (m,), elements=st.floats(0.01, 5)),
            st.lists(st.sampled_from(["max", "min"]), min_size=m, max_size=m),
            st.permutations(range(n)),
        )
    )
)


def _model(values, weights, directions):
    n, m = values.shape
    frame = pd.DataFrame(
        values, index=[f"o{i}" for i in range(n)], columns=[f"c{j}" for j in range(m)]
    )
    return matrix.from_frame(
        frame, directions=directions, weights=weights, scales={c: (0, 10) for c in frame.columns}
    )


@settings(max_examples=60, deadline=None)
@given(matrices)
def test_permuting_options_permutes_results(case):
    values, weights, directions, perm = case
    model = _model(values, weights, directions)
    permuted = _model(values[list(perm)], weights, directions)
    a, b = matrix.evaluate(model), matrix.evaluate(permuted)
    ids = [f"o{i}" for i in perm]
    np.testing.assert_allclose(b.scores.to_numpy(), a.scores.loc[ids].to_numpy(), atol=1e-12)
    np.testing.assert_array_equal(b.ranks.to_numpy(), a.ranks.loc[ids].to_numpy())


@settings(max_examples=60, deadline=None)
@given(matrices, st.floats(0.1, 100))
def test_scaling_all_weights_changes_nothing(case, factor):
    values, weights, directions, _ = case
    a = matrix.evaluate(_model(values, weights, directions))
    b = matrix.evaluate(_model(values, weights * factor, directions))
    np.testing.assert_allclose(a.scores, b.scores, atol=1e-12)


@settings(max_examples=60, deadline=None)
@given(matrices)
def test_scores_lie_between_0_and_1_and_a_dominated_option_never_wins(case):
    values, weights, directions, _ = case
    result = matrix.evaluate(_model(values, weights, directions))
    assert ((result.scores >= -1e-12) & (result.scores <= 1 + 1e-12)).all()
    # make option 0 dominate option 1 everywhere, strictly on one criterion
    better = values.copy()
    is_max = np.array([d == "max" for d in directions])
    better[0] = np.where(is_max, np.maximum(values[0], values[1]), np.minimum(values[0], values[1]))
    ranks = matrix.evaluate(_model(better, weights, directions)).ranks
    assert ranks["o0"] <= ranks["o1"]
