"""TOPSIS, against published examples and by hand."""

from __future__ import annotations

import numpy as np
import pytest
from helpers import model_from

import matrix

# Hwang, C.-L. & Yoon, K. (1981). Multiple Attribute Decision Making: Methods and
# Applications. Springer, Lecture Notes in Economics and Mathematical Systems 186,
# pp. 133-134: four fighter aircraft on six attributes (X4, cost, is 'min'; X5
# and X6 are ratings converted to 1-10 by the book).
HWANG_YOON = [
    [2.0, 1500, 20000, 5.5, 5, 9],
    [2.5, 2700, 18000, 6.5, 3, 5],
    [1.8, 2000, 21000, 4.5, 7, 7],
    [2.2, 1800, 20000, 5.0, 5, 5],
]
HWANG_YOON_WEIGHTS = [0.2, 0.1, 0.1, 0.1, 0.2, 0.3]

# Opricovic, S. & Tzeng, G.-H. (2004). Compromise solution by MCDM methods: A
# comparative analysis of VIKOR and TOPSIS. EJOR 156(2), 445-455, Tables 1-3.
# Problem f: risk (1-5, 'min') and altitude (m, 'max'); problem phi is the same
# data in other units (risk + 5, altitude in km above 1000 m).
OPRICOVIC_F = [[1, 3000], [2, 3750], [5, 4500]]
OPRICOVIC_PHI = [[6, 2.0], [7, 2.75], [10, 3.5]]


def test_hwang_yoon_1981_fighter_aircraft():
    """Hwang & Yoon (1981), pp. 133-134, as transcribed identically by two
    independent projects (mcdajs' "Fighter aircraft selection" example and
    ldss-benchmark's ``test_ideal_alternatives``); the book was not available
    to us.

    Convention: vector normalisation, Euclidean distance; the cost attribute
    is handled only through the ideal (its smallest value) and anti-ideal.

    Tolerances from the book's own rounding, measured against our exact
    computation: C* is printed to 3 dp from rounded distances (C*(A3) exact
    0.61354, printed 0.613), so atol 1e-3; S*, S- to 4 dp (S*(A1) exact
    0.05456, printed 0.0545), atol 1e-4; A*, A- to 4 dp, atol 1.5e-4. The
    book's normalised column X4 is in error (divisor sqrt(118.0) instead of
    sqrt(117.75)), so the normalised matrix is not compared.
    """
    model = model_from(HWANG_YOON, "bbbcbb", HWANG_YOON_WEIGHTS)
    result = matrix.evaluate(model, "topsis")
    d = result.details
    np.testing.assert_allclose(result.scores, [0.643, 0.268, 0.613, 0.312], rtol=0, atol=1e-3)
    np.testing.assert_allclose(d["d_plus"], [0.0545, 0.1197, 0.0580, 0.1009], rtol=0, atol=1e-4)
    np.testing.assert_allclose(d["d_minus"], [0.0983, 0.0439, 0.0920, 0.0458], rtol=0, atol=1e-4)
    np.testing.assert_allclose(
        d["ideal"], [0.1168, 0.0659, 0.0531, 0.0414, 0.1347, 0.2012], rtol=0, atol=1.5e-4
    )
    np.testing.assert_allclose(
        d["anti_ideal"], [0.0841, 0.0366, 0.0455, 0.0598, 0.0577, 0.1118], rtol=0, atol=1.5e-4
    )
    assert result.ranks.tolist() == [1, 4, 2, 3]
    assert result.params == {"normalization": "vector"}


