"""What every method promises, checked on random cases (hypothesis).

Which invariances each method promises (see each module's documentation):

=================================  ================================  ==============
method                             multiply a criterion by c > 0     add a constant
=================================  ================================  ==============
wsm scale (no declared scale)      unchanged                         unchanged
wsm scale (declared scale)         unchanged if the scale is too     (same)
wsm minmax                         unchanged                         unchanged
wsm max, vector, sum               unchanged                         changes
wsm none                           changes                           changes
wpm                                unchanged                         changes
topsis vector                      unchanged                         changes
topsis minmax                      unchanged                         unchanged
vikor                              unchanged                         unchanged
promethee2 usual                   unchanged                         unchanged
promethee2 other functions         unchanged if q, p, s are too      unchanged
consensus (all defaults, no scale) unchanged                         changes
=================================  ================================  ==============

Every method ranks an option at least as high as any option it dominates
(at least as good on every criterion), and permuting the options permutes the
results. On the edges (tests/strategies.py: a single option, identical options,
constant criteria, criteria of weight 0, scores at the ends of a declared scale)
every method gives finite scores and competition ranks, identical options tie,
and neither a constant criterion nor the scores of a criterion of weight 0 change
any ranking.
"""

from __future__ import annotations

import numpy as np
import pytest
from helpers import model_from
from hypothesis import given, note, settings
from hypothesis import strategies as st
from strategies import describe, edge_models

import matrix

CONFIGS = {
    "wsm scale": ("wsm", {}),
    "wsm minmax": ("wsm", {"normalization": "minmax"}),
    "wsm max": ("wsm", {"normalization": "max"}),
    "wsm vector": ("wsm", {"normalization": "vector"}),
    "wsm sum": ("wsm", {"normalization": "sum"}),
    "wsm none": ("wsm", {"normalization": "none"}),
    "wpm": ("wpm", {}),
    "topsis vector": ("topsis", {}),
    "topsis minmax": ("topsis", {"normalization": "minmax"}),
    "vikor": ("vikor", {}),
    "vikor v=0.2": ("vikor", {"v": 0.2}),
    "promethee2 usual": ("promethee2", {}),
    "promethee2 linear": ("promethee2", {"preference": "linear", "q": 0.5, "p": 2.0}),
    "promethee2 level": ("promethee2", {"preference": "level", "q": 0.5, "p": 2.0}),
    "promethee2 gaussian": ("promethee2", {"preference": "gaussian", "s": 1.5}),
    "consensus": ("consensus", {}),
    "consensus copeland": ("consensus", {"rule": "copeland"}),
}
RESCALE_INVARIANT = [
    "wsm scale",
    "wsm minmax",
    "wsm max",
    "wsm vector",
    "wsm sum",
    "wpm",
    "topsis vector",
    "topsis minmax",
    "vikor",
    "vikor v=0.2",
    "promethee2 usual",
    "consensus",
    "consensus copeland",
]
SHIFT_INVARIANT = [
    "wsm scale",
    "wsm minmax",
    "topsis minmax",
    "vikor",
    "vikor v=0.2",
    "promethee2 usual",
    "promethee2 linear",
    "promethee2 level",
    "promethee2 gaussian",
]
THRESHOLDS_RESCALED = ["promethee2 linear", "promethee2 level", "promethee2 gaussian"]


@st.composite
def cases(draw, all_max=False):
    m = draw(st.integers(1, 7))
    n = draw(st.integers(1, 4))
    # positive halves: ties are common, and every method is defined
    values = np.array(
        [[draw(st.integers(1, 20)) / 2 for _ in range(n)] for _ in range(m)], dtype=float
    )
    if m > 1 and draw(st.booleans()):  # identical options
        values[draw(st.integers(1, m - 1))] = values[0]
    if draw(st.booleans()):  # a criterion on which every option scores the same
        j = draw(st.integers(0, n - 1))
        values[:, j] = values[0, j]
    weights = [draw(st.integers(0, 4)) for _ in range(n)]
    if sum(weights) == 0:
        weights[0] = 1
    directions = ["max" if all_max or draw(st.booleans()) else "min" for _ in range(n)]
    return values, directions, weights


