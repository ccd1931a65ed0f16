"""Numbers at the edge of floating point: refused at the model's boundary with one clear
line, and within the bounds every method computes finite results without a numpy warning
(issue 13, item 14)."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

import matrix
from matrix.errors import MethodError, ValidationError
from matrix.methods import METHODS
from matrix.model import Scenario
from matrix.validation import MAX_MAGNITUDE, MIN_MAGNITUDE


def model(values, weights=(1.0, 1.0), directions=("max", "min")):
    frame = pd.DataFrame(np.asarray(values, dtype=float), columns=["a", "b"])
    frame.index = [f"o{i}" for i in range(len(frame))]
    return matrix.from_frame(frame, directions=list(directions), weights=list(weights))


@pytest.mark.parametrize(
    "values, weights, message",
    [
        ([[1e308, 1], [-1e308, 2]], (1, 1), r"score 1e\+308 is too large to compute with: policy-matrix takes 0 and numbers from 1e-100 to 1e100 in size .* give the criterion in larger units \(row 'o0', column 'a'\)"),
        ([[1, 1], [2, 2]], (1e308, 1e308), r"weight 1e\+308 is too large to compute with: .* divide them all by the same number"),
        ([[1, 1], [2, 2]], (1e-320, 1), r"weight 9\.99.*e-321 is too small to compute with: .* multiply them all by one number"),
        ([[1e101, 1], [2, 2]], (1, 1), r"score 1e\+101 is too large"),
        ([[5e-324, 1], [2, 2]], (1, 1), r"score 4\.9.*e-324 is too small to compute with: .* give the criterion in smaller units"),
        ([[1e-101, 1], [2, 2]], (1, 1), r"score 1e-101 is too small"),
    ],
)  # fmt: skip
def test_numbers_past_the_bounds_are_refused_in_one_line(values, weights, message):
    with pytest.raises(ValidationError, match=message):
        model(values, weights)


def test_bounds_apply_to_ranges_scales_and_scenarios():
    base = model([[1, 1], [2, 2]])
    with pytest.raises(ValidationError, match="high 1e\\+200 is too large"):
        base.replace(high=pd.DataFrame([[1e200, 1], [2, 2]], index=base.option_ids,
                                       columns=base.criterion_ids))  # fmt: skip
    crit = [matrix.Criterion(id="a", direction="max", weight=1, scale_min=-1e300, scale_max=1)]
    frame = pd.DataFrame({"a": [0.0, 1.0]}, index=["x", "y"])
    with pytest.raises(ValidationError, match="scale_min -1e\\+300 is too large"):
        matrix.DecisionModel([matrix.Option("x"), matrix.Option("y")], crit, frame)
    with pytest.raises(ValidationError, match="score 1e\\+300 is too large"):
        base.replace(scenarios=[Scenario(id="s", overrides={("o0", "a"): 1e300})])


def test_the_bounds_themselves_are_accepted_and_computed_exactly():
    edge = model(
        [[MAX_MAGNITUDE, MIN_MAGNITUDE], [-MAX_MAGNITUDE, 0.0]], (MAX_MAGNITUDE, MIN_MAGNITUDE)
    )
    result = matrix.evaluate(edge, "wsm")
    assert result.scores.tolist() == [1.0, 1e-200]  # 'b' (o1 best) weighs 1e-200 of the total


magnitudes = st.one_of(
    st.floats(min_value=-MAX_MAGNITUDE, max_value=MAX_MAGNITUDE, allow_subnormal=True),
    st.sampled_from([MAX_MAGNITUDE, -MAX_MAGNITUDE, MIN_MAGNITUDE, -MIN_MAGNITUDE, 0.0]),
).filter(lambda x: x == 0 or abs(x) >= MIN_MAGNITUDE)
weights = st.one_of(st.just(0.0), st.floats(min_value=MIN_MAGNITUDE, max_value=MAX_MAGNITUDE))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    arrays(float, st.tuples(st.integers(2, 5), st.just(2)), elements=magnitudes),
    st.tuples(weights, weights).filter(lambda w: sum(w) > 0),
)
def test_within_the_bounds_every_method_is_finite_and_silent(values, pair):
    case = model(values, pair)
    with warnings.catch_warnings(), np.errstate(over="raise", invalid="raise", divide="raise"):
        warnings.simplefilter("error")
        for name in METHODS:
            try:
                result = matrix.evaluate(case, name)
            except MethodError:  # a method undefined on these data says so (wpm: scores <= 0)
                continue
            assert np.isfinite(result.scores.to_numpy()).all(), name
        matrix.break_even(case)
        matrix.rank_acceptability(case, samples=64, seed=1)


def test_the_command_line_refuses_overflowing_scores_and_weights(tmp_path):
    from helpers import run_cli

    path = tmp_path / "t.csv"
    path.write_text("Option,Cost,Riders\nbus,1e308,20\ntram,-1e308,60\n", encoding="utf-8")
    code, out, err = run_cli(str(path), "--directions", "cost=min,riders=max")
    assert code == 2 and out == "" and err.count("\n") == 1
    assert "score 1e+308 is too large to compute with" in err and "RuntimeWarning" not in err
    path.write_text("Option,Cost,Riders\nbus,1,20\ntram,2,60\n", encoding="utf-8")
    code, _, err = run_cli(str(path), "--directions", "cost=min,riders=max", "--weights",
                           "cost=1e308,riders=1e308")  # fmt: skip
    assert code == 2 and "weight 1e+308 is too large" in err
    assert list(tmp_path.iterdir()) == [path]
