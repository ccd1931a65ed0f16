"""The Weights and AHP sheets: every perspective's weights, live, and AHP consistency.

The Weights sheet holds each perspective's weights as editable inputs and
computes, with formulas only, each option's weighted-sum score and rank under
every perspective from the scores on the Scores sheet: change a weight or a
score and the tables follow. The AHP sheet shows, for each perspective
elicited by AHP, the pairwise matrix, the priorities and the consistency
numbers, computed in Python (it says so on the sheet).

Formulas use only SUMPRODUCT, SUM, MIN, MAX, IF, COUNTIF and ``_xlfn.RANK.EQ``.
"""

from __future__ import annotations

from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from matrix.excel import formulas
from matrix.excel.book import Book
from matrix.excel.layout import SCORES, cell
from matrix.excel.styles import FONT, PALETTE, fit_height, put_number, put_text, set_widths
from matrix.io.perspectives import format_inputs
from matrix.methods import RANK_DECIMALS
from matrix.methods.wsm import scale_normalize
from matrix.model import DecisionModel
from matrix.perspective_report import consistency, elicitation_text
from matrix.perspectives import ROBUST_RANK, rank_by_perspective

__all__ = ["WEIGHTS_SHEET", "add_weight_sheets", "write_ahp", "write_weights"]

WEIGHTS_SHEET = "Weights"
AHP_SHEET = "AHP"

# Rows of the Weights sheet.
_HEAD = 3  # block headings
_IDS = 4  # perspective ids above the weights columns
_HEADER = 5  # column headers of the weights and normalised blocks
_FIRST = 6  # first criterion row
_FIRST_WEIGHT_COLUMN = 3


def score_formula(normalised: str, weights: str) -> str:
    """The weighted sum: normalised scores times weights, divided by the weights' sum.

    Rounded as the Python code rounds before ranking; 0 while every weight is zero.

    >>> score_formula("$H$6:$H$14", "$C$6:$C$14")
    '=IF(SUM($C$6:$C$14)=0,0,ROUND(SUMPRODUCT($H$6:$H$14,$C$6:$C$14)/SUM($C$6:$C$14),12))'
    """
    return (
        f"=IF(SUM({weights})=0,0,ROUND(SUMPRODUCT({normalised},{weights})/SUM({weights}),"
        f"{RANK_DECIMALS}))"
    )


def _ref(row: int, col: int, *, absolute: bool = True) -> str:
    letter = get_column_letter(col)
    return f"${letter}${row}" if absolute else f"{letter}{row}"


def _range(first_row: int, first_col: int, last_row: int, last_col: int) -> str:
    return f"{_ref(first_row, first_col)}:{_ref(last_row, last_col)}"