@pytest.mark.parametrize(
    ("values", "d_plus", "d_minus", "closeness", "ranks"),
    [
        (
            OPRICOVIC_F,
            [0.114, 0.108, 0.365],
            [0.365, 0.280, 0.114],
            [0.762, 0.722, 0.238],
            [1, 2, 3],
        ),
        (
            OPRICOVIC_PHI,
            [0.154, 0.085, 0.147],
            [0.147, 0.134, 0.154],
            [0.489, 0.612, 0.511],
            [3, 1, 2],
        ),
    ],
    ids=["problem f", "problem phi"],
)
def test_opricovic_tzeng_2004_units_change_the_ranking(values, d_plus, d_minus, closeness, ranks):
    """Opricovic & Tzeng (2004), Tables 1-3, TOPSIS rows, as transcribed in
    another project's fixture file (read from the paper through a mirror);
    our exact computation reproduces all 18 values to 3 dp (max difference
    4.2e-4), hence atol 5e-4.

    Convention: vector normalisation, as the paper states. The paper's point:
    the same data in other units (phi) reverses TOPSIS's ranking, because
    vector normalisation is not invariant to adding a constant.
    """
    result = matrix.evaluate(model_from(values, "cb", [0.5, 0.5]), "topsis")
    np.testing.assert_allclose(result.details["d_plus"], d_plus, rtol=0, atol=5e-4)
    np.testing.assert_allclose(result.details["d_minus"], d_minus, rtol=0, atol=5e-4)
    np.testing.assert_allclose(result.scores, closeness, rtol=0, atol=5e-4)
    assert result.ranks.tolist() == ranks


def test_tzeng_huang_2011():
    """Tzeng, G.-H. & Huang, J.-J. (2011). Multiple Attribute Decision Making:
    Methods and Applications. CRC Press (page not known to us). Values as
    transcribed in scikit-criteria's ``test_TOPSIS_tzeng2011multiple`` (4 dp);
    our computation reproduces them to 4.9e-5, hence atol 1e-4.
    Convention: vector normalisation, Euclidean distance.
    """
    model = model_from([[5, 8, 4], [7, 6, 8], [8, 8, 6], [7, 4, 6]], "bbb", [0.3, 0.4, 0.3])
    result = matrix.evaluate(model, "topsis")
    np.testing.assert_allclose(result.scores, [0.5037, 0.6581, 0.7482, 0.3340], rtol=0, atol=1e-4)
    assert result.ranks.tolist() == [3, 2, 1, 4]


def test_minmax_by_hand_and_invariant_to_units():
    # Opricovic & Tzeng's problem f under min-max normalisation (not published;
    # worked by hand): risk 1, 2, 5 -> 0, 1/4, 1 ('min': ideal 0); altitude
    # 3000, 3750, 4500 -> 0, 1/2, 1 ('max': ideal 1); weights 1/2 each.
    # A2: D+ = 0.5*sqrt(0.25**2 + 0.5**2), D- = 0.5*sqrt(0.75**2 + 0.5**2).
    f = matrix.evaluate(model_from(OPRICOVIC_F, "cb", [1, 1]), "topsis", normalization="minmax")
    plus, minus = 0.5 * np.hypot(0.25, 0.5), 0.5 * np.hypot(0.75, 0.5)
    assert f.scores.tolist() == pytest.approx([0.5, minus / (plus + minus), 0.5], abs=1e-12)
    assert f.details["ideal"].tolist() == [0.0, 0.5]
    phi = matrix.evaluate(model_from(OPRICOVIC_PHI, "cb", [1, 1]), "topsis", normalization="minmax")
    np.testing.assert_allclose(phi.scores, f.scores, atol=1e-12)


def test_all_constant_criteria_tie_every_option_at_one_half():
    result = matrix.evaluate(model_from([[3, 0], [3, 0]], "bc"), "topsis")
    assert result.scores.tolist() == [0.5, 0.5] and result.ranks.tolist() == [1, 1]
    single = matrix.evaluate(model_from([[3, 1]], "bc"), "topsis")
    assert single.scores.tolist() == [0.5] and single.ranks.tolist() == [1]


def test_a_constant_criterion_changes_nothing():
    base = matrix.evaluate(model_from([[1], [4], [2]], "b"), "topsis", normalization="minmax")
    more = matrix.evaluate(
        model_from([[1, 7], [4, 7], [2, 7]], "bb"), "topsis", normalization="minmax"
    )
    # the weights halve, so distances halve, but closeness is a ratio
    np.testing.assert_allclose(more.scores, base.scores, atol=1e-12)


@pytest.mark.parametrize("bad", ["scale", "max", None])
def test_unknown_normalization(bad):
    with pytest.raises(
        matrix.MethodError, match=r"topsis: normalization must be one of vector, minmax; got"
    ):
        matrix.evaluate(model_from([[1], [2]], "b"), "topsis", normalization=bad)
