"""The Weights and AHP sheets: formula strings, the reopened file, and a real recalculation."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest
from engines import gnumeric, libreoffice, needs_gnumeric, needs_libreoffice
from helpers import TINY_PERSPECTIVES, add_perspectives, make_case

import matrix
from matrix.excel import build_book
from matrix.excel.ahp_sheet import MAX_STEPS, MIN_STEPS, SETTLED, power_iteration
from matrix.excel.formulas import ALLOWED_FUNCTIONS, functions_in
from matrix.io.layout import AHP_ID_LABEL, AhpLayout, WeightsLayout
from matrix.perspectives import rank_by_perspective
from matrix.weights import perspective_ahp

ALLOWED = ALLOWED_FUNCTIONS
_LAY = WeightsLayout(0, 0)
_FIRST, _FIRST_WEIGHT_COLUMN = _LAY.first_row, _LAY.first_col


def test_a_criterion_without_a_scale_uses_the_data_range_on_scores(tmp_path):
    """The normalised scores read the Scores sheet's scale rows, which hold MIN/MAX formulas
    for a criterion without a declared scale."""
    model = matrix.load_case(add_perspectives(make_case(tmp_path / "tiny")))
    wb = openpyxl.load_workbook(matrix.write_workbook(model, tmp_path / "tiny.xlsx"))
    assert wb["Scores"]["D7"].value == "=MIN(D$13:D$15)"
    first_norm = _FIRST_WEIGHT_COLUMN + len(model.perspectives) + 1
    assert "Scores!$D$7" in wb["Weights"].cell(_FIRST + 1, first_norm).value


@pytest.fixture(scope="module")
def bundled(tmp_path_factory):
    model = matrix.load_case()
    path = matrix.write_workbook(model, tmp_path_factory.mktemp("wb") / "nk.xlsx")
    return model, path, openpyxl.load_workbook(path)


def _formulas(wb):
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    yield ws.title, cell.coordinate, str(cell.value)


def test_weights_are_formulas_over_what_each_stakeholder_gave(bundled):
    model, _, wb = bundled
    ws = wb["Weights"]
    lay = WeightsLayout(len(model.criteria), len(model.perspectives))
    book = build_book(model)
    listed = [p for p in model.perspectives if p.elicitation != "ahp"]
    for p, persp in enumerate(model.perspectives):
        col = lay.weight_col(p)
        assert ws.cell(lay.header_row, col).value == persp.label
        total = sum(persp.weights.values())
        for j, crit in enumerate(model.criteria):
            cell = ws.cell(lay.weight_row(j), col)
            assert cell.data_type == "f" and cell.style == "pm output"
            source = (
                "AHP!" if persp.elicitation == "ahp" else f"${lay.given_row(listed.index(persp))}"
            )
            assert source in cell.value, cell.value
            expected = book.expected[("Weights", cell.coordinate)]
            assert expected == pytest.approx(persp.weights[crit.id] / total, rel=1e-12)
    key = {"direct": "weights", "swing": "points", "order": "positions"}
    for q, persp in enumerate(listed):
        for j, crit in enumerate(model.criteria):
            cell = ws.cell(lay.given_row(q), lay.first_col + j)
            assert cell.style == "pm input"
            assert cell.value == persp.inputs[key[persp.elicitation]][crit.id]
    used = set()
    for sheet, where, formula in _formulas(wb):
        if sheet not in ("Weights", "AHP"):
            continue
        names = functions_in(formula)
        assert names <= ALLOWED, (where, formula)
        used |= names
    assert {"SUMPRODUCT", "SUM", "IF", "COUNTIF", "MAX", "GEOMEAN"} <= used
    assert len(ws.data_validations.dataValidation) == len(listed)
    assert len(ws._charts) == 1


def test_ahp_sheet_holds_each_ahp_perspective_as_a_grid(bundled):
    model, _, wb = bundled
    ws = wb["AHP"]
    book = build_book(model)
    m = len(model.criteria)
    tops = [r - 1 for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == AHP_ID_LABEL]
    ahp = [p for p in model.perspectives if p.elicitation == "ahp"]
    assert [ws.cell(t + 1, 2).value for t in tops] == [p.id for p in ahp]
    for top, persp in zip(tops, ahp, strict=True):
        result = perspective_ahp(persp, model.criterion_ids)
        lay = AhpLayout(m, top)
        for i in range(m):
            for j in range(m):
                cell = ws.cell(lay.grid_row(i), lay.grid_col(j))
                if i < j:
                    assert cell.style == "pm input"
                    assert cell.value == pytest.approx(result.matrix.iloc[i, j], rel=1e-15)
                elif i == j:
                    assert cell.value == 1
                else:
                    mirror = ws.cell(lay.grid_row(j), lay.grid_col(i)).coordinate
                    assert cell.value == "=1/" + mirror.replace(
                        mirror.rstrip("0123456789"), f"${mirror.rstrip('0123456789')}$"
                    )
        priorities = [book.expected[("AHP", ws.cell(lay.priority_row, lay.grid_col(j)).coordinate)]
                      for j in range(m)]  # fmt: skip
        assert priorities == pytest.approx(result.weights.tolist(), rel=1e-12)
        facts = {ws.cell(r, 2).value: book.expected.get(("AHP", ws.cell(r, 3).coordinate))
                 for r in range(lay.priority_row, lay.priority_row + 8)}  # fmt: skip
        assert facts["lambda_max"] == pytest.approx(result.lambda_max, rel=1e-12)
        assert facts["CR = CI / RI"] == pytest.approx(result.cr, rel=1e-9)
        assert book.expected[("AHP", ws.cell(lay.priority_row + 1, 3).coordinate)] == "settled"


def test_power_iteration_finds_the_principal_eigenvector():
    """Random reciprocal matrices on Saaty's scale, consistent or far from it: the sheet's
    steps, run in numpy, end at numpy's eigenvector (:func:`matrix.ahp.ahp`)."""
    rng = np.random.default_rng(5)
    scale = [1 / 9, 1 / 7, 1 / 5, 1 / 3, 1, 3, 5, 7, 9]
    settled = 0
    for _ in range(200):
        m = int(rng.integers(2, 12))
        matrix_ = np.ones((m, m))
        for i in range(m):
            for j in range(i + 1, m):
                matrix_[i, j] = rng.choice(scale)
                matrix_[j, i] = 1 / matrix_[i, j]
        names = [f"c{j}" for j in range(m)]
        frame = pd.DataFrame(matrix_, index=names, columns=names)
        result = matrix.ahp.ahp(frame, random_index="saaty2005")
        rows = power_iteration(matrix_)
        if np.abs(rows[-1] - rows[-2]).sum() <= SETTLED:
            settled += 1
            np.testing.assert_allclose(rows[-1], result.weights.to_numpy(), rtol=1e-10)
        assert MIN_STEPS <= len(rows) - 1 <= MAX_STEPS
    assert settled >= 190, settled  # random judgements contradict each other far more than real


