"""The brief's content on cases it never saw: tiny, random, large, with and without
perspectives and scenarios; its numbers checked against the library computed independently."""

from __future__ import annotations

import datetime as dt

import docx
import numpy as np
import pytest
from helpers import add_perspectives, make_case, model_from, random_model
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import matrix
from matrix.brief import brief_content, brief_markdown, write_brief
from matrix.brief.content import MAX_CRITERIA, MAX_OPTIONS
from matrix.io import load_case
from matrix.model import Perspective, Scenario
from matrix.perspectives import rank_by_perspective
from matrix.text.brief import brief_document

DAY = dt.date(2026, 12, 2)


def test_numbers_agree_with_the_library_computed_separately():
    model = matrix.load_case()
    brief = brief_content(model, samples=2_000, seed=3, date=DAY)
    wsm = matrix.evaluate(model, "wsm")
    leader, runner = wsm.order[:2]
    assert (brief.leader, brief.runner_up) == (leader, runner)
    assert brief.margin == pytest.approx(wsm.scores[leader] - wsm.scores[runner], abs=1e-12)
    # under the weighted sum an option's points are its weighted contributions x 100
    np.testing.assert_allclose(brief.points.to_numpy(), wsm.details["weighted"] * 100, atol=1e-9)
    assert brief.margin_points.sum() == pytest.approx(brief.margin * 100, abs=1e-9)
    assert list(brief.margin_points) == sorted(brief.margin_points, reverse=True)
    flip = matrix.flip_winner(model)
    assert brief.flip.weight == flip.weight and brief.flip.score == flip.score
    nearest = brief.break_even[0]
    assert nearest["criterion"] == flip.weight["criterion"]
    assert nearest["break_even"] == pytest.approx(flip.weight["break_even"])
    draws = matrix.rank_acceptability(model, samples=2_000, seed=3)
    assert brief.acceptability.p_best[leader] == pytest.approx(draws.p_best[leader], abs=0)
    # the evidence is the leader's and the runner-up's scores on the criteria adding most
    decisive = [c for c in brief.margin_points.index if brief.margin_points[c] > 0][:3]
    assert [e.criterion for e in brief.evidence] == [c for c in decisive for _ in (0, 1)]
    for item in brief.evidence:
        assert item.score == model.scores.loc[item.option, item.criterion]
        assert item.evidence == model.evidence.loc[item.option, item.criterion]


def test_the_model_is_not_changed():
    model = matrix.load_case()
    before = model.scores.copy(), model.weights.copy()
    brief_content(model, perspective="seoul", samples=500, seed=1)
    assert model.scores.equals(before[0]) and model.weights.equals(before[1])


def test_perspective_weights_and_where_perspectives_disagree():
    model = matrix.load_case()
    brief = brief_content(model, perspective="max_pressure", method="topsis", samples=500, seed=1)
    expected = matrix.evaluate(model.under("max_pressure"), "topsis")
    assert brief.leader == expected.winner
    ranks = rank_by_perspective(model, "topsis").ranks
    others = {p for p in ranks.index if ranks.loc[p].idxmin() != brief.leader}
    assert {s.id for s in brief.perspective_shifts} == others
    text = brief_markdown(brief)
    assert "Weights: those of Administration (maximum pressure)" in text
    assert "under TOPSIS" in text


def _two_scenario_model():
    model = model_from(
        [[8, 2], [6, 6], [1, 9]], "bb", [3, 1], scales={"C1": (0, 10), "C2": (0, 10)}
    )
    flip = Scenario(id="drought", overrides={("A1", "C1"): 2.0}, label="A drought year")
    calm = Scenario(id="calm", overrides={("A3", "C2"): 8.0}, label="A calm year")
    return model.replace(scenarios=[flip, calm])


def test_scenarios_where_another_option_wins():
    model = _two_scenario_model()
    brief = brief_content(model, samples=500, seed=1, date=DAY)
    assert brief.leader == "A1"
    analysis = matrix.scenario_analysis(model)
    assert [s.id for s in brief.scenario_shifts] == ["drought"]
    assert brief.scenario_shifts[0].winner == analysis.ranks["drought"].idxmin()
    text = brief_markdown(brief)
    assert "Scenario “A drought year”: A2 comes first (A1 3rd)." in text
    assert "first in 2 of 3 scenarios" in text


