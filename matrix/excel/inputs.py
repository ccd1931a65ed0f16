"""The Scores sheet: the inputs of the analysis, with validation, notes and a heat map."""

from __future__ import annotations

from openpyxl.comments import Comment
from openpyxl.formatting.rule import ColorScaleRule
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from matrix.excel.book import Book
from matrix.excel.redlines import write_red_line_row
from matrix.excel.styles import (
    HEAT,
    NUMBER_FORMATS,
    fit_width,
    put_number,
    put_text,
    set_widths,
    title_block,
)
from matrix.model import Criterion, DecisionModel, Option
from matrix.validation import fmt_number

__all__ = ["write_scores"]

NOTE_WIDTH, NOTE_HEIGHT = 360, 200  # points


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _scale_words(crit: Criterion) -> str:
    if not crit.has_scale:
        return "any number (no declared scale: normalised on the options' range)"
    lo, hi = fmt_number(crit.scale_min), fmt_number(crit.scale_max)
    words = f"{lo} to {hi}"
    if crit.scale_min_means or crit.scale_max_means:
        words += f" ({lo} = {crit.scale_min_means or '?'}; {hi} = {crit.scale_max_means or '?'})"
    return words


def _direction_words(crit: Criterion) -> str:
    return "more is better" if crit.direction == "max" else "less is better"


def _score_validation(crit: Criterion) -> DataValidation:
    if crit.has_scale:
        lo, hi = fmt_number(crit.scale_min), fmt_number(crit.scale_max)
        rule = DataValidation(type="decimal", operator="between", formula1=lo, formula2=hi)
        error = f"Enter a number from {lo} to {hi}."
    else:
        rule = DataValidation(
            type="decimal", operator="between", formula1="-1E+307", formula2="1E+307"
        )
        error = "Enter a number."
    rule.showErrorMessage = rule.showInputMessage = True
    rule.errorStyle = "stop"
    rule.errorTitle = "Score out of range"
    rule.error = _clip(f"{crit.label}: {error}", 255)
    rule.promptTitle = _clip(crit.label, 32)
    rule.prompt = _clip(f"Scale {_scale_words(crit)}; {_direction_words(crit)}.", 255)
    return rule


def _heat_map(ws: Worksheet, crit: Criterion, column: str, rows: tuple[int, int]) -> None:
    """Colour the column by how good each score is: green good, red bad, on the scale."""
    good, mid, bad = HEAT["good"], HEAT["mid"], HEAT["bad"]
    low_colour, high_colour = (bad, good) if crit.direction == "max" else (good, bad)
    if crit.has_scale:
        lo, hi = crit.scale_min, crit.scale_max
        assert lo is not None and hi is not None
        rule = ColorScaleRule(
            start_type="num", start_value=lo, start_color=low_colour,
            mid_type="num", mid_value=(lo + hi) / 2, mid_color=mid,
            end_type="num", end_value=hi, end_color=high_colour,
        )  # fmt: skip
    else:
        rule = ColorScaleRule(
            start_type="min", start_color=low_colour,
            mid_type="percentile", mid_value=50, mid_color=mid,
            end_type="max", end_color=high_colour,
        )  # fmt: skip
    ws.conditional_formatting.add(f"{column}{rows[0]}:{column}{rows[1]}", rule)


def _note(
    option: Option, crit: Criterion, low: float, high: float, rationale: str, evidence: str
) -> Comment:
    rationale = rationale or "No rationale given."
    evidence = evidence or "none given"
    text = (
        f"{option.label} — {crit.label}\n"
        f"{rationale}\n"
        f"Plausible range: {fmt_number(low)} to {fmt_number(high)}\n"
        f"Evidence: {evidence}"
    )
    note = Comment(_clip(text, 32_000), "policy-matrix")
    note.width, note.height = NOTE_WIDTH, NOTE_HEIGHT
    return note


