"""What the summary says in plain words, and the text tables, on small hand-made cases."""

from __future__ import annotations

import pandas as pd

import matrix
from matrix.robustness import robustness_summary
from matrix.text.robustness import acceptability_text, describe_draws, summary_text


def two_options(low=None, high=None):
    table = pd.DataFrame({"x": [6.0, 2.0], "y": [2.0, 8.0]}, index=["a", "b"])
    model = matrix.from_frame(
        table, directions=["max", "max"], weights=[3, 1], scales={"x": (0, 10), "y": (0, 10)}
    )
    if low is not None:
        model = model.replace(low=low, high=high)
    return model


def test_the_sentences_name_the_numbers_of_the_run():
    model = two_options()
    summary = robustness_summary(model, samples=2_000, seed=1)
    first, score = summary.sentences()
    p = summary.acceptability.p_best["a"]
    assert first == (
        f"a is first in {p:.1%} of 2,000 draws; it stays first unless the weight on x falls "
        "below 60.0% of the total (now 75.0%), when b would take first place."
    )
    # a leads by 0.1; x's weight 0.75 turns 0.1 into 1.33 points of x: a's own 6 falls to 4.67
    assert score.startswith("The smallest single score change that unseats it: ")
    assert "b first" in score
    text = summary_text(summary, width=80)
    assert text.splitlines()[0].startswith("How robust is this? 2,000 random draws")
    assert all(len(line) <= 80 for line in text.splitlines())


def test_a_rival_that_wins_more_draws_is_named():
    # a leads as scored (0.51 against 0.50), but b's scores could be much higher
    table = pd.DataFrame({"x": [5.1, 5.0], "y": [5.1, 5.0]}, index=["a", "b"])
    model = matrix.from_frame(
        table, directions=["max", "max"], weights=[1, 1], scales={"x": (0, 10), "y": (0, 10)}
    )
    model = model.replace(
        low=pd.DataFrame({"x": [5.1, 4.9], "y": [5.1, 4.9]}, index=["a", "b"]),
        high=pd.DataFrame({"x": [5.1, 9.0], "y": [5.1, 9.0]}, index=["a", "b"]),
    )
    sentences = robustness_summary(model, samples=2_000, seed=1).sentences()
    assert sentences[1].startswith("b is first more often over the draws: in ")


def test_no_flip_and_scenarios():
    table = pd.DataFrame({"x": [9.0, 1.0], "y": [9.0, 1.0]}, index=["a", "b"])
    model = matrix.from_frame(
        table, directions=["max", "max"], weights=[1, 1], scales={"x": (0, 10), "y": (0, 10)}
    )
    from matrix.model import Scenario

    model = model.replace(scenarios=[Scenario("s", {("a", "x"): 5.0}, label="Slump")])
    sentences = robustness_summary(model, samples=500, seed=1).sentences()
    assert sentences[0].endswith("no change to a single weight moves it from first place.")
    assert sentences[1] == "No change to a single score within its scale moves it from first place."
    assert sentences[2].startswith("Across 2 scenarios (the case as scored and 1 more), a is first")


def test_describe_draws_says_what_was_drawn():
    model = two_options()
    texts = {
        kind: describe_draws(matrix.rank_acceptability(model, samples=50, seed=1, **kind_args))
        for kind, kind_args in {
            "dirichlet": {},
            "uniform": {"weights": "uniform", "score_dist": "pert"},
            "intervals": {"weights": "intervals", "score_dist": None},
        }.items()
    }
    assert texts["dirichlet"] == (
        "Weights: Dirichlet around the case's weights (concentration 30). "
        "Scores: triangular from each score's low, score and high."
    )
    assert "uniform over all weight vectors" in texts["uniform"] and "PERT" in texts["uniform"]
    assert "within each weight's interval" in texts["intervals"]
    assert texts["intervals"].endswith("Scores: fixed as scored.")
    table = acceptability_text(model, matrix.rank_acceptability(model, samples=50, seed=1))
    assert "Rank 1" in table and "Central weights" in table


def test_degenerate_cases_still_read_well():
    one = matrix.from_frame(
        pd.DataFrame({"x": [5.0], "y": [3.0]}, index=["a"]),
        directions=["max", "max"],
        weights=[1, 1],
        scales={"x": (0, 10), "y": (0, 10)},
    )
    sentences = robustness_summary(one, samples=100, seed=1).sentences()
    assert sentences[0] == (
        "a is first in 100.0% of 100 draws; no change to a single weight moves it from first place."
    )
    twins = matrix.from_frame(
        pd.DataFrame({"x": [5.0, 5.0], "y": [3.0, 3.0]}, index=["a", "b"]),
        directions=["max", "max"],
        weights=[1, 1],
        scales={"x": (0, 10), "y": (0, 10)},
    )
    summary = robustness_summary(twins, samples=100, seed=1)
    assert summary.sentences()[0] == (
        "As scored, a shares first place with b; the figures below follow a."
    )
    # identical options tie in every draw: both take rank 1, nobody rank 2
    assert summary.acceptability.acceptability.to_dict() == {
        1: {"a": 1.0, "b": 1.0},
        2: {"a": 0.0, "b": 0.0},
    }
