"""The Sensitivity, Uncertainty and Scenarios sheets: values equal Python's, charts, stamp, and
the formula-driven warning when the inputs change (recalculated in LibreOffice when installed)."""

from __future__ import annotations

import math
import re
import warnings
from datetime import UTC, datetime

import numpy as np
import openpyxl
import pytest
from engines import gnumeric, libreoffice, needs_gnumeric, needs_libreoffice
from helpers import make_case

import matrix
from matrix.excel import build_workbook
from matrix.excel.book import Book
from matrix.excel.computed import (
    INPUTS_CHANGED,
    INPUTS_UNCHANGED,
    checksum,
    checksum_formulas,
    coefficients,
)
from matrix.excel.layout import Layout
from matrix.excel.robustness_sheets import add_robustness_sheets
from matrix.excel.styles import add_styles
from matrix.robustness import DEFAULT_SEED

LAY = Layout(0, 0)  # the Scores sheet's fixed rows and first column
SHEETS = ("Sensitivity", "Uncertainty", "Scenarios")


@pytest.fixture(scope="module")
def bundled():
    model = matrix.load_case()
    return model, build_workbook(model)


def find_row(ws, text, column=1):
    for row in range(1, ws.max_row + 1):
        if ws.cell(row, column).value == text:
            return row
    raise AssertionError(f"{text!r} not found on {ws.title}")


def test_the_sheets_say_how_their_numbers_were_made(bundled):
    _, wb = bundled
    for name in SHEETS:
        ws = wb[name]
        stamp = ws["A4"].value
        assert "Computed by policy-matrix" in stamp and "method: weighted sum" in stamp
        assert "Values, not formulas" in stamp
        assert re.search(r"on \d{4}-\d\d-\d\d \d\d:\d\d UTC", stamp)
        assert ws["A3"].data_type == "f"  # the warning is a live formula
    stamp = wb["Uncertainty"]["A4"].value
    assert f"seed: {DEFAULT_SEED}" in stamp and "samples: 10,000" in stamp
    assert "Dirichlet around the case's weights (concentration 30)" in stamp


def test_the_sheets_say_which_red_line_policy_they_followed(bundled, tmp_path):
    model, wb = bundled
    for name in SHEETS:
        stamp = wb[name]["A4"].value
        assert "red lines: options that cross a red line are ranked after every acceptable" in (
            stamp
        )
    # the break-even table names no option past a red line as the new leader
    ws = wb["Sensitivity"]
    header = find_row(ws, "Criterion")
    cells = {
        str(ws.cell(r, c).value)
        for r in range(header + 1, header + 1 + len(model.criteria))
        for c in range(1, 9)
    }
    crossing = [model.option(o).label for o, ok in matrix.redlines.acceptable(model).items()
                if not ok]  # fmt: skip
    assert crossing and not set(crossing) & cells
    said = " ".join(str(c.value) for row in ws.iter_rows() for c in row if c.value)
    assert "Nuclear & missile constraint from 5 to below its red line of 2" in said
    # a case without red lines says nothing about them
    bare = matrix.from_frame(model.scores, directions=[c.direction for c in model.criteria],
                             weights=model.weights.tolist())  # fmt: skip
    assert "red lines" not in build_workbook(bare)["Sensitivity"]["A4"].value


def test_the_sensitivity_sheet_prints_its_tables_and_charts_not_their_data(bundled):
    _, wb = bundled
    ws = wb["Sensitivity"]
    data = find_row(ws, "Weight sweep data")
    (area,) = ws.print_area if isinstance(ws.print_area, list) else [ws.print_area]
    last = int(area.rsplit("$", 1)[1])
    assert find_row(ws, "Break-even weights") < last < data
    assert all(not str(ws.cell(r, 1).value or "").endswith("data") for r in range(1, last + 1))


