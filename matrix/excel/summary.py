"""The Summary sheet: the question, a ranking that re-sorts itself, and how to read it."""

from __future__ import annotations

from collections.abc import Sequence

from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

import matrix.excel.formulas as formulas
from matrix.excel.book import Book
from matrix.excel.calculation import METHOD_TEXT
from matrix.excel.redlines import RED_LINES_NOTE, write_summary_column
from matrix.excel.styles import (
    NUMBER_FORMATS,
    PALETTE,
    fit_height,
    fit_width,
    merge,
    put_text,
    set_widths,
)
from matrix.io.layout import INFO_LABELS, INFO_ROWS
from matrix.methods import Ranking
from matrix.model import CaseInfo, DecisionModel
from matrix.text.reading import ranking_table

__all__ = ["HOW_TO", "INFO_LABELS", "INFO_ROWS", "write_summary"]

#: Beside the Ranking heading: a note, or a warning when every weight is zero.
RANKING_NOTE = "Best first; the order follows the ranks as scores and weights change."
ALL_WEIGHTS_ZERO = "All weights are zero: set at least one weight above zero on the Scores sheet."

#: The bullet that explains the strongest and weakest criterion (a large case has neither).
STRENGTHS_NOTE = (
    "Strongest criterion: where the option gains the most weighted points over the average "
    "option. Weakest: where it loses the most against the average option. A criterion on which "
    "every option scores alike is neither; — means none (never above, or never below, the "
    "average)."
)

HOW_TO = [
    "Edit the blue numbers on the Scores sheet (scores and weights). Totals, ranks, this table "
    "and the charts follow at once; the spreadsheet refuses a score outside its criterion's scale "
    "or a negative weight.",
    "Only the ratios between weights matter: they are divided by their sum (the 'weight share' "
    "row).",
    STRENGTHS_NOTE,
    "To add an option, type its id (column A) and label (column B) in the first empty row under "
    "the options on the Scores sheet, with its scores; to add a criterion, fill the first empty "
    "column to the right (label, id, direction, scale, weight, then the scores). To remove one, "
    "delete its row or column on Scores and its rows on Evidence, Options and Criteria. Then run "
    "policy-matrix on this file: it checks every edit and rebuilds the formulas and charts.",
    "The Calculation sheet shows every step as formulas. Evidence holds each score's rationale, "
    "plausible range and source; Options and Criteria say what each row and column means.",
    "Scores are judgements, not measurements: read the evidence before quoting a number.",
]


def _info_values(info: CaseInfo) -> tuple[str, str, str, str]:
    return (info.question, info.source, info.summary, info.analyst)


SUMMARY_COLUMNS = ["Rank", "Option", "Score (0-1)", "Strongest criterion", "Weakest criterion"]


def _wrapped(ws: Worksheet, row: int, first: int, last: int, text: str, style: str) -> None:
    """Text wrapped across merged columns ``first``..``last``, its row tall enough to show it."""
    put_text(ws, row, first, text, style)
    merge(ws, row, first, row, last)
    width = sum(
        ws.column_dimensions[get_column_letter(c)].width or 9 for c in range(first, last + 1)
    )
    fit_height(ws, row, [(text, width)])


