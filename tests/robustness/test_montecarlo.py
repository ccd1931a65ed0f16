"""Monte Carlo rank acceptability (SMAA-2, Lahdelma & Salminen 2001): invariants and convergence."""

from __future__ import annotations

import itertools
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
from matrix.methods import competition_ranks

SEEDS = st.integers(0, 2**32 - 1)
DISTRIBUTIONS = [
    {"weights": "dirichlet", "score_dist": "triangular"},
    {"weights": "uniform", "score_dist": "pert"},
    {"weights": "intervals", "score_dist": None},
]


@pytest.mark.parametrize("kind", DISTRIBUTIONS, ids=lambda d: f"{d['weights']}-{d['score_dist']}")
@given(seed=SEEDS)
@settings(max_examples=15, deadline=None)
def test_rows_and_columns_of_the_acceptability_sum_to_one(kind, seed):
    model = random_model(seed)
    result = matrix.rank_acceptability(model, samples=400, seed=seed, **kind)
    table = result.acceptability
    n = model.shape[0]
    assert table.shape == (n, n) and list(table.columns) == list(range(1, n + 1))
    np.testing.assert_allclose(table.sum(axis=1), 1.0, atol=1e-12)
    np.testing.assert_allclose(table.sum(axis=0), 1.0, atol=1e-12)  # continuous draws: no ties
    pd.testing.assert_series_equal(result.p_best, table[1].rename("p_best"))
    assert ((result.std_error >= 0) & (result.std_error <= 0.5 / np.sqrt(400) + 1e-15)).all().all()
    # central weights are weight vectors; options never first have none
    central = result.central_weights
    firsts = table[1] > 0
    np.testing.assert_allclose(central[firsts].sum(axis=1), 1.0, atol=1e-12)
    assert central[~firsts].isna().all().all() and result.confidence[~firsts].isna().all()
    assert result.confidence[firsts].between(0, 1).all()


def dominated_model(seed):
    """Option o0 dominated by o1 over the whole of their ranges, on every criterion."""
    model = random_model(seed)
    scores, low, high = model.scores, model.low, model.high
    good, bad = (6.5, 7.5, 9.5), (0.5, 1.5, 3.0)
    for crit in model.criteria:
        better, worse = (good, bad) if crit.direction == "max" else (bad, good)
        low.loc["o1", crit.id], scores.loc["o1", crit.id], high.loc["o1", crit.id] = better
        low.loc["o0", crit.id], scores.loc["o0", crit.id], high.loc["o0", crit.id] = worse
    return model.replace(scores=scores, low=low, high=high)


@pytest.mark.parametrize("kind", DISTRIBUTIONS, ids=lambda d: f"{d['weights']}-{d['score_dist']}")
@given(seed=SEEDS)
@settings(max_examples=15, deadline=None)
def test_a_dominated_option_never_ranks_above_its_dominator_in_any_draw(kind, seed):
    model = dominated_model(seed)
    result = matrix.rank_acceptability(model, samples=300, seed=seed, keep_draws=True, **kind)
    draws = result.draws
    assert draws.shape == (300, model.shape[0])
    assert (draws["o1"] <= draws["o0"]).all()
    assert result.acceptability.loc["o0", 1] == 0.0
    # the kept draws are what the indices count
    counts = np.stack([(draws == r).mean() for r in range(1, model.shape[0] + 1)], axis=1)
    np.testing.assert_allclose(result.acceptability.to_numpy(), counts, atol=1e-12)


def test_same_seed_same_numbers_whatever_the_chunk_size():
    model = random_model(42)
    runs = [
        matrix.rank_acceptability(model, samples=2_000, seed=5, chunk_size=size)
        for size in (None, 1, 333, 2_000)
    ]
    for run in runs[1:]:
        pd.testing.assert_frame_equal(run.acceptability, runs[0].acceptability)
        pd.testing.assert_frame_equal(run.central_weights, runs[0].central_weights)
        pd.testing.assert_series_equal(run.confidence, runs[0].confidence)
    other = matrix.rank_acceptability(model, samples=2_000, seed=6)
    assert not other.acceptability.equals(runs[0].acceptability)


