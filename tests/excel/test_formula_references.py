"""The key formulas point at the right cells, checked as strings: no spreadsheet engine needed.

The engine tests (test_live.py) recalculate the workbook and compare every value;
they skip on a machine without LibreOffice or Gnumeric. These checks do not: they
find each input by what the sheet shows (an option's id in column A, a row's
label in column B, a block's title), never through the package's layout code, and
check the cells each key formula refers to: weight shares, normalised scores,
weighted contributions, totals, ranks, the order, the defined names they use and
the Summary's ordering lookup. A total that adds the wrong row fails here.
"""

from __future__ import annotations

import re

import openpyxl
import pytest
from helpers import make_case
from openpyxl.utils import column_index_from_string, get_column_letter

import matrix

_REF = re.compile(r"(?:(\w+)!)?\$?([A-Z]{1,3})\$?(\d+)(?::\$?([A-Z]{1,3})\$?(\d+))?")
_STRING = re.compile(r'"[^"]*"')


def refs(formula: str, here: str) -> set[tuple[str, str]]:
    """Every cell a formula refers to, as (sheet, "C13"), ranges expanded, $ dropped."""
    found = set()
    for sheet, c1, r1, c2, r2 in _REF.findall(_STRING.sub('""', formula)):
        sheet = sheet or here
        cols = range(column_index_from_string(c1), column_index_from_string(c2 or c1) + 1)
        rows = range(int(r1), int(r2 or r1) + 1)
        found |= {(sheet, f"{get_column_letter(c)}{r}") for c in cols for r in rows}
    return found


def names(formula: str) -> set[str]:
    """The defined names a formula uses (words that are neither functions nor cells)."""
    text = _STRING.sub('""', formula)
    words = set(re.findall(r"(?<![\w.!$])([A-Z][A-Za-z]+)\b(?![(!])", text))
    return {w for w in words if not re.fullmatch(r"[A-Z]{1,3}\d+", w)}


def span(sheet: str, cells: list[tuple[int, int]]) -> set[tuple[str, str]]:
    return {(sheet, f"{get_column_letter(c)}{r}") for r, c in cells}


class Book:
    """The written workbook, found by content."""

    def __init__(self, path_or_workbook):
        if isinstance(path_or_workbook, openpyxl.Workbook):
            self.wb = path_or_workbook
        else:
            self.wb = openpyxl.load_workbook(path_or_workbook)
        self.defined = {name: refs(d.attr_text, "") for name, d in self.wb.defined_names.items()}
        scores = self.wb["Scores"]
        self.label_row = {  # column B labels of the criterion rows
            scores.cell(r, 2).value: r for r in range(1, 13) if scores.cell(r, 2).value
        }
        ids_row = self.label_row["Criterion id"]
        self.criteria = {
            scores.cell(ids_row, c).value: c
            for c in range(3, scores.max_column + 1)
            if scores.cell(ids_row, c).value
        }
        header = next(r for r in range(1, 30) if scores.cell(r, 1).value == "Option id")
        self.options = {}
        r = header + 1
        while scores.cell(r, 1).value:
            self.options[scores.cell(r, 1).value] = r
            r += 1

    def rows_under(self, sheet: str, title: str) -> dict[str, int]:
        """Option id -> row of the table whose title (column A) is ``title``."""
        ws = self.wb[sheet]
        start = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == title)
        out, r = {}, start + 1
        while ws.cell(r, 1).value != "Option id":
            r += 1
        r += 1
        while ws.cell(r, 1).value in self.options:
            out[ws.cell(r, 1).value] = r
            r += 1
        return out

    def totals_rows(self) -> tuple[dict[str, int], dict[str, int]]:
        ws = self.wb["Calculation"]
        header = next(r for r in range(1, 20) if ws.cell(r, 1).value == "Option id")
        columns = {ws.cell(header, c).value: c for c in range(1, ws.max_column + 1)}
        rows = {ws.cell(r, 1).value: r for r in range(header + 1, header + 1 + len(self.options))}
        assert list(rows) == list(self.options)
        return rows, columns


BLOCKS = {
    "normalised": "Normalised scores (0 = worst end of the scale, 1 = best end)",
    "weighted": "Weighted contributions (normalised score x weight share): the parts of each total",
}


@pytest.fixture(scope="module", params=["tiny", "bundled"])
def book(request, tmp_path_factory):
    folder = tmp_path_factory.mktemp(request.param)
    model = matrix.load_case(make_case(folder / "case") if request.param == "tiny" else None)
    return Book(matrix.write_workbook(model, folder / "book.xlsx"))


def test_the_defined_names_cover_the_inputs_found_by_content(book):
    rows, cols = book.options.values(), book.criteria.values()
    lab = book.label_row
    assert book.defined["Weights"] == span("Scores", [(lab["Weight (input)"], c) for c in cols])
    assert book.defined["OptionLabels"] == span("Scores", [(r, 2) for r in rows])
    assert book.defined["Scores"] == span("Scores", [(r, c) for r in rows for c in cols])
    calc, columns = book.totals_rows()
    for name, header in (("Totals", "Total"), ("Ranks", "Rank"), ("Order", "Order")):
        expected = span("Calculation", [(r, columns[header]) for r in calc.values()])
        assert book.defined[name] == expected, name


