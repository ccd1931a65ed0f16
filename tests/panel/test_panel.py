"""A panel of analysts (issue 14): aggregates by hand, pivotal disagreements by brute force,
the mixture Monte Carlo against exact enumeration and an independent loop, and bad input."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pandas as pd
import pytest
from helpers import model_from, random_model
from hypothesis import given, settings
from hypothesis import strategies as st

import matrix
from matrix.errors import PanelError
from matrix.methods import competition_ranks
from matrix.panel import kendall_tau

SCALES = {"C1": (0, 10), "C2": (0, 10)}


def _analyst(values, low=None, high=None, weights=(1, 1)):
    model = model_from(values, "bb", weights, scales=SCALES)
    if low is not None:
        frame = lambda a: pd.DataFrame(a, index=model.option_ids, columns=model.criterion_ids)  # noqa: E731
        model = model.replace(low=frame(low), high=frame(high))
    return model


@pytest.fixture
def trio():
    """Three analysts scoring two options on two 0-10 criteria; the hand computations below."""
    ana = _analyst([[8, 3], [5, 5]], [[6, 1], [4, 4]], [[9, 3], [6, 6]])
    ben = _analyst([[6, 4], [5, 6]], [[5, 3], [5, 5]], [[7, 5], [5, 7]])
    cat = _analyst([[1, 3], [5, 8]], [[0, 2], [3, 7]], [[2, 4], [7, 9]])
    return matrix.Panel.from_models({"ana": ana, "ben": ben, "cat": cat})


def test_mean_and_median_aggregates_match_hand_computation(trio):
    mean = trio.aggregate()
    # A1/C1: (8 + 6 + 1) / 3 = 5; low (6 + 5 + 0) / 3 = 11/3; high (9 + 7 + 2) / 3 = 6
    assert mean.scores.loc["A1", "C1"] == pytest.approx(5.0)
    assert mean.low.loc["A1", "C1"] == pytest.approx(11 / 3)
    assert mean.high.loc["A1", "C1"] == pytest.approx(6.0)
    assert mean.scores.loc["A2", "C2"] == pytest.approx(19 / 3)
    median = trio.aggregate(how="median")
    assert median.scores.loc["A1", "C1"] == 6.0
    assert median.low.loc["A1", "C1"] == 5.0
    assert median.high.loc["A2", "C2"] == 7.0
    assert "ana, ben, cat" in mean.info.analyst
    # the analysts' models are unchanged
    assert trio.models["ana"].scores.loc["A1", "C1"] == 8.0


def test_long_scores_spread_and_share_of_scale(trio):
    long = trio.scores
    assert list(long.columns) == ["analyst", "option", "criterion", "score", "low", "high"]
    assert len(long) == 3 * 2 * 2
    row = long[(long.analyst == "cat") & (long.option == "A2") & (long.criterion == "C2")]
    assert row[["score", "low", "high"]].to_numpy().tolist() == [[8.0, 7.0, 9.0]]
    assert trio.spread.loc["A1", "C1"] == 7.0  # 8 - 1
    assert trio.spread.loc["A2", "C1"] == 0.0
    assert trio.spread_share.loc["A2", "C2"] == pytest.approx(3 / 10)
    with pytest.raises(ValueError):
        trio.values[0, 0, 0] = 1.0  # read-only


def test_group_weights_are_the_mean_of_normalised_weights_when_they_differ():
    ana = _analyst([[8, 2], [5, 5]], weights=(1, 1))  # 0.5, 0.5
    ben = _analyst([[8, 2], [5, 5]], weights=(30, 10))  # 0.75, 0.25
    panel = matrix.Panel.from_models({"ana": ana, "ben": ben})
    assert panel.weights_differ
    assert panel.group_weights.tolist() == pytest.approx([0.625, 0.375])
    assert panel.aggregate().normalized_weights.tolist() == pytest.approx([0.625, 0.375])
    assert panel.weights["ben"].tolist() == pytest.approx([0.75, 0.25])
    same = matrix.Panel.from_models({"ana": ben, "ben": ben.with_scores({("A1", "C1"): 1})})
    assert not same.weights_differ
    assert same.aggregate().weights.tolist() == [30.0, 10.0]  # the case's own units kept


def _tau_by_pairs(x, y):
    concordant = discordant = ties_x = ties_y = 0
    for i, j in itertools.combinations(range(len(x)), 2):
        dx, dy = x[i] - x[j], y[i] - y[j]
        if dx == 0 and dy == 0:
            continue
        if dx == 0:
            ties_x += 1
        elif dy == 0:
            ties_y += 1
        elif dx * dy > 0:
            concordant += 1
        else:
            discordant += 1
    denominator = math.sqrt((concordant + discordant + ties_x) * (concordant + discordant + ties_y))
    return (concordant - discordant) / denominator if denominator else math.nan


@given(st.lists(st.tuples(st.integers(1, 4), st.integers(1, 4)), min_size=2, max_size=9))
@settings(max_examples=100, deadline=None)
def test_kendall_tau_b_matches_a_pair_by_pair_count(pairs):
    x, y = [p[0] for p in pairs], [p[1] for p in pairs]
    expected = _tau_by_pairs(x, y)
    got = kendall_tau(x, y)
    assert (math.isnan(expected) and math.isnan(got)) or got == pytest.approx(expected)


def test_kendall_tau_published_example():
    # Kendall (1938), "A new measure of rank correlation", Biometrika 30, p. 82: ten ranks
    # ABCDEFGHIJ against 3 4 10 1 7 9 2 6 8 5 ... here the simpler check of the textbook
    # pair count: (1,2,3,4,5) vs (3,4,1,2,5): 6 concordant, 4 discordant -> tau = 0.2
    assert kendall_tau([1, 2, 3, 4, 5], [3, 4, 1, 2, 5]) == pytest.approx(0.2)


def test_rankings_and_agreement(trio):
    ranks = trio.rankings()
    assert list(ranks.columns) == ["ana", "ben", "cat", "group"]
    for name in trio.analysts:
        expected = matrix.evaluate(trio.models[name], "wsm").ranks
        assert ranks[name].tolist() == expected.loc[ranks.index].tolist()
    assert ranks["group"].tolist() == matrix.evaluate(trio.aggregate()).ranks.tolist()
    tau = trio.agreement()
    assert tau.loc["ana", "cat"] == kendall_tau(ranks["ana"], ranks["cat"])
    assert (np.diag(tau) == 1).all()


def _pivotal_brute_force(panel, method="wsm"):
    group = panel.aggregate()
    leaders = set(matrix.evaluate(group, method).ranks.pipe(lambda r: r[r == 1]).index)
    rows = []
    for option in group.option_ids:
        for criterion in group.criterion_ids:
            for a, name in enumerate(panel.analysts):
                i, j = group.option_ids.index(option), group.criterion_ids.index(criterion)
                value = panel.values[a, i, j]
                if not panel.given[a, i, j] or value == group.scores.loc[option, criterion]:
                    continue
                ranks = matrix.evaluate(
                    group.with_scores({(option, criterion): value}), method
                ).ranks
                firsts = [o for o in group.option_ids if ranks[o] == 1]
                if set(firsts) != leaders:
                    rows.append((option, criterion, name, value, " = ".join(firsts)))
    return rows


def test_pivotal_finds_the_one_score_that_changes_the_leader():
    # A1 leads the group (5 + 5 against 4 + 5); ana's 10 on A1/C1 keeps it, ben's 0 hands
    # the lead to A2, a tie counting as a change.
    ana = _analyst([[10, 5], [4, 5]])
    ben = _analyst([[0, 5], [4, 5]])
    panel = matrix.Panel.from_models({"ana": ana, "ben": ben})
    table = panel.pivotal()
    assert table[["option", "criterion", "analyst", "value", "new_leader"]].values.tolist() == [
        ["A1", "C1", "ben", 0.0, "A2"]
    ]
    assert table["group"].tolist() == [5.0]
    tie = matrix.Panel.from_models({"ana": ana, "ben": _analyst([[8, 5], [4, 5]])})
    assert tie.pivotal().empty
    # ben's 4 would tie A1 with A2: a change
    tying = matrix.Panel.from_models(
        {"ana": _analyst([[6, 5], [4, 5]]), "ben": _analyst([[4, 5], [4, 5]])}
    )
    assert tying.pivotal()[["analyst", "new_leader"]].values.tolist() == [["ben", "A1 = A2"]]
    # a group tied for first: either analyst's value breaks the tie, each a change
    tied = matrix.Panel.from_models(
        {"ana": _analyst([[6, 5], [4, 5]]), "ben": _analyst([[2, 5], [4, 5]])}
    )
    assert tied.pivotal()["new_leader"].tolist() == ["A1", "A2"]


@pytest.mark.parametrize("method", ["wsm", "topsis", "promethee2"])
@given(seed=st.integers(0, 2**31))
@settings(max_examples=12, deadline=None)
def test_pivotal_agrees_with_brute_force(method, seed):
    rng = np.random.default_rng(seed)
    base = random_model(seed, options=4, criteria=3)
    models = {}
    for name in ("ana", "ben", "cat"):
        noise = rng.normal(0, 2.5, size=base.shape)
        scores = np.clip(base.values + noise, 0, 10)
        frame = pd.DataFrame(scores, index=base.option_ids, columns=base.criterion_ids)
        models[name] = base.replace(
            scores=frame, low=np.minimum(frame, base.low), high=np.maximum(frame, base.high)
        )
    panel = matrix.Panel.from_models(models)
    got = panel.pivotal(method)
    expected = _pivotal_brute_force(panel, method)
    assert got[["option", "criterion", "analyst", "value", "new_leader"]].values.tolist() == [
        list(r) for r in expected
    ]


def test_a_missing_score_is_aggregated_over_those_who_gave_it(trio):
    panel = matrix.Panel.from_models(
        dict(trio.models), missing={"cat": [("A1", "C1")], "ben": [("A1", "C1")]}
    )
    assert panel.counts.loc["A1", "C1"] == 1 and panel.counts.loc["A2", "C2"] == 3
    assert panel.aggregate().scores.loc["A1", "C1"] == 8.0  # ana's alone
    assert len(panel.scores) == 12 - 2
    assert panel.spread.loc["A1", "C1"] == 0.0
    # a ranking of cat fills cat's blank with the group's score
    assert panel.filled("cat").scores.loc["A1", "C1"] == 8.0
    with pytest.raises(PanelError, match="no analyst scored option 'A1' on criterion 'C1'"):
        matrix.Panel.from_models(
            dict(trio.models), missing={n: [("A1", "C1")] for n in trio.analysts}
        )


def test_bad_panels_are_refused_in_one_line(trio):
    ana = trio.models["ana"]
    with pytest.raises(PanelError, match="at least two analysts; got 1"):
        matrix.Panel.from_models({"ana": ana})
    with pytest.raises(PanelError, match="analyst 'ana' appears twice \\('Ana' and 'ana'\\)"):
        matrix.Panel.from_models({"Ana": ana, "ana ": ana})
    other = model_from(
        [[1, 2, 3], [4, 5, 6]], "bbb", scales={c: (0, 10) for c in ("C1", "C2", "C3")}
    )
    with pytest.raises(PanelError, match=r"ben\.xlsx is not the same case: it has criteria 'C3'"):
        matrix.Panel.from_models({"ana": ana, "ben": other}, sources={"ben": "ben.xlsx"})
    flipped = model_from([[8, 2], [5, 5]], "bc", scales=SCALES)
    with pytest.raises(PanelError, match="criterion 'C2' has direction 'min' where"):
        matrix.Panel.from_models({"ana": ana, "ben": flipped})
    with pytest.raises(PanelError, match="unknown aggregate 'mode'"):
        trio.aggregate(how="mode")


# -- rank acceptability over the panel ----------------------------------------------------


def _exact_fixed_mixture(panel):
    """Every combination of one analyst per score, equally likely: exact rank shares."""
    n, m = panel.values.shape[1:]
    group = panel.aggregate()
    shares = group.normalized_weights.to_numpy()
    table = np.zeros((n, n))
    combos = list(itertools.product(range(len(panel.analysts)), repeat=n * m))
    for combo in combos:
        values = np.array([panel.values[a, k // m, k % m] for k, a in enumerate(combo)]).reshape(
            n, m
        )
        totals = (values / 10) @ shares  # all criteria max on 0-10 scales
        ranks = competition_ranks(np.round(totals, 12))
        table[np.arange(n), ranks - 1] += 1
    return table / len(combos)


def test_mixture_without_ranges_matches_exact_enumeration():
    ana = _analyst([[8, 2], [5, 6]])
    ben = _analyst([[3, 4], [5, 7]])
    panel = matrix.Panel.from_models({"ana": ana, "ben": ben})
    exact = _exact_fixed_mixture(panel)  # 2^4 = 16 combinations
    result = panel.rank_acceptability(samples=40_000, seed=3, score_dist=None)
    se = np.sqrt(exact * (1 - exact) / 40_000)
    assert np.all(np.abs(result.acceptability.to_numpy() - exact) <= 4 * se + 1e-12)
    assert 0 < exact[0, 0] < 1  # the case really is uncertain


def test_mixture_with_ranges_matches_an_independent_loop(trio):
    rng = np.random.default_rng(99)
    group = trio.aggregate()
    shares = group.normalized_weights.to_numpy()
    draws = 20_000
    wins = np.zeros(2)
    for _ in range(draws):
        values = np.empty((2, 2))
        for i in range(2):
            for j in range(2):
                a = rng.integers(3)
                lo, mode, hi = trio.low[a, i, j], trio.values[a, i, j], trio.high[a, i, j]
                values[i, j] = rng.triangular(lo, mode, hi) if hi > lo else mode
        totals = values / 10 @ shares
        wins[np.argmax(totals)] += 1
    loop = wins / draws
    result = trio.rank_acceptability(samples=draws, seed=5)
    se = np.sqrt(loop * (1 - loop) / draws)
    assert np.all(np.abs(result.p_best.to_numpy() - loop) <= 4 * np.sqrt(2) * se + 1e-9)
    assert 0.05 < loop[0] < 0.95


def test_mixture_is_reproducible_and_independent_of_chunks(trio):
    one = trio.rank_acceptability(samples=3_000, seed=11, chunk_size=3_000)
    two = trio.rank_acceptability(samples=3_000, seed=11, chunk_size=7)
    pd.testing.assert_frame_equal(one.acceptability, two.acceptability)
    other = trio.rank_acceptability(samples=3_000, seed=12)
    assert not one.acceptability.equals(other.acceptability)
    calls = []
    early = trio.rank_acceptability(
        samples=200_000, seed=1, precision=0.01, progress=lambda d, t: calls.append((d, t))
    )
    assert early.params["stopped_early"] and early.samples < 200_000
    assert calls[-1][0] == calls[-1][1] == early.samples
    np.testing.assert_allclose(early.acceptability.sum(axis=1), 1.0)
    with pytest.raises(matrix.MethodError, match="unknown score distribution"):
        trio.rank_acceptability(samples=10, score_dist="normal")