def test_without_a_seed_the_seed_used_is_reported_and_repeats_the_run():
    model = random_model(4)
    first = matrix.rank_acceptability(model, samples=500)
    again = matrix.rank_acceptability(model, samples=500, seed=first.params["seed"])
    pd.testing.assert_frame_equal(first.acceptability, again.acceptability)


def two_way_model():
    """Two options trading off on two criteria: which is first depends on the weights."""
    table = pd.DataFrame({"x": [7.0, 4.0], "y": [3.0, 6.5]}, index=["a", "b"])
    return matrix.from_frame(
        table, directions=["max", "max"], weights=[1, 1], scales={"x": (0, 10), "y": (0, 10)}
    )


def test_the_standard_error_falls_as_one_over_root_n():
    model = two_way_model()
    small = [matrix.rank_acceptability(model, samples=250, seed=s).p_best["a"] for s in range(40)]
    large = [
        matrix.rank_acceptability(model, samples=4_000, seed=100 + s).p_best["a"] for s in range(40)
    ]
    spread_small, spread_large = np.std(small, ddof=1), np.std(large, ddof=1)
    # 16 times the draws: the spread of the estimates shrinks about 4 times
    assert 2.8 < spread_small / spread_large < 5.7
    # and the reported standard error says the same
    reported = matrix.rank_acceptability(model, samples=4_000, seed=1).std_error.loc["a", 1]
    assert reported == pytest.approx(spread_large, rel=0.35)
    # The index has a closed form: a = 0.3 + 0.4 w and b = 0.65 - 0.25 w with w the share of
    # x, so a is first when w > 7/13; w ~ Beta(15, 15) (concentration 30 around 1/2).
    p = beta_above(7 / 13, 15, 15)
    assert p == pytest.approx(0.33781, abs=1e-5)  # genuinely uncertain (scipy: 0.3378087)
    # 40 runs of 4,000 draws: their mean has standard error sqrt(p (1 - p) / 160,000)
    assert np.mean(large) == pytest.approx(p, abs=4 * np.sqrt(p * (1 - p) / 160_000))
    assert np.mean(small) == pytest.approx(p, abs=4 * np.sqrt(p * (1 - p) / 10_000))


def test_precision_stops_early_and_matches_the_first_draws():
    model = random_model(9)
    stopped = matrix.rank_acceptability(model, samples=200_000, seed=3, precision=0.01)
    assert stopped.params["stopped_early"]
    assert 1_000 <= stopped.samples < 200_000 and stopped.samples % 1_000 == 0
    assert stopped.std_error.to_numpy().max() <= 0.01
    same = matrix.rank_acceptability(model, samples=stopped.samples, seed=3)
    pd.testing.assert_frame_equal(stopped.acceptability, same.acceptability)
    # everything is a share of the draws made, not of those asked for
    pd.testing.assert_frame_equal(stopped.central_weights, same.central_weights)
    pd.testing.assert_series_equal(stopped.confidence, same.confidence)
    assert stopped.confidence.max() > 0.5
    loose = matrix.rank_acceptability(model, samples=1_500, seed=3, precision=0.0001)
    assert not loose.params["stopped_early"] and loose.samples == 1_500


@given(seed=SEEDS)
@settings(max_examples=20, deadline=None)
def test_with_fixed_scores_every_option_wins_at_its_central_weights(seed):
    # For the weighted sum the weights that put an option first form a convex set, so their
    # centre of gravity (the central weight vector) puts it first too: confidence factor 1.
    model = random_model(seed)
    result = matrix.rank_acceptability(model, samples=500, seed=seed, score_dist=None)
    firsts = result.acceptability[1] > 0
    assert (result.confidence[firsts] == 1.0).all()
    for option in result.central_weights[firsts].index:
        weights = result.central_weights.loc[option]
        ranking = matrix.evaluate(model.with_weights(weights.to_dict()))
        assert ranking.ranks[option] == 1


