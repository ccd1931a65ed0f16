"""Reading a workbook back: edits come back, text and numbers survive round trips unchanged."""

from __future__ import annotations

import string
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from engines import libreoffice, needs_libreoffice
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import matrix
from matrix.excel.layout import Layout
from matrix.model import CaseInfo, Criterion, DecisionModel, Option


def write(model: DecisionModel, path: Path) -> Path:
    return matrix.write_workbook(model, path)


def test_bundled_case_round_trips_exactly(tmp_path):
    model = matrix.load_case()
    again = matrix.load_case(write(model, tmp_path / "nk.xlsx"))
    assert again.equals(model)
    third = matrix.load_case(write(again, tmp_path / "nk2.xlsx"))
    assert third.equals(model)


def test_edits_made_in_the_workbook_come_back(tmp_path):
    model = matrix.load_case()
    path = write(model, tmp_path / "nk.xlsx")
    lay = Layout(*model.shape)
    wb = openpyxl.load_workbook(path)
    wb["Scores"].cell(lay.weight_row, lay.crit_col(0)).value = 55
    wb["Scores"].cell(lay.score_row(1), lay.crit_col(2)).value = 7.5
    wb["Evidence"].cell(lay.evidence_row(1, 2), 7).value = 9  # high
    wb["Evidence"].cell(lay.evidence_row(1, 2), 8).value = "Revised after the summit."
    wb["Options"]["C5"].value = "A new description."
    wb["Criteria"]["J5"].value = "Why it matters now."
    wb["Summary"]["B3"].value = "A sharper question?"
    wb.save(path)
    edited = matrix.load_case(path)
    option, crit = model.option_ids[1], model.criterion_ids[2]
    assert edited.weights.iloc[0] == 55
    assert edited.scores.loc[option, crit] == 7.5
    assert edited.high.loc[option, crit] == 9
    assert edited.rationale.loc[option, crit] == "Revised after the summit."
    assert edited.options[0].description == "A new description."
    assert edited.criteria[0].weight_rationale == "Why it matters now."
    assert edited.info.question == "A sharper question?"


def test_options_and_criteria_added_and_removed_on_the_scores_sheet(tmp_path):
    model = matrix.load_case()
    path = write(model, tmp_path / "nk.xlsx")
    lay = Layout(*model.shape)
    wb = openpyxl.load_workbook(path)
    ws = wb["Scores"]
    row = lay.score_row(lay.n)  # a new option under the last one
    ws.cell(row, 1).value, ws.cell(row, 2).value = "status_quo", "Status quo ante"
    for j in range(lay.m):
        ws.cell(row, lay.crit_col(j)).value = 5
    col = lay.crit_col(lay.m)  # a new criterion to the right of the last one
    for r, value in (
        (lay.label_row, "Cost"),
        (lay.id_row, "cost"),
        (lay.direction_row, "min"),
        (lay.scale_min_row, 0),
        (lay.scale_max_row, 10),
        (lay.weight_row, 4),
    ):
        ws.cell(r, col).value = value
    for i in range(lay.n + 1):
        ws.cell(lay.score_row(i), col).value = i
    weights = wb["Weights"]  # each perspective needs a weight for the new criterion too
    weights.insert_rows(6 + lay.m)
    weights.cell(6 + lay.m, 1).value = "cost"
    for p in range(len(model.perspectives)):
        weights.cell(6 + lay.m, 3 + p).value = 0.1
    # remove the first option everywhere, as the README says
    ws.delete_rows(lay.score_row(0))
    wb["Options"].delete_rows(5)
    wb["Evidence"].delete_rows(lay.evidence_row(0, 0), lay.m)
    wb.save(path)
    edited = matrix.load_case(path)
    assert edited.option_ids == [*model.option_ids[1:], "status_quo"]
    assert edited.criterion_ids == [*model.criterion_ids, "cost"]
    assert edited.criterion("cost").direction == "min"
    assert edited.scores.loc["status_quo", "cost"] == lay.n
    assert edited.rationale.loc["status_quo", "cost"] == ""
    # A weight typed in makes the perspective one of weights given directly: the column as it
    # stands (the other weights as derived), divided by its sum as any direct weights are.
    for persp in edited.perspectives:
        assert persp.elicitation == "direct" and persp.inputs["weights"]["cost"] == 0.1
        assert persp.weights["cost"] == pytest.approx(0.1 / 1.1, rel=1e-12)
    assert matrix.load_case(write(edited, path)).equals(edited)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda wb, lay: (
                wb["Scores"].cell(lay.score_row(0), lay.crit_col(0)).__setattr__("value", 11)
            ),
            r"score 11 is outside the scale 0 to 10 .*sheet Scores, cell C13",
        ),
        (
            lambda wb, lay: (
                wb["Scores"].cell(lay.score_row(1), lay.crit_col(1)).__setattr__("value", "high")
            ),
            r"sheet Scores, cell D14: the score of 'accept_nuclear' on 'war_risk' must be a number; got 'high'",
        ),
        (
            lambda wb, lay: (
                wb["Scores"].cell(lay.weight_row, lay.crit_col(3)).__setattr__("value", -2)
            ),
            r"weights must be >= 0; got -2 .*sheet Scores, cell F9",
        ),
        (
            lambda wb, lay: (
                wb["Scores"].cell(lay.direction_row, lay.crit_col(0)).__setattr__("value", "up")
            ),
            r"direction must be one of max, min .*got 'up' .*sheet Scores, cell C6",
        ),
        (
            lambda wb, lay: (
                wb["Scores"].cell(lay.score_row(0), lay.crit_col(0)).__setattr__("value", "=2*3")
            ),
            r"sheet Scores, cell C13: .*formula with no saved value",
        ),
        (
            lambda wb, lay: wb["Evidence"].cell(lay.evidence_row(0, 0), 6).__setattr__("value", 9),
            r"the score of .military_strike. on .nuclear_constraint. \(Scores, cell C13\) is 4, below its low 9 \(Evidence, cell F5\); widen the range",
        ),
        (
            lambda wb, lay: (
                wb["Evidence"].cell(lay.evidence_row(0, 0), 1).__setattr__("value", "ghost")
            ),
            r"sheet Evidence, cell A5: option 'ghost' is not on the Scores sheet",
        ),
        (
            lambda wb, lay: (
                wb["Scores"].cell(lay.score_row(1), 1).__setattr__("value", "MILITARY_STRIKE")
            ),
            r"sheet Scores, cell A14: duplicate option id 'MILITARY_STRIKE'",
        ),
        (
            lambda wb, lay: wb["Evidence"].cell(4, 8).__setattr__("value", "Notes"),
            r"sheet Evidence, row 4: expected the headers",
        ),
        (
            lambda wb, lay: setattr(wb["Options"], "title", "Choices"),
            r"no sheet named 'Options'.*sheets found: Summary, Scores, Evidence, .*Choices, Criteria",
        ),
    ],
)
def test_bad_edits_name_sheet_and_cell(tmp_path, change, message):
    model = matrix.load_case()
    path = write(model, tmp_path / "nk.xlsx")
    wb = openpyxl.load_workbook(path)
    change(wb, Layout(*model.shape))
    wb.save(path)
    with pytest.raises(matrix.MatrixError, match=message):
        matrix.load_case(path)


