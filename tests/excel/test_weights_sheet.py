"""The Weights and AHP sheets: formula strings, the reopened file, and a real recalculation."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import numpy as np
import openpyxl
import pytest
from engines import libreoffice
from helpers import TINY_PERSPECTIVES, add_perspectives, make_case

import matrix
from matrix.excel.formulas import ALLOWED_FUNCTIONS
from matrix.excel.weights_sheet import _FIRST, _FIRST_WEIGHT_COLUMN
from matrix.perspectives import rank_by_perspective
from matrix.weights import perspective_ahp

ALLOWED = ALLOWED_FUNCTIONS


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


def test_weights_sheet_inputs_and_only_safe_functions(bundled):
    model, _, wb = bundled
    ws = wb["Weights"]
    for p, persp in enumerate(model.perspectives):
        col = _FIRST_WEIGHT_COLUMN + p
        assert ws.cell(_FIRST - 1, col).value == persp.label
        for j, crit in enumerate(model.criteria):
            cell = ws.cell(_FIRST + j, col)
            assert cell.style == "pm input"
            assert cell.value == pytest.approx(persp.weights[crit.id], rel=1e-15)
    used = set()
    for sheet, where, formula in _formulas(wb):
        if sheet != "Weights":
            continue
        names = set(re.findall(r"([A-Za-z_][A-Za-z0-9_.]*)\(", formula))
        assert names <= ALLOWED, (where, formula)
        used |= names
    assert {"SUMPRODUCT", "SUM", "IF", "_xlfn.RANK.EQ", "COUNTIF", "MAX"} <= used
    assert ws.data_validations.dataValidation, "weight inputs are validated (>= 0)"
    assert len(ws._charts) == 1


def test_ahp_sheet_shows_each_ahp_perspective(bundled):
    model, _, wb = bundled
    ws = wb["AHP"]
    text = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert any("Computed by policy-matrix in Python, not live" in t for t in text)
    values = {}
    for row in ws.iter_rows():
        if isinstance(row[0].value, str) and row[0].value in ("lambda_max", "CI", "CR"):
            values.setdefault(row[0].value, []).append(row[1].value)
    results = [
        perspective_ahp(p, model.criterion_ids)
        for p in model.perspectives
        if p.elicitation == "ahp"
    ]
    assert values["CR"] == pytest.approx([r.cr for r in results], abs=1e-12)
    assert values["lambda_max"] == pytest.approx([r.lambda_max for r in results], abs=1e-12)
    assert "Op-ed author (diplomacy first) (author)" in text and "Beijing (beijing)" in text


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
        row[0].value: row[0].row
        for row in ws.iter_rows(min_col=1, max_col=1)
        if isinstance(row[0].value, str)
    }
    score_first = heads["Weighted-sum score by perspective (1 = best possible)"] + 2
    rank_first = heads["Rank by perspective (1 = best; ties share the best rank)"] + 2

    def grab(first):
        return np.array(
            [[ws.cell(first + p, 3 + i).value for i in range(n)] for p in range(k)], dtype=float
        )

    return grab(score_first), grab(rank_first), rank_first + k


needs_soffice = pytest.mark.skipif(
    shutil.which("soffice") is None,
    reason="LibreOffice (soffice) is not installed: apt-get install libreoffice-calc",
)


@pytest.mark.engine
@needs_soffice
@pytest.mark.parametrize("which", ["bundled", "tiny"])
def test_libreoffice_recalculates_to_the_python_values(tmp_path, which):
    if which == "bundled":
        model = matrix.load_case()
    else:  # 'riders' has no declared scale: the data-range formulas
        model = matrix.load_case(add_perspectives(make_case(tmp_path / "tiny")))
    path = matrix.write_workbook(model, tmp_path / f"{which}.xlsx")
    ws = _recalculate(path, tmp_path)["Weights"]
    scores, ranks, summary = _tables(ws, model)
    expected = rank_by_perspective(model, red_lines="ignore")  # the grid ranks red lines aside
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
@needs_soffice
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