def test_confidence_factor_with_uncertain_scores_is_a_share_of_score_draws():
    model = two_way_model().replace(
        low=pd.DataFrame({"x": [2.0, 3.0], "y": [2.0, 5.0]}, index=["a", "b"]),
        high=pd.DataFrame({"x": [9.0, 5.0], "y": [4.0, 8.0]}, index=["a", "b"]),
    )
    result = matrix.rank_acceptability(model, samples=3_000, seed=2)
    # Independent answer: at a's central weights (wx, wy), a is first when
    # wx xa + wy ya > wx xb + wy yb (scale 0-10); each score is triangular, so the share of
    # score draws that do it is estimated here from fresh draws of the same distributions.
    rng = np.random.default_rng(99)
    draws = 200_000
    xa, xb = rng.triangular(2, 7, 9, draws), rng.triangular(3, 4, 5, draws)
    ya, yb = rng.triangular(2, 3, 4, draws), rng.triangular(5, 6.5, 8, draws)
    for option, sign in (("a", 1), ("b", -1)):
        wx, wy = result.central_weights.loc[option, ["x", "y"]]
        p = np.mean(sign * (wx * (xa - xb) + wy * (ya - yb)) >= 0)
        assert 0.05 < p < 0.95  # the scores really are uncertain at these weights
        tolerance = 4.5 * np.sqrt(p * (1 - p) / 3_000) + 4.5 * np.sqrt(p * (1 - p) / draws)
        assert result.confidence[option] == pytest.approx(p, abs=tolerance), option


def test_progress_is_reported_and_ends_complete():
    calls = []
    matrix.rank_acceptability(
        random_model(1),
        samples=1_000,
        seed=1,
        chunk_size=250,
        progress=lambda d, t: calls.append((d, t)),
    )
    assert calls[0] == (250, calls[0][1]) and calls[-1][0] == calls[-1][1]
    assert all(b[0] >= a[0] for a, b in itertools.pairwise(calls))


def test_the_bundled_case_under_its_weights_and_ranges():
    model = matrix.load_case()
    result = matrix.rank_acceptability(
        model, samples=5_000, seed=matrix.robustness.DEFAULT_SEED, keep_draws=True
    )
    assert result.p_best.idxmax() == matrix.evaluate(model).winner
    # the mean rank is the average of the ranks actually drawn
    pd.testing.assert_series_equal(
        result.expected_rank, result.draws.mean().rename("mean rank"), check_index_type=False
    )
    ranks = competition_ranks(result.expected_rank.to_numpy(), higher_is_better=False)
    assert ranks[model.option_ids.index("diplomatic_surge")] == 1


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"method": "nope"}, r"unknown method 'nope'; choose one of wsm"),
        ({"samples": 0}, r"samples must be a whole number >= 1; got 0"),
        ({"samples": -5}, r"samples must be a whole number >= 1; got -5"),
        ({"samples": 2.5}, r"samples must be a whole number >= 1; got 2.5"),
        ({"samples": True}, r"samples must be a whole number >= 1; got True"),
        ({"seed": -1}, r"seed must be a whole number >= 0 or None; got -1"),
        ({"seed": "x"}, r"seed must be a whole number >= 0 or None; got 'x'"),
        (
            {"weights": "gaussian"},
            r"unknown weight distribution 'gaussian'; choose one of dirichlet",
        ),
        ({"concentration": 0}, r"concentration must be a finite number > 0; got 0"),
        ({"concentration": -2.5}, r"concentration must be a finite number > 0; got -2.5"),
        ({"concentration": float("nan")}, r"concentration must be a finite number > 0; got nan"),
        ({"concentration": "lots"}, r"concentration must be a number; got 'lots'"),
        (
            {"score_dist": "normal"},
            r"unknown score distribution 'normal'; choose one of triangular, pert",
        ),
        ({"chunk_size": 0}, r"chunk_size must be a whole number >= 1; got 0"),
        ({"precision": 0}, r"precision must be a finite number > 0 and <= 0.5; got 0"),
        ({"precision": 2}, r"precision must be a finite number > 0 and <= 0.5; got 2"),
        ({"progress": 3}, r"progress must be a function progress\(done, total\); got 3"),
        ({"intervals": {"x": (1, 2)}}, r"intervals= is used only with weights='intervals'"),
        (
            {"weights": "intervals", "intervals": {"q": (1, 2)}},
            r"intervals names unknown criterion 'q'; criteria are x, y",
        ),
        (
            {"weights": "intervals", "intervals": {"x": 1}},
            r"intervals\['x'\] must be a pair \(low, high\); got 1",
        ),
        (
            {"weights": "intervals", "intervals": {"x": (2, 1)}},
            r"intervals\['x'\] high must be a finite number >= 2; got 1",
        ),
        (
            {"weights": "intervals", "intervals": {"x": (-1, 1)}},
            r"intervals\['x'\] low must be a finite number >= 0; got -1",
        ),
        (
            {"weights": "intervals", "intervals": {"x": (0, 0), "y": (0, 0)}},
            r"every weight's interval is zero",
        ),
    ],
)
def test_bad_arguments_are_refused_with_a_clear_message(kwargs, message):
    with pytest.raises(MethodError, match=message):
        matrix.rank_acceptability(two_way_model(), samples=kwargs.pop("samples", 10), **kwargs)


