"""The TOPSIS sheet: TOPSIS as live formulas over the Scores sheet (Hwang & Yoon 1981).

Vector normalisation ``r = x / sqrt(sum x^2)``; weighted ``v = r * weight share``;
the ideal takes each criterion's best weighted value (largest for ``max``,
smallest for ``min``), the anti-ideal the worst; ``D+`` and ``D-`` are the
Euclidean distances to them and the closeness ``D- / (D+ + D-)`` is the score.
Every number is a formula, so editing a score or a weight re-ranks at once; the
tests recalculate the sheet in LibreOffice and Gnumeric against
:func:`matrix.methods.topsis.topsis`.
"""

from __future__ import annotations

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from matrix.excel.book import Book
from matrix.excel.layout import CALC, SCORES, cell, span
from matrix.excel.redlines import rank_last
from matrix.excel.styles import NUMBER_FORMATS, fit_width, merge, put_text, set_widths, title_block
from matrix.methods import RANK_DECIMALS, evaluate
from matrix.model import DecisionModel

__all__ = ["TOPSIS_SHEET", "write_topsis"]

TOPSIS_SHEET = "TOPSIS"

METHOD_TEXT = (
    "TOPSIS (Hwang & Yoon 1981), live: each column of scores is divided by its Euclidean length, "
    "multiplied by the criterion's weight share, and compared with the ideal (the best weighted "
    "value of each criterion) and the anti-ideal (the worst). Closeness = D- / (D+ + D-): 1 at the "
    "ideal, 0 at the anti-ideal. Unlike the weighted sum it uses no declared scale."
)

_HEADER = 5  # the results table's header row


def write_topsis(book: Book, ws: Worksheet, model: DecisionModel) -> None:
    """Results (D+, D-, closeness, rank), then the normalised and weighted matrices, all live."""
    lay = book.layout
    n, m = model.shape
    result = evaluate(model, "topsis")
    details = result.details
    normalized = details["normalized"].to_numpy()
    weighted = details["weighted"].to_numpy()
    title_block(ws, "TOPSIS: closeness to the ideal", METHOD_TEXT, max(lay.last_col, 6))
    put_text(ws, 3, 1, "Every number on this sheet is a formula over the Scores sheet.", "pm note")
    merge(ws, 3, 1, 3, max(lay.last_col, 6))

    first = _HEADER + 1
    norm_head = first + n + 2
    weight_head = norm_head + n + 3
    ideal_row = weight_head + n + 1
    anti_row = ideal_row + 1

    for col, text in enumerate(["Option id", "Option", "D+ (to ideal)", "D- (to anti-ideal)",
                                "Closeness", "Rank"], start=1):  # fmt: skip
        put_text(ws, _HEADER, col, text, "pm header")
    for head, title in ((norm_head, "Vector-normalised scores: x / sqrt(sum of x squared)"),
                        (weight_head, "Weighted: normalised score x weight share")):  # fmt: skip
        put_text(ws, head - 1, 1, title, "pm heading")
        put_text(ws, head, 1, "Option id", "pm header")
        put_text(ws, head, 2, "Option", "pm header")
        for j, crit in enumerate(model.criteria):
            col = lay.crit_col(j)
            book.formula(ws, head, col, f"={cell(SCORES, lay.label_row, col)}", crit.label,
                         "pm header")  # fmt: skip
        ws.row_dimensions[head].height = 48
    put_text(ws, ideal_row, 2, "Ideal (best)", "pm label")
    put_text(ws, anti_row, 2, "Anti-ideal (worst)", "pm label")

    letter = get_column_letter
    for i, option in enumerate(model.options):
        label = f"={cell(SCORES, lay.score_row(i), 2)}"
        for row in (first + i, norm_head + 1 + i, weight_head + 1 + i):
            put_text(ws, row, 1, option.id, "pm cell")
            book.formula(ws, row, 2, label, option.label, "pm label")
        for j in range(m):
            col = lay.crit_col(j)
            column = span(SCORES, lay.first_option_row, col, lay.last_option_row, col)
            length = f"SQRT(SUMSQ({column}))"
            score = cell(SCORES, lay.score_row(i), col)
            book.formula(ws, norm_head + 1 + i, col, f"=IF({length}=0,0,{score}/{length})",
                         float(normalized[i, j]), "pm centre", "0.0000")  # fmt: skip
            share = cell(SCORES, lay.share_row, col, fixed_row=True)
            book.formula(ws, weight_head + 1 + i, col, f"={letter(col)}{norm_head + 1 + i}*{share}",
                         float(weighted[i, j]), "pm centre", "0.0000")  # fmt: skip
    for j in range(m):
        col = lay.crit_col(j)
        values = span(None, weight_head + 1, col, weight_head + n, col)
        direction = cell(SCORES, lay.direction_row, col, fixed_row=True)
        book.formula(ws, ideal_row, col, f'=IF({direction}="min",MIN({values}),MAX({values}))',
                     float(details["ideal"].iloc[j]), "pm output", "0.0000")  # fmt: skip
        book.formula(ws, anti_row, col, f'=IF({direction}="min",MAX({values}),MIN({values}))',
                     float(details["anti_ideal"].iloc[j]), "pm output", "0.0000")  # fmt: skip

    first_c, last_c = letter(lay.first_col), letter(lay.last_col)
    ideal = f"${first_c}${ideal_row}:${last_c}${ideal_row}"
    anti = f"${first_c}${anti_row}:${last_c}${anti_row}"
    closeness = span(None, first, 5, first + n - 1, 5)
    for i, option in enumerate(model.options):
        row = first + i
        vector = f"{first_c}{weight_head + 1 + i}:{last_c}{weight_head + 1 + i}"
        book.formula(ws, row, 3, f"=SQRT(SUMPRODUCT(({vector}-{ideal})^2))",
                     float(details["d_plus"].iloc[i]), "pm centre", "0.0000")  # fmt: skip
        book.formula(ws, row, 4, f"=SQRT(SUMPRODUCT(({vector}-{anti})^2))",
                     float(details["d_minus"].iloc[i]), "pm centre", "0.0000")  # fmt: skip
        book.formula(
            ws,
            row,
            5,
            f"=IF(C{row}+D{row}=0,0.5,ROUND(D{row}/(C{row}+D{row}),{RANK_DECIMALS}))",
            float(result.scores[option.id]),
            "pm output",
            NUMBER_FORMATS["score"],
        )
        crossed = cell(CALC, lay.calc_row(i), lay.crossed_col)  # red lines: crossing ranks last
        book.formula(ws, row, 6, rank_last(f"E{row}", crossed, closeness),
                     int(result.ranks[option.id]), "pm output", NUMBER_FORMATS["rank"])  # fmt: skip
    set_widths(ws, [fit_width(model.option_ids, low=12, high=30), 28])
    for col in range(3, max(lay.last_col, 6) + 1):
        ws.column_dimensions[letter(col)].width = 14
    ws.freeze_panes = ws.cell(row=first, column=3)