def write_weights(
    book: Book, ws: Worksheet, model: DecisionModel, *, options_across: bool = True
) -> None:
    """Weights by perspective (inputs), normalised scores, score and rank tables, a chart.

    Without ``options_across`` (too many options to lay across columns) the sheet
    holds the weights and the table about each perspective only: what is read back.
    """
    persps, crits = model.perspectives, model.criteria
    options = model.options if options_across else []
    k, m, n = len(persps), len(crits), len(options)
    results = consistency(model)
    lay = book.layout
    # the perspective grid's live ranks are compensatory: red lines aside
    table = rank_by_perspective(model, method="wsm", red_lines="ignore") if options_across else None
    bounds = model.bounds
    normalized = scale_normalize(
        model.values, bounds["min"].to_numpy(), bounds["max"].to_numpy(), model.is_max
    )
    first_w, last_w = _FIRST_WEIGHT_COLUMN, _FIRST_WEIGHT_COLUMN + k - 1
    first_norm = last_w + 2
    last_crit = _FIRST + m - 1
    put_text(ws, 1, 1, "Weights and perspectives", "pm title")
    put_text(
        ws,
        2,
        1,
        "How each stakeholder weighs the criteria, and how the options rank under each. The "
        "yellow cells are the weights each perspective's elicitation gave (swing points, an "
        "importance order or AHP judgements, derived in Python; see the AHP sheet); edit them "
        "freely: each column is divided by its own sum. Every other number here is a formula "
        "over these weights and the scores on the Scores sheet.",
        "pm subtitle",
    )
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=max(first_norm + n - 1, 6))
    ws.row_dimensions[2].height = 48

    put_text(ws, _HEAD, 1, "Weights (each column is divided by its sum)", "pm heading")
    put_text(ws, _HEAD, first_norm, "Scores on 0-1 (1 = best), from the Scores sheet", "pm heading")
    put_text(ws, _HEADER, 1, "Criterion id", "pm header")
    put_text(ws, _HEADER, 2, "Criterion", "pm header")
    put_text(ws, _IDS, 2, "Perspective id", "pm label")
    for offset, persp in enumerate(persps):
        put_text(ws, _IDS, first_w + offset, persp.id, "pm centre")
        put_text(ws, _HEADER, first_w + offset, persp.label, "pm header")
    for offset, option in enumerate(options):
        put_text(ws, _HEADER, first_norm + offset, option.label, "pm header")
    for j, crit in enumerate(crits):
        row = _FIRST + j
        put_text(ws, row, 1, crit.id, "pm cell")
        put_text(ws, row, 2, crit.label, "pm label")
        for offset, persp in enumerate(persps):
            put_number(ws, row, first_w + offset, float(persp.weights[crit.id]), "pm input",
                       "0.000")  # fmt: skip
        col = lay.crit_col(j)
        for i in range(n):
            formula = formulas.normalised(
                cell(SCORES, lay.score_row(i), col, fixed_row=True, fixed_col=True),
                cell(SCORES, lay.scale_min_row, col, fixed_row=True, fixed_col=True),
                cell(SCORES, lay.scale_max_row, col, fixed_row=True, fixed_col=True),
                cell(SCORES, lay.direction_row, col, fixed_row=True, fixed_col=True),
            )
            book.formula(ws, row, first_norm + i, formula, float(normalized[i, j]), "pm output",
                         "0.000")  # fmt: skip
    sum_row, how_row = last_crit + 1, last_crit + 2
    put_text(ws, sum_row, 2, "Sum", "pm label")
    put_text(ws, how_row, 2, "Elicited by", "pm label")
    for offset, persp in enumerate(persps):
        col = first_w + offset
        book.formula(ws, sum_row, col, f"=SUM({_range(_FIRST, col, last_crit, col)})",
                     float(sum(persp.weights.values())), "pm output", "0.000")  # fmt: skip
        put_text(ws, how_row, col, elicitation_text(persp, results.get(persp.id)), "pm text")
    ws.row_dimensions[how_row].height = 45
    inputs = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0")
    inputs.error = "A weight must be a number of 0 or more."
    inputs.errorTitle = "Weight"
    inputs.add(f"{get_column_letter(first_w)}{_FIRST}:{get_column_letter(last_w)}{last_crit}")
    ws.add_data_validation(inputs)

    if table is None:
        put_text(ws, _HEAD, first_norm, f"Too many options ({len(model.options):,}) to lay "
                 "across this sheet: run policy-matrix weights for the ranking under each "
                 "perspective.", "pm note")  # fmt: skip
        _write_details(ws, model, how_row + 2)
        set_widths(ws, [20, 42, *([16] * (first_norm - 3))])
        ws.row_dimensions[_HEADER].height = 45
        ws.freeze_panes = ws.cell(row=_FIRST, column=3)
        return

    # Score and rank tables: perspectives down, options across.
    score_head = how_row + 2
    score_first = score_head + 2
    rank_head = score_first + k + 1
    rank_first = rank_head + 2
    for head, first, title in (
        (score_head, score_first, "Weighted-sum score by perspective (1 = best possible)"),
        (rank_head, rank_first, "Rank by perspective (1 = best; ties share the best rank)"),
    ):
        put_text(ws, head, 1, title, "pm heading")
        put_text(ws, first - 1, 1, "Perspective id", "pm header")
        put_text(ws, first - 1, 2, "Perspective", "pm header")
        for offset, option in enumerate(options):
            put_text(ws, first - 1, 3 + offset, option.label, "pm header")
        ws.row_dimensions[first - 1].height = 45
        for p, persp in enumerate(persps):
            put_text(ws, first + p, 1, persp.id, "pm cell")
            put_text(ws, first + p, 2, persp.label, "pm label")
    for p in range(k):
        weight_col = first_w + p
        weights = _range(_FIRST, weight_col, last_crit, weight_col)
        score_row = score_first + p
        row_range = _range(score_row, 3, score_row, 3 + n - 1)
        for i in range(n):
            normalised = _range(_FIRST, first_norm + i, last_crit, first_norm + i)
            score = table.scores.to_numpy()[p, i]
            rank = table.ranks.to_numpy()[p, i]
            book.formula(ws, score_row, 3 + i, score_formula(normalised, weights), float(score),
                         "pm output", "0.000")  # fmt: skip
            here = _ref(score_row, 3 + i, absolute=False)
            book.formula(ws, rank_first + p, 3 + i, formulas.rank(here, row_range), int(rank),
                         "pm centre", "0")  # fmt: skip
    summary = rank_first + k
    labels = (
        ("Worst rank", "MAX"),
        ("Times ranked 1st", "COUNTIF"),
        (f"Never worse than {ROBUST_RANK} (robust)", "ROBUST"),
    )
    for offset, (label, kind) in enumerate(labels):
        row = summary + offset
        put_text(ws, row, 2, label, "pm label")
        for i in range(n):
            ranks = _range(rank_first, 3 + i, rank_first + k - 1, 3 + i)
            formula = {
                "MAX": f"=MAX({ranks})",
                "COUNTIF": f"=COUNTIF({ranks},1)",
                "ROBUST": f'=IF(MAX({ranks})<={ROBUST_RANK},"yes","no")',
            }[kind]
            ranks_of = table.ranks[options[i].id]
            expected = {
                "MAX": int(ranks_of.max()),
                "COUNTIF": int((ranks_of == 1).sum()),
                "ROBUST": "yes" if ranks_of.max() <= ROBUST_RANK else "no",
            }[kind]
            book.formula(ws, row, 3 + i, formula, expected, "pm centre", "0")

    _write_details(ws, model, summary + len(labels) + 2)

    chart = BarChart()
    chart.type = "col"
    chart.grouping = "clustered"
    chart.title = "Weighted-sum score by perspective"
    chart.y_axis.title = "Score (1 = best possible)"
    chart.y_axis.scaling.min = 0
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    data = Reference(ws, min_col=2, max_col=2 + n, min_row=score_first, max_row=score_first + k - 1)
    chart.add_data(data, from_rows=True, titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=3, max_col=2 + n, min_row=score_first - 1))
    chart.height, chart.width = 9, max(16, 3 * n)
    ws.add_chart(chart, f"{get_column_letter(first_norm)}{score_head}")

    set_widths(ws, [20, 42, *([16] * (first_norm - 3)), *([14] * n)])
    ws.column_dimensions[get_column_letter(first_norm - 1)].width = 3
    ws.row_dimensions[_HEADER].height = 45
    ws.freeze_panes = ws.cell(row=_FIRST, column=3)


