"""The Calculation sheet: the weighted sum as live formulas over the Scores sheet."""

from __future__ import annotations

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

import matrix.excel.formulas as formulas
from matrix.excel.book import Book
from matrix.excel.layout import SCORES, Layout, cell, span
from matrix.excel.redlines import rank_last, write_calculation_columns
from matrix.excel.styles import (
    NUMBER_FORMATS,
    fit_height,
    fit_width,
    merge,
    put_number,
    put_text,
    set_widths,
    title_block,
)
from matrix.methods import Ranking
from matrix.methods.wsm import scale_normalize
from matrix.model import DecisionModel
from matrix.text.reading import NO_CRITERION, STRENGTH_DECIMALS, against_average, strengths

__all__ = ["METHOD_TEXT", "write_calculation"]

METHOD_TEXT = (
    "Method: weighted sum. Each score is put on 0-1 between the ends of its criterion's scale "
    "(1 = the best end: the top of a 'max' criterion, the bottom of a 'min' one; a criterion "
    "with no declared scale uses the options' range), multiplied by the criterion's share of "
    "the total weight, and added up. A total of 1 would mean the best possible score on every "
    "criterion. Ranks: 1 is best; tied totals share the best rank."
)

BLOCKS = (
    ("Normalised scores (0 = worst end of the scale, 1 = best end)", "0.000"),
    ("Weighted contributions (normalised score x weight share): the parts of each total", "0.000"),
    ("Against the average option (contribution - the average option's)", "0.000"),
    ("Weighted contributions in ranking order (best first; drawn on the Summary chart)", "0.000"),
)


def write_calculation(book: Book, ws: Worksheet, model: DecisionModel, result: Ranking) -> None:
    """Totals, ranks, order and the three matrices behind them, all formulas."""
    lay = book.layout
    m = model.shape[1]
    title_block(ws, "Calculation: weighted sum", METHOD_TEXT, max(lay.last_col, 7))
    put_text(ws, 3, 1, "Every number on this sheet is a formula over the Scores sheet; "
             "nothing here needs editing.", "pm note")  # fmt: skip
    merge(ws, 3, 1, 3, max(lay.last_col, 7))

    bounds = model.bounds
    normalized = scale_normalize(
        model.values, bounds["min"].to_numpy(), bounds["max"].to_numpy(), model.is_max
    )
    share = model.normalized_weights.to_numpy()
    weighted = normalized * share
    position = {option: i for i, option in enumerate(model.option_ids)}
    ranked = [position[o] for o in result.order]
    blocks = (normalized, weighted, against_average(model), weighted[ranked])
    profile = strengths(model)
    crit_labels = {c.id: c.label for c in model.criteria} | {NO_CRITERION: NO_CRITERION}
    place = {option: k + 1 for k, option in enumerate(result.order)}

    header = ["Option id", "Option", "Total", "Rank", "Order", "Strongest criterion",
              "Weakest criterion"]  # fmt: skip
    if not lay.detail:
        header = header[:5]
        _write_terms(book, ws, model)
    for col, text in enumerate(header, start=1):
        put_text(ws, lay.calc_header_row, col, text, "pm header")
    first_rank = get_column_letter(lay.rank_col) + f"${lay.calc_first_row}"
    write_calculation_columns(book, ws, model, result)
    for i, option in enumerate(model.options):
        row = lay.calc_row(i)
        put_text(ws, row, 1, option.id, "pm cell")
        book.formula(ws, row, 2, f"={cell(SCORES, lay.score_row(i), 2)}", option.label,
                     "pm label")  # fmt: skip
        weighted_row = _row_span(lay.block_row(1, i), lay.first_col, lay.last_col)
        against_row = _row_span(lay.block_row(2, i), lay.first_col, lay.last_col)
        total_cell = f"{get_column_letter(lay.total_col)}{row}"
        rank_cell = f"{get_column_letter(lay.rank_col)}{row}"
        book.formula(
            ws,
            row,
            lay.total_col,
            formulas.total(weighted_row) if lay.detail else _linear_total(lay, i),
            float(result.scores[option.id]),
            "pm output",
            NUMBER_FORMATS["score"],
        )
        book.formula(
            ws,
            row,
            lay.rank_col,
            rank_last(total_cell, f"{get_column_letter(lay.crossed_col)}{row}"),
            int(result.ranks[option.id]),
            "pm output",
            NUMBER_FORMATS["rank"],
        )
        book.formula(
            ws,
            row,
            lay.order_col,
            formulas.order_position(rank_cell, rank_cell, f"{first_rank}:{rank_cell}"),
            place[option.id],
            "pm centre",
            NUMBER_FORMATS["rank"],
        )
        if not lay.detail:
            continue
        book.formula(
            ws,
            row,
            lay.strongest_col,
            formulas.strongest("CriterionLabels", against_row, none=NO_CRITERION),
            crit_labels[str(profile.at[option.id, "strongest"])],
            "pm text",
        )
        book.formula(ws, row, lay.weakest_col,
                     formulas.weakest("CriterionLabels", against_row, none=NO_CRITERION),
                     crit_labels[str(profile.at[option.id, "weakest"])], "pm text")  # fmt: skip

    for block, (title, number_format) in enumerate(BLOCKS if lay.detail else ()):
        head = lay.block_header_row(block)
        put_text(ws, head - 1, 1, title, "pm heading")
        put_text(ws, head, 1, "Place" if block == 3 else "Option id", "pm header")
        put_text(ws, head, 2, "Option", "pm header")
        for j, crit in enumerate(model.criteria):
            col = lay.crit_col(j)
            book.formula(ws, head, col, f"={cell(SCORES, lay.label_row, col)}", crit.label,
                         "pm header")  # fmt: skip
        ws.row_dimensions[head].height = 48
        for i, option in enumerate(model.options):
            row = lay.block_row(block, i)
            if block == 3:  # the i-th place in the ranking
                ranked_option = model.options[ranked[i]]
                put_number(ws, row, 1, i + 1, "pm centre", NUMBER_FORMATS["rank"])
                book.formula(ws, row, 2, formulas.at_place("OptionLabels", i + 1),
                             ranked_option.label, "pm label")  # fmt: skip
            else:
                put_text(ws, row, 1, option.id, "pm cell")
                book.formula(ws, row, 2, f"={cell(SCORES, lay.score_row(i), 2)}", option.label,
                             "pm label")  # fmt: skip
            for j in range(m):
                col = lay.crit_col(j)
                book.formula(
                    ws,
                    row,
                    col,
                    _block_formula(block, lay, i, col),
                    float(blocks[block][i, j]),
                    "pm centre",
                    number_format,
                )
    for col in range(3, max(lay.last_col, lay.weakest_col) + 1):
        ws.column_dimensions[get_column_letter(col)].width = 14
    set_widths(ws, [fit_width(model.option_ids, low=12, high=30), 28])
    for col in (lay.strongest_col, lay.weakest_col) if lay.detail else ():
        ws.column_dimensions[get_column_letter(col)].width = 26
    ws.freeze_panes = ws.cell(row=lay.calc_first_row, column=3)
    ws.print_title_cols = "A:B"


