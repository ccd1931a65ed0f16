"""The workbook's formulas, as pure string builders.

Only functions that Excel 2010+, LibreOffice 7.4 and Google Sheets all compute
the same way are used (:data:`ALLOWED_FUNCTIONS`); a test walks every formula
the package writes and fails on any other. Post-2007 functions carry their
``_xlfn.`` prefix, without which LibreOffice shows ``#NAME?``.
"""

from __future__ import annotations

import re

from matrix.methods import RANK_DECIMALS

__all__ = [
    "ALLOWED_FUNCTIONS",
    "against_average",
    "functions_in",
    "linear_total",
    "normalised",
    "order_position",
    "rank",
    "share",
    "strongest",
    "weakest",
]

#: Every function a formula written by policy-matrix may call. ROUND is on the
#: list of functions that behave the same in all three spreadsheets
#: (shared/EXCEL-NOTES.md); ranks compare totals rounded to 12 decimals, as
#: the Python code does, so floating-point noise never splits a tie.
ALLOWED_FUNCTIONS = frozenset(
    {
        "SUMPRODUCT",
        "SUM",
        "GEOMEAN",
        "MIN",
        "MAX",
        "SQRT",
        "SUMSQ",
        "INDEX",
        "MATCH",
        "IF",
        "ABS",
        "COUNTIF",
        "ROUND",
        "MID",  # text: the red lines an option crosses (matrix.excel.redlines)
        "_xlfn.RANK.EQ",
    }
)

_FUNCTION = re.compile(r"((?:_xlfn\.)?[A-Za-z][A-Za-z0-9_.]*)\s*\(")
_STRING = re.compile(r'"[^"]*"')


def functions_in(formula: str) -> set[str]:
    """The names of the functions a formula calls (text in quotes is ignored).

    >>> sorted(functions_in('=IF(A1="max(",_xlfn.RANK.EQ(B1,C1:C9,0),SUM(D1:D2))'))
    ['IF', 'SUM', '_xlfn.RANK.EQ']
    """
    return set(_FUNCTION.findall(_STRING.sub('""', formula)))


def normalised(score: str, low: str, high: str, direction: str) -> str:
    """Score on 0-1 between ``low`` and ``high``, 1 = best; 0 when the range is empty.

    >>> normalised("Scores!C13", "Scores!C$7", "Scores!C$8", "Scores!C$6")
    '=IF(Scores!C$8=Scores!C$7,0,IF(Scores!C$6="min",Scores!C$8-Scores!C13,Scores!C13-Scores!C$7)/(Scores!C$8-Scores!C$7))'
    """
    return f'=IF({high}={low},0,IF({direction}="min",{high}-{score},{score}-{low})/({high}-{low}))'


def share(weight: str, weights: str) -> str:
    """A weight's share of the total; 0 for every criterion while all weights are zero.

    >>> share("C$9", "Weights")
    '=IF(SUM(Weights)=0,0,C$9/SUM(Weights))'
    """
    return f"=IF(SUM({weights})=0,0,{weight}/SUM({weights}))"


def total(row_range: str) -> str:
    """The weighted sum of one option's contributions, rounded as Python rounds before ranking.

    >>> total("C20:K20")
    '=ROUND(SUM(C20:K20),12)'
    """
    return f"=ROUND(SUM({row_range}),{RANK_DECIMALS})"


def linear_total(coefficients: str, scores: str, worst: str) -> str:
    """The weighted sum in one formula: (score - worst end) x weight share / span, added up.

    ``SUMPRODUCT`` works element by element on its arguments in every spreadsheet
    (no array entry needed); subtracting before multiplying keeps the precision of
    the Python code, which normalises each score before weighting it.

    >>> linear_total("Coefficients", "Scores!$C$13:$K$13", "WorstEnds")
    '=ROUND(SUMPRODUCT(Coefficients,Scores!$C$13:$K$13-WorstEnds),12)'
    """
    return f"=ROUND(SUMPRODUCT({coefficients},{scores}-{worst}),{RANK_DECIMALS})"


def rank(value: str, values: str, *, higher_is_better: bool = True) -> str:
    """Competition rank (ties share the best rank), as ``RANK.EQ`` computes it.

    >>> rank("C6", "Totals")
    '=_xlfn.RANK.EQ(C6,Totals,0)'
    """
    return f"=_xlfn.RANK.EQ({value},{values},{0 if higher_is_better else 1})"


def order_position(rank_cell: str, value: str, values_above: str) -> str:
    """A unique place 1..n: the rank, then the order of the rows among ties.

    ``values_above`` runs from the first value down to this row's, so ``COUNTIF``
    counts this row and every tied row above it.

    >>> order_position("D7", "C7", "C$6:C7")
    '=D7+COUNTIF(C$6:C7,C7)-1'
    """
    return f"={rank_cell}+COUNTIF({values_above},{value})-1"


def strongest(labels: str, row_range: str, *, none: str = "—") -> str:
    """The label of the column holding the row's largest value (the first, if several),
    or ``none`` if no value is above 0.

    >>> strongest("CriterionLabels", "C20:K20")
    '=IF(MAX(C20:K20)>0,INDEX(CriterionLabels,1,MATCH(MAX(C20:K20),C20:K20,0)),"—")'
    """
    return _extreme("MAX", ">", labels, row_range, none)


def weakest(labels: str, row_range: str, *, none: str = "—") -> str:
    """The label of the column holding the row's smallest value (the first, if several),
    or ``none`` if no value is below 0.

    >>> weakest("CriterionLabels", "C20:K20")
    '=IF(MIN(C20:K20)<0,INDEX(CriterionLabels,1,MATCH(MIN(C20:K20),C20:K20,0)),"—")'
    """
    return _extreme("MIN", "<", labels, row_range, none)


def _extreme(function: str, beyond: str, labels: str, row_range: str, none: str) -> str:
    extreme = f"{function}({row_range})"
    found = f"INDEX({labels},1,MATCH({extreme},{row_range},0))"
    return f'=IF({extreme}{beyond}0,{found},"{none}")'


def against_average(value: str, column: str, count: int, decimals: int) -> str:
    """``value`` minus the average of its ``column`` of ``count`` cells, rounded (so that
    floating-point noise is no difference). ``SUM``/count: ``AVERAGE`` is not on the list
    of functions every engine computes alike.

    >>> against_average("D20", "D$20:D$24", 5, 12)
    '=ROUND(D20-SUM(D$20:D$24)/5,12)'
    """
    return f"=ROUND({value}-SUM({column})/{count},{decimals})"


def at_place(column: str, place: int, order: str = "Order") -> str:
    """The value of ``column`` in the row whose place in the order is ``place``.

    >>> at_place("OptionLabels", 1)
    '=INDEX(OptionLabels,MATCH(1,Order,0))'
    """
    return f"=INDEX({column},MATCH({place},{order},0))"
