"""Break-even weights, score flips, the tornado and scenarios under the red-line policy.

Every result is checked against brute force: the model re-ranked by
:func:`matrix.evaluate` (which applies the policy) with the weight or score moved
just before and just after the threshold the analysis reports.
"""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import matrix
from matrix.errors import MethodError
from matrix.robustness import score_thresholds
from matrix.robustness.sensitivity import swept_weights
from tests.strategies import describe, edge_models

STEP = 1e-4  # how far past a threshold brute force looks


def _at_share(model: matrix.DecisionModel, j: int, share: float) -> matrix.DecisionModel:
    """The model with criterion j's share of the weight set to ``share``."""
    weights = swept_weights(model.normalized_weights.to_numpy(), j, np.array([share]))[0]
    return model.with_weights(dict(zip(model.criterion_ids, weights, strict=True)))


def _winner(model: matrix.DecisionModel, policy: str, method: str = "wsm") -> str:
    return matrix.evaluate(model, method, red_lines=policy).winner


def _brute_rise(model, j, policy, method="wsm", points=2001):
    """The first share above the current one, on a fine grid, where first place changes
    (short of 1, where the analysis counts a tie at the very end as no change)."""
    leader = _winner(model, policy, method)
    t0 = float(model.normalized_weights.iat[j])
    for share in np.linspace(t0, 1.0, points)[1:-1]:
        if _winner(_at_share(model, j, float(share)), policy, method) != leader:
            return float(share)
    return math.nan


def test_the_bundled_case_no_longer_hands_first_place_to_an_option_past_a_red_line():
    model = matrix.load_case()
    ignored = matrix.break_even(model, red_lines="ignore")
    assert ignored.loc["time_to_effect", "new_winner"] == "accept_nuclear"
    assert ignored.loc["time_to_effect", "rise_above"] == pytest.approx(0.393, abs=5e-4)
    last = matrix.break_even(model)
    assert last.attrs["red_lines"] == "last"
    crossing = {"military_strike", "accept_nuclear"}
    assert not crossing & set(last["new_winner"]) - {""}
    assert not crossing & (set(last["winner_if_rise"]) | set(last["winner_if_fall"]))
    assert last.loc["time_to_effect", "direction"] == "never"
    # and the brute force agrees: at a share of 45% for time to effect, the compensatory
    # ranking puts Accept nuclear status first, the "last" policy keeps Diplomatic surge
    j = model.criterion_ids.index("time_to_effect")
    moved = _at_share(model, j, 0.45)
    assert _winner(moved, "ignore") == "accept_nuclear"
    assert _winner(moved, "last") == "diplomatic_surge"


@pytest.mark.parametrize("policy", ["last", "ignore"])
def test_break_even_matches_brute_force_on_the_bundled_case(policy):
    model = matrix.load_case()
    table = matrix.break_even(model, red_lines=policy)
    for j, crit in enumerate(model.criterion_ids):
        rise = table.loc[crit, "rise_above"]
        brute = _brute_rise(model, j, policy, points=401)
        if math.isnan(rise):
            assert math.isnan(brute), crit
            continue
        assert brute == pytest.approx(rise, abs=(1 - model.normalized_weights.iat[j]) / 400)
        after = _at_share(model, j, rise + STEP)
        assert _winner(after, policy) == table.loc[crit, "winner_if_rise"]


def test_exclude_is_break_even_on_the_acceptable_options_alone():
    model = matrix.load_case()
    keep = [str(o) for o, ok in matrix.redlines.acceptable(model).items() if ok]
    alone = matrix.break_even(matrix.redlines.subset(model, keep), red_lines="ignore")
    excluded = matrix.break_even(model, red_lines="exclude")
    pd.testing.assert_frame_equal(excluded, alone, check_like=True)
    assert excluded.attrs["red_lines"] == "exclude"


def test_ignore_equals_the_model_without_red_lines():
    model = matrix.load_case()
    bare = model.replace(criteria=[dataclasses.replace(c, red_line=None) for c in model.criteria])
    assert not bare.has_red_lines
    pd.testing.assert_frame_equal(
        matrix.break_even(model, red_lines="ignore"), matrix.break_even(bare)
    )
    a = matrix.flip_winner(model, red_lines="ignore")
    b = matrix.flip_winner(bare)
    assert (a.weight, a.score) == (b.weight, b.score)
    pd.testing.assert_frame_equal(
        matrix.scenario_analysis(model, red_lines="ignore").ranks,
        matrix.scenario_analysis(bare).ranks,
    )


def test_the_smallest_score_flip_under_last_is_the_leaders_red_line():
    # Diplomatic surge scores 5 on nuclear constraint, whose red line is 2: below 2 it
    # crosses and, under "last", drops behind every acceptable option
    model = matrix.load_case()
    flip = matrix.flip_winner(model)
    assert matrix.flip_winner(model, red_lines="ignore").score is None
    score = flip.score
    assert (score["option"], score["criterion"]) == ("diplomatic_surge", "nuclear_constraint")
    assert score["to"] == model.criterion("nuclear_constraint").red_line == 2
    at = model.with_scores({("diplomatic_surge", "nuclear_constraint"): 2.0})
    past = model.with_scores({("diplomatic_surge", "nuclear_constraint"): 2.0 - STEP})
    assert _winner(at, "last") == "diplomatic_surge"
    assert _winner(past, "last") == score["new_winner"] == "leave_to_china"


