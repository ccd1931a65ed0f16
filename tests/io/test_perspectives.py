"""Reading perspectives from a case folder, and every way the files can be wrong."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import (
    TINY_PAIRWISE,
    TINY_PERSPECTIVE_WEIGHTS,
    TINY_PERSPECTIVES,
    add_perspectives,
    make_case,
)

import matrix
from matrix.errors import CaseFileError, PairwiseError, WeightError


def test_reads_all_four_elicitations(tmp_path: Path):
    model = matrix.load_case(add_perspectives(make_case(tmp_path / "tiny")))
    by_id = {p.id: p for p in model.perspectives}
    assert list(by_id) == ["thrift", "growth", "planner", "council"]
    assert dict(by_id["thrift"].weights) == {"cost": 0.75, "riders": 0.25}
    assert by_id["growth"].weights["riders"] == pytest.approx(100 / 140)
    # rank sum for two criteria: 2/3 and 1/3.
    assert by_id["planner"].weights["cost"] == pytest.approx(2 / 3)
    # AHP 2x2, cost judged 1/3 of riders: priorities 1/4 and 3/4.
    assert by_id["council"].weights["riders"] == pytest.approx(0.75)
    assert by_id["growth"].elicitation == "swing"
    assert dict(by_id["growth"].inputs["points"]) == {"cost": 40.0, "riders": 100.0}
    assert dict(by_id["planner"].inputs) == {
        "positions": {"cost": 1.0, "riders": 2.0},
        "method": "rank_sum",
    }
    assert by_id["council"].inputs["pairwise"] == {("cost", "riders"): pytest.approx(1 / 3)}
    assert by_id["thrift"].label == "Treasury" and by_id["thrift"].rationale == "Cost first."
    assert model.under("council").normalized_weights["riders"] == pytest.approx(0.75)


def test_perspective_files_are_optional(tmp_path: Path, tiny_case: Path):
    assert matrix.load_case(tiny_case).perspectives == ()
    folder = add_perspectives(make_case(tmp_path / "two"), pairwise=[])
    only = [p for p in TINY_PERSPECTIVES if p["elicitation"] != "ahp"]
    folder = add_perspectives(make_case(tmp_path / "three"), perspectives=only, pairwise=[])
    assert [p.id for p in matrix.load_case(folder).perspectives] == ["thrift", "growth", "planner"]


def _edit(rows, index, **changes):
    rows = [dict(r) for r in rows]
    rows[index].update(changes)
    return rows


BAD = {
    "unknown criterion in a weight set": (
        {"weights": _edit(TINY_PERSPECTIVE_WEIGHTS, 1, criterion="speed")},
        CaseFileError,
        r"perspective_weights.csv row 3, column 'criterion': unknown criterion 'speed'; "
        r"criteria.csv has cost, riders",
    ),
    "missing criterion": (
        {"weights": TINY_PERSPECTIVE_WEIGHTS[:1] + TINY_PERSPECTIVE_WEIGHTS[2:]},
        WeightError,
        r"perspective_weights.csv: perspective 'thrift': direct weights gives nothing for "
        r"criterion 'riders'.*perspectives.csv row 2\)",
    ),
    "negative points": (
        {"weights": _edit(TINY_PERSPECTIVE_WEIGHTS, 2, value="-5")},
        WeightError,
        r"perspective_weights.csv row 4, column 'value': perspective 'growth': swing points "
        r"must be >= 0; got -5 for criterion 'cost'",
    ),
    "negative direct weight": (
        {"weights": _edit(TINY_PERSPECTIVE_WEIGHTS, 0, value="-3")},
        WeightError,
        r"perspective_weights.csv row 2, column 'value': .*weights must be >= 0; got -3",
    ),
    "swing with no 100": (
        {"weights": _edit(TINY_PERSPECTIVE_WEIGHTS, 3, value="90")},
        WeightError,
        r"perspective_weights.csv row 5, column 'value': perspective 'growth': the most "
        r"valued swing must get 100 points",
    ),
    "position not a whole number": (
        {"weights": _edit(TINY_PERSPECTIVE_WEIGHTS, 5, value="1.5")},
        WeightError,
        r"perspective_weights.csv row 7, column 'value': .*whole number from 1",
    ),
    "zero judgement": (
        {"pairwise": _edit(TINY_PAIRWISE, 0, value="0")},
        PairwiseError,
        r"perspective_pairwise.csv row 2, column 'value': perspective 'council': judgement "
        r"for 'cost' over 'riders' must be a positive number .*got 0",
    ),
    "negative judgement": (
        {"pairwise": _edit(TINY_PAIRWISE, 0, value="-3")},
        PairwiseError,
        r"perspective_pairwise.csv row 2, column 'value': .*must be a positive number .*got -3",
    ),
    "non-reciprocal judgements": (
        {
            "pairwise": [
                *TINY_PAIRWISE,
                dict(TINY_PAIRWISE[0], row="riders", column="cost", value="2"),
            ]
        },
        PairwiseError,
        r"perspective_pairwise.csv row 3, column 'value': perspective 'council': judgements "
        r"are not reciprocal: 'cost' over 'riders' is 0.3333333333 but 'riders' over 'cost' "
        r"is 2; expected 3",
    ),
    "not square: a pair is missing": (
        {"pairwise": [dict(TINY_PAIRWISE[0], column="cost", value="1")]},
        PairwiseError,
        r"perspective_pairwise.csv: perspective 'council': no judgement compares 'cost' with "
        r"'riders'.*perspectives.csv row 5\)",
    ),
    "diagonal not one": (
        {"pairwise": [*TINY_PAIRWISE, dict(TINY_PAIRWISE[0], column="cost", value="2")]},
        PairwiseError,
        r"perspective_pairwise.csv row 3, column 'value': .*compared with itself must be 1",
    ),
    "off the 1-9 scale": (
        {"pairwise": _edit(TINY_PAIRWISE, 0, value="20")},
        PairwiseError,
        r"perspective_pairwise.csv row 2, column 'value': .*is 20, off Saaty's scale",
    ),
    "unknown criterion in a judgement": (
        {"pairwise": _edit(TINY_PAIRWISE, 0, column="speed")},
        CaseFileError,
        r"perspective_pairwise.csv row 2, column 'column': unknown criterion 'speed'",
    ),
    "judgement that is not a number": (
        {"pairwise": _edit(TINY_PAIRWISE, 0, value="much more")},
        CaseFileError,
        r"perspective_pairwise.csv row 2, column 'value': expected a judgement such as 3 or "
        r"1/3, got 'much more'",
    ),
    "fraction by zero": (
        {"pairwise": _edit(TINY_PAIRWISE, 0, value="1/0")},
        CaseFileError,
        r"perspective_pairwise.csv row 2, column 'value': expected a judgement",
    ),
    "duplicate judgement": (
        {"pairwise": [*TINY_PAIRWISE, TINY_PAIRWISE[0]]},
        CaseFileError,
        r"perspective_pairwise.csv row 3: a second judgement for perspective 'council', "
        r"'cost' over 'riders' \(first on row 2\)",
    ),
    "duplicate weight": (
        {"weights": [*TINY_PERSPECTIVE_WEIGHTS, TINY_PERSPECTIVE_WEIGHTS[0]]},
        CaseFileError,
        r"perspective_weights.csv row 8: a second value for perspective 'thrift', criterion "
        r"'cost' \(first on row 2\)",
    ),
    "unknown perspective": (
        {"weights": _edit(TINY_PERSPECTIVE_WEIGHTS, 0, perspective="hawk")},
        CaseFileError,
        r"perspective_weights.csv row 2, column 'perspective': unknown perspective 'hawk'",
    ),
    "AHP values in the weights file": (
        {
            "weights": [
                *TINY_PERSPECTIVE_WEIGHTS,
                {"perspective": "council", "criterion": "cost", "value": "1"},
            ]
        },
        CaseFileError,
        r"perspective_weights.csv row 8, column 'perspective': perspective 'council' is "
        r"elicited by 'ahp', so its values belong in perspective_pairwise.csv",
    ),
    "weights in the pairwise file": (
        {
            "pairwise": [
                *TINY_PAIRWISE,
                {"perspective": "thrift", "row": "cost", "column": "riders", "value": "2"},
            ]
        },
        CaseFileError,
        r"perspective_pairwise.csv row 3, column 'perspective': perspective 'thrift' is "
        r"elicited by 'direct', so its values belong in perspective_weights.csv",
    ),
    "unknown elicitation": (
        {"perspectives": _edit(TINY_PERSPECTIVES, 0, elicitation="gut")},
        CaseFileError,
        r"perspectives.csv row 2, column 'elicitation': expected one of direct, swing, order, "
        r"ahp; got 'gut'",
    ),
    "order method on a swing perspective": (
        {"perspectives": _edit(TINY_PERSPECTIVES, 1, order_method="roc")},
        CaseFileError,
        r"perspectives.csv row 3, column 'order_method': applies only to elicitation 'order'",
    ),
    "unknown order method": (
        {"perspectives": _edit(TINY_PERSPECTIVES, 2, order_method="borda")},
        CaseFileError,
        r"perspectives.csv row 4, column 'order_method': expected one of roc, rank_sum, "
        r"reciprocal; got 'borda'",
    ),
    "unknown random-index table": (
        {"perspectives": _edit(TINY_PERSPECTIVES, 3, random_index="mine")},
        CaseFileError,
        r"perspectives.csv row 5, column 'random_index': expected one of saaty1980",
    ),
    "duplicate perspective id": (
        {"perspectives": [*TINY_PERSPECTIVES, dict(TINY_PERSPECTIVES[0], id="Thrift")]},
        CaseFileError,
        r"perspectives.csv row 6, column 'id': duplicate perspective id 'Thrift' .*'thrift' "
        r"is on row 2",
    ),
    "a perspective without values": (
        {"weights": TINY_PERSPECTIVE_WEIGHTS[:4]},
        CaseFileError,
        r"perspectives.csv row 4, column 'elicitation': perspective 'planner' has no rows in "
        r"perspective_weights.csv; give an importance position",
    ),
    "AHP without the pairwise file": (
        {"pairwise": []},
        CaseFileError,
        r"perspectives.csv row 5, column 'elicitation': perspective 'council' is elicited by "
        r"'ahp' but perspective_pairwise.csv is missing",
    ),
}


@pytest.mark.parametrize("name", list(BAD))
def test_bad_perspective_files_name_file_row_and_column(tmp_path: Path, name: str):
    changes, error, message = BAD[name]
    folder = add_perspectives(make_case(tmp_path / "bad"), **changes)
    with pytest.raises(error, match=message) as info:
        matrix.load_case(folder)
    assert "\n" not in str(info.value)


def test_values_without_perspectives_csv(tmp_path: Path):
    folder = add_perspectives(make_case(tmp_path / "orphan"), perspectives=[])
    with pytest.raises(
        CaseFileError, match=r"perspective_weights.csv: found without perspectives.csv"
    ):
        matrix.load_case(folder)


def test_text_checks_point_to_perspectives_csv(tmp_path: Path):
    long = "x" * 40_000
    folder = add_perspectives(
        make_case(tmp_path / "long"), perspectives=_edit(TINY_PERSPECTIVES, 1, rationale=long)
    )
    with pytest.raises(matrix.ValidationError, match=r"perspectives.csv row 3, column 'rationale'"):
        matrix.load_case(folder)


def test_the_example_in_data_readme_loads(tmp_path: Path):
    import re

    text = (Path(__file__).resolve().parents[2] / "data" / "README.md").read_text("utf-8")
    folder = tmp_path / "bus_route"
    folder.mkdir()
    names = ["case.toml", "options.csv", "criteria.csv", "scores.csv", "perspectives.csv"]
    names += ["perspective_weights.csv", "perspective_pairwise.csv"]
    for name in names:
        lang = "toml" if name.endswith("toml") else "csv"
        block = re.search(rf"`{re.escape(name)}`:\n\n```{lang}\n(.*?)```", text, re.S)
        assert block is not None, name
        (folder / name).write_text(block.group(1), encoding="utf-8")
    model = matrix.load_case(folder)
    weights = {p.id: dict(p.weights) for p in model.perspectives}
    assert weights["treasury"] == {"riders": 0.25, "cost": 0.75}
    assert weights["council"]["riders"] == pytest.approx(2 / 3)