TERMS = (
    "Worst end of the scale",
    "Span to the best end (negative for 'min')",
    "Weight share / span",
)


def _write_terms(book: Book, ws: Worksheet, model: DecisionModel) -> None:
    """A large case's per-criterion terms: with them each total is one SUMPRODUCT,
    (score - worst end) x weight share / span added over the criteria."""
    lay = book.layout
    put_text(ws, lay.terms_label_row - 1, 1,
             "Per-criterion terms. A large case has no option x criterion tables: each total "
             "below adds (score - worst end) x weight share / span over the criteria, in one "
             "formula.", "pm heading")  # fmt: skip
    put_text(ws, lay.terms_label_row, 2, "Criterion", "pm header")
    rows = (lay.worst_row, lay.span_row, lay.coefficient_row)
    for row, text in zip(rows, TERMS, strict=True):
        put_text(ws, row, 2, text, "pm label")
        fit_height(ws, row, [(text, 28)])
    bounds = model.bounds
    low, high = bounds["min"].to_numpy(), bounds["max"].to_numpy()
    shares = model.normalized_weights.to_numpy()
    for j, crit in enumerate(model.criteria):
        col = lay.crit_col(j)
        letter = get_column_letter(col)
        smin = cell(SCORES, lay.scale_min_row, col, fixed_row=True)
        smax = cell(SCORES, lay.scale_max_row, col, fixed_row=True)
        direction = cell(SCORES, lay.direction_row, col, fixed_row=True)
        book.formula(ws, lay.terms_label_row, col, f"={cell(SCORES, lay.label_row, col)}",
                     crit.label, "pm header")  # fmt: skip
        is_max = crit.direction == "max"
        worst = float(low[j] if is_max else high[j])
        width = float(high[j] - low[j]) if is_max else float(low[j] - high[j])
        coefficient = 0.0 if width == 0 else float(shares[j]) / width
        share = cell(SCORES, lay.share_row, col, fixed_row=True)
        span_cell = f"{letter}${lay.span_row}"
        for row, formula, value in (
            (lay.worst_row, f'=IF({direction}="min",{smax},{smin})', worst),
            (lay.span_row, f'=IF({direction}="min",{smin}-{smax},{smax}-{smin})', width),
            (lay.coefficient_row, f"=IF({span_cell}=0,0,{share}/{span_cell})", coefficient),
        ):
            book.formula(ws, row, col, formula, value, "pm centre", "General")
    ws.row_dimensions[lay.terms_label_row].height = 48


def _linear_total(lay: Layout, i: int) -> str:
    row = lay.score_row(i)
    scores = span(SCORES, row, lay.first_col, row, lay.last_col)
    return formulas.linear_total("Coefficients", scores, "WorstEnds")


def _row_span(row: int, first_col: int, last_col: int) -> str:
    return f"{get_column_letter(first_col)}{row}:{get_column_letter(last_col)}{row}"


def _block_formula(block: int, lay: Layout, i: int, col: int) -> str:
    letter = get_column_letter(col)
    if block == 0:
        return formulas.normalised(
            cell(SCORES, lay.score_row(i), col),
            cell(SCORES, lay.scale_min_row, col, fixed_row=True),
            cell(SCORES, lay.scale_max_row, col, fixed_row=True),
            cell(SCORES, lay.direction_row, col, fixed_row=True),
        )
    if block == 3:
        weighted = span(None, lay.block_row(1, 0), col, lay.block_row(1, lay.n - 1), col)
        return f"=INDEX({weighted},MATCH({i + 1},Order,0))"
    share = cell(SCORES, lay.share_row, col, fixed_row=True)
    normalised = f"{letter}{lay.block_row(0, i)}"
    if block == 1:
        return f"={normalised}*{share}"
    weighted = f"{letter}${lay.block_row(1, 0)}:{letter}${lay.block_row(1, lay.n - 1)}"
    return formulas.against_average(
        f"{letter}{lay.block_row(1, i)}", weighted, lay.n, STRENGTH_DECIMALS
    )
