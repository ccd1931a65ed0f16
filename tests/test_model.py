"""The decision model validates once, at construction, and never changes."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

import matrix
from matrix.model import Criterion, DecisionModel, Option, from_frame, parse_direction


def frame(data=None, index=("a", "b")) -> pd.DataFrame:
    return pd.DataFrame(data or {"x": [1.0, 2.0], "y": [3.0, 4.0]}, index=list(index))


def build(**kwargs):
    args = {"directions": ["max", "min"], "weights": [1, 1]}
    args.update(kwargs)
    scores = args.pop("scores", frame())
    return from_frame(scores, **args)


def test_from_frame_keeps_labels_and_order():
    model = build()
    assert model.option_ids == ["a", "b"]
    assert model.criterion_ids == ["x", "y"]
    assert model.directions.tolist() == ["max", "min"]
    assert model.normalized_weights.sum() == pytest.approx(1.0)


def test_directions_accept_aliases_once():
    model = build(directions={"x": "benefit", "y": "COST"})
    assert model.directions.tolist() == ["max", "min"]
    assert parse_direction(" Max ") == "max"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"directions": ["max", "up"]}, r"direction must be one of max, min .*got 'up'.*'y'"),
        ({"weights": [1, -0.2]}, r"weights must be >= 0; got -0.2 for criterion 'y'"),
        ({"weights": [0, 0]}, r"all weights are zero"),
        ({"weights": [1, math.nan]}, r"weight must be a finite number; got nan"),
        ({"weights": [1, math.inf]}, r"weight must be a finite number; got inf"),
        ({"weights": [1, "heavy"]}, r"weight must be a number; got 'heavy'"),
        ({"weights": [1]}, r"got 1 values for 2 criteria"),
        ({"weights": {"x": 1, "z": 1}}, r"unknown criterion 'z'"),
        ({"directions": {"x": "max"}}, r"directions missing for criterion 'y'"),
        ({"scales": {"x": (10, 0)}}, r"scale_min 10 must be below scale_max 0"),
        (
            {"scales": {"x": (0, 10), "y": (0, 3.5)}},
            r"score 4 is outside the scale 0 to 3.5 of criterion 'y'.*row 'b', column 'y'",
        ),
        ({"scales": {"q": (0, 1)}}, r"scales names unknown criterion 'q'"),
        (
            {"scores": frame({"x": [1.0, math.nan], "y": [3.0, 4.0]})},
            r"missing score \(row 'b', column 'x'\)",
        ),
        (
            {"scores": frame({"x": [1.0, math.inf], "y": [3.0, 4.0]})},
            r"score must be a finite number; got inf \(row 'b', column 'x'\)",
        ),
        (
            {"scores": frame({"x": [1.0, "high"], "y": [3.0, 4.0]})},
            r"score must be a number; got 'high' \(row 'b', column 'x'\)",
        ),
        ({"scores": frame(index=("a", "A"))}, r"duplicate option id 'A'"),
        ({"scores": frame(index=("a", " b"))}, r"option id ' b' has spaces"),
        ({"scores": frame(index=("a", ""))}, r"option id must be non-empty"),
        (
            {"scores": pd.DataFrame(index=[], columns=["x", "y"], dtype=float)},
            r"the case has no options",
        ),
    ],
)
def test_rejects_bad_input_with_a_clear_message(kwargs, message):
    with pytest.raises(matrix.ValidationError, match=message):
        build(**kwargs)


def test_rejects_empty_criteria_and_duplicate_criteria():
    with pytest.raises(matrix.ValidationError, match="the case has no criteria"):
        DecisionModel([Option("a")], [], pd.DataFrame(index=["a"]))
    crits = [Criterion("x", "max", 1), Criterion("X", "max", 1)]
    with pytest.raises(matrix.ValidationError, match="duplicate criterion id 'X'"):
        DecisionModel([Option("a")], crits, pd.DataFrame({"x": [1.0], "X": [2.0]}, index=["a"]))


def test_low_and_high_must_bracket_the_score():
    opts, crits = [Option("a")], [Criterion("x", "max", 1, scale_min=0, scale_max=10)]
    scores = pd.DataFrame({"x": [5.0]}, index=["a"])
    with pytest.raises(matrix.ValidationError, match=r"low 6 is above the score 5"):
        DecisionModel(opts, crits, scores, low=pd.DataFrame({"x": [6.0]}, index=["a"]))
    with pytest.raises(matrix.ValidationError, match=r"high 4 is below the score 5"):
        DecisionModel(opts, crits, scores, high=pd.DataFrame({"x": [4.0]}, index=["a"]))
    with pytest.raises(matrix.ValidationError, match=r"high 11 is outside the scale 0 to 10"):
        DecisionModel(opts, crits, scores, high=pd.DataFrame({"x": [11.0]}, index=["a"]))
    with pytest.raises(matrix.ValidationError, match=r"give both ends of the scale"):
        DecisionModel(opts, [Criterion("x", "max", 1, scale_min=0)], scores)


def test_score_table_must_match_options_and_criteria():
    opts, crits = [Option("a"), Option("b")], [Criterion("x", "max", 1)]
    with pytest.raises(matrix.ValidationError, match="score table has no option 'b'"):
        DecisionModel(opts, crits, pd.DataFrame({"x": [1.0]}, index=["a"]))
    with pytest.raises(matrix.ValidationError, match="score table names unknown criterion 'z'"):
        DecisionModel(
            opts, crits, pd.DataFrame({"x": [1.0, 2.0], "z": [1.0, 2.0]}, index=["a", "b"])
        )


def test_text_longer_than_a_spreadsheet_cell_is_refused():
    with pytest.raises(matrix.ValidationError, match="32,767"):
        DecisionModel(
            [Option("a", description="x" * 40_000)],
            [Criterion("x", "max", 1)],
            pd.DataFrame({"x": [1.0]}, index=["a"]),
        )


def test_changes_return_a_new_model_and_leave_the_old_one_alone():
    model = build()
    before = (model.scores.copy(), model.weights.copy())
    reweighted = model.with_weights({"x": 3, "y": 1})
    rescored = model.with_scores({("a", "x"): 9.0})
    assert reweighted.weights.tolist() == [3.0, 1.0]
    assert rescored.scores.loc["a", "x"] == 9.0
    pd.testing.assert_frame_equal(model.scores, before[0])
    pd.testing.assert_series_equal(model.weights, before[1])
    assert not model.equals(rescored)
    assert model.equals(model.replace())


def test_returned_tables_are_copies_and_arrays_are_read_only():
    model = build()
    copy = model.scores
    copy.iloc[0, 0] = 99.0
    assert model.scores.iloc[0, 0] == 1.0
    with pytest.raises(ValueError, match="read-only"):
        model.values[0, 0] = 99.0
    with pytest.raises(AttributeError):
        model.options[0].id = "z"  # type: ignore[misc]


def test_changes_are_validated_too():
    model = build(scales={"x": (0, 10)})
    with pytest.raises(matrix.ValidationError, match="outside the scale 0 to 10"):
        model.with_scores({("a", "x"): 11.0})
    with pytest.raises(matrix.ValidationError, match="weights must be >= 0"):
        model.with_weights({"x": -1, "y": 1})
    with pytest.raises(matrix.ValidationError, match="unknown criteria in weights: 'z'"):
        model.with_weights({"z": 1})
    with pytest.raises(matrix.ValidationError, match="all weights are zero"):
        model.with_weights({"x": 0, "y": 0})


def test_bounds_use_the_declared_scale_else_the_data_range():
    model = build(scales={"x": (0, 10)})
    bounds = model.bounds
    assert bounds.loc["x"].tolist() == [0.0, 10.0, True]
    assert bounds.loc["y"].tolist() == [3.0, 4.0, False]


def test_evidence_table_has_one_row_per_cell():
    model = build()
    table = model.evidence_table()
    assert len(table) == 4
    assert table[["option", "criterion"]].values.tolist() == [
        ["a", "x"],
        ["a", "y"],
        ["b", "x"],
        ["b", "y"],
    ]
    np.testing.assert_array_equal(table["score"], model.values.ravel())


def test_perspectives_and_scenarios_are_validated_and_applied():
    from matrix.model import Perspective, Scenario

    base = build(scales={"x": (0, 10), "y": (0, 10)})
    hawk = Perspective("hawk", {"x": 3, "y": 1}, label="Hawk")
    cheat = Scenario("cheat", {("a", "x"): 9.0}, label="North Korea cheats")
    model = base.replace(perspectives=[hawk], scenarios=[cheat])
    assert model.under("hawk").weights.tolist() == [3.0, 1.0]
    assert model.in_scenario("cheat").scores.loc["a", "x"] == 9.0
    assert model.scores.loc["a", "x"] == 1.0
    with pytest.raises(TypeError):
        hawk.weights["x"] = 5  # type: ignore[index]
    with pytest.raises(
        matrix.ValidationError, match="unknown perspective 'dove'; the case has: hawk"
    ):
        model.under("dove")
    bad = [
        (Perspective("p", {"x": 1}), r"perspective 'p' gives no weight for criterion 'y'"),
        (
            Perspective("p", {"x": 1, "y": 1, "z": 1}),
            r"perspective 'p' weighs unknown criterion 'z'",
        ),
        (Perspective("p", {"x": -1, "y": 1}), r"weights must be >= 0; got -1 for criterion 'x'"),
        (Perspective("p", {"x": 0, "y": 0}), r"perspective 'p': all weights are zero"),
    ]
    for persp, message in bad:
        with pytest.raises(matrix.ValidationError, match=message):
            base.replace(perspectives=[persp])
    with pytest.raises(matrix.ValidationError, match=r"duplicate perspective id 'P'"):
        base.replace(
            perspectives=[
                hawk.__class__("p", {"x": 1, "y": 1}),
                hawk.__class__("P", {"x": 1, "y": 1}),
            ]
        )
    for scen, message in [
        (
            Scenario("s", {("a", "x"): 11.0}),
            r"score 11 is outside the scale 0 to 10 .*scenario 's', row 'a', column 'x'",
        ),
        (Scenario("s", {("q", "x"): 1.0}), r"unknown option 'q'"),
        (Scenario("s", {("a", "q"): 1.0}), r"unknown criterion 'q'"),
        (Scenario("s", {("a", "x"): float("nan")}), r"finite number; got nan"),
    ]:
        with pytest.raises(matrix.ValidationError, match=message):
            base.replace(scenarios=[scen])
