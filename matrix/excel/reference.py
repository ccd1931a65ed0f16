"""The reference sheets: Evidence (one row per score), Options and Criteria."""

from __future__ import annotations

from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from matrix.excel.book import Book
from matrix.excel.layout import SCORES, cell
from matrix.excel.styles import (
    FONT,
    NUMBER_FORMATS,
    PALETTE,
    fit_height,
    fit_width,
    put_number,
    put_text,
    set_widths,
    title_block,
)
from matrix.model import DecisionModel
from matrix.validation import fmt_number

__all__ = ["write_criteria", "write_evidence", "write_options"]

OPTION_WIDTHS = [18, 26, 70, 60]
CRITERIA_WIDTHS = [20, 26, 50, 10, 10, 10, 26, 26, 9, 50]

WIDTHS = [14, 24, 16, 26, 8, 8, 8, 60, 60]
EVIDENCE_HEADERS = ["Option id", "Option", "Criterion id", "Criterion", "Score", "Low", "High",
                    "Rationale", "Evidence"]  # fmt: skip


def write_evidence(book: Book, ws: Worksheet, model: DecisionModel) -> None:
    """One row per score: the score (from the Scores sheet), its range, rationale and evidence."""
    lay = book.layout
    title_block(
        ws,
        "Evidence",
        "Why each option scores what it does. Evidence is a verbatim quote from the source, or "
        "'analyst judgement' where the source is silent. Low and high give the plausible range; "
        "a score outside its range after an edit turns red. Scores are edited on the Scores sheet.",
        len(EVIDENCE_HEADERS),
    )
    head = lay.evidence_header_row
    for col, name in enumerate(EVIDENCE_HEADERS, start=1):
        put_text(ws, head, col, name, "pm header")
    n, m = model.shape
    widths = list(WIDTHS)
    widths[0] = fit_width(model.option_ids, low=12, high=30)
    widths[2] = fit_width(model.criterion_ids, low=12, high=30)
    low, high = model.low.to_numpy(), model.high.to_numpy()
    rationale, evidence = model.rationale.to_numpy(), model.evidence.to_numpy()
    input_font = Font(name=FONT, size=11, color=PALETTE["input_ink"])
    for i, option in enumerate(model.options):
        for j, crit in enumerate(model.criteria):
            row = lay.evidence_row(i, j)
            put_text(ws, row, 1, option.id, "pm cell")
            put_text(ws, row, 2, option.label, "pm text")
            put_text(ws, row, 3, crit.id, "pm cell")
            put_text(ws, row, 4, crit.label, "pm text")
            book.formula(
                ws,
                row,
                5,
                f"={cell(SCORES, lay.score_row(i), lay.crit_col(j))}",
                float(model.values[i, j]),
                "pm output",
                NUMBER_FORMATS["input"],
            )
            put_number(ws, row, 6, float(low[i, j]), "pm input", NUMBER_FORMATS["input"])
            put_number(ws, row, 7, float(high[i, j]), "pm input", NUMBER_FORMATS["input"])
            put_text(ws, row, 8, rationale[i, j], "pm text").font = input_font
            put_text(ws, row, 9, evidence[i, j], "pm text").font = input_font
            fit_height(ws, row, [(rationale[i, j], widths[7]), (evidence[i, j], widths[8]),
                                 (option.label, widths[1]), (crit.label, widths[3])])  # fmt: skip
            if crit.has_scale:
                rule = DataValidation(type="decimal", operator="between",
                                      formula1=fmt_number(crit.scale_min),
                                      formula2=fmt_number(crit.scale_max))  # fmt: skip
                rule.showErrorMessage = True
                rule.errorTitle = "Outside the scale"
                rule.error = (f"Enter a number from {fmt_number(crit.scale_min)} to "
                              f"{fmt_number(crit.scale_max)}.")  # fmt: skip
                ws.add_data_validation(rule)
                rule.add(f"F{row}:G{row}")
    last = lay.evidence_row(n - 1, m - 1)
    first = head + 1
    ws.conditional_formatting.add(
        f"E{first}:E{last}",
        FormulaRule(
            formula=[f"(E{first}<F{first})+(E{first}>G{first})>0"],
            fill=PatternFill("solid", bgColor="FFC7CE"),
            font=Font(name=FONT, color="9C0006"),
        ),
    )
    set_widths(ws, widths)
    ws.freeze_panes = ws.cell(row=head + 1, column=3)
    ws.auto_filter.ref = f"A{head}:I{last}"
    ws.print_title_rows = f"{head}:{head}"


def write_options(ws: Worksheet, model: DecisionModel) -> None:
    """What each option is, in the source's words."""
    headers = ["Option id", "Option", "Description", "Quote from the source"]
    title_block(ws, "Options", "The policy options compared, with a passage from the source.", 4)
    for col, name in enumerate(headers, start=1):
        put_text(ws, 4, col, name, "pm header")
    for row, option in enumerate(model.options, start=5):
        texts = (option.id, option.label, option.description, option.quote)
        for col, text in enumerate(texts, 1):
            put_text(ws, row, col, text, "pm text")
        fit_height(ws, row, zip(texts, OPTION_WIDTHS, strict=True))
    set_widths(ws, OPTION_WIDTHS)
    ws.freeze_panes = "A5"
    ws.print_title_rows = "4:4"


def write_criteria(book: Book, ws: Worksheet, model: DecisionModel) -> None:
    """What each criterion measures, its scale and why it weighs what it does."""
    headers = ["Criterion id", "Criterion", "Description", "Direction", "Scale min", "Scale max",
               "Scale min means", "Scale max means", "Weight", "Why this weight"]  # fmt: skip
    title_block(
        ws,
        "Criteria",
        "What each criterion measures, what its scale means, and its weight (edit weights on the "
        "Scores sheet; this column follows).",
        len(headers),
    )
    for col, name in enumerate(headers, start=1):
        put_text(ws, 4, col, name, "pm header")
    for row, crit in enumerate(model.criteria, start=5):
        put_text(ws, row, 1, crit.id, "pm text")
        put_text(ws, row, 2, crit.label, "pm text")
        put_text(ws, row, 3, crit.description, "pm text")
        put_text(ws, row, 4, crit.direction, "pm centre")
        for col, value in ((5, crit.scale_min), (6, crit.scale_max)):
            if value is None:
                put_text(ws, row, col, "data range", "pm centre")
            else:
                put_number(ws, row, col, value, "pm centre", NUMBER_FORMATS["input"])
        put_text(ws, row, 7, crit.scale_min_means, "pm text")
        put_text(ws, row, 8, crit.scale_max_means, "pm text")
        weight = cell(SCORES, book.layout.weight_row, book.layout.crit_col(row - 5))
        book.formula(ws, row, 9, f"={weight}", crit.weight, "pm centre", NUMBER_FORMATS["weight"])
        put_text(ws, row, 10, crit.weight_rationale, "pm text")
        texts = (crit.id, crit.label, crit.description, "", "", "", crit.scale_min_means,
                 crit.scale_max_means, "", crit.weight_rationale)  # fmt: skip
        fit_height(ws, row, zip(texts, CRITERIA_WIDTHS, strict=True))
    set_widths(ws, CRITERIA_WIDTHS)
    ws.freeze_panes = "C5"
    ws.print_title_rows = "4:4"
