"""Red lines in the live workbook: the input row, the flags, and the formulas that
rank the options that cross one after every acceptable option.

The red-line row sits among the inputs on the Scores sheet (blank = none).
Crossing score cells are flagged by conditional formatting that follows edits
to scores, directions and red lines. The Calculation sheet counts each option's
crossings, shows whether it is acceptable, names the lines it crosses and ranks
it under the ``"last"`` policy of :mod:`matrix.redlines`; the Summary's live
order follows that rank.
"""

from __future__ import annotations

from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from matrix.excel.book import Book
from matrix.excel.layout import SCORES, Layout, cell
from matrix.excel.styles import NUMBER_FORMATS, put_number, put_text
from matrix.io.layout import NO_RED_LINE, PERSPECTIVE_RED_LINES
from matrix.methods import Ranking
from matrix.model import DecisionModel
from matrix.redlines import crossings
from matrix.validation import fmt_number

__all__ = [
    "CALC_HEADERS",
    "PERSPECTIVE_RED_LINES",
    "RED_LINES_NOTE",
    "RED_LINE_LABEL",
    "SUMMARY_HEADER",
    "acceptable_flag",
    "crossed_count",
    "crossing_names",
    "perspective_crossed_count",
    "perspective_red_lines_property",
    "rank_last",
    "write_calculation_columns",
    "write_red_line_row",
    "write_summary_column",
]

#: The label of the red-line row on the Scores sheet (column B).
RED_LINE_LABEL = "Red line (worst acceptable)"
#: Headers of the Calculation sheet's red-line columns, by layout attribute.
CALC_HEADERS = {
    "crossed_col": "Red lines crossed",
    "acceptable_col": "Acceptable",
    "crossing_names_col": "Crosses the red line on",
}
#: The Summary column naming each option's crossings.
SUMMARY_HEADER = "Red lines crossed"
#: The Summary's bullet on red lines.
RED_LINES_NOTE = (
    "Red lines (the row under the weight shares on the Scores sheet; blank = none) are the worst "
    "acceptable score on a criterion. A score across one is outlined in red, and an option that "
    "crosses any red line is ranked after every acceptable option, whatever its score; the "
    "'Red lines crossed' column names them."
)

_FLAG_FONT = Font(bold=True, color="C00000", strike=False)
_FLAG_EDGE = Side(style="medium", color="C00000")


def _crosses(lay: Layout, col: int, score_row: int) -> str:
    """Whether the score in ``score_row``, ``col`` of Scores crosses that criterion's
    red line (a boolean expression; blank red line: never), read from the sheet's own
    direction cell so that it follows edits."""
    letter = get_column_letter(col)
    line = f"{letter}${lay.red_line_row}"
    score = f"{letter}{score_row}"
    return (
        f'IF({line}="",FALSE,IF({letter}${lay.direction_row}="min",{score}>{line},{score}<{line}))'
    )


def crossed_count(lay: Layout, i: int) -> str:
    """How many red lines option ``i`` crosses.

    >>> crossed_count(Layout(2, 2), 0)
    '=SUMPRODUCT((RedLines<>"")*((Directions="min")*(Scores!$C13:$D13>RedLines)+(Directions<>"min")*(Scores!$C13:$D13<RedLines)))'

    A blank red line counts as none (``<>""``: Gnumeric's ``ISNUMBER`` of a range is
    not an array inside ``SUMPRODUCT``).
    """
    row = lay.score_row(i)
    scores = (
        f"{SCORES}!${get_column_letter(lay.first_col)}{row}:${get_column_letter(lay.last_col)}{row}"
    )
    return (
        f'=SUMPRODUCT((RedLines<>"")*((Directions="min")*({scores}>RedLines)'
        f'+(Directions<>"min")*({scores}<RedLines)))'
    )


def acceptable_flag(count_cell: str) -> str:
    """ "yes" when the option crosses no red line, else "no".

    >>> acceptable_flag("H6")
    '=IF(H6=0,"yes","no")'
    """
    return f'=IF({count_cell}=0,"yes","no")'


#: What the crossings column says of an option that crosses no red line (never empty, so
#: that a reader that does not calculate sees a stored result there too).
NONE_CROSSED = "—"