def test_uncertainty_values_equal_a_run_with_the_same_seed(bundled):
    model, wb = bundled
    ws = wb["Uncertainty"]
    result = matrix.rank_acceptability(model, seed=DEFAULT_SEED)
    header = find_row(ws, "Option")
    n = model.shape[0]
    assert [ws.cell(header, c).value for c in range(2, n + 2)] == [
        f"Rank {r}" for r in range(1, n + 1)
    ]
    for i, option in enumerate(model.options, start=1):
        assert ws.cell(header + i, 1).value == option.label
        got = [ws.cell(header + i, c).value for c in range(2, n + 2)]
        np.testing.assert_array_equal(got, result.acceptability.loc[option.id].to_numpy())
        confidence = ws.cell(header + i, n + 3).value
        if math.isnan(result.confidence[option.id]):
            assert confidence == "never first"
        else:
            assert confidence == result.confidence[option.id]
    rules = ws.conditional_formatting
    assert any(rule.type == "colorScale" for cf in rules for rule in cf.rules)


def test_sensitivity_values_equal_break_even(bundled):
    model, wb = bundled
    ws = wb["Sensitivity"]
    table = matrix.break_even(model)
    header = find_row(ws, "Criterion")
    for offset, (_, row) in enumerate(table.iterrows(), start=1):
        assert ws.cell(header + offset, 1).value == row["label"]
        assert ws.cell(header + offset, 2).value == row["weight"]
        rise = ws.cell(header + offset, 4).value
        assert rise == "never" if math.isnan(row["rise_above"]) else rise == row["rise_above"]


def test_scenario_regret_equals_the_analysis(bundled):
    model, wb = bundled
    ws = wb["Scenarios"]
    analysis = matrix.scenario_analysis(model)
    start = find_row(ws, "Regret: shortfall from the best option's score in each scenario")
    header = start + 1
    labels = [ws.cell(header, c).value for c in range(2, 2 + analysis.scores.shape[1])]
    assert labels == analysis.labels.tolist()
    for i, option in enumerate(model.option_ids, start=1):
        got = [ws.cell(header + i, c).value for c in range(2, 2 + analysis.scores.shape[1])]
        np.testing.assert_allclose(got, analysis.regret.loc[option].to_numpy(), atol=1e-15)
        assert ws.cell(header + i, 2 + analysis.scores.shape[1]).value == pytest.approx(
            analysis.max_regret[option]
        )
    text = " ".join(str(c.value) for row in ws.iter_rows() for c in row if c.value)
    assert "Minimax-regret choice: Diplomatic surge" in text
    assert "North Korea cheats" in text


def test_charts_are_titled_with_visible_axes_legends_and_named_series(bundled):
    model, wb = bundled
    charts = {name: wb[name]._charts for name in SHEETS}
    assert len(charts["Sensitivity"]) == len(model.criteria) + 2  # sweeps and two tornadoes
    assert len(charts["Uncertainty"]) == 1 and charts["Scenarios"] == []
    for chart in charts["Sensitivity"] + charts["Uncertainty"]:
        assert chart.title is not None and chart.legend is not None
        assert chart.x_axis.delete is False and chart.y_axis.delete is False
        for series in chart.series:
            assert series.tx is not None and series.tx.strRef is not None
    stacked = charts["Uncertainty"][0]
    assert stacked.grouping == "stacked" and len(stacked.series) == model.shape[0]


def test_the_checksum_formulas_compute_the_stored_checksum(bundled):
    model, wb = bundled
    n, m = model.shape
    formulas = checksum_formulas(n, m)
    assert len(formulas) == n + 1
    used = set(re.findall(r"([A-Z][A-Z.]*)\(", " ".join(formulas)))
    assert used == {"SUMPRODUCT"}
    # evaluate each formula by hand against the Scores sheet as written
    scores = wb["Scores"]
    total = 0.0
    for formula, line in zip(formulas, coefficients(n, m), strict=True):
        match = re.fullmatch(
            r"=SUMPRODUCT\(Scores!\$([A-Z]+)\$(\d+):\$([A-Z]+)\$\d+,\{([\d,]+)\}\)", formula
        )
        assert match is not None, formula
        row = int(match.group(2))
        numbers = [int(x) for x in match.group(4).split(",")]
        assert numbers == line.tolist()
        cells = [scores.cell(row, LAY.first_col + j).value for j in range(m)]
        total += sum(c * x for c, x in zip(numbers, cells, strict=True))
    assert total == pytest.approx(checksum(model), rel=1e-12)
    # the weight row and the first option row are where sheets.py puts them
    assert f"${LAY.weight_row}:" in formulas[0]
    assert f"${LAY.first_option_row}:" in formulas[1]
    for name in SHEETS:
        ws = wb[name]
        warning = ws["A3"].value
        assert set(re.findall(r"([A-Z][A-Z.]*)\(", warning)) <= {"IF", "ABS", "SUM", "SUMPRODUCT"}
        stored = ws.cell(find_row(ws, "Total at export"), 2).value
        assert stored == pytest.approx(checksum(model), rel=1e-15)


