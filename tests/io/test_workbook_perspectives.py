"""Perspectives read back from the workbook as what they are: AHP judgements, swing points,
importance positions and direct weights, edited in the file or not."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from engines import libreoffice, needs_libreoffice
from helpers import add_perspectives, make_case

import matrix
from matrix import weights as W
from matrix.io.layout import (
    AHP_ID_LABEL,
    DETAIL_HEADERS_V1,
    DETAIL_TITLE,
    FORMAT_PROPERTY,
    AhpLayout,
    WeightsLayout,
)
from matrix.model import Perspective


def given_cell(ws, model, pid: str, crit: str) -> openpyxl.cell.Cell:
    """The input cell of a perspective's row in "What each stakeholder gave"."""
    lay = WeightsLayout(len(model.criteria), len(model.perspectives))
    rows = [p.id for p in model.perspectives if p.elicitation != "ahp"]
    row = lay.given_row(rows.index(pid))
    assert ws.cell(row, 1).value == pid
    return ws.cell(row, lay.first_col + model.criterion_ids.index(crit))


def judgement_cell(ws, model, pid: str, row: str, col: str) -> openpyxl.cell.Cell:
    """The cell of a judgement, row over column, in a perspective's grid on the AHP sheet."""
    top = next(r for r in range(1, ws.max_row + 1)
               if ws.cell(r, 1).value == AHP_ID_LABEL and ws.cell(r, 2).value == pid) - 1  # fmt: skip
    lay = AhpLayout(len(model.criteria), top)
    ids = model.criterion_ids
    return ws.cell(lay.grid_row(ids.index(row)), lay.grid_col(ids.index(col)))


@pytest.fixture(scope="module")
def bundled(tmp_path_factory) -> tuple[matrix.DecisionModel, Path]:
    model = matrix.load_case()
    return model, matrix.write_workbook(model, tmp_path_factory.mktemp("wb") / "nk.xlsx")


def test_every_kind_of_perspective_round_trips_exactly(bundled, tmp_path):
    model, path = bundled
    assert {p.elicitation for p in model.perspectives} == {"ahp", "swing", "order", "direct"}
    again = matrix.load_case(path)
    assert again.perspectives == model.perspectives
    tiny = matrix.load_case(add_perspectives(make_case(tmp_path / "tiny")))  # rank sum, 2 x 2 AHP
    back = matrix.load_case(matrix.write_workbook(tiny, tmp_path / "tiny.xlsx"))
    assert back.perspectives == tiny.perspectives


EDITS = {
    ("author", "nuclear_constraint", "war_risk"): 3,  # an AHP judgement
    ("max_pressure", "war_risk"): 80,  # a swing point
    ("seoul", "war_risk"): 2,  # an importance position: swap the first two places
    ("seoul", "regional_stability"): 1,
    ("tokyo", "time_to_effect"): 30,  # a direct weight
}


def edit_inputs(path: Path, model: matrix.DecisionModel, out: Path) -> None:
    wb = openpyxl.load_workbook(path)
    for key, value in EDITS.items():
        if len(key) == 3:
            judgement_cell(wb["AHP"], model, *key).value = value
        else:
            given_cell(wb["Weights"], model, *key).value = value
    wb.save(out)


def check_edited(model: matrix.DecisionModel, edited: matrix.DecisionModel) -> None:
    crits = model.criterion_ids
    kinds = [(p.id, p.elicitation) for p in edited.perspectives]
    assert kinds == [(p.id, p.elicitation) for p in model.perspectives]
    author = edited.perspective("author")
    assert author.inputs["pairwise"][("nuclear_constraint", "war_risk")] == 3
    expected = W.ahp(W.pairwise_frame(author.inputs["pairwise"], crits)).weights
    assert dict(author.weights) == pytest.approx(dict(expected), rel=1e-12)
    pressure = edited.perspective("max_pressure")
    assert pressure.inputs["points"]["war_risk"] == 80
    assert dict(pressure.weights) == dict(W.swing(pressure.inputs["points"], criteria=crits))
    seoul = edited.perspective("seoul")
    assert seoul.inputs["positions"]["war_risk"] == 2 and seoul.inputs["method"] == "roc"
    assert seoul.weights["regional_stability"] > seoul.weights["war_risk"]
    tokyo = edited.perspective("tokyo")
    assert tokyo.inputs["weights"]["time_to_effect"] == 30
    for pid in ("beijing",):
        assert edited.perspective(pid) == model.perspective(pid)