def test_no_perspectives_no_weight_sheets(tmp_path):
    model = matrix.load_case(make_case(tmp_path / "tiny"))
    wb = openpyxl.load_workbook(matrix.write_workbook(model, tmp_path / "tiny.xlsx"))
    assert "Weights" not in wb.sheetnames and "AHP" not in wb.sheetnames
    only = [p for p in TINY_PERSPECTIVES if p["elicitation"] != "ahp"]
    folder = add_perspectives(make_case(tmp_path / "with"), perspectives=only, pairwise=[])
    model = matrix.load_case(folder)
    wb = openpyxl.load_workbook(matrix.write_workbook(model, tmp_path / "with.xlsx"))
    assert "Weights" in wb.sheetnames and "AHP" not in wb.sheetnames


def _recalculate(path: Path, tmp_path: Path) -> openpyxl.Workbook:
    return openpyxl.load_workbook(libreoffice(path, tmp_path / "recalculated"), data_only=True)


def _tables(ws, model):
    """The score and rank tables, read by their headings."""
    k, n = len(model.perspectives), len(model.options)
    heads = {
        row[0].value.split(" (")[0]: row[0].row
        for row in ws.iter_rows(min_col=1, max_col=1)
        if isinstance(row[0].value, str)
    }
    score_first = heads["Weighted-sum score by perspective"] + 2
    rank_first = heads["Rank by perspective"] + 2

    def grab(first):
        return np.array(
            [[ws.cell(first + p, 3 + i).value for i in range(n)] for p in range(k)], dtype=float
        )

    return grab(score_first), grab(rank_first), rank_first + k


@pytest.mark.engine
@needs_libreoffice
@pytest.mark.parametrize("which", ["bundled", "tiny"])
def test_libreoffice_recalculates_to_the_python_values(tmp_path, which):
    if which == "bundled":
        model = matrix.load_case()
    else:  # 'riders' has no declared scale: the data-range formulas
        model = matrix.load_case(add_perspectives(make_case(tmp_path / "tiny")))
    path = matrix.write_workbook(model, tmp_path / f"{which}.xlsx")
    ws = _recalculate(path, tmp_path)["Weights"]
    scores, ranks, summary = _tables(ws, model)
    expected = rank_by_perspective(model)  # red lines followed: the perspective's, else the case's
    np.testing.assert_allclose(scores, expected.scores.to_numpy(), atol=1e-12)
    np.testing.assert_array_equal(ranks, expected.ranks.to_numpy())
    n = len(model.options)
    worst = [ws.cell(summary, 3 + i).value for i in range(n)]
    robust = [ws.cell(summary + 2, 3 + i).value for i in range(n)]
    assert worst == expected.worst_rank.tolist()
    assert robust == ["yes" if o in expected.robust() else "no" for o in model.option_ids]
    # Normalised scores equal the weighted sum's own normalisation.
    normalised = matrix.evaluate(model).details["normalized"].to_numpy().T
    first_norm = _FIRST_WEIGHT_COLUMN + len(model.perspectives) + 1
    got = np.array(
        [
            [ws.cell(_FIRST + j, first_norm + i).value for i in range(n)]
            for j in range(len(model.criteria))
        ],
        dtype=float,
    )
    np.testing.assert_allclose(got, normalised, atol=1e-12)


