"""One-way sensitivity: sweeps, break-even weights (checked by re-ranking), tornado, winner flips."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from helpers import random_model
from hypothesis import given, note, settings
from hypothesis import strategies as st
from strategies import describe, edge_models

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


@given(model=st.one_of(SEEDS.map(lambda s: random_model(s, undeclared=s % 2 == 0)), edge_models()))
@settings(max_examples=40, deadline=None)
def test_the_smallest_score_change_flips_the_winner_and_no_less(model):
    note(describe(model))
    flip = matrix.flip_winner(model)
    for row in flip.scores.dropna(subset=["to"]).itertuples():
        option, criterion = row.option, row.criterion
        span = float(np.ptp(model.bounds.loc[criterion, ["min", "max"]]))
        # the helpful way: a challenger's score up its scale, the leader's down (a change of
        # 0 is a challenger already tied for first place)
        up = (model.criteria[model.criterion_ids.index(criterion)].direction == "max") != (
            option == flip.winner
        )
        step = 1e-5 * span * (1 if up else -1)
        low, high = model.bounds.loc[criterion, ["min", "max"]]
        if low <= row.to + step <= high:
            beyond = matrix.evaluate(model.with_scores({(option, criterion): row.to + step}))
            assert beyond.ranks[flip.winner] > 1 and beyond.winner == row.new_winner
        if low <= row.to - step <= high:
            short = matrix.evaluate(model.with_scores({(option, criterion): row.to - step}))
            assert short.ranks[flip.winner] == 1
    # the smallest change, found independently: every score bisected alone, re-ranked by a
    # weighted sum written out again (which first agrees with the package's)
    np.testing.assert_allclose(
        weighted_sum(model, model.values), matrix.evaluate(model).scores, rtol=0, atol=1e-12
    )
    smallest = brute_force_smallest_score_change(model, flip.winner)
    if flip.score is None:
        assert math.isnan(smallest)
    else:
        assert flip.score["share_of_scale"] == pytest.approx(smallest, abs=1e-5)


def weighted_sum(model, values):
    """The weighted sum written out again in numpy: each score on 0-1 between its
    criterion's declared scale (or the options' range), 1 = the best end, times the
    weight's share, added up; rounded to 12 decimals as the ranks are."""
    declared = np.array([c.has_scale for c in model.criteria])
    low = np.where(declared, [c.scale_min or 0 for c in model.criteria], values.min(axis=0))
    high = np.where(declared, [c.scale_max or 0 for c in model.criteria], values.max(axis=0))
    span = np.where(high > low, high - low, 1.0)
    up = np.array([c.direction == "max" for c in model.criteria])
    normal = np.where(high > low, np.where(up, values - low, high - values) / span, 0.0)
    return np.round(normal @ model.normalized_weights.to_numpy(), 12)


def brute_force_smallest_score_change(model, leader):
    """The least share of its scale by which one score, moved alone towards its helpful end
    (a challenger's up, the leader's down), takes first place from the leader; NaN if none."""
    best = math.nan
    bounds = model.bounds
    first = model.option_ids.index(leader)
    for i, option in enumerate(model.option_ids):
        for j, crit in enumerate(model.criteria):
            low, high = bounds.loc[crit.id, ["min", "max"]]
            if high <= low:
                continue
            up = (crit.direction == "max") != (option == leader)
            start = float(model.values[i, j])
            end = float(high if up else low)

            def lost(value, i=i, j=j):
                values = model.values.copy()
                values[i, j] = value
                scores = weighted_sum(model, values)
                return bool((scores > scores[first]).any())

            if start == end or not lost(end):
                continue
            kept, gone = start, end
            while abs(gone - kept) > 1e-9 * (high - low):
                middle = (kept + gone) / 2
                kept, gone = (kept, middle) if lost(middle) else (middle, gone)
            share = abs(gone - start) / (high - low)
            best = share if math.isnan(best) else min(best, share)
    return best