def test_intervals_keep_each_weight_inside_its_interval():
    model = two_way_model()
    result = matrix.rank_acceptability(
        model, samples=2_000, seed=1, weights="intervals", intervals={"x": (3, 4)}, score_dist=None
    )
    # x from 3 to 4 against y from 0.5 to 1.5: x's share is between 2/3 and 8/9
    central = result.central_weights.dropna()
    assert ((central["x"] >= 2 / 3) & (central["x"] <= 8 / 9)).all()
    assert result.params["intervals"] == {"x": (3, 4)}


def test_many_options_and_small_chunks_count_the_same():
    """With more options than four times the draws of a chunk, ranks are counted
    in place instead of through an options x ranks table per chunk."""
    model = random_model(21, options=30, criteria=3)
    small = matrix.rank_acceptability(model, samples=500, seed=2, chunk_size=3)
    large = matrix.rank_acceptability(model, samples=500, seed=2, chunk_size=500)
    np.testing.assert_array_equal(small.acceptability, large.acceptability)
    np.testing.assert_allclose(small.central_weights, large.central_weights, atol=1e-12)


# -- known answers -----------------------------------------------------------------------
#
# Each check below compares an estimate from N draws with a number worked out without the
# code under test, at a tolerance of 4.5 Monte Carlo standard errors (a false alarm has
# probability below 1e-5, and the seeds are fixed, so the tests are deterministic).

Z = 4.5


def beta_above(x: float, a: int, b: int) -> float:
    """P(W > x) for W ~ Beta(a, b) with whole a, b: P(Binomial(a + b - 1, x) < a)."""
    n = a + b - 1
    return sum(math.comb(n, k) * x**k * (1 - x) ** (n - k) for k in range(a))


def one_against_the_rest(m: int, rest: float):
    """Option a scores 10 on c0 and 0 elsewhere; b scores ``rest`` on every other criterion
    (0-10 scales). Under the weighted sum a is first when w0 > t = r / (1 + r), r = rest / 10."""
    table = pd.DataFrame(
        [[10.0] + [0.0] * (m - 1), [0.0] + [rest] * (m - 1)],
        index=["a", "b"],
        columns=[f"c{j}" for j in range(m)],
    )
    scales = {c: (0, 10) for c in table.columns}
    return matrix.from_frame(table, directions=["max"] * m, weights=[1] * m, scales=scales)


@pytest.mark.parametrize(("m", "rest"), [(2, 5.0), (3, 5.0), (3, 2.0), (5, 1.0)])
def test_uniform_weights_give_the_closed_form_probability_of_first_place(m, rest):
    """Uniform over the weight simplex, one weight's share is Beta(1, m - 1):
    P(w0 > t) = (1 - t)^(m - 1). Normalised uniform numbers (a common slip) give
    another answer: 3/4 instead of 2/3 for m = 2, 1/2 instead of 4/9 for m = 3."""
    r = rest / 10
    t = r / (1 + r)
    expected = (1 - t) ** (m - 1)
    samples = 20_000
    result = matrix.rank_acceptability(
        one_against_the_rest(m, rest), samples=samples, seed=11, weights="uniform", score_dist=None
    )
    tolerance = Z * math.sqrt(expected * (1 - expected) / samples)
    assert result.p_best["a"] == pytest.approx(expected, abs=tolerance)
    assert result.p_best["b"] == pytest.approx(1 - expected, abs=tolerance)
    assert result.std_error.loc["a", 1] == pytest.approx(
        math.sqrt(expected * (1 - expected) / samples), rel=0.05
    )