def test_edited_inputs_come_back_as_what_they_are(bundled, tmp_path):
    model, path = bundled
    edit_inputs(path, model, tmp_path / "edited.xlsx")
    check_edited(model, matrix.load_case(tmp_path / "edited.xlsx"))


@pytest.mark.engine
@needs_libreoffice
def test_inputs_edited_and_saved_in_libreoffice_come_back(bundled, tmp_path):
    """One judgement, swing point, position and direct weight edited; LibreOffice recalculates
    and saves the file; it reads back as those edits, and its live weights are Python's."""
    model, path = bundled
    edit_inputs(path, model, tmp_path / "edited.xlsx")
    saved = libreoffice(tmp_path / "edited.xlsx", tmp_path / "saved")
    edited = matrix.load_case(saved)
    check_edited(model, edited)
    ws = openpyxl.load_workbook(saved, data_only=True)["Weights"]
    lay = WeightsLayout(len(model.criteria), len(model.perspectives))
    for p, persp in enumerate(edited.perspectives):
        live = [ws.cell(lay.weight_row(j), lay.weight_col(p)).value for j in range(lay.m)]
        python = [persp.weights[c] for c in edited.criterion_ids]
        assert live == pytest.approx(python, rel=1e-9, abs=1e-12), persp.id


@pytest.mark.parametrize(
    ("where", "value", "message"),
    [
        (
            ("author", "war_risk", "human_rights"),
            0,
            r"sheet AHP, cell \w+\d+: perspective 'author': judgement for 'war_risk' over "
            r"'human_rights' must be a positive number",
        ),
        (
            ("author", "war_risk", "human_rights"),
            "strong",
            r"sheet AHP, cell \w+\d+: the judgement of 'war_risk' over 'human_rights' for 'author' "
            r"must be a number; got 'strong'",
        ),
        (("author", "war_risk", "human_rights"), 12, r"sheet AHP, cell .*off Saaty's scale"),
        (
            ("author", "human_rights", "war_risk"),
            3,
            r"sheet AHP, cell \w+\d+: perspective 'author': this cell is the reciprocal of the "
            r"judgement in cell \w+\d+ \('war_risk' over 'human_rights'\); edit that one; expected "
            r"0.25, got 3",
        ),
        (("author", "war_risk", "war_risk"), 2, r"this cell is a criterion compared with itself"),
        (
            ("seoul", "war_risk"),
            2.5,
            r"sheet Weights, cell \w+\d+: perspective 'seoul': importance order: a position must "
            r"be a whole number from 1",
        ),
        (("seoul", "war_risk"), 0, r"sheet Weights, cell .*'seoul'.*whole number from 1"),
        (("seoul", "war_risk"), None, r"sheet Weights, cell .*position of 'war_risk'.* is empty"),
        (
            ("max_pressure", "war_risk"),
            120,
            r"sheet Weights, cell .*'max_pressure': swing points must be at most 100",
        ),
        (("tokyo", "war_risk"), -1, r"sheet Weights, cell .*'tokyo': weights must be >= 0"),
    ],
)
def test_bad_inputs_name_the_sheet_and_cell(bundled, tmp_path, where, value, message):
    model, path = bundled
    wb = openpyxl.load_workbook(path)
    target = (judgement_cell(wb["AHP"], model, *where) if len(where) == 3
              else given_cell(wb["Weights"], model, *where))  # fmt: skip
    target.value = value
    wb.save(tmp_path / "bad.xlsx")
    with pytest.raises(matrix.MatrixError, match=message) as caught:
        matrix.load_case(tmp_path / "bad.xlsx")
    assert "\n" not in str(caught.value)
    assert f"cell {target.coordinate}:" in str(caught.value)


