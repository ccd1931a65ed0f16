"""The workbook, reopened with openpyxl: sheets, names, validation, formats, notes, charts."""

from __future__ import annotations

import numpy as np
import openpyxl
import pandas as pd
import pytest
from helpers import TINY_OPTIONS, TINY_SCORES, make_case

import matrix
from matrix.excel.formulas import ALLOWED_FUNCTIONS, functions_in
from matrix.excel.layout import Layout


@pytest.fixture(scope="module")
def bundled(tmp_path_factory):
    model = matrix.load_case()
    path = matrix.write_workbook(model, tmp_path_factory.mktemp("wb") / "nk.xlsx")
    return model, openpyxl.load_workbook(path), Layout(*model.shape)


def test_sheets_and_properties(bundled):
    model, wb, _ = bundled
    assert wb.sheetnames == [
        "Summary",
        "Scores",
        "Evidence",
        "Calculation",
        "TOPSIS",
        "Methods",
        "Weights",
        "AHP",
        "Sensitivity",
        "Uncertainty",
        "Scenarios",
        "Options",
        "Criteria",
    ]
    assert wb.properties.title == model.info.title
    assert wb.properties.subject == model.info.question
    assert wb.properties.creator.startswith("policy-matrix")
    for ws in wb.worksheets:
        assert ws.page_setup.orientation == "landscape"
        assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert wb["Summary"].protection.sheet and wb["Calculation"].protection.sheet
    assert not wb["Scores"].protection.sheet


def test_scores_sheet_holds_the_inputs(bundled):
    model, wb, lay = bundled
    ws = wb["Scores"]
    n, m = model.shape
    cells = [[ws.cell(lay.score_row(i), lay.crit_col(j)).value for j in range(m)] for i in range(n)]
    np.testing.assert_array_equal(np.array(cells, dtype=float), model.values)
    assert [ws.cell(lay.id_row, lay.crit_col(j)).value for j in range(m)] == model.criterion_ids
    assert [
        ws.cell(lay.weight_row, lay.crit_col(j)).value for j in range(m)
    ] == model.weights.tolist()
    assert [
        ws.cell(lay.direction_row, lay.crit_col(j)).value for j in range(m)
    ] == model.directions.tolist()
    assert ws.freeze_panes == "C5"
    inputs = {
        ws.cell(lay.score_row(0), lay.crit_col(0)).style,
        ws.cell(lay.weight_row, lay.crit_col(0)).style,
    }
    assert inputs == {"pm input"}


def test_defined_names_point_at_the_right_ranges(bundled):
    model, wb, lay = bundled
    names = wb.defined_names
    for name in (
        "Scores",
        "Weights",
        "WeightShares",
        "Totals",
        "Ranks",
        "Order",
        "Normalised",
        "Weighted",
    ):
        assert name in names
    assert names["Weights"].attr_text == "Scores!$C$9:$K$9"
    assert names["Scores"].attr_text == f"Scores!$C$13:$K${12 + len(model.options)}"
    ((sheet, ref),) = names["Totals"].destinations
    assert sheet == "Calculation" and ref == f"$C${lay.calc_first_row}:$C${lay.calc_first_row + 4}"


def test_data_validation_on_every_score_and_weight(bundled):
    model, wb, lay = bundled
    ws = wb["Scores"]
    rules = ws.data_validations.dataValidation
    weight = next(r for r in rules if r.operator == "greaterThanOrEqual")
    assert weight.formula1 == "0" and weight.showErrorMessage and weight.prompt
    for j, crit in enumerate(model.criteria):
        coord = ws.cell(lay.score_row(0), lay.crit_col(j)).coordinate
        rule = next(r for r in rules if coord in r.sqref)
        assert (rule.type, rule.operator) == ("decimal", "between")
        assert (float(rule.formula1), float(rule.formula2)) == (crit.scale_min, crit.scale_max)
        assert rule.showErrorMessage and rule.showInputMessage
        assert "0 to 10" in rule.error and crit.label in rule.error
        assert len(rule.prompt) <= 255 and len(rule.promptTitle) <= 32


def test_heat_map_is_direction_aware(bundled):
    model, wb, lay = bundled
    formats = wb["Scores"].conditional_formatting
    seen = 0
    for cf in formats:
        # each score column has its heat map and, on its own, the red-line flag
        (rule,) = [r for r in cf.rules if r.colorScale is not None]
        scale = rule.colorScale
        column = str(cf.sqref).split(":")[0].rstrip("0123456789")
        crit = model.criteria[openpyxl.utils.column_index_from_string(column) - lay.first_col]
        ends = [v.val for v in scale.cfvo]
        assert [v.type for v in scale.cfvo] == ["num", "num", "num"]
        assert (float(ends[0]), float(ends[2])) == (crit.scale_min, crit.scale_max)
        first, last = scale.color[0].rgb[-6:], scale.color[2].rgb[-6:]
        green, red = "A9D08E", "F4B183"
        assert (first, last) == ((red, green) if crit.direction == "max" else (green, red))
        seen += 1
    assert seen == len(model.criteria)


def test_every_score_cell_has_a_note_with_rationale_and_evidence(bundled):
    model, wb, lay = bundled
    ws = wb["Scores"]
    for i in range(len(model.options)):
        for j in range(len(model.criteria)):
            note = ws.cell(lay.score_row(i), lay.crit_col(j)).comment
            assert note is not None
            assert model.rationale.iat[i, j] in note.text
            assert model.evidence.iat[i, j] in note.text
            assert "Plausible range:" in note.text