def crossing_names(lay: Layout, i: int, count_cell: str) -> str:
    """The labels of the criteria whose red line option ``i`` crosses, joined by "; ";
    :data:`NONE_CROSSED` when ``count_cell`` (its count of crossings) is 0."""
    parts = []
    for j in range(lay.m):
        col = lay.crit_col(j)
        test = _qualified(lay, col, i)
        parts.append(f'IF({test},"; "&{cell(SCORES, lay.label_row, col, fixed_row=True)},"")')
    return f'=IF({count_cell}=0,"{NONE_CROSSED}",MID({"&".join(parts)},3,32767))'


def _qualified(lay: Layout, col: int, i: int) -> str:
    """``_crosses`` with every reference on the Scores sheet."""
    letter = get_column_letter(col)
    line, direction = f"{letter}${lay.red_line_row}", f"{letter}${lay.direction_row}"
    score = f"{letter}{lay.score_row(i)}"
    return (
        f'IF({SCORES}!{line}="",FALSE,IF({SCORES}!{direction}="min",'
        f"{SCORES}!{score}>{SCORES}!{line},{SCORES}!{score}<{SCORES}!{line}))"
    )


def rank_last(
    total_cell: str, count_cell: str, values: str = "Totals", crossings: str = "Crossings"
) -> str:
    """The rank under the "last" policy: 1 + the acceptable options ahead of a crossing
    one + the options in its own group with a higher value (ties share the better rank).
    ``values`` holds every option's value and ``crossings`` every option's count of red
    lines crossed, in the same order.

    >>> rank_last("C6", "H6")
    '=1+SUMPRODUCT((Crossings=0)*(H6>0))+SUMPRODUCT(((Crossings>0)=(H6>0))*(Totals>C6))'
    """
    return (
        f"=1+SUMPRODUCT(({crossings}=0)*({count_cell}>0))"
        f"+SUMPRODUCT((({crossings}>0)=({count_cell}>0))*({values}>{total_cell}))"
    )


def perspective_crossed_count(lay: Layout, i: int, own: str) -> str:
    """How many red lines option ``i`` crosses as a perspective sees them: its own line
    on a criterion where ``own`` (its row of the Weights sheet's red-line table, criteria
    in the Scores sheet's order) holds a number, none where it says ``none``, else the
    case's (``RedLines``).

    >>> perspective_crossed_count(Layout(2, 2), 0, "$C$40:$D$40")  # doctest: +NORMALIZE_WHITESPACE
    '=SUMPRODUCT(($C$40:$D$40<>"")*($C$40:$D$40<>"none")*((Directions="min")*(Scores!$C13:$D13>$C$40:$D$40)+(Directions<>"min")*(Scores!$C13:$D13<$C$40:$D$40))+($C$40:$D$40="")*(RedLines<>"")*((Directions="min")*(Scores!$C13:$D13>RedLines)+(Directions<>"min")*(Scores!$C13:$D13<RedLines)))'
    """
    row = lay.score_row(i)
    scores = (
        f"{SCORES}!${get_column_letter(lay.first_col)}{row}:${get_column_letter(lay.last_col)}{row}"
    )

    def crosses(line: str) -> str:
        return f'(Directions="min")*({scores}>{line})+(Directions<>"min")*({scores}<{line})'

    return (
        f'=SUMPRODUCT(({own}<>"")*({own}<>"{NO_RED_LINE}")*({crosses(own)})'
        f'+({own}="")*(RedLines<>"")*({crosses("RedLines")}))'
    )


def write_red_line_row(book: Book, ws: Worksheet, model: DecisionModel) -> None:
    """The red-line inputs on the Scores sheet, their validation, and the flags on the
    score cells that cross them."""
    lay = book.layout
    put_text(ws, lay.red_line_row, 2, RED_LINE_LABEL, "pm label")
    first, last = lay.first_option_row, lay.last_option_row
    for j, crit in enumerate(model.criteria):
        col = lay.crit_col(j)
        letter = get_column_letter(col)
        if crit.red_line is not None:
            put_number(ws, lay.red_line_row, col, crit.red_line, "pm input",
                       NUMBER_FORMATS["input"])  # fmt: skip
        else:
            ws.cell(lay.red_line_row, col).style = "pm input"
        if crit.has_scale:
            lo, hi = fmt_number(crit.scale_min), fmt_number(crit.scale_max)
            rule = DataValidation(type="decimal", operator="between", formula1=lo, formula2=hi,
                                  allow_blank=True)  # fmt: skip
            rule.error = f"Enter a number from {lo} to {hi}, or leave it blank for no red line."
        else:
            rule = DataValidation(type="decimal", operator="between", formula1="-1E+307",
                                  formula2="1E+307", allow_blank=True)  # fmt: skip
            rule.error = "Enter a number, or leave it blank for no red line."
        rule.showErrorMessage = rule.showInputMessage = True
        rule.errorTitle = "Red line"
        rule.promptTitle = "Red line"
        worse = "below" if crit.direction == "max" else "above"
        rule.prompt = (
            f"The worst acceptable score: a score {worse} it crosses the red line. Blank: none."
        )
        ws.add_data_validation(rule)
        rule.add(ws.cell(lay.red_line_row, col))
        ws.conditional_formatting.add(
            f"{letter}{first}:{letter}{last}",
            FormulaRule(
                formula=[_crosses(lay, col, first)],
                font=_FLAG_FONT,
                border=Border(left=_FLAG_EDGE, right=_FLAG_EDGE, top=_FLAG_EDGE, bottom=_FLAG_EDGE),
                stopIfTrue=False,
            ),
        )


