"""Strongest and weakest criterion (matrix.text.reading.strengths; issue 13, item 23): measured
against the average option, never the same criterion, never a criterion that separates no one."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

import matrix
from matrix.text.reading import NO_CRITERION, against_average, ranking_table, strengths


def test_the_bundled_case_names_distinct_criteria_that_separate_the_options():
    model = matrix.load_case()
    table = ranking_table(model, matrix.evaluate(model))
    assert (table["strongest"] != table["weakest"]).all()
    assert table.loc["diplomatic_surge", ["strongest", "weakest"]].tolist() == [
        "Nuclear & missile constraint",
        "Exposure to cheating",
    ]
    assert table.loc["military_strike", ["strongest", "weakest"]].tolist() == [
        "Exposure to cheating",
        "Risk of war",
    ]


def test_against_average_is_weighted_points_minus_the_average_option_by_hand():
    # two options, scale 0-10, weights 3:1; a: 8 and 2, b: 4 and 6 (normalised 0.8/0.2, 0.4/0.6)
    frame = pd.DataFrame({"x": [8.0, 4.0], "y": [2.0, 6.0]}, index=["a", "b"])
    model = matrix.from_frame(frame, directions=["max", "max"], weights=[3, 1],
                              scales={"x": (0, 10), "y": (0, 10)})  # fmt: skip
    # weighted: a = (0.6, 0.05), b = (0.3, 0.15); averages (0.45, 0.1)
    expected = np.array([[0.15, -0.05], [-0.15, 0.05]])
    assert np.allclose(against_average(model), expected, atol=1e-12)
    assert strengths(model).to_dict("index") == {
        "a": {"strongest": "x", "weakest": "y"},
        "b": {"strongest": "y", "weakest": "x"},
    }


def test_a_criterion_on_which_every_option_scores_alike_is_never_named():
    # 'same' carries most of the weight and everyone scores 3 of 10 on it: under the old
    # rule (largest weighted shortfall) it was every option's weakest criterion
    frame = pd.DataFrame({"same": [3.0, 3.0, 3.0], "cost": [1.0, 5.0, 9.0]},
                         index=["a", "b", "c"])  # fmt: skip
    model = matrix.from_frame(frame, directions=["max", "min"], weights=[10, 1],
                              scales={"same": (0, 10), "cost": (0, 10)})  # fmt: skip
    found = strengths(model)
    assert "same" not in set(found["strongest"]) | set(found["weakest"])
    assert found.loc["a"].tolist() == ["cost", NO_CRITERION]  # best on cost: nothing is weak
    assert found.loc["b"].tolist() == [NO_CRITERION, NO_CRITERION]  # the average everywhere
    assert found.loc["c"].tolist() == [NO_CRITERION, "cost"]


def test_noise_does_not_make_a_constant_criterion_count():
    # 0.1 three times does not average to exactly 0.1 in floating point
    frame = pd.DataFrame({"p": [0.1, 0.1, 0.1], "q": [1.0, 2.0, 3.0]}, index=["a", "b", "c"])
    model = matrix.from_frame(frame, directions=["max", "max"], weights=[1, 1],
                              scales={"p": (0, 0.3), "q": (0, 3)})  # fmt: skip
    assert np.all(against_average(model)[:, 0] == 0)


@settings(max_examples=80, deadline=None)
@given(
    arrays(float, st.tuples(st.integers(1, 6), st.integers(1, 5)), elements=st.integers(0, 10)),
    st.data(),
)
def test_strongest_and_weakest_are_never_the_same_and_never_a_flat_criterion(values, data):
    n, m = values.shape
    weights = data.draw(st.lists(st.integers(0, 5), min_size=m, max_size=m).filter(any))
    frame = pd.DataFrame(values, index=[f"o{i}" for i in range(n)],
                         columns=[f"c{j}" for j in range(m)])  # fmt: skip
    model = matrix.from_frame(frame, directions=["max"] * m, weights=weights,
                              scales={c: (0, 10) for c in frame.columns})  # fmt: skip
    found = strengths(model)
    flat = {c for c in frame.columns if frame[c].nunique() == 1}
    for option, (strong, weak) in found.iterrows():
        assert strong != weak or strong == NO_CRITERION
        assert strong not in flat and weak not in flat
        if strong != NO_CRITERION:  # the option really is above the average there
            assert frame.loc[option, strong] > frame[strong].mean()
        if weak != NO_CRITERION:
            assert frame.loc[option, weak] < frame[weak].mean()
