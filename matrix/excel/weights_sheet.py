"""The Weights sheet: every perspective's weights, live from what each stakeholder gave.

Each perspective's weights are formulas over its elicitation, which the sheet
holds as inputs: direct weights, swing points and importance positions as one
row per perspective under "What each stakeholder gave", AHP judgements as a
grid on the AHP sheet (:mod:`matrix.excel.ahp_sheet`). The sheet then computes,
with formulas only, each option's weighted-sum score and rank under every
perspective from the scores on the Scores sheet: change a judgement, a swing
point, a position or a score and the tables follow. Where everything sits is
described once, in :mod:`matrix.io.layout`, which the reader uses too.

Formulas use only SUMPRODUCT, SUM, MIN, MAX, IF, COUNTIF and ``_xlfn.RANK.EQ``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np
from openpyxl.chart import BarChart, Reference
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

import matrix.excel.formulas as formulas
from matrix import weights as W
from matrix.excel.ahp_sheet import SHRINK, page_break, write_ahp
from matrix.excel.book import Book
from matrix.excel.computed import fit_rows
from matrix.excel.layout import SCORES, cell
from matrix.excel.redlines import perspective_crossed_count, rank_last
from matrix.excel.styles import (
    NUMBER_FORMATS,
    fit_height,
    merge,
    put_number,
    put_text,
    set_widths,
)
from matrix.io.layout import (
    AHP,
    DETAIL_COLUMNS,
    DETAIL_HEADERS,
    DETAIL_LAST_COLUMN,
    DETAIL_TITLE,
    GIVEN_HEADERS,
    GIVEN_TITLE,
    NO_RED_LINE,
    PERSPECTIVE_RED_LINES_HEADERS,
    PERSPECTIVE_RED_LINES_TITLE,
    WEIGHTS,
    WeightsLayout,
)
from matrix.methods import RANK_DECIMALS
from matrix.methods.wsm import scale_normalize
from matrix.model import DecisionModel, Perspective
from matrix.perspectives import ROBUST_RANK, rank_by_perspective
from matrix.redlines import crossing_mask
from matrix.text.perspectives import ORDER_NAMES, consistency, elicitation_text

__all__ = ["add_weight_sheets", "given", "write_weights"]

#: What a row of "What each stakeholder gave" holds, by elicitation, and its allowed values.
GIVEN_MEANS = {
    "direct": ("weights as given (any total)", "decimal", "greaterThanOrEqual", "0", None),
    "swing": ("swing points (100 = most valued swing)", "decimal", "between", "0", "100"),
    "order": ("position (1 = most important; ties share)", "whole", "greaterThanOrEqual", "1",
              None),
}  # fmt: skip


def given(persp: Perspective) -> tuple[str, Mapping[str, float]]:
    """How a perspective is written out, and its inputs by criterion (empty for AHP).

    A perspective without the inputs its elicitation needs (for every criterion
    it weighs) is written as the weights it holds, given directly.
    """
    inputs = persp.inputs
    if persp.elicitation == "ahp" and "pairwise" in inputs:
        return "ahp", {}
    key = {"swing": "points", "order": "positions", "direct": "weights"}.get(persp.elicitation)
    values = inputs.get(key) if key else None
    if isinstance(values, Mapping) and all(c in values for c in persp.weights):
        return persp.elicitation, values
    return "direct", persp.weights


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


def _given_block(
    ws: Worksheet, model: DecisionModel, lay: WeightsLayout
) -> tuple[dict[str, str], int]:
    """The table of what each stakeholder gave; each perspective's weight formulas by
    criterion, as templates with ``{col}`` for the criterion's column letter, and the next
    free row."""
    crits = model.criteria
    m = len(crits)
    first, last = lay.first_col, lay.first_col + m - 1
    rows = [(p, *given(p)) for p in model.perspectives]
    listed = [(p, kind, values) for p, kind, values in rows if kind != "ahp"]
    top = lay.given_title_row
    put_text(ws, top, 1, GIVEN_TITLE, "pm heading")
    put_text(ws, top + 1, 1, "Edit the blue cells: the weights above follow. Direct weights may "
             "have any total; swing points give 100 to the most valued swing and 0 to 100 to the "
             "others; an importance order gives each criterion its place (1 = most important; "
             "equal places are ties). AHP judgements are on the AHP sheet.",
             "pm note")  # fmt: skip
    merge(ws, top + 1, 1, top + 1, max(last, 8))
    ws.row_dimensions[top + 1].height = 32
    put_text(ws, lay.given_ids_row, 2, "Criterion id", "pm label")
    for col, text in enumerate(GIVEN_HEADERS, start=1):
        put_text(ws, lay.given_ids_row + 1, col, text, "pm header")
    for j, crit in enumerate(crits):
        put_text(ws, lay.given_ids_row, first + j, crit.id, "pm centre").alignment = SHRINK
        put_text(ws, lay.given_ids_row + 1, first + j, crit.label, "pm header")
    ws.row_dimensions[lay.given_ids_row + 1].height = 45
    methods = sorted({str(p.inputs.get("method", "roc")) for p, kind, _ in listed
                      if kind == "order"})  # fmt: skip
    place_row = lay.given_row(len(listed)) + 1
    base_rows = {method: place_row + 1 + k for k, method in enumerate(methods)}
    templates: dict[str, str] = {}
    for q, (persp, kind, values) in enumerate(listed):
        row = lay.given_row(q)
        means, kind_of_number, operator, low, high = GIVEN_MEANS[kind]
        put_text(ws, row, 1, persp.id, "pm cell")
        put_text(ws, row, 2, f"{persp.label}: {means}", "pm label")
        fit_height(ws, row, [(f"{persp.label}: {means}", 42)])
        for j, crit in enumerate(crits):
            put_number(ws, row, first + j, float(values[crit.id]), "pm input", "General")
        rule = DataValidation(type=kind_of_number, operator=operator, formula1=low, formula2=high)
        rule.error, rule.errorTitle = f"Expected {means}.", "Input"
        rule.add(f"{get_column_letter(first)}{row}:{get_column_letter(last)}{row}")
        ws.add_data_validation(rule)
        whole = _range(row, first, row, last)
        here = "{col}" + str(row)
        if kind == "order":
            places = _range(place_row, first, place_row, last)
            base_row = base_rows[str(persp.inputs.get("method", "roc"))]
            base = _range(base_row, first, base_row, last)
            before = f'COUNTIF({whole},"<"&{here})'
            templates[persp.id] = (
                f"=SUMPRODUCT(({places}>{before})*({places}<={before}+COUNTIF({whole},{here})),"
                f"{base})/COUNTIF({whole},{here})"
            )
        else:
            templates[persp.id] = f"={here}/SUM({whole})"
    if methods:
        put_text(ws, place_row, 2, "Place in an importance order", "pm label")
        for j in range(m):
            put_number(ws, place_row, first + j, float(j + 1), "pm centre", "0")
        for method, row in base_rows.items():
            put_text(ws, row, 2, f"Weight of each place ({ORDER_NAMES.get(method, method)})",
                     "pm label")  # fmt: skip
            for j, value in enumerate(W.ORDER_METHODS[method](m)):
                put_number(ws, row, first + j, float(value), "pm cell", "0.0000")
        return templates, max(base_rows.values()) + 2
    return templates, lay.given_row(len(listed)) + 1


def write_weights(
    book: Book,
    ws: Worksheet,
    model: DecisionModel,
    *,
    options_across: bool = True,
    priorities: Mapping[str, Sequence[str]] | None = None,
) -> None:
    """Weights by perspective (live from what each stakeholder gave), normalised scores,
    score and rank tables, a chart.

    ``priorities`` holds each AHP perspective's priority cells on the AHP sheet. Without
    ``options_across`` (too many options to lay across columns) the sheet holds the
    weights, the inputs and the table about each perspective only: what is read back.
    """
    persps, crits = model.perspectives, model.criteria
    options = model.options if options_across else []
    k, m, n = len(persps), len(crits), len(options)
    results = consistency(model)
    book_lay = book.layout
    lay = WeightsLayout(m, k)
    # the ranks follow each perspective's red lines (its own, else the case's), as "last"
    table = rank_by_perspective(model, method="wsm") if options_across else None
    bounds = model.bounds
    normalized = scale_normalize(
        model.values, bounds["min"].to_numpy(), bounds["max"].to_numpy(), model.is_max
    )
    first_w, last_w = lay.weight_col(0), lay.weight_col(k - 1)
    first_norm = last_w + 2
    first_row, last_crit = lay.first_row, lay.last_row
    put_text(ws, 1, 1, "Weights and perspectives", "pm title")
    put_text(
        ws,
        2,
        1,
        "How each stakeholder weighs the criteria, and how the options rank under each. Each "
        "perspective's weights are worked out from what the stakeholder gave (the blue cells "
        "under 'What each stakeholder gave', and the AHP judgements on the AHP sheet): edit "
        "those and every number here follows. Every other number is a formula over these "
        "weights and the scores on the Scores sheet.",
        "pm subtitle",
    )
    merge(ws, 2, 1, 2, max(first_norm + n - 1, 8))
    ws.row_dimensions[2].height = 48

    head = lay.ids_row - 1
    put_text(ws, head, 1, "Weights (each column sums to 1)", "pm heading")
    put_text(ws, head, first_norm, "Scores on 0-1 (1 = best), from the Scores sheet", "pm heading")
    put_text(ws, lay.header_row, 1, "Criterion id", "pm header")
    put_text(ws, lay.header_row, 2, "Criterion", "pm header")
    put_text(ws, lay.ids_row, 2, "Perspective id", "pm label")
    for offset, persp in enumerate(persps):
        put_text(ws, lay.ids_row, first_w + offset, persp.id, "pm centre")
        put_text(ws, lay.header_row, first_w + offset, persp.label, "pm header")
    for offset, option in enumerate(options):
        put_text(ws, lay.header_row, first_norm + offset, option.label, "pm header")
    templates, after_given = _given_block(ws, model, lay)
    priorities = priorities or {}
    for j, crit in enumerate(crits):
        row = lay.weight_row(j)
        put_text(ws, row, 1, crit.id, "pm cell")
        put_text(ws, row, 2, crit.label, "pm label")
        for offset, persp in enumerate(persps):
            if persp.id in priorities:
                formula = f"={priorities[persp.id][j]}"
            else:
                formula = templates[persp.id].format(col=get_column_letter(lay.first_col + j))
            weight = float(persp.weights[crit.id]) / float(sum(persp.weights.values()))
            book.formula(ws, row, first_w + offset, formula, weight, "pm output", "0.000")
        col = book_lay.crit_col(j)
        for i in range(n):
            formula = formulas.normalised(
                cell(SCORES, book_lay.score_row(i), col, fixed_row=True, fixed_col=True),
                cell(SCORES, book_lay.scale_min_row, col, fixed_row=True, fixed_col=True),
                cell(SCORES, book_lay.scale_max_row, col, fixed_row=True, fixed_col=True),
                cell(SCORES, book_lay.direction_row, col, fixed_row=True, fixed_col=True),
            )
            book.formula(ws, row, first_norm + i, formula, float(normalized[i, j]), "pm output",
                         "0.000")  # fmt: skip
    put_text(ws, lay.sum_row, 2, "Sum", "pm label")
    put_text(ws, lay.how_row, 2, "Elicited by", "pm label")
    for offset, persp in enumerate(persps):
        col = first_w + offset
        book.formula(ws, lay.sum_row, col, f"=SUM({_range(first_row, col, last_crit, col)})",
                     1.0, "pm output", "0.000")  # fmt: skip
        how = elicitation_text(persp, results.get(persp.id))
        put_text(ws, lay.how_row, col, how + (" (AHP sheet)" if persp.id in priorities else ""),
                 "pm text")  # fmt: skip
    ws.row_dimensions[lay.how_row].height = 45

    if table is None:
        put_text(ws, head, first_norm, f"Too many options ({len(model.options):,}) to lay "
                 "across this sheet: run policy-matrix weights for the ranking under each "
                 "perspective.", "pm note")  # fmt: skip
        details = _write_details(ws, model, after_given + 1)
        last = _write_red_lines(ws, model, details.stop + 1)
        set_widths(ws, [20, 42, *([16] * max(first_norm - 3, m))])
        ws.row_dimensions[lay.header_row].height = 45
        ws.freeze_panes = ws.cell(row=first_row, column=3)
        fit_rows(ws, details.start)
        right = max(first_norm - 1, 2 + m, DETAIL_LAST_COLUMN)
        ws.print_area = f"A1:{get_column_letter(right)}{last}"
        return

    # Score, rank and red-line-crossing tables: perspectives down, options across; then the
    # table about each perspective and the perspectives' own red lines, which the counts read.
    score_head = after_given + 1
    page_break(ws, score_head)
    score_first = score_head + 2
    rank_head = score_first + k + 1
    rank_first = rank_head + 2
    summary = rank_first + k
    labels = (
        ("Worst rank", "MAX"),
        ("Times ranked 1st", "COUNTIF"),
        (f"Never worse than {ROBUST_RANK} (robust)", "ROBUST"),
    )
    cross_head = summary + len(labels) + 1
    cross_first = cross_head + 2
    for head_row, first, title in (
        (score_head, score_first, "Weighted-sum score by perspective (1 = best possible)"),
        (rank_head, rank_first, "Rank by perspective (1 = best; ties share the best rank; an "
         "option that crosses a red line, the perspective's own or else the case's, is ranked "
         "after every acceptable one)"),
        (cross_head, cross_first, "Red lines crossed under each perspective (its own, else the "
         "case's)"),
    ):  # fmt: skip
        put_text(ws, head_row, 1, title, "pm heading")
        put_text(ws, first - 1, 1, "Perspective id", "pm header")
        put_text(ws, first - 1, 2, "Perspective", "pm header")
        for offset, option in enumerate(options):
            put_text(ws, first - 1, 3 + offset, option.label, "pm header")
        ws.row_dimensions[first - 1].height = 45
        for p, persp in enumerate(persps):
            put_text(ws, first + p, 1, persp.id, "pm cell")
            put_text(ws, first + p, 2, persp.label, "pm label")
    details = _write_details(ws, model, cross_first + k + 1)
    last = _write_red_lines(ws, model, details.stop + 1)
    own_first = last - k + 1  # the red-line table's first perspective row
    crossed = _crossings(model)
    for p in range(k):
        weight_col = first_w + p
        weights = _range(first_row, weight_col, last_crit, weight_col)
        score_row = score_first + p
        row_range = _range(score_row, 3, score_row, 3 + n - 1)
        cross_range = _range(cross_first + p, 3, cross_first + p, 3 + n - 1)
        own = _range(own_first + p, 3, own_first + p, 3 + m - 1)
        for i in range(n):
            normalised = _range(first_row, first_norm + i, last_crit, first_norm + i)
            score = table.scores.to_numpy()[p, i]
            rank = table.ranks.to_numpy()[p, i]
            book.formula(ws, score_row, 3 + i, score_formula(normalised, weights), float(score),
                         "pm output", "0.000")  # fmt: skip
            count = _ref(cross_first + p, 3 + i, absolute=False)
            book.formula(ws, cross_first + p, 3 + i, perspective_crossed_count(book_lay, i, own),
                         int(crossed[p, i]), "pm centre", "0")  # fmt: skip
            here = _ref(score_row, 3 + i, absolute=False)
            book.formula(ws, rank_first + p, 3 + i,
                         rank_last(here, count, values=row_range, crossings=cross_range),
                         int(rank), "pm centre", "0")  # fmt: skip
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

    set_widths(ws, [20, 42, *([16] * max(first_norm - 3, m)), *([14] * n)])
    if m <= k:  # a narrow gap before the normalised scores, unless the inputs run through it
        ws.column_dimensions[get_column_letter(first_norm - 1)].width = 3
    ws.row_dimensions[lay.header_row].height = 45
    ws.freeze_panes = ws.cell(row=first_row, column=3)
    fit_rows(ws, details.start)
    chart_right = first_norm + math.ceil(chart.width / 2.6)  # a 14-character column: ~2.6 cm
    right = max(first_norm + n - 1, 2 + m, DETAIL_LAST_COLUMN, chart_right)
    ws.print_area = f"A1:{get_column_letter(right)}{last}"


def _write_details(ws: Worksheet, model: DecisionModel, head: int) -> range:
    """Who each perspective speaks for, why, and how it was elicited (read back on import);
    returns the table's rows, whose heights are set once the columns' widths are known."""
    page_break(ws, head)
    put_text(ws, head, 1, DETAIL_TITLE, "pm heading")
    put_text(ws, head + 1, 1, "'Method' is the importance order's rule or the AHP random-index "
             "table. If you type over a perspective's weights above, it is read back as weights "
             "given directly.", "pm note")  # fmt: skip
    merge(ws, head + 1, 1, head + 1, DETAIL_LAST_COLUMN)
    ends = [*(c - 1 for c in DETAIL_COLUMNS[1:]), DETAIL_LAST_COLUMN]
    spans = list(zip(DETAIL_COLUMNS, ends, strict=True))
    for (col, end), text in zip(spans, DETAIL_HEADERS, strict=True):
        put_text(ws, head + 2, col, text, "pm header")
        if end > col:
            merge(ws, head + 2, col, head + 2, end)
    for offset, persp in enumerate(model.perspectives):
        row = head + 3 + offset
        kind = given(persp)[0]
        method = {"order": "method", "ahp": "random_index"}.get(kind, "")
        default = {"order": "roc"}.get(kind, "")  # a blank random-index table stays blank
        texts = (persp.id, persp.label, kind, str(persp.inputs.get(method, default)),
                 persp.description, persp.rationale, persp.evidence)  # fmt: skip
        for (col, end), text in zip(spans, texts, strict=True):
            put_text(ws, row, col, text, "pm cell" if col == 1 else "pm input text")
            if end > col:
                merge(ws, row, col, row, end)
    return range(head + 3, head + 3 + len(model.perspectives))


def _crossings(model: DecisionModel) -> np.ndarray:
    """How many red lines each option crosses under each perspective (perspectives x
    options): its own lines, else the case's."""
    return np.array(
        [crossing_mask(under.values, under.red_lines.to_numpy(), under.is_max).sum(axis=1)
         for under in (model.under(p.id) for p in model.perspectives)]
    )  # fmt: skip


