"""Red lines under uncertainty: how often each option crosses one, and rank
acceptabilities that follow the red-line policy."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import matrix
from matrix.errors import MethodError
from matrix.robustness import robustness_summary
from matrix.text.redlines import probability_sentence


def _model(lines=None):
    """Three options on 0-10 scales: 'safe' never nears the war line, 'doomed' is past it
    over its whole range, and 'edge' straddles it."""
    scores = pd.DataFrame(
        {"gain": [4.0, 9.0, 6.0], "war_risk": [2.0, 9.0, 7.0]}, index=["safe", "doomed", "edge"]
    )
    low = pd.DataFrame({"gain": [3.0, 8.0, 5.0], "war_risk": [1.0, 8.5, 5.0]}, index=scores.index)
    high = pd.DataFrame(
        {"gain": [5.0, 10.0, 7.0], "war_risk": [4.0, 10.0, 9.0]}, index=scores.index
    )
    model = matrix.from_frame(
        scores, directions=["max", "min"], weights=[3, 1],
        scales={"gain": (0, 10), "war_risk": (0, 10)},
        red_lines={"war_risk": 8} if lines is None else lines,
    )  # fmt: skip
    return model.replace(low=low, high=high)


def test_p_crossing_is_0_on_the_safe_side_and_1_past_the_line():
    result = matrix.rank_acceptability(_model(), samples=4_000, seed=3)
    p = result.p_crossing
    assert p["safe"] == 0.0
    assert p["doomed"] == 1.0
    # 'edge' is triangular on 5-7-9: P(war_risk > 8) = (9 - 8)**2 / ((9 - 5) * (9 - 7)) = 1/8
    assert p["edge"] == pytest.approx(1 / 8, abs=4 * np.sqrt(0.125 * 0.875 / 4_000))
    assert result.params["red_lines"] == "last"


def test_without_red_lines_nothing_crosses():
    result = matrix.rank_acceptability(_model(lines={}), samples=500, seed=3)
    assert (result.p_crossing == 0).all()
    assert result.params["red_lines"] == "ignore"


def test_acceptabilities_follow_the_policy():
    model = _model()
    last = matrix.rank_acceptability(model, samples=3_000, seed=5, keep_draws=True)
    ignored = matrix.rank_acceptability(model, samples=3_000, seed=5, red_lines="ignore")
    # compensatory: 'doomed' has the best gain by far and is nearly always first
    assert ignored.p_best["doomed"] > 0.9
    # under "last" it crosses in every draw, so it is never first, and last whenever
    # 'edge' does not cross too
    assert last.p_best["doomed"] == 0.0
    assert last.acceptability.loc["doomed", 3] >= 1 - last.p_crossing["edge"]
    # 'safe' never crosses: it is first whenever 'edge' crosses
    assert last.p_best["safe"] >= last.p_crossing["edge"] > 0
    draws = last.draws.to_numpy()
    assert (draws[:, 0] <= 2).all()
    # the same weight and score draws: the "ignore" run is today's analysis
    plain = matrix.rank_acceptability(_model(lines={}), samples=3_000, seed=5)
    pd.testing.assert_frame_equal(ignored.acceptability, plain.acceptability)


@settings(max_examples=25, deadline=None)
@given(st.sampled_from(["wsm", "topsis", "vikor", "promethee2"]), st.integers(0, 2**16))
def test_with_fixed_scores_no_crossing_option_ever_ranks_above_an_acceptable_one(method, seed):
    model = _model()
    model = model.replace(low=model.scores, high=model.scores)  # 'edge' at 7: acceptable
    result = matrix.rank_acceptability(
        model, method=method, samples=200, seed=seed, score_dist=None, keep_draws=True
    )
    draws = result.draws
    assert (draws["doomed"] == 3).all()
    assert (draws[["safe", "edge"]] <= 2).all().all()
    assert result.p_crossing.tolist() == [0.0, 1.0, 0.0]


def test_exclude_is_refused_with_the_reason():
    with pytest.raises(MethodError, match="use red_lines='last'"):
        matrix.rank_acceptability(_model(), samples=100, red_lines="exclude")


def test_the_summary_says_who_crosses_and_how_often():
    sentences = robustness_summary(_model(), samples=2_000, seed=1).sentences()
    said = [s for s in sentences if s.startswith("Red lines:")]
    assert len(said) == 1
    assert said[0].startswith("Red lines: doomed crosses one in all 2,000 draws of the scores;")
    assert "within the score ranges, edge crosses one in" in said[0]
    assert "safe" not in said[0]


def test_probability_sentence_words():
    model = _model()
    assert probability_sentence(model, {"safe": 0.0, "doomed": 0.0, "edge": 0.0}, 10) is None
    text = probability_sentence(model, {"safe": 0.25, "doomed": 1.0, "edge": 0.5}, 1000)
    assert text == (
        "Red lines: doomed crosses one in all 1,000 draws of the scores; within the score "
        "ranges, edge crosses one in 50.0% of the draws and safe in 25.0%."
    )


def test_a_perspective_red_line_changes_the_perspective_ranking():
    model = _model(lines={})
    persp = matrix.model.Perspective(
        id="cautious", weights={"gain": 1, "war_risk": 1}, red_lines={"war_risk": 5}
    )
    model = model.replace(perspectives=[persp])
    under = model.under("cautious")
    assert matrix.evaluate(under).acceptable.tolist() == [True, False, False]
    assert not model.has_red_lines
    assert dataclasses.replace(model.criteria[1]).red_line is None
