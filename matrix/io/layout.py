"""Where everything sits in the workbook: one place for every row and column.

The writer (:mod:`matrix.excel`) puts each input where this module says and
the reader (:mod:`matrix.io.workbook`) reads it back from there: sheet names,
the rows and columns of every input, the headings and column names of the
tables that are read back, and the workbook's format version. The formulas
and the tests read positions from here too, so a change of layout is a change
in this file only. It imports nothing from either side, so the dependency runs
one way: ``matrix.excel`` uses ``matrix.io``, never the reverse.
"""

from __future__ import annotations

from dataclasses import dataclass

from openpyxl.utils import get_column_letter

__all__ = [
    "AHP",
    "AHP_ID_LABEL",
    "CALC",
    "CRITERIA",
    "CRITERIA_HEADERS",
    "DETAIL_COLUMNS",
    "DETAIL_HEADERS",
    "DETAIL_HEADERS_V1",
    "DETAIL_LAST_COLUMN",
    "DETAIL_TITLE",
    "EVIDENCE",
    "EVIDENCE_HEADERS",
    "FORMAT_PROPERTY",
    "FORMAT_VERSION",
    "GIVEN_HEADERS",
    "GIVEN_IDS_BELOW_TITLE",
    "GIVEN_TITLE",
    "HEADER_ROW",
    "INFO_LABELS",
    "INFO_ROWS",
    "NO_RED_LINE",
    "OPTIONS",
    "OPTION_HEADERS",
    "PERSPECTIVE_RED_LINES",
    "PERSPECTIVE_RED_LINES_HEADERS",
    "PERSPECTIVE_RED_LINES_TITLE",
    "RED_LINE_EVIDENCE_COL",
    "RED_LINE_EVIDENCE_HEADER",
    "SCENARIOS",
    "SCENARIO_CHANGES_HEADERS",
    "SCENARIO_CHANGES_TITLE",
    "SCENARIO_LIST_HEADERS",
    "SCENARIO_LIST_TITLE",
    "SCORES",
    "SUMMARY",
    "WEIGHTS",
    "AhpLayout",
    "Layout",
    "WeightsLayout",
    "cell",
    "span",
]

SCORES = "Scores"
CALC = "Calculation"
SUMMARY = "Summary"
EVIDENCE = "Evidence"
OPTIONS = "Options"
CRITERIA = "Criteria"
WEIGHTS = "Weights"
AHP = "AHP"
SCENARIOS = "Scenarios"

#: A custom document property that marks a workbook as written by policy-matrix,
#: with the version of its layout, so that it can be read back. Version 3 adds the
#: Weights sheet's table of each perspective's own red lines (version 2 kept them in a
#: document property only, and a reader of version 2 would take the table's rows for
#: perspectives); version 2 keeps each perspective's elicitation as cells (AHP judgement
#: grids, rows of swing points, importance positions and given weights); version 1 kept it
#: as text. Every earlier version is still read.
FORMAT_PROPERTY = "policy-matrix format"
FORMAT_VERSION = "3"

# -- Summary: the case's description, label in column A, text in column B ------------
INFO_LABELS = ("Question", "Source", "About", "Prepared by")
INFO_ROWS = {label: row for row, label in enumerate(INFO_LABELS, start=3)}

# -- Evidence, Options and Criteria: tables with a header row ------------------------
EVIDENCE_HEADERS = ["Option id", "Option", "Criterion id", "Criterion", "Score", "Low", "High",
                    "Rationale", "Evidence"]  # fmt: skip
OPTION_HEADERS = ["Option id", "Option", "Description", "Quote from the source"]
CRITERIA_HEADERS = ["Criterion id", "Criterion", "Description", "Direction", "Scale min",
                    "Scale max", "Scale min means", "Scale max means", "Weight",
                    "Why this weight", "Red line evidence"]  # fmt: skip
#: The Criteria sheet's column of red-line evidence (the red lines are on Scores); a
#: workbook written before red lines has no such column and still reads.
RED_LINE_EVIDENCE_COL = 11
RED_LINE_EVIDENCE_HEADER = CRITERIA_HEADERS[RED_LINE_EVIDENCE_COL - 1]
#: A document property holding each perspective's own red lines (JSON), read back with them.
PERSPECTIVE_RED_LINES = "policy-matrix perspective red lines"
HEADER_ROW = 4  # on Options and Criteria

# -- Scenarios: the two tables that define the scenarios ------------------------------
SCENARIO_LIST_TITLE = "The scenarios"
SCENARIO_LIST_HEADERS = ["Scenario id", "Scenario", "What happens", "Why consider it",
                         "Evidence"]  # fmt: skip
