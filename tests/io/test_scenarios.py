"""Reading scenarios.csv and scenario_scores.csv, and every way they can be wrong."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import make_case, write_csv

import matrix
from matrix.errors import CaseFileError

SCENARIOS = [
    {
        "id": "boom",
        "label": "Ridership booms",
        "description": "Fuel prices double.",
        "rationale": "It has happened before.",
        "evidence": "analyst judgement",
    },
    {"id": "cuts", "label": "", "description": "", "rationale": "", "evidence": ""},
]
SCENARIO_SCORES = [
    {
        "scenario": "boom",
        "option": "tram",
        "criterion": "riders",
        "score": "12",
        "rationale": "full trams",
    },
    {"scenario": "boom", "option": "bus", "criterion": "riders", "score": "6", "rationale": ""},
    {
        "scenario": "cuts",
        "option": "tram",
        "criterion": "cost",
        "score": "95",
        "rationale": "overruns",
    },
]


def scenario_case(tmp_path: Path, scenarios=None, scores=None) -> Path:
    folder = make_case(tmp_path / "tiny")
    if scenarios is not False:
        write_csv(folder / "scenarios.csv", scenarios or SCENARIOS, list(SCENARIOS[0]))
    if scores is not False:
        rows = SCENARIO_SCORES if scores is None else scores
        write_csv(folder / "scenario_scores.csv", rows, list(SCENARIO_SCORES[0]))
    return folder


def test_scenarios_are_read_with_their_reasons(tmp_path):
    model = matrix.load_case(scenario_case(tmp_path))
    assert [s.id for s in model.scenarios] == ["boom", "cuts"]
    boom = model.scenario("boom")
    assert boom.label == "Ridership booms" and boom.rationale == "It has happened before."
    assert dict(boom.overrides) == {("tram", "riders"): 12.0, ("bus", "riders"): 6.0}
    assert dict(boom.score_rationale) == {("tram", "riders"): "full trams"}
    assert model.scenario("cuts").label == "cuts"  # a blank label falls back to the id
    assert model.in_scenario("boom").scores.loc["tram", "riders"] == 12.0
    assert model.scores.loc["tram", "riders"] == 9.0


def test_a_case_without_scenario_files_has_no_scenarios(tiny_case):
    assert matrix.load_case(tiny_case).scenarios == ()


def _edit(rows, index, **changes):
    rows = [dict(r) for r in rows]
    rows[index].update(changes)
    return rows


BAD = {
    "scores without scenarios": (
        {"scenarios": False},
        r"scenarios.csv: file not found; a case with scenario_scores.csv also needs scenarios.csv",
    ),
    "scenarios without scores": (
        {"scores": False},
        r"scenario_scores.csv: file not found; a case with scenarios.csv also needs scenario_scores.csv",
    ),
    "duplicate scenario id": (
        {"scenarios": _edit(SCENARIOS, 1, id="BOOM")},
        r"scenarios.csv row 3, column 'id': duplicate scenario id 'BOOM' .*'boom' is on row 2",
    ),
    "unknown scenario": (
        {"scores": _edit(SCENARIO_SCORES, 2, scenario="drought")},
        r"scenario_scores.csv row 4, column 'scenario': unknown scenario 'drought'; scenarios.csv has boom, cuts",
    ),
    "unknown option": (
        {"scores": _edit(SCENARIO_SCORES, 0, option="ferry")},
        r"scenario_scores.csv row 2, column 'option': unknown option 'ferry'; options.csv has bus, tram, nothing",
    ),
    "unknown criterion": (
        {"scores": _edit(SCENARIO_SCORES, 1, criterion="noise")},
        r"scenario_scores.csv row 3, column 'criterion': unknown criterion 'noise'; criteria.csv has cost, riders",
    ),
    "repeated score": (
        {"scores": _edit(SCENARIO_SCORES, 1, option="tram")},
        r"scenario_scores.csv row 3: a second score for scenario 'boom', option 'tram', criterion 'riders' \(first on row 2\)",
    ),
    "text for a score": (
        {"scores": _edit(SCENARIO_SCORES, 2, score="high")},
        r"scenario_scores.csv row 4, column 'score': expected a number, got 'high'",
    ),
    "blank score": (
        {"scores": _edit(SCENARIO_SCORES, 2, score="")},
        r"scenario_scores.csv row 4, column 'score': empty; expected a number",
    ),
    "off the scale": (
        {"scores": _edit(SCENARIO_SCORES, 2, score="140")},
        r"scenario_scores.csv row 4, column 'score': score 140 is outside the scale 0 to 100 of criterion 'cost'",
    ),
    "a scenario that changes nothing": (
        {"scores": SCENARIO_SCORES[:2]},
        r"scenarios.csv row 3: scenario 'cuts' changes no scores; give the scores it changes in scenario_scores.csv",
    ),
    "blank id": (
        {"scenarios": _edit(SCENARIOS, 0, id=" ")},
        r"scenarios.csv row 2, column 'id': empty; expected an id",
    ),
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_scenario_files_name_the_file_row_and_column(tmp_path, name):
    files, message = BAD[name]
    folder = scenario_case(tmp_path, **files)
    with pytest.raises(CaseFileError, match=message):
        matrix.load_case(folder)


def test_an_unknown_column_is_refused(tmp_path):
    folder = scenario_case(tmp_path)
    rows = [dict(r, weight="1") for r in SCENARIO_SCORES]
    write_csv(folder / "scenario_scores.csv", rows, [*SCENARIO_SCORES[0], "weight"])
    with pytest.raises(CaseFileError, match=r"scenario_scores.csv row 1: unknown column 'weight'"):
        matrix.load_case(folder)


def test_overlong_text_is_refused(tmp_path):
    folder = scenario_case(tmp_path, scenarios=_edit(SCENARIOS, 0, rationale="x" * 40_000))
    with pytest.raises(matrix.ValidationError, match=r"scenarios.csv row 2, column 'rationale'"):
        matrix.load_case(folder)
