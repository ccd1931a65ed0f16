"""Where everything sits in the workbook: one place for every row and column.

The sheets, the formulas and the tests all read positions from here, so a
change of layout is a change in this file only.
"""

from __future__ import annotations

from dataclasses import dataclass

from openpyxl.utils import get_column_letter

__all__ = ["CALC", "EVIDENCE", "SCORES", "SUMMARY", "Layout", "cell", "span"]

SCORES = "Scores"
CALC = "Calculation"
SUMMARY = "Summary"
EVIDENCE = "Evidence"


def cell(
    sheet: str, row: int, column: int, *, fixed_row: bool = False, fixed_col: bool = False
) -> str:
    """A cell reference, e.g. ``Scores!C$9``.

    >>> cell("Scores", 9, 3, fixed_row=True)
    'Scores!C$9'
    """
    col = ("$" if fixed_col else "") + get_column_letter(column)
    row_ref = ("$" if fixed_row else "") + str(row)
    return f"{sheet}!{col}{row_ref}"


def span(sheet: str | None, first_row: int, first_col: int, last_row: int, last_col: int) -> str:
    """An absolute range, e.g. ``Scores!$C$13:$K$17`` (no sheet when ``sheet`` is None).

    >>> span("Scores", 13, 3, 17, 11)
    'Scores!$C$13:$K$17'
    """
    a = f"${get_column_letter(first_col)}${first_row}"
    b = f"${get_column_letter(last_col)}${last_row}"
    return f"{sheet}!{a}:{b}" if sheet else f"{a}:{b}"


@dataclass(frozen=True)
class Layout:
    """Positions for a case with ``n`` options and ``m`` criteria.

    Scores sheet: criteria run across from column C; the rows on top hold each
    criterion's label, id, direction, scale and weight; one row per option below.
    Calculation sheet: a results table (total, rank, order, strongest and
    weakest criterion) on top, then the normalised, weighted and shortfall
    matrices, each with the options down and the criteria across, and the
    weighted matrix again with its rows in ranking order (for the chart).

    Without ``detail`` (a large case) the Calculation sheet has no matrices:
    three rows of per-criterion terms (the worst end of each scale, the span to
    the best end, and weight share / span) sit above the results table, whose
    totals are one ``SUMPRODUCT`` per option, and the Evidence sheet lists only
    the scores that have something to say.
    """

    n: int
    m: int
    detail: bool = True

    # -- Scores sheet ---------------------------------------------------------
    first_col: int = 3  # criteria start in column C on Scores and Calculation
    label_row: int = 4
    id_row: int = 5
    direction_row: int = 6
    scale_min_row: int = 7
    scale_max_row: int = 8
    weight_row: int = 9
    share_row: int = 10
    red_line_row: int = 11  # each criterion's red line (blank: none); see matrix.excel.redlines
    header_row: int = 12
    first_option_row: int = 13

    @property
    def last_col(self) -> int:
        return self.first_col + self.m - 1

    @property
    def last_option_row(self) -> int:
        return self.first_option_row + self.n - 1

    def score_row(self, i: int) -> int:
        return self.first_option_row + i

    def crit_col(self, j: int) -> int:
        return self.first_col + j

    # -- Calculation sheet ----------------------------------------------------
    @property
    def calc_header_row(self) -> int:
        return 5 if self.detail else 10

    #: Without detail: the rows of criterion labels and of the per-criterion terms.
    terms_label_row: int = 5
    worst_row: int = 6
    span_row: int = 7
    coefficient_row: int = 8

    @property
    def calc_first_row(self) -> int:
        return self.calc_header_row + 1

    def calc_row(self, i: int) -> int:
        return self.calc_first_row + i

    # results table columns on Calculation
    total_col: int = 3
    rank_col: int = 4
    order_col: int = 5
    strongest_col: int = 6
    weakest_col: int = 7
    # red lines crossed (a count), acceptable (yes/no) and which, on Calculation
    crossed_col: int = 8
    acceptable_col: int = 9
    crossing_names_col: int = 10

    def block_header_row(self, block: int) -> int:
        """Header row of matrix block 0 (normalised), 1 (weighted), 2 (shortfall) or
        3 (weighted, in ranking order)."""
        return self.calc_first_row + self.n + 2 + block * (self.n + 3) + 1

    def block_row(self, block: int, i: int) -> int:
        return self.block_header_row(block) + 1 + i

    # -- Summary sheet --------------------------------------------------------
    summary_header_row: int = 10

    def summary_row(self, k: int) -> int:
        """Row of the k-th place (0-based) in the Summary ranking table."""
        return self.summary_header_row + 1 + k

    # -- Evidence sheet -------------------------------------------------------
    evidence_header_row: int = 4

    def evidence_row(self, i: int, j: int) -> int:
        return self.evidence_header_row + 1 + i * self.m + j

    # -- named ranges ---------------------------------------------------------
    def names(self) -> dict[str, str]:
        """Defined names and the ranges they stand for."""
        f, c_last = self.first_col, self.last_col
        r0, r1 = self.first_option_row, self.last_option_row
        k0, k1 = self.calc_first_row, self.calc_first_row + self.n - 1
        names = {
            "Scores": span(SCORES, r0, f, r1, c_last),
            "Weights": span(SCORES, self.weight_row, f, self.weight_row, c_last),
            "WeightShares": span(SCORES, self.share_row, f, self.share_row, c_last),
            "ScaleMin": span(SCORES, self.scale_min_row, f, self.scale_min_row, c_last),
            "ScaleMax": span(SCORES, self.scale_max_row, f, self.scale_max_row, c_last),
            "Directions": span(SCORES, self.direction_row, f, self.direction_row, c_last),
            "CriterionLabels": span(SCORES, self.label_row, f, self.label_row, c_last),
            "OptionLabels": span(SCORES, r0, 2, r1, 2),
            "Totals": span(CALC, k0, self.total_col, k1, self.total_col),
            "Ranks": span(CALC, k0, self.rank_col, k1, self.rank_col),
            "Order": span(CALC, k0, self.order_col, k1, self.order_col),
            "RedLines": span(SCORES, self.red_line_row, f, self.red_line_row, c_last),
            "Crossings": span(CALC, k0, self.crossed_col, k1, self.crossed_col),
            "CrossingNames": span(CALC, k0, self.crossing_names_col, k1, self.crossing_names_col),
        }
        if not self.detail:
            names["WorstEnds"] = span(CALC, self.worst_row, f, self.worst_row, c_last)
            names["Coefficients"] = span(
                CALC, self.coefficient_row, f, self.coefficient_row, c_last
            )
            return names
        names["Strongest"] = span(CALC, k0, self.strongest_col, k1, self.strongest_col)
        names["Weakest"] = span(CALC, k0, self.weakest_col, k1, self.weakest_col)
        for block, name in enumerate(("Normalised", "Weighted", "Shortfall", "RankedWeighted")):
            names[name] = span(
                CALC, self.block_row(block, 0), f, self.block_row(block, self.n - 1), c_last
            )
        return names
