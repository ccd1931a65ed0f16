"""The AHP sheet: each AHP perspective's judgements as an editable grid, its priorities live.

For each perspective elicited by AHP the sheet holds the ``m`` x ``m`` pairwise
matrix (row over column): the judgements above the diagonal are inputs, the
diagonal is 1 and each cell below it is the reciprocal of its mirror, as a
formula. The priorities are the principal eigenvector of the matrix, as
policy-matrix computes it in Python, found live by power iteration: start from
the rows' geometric means and multiply by the matrix again and again, dividing
each time by the sum, until the vector no longer changes. Each step is one row
of ``SUMPRODUCT`` formulas (grouped and folded away under the block); the
number of steps is chosen at export so that the exported matrix settles with
room to spare, and a cell says whether an edited one has settled too. The
consistency numbers follow live. Only the list of the judgements furthest from
the priorities is computed at export, with a warning when a judgement has been
edited since.

Functions used: SUMPRODUCT, SUM, GEOMEAN, MAX, ABS and IF.
"""

from __future__ import annotations

import math

import numpy as np
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet

from matrix.ahp import CR_THRESHOLD, SCALE_MAX, AHPResult
from matrix.excel.book import Book
from matrix.excel.styles import FONT, PALETTE, merge, put_number, put_text, set_widths
from matrix.io.layout import AHP, AHP_ID_LABEL, AhpLayout
from matrix.model import DecisionModel
from matrix.text.perspectives import consistency

__all__ = [
    "JUDGEMENTS_CHANGED",
    "JUDGEMENTS_UNCHANGED",
    "SHRINK",
    "page_break",
    "power_iteration",
    "write_ahp",
]

#: Ids above a grid's columns: shrunk to fit rather than cut off.
SHRINK = Alignment(horizontal="center", vertical="top", shrink_to_fit=True)


def page_break(ws: Worksheet, row: int) -> None:
    """Start a new printed page at ``row`` (a table and its chart stay together)."""
    if row > 1:
        ws.row_breaks.append(Break(id=row - 1))


#: Power-iteration steps: at least this many, and ten more than the exported matrix needs.
MIN_STEPS, MAX_STEPS, SPARE_STEPS = 20, 100, 10
#: The priorities have settled when one more step moves them by less than this in total.
SETTLED = 1e-12

JUDGEMENTS_UNCHANGED = "✓ The judgements are as they were when this list was computed."
JUDGEMENTS_CHANGED = (
    "⚠ A judgement has been edited since this list was computed: it describes the judgements "
    "as exported. Run policy-matrix again to update it."
)


def power_iteration(matrix: np.ndarray, steps: int | None = None) -> np.ndarray:
    """The rows the sheet computes: the rows' geometric means, then ``steps`` steps.

    Step ``k + 1`` is ``A w / (column sums . w)``, which sums to 1. Without
    ``steps``, as many as the matrix needs to settle, plus spare ones.

    >>> a = np.array([[1, 3, 5], [1 / 3, 1, 2], [1 / 5, 1 / 2, 1]])
    >>> power_iteration(a)[-1].round(3).tolist()
    [0.648, 0.23, 0.122]
    """
    values = np.asarray(matrix, dtype=float)
    sums = values.sum(axis=0)
    rows = [np.exp(np.log(values).mean(axis=1))]
    limit = steps if steps is not None else MAX_STEPS
    settled_at = None
    for step in range(1, limit + 1):
        prev = rows[-1]
        rows.append(values @ prev / float(sums @ prev))
        moved = float(np.abs(rows[-1] - rows[-2]).sum())
        if steps is None and settled_at is None and step > 1 and moved <= SETTLED / 1000:
            settled_at = step
        if settled_at is not None and step >= max(MIN_STEPS, settled_at + SPARE_STEPS):
            break
    return np.array(rows)


def _ref(row: int, col: int, *, sheet: bool = False) -> str:
    here = f"${get_column_letter(col)}${row}"
    return f"{AHP}!{here}" if sheet else here


def _span(row: int, first: int, last: int) -> str:
    return f"{_ref(row, first)}:{_ref(row, last)}"


