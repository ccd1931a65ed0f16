"""The reference sheets: Evidence (one row per score), Options and Criteria.

Each fact has one home in the workbook. Ids, labels, directions, scales,
weights and scores live on the Scores sheet (the formulas read them there);
these sheets show them again through formulas and hold the rest: ranges,
rationale, evidence, descriptions, quotes and what each scale means. The ids
in their first columns are plain text: they say which option or criterion a
row is about when the workbook is read back.
"""

from __future__ import annotations

import numpy as np
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.cell_range import MultiCellRange
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from matrix.excel.book import Book
from matrix.excel.layout import SCORES, cell
from matrix.excel.styles import (
    FONT,
    NUMBER_FORMATS,
    fit_height,
    fit_width,
    put_number,
    put_text,
    set_widths,
    title_block,
)
from matrix.io.layout import (
    CRITERIA_HEADERS,
    EVIDENCE_HEADERS,
    HEADER_ROW,
    OPTION_HEADERS,
    RED_LINE_EVIDENCE_COL,
    RED_LINE_EVIDENCE_HEADER,
)
from matrix.model import DecisionModel
from matrix.validation import fmt_number

__all__ = [
    "CRITERIA_HEADERS",
    "EVIDENCE_HEADERS",
    "OPTION_HEADERS",
    "RED_LINE_EVIDENCE_COL",
    "RED_LINE_EVIDENCE_HEADER",
    "listed_scores",
    "write_criteria",
    "write_evidence",
    "write_options",
]

EVIDENCE_WIDTHS = [14, 24, 16, 26, 8, 8, 8, 50, 50]
OPTION_WIDTHS = [18, 26, 70, 60]
CRITERIA_WIDTHS = [18, 24, 44, 10, 8, 8, 22, 22, 8, 44, 44]


def _scale_rule(low: float, high: float) -> DataValidation:
    rule = DataValidation(type="decimal", operator="between", formula1=fmt_number(low),
                          formula2=fmt_number(high))  # fmt: skip
    rule.showErrorMessage = True
    rule.errorTitle = "Outside the scale"
    rule.error = f"Enter a number from {fmt_number(low)} to {fmt_number(high)}."
    return rule


def listed_scores(model: DecisionModel, *, every: bool = True) -> list[tuple[int, int]]:
    """The (option, criterion) positions the Evidence sheet lists: every score, or (a large
    case) only those with a rationale, evidence or a plausible range given."""
    n, m = model.shape
    if every:
        return [(i, j) for i in range(n) for j in range(m)]
    notable = (  # a range given, even one equal to the score, is listed: it reads back as given
        (model.rationale.to_numpy() != "")
        | (model.evidence.to_numpy() != "")
        | model.given_low.notna().to_numpy()
        | model.given_high.notna().to_numpy()
    )
    return [(int(i), int(j)) for i, j in zip(*notable.nonzero(), strict=True)]


EVIDENCE_TEXT = (
    "Why each option scores what it does. Evidence is a verbatim quote from the source, or "
    "'analyst judgement' where the source is silent. Low and high give the plausible range; "
    "a score outside its range after an edit turns red. Scores are edited on the Scores sheet."
)
SPARSE_TEXT = (
    " This case is large, so only the scores with a rationale, evidence or a range are listed; "
    "to add one, fill a new row with its option id, criterion id, low, high, rationale and "
    "evidence."
)


def write_evidence(
    book: Book, ws: Worksheet, model: DecisionModel, listed: list[tuple[int, int]] | None = None
) -> None:
    """One row per score: the score (from the Scores sheet), its range, rationale and evidence.

    A large case (a layout without detail) lists only the scores with something to say;
    ``listed`` gives them when the caller has already worked them out.
    """
    lay = book.layout
    text = EVIDENCE_TEXT if lay.detail else EVIDENCE_TEXT + SPARSE_TEXT
    title_block(ws, "Evidence", text, len(EVIDENCE_HEADERS))
    head = lay.evidence_header_row
    for col, name in enumerate(EVIDENCE_HEADERS, start=1):
        put_text(ws, head, col, name, "pm header")
    m = model.shape[1]
    widths: list[float] = list(EVIDENCE_WIDTHS)
    widths[0] = fit_width(model.option_ids, low=12, high=30)
    widths[2] = fit_width(model.criterion_ids, low=12, high=30)
    low, high = model.given_low.to_numpy(), model.given_high.to_numpy()  # NaN: left blank
    rationale, evidence = model.rationale.to_numpy(), model.evidence.to_numpy()
    rules: dict[int, DataValidation] = {}
    ranges: dict[int, list[str]] = {j: [] for j in range(m)}
    for j, crit in enumerate(model.criteria):
        if crit.has_scale:
            assert crit.scale_min is not None and crit.scale_max is not None
            rules[j] = _scale_rule(crit.scale_min, crit.scale_max)
            ws.add_data_validation(rules[j])
    row = head
    values = model.values
    if listed is None:
        listed = listed_scores(model, every=lay.detail)
    for i, j in listed:
        option, crit = model.options[i], model.criteria[j]
        row += 1
        put_text(ws, row, 1, option.id, "pm cell")
        book.formula(ws, row, 2, f"={cell(SCORES, lay.score_row(i), 2)}", option.label,
                     "pm text")  # fmt: skip
        put_text(ws, row, 3, crit.id, "pm cell")
        book.formula(ws, row, 4, f"={cell(SCORES, lay.label_row, lay.crit_col(j))}",
                     crit.label, "pm text")  # fmt: skip
        book.formula(
            ws,
            row,
            5,
            f"={cell(SCORES, lay.score_row(i), lay.crit_col(j))}",
            float(values[i, j]),
            "pm output",
            NUMBER_FORMATS["input"],
        )
        for col, bound in ((6, low[i, j]), (7, high[i, j])):  # a blank range stays blank
            put_number(ws, row, col, None if np.isnan(bound) else float(bound), "pm input",
                       NUMBER_FORMATS["input"])  # fmt: skip
        put_text(ws, row, 8, rationale[i, j], "pm input text")
        put_text(ws, row, 9, evidence[i, j], "pm input text")
        if j in rules:
            ranges[j].append(f"F{row}:G{row}")
        fit_height(ws, row, [(rationale[i, j], widths[7]), (evidence[i, j], widths[8]),
                             (option.label, widths[1]), (crit.label, widths[3])])  # fmt: skip
    for j, rule in rules.items():  # one range list per rule, parsed once (adding cells one
        rule.sqref = MultiCellRange(" ".join(ranges[j]))  # by one is quadratic in openpyxl)
    last = max(row, head + 1)
    first = head + 1
    ws.conditional_formatting.add(
        f"E{first}:E{last}",
        FormulaRule(
            formula=[
                f'((F{first}<>"")*(E{first}<F{first}))+((G{first}<>"")*(E{first}>G{first}))>0'
            ],
            fill=PatternFill("solid", bgColor="FFC7CE"),
            font=Font(name=FONT, color="9C0006"),
        ),
    )
    set_widths(ws, widths)
    ws.freeze_panes = ws.cell(row=head + 1, column=3)
    ws.auto_filter.ref = f"A{head}:I{last}"
    ws.print_title_rows = f"{head}:{head}"