def test_a_tie_for_first_is_said_as_a_tie():
    model = model_from([[5, 5], [5, 5], [1, 2]], "bb", scales={"C1": (0, 10), "C2": (0, 10)})
    brief = brief_content(model, samples=200, seed=1)
    assert brief.margin == 0
    assert "tied for first with A2 (50.0); it is named here because the case lists it first." in (
        brief_markdown(brief)
    )
    assert brief.evidence == ()


def test_tiny_case_with_and_without_perspectives(tmp_path):
    plain = load_case(make_case(tmp_path / "plain"))
    text = brief_markdown(brief_content(plain, samples=300, seed=1))
    assert "Tiny transport case" in text and "Which line?" in text
    assert "perspective" not in text.lower()
    assert "scenario" not in text.lower()
    with_p = load_case(add_perspectives(make_case(tmp_path / "persp")))
    brief = brief_content(with_p, samples=300, seed=1)
    text = brief_markdown(brief)
    ranks = rank_by_perspective(with_p).ranks
    disagree = [p for p in ranks.index if ranks.loc[p].idxmin() != brief.leader]
    if disagree:
        for pid in disagree:
            assert f"With the weights of {with_p.perspective(pid).label}," in text
    else:
        assert "Every perspective's weights (4) put" in text
    path = write_brief(brief, tmp_path / "tiny.docx")
    first = docx.Document(str(path)).tables[0].rows[2].cells[0].text
    assert first == with_p.option(brief.leader).label


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10_000))
def test_random_cases(seed):
    model = random_model(seed)
    brief = brief_content(model, samples=200, seed=seed, date=DAY)
    wsm = matrix.evaluate(model, "wsm")
    assert brief.leader == wsm.winner
    assert brief.margin_points.sum() == pytest.approx(brief.margin * 100, abs=1e-9)
    assert (brief.goodness.to_numpy() >= -1e-12).all() and (brief.goodness <= 1 + 1e-12).all().all()
    document = brief_document(brief)
    assert [s.key for s in document.sections] == [
        "bottom_line",
        "question",
        "matrix",
        "tradeoffs",
        "changes",
        "evidence",
        "method",
    ]
    table = document.section("matrix").blocks[0]
    assert [row[0] for row in table.rows[1:]] == wsm.order
    for row in table.rows[1:]:
        assert float(row[-2]) == pytest.approx(wsm.scores[row[0]] * 100, abs=0.05)
    # the runner-up's advantages and the leader's add up to the margin, in points
    given_up = -brief.margin_points[brief.margin_points < 0].sum()
    gained = brief.margin_points[brief.margin_points > 0].sum()
    assert gained - given_up == pytest.approx(brief.margin * 100)


def test_large_case_shows_the_top_options_and_says_how_many_more(tmp_path):
    model = random_model(7, options=40, criteria=14)
    brief = brief_content(model, samples=200, seed=1, date=DAY)
    path = write_brief(brief, tmp_path / "large.docx")
    table = docx.Document(str(path)).tables[0]
    assert len(table.rows) == 2 + MAX_OPTIONS
    assert len(table.columns) == 1 + MAX_CRITERIA + 2
    shown = [r.cells[0].text for r in table.rows[2:]]
    assert shown == matrix.evaluate(model, "wsm").order[:MAX_OPTIONS]
    text = "\n".join(p.text for p in docx.Document(str(path)).paragraphs)
    assert f"The {MAX_OPTIONS} best of 40 options are shown; 32 more are in the workbook." in text
    # the options list names the same best ones, and counts the rest
    listed = [p.text.split(":")[0] for p in docx.Document(str(path)).paragraphs]
    assert [o for o in listed if o in shown] == shown
    assert len([o for o in listed if o.startswith("o") and o[1:].isdigit()]) == MAX_OPTIONS
    assert "… and 32 more options." in text
    # scores are shown as people write them, not to six digits
    assert table.rows[2].cells[1].text == f"{round(model.scores.loc[shown[0], 'c0'], 2):g}"
    heaviest = model.normalized_weights.sort_values(ascending=False).index[:MAX_CRITERIA]
    rest = model.normalized_weights.drop(heaviest).sum()
    assert f"4 more carry {rest:.1%} of the weight" in text


def test_perspectives_and_scenarios_on_a_model_built_in_code():
    model = _two_scenario_model()
    persp = Perspective(id="c2_first", weights={"C1": 1.0, "C2": 4.0}, label="Second matters")
    model = model.replace(perspectives=[persp])
    brief = brief_content(model, samples=200, seed=1)
    assert [s.winner for s in brief.perspective_shifts] == [
        matrix.evaluate(model.under("c2_first")).winner
    ]
