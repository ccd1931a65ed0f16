"""What every sheet of numbers computed by Python carries: a stamp, and a stale-input warning.

The Sensitivity, Uncertainty and Scenarios sheets hold values computed by
policy-matrix, not formulas: they describe the case as it was exported. Each
sheet says so, with the run's parameters, and shows a warning computed by the
spreadsheet itself when the scores or weights on the Scores sheet have been
edited since.

The check is a checksum: ``SUMPRODUCT`` of each row of score cells (and of the
weight cells) with fixed pseudo-random whole-number coefficients written into
the formula, added up and compared with the same sum computed at export. Any
single edit changes it; only the functions SUMPRODUCT, SUM, IF and ABS are used.
This module is the only place that knows where the Scores sheet keeps its inputs.

>>> coefficients(2, 3).tolist()
[[40, 61, 7], [90, 86, 48], [21, 61, 61]]
>>> checksum_formulas(2, 3)[0]
'=SUMPRODUCT(Scores!$C$9:$E$9,{40,61,7})'
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

import numpy as np
from openpyxl.chart._chart import ChartBase
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from matrix import __version__
from matrix.excel.book import Book
from matrix.excel.layout import Layout
from matrix.excel.styles import FONT, PALETTE, fit_rows, merge, put_number, put_text
from matrix.model import DecisionModel

__all__ = [
    "INPUTS_CHANGED",
    "INPUTS_UNCHANGED",
    "checksum",
    "checksum_formulas",
    "coefficients",
    "fit_rows",
    "stamp_text",
    "style_chart",
    "write_header",
    "write_input_check",
]

#: The Scores sheet's name, as the check's formulas refer to it.
SCORES_SHEET = "Scores"

#: Fixed, so the coefficients (and the checksum) are the same in every export.
_CHECK_SEED = 20170922

INPUTS_UNCHANGED = (
    "✓ The scores and weights on the Scores sheet are as they were when these numbers "
    "were computed."
)
INPUTS_CHANGED = (
    "⚠ The scores or weights on the Scores sheet have been edited since these numbers were "
    "computed: they describe the case as exported. Run policy-matrix again to update them."
)


def coefficients(options: int, criteria: int) -> np.ndarray:
    """The checksum's whole-number coefficients: first the weight row, then one row per option."""
    rng = np.random.default_rng(_CHECK_SEED)
    return rng.integers(1, 98, size=(options + 1, criteria))


_LAYOUT = Layout(0, 0)  # the Scores sheet's fixed rows and first column


def _row_range(row: int, criteria: int) -> str:
    first = get_column_letter(_LAYOUT.first_col)
    last = get_column_letter(_LAYOUT.first_col + criteria - 1)
    return f"{SCORES_SHEET}!${first}${row}:${last}${row}"


def checksum_formulas(options: int, criteria: int) -> list[str]:
    """One formula for the weight row, then one per option row of the Scores sheet."""
    rows = [_LAYOUT.weight_row] + [_LAYOUT.score_row(i) for i in range(options)]
    coeffs = coefficients(options, criteria)
    return [
        f"=SUMPRODUCT({_row_range(row, criteria)},{{{','.join(str(int(c)) for c in line)}}})"
        for row, line in zip(rows, coeffs, strict=True)
    ]


def checksum_lines(model: DecisionModel) -> list[float]:
    """Each checksum formula's value for the model's weights and scores."""
    n, m = model.shape
    coeffs = coefficients(n, m).astype(float)
    inputs = np.vstack([model.weights.to_numpy()[None, :], model.values])
    return [float(np.dot(line, c)) for line, c in zip(inputs, coeffs, strict=True)]


def checksum(model: DecisionModel) -> float:
    """The checksum of the model's weights and scores, as the formulas compute it."""
    return float(sum(checksum_lines(model)))