def test_charts_are_native_and_drawn_from_live_cells(bundled):
    _, wb, lay = bundled
    summary = wb["Summary"]._charts
    assert [type(c).__name__ for c in summary] == ["BarChart", "BarChart"]
    totals, parts = summary
    assert (
        totals.series[0].val.numRef.f
        == f"'Summary'!$C${lay.summary_header_row + 1}:$C${lay.summary_row(lay.n - 1)}"
    )
    assert parts.grouping == "stacked" and len(parts.series) == lay.m
    assert all(s.tx.strRef is not None for s in parts.series)
    for chart in (totals, parts):
        assert chart.x_axis.delete is False and chart.y_axis.delete is False
        assert chart.title is not None
    (profile,) = wb["Calculation"]._charts
    assert type(profile).__name__ == "RadarChart" and len(profile.series) == lay.n


def test_only_portable_functions_in_every_formula(bundled, tmp_path):
    """Formulas in cells, conditional formats and validations: only functions every engine knows."""
    workbooks = [
        bundled[1],
        openpyxl.load_workbook(
            matrix.write_workbook(
                matrix.load_case(make_case(tmp_path / "tiny")), tmp_path / "tiny.xlsx"
            )
        ),
    ]
    seen: set[str] = set()
    count = 0
    for wb in workbooks:
        texts = [str(dn.attr_text) for dn in wb.defined_names.values()]
        for ws in wb.worksheets:
            texts += [c.value for row in ws.iter_rows() for c in row if c.data_type == "f"]
            texts += [f for cf in ws.conditional_formatting for r in cf.rules for f in r.formula]
            texts += [v.formula1 or "" for v in ws.data_validations.dataValidation]
        for text in texts:
            used = functions_in(str(text))
            assert used <= ALLOWED_FUNCTIONS, (text, used - ALLOWED_FUNCTIONS)
            seen |= used
            count += 1
    assert count > 200
    assert {"SUMPRODUCT", "INDEX", "MATCH", "COUNTIF"} <= seen  # ranks follow red lines: no RANK


def test_the_whitelist_check_catches_a_bad_formula():
    assert functions_in("=RANK(A1,A1:A3)") - ALLOWED_FUNCTIONS == {"RANK"}
    assert functions_in("=_xlfn.XLOOKUP(1,A:A,B:B)") - ALLOWED_FUNCTIONS == {"_xlfn.XLOOKUP"}


def test_evidence_sheet_has_a_row_per_score(bundled):
    model, wb, _ = bundled
    ws = wb["Evidence"]
    rows = list(ws.iter_rows(min_row=5, values_only=True))
    assert len(rows) == model.shape[0] * model.shape[1]
    table = model.evidence_table()
    got = pd.DataFrame(rows, columns=["option", "o", "criterion", "c", "score", "low", "high",
                                      "rationale", "evidence"])  # fmt: skip
    for column in ("option", "criterion", "rationale", "evidence"):
        assert got[column].fillna("").tolist() == table[column].tolist()
    assert got["score"].iloc[0] == "=Scores!C13"  # the score itself lives on the Scores sheet
    np.testing.assert_array_equal(got[["low", "high"]].to_numpy(dtype=float),
                                  table[["low", "high"]].to_numpy())  # fmt: skip


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
    scores = [dict(row, rationale=text, evidence=text)
              for row, text in zip(TINY_SCORES, TRICKY[1:], strict=False)]  # fmt: skip
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


def test_a_single_option_case_has_no_runner_up(tmp_path):
    options = TINY_OPTIONS[:1]
    scores = [s for s in TINY_SCORES if s["option"] == "bus"]
    model = matrix.load_case(make_case(tmp_path / "one", options=options, scores=scores))
    wb = openpyxl.load_workbook(matrix.write_workbook(model, tmp_path / "one.xlsx"))
    assert wb["Summary"]["C9"].value is None
    assert not {"Sensitivity", "Uncertainty"} & set(wb.sheetnames)  # no place to lose


def test_a_large_case_leaves_out_what_grows_too_fast_and_says_so():
    from matrix.excel.workbook import ROBUSTNESS_MAX_OPTIONS, build_workbook

    n, m = ROBUSTNESS_MAX_OPTIONS + 1, 100
    rng = np.random.default_rng(3)
    frame = pd.DataFrame(rng.uniform(0, 10, (n, m)), index=[f"o{i}" for i in range(n)],
                         columns=[f"c{j}" for j in range(m)])  # fmt: skip
    model = matrix.from_frame(frame, directions=["max"] * m, weights=[1] * m)
    wb = build_workbook(model)
    assert "Sensitivity" not in wb.sheetnames and "Uncertainty" not in wb.sheetnames
    assert wb["Scores"]["C13"].comment is None  # no note on each of 20,100 scores
    text = " ".join(str(c.value) for row in wb["Summary"].iter_rows() for c in row if c.value)
    assert "This case is large, so the workbook leaves out the option x criterion tables" in text
    assert "notes on each score (over 20,000 scores; see Evidence)" in text
    assert "policy-matrix sensitivity and montecarlo" in text  # no scenarios: none named
    assert "Scenarios" not in text