def write_summary(
    book: Book,
    ws: Worksheet,
    model: DecisionModel,
    result: Ranking,
    *,
    omitted: Sequence[str] = (),
) -> None:
    """The question, the source, the live ranking, the leader's margin and how to read it."""
    lay = book.layout
    info = model.info
    n = len(model.options)
    table = ranking_table(model, result)
    set_widths(
        ws,
        [15, fit_width(table["option"], low=30, high=48) + 2, 14,
         fit_width([*table["strongest"], *table["weakest"]], low=24),
         fit_width([*table["strongest"], *table["weakest"]], low=24)],
    )  # fmt: skip
    put_text(ws, 1, 1, info.title, "pm title")
    ws.row_dimensions[1].height = 26
    for label, text in zip(INFO_LABELS, _info_values(info), strict=True):
        row = INFO_ROWS[label]
        put_text(ws, row, 1, label, "pm heading")
        _wrapped(ws, row, 2, 5, text, "pm body")
        ws.cell(row, 2).protection = Protection(locked=False)
    ws.cell(1, 1).protection = Protection(locked=False)

    put_text(ws, 8, 1, "Ranking", "pm heading")
    order = list(table.index)
    put_text(ws, 9, 1, "Leader", "pm label")
    book.formula(ws, 9, 2, formulas.at_place("OptionLabels", 1), table["option"].iloc[0],
                 "pm output")  # fmt: skip
    ws.cell(9, 2).alignment = Alignment(horizontal="left", vertical="top", wrap_text=True)
    # The table re-sorts itself, so any label may land in any row: each row (and the
    # leader's) is as tall as the longest label needs.
    longest = max(table["option"], key=len, default="")
    option_width = ws.column_dimensions["B"].width
    fit_height(ws, 9, [(longest, option_width)])
    texts = [(longest, option_width)]
    if lay.detail:
        named = [str(t) for t in (*table["strongest"], *table["weakest"])]
        texts.append((max(named, key=len, default=""), ws.column_dimensions["D"].width))
    if n >= 2:
        margin = float(table["score"].iloc[0] - table["score"].iloc[1])
        book.formula(
            ws, 9, 3,
            f"={formulas.at_place('Totals', 1)[1:]}-{formulas.at_place('Totals', 2)[1:]}",
            margin, "pm output", NUMBER_FORMATS["score"],
        )  # fmt: skip
        put_text(ws, 9, 4, "ahead of the runner-up (difference in score)", "pm note")
        merge(ws, 9, 4, 9, 5)
    # Never empty, so that a reader that does not calculate finds a stored result here
    # too; red and bold (a conditional format) when it is the warning.
    book.formula(
        ws, 8, 2, f'=IF(SUM(Weights)=0,"{ALL_WEIGHTS_ZERO}","{RANKING_NOTE}")', RANKING_NOTE,
        "pm note",
    )  # fmt: skip
    ws.conditional_formatting.add(
        "B8", FormulaRule(formula=["SUM(Weights)=0"], font=Font(bold=True, italic=False,
                                                                 color="C00000"))
    )  # fmt: skip
    merge(ws, 8, 2, 8, 5)

    shown = len(SUMMARY_COLUMNS) if lay.detail else 3  # a large case: no strongest/weakest
    for col, name in enumerate(SUMMARY_COLUMNS[:shown], start=1):
        put_text(ws, lay.summary_header_row, col, name, "pm header")
    ws.row_dimensions[lay.summary_header_row].height = 20
    sources = ("Ranks", "OptionLabels", "Totals", "Strongest", "Weakest")[:shown]
    columns = ("rank", "option", "score", "strongest", "weakest")[:shown]
    styles = ("pm centre", "pm text", "pm output", "pm text", "pm text")[:shown]
    number_formats = (NUMBER_FORMATS["rank"], None, NUMBER_FORMATS["score"], None, None)[:shown]
    values = [table.loc[order, column].tolist() for column in columns]  # plain Python values
    for k in range(len(order)):
        row = lay.summary_row(k)
        if any(len(text) > width for text, width in texts):
            fit_height(ws, row, texts)
        for col, (source, column, style, fmt) in enumerate(
            zip(sources, values, styles, number_formats, strict=True), start=1
        ):
            book.formula(ws, row, col, formulas.at_place(source, k + 1), column[k], style, fmt)
    write_summary_column(book, ws, model, result, shown + 1)
    first, last = lay.summary_row(0), lay.summary_row(n - 1)
    ws.conditional_formatting.add(
        f"A{first}:{get_column_letter(shown)}{last}",
        FormulaRule(formula=[f"$A{first}=1"], fill=PatternFill("solid", bgColor=PALETTE["winner"])),
    )

    row = last + 2
    put_text(ws, row, 1, "How to read and edit this workbook", "pm heading")
    large = (
        ["This case is large, so the workbook leaves out " + "; ".join(omitted) + "."]
        if omitted
        else []
    )
    how_to = HOW_TO if lay.detail else [t for t in HOW_TO if t is not STRENGTHS_NOTE]
    for text in [METHOD_TEXT, RED_LINES_NOTE, *how_to, *large]:
        row += 1
        _wrapped(ws, row, 1, 5, "• " + text, "pm body")

    ws.print_title_rows = f"{lay.summary_header_row}:{lay.summary_header_row}"