def write_scores(book: Book, ws: Worksheet, model: DecisionModel, *, notes: bool = True) -> None:
    """The option x criterion matrix with each criterion's direction, scale and weight."""
    lay = book.layout
    title_block(
        ws,
        "Scores and weights: the inputs",
        "Blue numbers are inputs: edit a score or a weight and every total, rank and chart "
        "follows. Scores are coloured by how good they are on their criterion's scale (green "
        "good, red bad). Point at a score to read its rationale and evidence.",
        lay.last_col,
    )
    labels = {
        lay.label_row: "Criterion",
        lay.id_row: "Criterion id",
        lay.direction_row: "Direction",
        lay.scale_min_row: "Scale min",
        lay.scale_max_row: "Scale max",
        lay.weight_row: "Weight (input)",
        lay.share_row: "Weight share",
    }
    for row, text in labels.items():
        put_text(ws, row, 2, text, "pm label")
    weights_rule = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0")
    weights_rule.showErrorMessage = weights_rule.showInputMessage = True
    weights_rule.errorTitle = "Weight must be 0 or more"
    weights_rule.error = "Enter a number of 0 or more. Weights are divided by their sum."
    weights_rule.promptTitle = "Weight"
    weights_rule.prompt = "Any number of 0 or more; only the ratios between weights matter."
    ws.add_data_validation(weights_rule)
    shares = model.normalized_weights
    bounds = model.bounds
    for j, crit in enumerate(model.criteria):
        col = lay.crit_col(j)
        letter = get_column_letter(col)
        put_text(ws, lay.label_row, col, crit.label, "pm header")
        put_text(ws, lay.id_row, col, crit.id, "pm centre")
        put_text(ws, lay.direction_row, col, crit.direction, "pm centre")
        ws.cell(lay.direction_row, col).comment = _direction_note(crit)
        column_range = f"{letter}${lay.first_option_row}:{letter}${lay.last_option_row}"
        for row, end, func in (
            (lay.scale_min_row, crit.scale_min, "MIN"),
            (lay.scale_max_row, crit.scale_max, "MAX"),
        ):
            if end is not None:
                put_number(ws, row, col, end, "pm centre", NUMBER_FORMATS["input"])
            else:  # no declared scale: the options' range, live
                key = "min" if func == "MIN" else "max"
                book.formula(
                    ws,
                    row,
                    col,
                    f"={func}({column_range})",
                    float(bounds[key].to_numpy()[j]),
                    "pm derived",
                    "General",
                )
        put_number(ws, lay.weight_row, col, crit.weight, "pm input", NUMBER_FORMATS["weight"])
        weights_rule.add(ws.cell(lay.weight_row, col))
        book.formula(
            ws,
            lay.share_row,
            col,
            f"=IF(SUM(Weights)=0,0,{letter}{lay.weight_row}/SUM(Weights))",
            float(shares[crit.id]),
            "pm output",
            NUMBER_FORMATS["share"],
        )
        put_text(ws, lay.header_row, col, crit.label, "pm header")
        rule = _score_validation(crit)
        ws.add_data_validation(rule)
        rule.add(f"{letter}{lay.first_option_row}:{letter}{lay.last_option_row}")
        _heat_map(ws, crit, letter, (lay.first_option_row, lay.last_option_row))
    put_text(ws, lay.header_row, 1, "Option id", "pm header")
    put_text(ws, lay.header_row, 2, "Option", "pm header")
    values = model.values
    if notes:  # the arrays once: each of the model's properties is a fresh copy
        low, high = model.low.to_numpy(), model.high.to_numpy()
        rationale, evidence = model.rationale.to_numpy(), model.evidence.to_numpy()
    for i, option in enumerate(model.options):
        row = lay.score_row(i)
        put_text(ws, row, 1, option.id, "pm cell")
        put_text(ws, row, 2, option.label, "pm label")
        for j in range(model.shape[1]):
            cell = put_number(
                ws, row, lay.crit_col(j), float(values[i, j]), "pm input", NUMBER_FORMATS["input"]
            )
            if notes:
                cell.comment = _note(option, model.criteria[j], float(low[i, j]),
                                     float(high[i, j]), str(rationale[i, j]),
                                     str(evidence[i, j]))  # fmt: skip
    write_red_line_row(book, ws, model)
    ws.row_dimensions[lay.label_row].height = 48
    ws.row_dimensions[lay.header_row].height = 48
    set_widths(
        ws,
        [fit_width(model.option_ids, low=12, high=24),
         fit_width([o.label for o in model.options] + list(labels.values()), low=16, high=40) + 2],
    )  # fmt: skip
    for j, crit in enumerate(model.criteria):
        width = min(max(14, len(crit.id) + 2), 24)
        ws.column_dimensions[get_column_letter(lay.crit_col(j))].width = width
    ws.freeze_panes = ws.cell(row=lay.label_row + 1, column=lay.first_col)
    ws.print_title_rows = f"{lay.label_row}:{lay.label_row}"
    ws.print_title_cols = "A:B"


def _direction_note(crit: Criterion) -> Comment:
    text = (
        f"{crit.direction}: {_direction_words(crit)}.\n{crit.description}\n"
        f"Scale: {_scale_words(crit)}.\nWeight: {crit.weight_rationale or 'no rationale given'}"
    )
    note = Comment(_clip(text, 32_000), "policy-matrix")
    note.width, note.height = NOTE_WIDTH, NOTE_HEIGHT
    return note
