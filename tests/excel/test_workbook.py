"""The workbook, reopened with openpyxl: sheets, values equal to pandas, text stays text."""

from __future__ import annotations

import numpy as np
import openpyxl
import pandas as pd
import pytest
from helpers import TINY_OPTIONS, TINY_SCORES, make_case

import matrix
from matrix.excel.sheets import SCORES_FIRST_COLUMN, SCORES_FIRST_OPTION_ROW, SCORES_ROWS


@pytest.fixture(scope="module")
def bundled(tmp_path_factory):
    model = matrix.load_case()
    path = matrix.write_workbook(model, tmp_path_factory.mktemp("wb") / "nk.xlsx")
    return model, openpyxl.load_workbook(path)


def test_sheets_and_properties(bundled):
    model, wb = bundled
    assert wb.sheetnames == ["Summary", "Scores", "Evidence", "Options", "Criteria", "Methods"]
    assert wb.properties.title == model.info.title
    assert wb.properties.subject == model.info.question
    for ws in wb.worksheets:
        assert ws.page_setup.orientation == "landscape"


def test_scores_sheet_holds_the_model(bundled):
    model, wb = bundled
    ws = wb["Scores"]
    n, m = model.shape
    cells = [
        [ws.cell(SCORES_FIRST_OPTION_ROW + i, SCORES_FIRST_COLUMN + j).value for j in range(m)]
        for i in range(n)
    ]
    np.testing.assert_array_equal(np.array(cells, dtype=float), model.values)
    ids = [ws.cell(SCORES_ROWS["id"], SCORES_FIRST_COLUMN + j).value for j in range(m)]
    assert ids == model.criterion_ids
    weights = [ws.cell(SCORES_ROWS["weight"], SCORES_FIRST_COLUMN + j).value for j in range(m)]
    assert weights == model.weights.tolist()
    assert ws.freeze_panes == "C5"


def test_summary_ranking_equals_pandas(bundled):
    model, wb = bundled
    ws = wb["Summary"]
    header = next(r for r in range(1, 30) if ws.cell(r, 1).value == "Rank")
    result = matrix.evaluate(model, "wsm")
    labels = {o.id: o.label for o in model.options}
    for offset, option in enumerate(result.order, start=1):
        assert ws.cell(header + offset, 1).value == result.ranks[option]
        assert ws.cell(header + offset, 2).value == labels[option]
        assert ws.cell(header + offset, 3).value == pytest.approx(result.scores[option], abs=1e-15)


def test_evidence_sheet_has_a_row_per_score(bundled):
    model, wb = bundled
    ws = wb["Evidence"]
    rows = list(ws.iter_rows(min_row=5, values_only=True))
    assert len(rows) == model.shape[0] * model.shape[1]
    table = model.evidence_table()
    got = pd.DataFrame(
        rows,
        columns=["option", "o", "criterion", "c", "score", "low", "high", "rationale", "evidence"],
    )
    for column in ("option", "criterion", "rationale", "evidence"):
        assert got[column].fillna("").tolist() == table[column].tolist()
    np.testing.assert_array_equal(
        got[["score", "low", "high"]].to_numpy(dtype=float),
        table[["score", "low", "high"]].to_numpy(),
    )


TRICKY = [
    "=1+1",
    "@SUM(A1)",
    "+x",
    "-x",
    '=HYPERLINK("http://example.com","click")',
    "#N/A",
    "#DIV/0!",
]


def test_text_that_looks_like_a_formula_stays_text(tmp_path):
    options = [dict(o) for o in TINY_OPTIONS]
    for option, text in zip(options, TRICKY, strict=False):
        option["label"] = text
        option["description"] = text
    scores = [
        dict(row, rationale=text, evidence=text)
        for row, text in zip(TINY_SCORES, TRICKY[1:], strict=False)
    ]
    model = matrix.load_case(make_case(tmp_path / "tricky", options=options, scores=scores))
    path = matrix.write_workbook(model, tmp_path / "tricky.xlsx")
    wb = openpyxl.load_workbook(path)
    seen = []
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.value in TRICKY:
                    assert cell.data_type == "s", (ws.title, cell.coordinate, cell.value)
                    seen.append(cell.value)
    assert set(TRICKY) == set(seen)