#: Columns of the table that describes each perspective, below the rank table.
DETAIL_HEADERS = ["Perspective id", "Perspective", "Elicited by", "Given as", "Description",
                  "Rationale", "Evidence"]  # fmt: skip
DETAIL_TITLE = "About each perspective"


def _write_details(ws: Worksheet, model: DecisionModel, head: int) -> None:
    """Who each perspective speaks for, why, and what the stakeholder gave (read back on import)."""
    put_text(ws, head, 1, DETAIL_TITLE, "pm heading")
    put_text(ws, head + 1, 1, "'Given as' is what the elicitation started from; if you edit a "
             "perspective's weights above, it is read back as weights given directly.",
             "pm note")  # fmt: skip
    for col, text in enumerate(DETAIL_HEADERS, start=1):
        put_text(ws, head + 2, col, text, "pm header")
    for offset, persp in enumerate(model.perspectives):
        row = head + 3 + offset
        texts = (persp.id, persp.label, persp.elicitation, format_inputs(persp.inputs),
                 persp.description, persp.rationale, persp.evidence)  # fmt: skip
        for col, text in enumerate(texts, start=1):
            put_text(ws, row, col, text, "pm cell" if col == 1 else "pm input text")
        widths = [20, 42, 16, 40, 40, 40, 40]
        fit_height(ws, row, zip(texts, widths, strict=True))