def _write_red_lines(ws: Worksheet, model: DecisionModel, head: int) -> int:
    """Each perspective's own red lines, as input cells read back on import (a number in
    place of the case's red line, :data:`NO_RED_LINE` for none, a blank cell for the case's);
    returns the table's last row."""
    crits = model.criteria
    put_text(ws, head, 1, PERSPECTIVE_RED_LINES_TITLE, "pm heading")
    put_text(ws, head + 1, 1, "The worst score a perspective accepts on a criterion, in place "
             "of the case's red line there (Scores sheet); a blank cell: the case's; 'none': no "
             "red line for this perspective. The ranks by perspective above follow them, and so "
             "does the case ranked under that perspective (policy-matrix --perspective ID).",
             "pm note")  # fmt: skip
    merge(ws, head + 1, 1, head + 1, max(DETAIL_LAST_COLUMN, 2 + len(crits)))
    for col, text in enumerate(PERSPECTIVE_RED_LINES_HEADERS, start=1):
        put_text(ws, head + 2, col, text, "pm header")
    for j, crit in enumerate(crits, start=3):
        put_text(ws, head + 2, j, crit.id, "pm header")
        put_text(ws, head + 3, j, crit.label, "pm label")
    for row, persp in enumerate(model.perspectives, start=head + 4):
        put_text(ws, row, 1, persp.id, "pm cell")
        put_text(ws, row, 2, persp.label, "pm text")
        for j, crit in enumerate(crits, start=3):
            if crit.id in persp.red_lines and persp.red_lines[crit.id] is None:
                put_text(ws, row, j, NO_RED_LINE, "pm input")
            else:
                put_number(ws, row, j, persp.red_lines.get(crit.id), "pm input",
                           NUMBER_FORMATS["input"])  # fmt: skip
    return head + 3 + len(model.perspectives)


def add_weight_sheets(book: Book, model: DecisionModel, *, options_across: bool = True) -> None:
    """Add the Weights sheet (and the AHP sheet) when the model has perspectives."""
    if not model.perspectives:
        return
    workbook = book.workbook
    priorities: dict[str, list[str]] = {}
    if any(given(p)[0] == "ahp" for p in model.perspectives):
        priorities = write_ahp(book, workbook.create_sheet(AHP), model)
    write_weights(book, workbook.create_sheet(WEIGHTS), model, options_across=options_across,
                  priorities=priorities)  # fmt: skip
