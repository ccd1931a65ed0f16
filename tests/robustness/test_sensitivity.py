"""One-way sensitivity: sweeps, break-even weights (checked by re-ranking), tornado, winner flips."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from helpers import random_model
from hypothesis import given, settings
from hypothesis import strategies as st

import matrix
from matrix.errors import MethodError
from matrix.methods import METHODS
from matrix.methods.wsm import wsm
from matrix.robustness._common import raw_weight_for, swept_weights

SEEDS = st.integers(0, 2**32 - 1)


def rank_at(model, criterion, share, method="wsm"):
    j = model.criterion_ids.index(criterion)
    weights = swept_weights(model.normalized_weights.to_numpy(), j, np.array([share]))[0]
    return matrix.evaluate(
        model.with_weights(dict(zip(model.criterion_ids, weights, strict=True))), method
    )


def small_model():
    """x decides for a, y for b: a = 0.6 wx + 0.2 wy, b = 0.2 wx + 0.8 wy on 0-10 scales."""
    table = pd.DataFrame({"x": [6.0, 2.0], "y": [2.0, 8.0]}, index=["a", "b"])
    return matrix.from_frame(
        table, directions=["max", "max"], weights=[3, 1], scales={"x": (0, 10), "y": (0, 10)}
    )


def test_break_even_of_a_two_option_case_by_hand():
    # a - b = 0.4 t - 0.6 (1 - t) with t the share of x: zero at t = 0.6.
    table = matrix.break_even(small_model())
    assert table.attrs["winner"] == "a" and table.attrs["exact"]
    assert table.loc["x", "weight"] == 0.75
    assert table.loc["x", "fall_below"] == pytest.approx(0.6, abs=1e-15)
    assert table.loc["x", "winner_if_fall"] == "b"
    assert math.isnan(table.loc["x", "rise_above"])
    assert table.loc["y", "rise_above"] == pytest.approx(0.4, abs=1e-15)
    assert table.loc["x", "direction"] == "fall" and table.loc["x", "new_winner"] == "b"
    # in the case's units: x at 1.5 against y's 1 is a 60% share
    assert table.loc["x", "raw_break_even"] == pytest.approx(1.5)
    assert table.loc["y", "raw_break_even"] == pytest.approx(2.0)


@given(seed=SEEDS)
@settings(max_examples=40, deadline=None)
def test_break_even_weights_are_confirmed_by_re_ranking_either_side(seed):
    model = random_model(seed, zero_weight=seed % 3 == 0)
    table = matrix.break_even(model)
    leader = table.attrs["winner"]
    eps = 1e-7
    for criterion, row in table.iterrows():
        for share, winner, sign in (
            (row.rise_above, row.winner_if_rise, 1),
            (row.fall_below, row.winner_if_fall, -1),
        ):
            if math.isnan(share):
                # never: the leader is still first at that end of the sweep
                assert rank_at(model, criterion, 1.0 if sign > 0 else 0.0).ranks[leader] == 1
                continue
            before = rank_at(model, criterion, share - sign * eps)
            after = rank_at(model, criterion, share + sign * eps)
            assert before.ranks[leader] == 1, (criterion, share)
            assert after.ranks[leader] > 1 and after.winner == winner, (criterion, share)


@pytest.fixture
def generic_wsm(monkeypatch):
    monkeypatch.setitem(METHODS, "wsm_generic", wsm)
    return "wsm_generic"


@pytest.mark.parametrize("seed", [1, 2, 5, 8, 13])
def test_bisection_finds_the_exact_break_even_to_1e_6(generic_wsm, seed):
    model = random_model(seed)
    exact = matrix.break_even(model)
    bisected = matrix.break_even(model, method=generic_wsm)
    assert not bisected.attrs["exact"]
    for column in ("rise_above", "fall_below", "break_even"):
        np.testing.assert_allclose(bisected[column], exact[column], atol=1e-6, rtol=0)
    for column in ("winner_if_rise", "winner_if_fall", "direction", "new_winner"):
        assert bisected[column].tolist() == exact[column].tolist()


def test_at_least_one_seeded_case_has_a_break_even():  # so the properties above bite
    assert any(matrix.break_even(random_model(s))["direction"].ne("never").any() for s in range(10))


def test_weight_sweep_is_linear_for_the_weighted_sum_and_passes_the_case():
    model = small_model()
    sweep = matrix.weight_sweep(model, points=5)
    assert len(sweep) == 2 * 5 * 2
    a = sweep[(sweep.criterion == "x") & (sweep.option == "a")]
    np.testing.assert_allclose(a["score"], 0.2 + 0.4 * a["weight"], atol=1e-15)
    # at its own share the sweep gives the case's scores
    at_now = matrix.weight_sweep(model, points=5, criteria=["x"])
    assert set(at_now.criterion) == {"x"}
    with pytest.raises(MethodError, match=r"unknown criterion 'z'; criteria are x, y"):
        matrix.weight_sweep(model, criteria=["z"])
    with pytest.raises(MethodError, match=r"points must be a whole number >= 2; got 1"):
        matrix.weight_sweep(model, points=1)


def test_swept_weights_keep_the_others_in_proportion():
    w = np.array([0.5, 0.3, 0.2])
    out = swept_weights(w, 1, np.array([0.3, 0.0, 1.0]))
    np.testing.assert_allclose(out[0], w)
    np.testing.assert_allclose(out[1], [0.5 / 0.7, 0.0, 0.2 / 0.7])
    np.testing.assert_allclose(out.sum(axis=1), 1.0)
    np.testing.assert_allclose(
        swept_weights(np.array([1.0, 0, 0]), 0, np.array([0.5]))[0], [0.5, 0.25, 0.25]
    )
    model = small_model()
    assert raw_weight_for(model, 0, 0.75) == pytest.approx(3.0)
    assert math.isinf(raw_weight_for(model, 0, 1.0))


def test_tornado_by_hand():
    model = small_model()
    data = matrix.tornado(model)
    # x's weight 3 -> 1.5 and 4.5 against y's 1: shares 0.6 and 0.818...
    row = data.weights[(data.weights.criterion == "x") & (data.weights.option == "a")].iloc[0]
    assert row.weight_low == pytest.approx(0.6) and row.weight_high == pytest.approx(4.5 / 5.5)
    assert row.score_low == pytest.approx(0.2 + 0.4 * 0.6)
    assert row.base == pytest.approx(0.5)
    assert row.swing == pytest.approx(abs(row.score_high - row.score_low))
    # scores: the model has no ranges, so nothing moves
    assert (data.scores["swing"] == 0).all()
    ranged = model.replace(low=model.scores - 1, high=model.scores + 1)
    moved = matrix.tornado(ranged).scores.set_index(["option", "criterion"])
    assert moved.loc[("a", "x"), "score_high"] == pytest.approx(0.75 * 0.7 + 0.25 * 0.2)
    assert moved.loc[("a", "x"), "swing"] == pytest.approx(0.75 * 0.2)
    with pytest.raises(MethodError, match=r"weight_range must be a pair"):
        matrix.tornado(model, weight_range=0.5)
    with pytest.raises(MethodError, match=r"weight_range high must be a finite number >= 2"):
        matrix.tornado(model, weight_range=(2, 1))


@given(seed=SEEDS)
@settings(max_examples=25, deadline=None)
def test_the_smallest_score_change_flips_the_winner_and_no_less(seed):
    model = random_model(seed, undeclared=seed % 2 == 0)
    flip = matrix.flip_winner(model)
    for row in flip.scores.dropna(subset=["to"]).itertuples():
        option, criterion = row.option, row.criterion
        span = float(np.ptp(model.bounds.loc[criterion, ["min", "max"]]))
        step = 1e-5 * span * np.sign(row.change)
        if not (
            model.bounds.loc[criterion, "min"]
            <= row.to + step
            <= model.bounds.loc[criterion, "max"]
        ):
            continue
        beyond = matrix.evaluate(model.with_scores({(option, criterion): row.to + step}))
        short = matrix.evaluate(model.with_scores({(option, criterion): row.to - step}))
        assert beyond.ranks[flip.winner] > 1 and beyond.winner == row.new_winner
        assert short.ranks[flip.winner] == 1
    if flip.score is not None:
        assert flip.score["share_of_scale"] == flip.scores["share_of_scale"].min()


def test_flip_winner_on_the_bundled_case_names_the_nearest_break_even():
    model = matrix.load_case()
    flip = matrix.flip_winner(model)
    table = flip.weights
    distance = (table["break_even"] - table["weight"]).abs()
    assert flip.weight["criterion"] == distance.idxmin()
    assert flip.score is None  # the lead is too large for any single score to overturn


def test_unknown_method_is_refused_naming_the_valid_ones():
    model = small_model()
    for function in (matrix.break_even, matrix.flip_winner, matrix.tornado, matrix.weight_sweep):
        with pytest.raises(MethodError, match=r"unknown method 'nope'; choose one of .*wsm"):
            function(model, method="nope")
    with pytest.raises(MethodError, match=r"method 'wsm' has no parameter 'alpha'"):
        matrix.break_even(model, method_params={"alpha": 1})


@pytest.mark.parametrize(
    ("method", "params"),
    [
        ("wsm", {}),
        ("wsm", {"normalization": "minmax"}),
        ("wsm", {"normalization": "vector"}),
        ("topsis", {}),
    ],
)
@given(seed=SEEDS)
@settings(max_examples=15, deadline=None)
def test_tornado_scores_are_each_option_rescored_with_one_score_moved(method, params, seed):
    """The weighted sum's cell-by-cell shortcut and the general path both agree
    with ranking the model again with that one score moved."""
    model = random_model(seed, undeclared=True)
    data = matrix.tornado(model, method=method, method_params=params)
    rows = data.scores.set_index(["option", "criterion"])
    for option in model.option_ids:
        for criterion in model.criterion_ids:
            row = rows.loc[(option, criterion)]
            for end, column in (("low", "score_low"), ("high", "score_high")):
                moved = model.with_scores({(option, criterion): float(row[end])})
                expected = matrix.evaluate(moved, method, **params).scores[option]
                assert row[column] == pytest.approx(expected, abs=1e-12)


@given(seed=SEEDS)
@settings(max_examples=15, deadline=None)
def test_the_weighted_sums_exact_thresholds_equal_bisection(seed):
    """On criteria without a declared scale (the options' range is the scale) the
    weighted sum's thresholds are worked out, not searched: each equals what bisecting
    that one score finds, the cells that hold a column's end included."""
    from matrix.robustness.batch import Evaluator
    from matrix.robustness.flip import _bisected_threshold, score_thresholds

    model = random_model(seed, undeclared=True)
    table = score_thresholds(model).set_index(["option", "criterion"])
    evaluator = Evaluator(model, "wsm", None)
    leader = model.option_ids.index(evaluator.base.winner)
    ends = model.bounds[["min", "max"]].to_numpy().T
    for i, option in enumerate(model.option_ids):
        for j, crit in enumerate(model.criterion_ids):
            to, new = _bisected_threshold(evaluator, model, leader, i, j, ends)
            row = table.loc[(option, crit)]
            if math.isnan(to):
                assert math.isnan(row["to"]), (option, crit, row["to"])
            else:
                span = ends[1, j] - ends[0, j]
                assert row["to"] == pytest.approx(to, abs=1e-5 * span), (option, crit)
                assert row["new_winner"] == model.option_ids[new]