def run(config, values, directions, weights):
    name, params = CONFIGS[config]
    return matrix.evaluate(model_from(values, directions, weights), name, **params)


def assert_same_ranking(a, b):
    """Same order up to floating-point noise: ties stay ties, and strict orders stay strict."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    gap_a = a[:, None] - a[None, :]
    gap_b = b[:, None] - b[None, :]
    tied = np.abs(gap_a) <= 1e-12 * max(1.0, np.abs(a).max())
    assert (np.abs(gap_b[tied]) <= 1e-9 * max(1.0, np.abs(b).max())).all()
    assert (np.sign(gap_b[~tied]) == np.sign(gap_a[~tied])).all()


def applicable(config, directions):
    return config != "wsm none" or all(d == "max" for d in directions)


@settings(max_examples=150, deadline=None)
@given(cases(), st.permutations(range(7)), st.sampled_from(list(CONFIGS)))
def test_permuting_options_permutes_results(case, perm, config):
    values, directions, weights = case
    if not applicable(config, directions):
        return
    order = [i for i in perm if i < len(values)]
    before = run(config, values, directions, weights)
    after = run(config, values[order], directions, weights)
    expected = before.scores.to_numpy()[order]
    np.testing.assert_allclose(after.scores.to_numpy(), expected, rtol=1e-12, atol=1e-12)
    assert_same_ranking(after.scores.to_numpy(), expected)


@settings(max_examples=150, deadline=None)
@given(cases(), st.sampled_from(list(CONFIGS)), st.data())
def test_a_dominated_option_never_ranks_above_its_dominator(case, config, data):
    values, directions, weights = case
    if len(values) < 2 or not applicable(config, directions):
        return
    is_max = np.array([d == "max" for d in directions])
    better = values.copy()
    better[0] = np.where(is_max, values[:2].max(axis=0), values[:2].min(axis=0))
    if data.draw(st.booleans()):  # sometimes make it the very same option
        better[1] = better[0]
    ranks = run(config, better, directions, weights).ranks
    assert ranks.iloc[0] <= ranks.iloc[1]


@settings(max_examples=150, deadline=None)
@given(
    cases(),
    st.sampled_from(RESCALE_INVARIANT + THRESHOLDS_RESCALED),
    st.data(),
)
def test_rescaling_a_criterion(case, config, data):
    values, directions, weights = case
    j = data.draw(st.integers(0, values.shape[1] - 1))
    # Thresholds scaled with the scores keep a difference that sits exactly on
    # a threshold there only when the factor is a power of 2 (exact in binary).
    exact = config in THRESHOLDS_RESCALED
    factor = data.draw(st.sampled_from([0.125, 2.0, 1024.0] if exact else [1e-3, 0.37, 9.5, 1e4]))
    rescaled = values.copy()
    rescaled[:, j] *= factor
    before = run(config, values, directions, weights)
    if config in THRESHOLDS_RESCALED:
        name, params = CONFIGS[config]
        ids = [f"C{k + 1}" for k in range(values.shape[1])]
        scaled = {
            key: {c: float(value) * (factor if k == j else 1.0) for k, c in enumerate(ids)}
            for key, value in params.items()
            if key in ("q", "p", "s")
        }
        model = model_from(rescaled, directions, weights)
        after = matrix.evaluate(model, name, preference=params["preference"], **scaled)
    else:
        after = run(config, rescaled, directions, weights)
    assert_same_ranking(before.scores, after.scores)


@settings(max_examples=150, deadline=None)
@given(cases(), st.sampled_from(SHIFT_INVARIANT), st.data())
def test_adding_a_constant_to_a_criterion(case, config, data):
    values, directions, weights = case
    j = data.draw(st.integers(0, values.shape[1] - 1))
    shifted = values.copy()
    shifted[:, j] += data.draw(st.sampled_from([-3.0, 0.5, 7.0, 250.0]))
    before = run(config, values, directions, weights)
    after = run(config, shifted, directions, weights)
    assert_same_ranking(before.scores, after.scores)


def test_the_invariance_tests_can_fail():
    """Methods that do not promise an invariance visibly break it, so the tests above bite."""
    values = np.array([[1.0, 10.0], [2.0, 1.0], [3.0, 6.0]])
    directions, weights = ["max", "max"], [1, 1]
    before = run("wsm none", values, directions, weights)
    rescaled = values * [10.0, 1.0]
    assert before.order != run("wsm none", rescaled, directions, weights).order
    # Opricovic & Tzeng's (2004) point: a constant changes vector-normalised TOPSIS
    f = np.array([[1.0, 3000], [2, 3750], [5, 4500]])
    phi = np.array([[6.0, 2.0], [7, 2.75], [10, 3.5]])
    assert (
        run("topsis vector", f, ["min", "max"], [1, 1]).order
        != run("topsis vector", phi, ["min", "max"], [1, 1]).order
    )


def test_a_declared_scale_rescaled_with_its_criterion_keeps_the_weighted_sum():
    values = np.array([[2.0, 7.0], [4.0, 3.0], [9.0, 5.0]])
    a = model_from(values, "bc", [2, 1], scales={"C1": (0, 10), "C2": (0, 10)})
    b = model_from(values * [100, 1], "bc", [2, 1], scales={"C1": (0, 1000), "C2": (0, 10)})
    np.testing.assert_allclose(matrix.evaluate(a).scores, matrix.evaluate(b).scores, atol=1e-12)


# -- the edges -------------------------------------------------------------------------

EDGE_CONFIGS = [c for c in CONFIGS if c != "wsm none"]


def evaluate_or_refuse(model, config):
    """The ranking, or None when the method refuses these scores with a MatrixError
    (the weighted product and 'max' normalisation need positive scores)."""
    name, params = CONFIGS[config]
    try:
        return matrix.evaluate(model, name, **params)
    except matrix.MatrixError as error:
        assert config.startswith(("wpm", "wsm max", "wsm sum", "consensus")), error
        return None


@settings(max_examples=100, deadline=None)
@given(edge_models(), st.sampled_from(EDGE_CONFIGS))
def test_every_method_on_the_edges_gives_finite_scores_and_competition_ranks(model, config):
    note(describe(model))
    result = evaluate_or_refuse(model, config)
    if result is None:
        return
    scores = result.scores.to_numpy()
    assert np.isfinite(scores).all(), scores
    oriented = np.round(scores if result.higher_is_better else -scores, 12)
    better = (oriented[None, :] > oriented[:, None]).sum(axis=1)
    np.testing.assert_array_equal(result.ranks.to_numpy(), better + 1)
    values = model.values
    for i in range(len(values)):
        for k in range(i):
            if (values[i] == values[k]).all():  # identical options tie
                assert result.ranks.iloc[i] == result.ranks.iloc[k]
                assert scores[i] == pytest.approx(scores[k], abs=1e-12)


@settings(max_examples=100, deadline=None)
@given(edge_models(), st.sampled_from(EDGE_CONFIGS), st.data())
def test_a_criterion_of_weight_zero_changes_nothing(model, config, data):
    note(describe(model))
    zero = [c.id for c in model.criteria if c.weight == 0]
    if not zero:
        return
    criterion = data.draw(st.sampled_from(zero))
    new = data.draw(
        st.lists(st.integers(1, 20), min_size=len(model.options), max_size=len(model.options))
    )
    changed = model.with_scores(
        {(o, criterion): v / 2 for o, v in zip(model.option_ids, new, strict=True)}
    )
    before, after = evaluate_or_refuse(model, config), evaluate_or_refuse(changed, config)
    if before is None or after is None:
        return
    assert before.ranks.tolist() == after.ranks.tolist()
    np.testing.assert_allclose(after.scores, before.scores, rtol=1e-9, atol=1e-12)


@settings(max_examples=100, deadline=None)
@given(cases(), st.sampled_from(list(CONFIGS)), st.integers(0, 4), st.sampled_from([1.0, 5.0]))
def test_a_constant_criterion_changes_no_ranking(case, config, weight, constant):
    values, directions, weights = case
    if not applicable(config, directions):
        return
    before = run(config, values, directions, weights)
    wider = np.column_stack([values, np.full(len(values), constant)])
    after = run(config, wider, [*directions, "max"], [*weights, weight])
    assert_same_ranking(before.scores, after.scores)