def test_uniform_weights_give_the_whole_rank_acceptability_table_of_three_options():
    """Two criteria, w the share of x, uniform on [0, 1]. a = w, b = 1 - w, c = 0.7:
    w < 0.3: b c a; 0.3-0.5: c b a; 0.5-0.7: c a b; > 0.7: a c b. So
    b(a) = (0.3, 0.2, 0.5), b(b) = (0.3, 0.2, 0.5) mirrored, b(c) = (0.4, 0.6, 0)."""
    table = pd.DataFrame({"x": [10.0, 0.0, 7.0], "y": [0.0, 10.0, 7.0]}, index=["a", "b", "c"])
    model = matrix.from_frame(
        table, directions=["max", "max"], weights=[1, 1], scales={"x": (0, 10), "y": (0, 10)}
    )
    samples = 20_000
    result = matrix.rank_acceptability(
        model, samples=samples, seed=12, weights="uniform", score_dist=None
    )
    expected = np.array([[0.3, 0.2, 0.5], [0.3, 0.2, 0.5], [0.4, 0.6, 0.0]])
    tolerance = Z * np.sqrt(expected * (1 - expected) / samples) + 1e-12
    assert (np.abs(result.acceptability.to_numpy() - expected) <= tolerance).all(), (
        result.acceptability
    )
    # the mean rank follows: a and b 2.2, c 1.6
    np.testing.assert_allclose(result.expected_rank, [2.2, 2.2, 1.6], atol=0.02)
    # and the central weights: a is first for w uniform on (0.7, 1), so its mean share of x
    # is 0.85; b for w in (0, 0.3): 0.15; c for w in (0.3, 0.7): 0.5
    np.testing.assert_allclose(result.central_weights["x"], [0.85, 0.15, 0.5], atol=0.005)


def single_option(weights):
    table = pd.DataFrame([[5.0] * len(weights)], index=["only"])
    table.columns = [f"c{j}" for j in range(len(weights))]
    return matrix.from_frame(table, directions=["max"] * len(weights), weights=weights)


@pytest.mark.parametrize("concentration", [2.0, 30.0])
def test_the_dirichlet_is_centred_on_the_cases_weights(concentration):
    """A single option is first in every draw, so its central weight vector is the mean
    of all the weight draws: the case's shares, each within Z standard errors of
    sqrt(w (1 - w) / (concentration + 1) / N)."""
    model = single_option([5, 3, 2, 0])
    samples = 20_000
    result = matrix.rank_acceptability(
        model, samples=samples, seed=13, concentration=concentration, score_dist=None
    )
    assert result.acceptability.loc["only", 1] == 1.0 and result.confidence["only"] == 1.0
    shares = np.array([0.5, 0.3, 0.2, 0.0])
    sd = np.sqrt(shares * (1 - shares) / (concentration + 1) / samples)
    central = result.central_weights.loc["only"].to_numpy()
    assert (np.abs(central - shares) <= Z * sd + 1e-15).all(), central
    assert central[3] == 0.0  # a criterion of weight 0 stays at 0


def test_dirichlet_and_uniform_weight_draws_have_the_dirichlets_spread():
    """Var(w_j) = w_j (1 - w_j) / (c + 1) for Dirichlet(c w); uniform is Dirichlet(1, ..., 1):
    mean 1/m, variance (m - 1) / (m^2 (m + 1)). Tolerance from the standard error of a
    sample variance, sqrt((mu4 - sigma^4) / N) <= sigma^2 sqrt(3.2 / N) for these betas."""
    from matrix.robustness.montecarlo import _weight_sampler

    model = single_option([5, 3, 2])
    k = 40_000
    shares = np.array([0.5, 0.3, 0.2])
    for kind, mean, variance in (
        ("dirichlet", shares, shares * (1 - shares) / 31),
        ("uniform", np.full(3, 1 / 3), np.full(3, 2 / 36)),
    ):
        draws = _weight_sampler(model, kind, 30.0, None)(np.random.default_rng(14), k)
        np.testing.assert_allclose(draws.sum(axis=1), 1.0, atol=1e-12)
        assert (np.abs(draws.mean(axis=0) - mean) <= Z * np.sqrt(variance / k)).all(), kind
        got = draws.var(axis=0, ddof=1)
        assert (np.abs(got - variance) <= Z * variance * np.sqrt(3.2 / k)).all(), (kind, got)