def test_empty_scores_are_an_error_unless_a_list_takes_them_with_stand_ins(tmp_path):
    from matrix.io.workbook import read_workbook

    model = matrix.load_case()
    path = write(model, tmp_path / "nk.xlsx")
    lay = Layout(*model.shape)
    wb = openpyxl.load_workbook(path)
    wb["Scores"].cell(lay.score_row(3), lay.crit_col(1)).value = None  # with a plausible range
    wb["Scores"].cell(lay.score_row(1), lay.crit_col(0)).value = "  "  # blank text
    wb["Evidence"].cell(lay.evidence_row(1, 0), 6).value = None  # no low for this one
    wb["Evidence"].cell(lay.evidence_row(1, 0), 7).value = None
    wb.save(path)
    with pytest.raises(matrix.WorkbookError, match=r"cell C14: the score of .* is empty"):
        read_workbook(path)
    blanks: list[tuple[str, str]] = []
    read = read_workbook(path, blanks=blanks)
    (o1, c0), (o3, c1) = (model.option_ids[1], model.criterion_ids[0]), (
        model.option_ids[3], model.criterion_ids[1])  # fmt: skip
    assert blanks == [(o1, c0), (o3, c1)]  # in the sheet's order
    assert read.scores.loc[o3, c1] == model.low.loc[o3, c1]  # the plausible low
    assert read.scores.loc[o1, c0] == model.criteria[0].scale_min  # no low: the scale's end
    others = read.scores.copy()
    others.loc[o3, c1], others.loc[o1, c0] = model.scores.loc[o3, c1], model.scores.loc[o1, c0]
    pd.testing.assert_frame_equal(others, model.scores, check_dtype=False)


def test_not_our_workbook_and_not_a_workbook(tmp_path):
    other = tmp_path / "budget.xlsx"
    wb = openpyxl.Workbook()
    wb.active.title = "Budget"
    wb.save(other)
    with pytest.raises(
        matrix.WorkbookError,
        match=r"no sheet named 'Summary' \(was it written by policy-matrix\?\)",
    ):
        matrix.load_case(other)
    fake = tmp_path / "fake.xlsx"
    fake.write_text("id,label\n")
    with pytest.raises(matrix.WorkbookError, match=r"not an \.xlsx workbook"):
        matrix.load_case(fake)


# -- property: any text and any numbers survive any number of round trips --------------------

