"""The bundled North Korea case: complete, on its scales, and quoting the op-ed verbatim."""

from __future__ import annotations

import csv

import pytest

import matrix
from matrix.io import bundled_case_path
from matrix.model import EVIDENCE_NONE

OP_ED_OPTIONS = ("military", "accept", "pressure", "surge")


@pytest.fixture(scope="module")
def model():
    return matrix.load_case()


def test_the_case_has_the_op_eds_options_and_enough_criteria(model):
    assert len(model.options) >= 4
    ids = " ".join(model.option_ids)
    for word in OP_ED_OPTIONS:
        assert word in ids
    assert len(model.criteria) >= 7
    assert {"max", "min"} <= set(model.directions)
    for crit in model.criteria:
        assert crit.has_scale and crit.scale_min_means and crit.scale_max_means
        assert crit.weight > 0 and crit.weight_rationale
    for option in model.options:
        assert option.label and option.description and option.quote


def test_every_score_has_a_rationale_and_evidence(model):
    table = model.evidence_table()
    assert len(table) == len(model.options) * len(model.criteria)
    assert (table["rationale"].str.len() > 20).all()
    assert (table["evidence"].str.len() > 0).all()
    assert ((table["low"] <= table["score"]) & (table["score"] <= table["high"])).all()


def test_quotes_are_verbatim_from_the_op_ed(model, op_ed):
    quotes = [o.quote for o in model.options]
    quotes += [e for e in model.evidence_table()["evidence"] if e != EVIDENCE_NONE]
    assert len(quotes) > 10
    for quote in quotes:
        assert quote in op_ed, f"not verbatim in the op-ed: {quote!r}"


def test_perspectives_are_the_op_eds_and_quote_it_verbatim(model, op_ed):
    by_id = {p.id: p for p in model.perspectives}
    assert {"author", "max_pressure", "seoul", "tokyo", "beijing"} <= set(by_id)
    assert {"ahp", "swing", "order"} <= {p.elicitation for p in model.perspectives}
    for persp in model.perspectives:
        assert persp.label and persp.description and persp.rationale
        assert persp.evidence == EVIDENCE_NONE or persp.evidence in op_ed, (
            f"perspective {persp.id!r}: evidence not verbatim in the op-ed: {persp.evidence!r}"
        )
        assert sum(persp.weights.values()) == pytest.approx(1.0)
    assert sum(p.evidence != EVIDENCE_NONE for p in model.perspectives) >= 3


def test_no_fact_is_stored_twice():
    folder = bundled_case_path()
    with (folder / "scores.csv").open(encoding="utf-8") as handle:
        header = next(csv.reader(handle))
    assert header == ["option", "criterion", "score", "low", "high", "rationale", "evidence"]
    assert sorted(p.name for p in folder.iterdir()) == [
        "case.toml",
        "criteria.csv",
        "options.csv",
        "perspective_pairwise.csv",
        "perspective_weights.csv",
        "perspectives.csv",
        "scenario_scores.csv",
        "scenarios.csv",
        "scores.csv",
    ]
    with (folder / "scenario_scores.csv").open(encoding="utf-8") as handle:
        header = next(csv.reader(handle))
    assert header == ["scenario", "option", "criterion", "score", "rationale"]


def test_the_op_eds_uncertainties_are_scenarios_with_verbatim_evidence(model, op_ed):
    labels = {s.id: s.label for s in model.scenarios}
    assert labels["nk_cheats"] == "North Korea cheats"
    assert {"nk_good_faith", "china_cooperates", "china_holds_back"} <= set(labels)
    cheats = model.scenario("nk_cheats")
    assert "seek to cheat during negotiations" in cheats.evidence
    for scen in model.scenarios:
        assert scen.description and scen.rationale
        assert scen.evidence in op_ed, f"not verbatim in the op-ed: {scen.evidence!r}"
        assert set(scen.score_rationale) == set(scen.overrides)
        for (option, criterion), value in scen.overrides.items():
            assert len(scen.score_rationale[(option, criterion)]) > 20
            # a scenario moves a score within the range the case already allows for it
            assert model.low.loc[option, criterion] <= value <= model.high.loc[option, criterion]
            assert value != model.scores.loc[option, criterion]


def test_the_op_eds_red_lines_quote_its_sentence(model, op_ed):
    sentence = (
        "We cannot accept policy options that result in only war or recognizing North Korea’s "
        "nuclear status"
    )
    assert sentence in op_ed
    lines = {c.id: (c.red_line, c.red_line_evidence) for c in model.criteria if c.red_line}
    assert lines == {"nuclear_constraint": (2.0, sentence), "war_risk": (8.0, sentence)}
    result = matrix.evaluate(model)
    assert sorted(result.acceptable[~result.acceptable].index) == [
        "accept_nuclear",
        "military_strike",
    ]