def test_flip_winner_on_the_bundled_case_names_the_nearest_break_even():
    model = matrix.load_case()
    flip = matrix.flip_winner(model)
    # independent: every criterion's crossings found by re-ranking and bisection
    shares = model.normalized_weights
    nearest = {}
    for j, criterion in enumerate(model.criterion_ids):
        for share, winner in brute_force_crossings(model, j, flip.winner):
            if not math.isnan(share):
                nearest[(abs(share - shares[criterion]), criterion)] = (share, winner)
    (_, criterion), (share, winner) = min(nearest.items())
    # matrix.evaluate ranks under the case's red-line policy ("last"), so Accept nuclear
    # status (past the red line on nuclear constraint) cannot take first place: the
    # nearest break-even is on Exposure to cheating, not Time to effect (39.3% if ignored)
    assert flip.weight["criterion"] == criterion == "cheating_exposure"
    assert flip.weight["break_even"] == pytest.approx(share, abs=1e-9)
    assert flip.weight["new_winner"] == winner == "maximum_pressure"
    # on the scores alone, the lead is too large for any single score to overturn
    assert matrix.flip_winner(model, red_lines="ignore").score is None
    assert math.isnan(brute_force_smallest_score_change(model, flip.winner))


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
@given(model=st.one_of(SEEDS.map(random_model), edge_models(ranges=True)))
@settings(max_examples=15, deadline=None)
def test_tornado_scores_are_each_option_rescored_with_one_score_moved(method, params, model):
    """The weighted sum's cell-by-cell shortcut and the general path both agree
    with ranking the model again with that one score moved (random and edge models)."""
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


# -- break-even with crossings both ways -----------------------------------------------


def both_ways_model():
    """a = (6, 6) is first between two specialists, b = (10, 0) and c = (0, 10), 0-10 scales.

    With t the share of x: a = 0.6, b = t, c = 1 - t. b overtakes a above t = 0.6 and c
    below t = 0.4. The weights 9 and 11 give x a share of 0.45: lowering x hands first
    place to c after 0.05, raising it to b only after 0.15. For y (share 0.55) it is the
    mirror image: rising 0.05 gives c first place, falling 0.15 gives it to b.
    """
    table = pd.DataFrame({"x": [6.0, 10.0, 0.0], "y": [6.0, 0.0, 10.0]}, index=["a", "b", "c"])
    return matrix.from_frame(
        table, directions=["max", "max"], weights=[9, 11], scales={"x": (0, 10), "y": (0, 10)}
    )


@pytest.mark.parametrize("exact", [True, False])
def test_break_even_both_ways_reports_the_nearer_crossing(exact, generic_wsm):
    method = "wsm" if exact else generic_wsm
    table = matrix.break_even(both_ways_model(), method=method)
    assert table.attrs["winner"] == "a" and table.attrs["exact"] is exact
    tolerance = 1e-12 if exact else 1e-6
    x, y = table.loc["x"], table.loc["y"]
    assert x["weight"] == pytest.approx(0.45, abs=1e-15)
    assert x["rise_above"] == pytest.approx(0.6, abs=tolerance) and x["winner_if_rise"] == "b"
    assert x["fall_below"] == pytest.approx(0.4, abs=tolerance) and x["winner_if_fall"] == "c"
    assert (x["direction"], x["new_winner"]) == ("fall", "c")
    assert x["break_even"] == pytest.approx(0.4, abs=tolerance)
    assert y["rise_above"] == pytest.approx(0.6, abs=tolerance) and y["winner_if_rise"] == "c"
    assert y["fall_below"] == pytest.approx(0.4, abs=tolerance) and y["winner_if_fall"] == "b"
    assert (y["direction"], y["new_winner"]) == ("rise", "c")
    # in the case's units: x at 0.4 against y's 11 is 11 * 0.4 / 0.6; y at 0.6 against 9 is
    # 13.5 (d raw / d share = 9 / 0.4² = 56: the bisection's 1e-6 becomes 6e-5)
    assert x["raw_break_even"] == pytest.approx(22 / 3, abs=100 * tolerance)
    assert y["raw_break_even"] == pytest.approx(13.5, abs=100 * tolerance)
    flip = matrix.flip_winner(both_ways_model(), method=method)
    assert flip.weight["criterion"] in ("x", "y") and flip.weight["new_winner"] == "c"
    assert abs(flip.weight["break_even"] - flip.weight["weight"]) == pytest.approx(0.05, abs=1e-6)