def write_options(book: Book, ws: Worksheet, model: DecisionModel) -> None:
    """What each option is, in the source's words."""
    lay = book.layout
    title_block(ws, "Options", "The policy options compared, with a passage from the source. "
                "Ids and labels are edited on the Scores sheet.", 4)  # fmt: skip
    for col, name in enumerate(OPTION_HEADERS, start=1):
        put_text(ws, HEADER_ROW, col, name, "pm header")
    for i, option in enumerate(model.options):
        row = HEADER_ROW + 1 + i
        put_text(ws, row, 1, option.id, "pm cell")
        book.formula(ws, row, 2, f"={cell(SCORES, lay.score_row(i), 2)}", option.label, "pm text")
        put_text(ws, row, 3, option.description, "pm input text")
        put_text(ws, row, 4, option.quote, "pm input text")
        texts = (option.id, option.label, option.description, option.quote)
        fit_height(ws, row, zip(texts, OPTION_WIDTHS, strict=True))
    set_widths(ws, OPTION_WIDTHS)
    ws.freeze_panes = f"A{HEADER_ROW + 1}"
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"


def write_criteria(book: Book, ws: Worksheet, model: DecisionModel) -> None:
    """What each criterion measures, its scale and why it weighs what it does."""
    lay = book.layout
    title_block(
        ws,
        "Criteria",
        "What each criterion measures, what the ends of its scale mean, and why it weighs what it "
        "does. Labels, directions, scales and weights are edited on the Scores sheet.",
        len(CRITERIA_HEADERS),
    )
    for col, name in enumerate(CRITERIA_HEADERS, start=1):
        put_text(ws, HEADER_ROW, col, name, "pm header")
    bounds = model.bounds
    for j, crit in enumerate(model.criteria):
        row = HEADER_ROW + 1 + j
        col = lay.crit_col(j)
        put_text(ws, row, 1, crit.id, "pm cell")
        book.formula(ws, row, 2, f"={cell(SCORES, lay.label_row, col)}", crit.label, "pm text")
        put_text(ws, row, 3, crit.description, "pm input text")
        book.formula(ws, row, 4, f"={cell(SCORES, lay.direction_row, col)}", crit.direction,
                     "pm centre")  # fmt: skip
        for offset, (source_row, key) in enumerate(
            ((lay.scale_min_row, "min"), (lay.scale_max_row, "max"))
        ):
            book.formula(ws, row, 5 + offset, f"={cell(SCORES, source_row, col)}",
                         float(bounds[key].to_numpy()[j]),
                         "pm centre" if crit.has_scale else "pm derived", "General")  # fmt: skip
        put_text(ws, row, 7, crit.scale_min_means, "pm input text")
        put_text(ws, row, 8, crit.scale_max_means, "pm input text")
        book.formula(ws, row, 9, f"={cell(SCORES, lay.weight_row, col)}", crit.weight,
                     "pm centre", NUMBER_FORMATS["weight"])  # fmt: skip
        put_text(ws, row, 10, crit.weight_rationale, "pm input text")
        put_text(ws, row, RED_LINE_EVIDENCE_COL, crit.red_line_evidence, "pm input text")
        texts = (crit.id, crit.label, crit.description, "", "", "", crit.scale_min_means,
                 crit.scale_max_means, "", crit.weight_rationale,
                 crit.red_line_evidence)  # fmt: skip
        fit_height(ws, row, zip(texts, CRITERIA_WIDTHS, strict=True))
    set_widths(ws, CRITERIA_WIDTHS)
    ws.freeze_panes = f"C{HEADER_ROW + 1}"
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
