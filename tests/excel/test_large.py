"""The layout of a large case: no option x criterion tables, one formula per total.

Above :data:`~matrix.excel.workbook.DETAIL_MAX_SCORES` scores the workbook keeps
its inputs and live totals, ranks and ranking, and leaves out what grows with
options x criteria. Here the layout is forced on small cases (``detail=False``)
so that its structure and its round trip can be checked quickly; test_live.py
recalculates it in LibreOffice and Gnumeric.
"""

from __future__ import annotations

import numpy as np
import openpyxl
import pandas as pd
import pytest

import matrix
from matrix.excel import charts
from matrix.excel.layout import EVIDENCE, Layout
from matrix.excel.reference import listed_scores
from matrix.excel.workbook import DETAIL_MAX_SCORES, _check_size, build_book


def sparse_bundled() -> matrix.DecisionModel:
    """The bundled case with two scores that have nothing to say (no rationale,
    evidence or range)."""
    model = matrix.load_case()
    low, high, rationale, evidence = model.low, model.high, model.rationale, model.evidence
    for option, crit in ((model.option_ids[0], model.criterion_ids[0]),
                         (model.option_ids[2], model.criterion_ids[4])):  # fmt: skip
        rationale.loc[option, crit] = evidence.loc[option, crit] = ""
        low.loc[option, crit] = high.loc[option, crit] = float("nan")  # no range given
    return matrix.DecisionModel(
        model.options, model.criteria, model.scores, low=low, high=high, rationale=rationale,
        evidence=evidence, info=model.info, perspectives=model.perspectives,
        scenarios=model.scenarios,
    )  # fmt: skip


