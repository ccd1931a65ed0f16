"""Ranking under every perspective: the rank table and the robust options."""

from __future__ import annotations

import pandas as pd
import pytest

import matrix
from matrix.model import Perspective
from matrix.perspectives import rank_by_perspective


def _model(perspectives):
    # a is best on x, b on y, c middling on both; scales 0-10.
    table = pd.DataFrame({"x": [10, 0, 6], "y": [0, 10, 6]}, index=["a", "b", "c"])
    model = matrix.from_frame(
        table, directions=["max", "max"], weights=[1, 1], scales={"x": (0, 10), "y": (0, 10)}
    )
    return model.replace(perspectives=perspectives)


def test_ranks_and_scores_equal_one_run_per_perspective():
    model = _model([Perspective("xs", {"x": 0.9, "y": 0.1}), Perspective("ys", {"x": 1, "y": 3})])
    table = rank_by_perspective(model)
    assert table.ranks.index.tolist() == ["xs", "ys"]
    assert table.ranks.columns.tolist() == ["a", "b", "c"]
    for pid in ("xs", "ys"):
        alone = matrix.evaluate(model.under(pid))
        pd.testing.assert_series_equal(
            table.scores.loc[pid], alone.scores, check_names=False, atol=1e-15
        )
        assert table.ranks.loc[pid].tolist() == alone.ranks.tolist()
    # Under xs: a .9, b .1, c .6; under ys: a .25, b .75, c .6.
    assert table.ranks.loc["xs"].tolist() == [1, 3, 2]
    assert table.ranks.loc["ys"].tolist() == [3, 1, 2]
    assert table.worst_rank.tolist() == [3, 3, 2]
    assert table.times_first.tolist() == [1, 1, 0]
    assert table.robust() == ["c"]  # the compromise is never worse than second
    assert table.robust(max_rank=1) == []
    assert table.robust(max_rank=3) == ["a", "b", "c"]  # all mean rank 2: case order kept


def test_no_perspectives_is_a_clear_error():
    with pytest.raises(matrix.MatrixError, match="the case has no perspectives"):
        rank_by_perspective(_model([]))
    with pytest.raises(matrix.MethodError, match="unknown method 'borda'"):
        rank_by_perspective(_model([Perspective("p", {"x": 1, "y": 1})]), "borda")


def test_bundled_case_the_surge_holds_under_every_perspective():
    # Not a target the perspectives were tuned to: they were written from the op-ed first,
    # and this records what they give, so a change to the data shows up here.
    table = rank_by_perspective(matrix.load_case())
    assert (table.ranks["diplomatic_surge"] == 1).all()
    # the op-ed's red lines rank the military option and accepting nuclear status last for
    # everyone, which lifts Leave it to China; on the scores alone only the surge is robust
    assert table.robust() == ["diplomatic_surge", "leave_to_china"]
    scores_alone = rank_by_perspective(matrix.load_case(), red_lines="ignore")
    assert scores_alone.robust() == ["diplomatic_surge"]
    assert scores_alone.ranks.loc["max_pressure", "military_strike"] == 2
    assert table.ranks.loc["max_pressure", "military_strike"] == 4  # below the acceptable three