def _coefficients(m: int) -> list[int]:
    """Fixed whole numbers for the judgements' checksum, one per pair above the diagonal."""
    rng = np.random.default_rng(20170922)
    return [int(c) for c in rng.integers(1, 98, size=m * (m - 1) // 2)]


def _grid(book: Book, ws: Worksheet, lay: AhpLayout, values: np.ndarray) -> None:
    m = lay.m
    rule = DataValidation(type="decimal", operator="between", formula1=repr(1 / SCALE_MAX),
                          formula2=repr(SCALE_MAX))  # fmt: skip
    rule.error = "A judgement is a number from 1/9 to 9 (type 1/3 as =1/3)."
    rule.errorTitle = "Judgement"
    for i in range(m):
        for j in range(m):
            row, col = lay.grid_row(i), lay.grid_col(j)
            if i < j:
                put_number(ws, row, col, float(values[i, j]), "pm input", "# ?/?")
                rule.add(ws.cell(row, col).coordinate)
            elif i == j:
                put_number(ws, row, col, 1.0, "pm derived", "0")
            else:
                mirror = _ref(lay.grid_row(j), lay.grid_col(i))
                book.formula(ws, row, col, f"=1/{mirror}", float(1 / values[j, i]), "pm derived",
                             "# ?/?")  # fmt: skip
    ws.add_data_validation(rule)


def _block(book: Book, ws: Worksheet, model: DecisionModel, pid: str, result: AHPResult,
           top: int) -> tuple[list[str], int]:  # fmt: skip
    """One perspective's block from row ``top``; the priority cells and the next free row."""
    crits = model.criteria
    m = len(crits)
    lay = AhpLayout(m, top)
    first, last = lay.grid_col(0), lay.grid_col(m - 1)
    values = result.matrix.to_numpy()
    rows = power_iteration(values)
    persp = model.perspective(pid)
    put_text(ws, top, 1, f"{persp.label}", "pm heading")
    put_text(ws, lay.id_row, 1, AHP_ID_LABEL, "pm label")
    put_text(ws, lay.id_row, 2, pid, "pm cell")
    put_text(ws, lay.ids_row, 1, "Criterion id", "pm header")
    put_text(ws, lay.ids_row, 2, "Row over column", "pm header")
    for j, crit in enumerate(crits):
        put_text(ws, lay.ids_row, lay.grid_col(j), crit.id, "pm centre").alignment = SHRINK
        put_text(ws, lay.ids_row + 1, lay.grid_col(j), crit.label, "pm header")
        put_text(ws, lay.grid_row(j), 1, crit.id, "pm cell")
        put_text(ws, lay.grid_row(j), 2, crit.label, "pm label")
    ws.row_dimensions[lay.ids_row + 1].height = 45
    _grid(book, ws, lay, values)

    sums = values.sum(axis=0)
    put_text(ws, lay.column_sum_row, 2, "Column sum", "pm label")
    for j in range(m):
        col = lay.grid_col(j)
        span = f"{_ref(lay.grid_row(0), col)}:{_ref(lay.grid_row(m - 1), col)}"
        book.formula(ws, lay.column_sum_row, col, f"=SUM({span})", float(sums[j]), "pm cell",
                     "0.000")  # fmt: skip

    # The power iteration, below everything else in the block, folded away.
    steps_head = lay.priority_row + 10
    first_step = steps_head + 2
    sums_span = _span(lay.column_sum_row, first, last)
    for k, line in enumerate(rows):
        row = first_step + k
        put_text(ws, row, 2, "Geometric means" if k == 0 else f"Step {k}", "pm label")
        prev = _span(row - 1, first, last)
        for j in range(m):
            grid_row = _span(lay.grid_row(j), first, last)
            step = f"=SUMPRODUCT({grid_row},{prev})/SUMPRODUCT({sums_span},{prev})"
            formula = f"=GEOMEAN({grid_row})" if k == 0 else step
            book.formula(ws, row, lay.grid_col(j), formula, float(line[j]), "pm cell", "0.000000")
    last_step = first_step + len(rows) - 1

    put_text(ws, lay.priority_row, 2, "Priority", "pm label")
    for j in range(m):
        book.formula(ws, lay.priority_row, lay.grid_col(j), f"={_ref(last_step, lay.grid_col(j))}",
                     float(rows[-1][j]), "pm output", "0.0%")  # fmt: skip
    priorities = _span(lay.priority_row, first, last)
    change = (f"SUMPRODUCT(ABS({_span(last_step, first, last)}-"
              f"{_span(last_step - 1, first, last)}))")  # fmt: skip
    settled = "settled" if float(np.abs(rows[-1] - rows[-2]).sum()) <= SETTLED else "NOT settled"
    put_text(ws, lay.priority_row + 1, 2, "Power iteration", "pm label")
    book.formula(
        ws,
        lay.priority_row + 1,
        first,
        f'=IF({change}<={SETTLED:.0E},"settled","NOT settled: the judgements contradict each '
        f'other too much; run policy-matrix again for exact priorities")',
        settled,
        "pm text",
    )

    # Consistency, live.
    row = lay.priority_row + 3
    lam = float(sums @ rows[-1])
    n_cell, lam_cell = _ref(row, 3), _ref(row + 1, 3)
    ci_cell, ri_cell, cr_cell = _ref(row + 2, 3), _ref(row + 3, 3), _ref(row + 4, 3)
    ci = max((lam - m) / (m - 1), 0.0) if m > 2 else 0.0
    cr = ci / result.ri if result.ri else 0.0
    put_text(ws, row, 2, "Criteria compared (n)", "pm label")
    put_number(ws, row, 3, float(m), "pm cell", "0")
    put_text(ws, row + 1, 2, "lambda_max", "pm label")
    book.formula(ws, row + 1, 3, f"=SUMPRODUCT({sums_span},{priorities})", lam, "pm output",
                 "0.000")  # fmt: skip
    put_text(ws, row + 2, 2, "CI = (lambda_max - n)/(n - 1)", "pm label")
    if m > 2:
        book.formula(ws, row + 2, 3, f"=MAX(({lam_cell}-{n_cell})/({n_cell}-1),0)", ci,
                     "pm output", "0.000")  # fmt: skip
    else:
        put_number(ws, row + 2, 3, 0.0, "pm output", "0.000")
    put_text(ws, row + 3, 2, f"RI ({result.random_index})", "pm label")
    put_number(ws, row + 3, 3, float(result.ri), "pm cell", "0.00")
    put_text(ws, row + 4, 2, "CR = CI / RI", "pm label")
    book.formula(ws, row + 4, 3, f"=IF({ri_cell}=0,0,{ci_cell}/{ri_cell})", cr, "pm output",
                 "0.000")  # fmt: skip
    good, bad = "consistent (CR at most 0.10)", "INCONSISTENT: CR above 0.10"
    verdict = book.formula(ws, row + 4, 4, f'=IF({cr_cell}<={CR_THRESHOLD},"{good}","{bad}")',
                           good if cr <= CR_THRESHOLD else bad, "pm output")  # fmt: skip
    verdict.font = Font(name=FONT, bold=True)
    where = verdict.coordinate
    green = PatternFill("solid", fgColor=PALETTE["winner"], bgColor=PALETTE["winner"])
    red = PatternFill("solid", fgColor=PALETTE["bad"], bgColor=PALETTE["bad"])
    ws.conditional_formatting.add(where, CellIsRule(operator="equal", formula=[f'"{good}"'],
                                                    fill=green))  # fmt: skip
    ws.conditional_formatting.add(where, CellIsRule(operator="equal", formula=[f'"{bad}"'],
                                                    fill=red))  # fmt: skip
    merge(ws, row + 4, 4, row + 4, 5)

    # Beside them, the judgements furthest from the priorities: computed at export, with a
    # warning when a judgement has been edited since.
    left = 6
    put_text(ws, row, left, "Judgements furthest from what the priorities imply (at export)",
             "pm heading")  # fmt: skip
    pairs = [(i, j) for i in range(m) for j in range(i + 1, m)]
    coeffs = _coefficients(m)
    terms = "+".join(f"{c}*{_ref(lay.grid_row(i), lay.grid_col(j))}"
                     for c, (i, j) in zip(coeffs, pairs, strict=True)) or "0"  # fmt: skip
    total = float(sum(c * values[i, j] for c, (i, j) in zip(coeffs, pairs, strict=True)))
    warning = book.formula(
        ws,
        row + 1,
        left,
        f'=IF(ABS(({terms})-{total!r})>0.000000001*(1+{abs(total)!r}),"{JUDGEMENTS_CHANGED}",'
        f'"{JUDGEMENTS_UNCHANGED}")',
        JUDGEMENTS_UNCHANGED,
        "pm body",
    )
    warning.font = Font(name=FONT, bold=True, color=PALETTE["ink"])
    ws.conditional_formatting.add(
        warning.coordinate,
        CellIsRule(operator="equal", formula=[f'"{JUDGEMENTS_CHANGED}"'],
                   font=Font(name=FONT, bold=True, color="FFFFFF"),
                   fill=PatternFill("solid", fgColor="C00000", bgColor="C00000")),
    )  # fmt: skip
    merge(ws, row + 1, left, row + 1, left + 5)
    ws.row_dimensions[row + 1].height = 32
    header = row + 2
    columns = ((left, 2, "Row"), (left + 2, 2, "Column"), (left + 4, 1, "Judged"),
               (left + 5, 1, "Priorities imply"))  # fmt: skip
    labels = {c.id: c.label for c in crits}
    lines = result.most_inconsistent(3).to_dict("records")
    for r in range(header, header + 1 + len(lines)):
        for col, width, _ in columns:
            if width > 1:
                merge(ws, r, col, r, col + 1)
    for col, _, text in columns:
        put_text(ws, header, col, text, "pm header")
    ws.row_dimensions[header].height = 30
    for offset, line in enumerate(lines):
        r = header + 1 + offset
        put_text(ws, r, left, labels[str(line["row"])], "pm cell")
        put_text(ws, r, left + 2, labels[str(line["column"])], "pm cell")
        put_number(ws, r, left + 4, float(line["given"]), "pm centre", "# ?/?")
        put_number(ws, r, left + 5, float(line["implied"]), "pm centre", "0.00")

    put_text(ws, steps_head, 2, "Power iteration: each step multiplies the previous row by the "
             "matrix and divides by the sum (rows grouped: + in the margin shows them)",
             "pm note")  # fmt: skip
    for r in range(steps_head, last_step + 1):
        ws.row_dimensions[r].outlineLevel = 1
        ws.row_dimensions[r].hidden = True
    return [_ref(lay.priority_row, lay.grid_col(j), sheet=True) for j in range(m)], last_step + 2


def write_ahp(book: Book, ws: Worksheet, model: DecisionModel) -> dict[str, list[str]]:
    """Write a block per AHP perspective; return each one's priority cells, by perspective id.

    The Weights sheet refers to these cells, so its weights follow the judgements.
    """
    results = consistency(model)
    m = len(model.criteria)
    put_text(ws, 1, 1, "AHP: pairwise judgements and consistency", "pm title")
    put_text(
        ws,
        2,
        1,
        "Each blue cell says how much more important the row's criterion is than the column's "
        "(1 to 9, or 1/9 to 1 for less important; type 1/3 as =1/3); the cells below the "
        "diagonal are their reciprocals. Edit a judgement and the priorities, the consistency "
        "numbers and the Weights sheet follow. Priorities: the principal eigenvector of the "
        "matrix, as policy-matrix computes it, found by power iteration. CI = (lambda_max - "
        "n)/(n - 1); CR = CI / RI. A CR above 0.10 means the judgements contradict each other: "
        "revisit those listed.",
        "pm subtitle",
    )
    merge(ws, 2, 1, 2, max(m + 2, 8))
    ws.row_dimensions[2].height = 15 * max(3, math.ceil(560 / (12 * max(m + 2, 8) + 24)))
    cells: dict[str, list[str]] = {}
    row = 4
    last = row
    for number, (pid, result) in enumerate(results.items()):
        if number:
            page_break(ws, row)  # one perspective a page
        cells[pid], row = _block(book, ws, model, pid, result, row)
        last = row
        row += 1
    set_widths(ws, [20, 30, *([13] * max(m, 9))])
    ws.print_area = f"A1:{get_column_letter(2 + max(m, 9))}{last}"
    ws.sheet_properties.outlinePr.summaryBelow = False
    return cells