def random_model(n: int, m: int, seed: int = 5) -> matrix.DecisionModel:
    rng = np.random.default_rng(seed)
    frame = pd.DataFrame(rng.uniform(0, 10, (n, m)), index=[f"o{i}" for i in range(n)],
                         columns=[f"c{j}" for j in range(m)])  # fmt: skip
    return matrix.from_frame(frame, directions=["max", "min"] * (m // 2) + ["max"] * (m % 2),
                             weights=rng.uniform(1, 5, m).round(2))  # fmt: skip


@pytest.fixture(scope="module")
def large(tmp_path_factory):
    model = sparse_bundled()
    path = matrix.write_workbook(model, tmp_path_factory.mktemp("large") / "large.xlsx",
                                 detail=False)  # fmt: skip
    return model, path, openpyxl.load_workbook(path)


def test_the_layout_is_chosen_by_the_number_of_scores(monkeypatch):
    import matrix.excel.workbook as workbook

    assert DETAIL_MAX_SCORES == 10_000
    monkeypatch.setattr(workbook, "DETAIL_MAX_SCORES", 20)
    assert build_book(random_model(5, 4)).layout.detail  # 20 scores: every table
    assert not build_book(random_model(7, 3)).layout.detail  # 21


def test_sheets_names_and_the_one_formula_per_total(large):
    model, _, wb = large
    assert "TOPSIS" not in wb.sheetnames
    assert {"Summary", "Scores", "Evidence", "Calculation", "Methods", "Weights"} <= set(
        wb.sheetnames
    )
    names = set(wb.defined_names)
    assert {"Totals", "Ranks", "Order", "WorstEnds", "Coefficients"} <= names
    assert not names & {"Strongest", "Weakest", "Normalised", "Weighted", "RankedWeighted"}
    lay = Layout(*model.shape, detail=False)
    calc = wb["Calculation"]
    assert calc.cell(lay.calc_row(0), lay.total_col).value == (
        "=ROUND(SUMPRODUCT(Coefficients,Scores!$C$13:$K$13-WorstEnds),12)"
    )
    assert calc.cell(lay.calc_header_row, lay.strongest_col).value is None
    # nothing below the results table: no matrices
    assert calc.max_row == lay.calc_row(model.shape[0] - 1)
    summary = wb["Summary"]
    header = [summary.cell(lay.summary_header_row, c).value for c in range(1, 6)]
    assert header == ["Rank", "Option", "Score (0-1)", "Red lines crossed", None]


def test_evidence_lists_only_the_scores_with_something_to_say(large):
    model, _, wb = large
    ws = wb[EVIDENCE]
    head = Layout(0, 0).evidence_header_row
    listed = [(ws.cell(r, 1).value, ws.cell(r, 3).value) for r in range(head + 1, ws.max_row + 1)
              if ws.cell(r, 1).value]  # fmt: skip
    n, m = model.shape
    assert len(listed) == n * m - 2
    assert (model.option_ids[0], model.criterion_ids[0]) not in listed
    assert "only the scores with a rationale" in ws["A2"].value


def test_a_large_workbook_round_trips_exactly(large, tmp_path):
    model, path, _ = large
    again = matrix.load_case(path)
    assert again.equals(model)
    # a score given a rationale in a new Evidence row comes back too
    wb = openpyxl.load_workbook(path)
    ws = wb[EVIDENCE]
    row = ws.max_row + 1
    option, crit = model.option_ids[0], model.criterion_ids[0]
    for col, value in ((1, option), (3, crit), (6, 1), (7, 9), (8, "Added in the workbook.")):
        ws.cell(row, col).value = value
    wb.save(tmp_path / "edited.xlsx")
    edited = matrix.load_case(tmp_path / "edited.xlsx")
    assert edited.rationale.loc[option, crit] == "Added in the workbook."
    assert (edited.low.loc[option, crit], edited.high.loc[option, crit]) == (1, 9)


def test_the_summary_says_what_a_large_case_leaves_out(large):
    _, _, wb = large
    text = " ".join(str(c.value) for row in wb["Summary"].iter_rows() for c in row if c.value)
    assert "leaves out the option x criterion tables (over 10,000 scores)" in text
    assert "policy-matrix rank --method NAME --format csv" in " ".join(
        str(c.value) for row in wb["Methods"].iter_rows() for c in row if c.value
    )


def test_many_options_keep_their_perspectives_on_the_weights_sheet(tmp_path, monkeypatch):
    """Too many options to lay across the Weights sheet: its weights are still there,
    and read back."""
    import matrix.excel.workbook as workbook

    monkeypatch.setattr(workbook, "SIDEWAYS_MAX_OPTIONS", 3)
    model = matrix.load_case()
    path = matrix.write_workbook(model, tmp_path / "wide.xlsx")
    text = " ".join(str(c.value) for row in openpyxl.load_workbook(path)["Weights"].iter_rows()
                    for c in row if c.value)  # fmt: skip
    assert "Too many options (5) to lay across this sheet" in text
    assert matrix.load_case(path).equals(model)


def test_bar_charts_show_the_top_options_of_a_long_ranking():
    model = random_model(45, 4)
    wb = build_book(model).workbook
    bars = [c for c in wb["Summary"]._charts]
    assert len(bars) == 2  # totals and contributions; no radar of 45 options
    for chart in bars:
        refs = [s.val.numRef.f for s in chart.series]
        assert all(
            ref.endswith(f"${Layout(45, 4).summary_row(charts.CHART_MAX_OPTIONS - 1)}")
            or ref.endswith(f"${Layout(45, 4).block_row(3, 29)}")
            for ref in refs
        ), refs
    assert not wb["Calculation"]._charts


def test_a_case_beyond_a_sheets_rows_or_columns_is_refused():
    tall = random_model(30_000, 40)
    with pytest.raises(
        matrix.WorkbookError,
        match=r"30,000 options x 40 criteria need 1,200,004 rows on the Evidence",
    ):
        _check_size(Layout(30_000, 40), tall, 30_000 * 40)  # every score listed: too many rows
    listed = len(listed_scores(tall, every=False))
    assert _check_size(Layout(30_000, 40, detail=False), tall, listed)  # only notable ones: fits
    wide = random_model(2, 16_400)
    with pytest.raises(matrix.WorkbookError, match=r"16,400 criteria need 16,402 columns"):
        _check_size(Layout(2, 16_400, detail=False), wide, 0)