def brute_force_crossings(model, j, leader):
    """Where the leader first loses first place as criterion j's share rises from its value
    to 1, and as it falls to 0, found by re-ranking the model with weights set by hand and
    bisecting to 1e-12 (NaN: still first at the end). Plus the new winners there.

    Weighted sum: each option's score is linear in the share, so past the first crossing
    the leader stays beaten (the set where some option beats it is an interval).
    """
    raw = model.weights.to_numpy()
    t0 = raw[j] / raw.sum()
    others = np.delete(raw, j)

    def ranking(t):
        rest = others / others.sum() if others.sum() > 0 else np.full(others.size, 1 / others.size)
        shares = np.insert((1 - t) * rest, j, t)
        return matrix.evaluate(
            model.with_weights(dict(zip(model.criterion_ids, shares, strict=True)))
        )

    found = []
    for end in (1.0, 0.0):
        if ranking(end).ranks[leader] == 1:
            found.append((math.nan, ""))
            continue
        kept, gone = t0, end
        while abs(gone - kept) > 1e-12:
            middle = (kept + gone) / 2
            if ranking(middle).ranks[leader] > 1:
                gone = middle
            else:
                kept = middle
        # the new winner: first a little past the crossing (within 1e-12 of it, scores that
        # differ by less than the ranks' rounding still tie)
        beyond = gone + (1e-7 if end > t0 else -1e-7)
        found.append(((kept + gone) / 2, ranking(min(max(beyond, 0.0), 1.0)).winner))
    return found


@given(model=edge_models(min_options=2, max_criteria=3))
@settings(max_examples=60, deadline=None)
def test_break_even_equals_brute_force_bisection_both_ways(model):
    """On models with ties, constant columns, zero weights and scores at the scale ends:
    rise_above, fall_below, the new winners, and the nearer one reported."""
    note(describe(model))
    table = matrix.break_even(model)
    leader = table.attrs["winner"]
    assert matrix.evaluate(model).ranks[leader] == 1
    for j, criterion in enumerate(model.criterion_ids):
        row = table.loc[criterion]
        if len(model.criteria) == 1:  # one criterion always has the whole weight
            assert math.isnan(row["rise_above"]) and math.isnan(row["fall_below"])
            continue
        (up, up_winner), (down, down_winner) = brute_force_crossings(model, j, leader)
        for got, want, winner, name in (
            (row["rise_above"], up, up_winner, "rise"),
            (row["fall_below"], down, down_winner, "fall"),
        ):
            if math.isnan(want):
                assert math.isnan(got), (criterion, name, got)
            else:
                assert got == pytest.approx(want, abs=1e-9), (criterion, name)
                assert row[f"winner_if_{name}"] == winner, (criterion, name)
        t0 = row["weight"]
        # a share above which first place changes lies at or above the share now, and one
        # below which it changes at or below it (exactly, also for a tie at the share now)
        assert not row["rise_above"] < t0 and not row["fall_below"] > t0, (criterion, t0)
        if math.isnan(up) and math.isnan(down):
            assert row["direction"] == "never" and math.isnan(row["break_even"])
        elif math.isnan(down) or (not math.isnan(up) and up - t0 <= t0 - down):
            assert row["direction"] == "rise" and row["break_even"] == row["rise_above"]
        else:
            assert row["direction"] == "fall" and row["break_even"] == row["fall_below"]


def test_a_tie_for_first_breaks_at_the_share_now_exactly():
    """o0 (2, 9.5, 4.5) and o1 (7.5, 4.5, 8) tie for first at weights 3 : 4 : 1 (0-10
    scales): 0.375 x 0.2 + 0.5 x 0.95 + 0.125 x 0.45 = 0.375 x 0.75 + 0.5 x 0.45 +
    0.125 x 0.8 = 0.60625. Any rise of c0's share hands first place to o1, so the
    break-even is the share now, 3/8, exactly (in floating point the crossing computes
    as 0.37499999999999994, just below it)."""
    table = pd.DataFrame(
        [[2.0, 9.5, 4.5], [7.5, 4.5, 8.0], [8.0, 1.0, 3.5]],
        index=["o0", "o1", "o2"],
        columns=["c0", "c1", "c2"],
    )
    scales = {c: (0, 10) for c in table.columns}
    model = matrix.from_frame(table, directions=["max"] * 3, weights=[3, 4, 1], scales=scales)
    assert matrix.evaluate(model).ranks.tolist() == [1, 1, 3]
    row = matrix.break_even(model).loc["c0"]
    assert row["rise_above"] == row["weight"] == 0.375
    assert (row["direction"], row["new_winner"], row["break_even"]) == ("rise", "o1", 0.375)