def test_a_judgement_typed_as_a_fraction_is_read(bundled, tmp_path):
    model, path = bundled
    wb = openpyxl.load_workbook(path)
    judgement_cell(wb["AHP"], model, "beijing", "war_risk", "human_rights").value = "1/7"
    judgement_cell(wb["AHP"], model, "beijing", "human_rights", "war_risk").value = 7  # agrees
    wb.save(tmp_path / "fraction.xlsx")
    beijing = matrix.load_case(tmp_path / "fraction.xlsx").perspective("beijing")
    assert beijing.inputs["pairwise"][("war_risk", "human_rights")] == 1 / 7


def test_a_weight_typed_over_its_formula_makes_weights_given_directly(bundled, tmp_path):
    model, path = bundled
    wb = openpyxl.load_workbook(path)
    lay = WeightsLayout(len(model.criteria), len(model.perspectives))
    wb["Weights"].cell(lay.weight_row(0), lay.weight_col(0)).value = 0.5  # author, first
    wb.save(tmp_path / "typed.xlsx")
    author = matrix.load_case(tmp_path / "typed.xlsx").perspective("author")
    assert author.elicitation == "direct" and author.inputs["weights"]["nuclear_constraint"] == 0.5


def test_a_format_1_workbook_is_still_read(bundled, tmp_path):
    """Format 1 kept each perspective's inputs as one cell of text, and weights typed in."""
    model, path = bundled
    wb = openpyxl.load_workbook(path)
    prop = next(p for p in wb.custom_doc_props if p.name == FORMAT_PROPERTY)
    prop.value = "1"
    ws = wb["Weights"]
    lay = WeightsLayout(len(model.criteria), len(model.perspectives))
    for p, persp in enumerate(model.perspectives):
        for j, crit in enumerate(model.criterion_ids):
            ws.cell(lay.weight_row(j), lay.weight_col(p)).value = persp.weights[crit]
    head = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == DETAIL_TITLE)
    for merged in [m for m in ws.merged_cells.ranges if m.min_row > head]:
        ws.unmerge_cells(str(merged))
    for col, text in enumerate(DETAIL_HEADERS_V1, start=1):  # one column each
        ws.cell(head + 2, col).value = text
    for offset, persp in enumerate(model.perspectives):
        row = head + 3 + offset
        texts = ("", persp.description, persp.rationale, persp.evidence, None, None, None)
        for col, text in enumerate(texts, start=4):
            ws.cell(row, col).value = text
    tokyo = head + 3 + [p.id for p in model.perspectives].index("tokyo")
    ws.cell(tokyo, 4).value = "weights: " + "; ".join(
        f"{c}={v:g}" for c, v in model.perspective("tokyo").inputs["weights"].items()
    )
    wb.save(tmp_path / "v1.xlsx")
    back = matrix.load_case(tmp_path / "v1.xlsx")
    assert back.perspective("tokyo") == model.perspective("tokyo")
    # The others have no readable inputs here: their weights come back, given directly.
    author = back.perspective("author")
    assert author.elicitation == "direct"
    assert dict(author.weights) == pytest.approx(dict(model.perspective("author").weights))


def test_a_perspective_without_its_inputs_is_written_as_weights_given_directly(tmp_path):
    model = matrix.load_case()
    raw = {c: 1.0 + j for j, c in enumerate(model.criterion_ids)}
    bare = Perspective(id="bare", weights=raw, elicitation="swing")  # no swing points kept
    model = model.replace(perspectives=[*model.perspectives, bare])
    back = matrix.load_case(matrix.write_workbook(model, tmp_path / "bare.xlsx"))
    assert back.perspective("bare").elicitation == "direct"
    assert back.perspective("bare").inputs["weights"] == raw
    total = sum(raw.values())
    assert dict(back.perspective("bare").weights) == {c: v / total for c, v in raw.items()}
    assert back.perspective("seoul") == model.perspective("seoul")