@pytest.mark.engine
@needs_libreoffice
def test_editing_a_weight_changes_the_live_tables(tmp_path):
    model = matrix.load_case()
    path = matrix.write_workbook(model, tmp_path / "nk.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb["Weights"]
    column = _FIRST_WEIGHT_COLUMN + 1  # the second perspective: make it weigh only war risk
    for j, crit in enumerate(model.criteria):
        ws.cell(_FIRST + j, column).value = 1.0 if crit.id == "war_risk" else 0.0
    edited = tmp_path / "edited.xlsx"
    wb.save(edited)
    scores, _, _ = _tables(_recalculate(edited, tmp_path)["Weights"], model)
    only_war = matrix.evaluate(
        model.with_weights({c: float(c == "war_risk") for c in model.criterion_ids})
    )
    np.testing.assert_allclose(scores[1], only_war.scores.to_numpy(), atol=1e-12)


def _edited_inputs(path: Path, model: matrix.DecisionModel, out: Path) -> None:
    """One judgement, one swing point and one importance position edited with openpyxl."""
    wb = openpyxl.load_workbook(path)
    ws = wb["AHP"]
    top = next(r for r in range(1, ws.max_row + 1)
               if ws.cell(r, 1).value == AHP_ID_LABEL and ws.cell(r, 2).value == "beijing") - 1  # fmt: skip
    grid = AhpLayout(len(model.criteria), top)
    ws.cell(grid.grid_row(0), grid.grid_col(2)).value = 9  # nuclear over alliance: 4 -> 9
    lay = WeightsLayout(len(model.criteria), len(model.perspectives))
    listed = [p.id for p in model.perspectives if p.elicitation != "ahp"]
    weights = wb["Weights"]
    weights.cell(lay.given_row(listed.index("max_pressure")), lay.first_col + 1).value = 100
    weights.cell(lay.given_row(listed.index("seoul")), lay.first_col + 5).value = 1  # a tie
    wb.save(out)


@pytest.mark.engine
@pytest.mark.parametrize("engine", [
    pytest.param(libreoffice, marks=needs_libreoffice, id="libreoffice"),
    pytest.param(gnumeric, marks=needs_gnumeric, id="gnumeric"),
])  # fmt: skip
def test_live_weights_and_consistency_equal_python_after_edits(tmp_path, engine):
    """Each engine recalculates the weights from the edited judgements, points and positions;
    they equal the weights Python derives when it reads the same edits back."""
    model = matrix.load_case()
    path = matrix.write_workbook(model, tmp_path / "nk.xlsx")
    _edited_inputs(path, model, tmp_path / "edited.xlsx")
    edited = matrix.load_case(tmp_path / "edited.xlsx")
    assert edited.perspective("beijing").weights != model.perspective("beijing").weights
    wb = openpyxl.load_workbook(engine(tmp_path / "edited.xlsx", tmp_path / "out"), data_only=True)
    ws = wb["Weights"]
    lay = WeightsLayout(len(model.criteria), len(model.perspectives))
    for p, persp in enumerate(edited.perspectives):
        live = [ws.cell(lay.weight_row(j), lay.weight_col(p)).value for j in range(lay.m)]
        python = [persp.weights[c] for c in edited.criterion_ids]
        np.testing.assert_allclose(live, python, rtol=1e-12, err_msg=persp.id)
    result = perspective_ahp(edited.perspective("beijing"), edited.criterion_ids)
    ahp = wb["AHP"]
    top = next(r for r in range(1, ahp.max_row + 1) if ahp.cell(r, 2).value == "beijing")
    row = next(r for r in range(top, ahp.max_row + 1) if ahp.cell(r, 2).value == "lambda_max")
    assert ahp.cell(row, 3).value == pytest.approx(result.lambda_max, rel=1e-12)
    assert ahp.cell(row + 3, 3).value == pytest.approx(result.cr, rel=1e-9)
    assert ahp.cell(row - 3, 3).value == "settled"  # the power iteration's verdict


def test_print_areas_and_no_chart_across_a_page_break(bundled):
    """Each table starts a page; the chart sits beside the score table, on the same page."""
    _, _, wb = bundled
    for name in ("Weights", "AHP"):
        assert wb[name].print_area, name
    ws = wb["Weights"]
    breaks = sorted(b.id for b in ws.row_breaks.brk)
    (chart,) = ws._charts
    first = chart.anchor._from.row  # 0-based: the row after a break
    assert first in breaks
    rows = math.ceil(chart.height / 0.53)  # cm, at the default 15-point row
    following = [b for b in breaks if b > first]
    assert not following or first + rows <= following[0]
    ahp = wb["AHP"]
    tops = [r - 1 for r in range(1, ahp.max_row + 1) if ahp.cell(r, 1).value == AHP_ID_LABEL]
    assert sorted(b.id + 1 for b in ahp.row_breaks.brk) == tops[1:]  # a perspective a page
