"""The weighted product, against published examples and by hand."""

from __future__ import annotations

import numpy as np
import pytest
from helpers import model_from

import matrix

# Same data as tests/methods/test_wsm.py (citations there).
TRIANTAPHYLLOU = [[25, 20, 15, 30], [10, 30, 20, 30], [30, 10, 30, 10]]
TRIANTAPHYLLOU_WEIGHTS = [0.20, 0.15, 0.40, 0.25]
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

# Chakraborty, Zavadskas & Antucheviciene (2015): the 8 x 7 example pymcdm's
# TestWASPAS uses (the example number is not given there).
CHAKRABORTY_8X7 = [
    [30, 23, 5, 0.745, 0.745, 1500, 5000],
    [18, 13, 15, 0.745, 0.745, 1300, 6000],
    [15, 12, 10, 0.500, 0.500, 950, 7000],
    [25, 20, 13, 0.745, 0.745, 1200, 4000],
    [14, 18, 14, 0.255, 0.745, 950, 3500],
    [17, 15, 9, 0.745, 0.500, 1250, 5250],
    [23, 18, 20, 0.500, 0.745, 1100, 3000],
    [16, 8, 14, 0.255, 0.500, 1500, 3000],
]
CHAKRABORTY_8X7_WEIGHTS = [0.1181, 0.1181, 0.0445, 0.1181, 0.2861, 0.2861, 0.0445]


def test_triantaphyllou_2000_product_ratios():
    """Triantaphyllou (2000), ch. 2, WPM example, as reproduced in Wikipedia's
    "Weighted product model" article (the book was not available to us).

    Convention: the ratio form P(A_K/A_L) = prod (a_Kj / a_Lj) ** w_j (Bridgman
    1922; Miller & Starr 1969), which is the ratio of our scores (dividing each
    criterion by its best value cancels). Published (3 dp): P(A1/A2) = 1.007,
    P(A1/A3) = 1.067, P(A2/A3) = 1.059, so A1 > A2 > A3 (the weighted sum ties
    A2 and A3 above A1 on the same data). Our exact ratios are 1.0074, 1.0671,
    1.0592, hence atol 5e-4.
    """
    model = model_from(TRIANTAPHYLLOU, "bbbb", TRIANTAPHYLLOU_WEIGHTS)
    scores = matrix.evaluate(model, "wpm").scores
    ratios = [scores["A1"] / scores["A2"], scores["A1"] / scores["A3"], scores["A2"] / scores["A3"]]
    np.testing.assert_allclose(ratios, [1.007, 1.067, 1.059], rtol=0, atol=5e-4)
    assert matrix.evaluate(model, "wpm").ranks.tolist() == [1, 2, 3]


def test_chakraborty_2015_example_2_waspas_lambda_0_is_a_weighted_product():
    """Chakraborty, Zavadskas & Antucheviciene (2015), Example 2: WASPAS with
    lambda = 0 is the weighted product of x/max (min/x for the cost criteria),
    which is what ``wpm`` computes.

    Published (4 dp) as transcribed in scikit-criteria's test
    ``test_WASPAS_chakraborty2015applications``; our computation reproduces
    them to 4.6e-5, hence atol 1e-4. Ranks as published.
    """
    model = model_from(CHAKRABORTY_2, "cccb", CHAKRABORTY_2_WEIGHTS)
    result = matrix.evaluate(model, "wpm")
    published = [0.8578, 0.8144, 0.8408, 0.9413, 0.8632, 0.8241, 0.8454, 0.8915, 0.8987, 0.8697]
    np.testing.assert_allclose(result.scores, published, rtol=0, atol=1e-4)
    assert result.ranks.tolist() == [6, 10, 8, 1, 5, 9, 7, 3, 2, 4]


def test_chakraborty_2015_waspas_half_is_the_mean_of_wsm_and_wpm():
    """Chakraborty et al. (2015), the 8 x 7 example: WASPAS with lambda = 0.5 is
    the mean of the weighted sum (``normalization="max"``) and the weighted
    product, so it checks both methods together.

    Published Q (4 dp) as transcribed in pymcdm's ``TestWASPAS``; only the
    combination is published, not its parts. The example's weights sum to
    1.0155 and are used as printed, while our methods divide weights by their
    sum; we undo that (the sum scales by the total, the product is raised to
    it). Our computation reproduces the published values to 4.2e-5, hence atol
    1e-4.
    """
    model = model_from(CHAKRABORTY_8X7, "bbbbbcc", CHAKRABORTY_8X7_WEIGHTS)
    total = sum(CHAKRABORTY_8X7_WEIGHTS)
    assert total == pytest.approx(1.0155)
    wsm = matrix.evaluate(model, "wsm", normalization="max").scores * total
    wpm = matrix.evaluate(model, "wpm").scores ** total
    published = [0.8329, 0.7884, 0.6987, 0.8831, 0.7971, 0.7036, 0.8728, 0.5749]
    np.testing.assert_allclose(0.5 * wsm + 0.5 * wpm, published, rtol=0, atol=1e-4)


def test_by_hand():
    # cost (min): 2 and 4 -> ratios 1 and 1/2; benefit (max): 9 and 16 -> 9/16 and 1.
    model = model_from([[2, 9], [4, 16]], "cb", [1, 1])
    result = matrix.evaluate(model, "wpm")
    assert result.scores.tolist() == pytest.approx([0.75, 0.5**0.5], abs=1e-15)
    assert result.details["weighted"].loc["A1", "C2"] == pytest.approx(0.75)
    assert result.higher_is_better and result.params == {}


def test_a_constant_criterion_counts_as_1_even_at_zero():
    model = model_from([[2, 0], [4, 0]], "bb")
    result = matrix.evaluate(model, "wpm")
    assert result.details["normalized"]["C2"].tolist() == [1.0, 1.0]
    assert result.scores.tolist() == pytest.approx([0.5**0.5, 1.0])


@pytest.mark.parametrize(
    ("values", "message"),
    [
        (
            [[1, 0], [2, 3]],
            r"wpm needs scores > 0 on every criterion \(it raises each score to a power\); criterion 'C2' has 0 for option 'A1'",
        ),
        ([[1, 2], [-2, 3]], r"criterion 'C1' has -2 for option 'A2'"),
    ],
)
def test_zero_or_negative_scores_are_undefined(values, message):
    with pytest.raises(matrix.MethodError, match=message):
        matrix.evaluate(model_from(values, "bc"), "wpm")


def test_single_option():
    result = matrix.evaluate(model_from([[3, 4]], "bc"), "wpm")
    assert result.scores.tolist() == [1.0] and result.ranks.tolist() == [1]