def test_a_case_without_scenarios_has_no_scenarios_sheet(tmp_path):
    model = matrix.load_case(make_case(tmp_path / "tiny"))
    wb = openpyxl.Workbook()
    add_styles(wb)
    add_robustness_sheets(
        Book(wb, Layout(*model.shape)),
        model,
        matrix.evaluate(model),
        samples=200,
        when=datetime(2024, 1, 2, 3, 4, tzinfo=UTC),
    )
    assert wb.sheetnames == ["Sheet", "Sensitivity", "Uncertainty"]  # nothing to say, no sheet
    assert "2024-01-02 03:04 UTC" in wb["Sensitivity"]["A4"].value
    assert "samples: 200" in wb["Uncertainty"]["A4"].value


# -- a real spreadsheet engine ---------------------------------------------------------


def recalculated(path, tmp_path):
    return openpyxl.load_workbook(libreoffice(path, tmp_path / "recalculated"), data_only=True)


@pytest.mark.engine
@needs_libreoffice
def test_libreoffice_shows_the_warning_only_after_an_input_is_edited(tmp_path):
    model = matrix.load_case()
    path = matrix.write_workbook(model, tmp_path / "nk.xlsx")
    values = recalculated(path, tmp_path / "first")
    for name in SHEETS:
        assert values[name]["A3"].value == INPUTS_UNCHANGED, name
        total = values[name].cell(find_row(values[name], "Total now"), 2).value
        assert total == pytest.approx(checksum(model), rel=1e-12)
    # an analyst changes one score on the Scores sheet (a test may edit a copy in place)
    edited = openpyxl.load_workbook(path)
    cell = edited["Scores"].cell(LAY.first_option_row + 2, LAY.first_col + 4)
    cell.value = cell.value + 1
    edited_path = tmp_path / "edited" / "nk.xlsx"
    edited_path.parent.mkdir()
    edited.save(edited_path)
    values = recalculated(edited_path, tmp_path / "second")
    for name in SHEETS:
        assert values[name]["A3"].value == INPUTS_CHANGED, name
    # and a weight
    edited = openpyxl.load_workbook(path)
    edited["Scores"].cell(LAY.weight_row, LAY.first_col).value = 21
    edited.save(edited_path)
    values = recalculated(edited_path, tmp_path / "third")
    assert values["Uncertainty"]["A3"].value == INPUTS_CHANGED


@pytest.mark.engine
@needs_gnumeric
def test_gnumeric_agrees_on_the_warning(tmp_path):
    model = matrix.load_case()
    path = matrix.write_workbook(model, tmp_path / "nk.xlsx")
    edited = openpyxl.load_workbook(path)
    cell = edited["Scores"].cell(LAY.first_option_row, LAY.first_col)
    cell.value = cell.value + 0.5
    edited.save(tmp_path / "edited.xlsx")
    for source, expected in ((path, INPUTS_UNCHANGED), (tmp_path / "edited.xlsx", INPUTS_CHANGED)):
        target = gnumeric(source, tmp_path / f"recalc-{source.stem}")
        with warnings.catch_warnings():  # Gnumeric's files carry no default cell style
            warnings.simplefilter("ignore", UserWarning)
            values = openpyxl.load_workbook(target, data_only=True)
        for name in SHEETS:
            assert values[name]["A3"].value == expected, (name, source.name)