texts = st.text(
    alphabet=st.characters(
        blacklist_categories=("Cs",),
        blacklist_characters="\x00\r\ufffe\uffff"
        + "".join(chr(c) for c in range(1, 32) if chr(c) not in "\t\n"),
    ),
    max_size=60,
) | st.sampled_from(
    ["=1+1", "@SUM(A1)", "+x", "-x", "#N/A", "_x0041_", "'quoted", " spaced ", "1.5", "TRUE"]
)
ids = st.text(alphabet=string.ascii_letters + string.digits + "_-.", min_size=1, max_size=12)
# Spreadsheets keep 15 significant digits: numbers a person can type round-trip exactly.
# The model takes 0 and sizes from 1e-100 to 1e100 (matrix.validation.MIN_MAGNITUDE).
scores = (
    st.floats(0, 10, allow_nan=False)
    .filter(lambda x: x == 0 or x >= 1e-100)
    .map(lambda x: float(f"{x:.15g}"))
)
weights = st.floats(0.001, 1e6).map(lambda x: float(f"{x:.15g}"))


@st.composite
def models(draw) -> DecisionModel:
    n, m = draw(st.integers(1, 4)), draw(st.integers(1, 4))
    option_ids = draw(st.lists(ids, min_size=n, max_size=n, unique_by=str.casefold))
    crit_ids = draw(st.lists(ids, min_size=m, max_size=m, unique_by=str.casefold))
    options = [
        Option(o, label=draw(texts), description=draw(texts), quote=draw(texts)) for o in option_ids
    ]
    scaled = draw(st.lists(st.booleans(), min_size=m, max_size=m))
    criteria = [
        Criterion(
            c,
            draw(st.sampled_from(["max", "min"])),
            draw(weights),
            label=draw(texts),
            scale_min=0.0 if s else None,
            scale_max=10.0 if s else None,
            description=draw(texts),
            scale_min_means=draw(texts),
            scale_max_means=draw(texts),
            weight_rationale=draw(texts),
        )
        for c, s in zip(crit_ids, scaled, strict=True)
    ]
    values = pd.DataFrame(
        [[draw(scores) for _ in crit_ids] for _ in option_ids], index=option_ids, columns=crit_ids
    )
    spread = st.floats(0, 3).filter(lambda x: x == 0 or x >= 1e-100)  # the model's sizes
    low = values.map(lambda v: max(0.0, float(f"{v - draw(spread):.15g}")))
    high = values.map(lambda v: min(10.0, float(f"{v + draw(spread):.15g}")))
    low = low.where((low == 0) | (low >= 1e-100), 0.0)  # v - d can leave a speck above 0
    text = pd.DataFrame(
        [[draw(texts) for _ in crit_ids] for _ in option_ids], index=option_ids, columns=crit_ids
    )
    info = CaseInfo(
        name="prop",
        title=draw(texts) or "t",
        question=draw(texts),
        summary=draw(texts),
        source=draw(texts),
        analyst=draw(texts),
        source_text=draw(texts),
    )
    return DecisionModel(
        options,
        criteria,
        values,
        low=low,
        high=high,
        rationale=text,
        evidence=text.map(lambda t: t[::-1]),
        info=info,
    )


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(models())
def test_any_text_and_numbers_survive_round_trips(tmp_path, model):
    path = tmp_path / "prop.xlsx"
    once = matrix.load_case(write(model, path))
    assert once.equals(model), _diff(model, once)
    twice = matrix.load_case(write(once, path))
    assert twice.equals(model)


def _diff(a: DecisionModel, b: DecisionModel) -> str:
    for name in ("options", "criteria", "info"):
        if getattr(a, name) != getattr(b, name):
            return f"{name}: {getattr(a, name)} != {getattr(b, name)}"
    for name in ("scores", "low", "high", "rationale", "evidence"):
        x, y = getattr(a, name), getattr(b, name)
        if not x.equals(y):
            return f"{name}:\n{x}\n{y}"
    return "?"


@needs_libreoffice
def test_a_formula_typed_in_an_input_cell_is_read_as_its_saved_value(tmp_path):
    """The workbook is read without the formulas' saved values, which are fetched (one
    sheet at a time) only where a formula stands in an input cell."""
    model = matrix.load_case()
    path = write(model, tmp_path / "nk.xlsx")
    lay = Layout(*model.shape)
    wb = openpyxl.load_workbook(path)
    wb["Scores"].cell(lay.score_row(0), lay.crit_col(0)).value = "=2*3"
    wb["Options"]["C5"].value = '="Strike"&" first"'
    wb.save(path)
    saved = libreoffice(path, tmp_path / "saved")  # recalculated and saved with its values
    edited = matrix.load_case(saved)
    option, crit = model.option_ids[0], model.criterion_ids[0]
    assert edited.scores.loc[option, crit] == 6
    assert edited.options[0].description == "Strike first"


def test_a_sheet_with_too_many_cells_is_refused_as_it_is_read(tmp_path, monkeypatch):
    import matrix.io.workbook as reader

    path = write(matrix.load_case(), tmp_path / "nk.xlsx")
    monkeypatch.setattr(reader, "MAX_CELLS", 50)
    with pytest.raises(matrix.WorkbookError, match=r"sheet Summary: more than the 50 cells"):
        matrix.load_case(path)
