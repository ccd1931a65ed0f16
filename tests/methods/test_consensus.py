"""The consensus rules, the agreement measures, and compare()."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest
from helpers import model_from
from hypothesis import given, settings
from hypothesis import strategies as st

import matrix
from matrix.methods.consensus import (
    borda_points,
    copeland_scores,
    kendall_tau,
    mid_ranks,
    spearman_rho,
)


def test_borda_by_hand_with_ties():
    # three methods rank four options; method 3 ties A and B for first
    ranks = np.array([[1, 2, 1], [2, 1, 1], [3, 3, 4], [4, 4, 3]])
    # A: 3 + 2 + (2 + 0.5) = 7.5;  B: 2 + 3 + 2.5 = 7.5;  C: 1 + 1 + 0 = 2;  D: 0 + 0 + 1 = 1
    assert borda_points(ranks).tolist() == [7.5, 7.5, 2.0, 1.0]


def test_copeland_by_hand_and_condorcet():
    # Borda and Copeland disagree: A wins two methods narrowly, B wins one by far
    ranks = np.array([[1, 1, 3], [2, 2, 1], [3, 3, 2]])
    # A beats B (2-1) and C (2-1): +2; B beats C (3-0), loses to A: 0; C: -2
    assert copeland_scores(ranks).tolist() == [2.0, 0.0, -2.0]
    # a pair the methods split evenly is a draw (0), not a win
    assert copeland_scores(np.array([[1, 2], [2, 1]])).tolist() == [0.0, 0.0]


def naive_tau_b(x, y):
    concordant = discordant = tied_x = tied_y = 0
    for i, j in itertools.combinations(range(len(x)), 2):
        a, b = np.sign(x[i] - x[j]), np.sign(y[i] - y[j])
        concordant += a * b > 0
        discordant += a * b < 0
        tied_x += a == 0
        tied_y += b == 0
    pairs = len(x) * (len(x) - 1) // 2
    return (concordant - discordant) / np.sqrt((pairs - tied_x) * (pairs - tied_y))


def test_kendall_tau_b_by_hand_with_ties():
    # x = 1 2 3 4 5, y = 1 1 2 3 3: pairs 10, concordant 8, discordant 0,
    # tied in y 2, tied in x 0 -> 8 / sqrt(10 * 8)
    assert kendall_tau(np.arange(1, 6), np.array([1, 1, 2, 3, 3])) == pytest.approx(8 / np.sqrt(80))
    assert kendall_tau(np.array([1, 2]), np.array([2, 1])) == -1.0
    assert np.isnan(kendall_tau(np.array([1]), np.array([1])))


def test_spearman_by_hand_with_ties():
    # mid-ranks of y: 1.5 1.5 3 4.5 4.5; Pearson with 1..5
    assert mid_ranks(np.array([1, 1, 2, 3, 3])).tolist() == [1.5, 1.5, 3.0, 4.5, 4.5]
    x, y = np.arange(1.0, 6.0) - 3, np.array([1.5, 1.5, 3, 4.5, 4.5]) - 3
    expected = (x * y).sum() / np.sqrt((x**2).sum() * (y**2).sum())
    assert spearman_rho(np.arange(1, 6), np.array([1, 1, 2, 3, 3])) == pytest.approx(expected)
    assert np.isnan(spearman_rho(np.array([1, 2]), np.array([3, 3])))


rank_pairs = st.integers(2, 12).flatmap(
    lambda m: st.tuples(
        st.lists(st.integers(1, m), min_size=m, max_size=m),
        st.lists(st.integers(1, m), min_size=m, max_size=m),
    )
)


@settings(max_examples=200, deadline=None)
@given(rank_pairs)
def test_agreement_measures_match_their_definitions(pair):
    x, y = (np.array(v, dtype=float) for v in pair)
    tau = kendall_tau(x, y)
    with np.errstate(invalid="ignore", divide="ignore"):
        expected = naive_tau_b(x, y)
    assert (np.isnan(tau) and np.isnan(expected)) or tau == pytest.approx(expected, abs=1e-12)
    assert np.isnan(tau) or -1 - 1e-12 <= tau <= 1 + 1e-12
    assert (np.isnan(tau) and np.isnan(kendall_tau(y, x))) or kendall_tau(y, x) == pytest.approx(
        tau
    )
    rho = spearman_rho(x, y)
    assert np.isnan(rho) or -1 - 1e-12 <= rho <= 1 + 1e-12
    if len(set(x.tolist())) > 1:
        assert kendall_tau(x, x) == pytest.approx(1.0) and spearman_rho(x, x) == pytest.approx(1.0)


@settings(max_examples=200, deadline=None)
@given(
    st.integers(2, 8).flatmap(
        lambda m: st.lists(st.permutations(range(1, m + 1)), min_size=1, max_size=5)
    )
)
def test_unanimous_dominance_is_kept_by_both_rules(columns):
    ranks = np.array(columns, dtype=float).T
    for rule in (borda_points, copeland_scores):
        points = rule(ranks)
        for a, b in itertools.permutations(range(len(ranks)), 2):
            if (ranks[a] <= ranks[b]).all():
                assert points[a] >= points[b]


def test_compare_the_bundled_case():
    model = matrix.load_case()
    comparison = matrix.compare(model)
    assert comparison.methods == ["wsm", "wpm", "topsis", "vikor", "promethee2"]
    assert comparison.skipped == {}
    assert list(comparison.ranks.columns) == [*comparison.methods, "consensus"]
    for name in comparison.methods:
        expected = matrix.evaluate(model, name)
        pd.testing.assert_series_equal(comparison.rankings[name].scores, expected.scores)
        pd.testing.assert_series_equal(comparison.ranks[name], expected.ranks, check_names=False)
    # Borda points: 4 per first place, summed over five methods
    assert comparison.consensus.scores["diplomatic_surge"] == 20.0
    agreement = comparison.agreement
    assert list(agreement.index) == comparison.methods
    assert np.allclose(np.diag(agreement), 1.0) and np.allclose(agreement, agreement.T)
    table = comparison.table()
    assert table.index[0] == "diplomatic_surge"
    assert table[("vikor", "rank")].tolist() == comparison.ranks.loc[table.index, "vikor"].tolist()
    assert matrix.evaluate(model, "consensus").scores.equals(comparison.consensus.scores)


def test_compare_chosen_methods_with_parameters_and_rules():
    model = matrix.load_case()
    comparison = matrix.compare(
        model,
        {"wsm": {"normalization": "max"}, "vikor": {"v": 0.2}},
        rule="copeland",
        measure="spearman",
    )
    assert comparison.methods == ["wsm", "vikor"]
    assert comparison.rankings["vikor"].params == {"v": 0.2}
    assert comparison.consensus.params == {"rule": "copeland"}
    assert (comparison.rule, comparison.measure) == ("copeland", "spearman")
    assert matrix.compare(model, ["topsis"]).methods == ["topsis"]


def test_methods_undefined_on_the_data_are_skipped_with_the_reason():
    model = model_from([[0, 1], [2, 3], [1, 1]], "bc")
    comparison = matrix.compare(model)
    assert "wpm" not in comparison.rankings
    assert "criterion 'C1' has 0 for option 'A1'" in comparison.skipped["wpm"]
    assert comparison.consensus.details["skipped"] == comparison.skipped
    # but a method asked for by name raises
    with pytest.raises(matrix.MethodError, match=r"wpm needs scores > 0"):
        matrix.compare(model, ["wsm", "wpm"])


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        (
            {"methods": ["magic"]},
            r"unknown method 'magic'; choose one of wsm, wpm, topsis, vikor, promethee2$",
        ),
        ({"methods": ["consensus"]}, r"the consensus is always computed; do not list it"),
        ({"methods": []}, r"give at least one method"),
        ({"methods": {"vikor": {"v": 2}}}, r"vikor: v must be a number from 0 to 1"),
        ({"rule": "plurality"}, r"compare: rule must be one of borda, copeland; got 'plurality'"),
        (
            {"measure": "pearson"},
            r"compare: measure must be one of kendall, spearman; got 'pearson'",
        ),
    ],
)
def test_bad_compare_arguments(kwargs, message):
    with pytest.raises(matrix.MethodError, match=message):
        matrix.compare(matrix.load_case(), **kwargs)


def test_consensus_method_rule_is_checked():
    with pytest.raises(matrix.MethodError, match=r"consensus: rule must be one of borda, copeland"):
        matrix.evaluate(matrix.load_case(), "consensus", rule="median")


def test_single_option_and_all_ties():
    comparison = matrix.compare(model_from([[1, 2]], "bc"))
    assert comparison.consensus.ranks.tolist() == [1]
    off_diagonal = comparison.agreement.to_numpy()[~np.eye(len(comparison.methods), dtype=bool)]
    assert np.isnan(off_diagonal).all()  # one option: no pairs to agree on


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(0, 6), max_size=40))
def test_inversions_count_every_out_of_order_pair(values):
    from matrix.methods.consensus import inversions

    naive = sum(
        1 for i, j in itertools.combinations(range(len(values)), 2) if values[i] > values[j]
    )
    assert inversions(np.array(values)) == naive