def test_score_thresholds_under_last_match_brute_force():
    model = matrix.load_case()
    table = score_thresholds(model)
    leader = table.attrs["winner"]
    found = table.dropna(subset=["to"])
    assert len(found)
    for row in found.itertuples():
        before = row.to - math.copysign(10 * STEP, row.change)
        after = row.to + math.copysign(10 * STEP, row.change)
        kept = model.with_scores({(row.option, row.criterion): before})
        gone = model.with_scores({(row.option, row.criterion): after})
        assert _winner(kept, "last") == leader, row
        assert _winner(gone, "last") != leader, row
    # no crossing option is ever handed first place while it still crosses
    for row in found.itertuples():
        moved = model.with_scores({(row.option, row.criterion): row.to + math.copysign(
            10 * STEP, row.change)})  # fmt: skip
        assert matrix.redlines.acceptable(moved)[row.new_winner]


def test_the_tornado_records_its_policy_and_exclude_drops_the_crossing_options():
    model = matrix.load_case()
    last = matrix.tornado(model)
    ignored = matrix.tornado(model, red_lines="ignore")
    assert last.params["red_lines"] == "last"
    assert ignored.params["red_lines"] == "ignore"
    # under "last" each option keeps the method's score: the swings are the same
    pd.testing.assert_frame_equal(last.weights, ignored.weights)
    excluded = matrix.tornado(model, red_lines="exclude")
    assert set(excluded.weights["option"]) == {"maximum_pressure", "diplomatic_surge",
                                               "leave_to_china"}  # fmt: skip


def test_scenarios_rank_under_the_policy_with_each_scenarios_scores():
    model = matrix.load_case()
    analysis = matrix.scenario_analysis(model)
    assert analysis.params["red_lines"] == "last"
    for scen in analysis.ranks.columns:
        case = model if scen == "as_scored" else model.in_scenario(scen)
        expected = matrix.evaluate(case, "wsm", red_lines="last").ranks
        assert analysis.ranks[scen].tolist() == expected.tolist(), scen
        # regret is measured from the option ranked first there
        first = analysis.ranks[scen] == 1
        assert (analysis.regret.loc[first, scen] == 0).all()
    excluded = matrix.scenario_analysis(model, red_lines="exclude")
    for scen in excluded.ranks.columns:
        case = model if scen == "as_scored" else model.in_scenario(scen)
        crossing = ~matrix.redlines.acceptable(case)
        assert excluded.scores.loc[crossing, scen].isna().all()
        assert excluded.regret.loc[crossing, scen].isna().all()


def test_the_summary_no_longer_names_an_option_past_a_red_line():
    from matrix.robustness import robustness_summary

    text = " ".join(robustness_summary(matrix.load_case(), samples=500, seed=1).sentences())
    assert "Accept nuclear status would take first place" not in text
    assert "below its red line of 2" in text
    ignored = robustness_summary(matrix.load_case(), samples=500, seed=1, red_lines="ignore")
    assert "Accept nuclear status would take first place" in " ".join(ignored.sentences())


def test_exclude_with_no_acceptable_option_is_one_clear_refusal():
    table = pd.DataFrame({"war_risk": [9.0, 9.5]}, index=["a", "b"])
    model = matrix.from_frame(table, directions=["min"], weights=[1],
                              scales={"war_risk": (0, 10)}, red_lines={"war_risk": 8})  # fmt: skip
    with pytest.raises(MethodError, match="every option crosses a red line"):
        matrix.break_even(model, red_lines="exclude")
    # under "last" they are all ranked on their scores alone
    assert matrix.break_even(model).attrs["winner"] == "a"


@st.composite
def _lined_models(draw):
    model = draw(edge_models(min_options=2, max_options=4, max_criteria=3))
    j = draw(st.integers(0, len(model.criteria) - 1))
    line = draw(st.sampled_from([2.0, 5.0, 8.0]))
    criteria = list(model.criteria)
    c = criteria[j]
    criteria[j] = dataclasses.replace(c, red_line=line, scale_min=0.0, scale_max=10.0)
    return model.replace(criteria=criteria)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_lined_models(), st.sampled_from(["wsm", "topsis"]))
def test_break_even_under_last_is_where_the_policys_winner_changes(model, method):
    ok = matrix.redlines.acceptable(model)
    assume(ok.any())
    table = matrix.break_even(model, method=method, red_lines="last")
    leader = table.attrs["winner"]
    assert ok[leader], describe(model)
    for j, crit in enumerate(model.criterion_ids):
        for side, winner in (("rise_above", "winner_if_rise"), ("fall_below", "winner_if_fall")):
            share = table.loc[crit, side]
            if math.isnan(share):
                continue
            # only an acceptable option takes first place from an acceptable leader
            assert ok[table.loc[crit, winner]], describe(model)
            step = STEP if side == "rise_above" else -STEP
            before = _at_share(model, j, min(max(share - step, 0.0), 1.0))
            after = _at_share(model, j, min(max(share + step, 0.0), 1.0))
            first_before = matrix.evaluate(before, method, red_lines="last").ranks[leader]
            first_after = matrix.evaluate(after, method, red_lines="last").ranks[leader]
            assert first_before == 1, describe(model)
            assert first_after > 1, describe(model)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_lined_models())
def test_weight_moves_never_put_a_crossing_option_first_under_last(model):
    ok = matrix.redlines.acceptable(model)
    assume(ok.any())
    sweep = matrix.weight_sweep(model, points=11)
    firsts = sweep.loc[sweep["rank"] == 1, "option"]
    assert ok[list(firsts)].all(), describe(model)