def stamp_text(params: Mapping[str, Any], when: datetime | None = None) -> str:
    """One line naming the program, the time and the run's parameters."""
    when = when or datetime.now(UTC)
    parts = [f"Computed by policy-matrix {__version__} on {when:%Y-%m-%d %H:%M} UTC"]
    parts += [f"{key}: {value}" for key, value in params.items()]
    return "; ".join(parts) + ". Values, not formulas: editing other sheets does not update them."


def write_header(
    ws: Worksheet,
    title: str,
    subtitle: str,
    params: Mapping[str, Any],
    *,
    width_columns: int,
    when: datetime | None = None,
) -> int:
    """Title, subtitle, the warning cell (A3) and the stamp (A4); returns the next free row."""
    put_text(ws, 1, 1, title, "pm title")
    put_text(ws, 2, 1, subtitle, "pm subtitle")
    put_text(ws, 4, 1, stamp_text(params, when), "pm note")
    for row in (2, 3, 4):
        merge(ws, row, 1, row, width_columns)
    ws.row_dimensions[1].height = 24
    ws.row_dimensions[2].height = 32
    ws.row_dimensions[3].height = 32
    ws.row_dimensions[4].height = 26
    return 6


def write_input_check(ws: Worksheet, model: DecisionModel, row: int, *, book: Book) -> int:
    """The checksum block from ``row`` down, and the warning formula in A3.

    Returns the row after the block.
    """
    n, m = model.shape
    put_text(ws, row, 1, "Input check", "pm heading")
    put_text(
        ws,
        row + 1,
        1,
        "How the warning at the top works: each line below multiplies one row of inputs on the "
        "Scores sheet (the weights, then each option's scores) by fixed whole numbers and adds "
        "them up. If the total differs from the total at export, an input has been edited.",
        "pm note",
    )
    merge(ws, row + 1, 1, row + 1, 6)
    ws.row_dimensions[row + 1].height = 40
    first = row + 2
    labels = ["Weights"] + [f"Scores of {o.label}" for o in model.options]
    lines = checksum_lines(model)
    for offset, (label, formula) in enumerate(zip(labels, checksum_formulas(n, m), strict=True)):
        put_text(ws, first + offset, 1, label, "pm cell")
        book.formula(ws, first + offset, 2, formula, lines[offset], "pm cell", "0.000")
    last = first + n
    total_row, export_row = last + 1, last + 2
    put_text(ws, total_row, 1, "Total now", "pm label")
    book.formula(ws, total_row, 2, f"=SUM(B{first}:B{last})", checksum(model), "pm output",
                 "0.000")  # fmt: skip
    put_text(ws, export_row, 1, "Total at export", "pm label")
    put_number(ws, export_row, 2, checksum(model), "pm output", "0.000")
    now, then = f"B{total_row}", f"B{export_row}"
    book.formula(
        ws,
        3,
        1,
        f'=IF(ABS({now}-{then})>0.000000001*(1+ABS({then})),"{INPUTS_CHANGED}","{INPUTS_UNCHANGED}")',
        INPUTS_UNCHANGED,
        "pm body",
    )
    ws["A3"].font = Font(name=FONT, bold=True, color=PALETTE["ink"])
    ws.conditional_formatting.add(
        "A3",
        CellIsRule(
            operator="equal",
            formula=[f'"{INPUTS_CHANGED}"'],
            font=Font(name=FONT, bold=True, color="FFFFFF"),
            fill=PatternFill("solid", fgColor="C00000", bgColor="C00000"),
        ),
    )
    return export_row + 1


def style_chart(
    chart: ChartBase, title: str, x_title: str, y_title: str, *, width: float, height: float
) -> None:
    """Title, axis titles, visible axes (current Excel hides them otherwise) and the legend."""
    chart.title = title
    if x_title:
        chart.x_axis.title = x_title
    if y_title:
        chart.y_axis.title = y_title
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.legend.position = "b"
    chart.width = width
    chart.height = height