def write_calculation_columns(
    book: Book, ws: Worksheet, model: DecisionModel, result: Ranking
) -> None:
    """Per option on the Calculation sheet: red lines crossed, acceptable, which ones."""
    lay = book.layout
    crossed = crossings(model)
    labels = [c.label for c in model.criteria]
    for attribute, header in CALC_HEADERS.items():
        put_text(ws, lay.calc_header_row, getattr(lay, attribute), header, "pm header")
    for i, option in enumerate(model.options):
        row = lay.calc_row(i)
        flags = crossed.loc[option.id].to_numpy()
        count = int(flags.sum())
        count_cell = f"{get_column_letter(lay.crossed_col)}{row}"
        book.formula(ws, row, lay.crossed_col, crossed_count(lay, i), count, "pm centre",
                     NUMBER_FORMATS["rank"])  # fmt: skip
        book.formula(ws, row, lay.acceptable_col, acceptable_flag(count_cell),
                     "yes" if count == 0 else "no", "pm centre")  # fmt: skip
        names = "; ".join(label for label, flag in zip(labels, flags, strict=True) if flag)
        book.formula(ws, row, lay.crossing_names_col, crossing_names(lay, i, count_cell),
                     names or NONE_CROSSED, "pm text")  # fmt: skip
    for col in (lay.crossed_col, lay.acceptable_col):
        ws.column_dimensions[get_column_letter(col)].width = 12
    ws.column_dimensions[get_column_letter(lay.crossing_names_col)].width = 30


def write_summary_column(
    book: Book, ws: Worksheet, model: DecisionModel, result: Ranking, column: int
) -> None:
    """The Summary's column naming, per option in live ranking order, the red lines it
    crosses."""
    import matrix.excel.formulas as formulas

    lay = book.layout
    crossed = crossings(model)
    labels = [c.label for c in model.criteria]
    put_text(ws, lay.summary_header_row, column, SUMMARY_HEADER, "pm header")
    longest = len(SUMMARY_HEADER)
    for k, option in enumerate(result.order):
        flags = crossed.loc[option].to_numpy()
        names = "; ".join(label for label, flag in zip(labels, flags, strict=True) if flag)
        names = names or NONE_CROSSED
        place = formulas.at_place("CrossingNames", k + 1)
        target = book.formula(ws, lay.summary_row(k), column, place, names, "pm text")
        target.alignment = Alignment(vertical="top", wrap_text=False)
        longest = max(longest, len(names))
    # the names are a warning, in red and bold, live: the rows re-sort as scores change
    letter = get_column_letter(column)
    first, last = lay.summary_row(0), lay.summary_row(len(result.order) - 1)
    ws.conditional_formatting.add(
        f"{letter}{first}:{letter}{last}",
        FormulaRule(formula=[f'{letter}{first}<>"{NONE_CROSSED}"'], font=_FLAG_FONT),
    )
    # one line per option (a formula's text does not resize its row): as wide as the names
    # written, within reason; an edit that crosses more lines may run past the column
    ws.column_dimensions[get_column_letter(column)].width = min(max(30, longest * 1.1 + 2), 70)


#: Where a workbook keeps the perspectives' own red lines (they have no cells yet).


def perspective_red_lines_property(model: DecisionModel) -> list[tuple[str, str]]:
    """The perspectives' own red lines as a document property (none when no perspective
    draws one), so that a workbook round trip keeps them."""
    import json

    lines = {p.id: dict(p.red_lines) for p in model.perspectives if p.red_lines}
    return [(PERSPECTIVE_RED_LINES, json.dumps(lines, sort_keys=True))] if lines else []