def test_sweep_charts_of_many_options_draw_the_ten_ranked_highest_and_say_so():
    """With 25 options each sweep chart draws the 10 ranked highest now, best first, with a
    legend, and the note above the charts says how many options there are; the data
    hold exactly the lines drawn (issue 12: most of a 100-option workbook's cells were
    sweep lines no one could tell apart)."""
    from matrix.bench.cases import make_case as random_case
    from matrix.bench.cases import make_model
    from matrix.excel.sensitivity_sheet import SWEEP_MAX_OPTIONS

    model = make_model(random_case(25, 4), scale=(0.0, 100.0))
    ranks = matrix.evaluate(model).ranks
    wb = build_workbook(model)
    ws = wb["Sensitivity"]
    labels = {o.id: o.label for o in model.options}
    best = sorted(model.option_ids, key=lambda o: (ranks[o], model.option_ids.index(o)))
    expected = [labels[o] for o in best[:SWEEP_MAX_OPTIONS]]
    sweeps = [c for c in ws._charts if str(c.title.tx.rich.p[0].r[0].t).startswith("Weight on")]
    assert len(sweeps) == len(model.criteria)
    for chart in sweeps:
        assert len(chart.series) == SWEEP_MAX_OPTIONS + 1  # the lines and the share now
        assert chart.legend is not None
    data = find_row(ws, "Weight sweep data")
    header = [ws.cell(data + 1, c).value for c in range(2, SWEEP_MAX_OPTIONS + 2)]
    assert header == expected
    assert ws.cell(data + 1, SWEEP_MAX_OPTIONS + 2).value == "Share now"
    note = ws.cell(find_row(ws, "Weight sweeps") + 1, 1).value
    assert f"the {SWEEP_MAX_OPTIONS} options ranked highest now (of 25;" in note
    # the bundled case's five options are all drawn, and the note says every option
    bundled_ws = build_workbook(matrix.load_case())["Sensitivity"]
    assert (
        "every option's score"
        in bundled_ws.cell(find_row(bundled_ws, "Weight sweeps") + 1, 1).value
    )


def test_the_default_run_computes_each_robustness_analysis_once(tmp_path, monkeypatch):
    """The default run prints a robustness summary and writes the same analyses on the
    robustness sheets: the Monte Carlo, flip and scenario analyses run once each (they
    ran twice, issue 12), and the sheets equal a workbook built without the summary."""
    from helpers import run_cli

    import matrix.excel.robustness_sheets as sheets
    import matrix.robustness.summary as summary
    from matrix.excel import build_book
    from matrix.excel.robustness_sheets import reusable
    from matrix.robustness import robustness_summary

    calls: list[str] = []
    for module in (sheets, summary):
        for name in ("rank_acceptability", "flip_winner", "scenario_analysis"):
            real = getattr(module, name)

            def counted(*args, _real=real, _name=name, **kwargs):
                calls.append(_name)
                return _real(*args, **kwargs)

            monkeypatch.setattr(module, name, counted)
    monkeypatch.chdir(tmp_path)
    code, _, err = run_cli("-o", "run.xlsx", "--no-backup")
    assert code == 0, err
    assert sorted(calls) == ["flip_winner", "rank_acceptability", "scenario_analysis"]
    written = openpyxl.load_workbook(tmp_path / "run.xlsx")
    build_book(matrix.load_case()).save(tmp_path / "fresh.xlsx")
    fresh = openpyxl.load_workbook(tmp_path / "fresh.xlsx")
    for name in SHEETS:
        mine = [[c.value for c in row] for row in written[name].iter_rows(min_row=5)]
        theirs = [[c.value for c in row] for row in fresh[name].iter_rows(min_row=5)]
        assert mine == theirs, name
    # a summary of another sample count, seed or model is not taken for the sheets'
    model = matrix.load_case()
    result = matrix.evaluate(model)
    done = robustness_summary(model, samples=500, seed=DEFAULT_SEED)
    assert reusable(done, model, result, samples=500, seed=DEFAULT_SEED)
    assert not reusable(done, model, result, seed=DEFAULT_SEED)  # 10,000 draws asked
    assert not reusable(done, model, result, samples=500, seed=DEFAULT_SEED + 1)
    assert not reusable(done, matrix.load_case(), result, samples=500, seed=DEFAULT_SEED)
    assert not reusable(None, model, result)