SCENARIO_CHANGES_TITLE = "Scores each scenario changes"
SCENARIO_CHANGES_HEADERS = ["Scenario id", "Option id", "Criterion id", "Option", "Criterion",
                            "Score as given", "Score in scenario", "Why"]  # fmt: skip


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
    weakest criterion) on top, then the normalised, weighted and against-the-average
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
        """Header row of matrix block 0 (normalised), 1 (weighted), 2 (against the average) or
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
        for block, name in enumerate(
            ("Normalised", "Weighted", "AgainstAverage", "RankedWeighted")
        ):
            names[name] = span(
                CALC, self.block_row(block, 0), f, self.block_row(block, self.n - 1), c_last
            )
        return names


# -- Weights: every perspective's weights, and what each stakeholder gave ------------
@dataclass(frozen=True)
class WeightsLayout:
    """Positions on the Weights sheet for ``m`` criteria and ``k`` perspectives.

    Perspective ids run across :attr:`ids_row` from column C, criterion ids down
    column A from :attr:`first_row`; each cell below an id is that perspective's
    weight for that criterion (a formula over what the stakeholder gave). Below
    them, a table headed :data:`GIVEN_TITLE` holds the inputs: one row per
    perspective elicited by direct weights, swing points or an importance order,
    its id in column A, criterion ids across :attr:`given_ids_row` from column C.
    AHP judgements are on the AHP sheet (:class:`AhpLayout`). A table headed
    :data:`DETAIL_TITLE` says who each perspective speaks for.
    """

    m: int
    k: int
    ids_row: int = 4
    header_row: int = 5
    first_row: int = 6
    first_col: int = 3

    def weight_row(self, j: int) -> int:
        return self.first_row + j

    def weight_col(self, p: int) -> int:
        return self.first_col + p

    @property
    def last_row(self) -> int:
        return self.first_row + self.m - 1

    @property
    def sum_row(self) -> int:
        return self.last_row + 1

    @property
    def how_row(self) -> int:
        return self.last_row + 2

    @property
    def given_title_row(self) -> int:
        return self.how_row + 2

    @property
    def given_ids_row(self) -> int:
        return self.given_title_row + GIVEN_IDS_BELOW_TITLE

    def given_row(self, q: int) -> int:
        """The row of the ``q``-th perspective in the table of what each one gave."""
        return self.given_ids_row + 2 + q


GIVEN_TITLE = "What each stakeholder gave"
#: Rows from the title to the criterion ids (a note between); labels follow the ids.
GIVEN_IDS_BELOW_TITLE = 2
GIVEN_HEADERS = ["Perspective id", "Elicited by"]  # then one column per criterion
DETAIL_TITLE = "About each perspective"
DETAIL_HEADERS = ["Perspective id", "Perspective", "Elicited by", "Method", "Description",
                  "Rationale", "Evidence"]  # fmt: skip
#: The first column of each of those headers: the three long texts span two columns each.
DETAIL_COLUMNS = (1, 2, 3, 4, 5, 7, 9)
DETAIL_LAST_COLUMN = 10
#: Each perspective's own red lines, below the table about each perspective: a note, then
#: these headers with one criterion id per column from column C, then a row per perspective
#: (a number: its red line in place of the case's; :data:`NO_RED_LINE`: none; a blank cell:
#: the case's). A workbook written before the
#: table keeps them in the document property :data:`PERSPECTIVE_RED_LINES` only.
PERSPECTIVE_RED_LINES_TITLE = "Each perspective's own red lines"
PERSPECTIVE_RED_LINES_HEADERS = ["Perspective id", "Perspective"]  # then one column per criterion
#: Typed in that table: the perspective drops the case's red line on the criterion.
NO_RED_LINE = "none"
#: Format 1 kept the elicitation's inputs as text in the fourth column (one column each).
DETAIL_HEADERS_V1 = [*DETAIL_HEADERS[:3], "Given as", *DETAIL_HEADERS[4:]]


# -- AHP: one block of judgements per perspective elicited by AHP -------------------
@dataclass(frozen=True)
class AhpLayout:
    """Positions in the AHP sheet's block for one perspective and ``m`` criteria.

    The block starts at :attr:`top` with a heading; the row below holds
    :data:`AHP_ID_LABEL` in column A and the perspective id in column B; then a
    row of criterion ids from column C, a row of their labels, and the ``m`` x
    ``m`` grid of judgements (row over column) with criterion ids in column A.
    Above the diagonal the cells are inputs; the diagonal is 1 and each cell
    below it is the reciprocal of its mirror.
    """

    m: int
    top: int
    first_col: int = 3

    @property
    def id_row(self) -> int:
        return self.top + 1

    @property
    def ids_row(self) -> int:
        return self.top + 2

    def grid_row(self, i: int) -> int:
        return self.top + 4 + i

    def grid_col(self, j: int) -> int:
        return self.first_col + j

    @property
    def column_sum_row(self) -> int:
        return self.grid_row(self.m)

    @property
    def priority_row(self) -> int:
        return self.grid_row(self.m) + 1


AHP_ID_LABEL = "Perspective id"