# (low, mode, high): a skewed range, a symmetric one, the mode at either end of the range
# (a score at the end of its scale), and a fixed score
SCORE_RANGES = [(2.0, 3.0, 8.0), (0.0, 5.0, 10.0), (0.0, 0.0, 4.0), (6.0, 10.0, 10.0), (7, 7, 7)]


def ranged_model():
    table = pd.DataFrame({"x": [c for _, c, _ in SCORE_RANGES]}, index=list("abcde"))
    low = pd.DataFrame({"x": [a for a, _, _ in SCORE_RANGES]}, index=table.index)
    high = pd.DataFrame({"x": [b for _, _, b in SCORE_RANGES]}, index=table.index)
    model = matrix.from_frame(table, directions=["max"], weights=[1], scales={"x": (0, 10)})
    return model.replace(low=low, high=high)


@pytest.mark.parametrize("kind", ["triangular", "pert"])
def test_score_draws_have_the_moments_of_their_distribution(kind):
    """Triangular(a, c, b): mean (a + b + c) / 3, variance (a² + b² + c² - ab - ac - bc) / 18.
    PERT (beta with lambda = 4): mean mu = (a + 4c + b) / 6, variance (mu - a)(b - mu) / 7
    (Malcolm et al. 1959; Vose, Risk Analysis, 3rd ed. 2008, section 9.1.4)."""
    from matrix.robustness.montecarlo import _score_sampler

    a, c, b = (np.array(v, dtype=float) for v in zip(*SCORE_RANGES, strict=True))
    if kind == "triangular":
        mean = (a + b + c) / 3
        variance = (a**2 + b**2 + c**2 - a * b - a * c - b * c) / 18
    else:
        mean = (a + 4 * c + b) / 6
        variance = (mean - a) * (b - mean) / 7
    k = 40_000
    draws = _score_sampler(ranged_model(), kind)(np.random.default_rng(15), k)[:, :, 0]
    assert ((draws >= a) & (draws <= b)).all()
    assert (draws[:, 4] == 7).all()
    spread = Z * np.sqrt(variance / k)
    assert (np.abs(draws.mean(axis=0) - mean) <= spread).all(), draws.mean(axis=0)
    got = draws.var(axis=0, ddof=1)
    assert (np.abs(got - variance) <= Z * variance * np.sqrt(3.2 / k)).all(), got


@pytest.mark.parametrize("kind", DISTRIBUTIONS, ids=lambda d: f"{d['weights']}-{d['score_dist']}")
@given(model=edge_models(ranges=True))
@settings(max_examples=25, deadline=None)
def test_on_the_edges_identical_options_share_every_rank_and_zero_weights_stay_zero(kind, model):
    """Single options, ties, constant criteria, zero weights and scores at the scale ends."""
    note(describe(model))
    result = matrix.rank_acceptability(model, samples=300, seed=3, **kind)
    table = result.acceptability.to_numpy()
    n = model.shape[0]
    np.testing.assert_allclose(table.sum(axis=1), 1.0, atol=1e-12)
    if n == 1:
        assert table.tolist() == [[1.0]] and result.confidence.iloc[0] == 1.0
    # options identical in scores and ranges draw the same numbers: the same rank every draw
    values, low, high = model.values, model.low.to_numpy(), model.high.to_numpy()
    for i in range(n):
        for k in range(i):
            same = (values[i] == values[k]).all() and (low[i] == low[k]).all()
            if same and (high[i] == high[k]).all() and (low[i] == high[i]).all():
                np.testing.assert_array_equal(table[i], table[k])
    # with the case's weights spread by a Dirichlet, a criterion of weight 0 never gets any
    zero = [c.id for c in model.criteria if c.weight == 0]
    firsts = result.acceptability[1] > 0
    if kind["weights"] == "dirichlet" and zero:
        assert (result.central_weights.loc[firsts, zero] == 0).all().all()
    assert result.central_weights[firsts].sum(axis=1).round(12).eq(1).all()