def write_ahp(ws: Worksheet, model: DecisionModel) -> None:
    """For each perspective elicited by AHP: the matrix, priorities and consistency (static)."""
    results = consistency(model)
    crits = model.criteria
    m = len(crits)
    put_text(ws, 1, 1, "AHP: pairwise judgements and consistency", "pm title")
    put_text(
        ws,
        2,
        1,
        "Computed by policy-matrix in Python, not live: priorities are the principal "
        "eigenvector of each matrix; CI = (lambda_max - n)/(n - 1); CR = CI / RI. A CR above "
        "0.10 means the judgements contradict each other: revisit the ones listed. To change a "
        "judgement, write the case out with policy-matrix export-case, edit "
        "perspective_pairwise.csv and run policy-matrix on the folder.",
        "pm subtitle",
    )
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=m + 3)
    ws.row_dimensions[2].height = 48
    row = 4
    red = PatternFill("solid", fgColor=PALETTE["bad"])
    green = PatternFill("solid", fgColor=PALETTE["winner"])
    for persp in model.perspectives:
        if persp.id not in results:
            continue
        result = results[persp.id]
        put_text(ws, row, 1, f"{persp.label} ({persp.id})", "pm heading")
        row += 1
        put_text(ws, row, 1, "Row over column", "pm header")
        for j, crit in enumerate(crits):
            put_text(ws, row, 2 + j, crit.label, "pm header")
        put_text(ws, row, 2 + m, "Priority", "pm header")
        ws.row_dimensions[row].height = 45
        values = result.matrix.to_numpy()
        for i, crit in enumerate(crits):
            r = row + 1 + i
            put_text(ws, r, 1, crit.label, "pm label")
            for j in range(m):
                put_number(ws, r, 2 + j, float(values[i, j]), "pm centre", "# ?/?")
            put_number(ws, r, 2 + m, float(result.weights[crit.id]), "pm output", "0.0%")
        row += m + 2
        facts = (
            ("lambda_max", result.lambda_max, "0.000"),
            ("CI", result.ci, "0.000"),
            (f"RI ({result.random_index})", result.ri, "0.00"),
            ("CR", result.cr, "0.000"),
        )
        for label, value, fmt in facts:
            put_text(ws, row, 1, label, "pm label")
            put_number(ws, row, 2, float(value), "pm output", fmt)
            row += 1
        verdict = ws.cell(row=row - 1, column=3)
        put_text(
            ws,
            row - 1,
            3,
            "consistent (CR at most 0.10)" if result.consistent else "INCONSISTENT: CR above 0.10",
            "pm output",
        )
        verdict.fill = green if result.consistent else red
        verdict.font = Font(name=FONT, bold=True)
        ws.merge_cells(start_row=row - 1, start_column=3, end_row=row - 1, end_column=6)
        row += 1
        put_text(ws, row, 1, "Judgements furthest from what the priorities imply", "pm heading")
        row += 1
        for col, text in ((1, "Row"), (2, "Column"), (4, "Judged"), (5, "Priorities imply")):
            put_text(ws, row, col, text, "pm header")
        put_text(ws, row, 3, "", "pm header")
        ws.row_dimensions[row].height = 30
        ws.merge_cells(start_row=row, start_column=2, end_row=row, end_column=3)
        labels = {c.id: c.label for c in crits}
        for line in result.most_inconsistent(3).to_dict("records"):
            row += 1
            put_text(ws, row, 1, labels[str(line["row"])], "pm cell")
            put_text(ws, row, 2, labels[str(line["column"])], "pm cell")
            put_text(ws, row, 3, "", "pm cell")
            ws.merge_cells(start_row=row, start_column=2, end_row=row, end_column=3)
            put_number(ws, row, 4, float(line["given"]), "pm centre", "# ?/?")
            put_number(ws, row, 5, float(line["implied"]), "pm centre", "0.00")
        row += 3
    set_widths(ws, [34, *([14] * m), 12])


def add_weight_sheets(book: Book, model: DecisionModel, *, options_across: bool = True) -> None:
    """Add the Weights sheet (and the AHP sheet) when the model has perspectives."""
    if not model.perspectives:
        return
    workbook = book.workbook
    write_weights(book, workbook.create_sheet(WEIGHTS_SHEET), model,
                  options_across=options_across)  # fmt: skip
    if any(p.elicitation == "ahp" for p in model.perspectives):
        write_ahp(workbook.create_sheet(AHP_SHEET), model)
