"""Red lines in every ranking: a published conjunctive screen, and each policy's promise.

The policies are described in :mod:`matrix.redlines`.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest
from helpers import model_from
from hypothesis import given, settings
from hypothesis import strategies as st

import matrix
from matrix.errors import MethodError
from matrix.redlines import acceptable, crossings, red_line_margins, subset

# Hwang, C.-L. & Yoon, K. (1981). Multiple Attribute Decision Making: Methods and
# Applications. Springer, LNEMS 186, section 2.2.2, the conjunctive method: an
# option is acceptable only if it meets every attribute's standard (a cut-off
# chosen by the decision-maker). The worked example screens the four fighter
# aircraft of their running example (the same data as tests/methods/test_topsis.py)
# against standards on all six attributes and keeps A1 and A4.
# The standards below (speed >= 2.0 Mach, range >= 1500 NM, payload >= 20000 lb,
# cost <= 6.0 M$, reliability and manoeuvrability >= "average", 5) are transcribed
# from memory of the book, not checked against the printed page. The outcome (of the
# four aircraft on six attributes, only the first and fourth meet every standard) is
# corroborated by a course page that works the same example:
# https://mcteam.ir/2016/11/29/ (the conjunctive method, with the book's tables).
FIGHTERS = [
    [2.0, 1500, 20000, 5.5, 5, 9],
    [2.5, 2700, 18000, 6.5, 3, 5],
    [1.8, 2000, 21000, 4.5, 7, 7],
    [2.2, 1800, 20000, 5.0, 5, 5],
]
STANDARDS = {"C1": 2.0, "C2": 1500, "C3": 20000, "C4": 6.0, "C5": 5, "C6": 5}
TOPSIS_WEIGHTS = [0.2, 0.1, 0.1, 0.1, 0.2, 0.3]


def fighters(red_lines=STANDARDS):
    frame = pd.DataFrame(
        FIGHTERS, index=["A1", "A2", "A3", "A4"], columns=[f"C{j}" for j in range(1, 7)]
    )
    return matrix.from_frame(
        frame, directions=["max", "max", "max", "min", "max", "max"],
        weights=TOPSIS_WEIGHTS, red_lines=red_lines,
    )  # fmt: skip


def test_hwang_yoon_conjunctive_screen_keeps_a1_and_a4():
    model = fighters()
    assert acceptable(model).to_dict() == {"A1": True, "A2": False, "A3": False, "A4": True}
    crossed = crossings(model)
    # A2 falls short on payload, cost and reliability; A3 on speed alone
    assert list(crossed.columns[crossed.loc["A2"]]) == ["C3", "C4", "C5"]
    assert list(crossed.columns[crossed.loc["A3"]]) == ["C1"]
    # A1 sits exactly on three standards: equal to a red line is acceptable
    margins = red_line_margins(model)
    assert margins.loc["A1", ["C1", "C2", "C3"]].tolist() == [0.0, 0.0, 0.0]
    assert margins.loc["A2", "C4"] == pytest.approx(-0.5)


def test_topsis_on_the_screened_aircraft():
    """Compensatory TOPSIS ranks A1, A3, A4, A2 (Hwang & Yoon's order, pp. 133-134);
    with the standards as red lines A3 falls below A4, and "exclude" ranks A1 and A4
    on their own (the vector normalisation then sees only them)."""
    model = fighters()
    ignored = matrix.evaluate(model, "topsis", red_lines="ignore")
    assert ignored.order == ["A1", "A3", "A4", "A2"]
    last = matrix.evaluate(model, "topsis")
    assert last.red_lines == "last"
    assert last.order == ["A1", "A4", "A3", "A2"]
    pd.testing.assert_series_equal(last.scores, ignored.scores)
    excluded = matrix.evaluate(model, "topsis", red_lines="exclude")
    assert excluded.ranks.isna().tolist() == [False, True, True, False]
    alone = matrix.evaluate(subset(model, ["A1", "A4"]), "topsis")
    assert excluded.scores[["A1", "A4"]].tolist() == alone.scores.tolist()


def test_the_result_names_the_crossings():
    result = matrix.evaluate(fighters(), "wsm")
    assert result.crossings.loc["A3"].sum() == 1
    assert result.acceptable.tolist() == [True, False, False, True]
    plain = matrix.evaluate(fighters(red_lines=None), "wsm")
    assert plain.red_lines == "ignore" and plain.acceptable.all()
    assert not plain.crossings.to_numpy().any()


def test_an_unknown_policy_is_refused():
    with pytest.raises(MethodError, match="red_lines must be one of last, ignore, exclude"):
        matrix.evaluate(fighters(), "wsm", red_lines="drop")


def test_no_option_acceptable_is_not_an_error():
    model = fighters(red_lines={"C1": 2.6})
    for how in ("last", "ignore"):
        result = matrix.evaluate(model, "wsm", red_lines=how)
        assert not result.acceptable.any()
        pd.testing.assert_series_equal(
            result.ranks, matrix.evaluate(model, "wsm", red_lines="ignore").ranks
        )
    excluded = matrix.evaluate(model, "vikor", red_lines="exclude")
    assert excluded.scores.isna().all() and excluded.ranks.isna().all()
    comparison = matrix.compare(model, red_lines="exclude")
    assert comparison.consensus.ranks.isna().all()


# -- the policies' promises, for every method (hypothesis) ----------------------------

CONFIGS = {
    "wsm scale": ("wsm", {}),
    "wsm minmax": ("wsm", {"normalization": "minmax"}),
    "wsm vector": ("wsm", {"normalization": "vector"}),
    "wsm none": ("wsm", {"normalization": "none"}),
    "wpm": ("wpm", {}),
    "topsis vector": ("topsis", {}),
    "topsis minmax": ("topsis", {"normalization": "minmax"}),
    "vikor": ("vikor", {}),
    "promethee2 usual": ("promethee2", {}),
    "promethee2 linear": ("promethee2", {"preference": "linear", "q": 0.5, "p": 2.0}),
    "consensus": ("consensus", {}),
    "consensus copeland": ("consensus", {"rule": "copeland"}),
}


def applicable(config, directions):
    return config != "wsm none" or all(d == "max" for d in directions)


@st.composite
def cases(draw):
    n = draw(st.integers(1, 6))
    m = draw(st.integers(1, 4))
    # positive halves: ties are common, and every method is defined
    values = np.array(
        [[draw(st.integers(1, 20)) / 2 for _ in range(m)] for _ in range(n)], dtype=float
    )
    weights = [draw(st.integers(0, 4)) for _ in range(m)]
    if sum(weights) == 0:
        weights[0] = 1
    directions = ["max" if draw(st.booleans()) else "min" for _ in range(m)]
    return values, directions, weights


@st.composite
def with_red_lines(draw):
    values, directions, weights = draw(cases())
    lines = {}
    for j in range(values.shape[1]):
        if draw(st.booleans()):
            lines[f"C{j + 1}"] = draw(st.integers(1, 20)) / 2
    return values, directions, weights, lines


def build(values, directions, weights, lines=None):
    model = model_from(values, directions, weights)
    criteria = [dataclasses.replace(c, red_line=(lines or {}).get(c.id)) for c in model.criteria]
    return model.replace(criteria=criteria)


@settings(max_examples=120, deadline=None)
@given(with_red_lines(), st.sampled_from(list(CONFIGS)))
def test_last_never_ranks_a_crossing_option_above_an_acceptable_one(case, config):
    values, directions, weights, lines = case
    if not applicable(config, directions):
        return
    name, params = CONFIGS[config]
    model = build(values, directions, weights, lines)
    result = matrix.evaluate(model, name, red_lines="last", **params)
    ok = result.acceptable.to_numpy()
    ranks = result.ranks.to_numpy()
    if ok.any() and (~ok).any():
        assert ranks[ok].max() < ranks[~ok].min()
    # within each group the method's own order is kept
    plain = matrix.evaluate(model, name, red_lines="ignore", **params).ranks.to_numpy()
    for group in (ok, ~ok):
        a, b = ranks[group], plain[group]
        assert (np.sign(a[:, None] - a[None, :]) == np.sign(b[:, None] - b[None, :])).all()


@settings(max_examples=120, deadline=None)
@given(with_red_lines(), st.sampled_from(list(CONFIGS)))
def test_ignore_equals_the_model_without_red_lines(case, config):
    values, directions, weights, lines = case
    if not applicable(config, directions):
        return
    name, params = CONFIGS[config]
    ignored = matrix.evaluate(
        build(values, directions, weights, lines), name, red_lines="ignore", **params
    )
    plain = matrix.evaluate(build(values, directions, weights), name, **params)
    pd.testing.assert_series_equal(ignored.scores, plain.scores)
    pd.testing.assert_series_equal(ignored.ranks, plain.ranks)


@settings(max_examples=120, deadline=None)
@given(with_red_lines(), st.sampled_from(list(CONFIGS)))
def test_exclude_equals_ranking_the_acceptable_options_alone(case, config):
    values, directions, weights, lines = case
    if not applicable(config, directions):
        return
    name, params = CONFIGS[config]
    model = build(values, directions, weights, lines)
    result = matrix.evaluate(model, name, red_lines="exclude", **params)
    ok = acceptable(model)
    assert result.ranks[~ok].isna().all() and result.scores[~ok].isna().all()
    if ok.any():
        alone = matrix.evaluate(
            build(values[ok.to_numpy()], directions, weights, lines), name, **params
        )
        np.testing.assert_array_equal(result.scores[ok].to_numpy(), alone.scores.to_numpy())
        np.testing.assert_array_equal(
            result.ranks[ok].to_numpy(dtype=np.int64), alone.ranks.to_numpy()
        )


@settings(max_examples=200, deadline=None)
@given(with_red_lines(), st.data())
def test_margins_change_sign_exactly_where_crossings_change(case, data):
    values, directions, weights, lines = case
    model = build(values, directions, weights, lines)
    margins = red_line_margins(model)
    crossed = crossings(model)
    drawn = model.red_lines.notna().to_numpy()
    assert margins.isna().to_numpy().sum(axis=0).tolist() == [
        0 if d else len(values) for d in drawn
    ]
    np.testing.assert_array_equal((margins < 0).to_numpy(), crossed.to_numpy())
    # moving one score across its line flips both together
    i = data.draw(st.integers(0, len(values) - 1))
    j = data.draw(st.integers(0, values.shape[1] - 1))
    if drawn[j]:
        moved = values.copy()
        sign = 1.0 if directions[j] == "max" else -1.0
        moved[i, j] = lines[f"C{j + 1}"] - sign * 0.25
        after = build(moved, directions, weights, lines)
        assert red_line_margins(after).iat[i, j] == pytest.approx(-0.25)
        assert crossings(after).iat[i, j]


@settings(max_examples=60, deadline=None)
@given(with_red_lines(), st.sampled_from(["last", "ignore", "exclude"]))
def test_the_consensus_honours_the_policy(case, how):
    values, directions, weights, lines = case
    model = build(values, directions, weights, lines)
    comparison = matrix.compare(model, red_lines=how)
    ok = acceptable(model).to_numpy()
    ranks = comparison.consensus.ranks
    assert comparison.consensus.red_lines == how
    for name, result in comparison.rankings.items():
        assert result.red_lines == how, name
    if how == "exclude":
        assert ranks[~ok].isna().all() and ranks[ok].notna().all()
    elif how == "last" and ok.any() and (~ok).any():
        assert ranks.to_numpy()[ok].max() < ranks.to_numpy()[~ok].min()
    direct = matrix.evaluate(model, "consensus", red_lines=how)
    pd.testing.assert_series_equal(direct.ranks, ranks)
