"""Red lines in the live workbook: the input row, the flags, the acceptable flag and
the live order, recalculated by LibreOffice and Gnumeric and compared with Python;
and the red lines read back like every other input."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from engines import gnumeric, libreoffice, needs_gnumeric, needs_libreoffice
from excel.test_live import compare  # every expected cell, and no error value anywhere

import matrix
from matrix.errors import ValidationError, WorkbookError
from matrix.excel import build_book
from matrix.excel.layout import CALC, SCORES, SUMMARY, Layout
from matrix.excel.redlines import NONE_CROSSED, RED_LINE_LABEL, SUMMARY_HEADER
from matrix.redlines import crossings


def case() -> matrix.DecisionModel:
    """Six options on four criteria, two with a red line; two options cross one."""
    values = [
        [10.0, 7.0, 10.0, 1.0],  # the best on the scores alone, but crosses war_risk
        [1.0, 2.0, 8.0, 7.0],  # crosses the red line on gain
        [5.0, 6.0, 4.0, 5.0],  # on both lines: acceptable
        [7.0, 3.0, 6.0, 6.0],
        [6.0, 4.0, 5.0, 2.0],
        [8.0, 5.5, 3.0, 4.0],
    ]
    frame = pd.DataFrame(values, index=[f"o{i}" for i in range(6)],
                         columns=["gain", "war_risk", "allies", "cost"])  # fmt: skip
    return matrix.from_frame(
        frame, directions=["max", "min", "max", "min"], weights=[3, 2, 1, 1],
        scales={c: (0, 10) for c in frame.columns}, red_lines={"gain": 5, "war_risk": 6},
    )  # fmt: skip


def with_lines(model, lines):
    criteria = [
        dataclasses.replace(c, red_line=lines.get(c.id, c.red_line)) for c in model.criteria
    ]
    return model.replace(criteria=criteria)


def test_python_ranks_the_crossing_options_last():
    result = matrix.evaluate(case())
    assert result.acceptable.tolist() == [False, False, True, True, True, True]
    assert set(result.order[-2:]) == {"o0", "o1"}
    assert matrix.evaluate(case(), red_lines="ignore").winner == "o0"


def test_the_workbook_writes_the_row_the_flags_and_the_formulas(tmp_path):
    model = case()
    lay = Layout(*model.shape)
    book = build_book(model)
    path = tmp_path / "rl.xlsx"
    book.workbook.save(path)
    wb = openpyxl.load_workbook(path)
    scores = wb[SCORES]
    assert scores.cell(lay.red_line_row, 2).value == RED_LINE_LABEL
    assert [scores.cell(lay.red_line_row, lay.crit_col(j)).value for j in range(4)] == [
        5, 6, None, None,
    ]  # fmt: skip
    rules = [
        r for rng in scores.conditional_formatting for r in rng.rules if r.type == "expression"
    ]
    assert len(rules) == 4
    assert rules[0].formula == [
        f'IF(C${lay.red_line_row}="",FALSE,IF(C${lay.direction_row}="min",'
        f"C{lay.first_option_row}>C${lay.red_line_row},C{lay.first_option_row}<C${lay.red_line_row}))"
    ]
    calc = wb[CALC]
    assert (
        calc.cell(lay.calc_row(0), lay.acceptable_col).value
        == f'=IF(H{lay.calc_row(0)}=0,"yes","no")'
    )
    expected = book.expected
    assert expected[(CALC, f"I{lay.calc_row(0)}")] == "no"
    assert expected[(CALC, f"J{lay.calc_row(0)}")] == "war_risk"
    summary = wb[SUMMARY]
    column = next(
        c for c in range(1, 10) if summary.cell(lay.summary_header_row, c).value == SUMMARY_HEADER
    )
    names = [
        expected[(SUMMARY, summary.cell(lay.summary_row(k), column).coordinate)] for k in range(6)
    ]
    assert sorted(names[-2:]) == ["gain", "war_risk"]
    assert names[:4] == [NONE_CROSSED] * 4  # never empty: readers that do not calculate see it


def _edits(model):
    """Edits an analyst makes: a red line moved, one drawn where there was none, and a
    score pushed across a line; the Python model with the same edits."""
    edited = with_lines(model, {"war_risk": 9.5, "cost": 6.5})
    edited = edited.with_scores({("o3", "gain"): 4.0})
    return edited


def _edit_in_workbook(src: Path, dst: Path, model) -> None:
    lay = Layout(*model.shape)
    wb = openpyxl.load_workbook(src)
    ws = wb[SCORES]
    ws.cell(lay.red_line_row, lay.crit_col(1)).value = 9.5
    ws.cell(lay.red_line_row, lay.crit_col(3)).value = 6.5
    ws.cell(lay.score_row(3), lay.crit_col(0)).value = 4.0
    wb.save(dst)


@pytest.fixture(scope="module")
def books(tmp_path_factory):
    folder = tmp_path_factory.mktemp("redlines")
    model = case()
    book = build_book(model)
    path = folder / "rl.xlsx"
    book.workbook.save(path)
    edited = _edits(model)
    before, after = matrix.evaluate(model), matrix.evaluate(edited)
    assert before.acceptable.tolist() != after.acceptable.tolist()
    assert before.order != after.order
    edited_path = folder / "rl-edited.xlsx"
    _edit_in_workbook(path, edited_path, model)
    expected = build_book(edited).expected
    for sheet in ("Sensitivity", "Uncertainty", "Scenarios"):
        for key in [k for k in expected if k[0] == sheet]:
            expected.pop(key)  # computed by Python before the edit
    return {"rl": (path, book.expected), "rl-edited": (edited_path, expected)}


@pytest.mark.engine
@pytest.mark.parametrize(
    "engine",
    [
        pytest.param(libreoffice, marks=needs_libreoffice, id="libreoffice"),
        pytest.param(gnumeric, marks=needs_gnumeric, id="gnumeric"),
    ],
)
@pytest.mark.parametrize("name", ["rl", "rl-edited"])
def test_flags_and_live_order_recalculate_to_python(books, tmp_path, engine, name):
    path, expected = books[name]
    recalculated = engine(path, tmp_path / engine.__name__)
    keys = {k: v for k, v in expected.items() if k[0] in (CALC, SUMMARY, "TOPSIS", SCORES)}
    assert any(v == "no" for v in keys.values())
    problems = compare(recalculated, keys)
    assert not problems, "\n".join(problems[:20])


def test_red_lines_read_back_like_every_other_input(tmp_path):
    model = case()
    path = tmp_path / "rl.xlsx"
    build_book(model).workbook.save(path)
    assert matrix.load_case(path).equals(model)
    lay = Layout(*model.shape)
    wb = openpyxl.load_workbook(path)
    wb[SCORES].cell(lay.red_line_row, lay.crit_col(1)).value = 9.5
    wb[SCORES].cell(lay.red_line_row, lay.crit_col(3)).value = 6.5
    wb[SCORES].cell(lay.red_line_row, lay.crit_col(0)).value = None
    wb.save(tmp_path / "edited.xlsx")
    again = matrix.load_case(tmp_path / "edited.xlsx")
    assert again.red_lines.fillna(-1).tolist() == [-1.0, 9.5, -1.0, 6.5]
    assert again.equals(with_lines(model, {"gain": None, "war_risk": 9.5, "cost": 6.5}))


@pytest.mark.parametrize(
    ("value", "error", "message"),
    [
        (
            "high",
            WorkbookError,
            r"sheet Scores, cell C11: red line must be a number; got 'high'",
        ),
        (
            12,
            ValidationError,
            r"red_line 12 is outside the scale 0 to 10 of criterion 'gain' \(.*sheet Scores, cell C11\)",
        ),
    ],
)
def test_a_bad_red_line_in_the_workbook_names_the_cell(tmp_path, value, error, message):
    model = case()
    lay = Layout(*model.shape)
    path = tmp_path / "rl.xlsx"
    build_book(model).workbook.save(path)
    wb = openpyxl.load_workbook(path)
    wb[SCORES].cell(lay.red_line_row, lay.crit_col(0)).value = value
    wb.save(path)
    with pytest.raises(error, match=message):
        matrix.load_case(path)


def test_a_workbook_without_the_evidence_column_still_reads(tmp_path):
    model = case()
    path = tmp_path / "rl.xlsx"
    build_book(model).workbook.save(path)
    wb = openpyxl.load_workbook(path)
    wb["Criteria"].delete_cols(11)
    wb.save(path)
    assert matrix.load_case(path).red_lines.tolist()[:2] == [5.0, 6.0]


@pytest.mark.engine
@pytest.mark.parametrize(
    "engine",
    [
        pytest.param(libreoffice, marks=needs_libreoffice, id="libreoffice"),
        pytest.param(gnumeric, marks=needs_gnumeric, id="gnumeric"),
    ],
)
def test_the_flag_rule_follows_edits(books, tmp_path, engine):
    """Conditional formats are not saved as values, so each flag rule (as written, for
    the first score cell) is copied into a spare cell per score of the edited workbook,
    moved down as a spreadsheet moves it; the engine's answers must be Python's crossings."""
    model = case()
    lay = Layout(*model.shape)
    path, _ = books["rl-edited"]
    wb = openpyxl.load_workbook(path)
    ws = wb[SCORES]
    rules = {
        str(cf.sqref).split(":")[0].rstrip("0123456789"): r.formula[0]
        for cf in ws.conditional_formatting
        for r in cf.rules
        if r.type == "expression"
    }
    spare = lay.last_col + 2
    for j in range(lay.m):
        letter = openpyxl.utils.get_column_letter(lay.crit_col(j))
        first = f"{letter}{lay.first_option_row}"
        for i in range(lay.n):
            here = f"{letter}{lay.score_row(i)}"
            ws.cell(lay.score_row(i), spare + j).value = "=" + rules[letter].replace(first, here)
    wb.save(tmp_path / "flags.xlsx")
    got = openpyxl.load_workbook(engine(tmp_path / "flags.xlsx", tmp_path / "out"), data_only=True)
    flags = [
        [bool(got[SCORES].cell(lay.score_row(i), spare + j).value) for j in range(lay.m)]
        for i in range(lay.n)
    ]
    assert flags == crossings(_edits(model)).to_numpy().tolist()
    assert any(any(row) for row in flags)