def test_each_weight_share_divides_its_own_weight_by_their_sum(book):
    ws = book.wb["Scores"]
    weight, share = book.label_row["Weight (input)"], book.label_row["Weight share"]
    for criterion, col in book.criteria.items():
        formula = ws.cell(share, col).value
        assert refs(formula, "Scores") == span("Scores", [(weight, col)]), criterion
        assert names(formula) == {"Weights"}, formula


def test_each_normalised_score_reads_its_own_score_scale_and_direction(book):
    ws = book.wb["Calculation"]
    lab = book.label_row
    for option, calc_row in book.rows_under("Calculation", BLOCKS["normalised"]).items():
        for criterion, col in book.criteria.items():
            formula = ws.cell(calc_row, col).value
            expected = span(
                "Scores",
                [(book.options[option], col), (lab["Scale min"], col), (lab["Scale max"], col),
                 (lab["Direction"], col)],
            )  # fmt: skip
            assert refs(formula, "Calculation") == expected, (option, criterion, formula)


def test_each_contribution_weights_its_own_normalised_score(book):
    ws = book.wb["Calculation"]
    normalised = book.rows_under("Calculation", BLOCKS["normalised"])
    for option, row in book.rows_under("Calculation", BLOCKS["weighted"]).items():
        for criterion, col in book.criteria.items():
            formula = ws.cell(row, col).value
            expected = span("Calculation", [(normalised[option], col)]) | span(
                "Scores", [(book.label_row["Weight share"], col)]
            )
            assert refs(formula, "Calculation") == expected, (option, criterion, formula)


def test_each_total_adds_its_own_options_contributions_and_ranks_itself(book):
    ws = book.wb["Calculation"]
    weighted = book.rows_under("Calculation", BLOCKS["weighted"])
    rows, columns = book.totals_rows()
    total, rank, order = columns["Total"], columns["Rank"], columns["Order"]
    first = min(rows.values())
    for option, row in rows.items():
        formula = ws.cell(row, total).value
        expected = span("Calculation", [(weighted[option], c) for c in book.criteria.values()])
        assert refs(formula, "Calculation") == expected, (option, formula)
        # the rank: this row's total among the totals, options crossing no red line first
        formula = ws.cell(row, rank).value
        crossed = columns["Red lines crossed"]
        expected = span("Calculation", [(row, total), (row, crossed)])
        assert refs(formula, "Calculation") == expected, formula
        assert names(formula) == {"Totals", "Crossings"}, formula
        # the order: this row's rank, plus the tied ranks from the first row down to this one
        formula = ws.cell(row, order).value
        expected = span("Calculation", [(row, rank)] + [(r, rank) for r in range(first, row + 1)])
        assert refs(formula, "Calculation") == expected, (option, formula)


def test_the_summary_lists_place_k_in_row_k(book):
    ws = book.wb["Summary"]
    header = next(r for r in range(1, 30) if ws.cell(r, 1).value == "Rank")
    assert [ws.cell(header, c).value for c in (2, 3)] == ["Option", "Score (0-1)"]
    for k in range(1, len(book.options) + 1):
        for col, source in ((1, "Ranks"), (2, "OptionLabels"), (3, "Totals")):
            formula = ws.cell(header + k, col).value
            assert names(formula) == {source, "Order"}, formula
            # the k-th row looks up place k in the order
            assert re.search(rf"MATCH\({k},Order,0\)", formula), (k, formula)
    # the leader and the lead over the runner-up
    leader_row = next(r for r in range(1, header) if ws.cell(r, 1).value == "Leader")
    assert re.search(r"MATCH\(1,Order,0\)", ws.cell(leader_row, 2).value)
    lead = ws.cell(leader_row, 3).value
    assert (
        "MATCH(1,Order,0)" in lead
        and "MATCH(2,Order,0)" in lead
        and names(lead)
        == {
            "Totals",
            "Order",
        }
    )


def test_a_total_pointing_at_the_wrong_row_is_caught(tmp_path):
    """The checks above can fail: a workbook whose second total adds the third option's row."""
    book = Book(matrix.write_workbook(matrix.load_case(), tmp_path / "planted.xlsx"))
    ws = book.wb["Calculation"]
    rows, columns = book.totals_rows()
    option = list(rows)[1]
    cell = ws.cell(rows[option], columns["Total"])
    cell.value = re.sub(r"(\d+)(?=\)|:)", lambda m: str(int(m.group(1)) + 1), cell.value)
    with pytest.raises(AssertionError, match=option):
        test_each_total_adds_its_own_options_contributions_and_ranks_itself(book)


def test_a_large_cases_totals_read_their_own_options_scores(tmp_path):
    """Without the option x criterion tables (a large case; forced here on the tiny one),
    each total is one SUMPRODUCT over its own option's row of scores."""
    from matrix.excel.workbook import build_workbook

    model = matrix.load_case(make_case(tmp_path / "case"))
    book = Book(build_workbook(model, detail=False))
    ws = book.wb["Calculation"]
    rows, columns = book.totals_rows()
    for option, row in rows.items():
        formula = ws.cell(row, columns["Total"]).value
        cells = [(book.options[option], c) for c in book.criteria.values()]
        assert refs(formula, "Calculation") == span("Scores", cells), (option, formula)
        assert names(formula) == {"Coefficients", "WorstEnds"}, formula
    # the per-criterion terms sit in the criterion's own column
    for name in ("Coefficients", "WorstEnds"):
        letters = {re.sub(r"\d", "", c) for _, c in book.defined[name]}
        assert sorted(column_index_from_string(x) for x in letters) == sorted(
            book.criteria.values()
        ), name
