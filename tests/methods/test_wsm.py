"""The weighted sum, checked by hand and by its invariants."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from helpers import model_from
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

import matrix
from matrix.methods import competition_ranks


def test_ranks_tie_only_within_the_twelfth_decimal():
    """Scores are compared rounded to 12 decimals (RANK_DECIMALS), as the workbook's
    ROUND(..., 12) does: closer than that they tie; 1e-10 apart they do not."""
    assert competition_ranks(np.array([0.5, 0.5 + 1e-10, 0.5 - 1e-10])).tolist() == [2, 1, 3]
    assert competition_ranks(np.array([0.5, 0.5 + 1e-14, 0.25])).tolist() == [1, 1, 3]
    assert competition_ranks(np.array([3.0, 3.0 - 1e-9]), higher_is_better=False).tolist() == [2, 1]
    # a weighted sum whose totals differ by 1e-10 of a point
    table = pd.DataFrame({"x": [5.0, 5.0 + 1e-9]}, index=["a", "b"])
    model = matrix.from_frame(table, directions=["max"], weights=[1], scales={"x": (0, 10)})
    assert matrix.evaluate(model).ranks.tolist() == [2, 1]


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
            arrays(
                float, (n, m), elements=st.floats(0, 10).filter(lambda x: x == 0 or x >= 1e-100)
            ),
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


# -- published worked examples -------------------------------------------------

# Triantaphyllou, E. (2000). Multi-Criteria Decision Making Methods: A Comparative
# Study. Kluwer, ch. 2, 3 alternatives x 4 criteria, all 'max' and in the same unit.
TRIANTAPHYLLOU = [[25, 20, 15, 30], [10, 30, 20, 30], [30, 10, 30, 10]]
TRIANTAPHYLLOU_WEIGHTS = [0.20, 0.15, 0.40, 0.25]

# Chakraborty, S., Zavadskas, E.K. & Antucheviciene, J. (2015). Applications of
# WASPAS method as a multi-criteria decision-making tool. Economic Computation and
# Economic Cybernetics Studies and Research 49(1), 5-22, Example 2.
CHAKRABORTY_2 = [
    [581818, 54.49, 3, 5500],
    [595454, 49.73, 3, 4500],
    [586060, 51.24, 3, 5000],
    [522727, 45.71, 3, 5800],
    [561818, 52.66, 3, 5200],
    [543030, 74.46, 4, 5600],
    [522727, 75.42, 4, 5800],
    [486970, 62.62, 4, 5600],
    [509394, 65.87, 4, 6400],
    [513333, 70.67, 4, 6000],
]
CHAKRABORTY_2_WEIGHTS = [0.467, 0.160, 0.095, 0.278]


def test_triantaphyllou_2000_raw_weighted_sum():
    """Triantaphyllou (2000), ch. 2, WSM example, as reproduced in Wikipedia's
    "Weighted sum model" article (the book itself was not available to us).

    Convention: raw scores added (``normalization="none"``), all criteria 'max'.
    Published: A1 = 21.50, A2 = 22.00, A3 = 22.00 (2 dp). A2 and A3 tie exactly
    (30*0.2 + 10*0.15 + 30*0.4 + 10*0.25 = 22), so they share rank 1.
    Tolerance 1e-9: the sums are exact.
    """
    model = model_from(TRIANTAPHYLLOU, "bbbb", TRIANTAPHYLLOU_WEIGHTS)
    result = matrix.evaluate(model, "wsm", normalization="none")
    np.testing.assert_allclose(result.scores, [21.50, 22.00, 22.00], rtol=0, atol=1e-9)
    assert result.ranks.tolist() == [3, 1, 1]


def test_chakraborty_2015_example_2_waspas_lambda_1_is_a_weighted_sum():
    """Chakraborty, Zavadskas & Antucheviciene (2015), Example 2: WASPAS with
    lambda = 1 is the weighted sum of the linear normalisation x/max (min/x for
    the three cost criteria), i.e. ``normalization="max"``.

    Published values (4 dp) as transcribed in scikit-criteria's test
    ``test_WASPAS_chakraborty2015applications``; our own computation reproduces
    them to 5.4e-5 (two sit on a rounding boundary), hence atol 1e-4. Ranks as
    published: 6, 10, 8, 1, 5, 9, 7, 3, 2, 4.
    """
    model = model_from(CHAKRABORTY_2, "cccb", CHAKRABORTY_2_WEIGHTS)
    result = matrix.evaluate(model, "wsm", normalization="max")
    published = [0.8590, 0.8194, 0.8430, 0.9420, 0.8645, 0.8315, 0.8552, 0.8983, 0.9067, 0.8784]
    np.testing.assert_allclose(result.scores, published, rtol=0, atol=1e-4)
    assert result.ranks.tolist() == [6, 10, 8, 1, 5, 9, 7, 3, 2, 4]


# -- every normalisation, by hand ---------------------------------------------------


@pytest.mark.parametrize(
    ("normalization", "x_column", "y_column"),
    [
        # x is 'max' with values 1, 2, 4; y is 'min' with values 2, 4, 8 (no declared scale).
        ("scale", [0, 1 / 3, 1], [1, 2 / 3, 0]),
        ("minmax", [0, 1 / 3, 1], [1, 2 / 3, 0]),
        ("max", [1 / 4, 2 / 4, 1], [1, 2 / 4, 2 / 8]),
        (
            "vector",
            [1 / 21**0.5, 2 / 21**0.5, 4 / 21**0.5],
            [1 - 2 / 84**0.5, 1 - 4 / 84**0.5, 1 - 8 / 84**0.5],
        ),
        ("sum", [1 / 7, 2 / 7, 4 / 7], [0.5 / 0.875, 0.25 / 0.875, 0.125 / 0.875]),
    ],
)
def test_each_normalization_by_hand(normalization, x_column, y_column):
    model = model_from([[1, 2], [2, 4], [4, 8]], "bc", [1, 3])
    result = matrix.evaluate(model, "wsm", normalization=normalization)
    normalized = result.details["normalized"]
    np.testing.assert_allclose(normalized["C1"], x_column, atol=1e-12)
    np.testing.assert_allclose(normalized["C2"], y_column, atol=1e-12)
    expected = 0.25 * np.array(x_column) + 0.75 * np.array(y_column)
    np.testing.assert_allclose(result.scores, expected, atol=1e-12)
    assert result.params == {"normalization": normalization}


def test_scale_uses_the_declared_scale_and_minmax_the_data():
    model = model_from([[2.0], [4.0]], "b", scales={"C1": (0, 10)})
    assert matrix.evaluate(model, "wsm").scores.tolist() == pytest.approx([0.2, 0.4])
    assert matrix.evaluate(model, "wsm", normalization="minmax").scores.tolist() == [0.0, 1.0]


@pytest.mark.parametrize(
    ("normalization", "value"),
    [("scale", 0.0), ("minmax", 0.0), ("max", 1.0), ("vector", 0.0), ("sum", 1 / 3)],
)
def test_a_constant_criterion_gets_one_value_for_every_option(normalization, value):
    # the second criterion is all zeros: x/max, x/||x||, x/sum would be 0/0
    model = model_from([[1, 0], [2, 0], [3, 0]], "bb")
    normalized = matrix.evaluate(model, "wsm", normalization=normalization).details["normalized"]
    assert normalized["C2"].tolist() == pytest.approx([value] * 3)


@pytest.mark.parametrize(
    ("values", "directions", "normalization", "message"),
    [
        (
            [[1, 0], [2, 3]],
            "bc",
            "max",
            r"needs scores > 0 on a 'min' criterion .*criterion 'C2' has 0 for option 'A1'",
        ),
        ([[1, 0], [2, 3]], "bc", "sum", r"wsm with normalization 'sum' needs scores > 0"),
        (
            [[-1, 1], [2, 3]],
            "bb",
            "max",
            r"needs scores >= 0 on a 'max' criterion .*'C1' has -1 for option 'A1'",
        ),
        (
            [[1, 1], [2, 3]],
            "bc",
            "none",
            r"normalization 'none' adds raw scores, so every criterion must be 'max'; criterion 'C2' is 'min'",
        ),
        (
            [[1, 1], [2, 3]],
            "bb",
            "ratio",
            r"wsm: normalization must be one of scale, max, minmax, vector, sum, none; got 'ratio'",
        ),
        ([[1, 1], [2, 3]], "bb", 3, r"normalization must be one of .*; got 3"),
    ],
)
def test_undefined_normalizations_raise(values, directions, normalization, message):
    model = model_from(values, directions)
    with pytest.raises(matrix.MethodError, match=message):
        matrix.evaluate(model, "wsm", normalization=normalization)


def test_vector_and_minmax_accept_negative_scores():
    model = model_from([[-3.0, 1.0], [1.0, -2.0]], "bc")
    for how in ("vector", "minmax", "scale"):
        assert matrix.evaluate(model, "wsm", normalization=how).ranks.tolist() == [2, 1]
