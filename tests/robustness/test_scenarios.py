"""Scenario analysis: ranks, regret and the minimax-regret choice, checked by hand."""

from __future__ import annotations

import pandas as pd
import pytest

import matrix
from matrix.errors import ValidationError
from matrix.model import Scenario


def hand_model():
    """Three options, two 0-10 criteria of equal weight; the weighted sum is the mean / 10.

    As scored: a (8, 2) = 0.50, b (5, 6) = 0.55, c (3, 7) = 0.50.
    "dry":  b's y falls to 2   -> a 0.50, b 0.35, c 0.50 (a and c tie for first).
    "boom": a's x rises to 10  -> a 0.60, b 0.55, c 0.50.
    """
    table = pd.DataFrame({"x": [8.0, 5.0, 3.0], "y": [2.0, 6.0, 7.0]}, index=["a", "b", "c"])
    model = matrix.from_frame(
        table, directions=["max", "max"], weights=[1, 1], scales={"x": (0, 10), "y": (0, 10)}
    )
    return model.replace(
        scenarios=[
            Scenario("dry", {("b", "y"): 2.0}, label="Dry year"),
            Scenario("boom", {("a", "x"): 10.0}, label="Boom"),
        ]
    )


def test_the_hand_worked_example():
    analysis = matrix.scenario_analysis(hand_model())
    assert list(analysis.scores.columns) == ["as_scored", "dry", "boom"]
    expected_scores = pd.DataFrame(
        {"as_scored": [0.5, 0.55, 0.5], "dry": [0.5, 0.35, 0.5], "boom": [0.6, 0.55, 0.5]},
        index=["a", "b", "c"],
    )
    pd.testing.assert_frame_equal(
        analysis.scores, expected_scores, check_names=False, check_index_type=False, atol=1e-12
    )
    assert analysis.ranks.to_dict() == {
        "as_scored": {"a": 2, "b": 1, "c": 2},
        "dry": {"a": 1, "b": 3, "c": 1},  # a tie shares first place
        "boom": {"a": 1, "b": 2, "c": 3},
    }
    expected_regret = {
        "as_scored": {"a": 0.05, "b": 0.0, "c": 0.05},
        "dry": {"a": 0.0, "b": 0.15, "c": 0.0},
        "boom": {"a": 0.0, "b": 0.05, "c": 0.1},
    }
    for scen, column in expected_regret.items():
        for option, value in column.items():
            assert analysis.regret.loc[option, scen] == pytest.approx(value, abs=1e-12)
    assert analysis.max_regret.round(12).to_dict() == {"a": 0.05, "b": 0.15, "c": 0.1}
    assert analysis.minimax_regret == ("a",)
    assert analysis.wins.to_dict() == {"a": 2, "b": 1, "c": 1}
    assert analysis.best_in_most == ("a",)
    assert analysis.labels.to_dict() == {
        "as_scored": "As scored",
        "dry": "Dry year",
        "boom": "Boom",
    }


def test_without_the_case_as_scored():
    analysis = matrix.scenario_analysis(hand_model(), include_base=False)
    assert list(analysis.scores.columns) == ["dry", "boom"]
    assert analysis.max_regret.round(12).to_dict() == {"a": 0.0, "b": 0.15, "c": 0.1}
    assert analysis.wins.to_dict() == {"a": 2, "b": 0, "c": 1}


def test_ties_are_all_reported():
    model = hand_model().replace(scenarios=[Scenario("dry", {("b", "y"): 2.0})])
    analysis = matrix.scenario_analysis(model, include_base=False)
    assert analysis.minimax_regret == ("a", "c") and analysis.best_in_most == ("a", "c")


def test_the_bundled_case_has_the_op_eds_scenarios():
    analysis = matrix.scenario_analysis(matrix.load_case())
    assert {"nk_cheats", "nk_good_faith", "china_cooperates", "china_holds_back"} <= set(
        analysis.scores.columns
    )
    # independent: each scenario's scores put into the case and ranked again; regret is the
    # shortfall from that scenario's best score
    model = matrix.load_case()
    for scenario in model.scenarios:
        scores = matrix.evaluate(model.with_scores(scenario.overrides)).scores
        regret = scores.max() - scores
        for option in model.option_ids:
            assert analysis.regret.loc[option, scenario.id] == pytest.approx(
                regret[option], abs=1e-12
            ), (scenario.id, option)
        best = set(scores[scores == scores.max()].index)
        assert best <= set(analysis.scores.index[analysis.ranks[scenario.id] == 1])
    worst = analysis.regret.max(axis=1)
    assert analysis.minimax_regret == tuple(worst.index[worst == worst.min()])


def test_a_case_without_scenarios_is_refused(tiny_case):
    with pytest.raises(
        ValidationError, match=r"the case 'tiny' defines no scenarios; add scenarios.csv"
    ):
        matrix.scenario_analysis(matrix.load_case(tiny_case))
    with pytest.raises(matrix.MethodError, match=r"unknown method 'nope'"):
        matrix.scenario_analysis(hand_model(), method="nope")
