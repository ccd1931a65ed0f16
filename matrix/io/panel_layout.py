"""Where each part of the panel workbook lives: one description for its writer
(:mod:`matrix.excel.panel_sheet`) and its reader (:mod:`matrix.io.panel`)."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["PANEL_FORMAT", "PANEL_PROPERTY", "PanelLayout"]

#: The custom document property marking a panel workbook, with its layout version.
PANEL_PROPERTY = "policy-matrix panel"
PANEL_FORMAT = "1"

PANEL, JUDGEMENTS, GROUP, RATIONALE = "Panel", "Judgements", "Group", "Rationale"


@dataclass(frozen=True)
class PanelLayout:
    """Rows and columns of a panel of ``analysts`` analysts on ``n`` options x ``m`` criteria.

    Judgements: a row per score, criterion by criterion (so each criterion's rows are
    one range), option id/label and criterion id/label in A-D, then each analyst's
    low, score and high, then the group's low, score and high, the lowest and highest
    analyst's score, the spread, its share of the scale and how many analysts gave it.
    Group: the criteria table (id, label, direction, scale, the width the spread is a
    share of, each analyst's weight share, the group's), then the group's scores, their
    normalised values, totals
    and ranks, option by option.
    """

    n: int
    m: int
    analysts: int

    # -- Judgements ---------------------------------------------------------
    names_row: int = 4  # each analyst's name above their three columns
    header_row: int = 5
    first_col: int = 5  # the first analyst's low

    def judgement_row(self, i: int, j: int) -> int:
        return self.header_row + 1 + j * self.n + i

    def analyst_col(self, a: int, part: int) -> int:
        """Column of analyst ``a``'s low (part 0), score (1) or high (2)."""
        return self.first_col + 3 * a + part

    def group_col(self, part: int) -> int:
        """Column of the group's low (0), score (1) or high (2)."""
        return self.first_col + 3 * self.analysts + part

    @property
    def lowest_col(self) -> int:
        return self.group_col(3)

    @property
    def highest_col(self) -> int:
        return self.group_col(4)

    @property
    def spread_col(self) -> int:
        return self.group_col(5)

    @property
    def share_col(self) -> int:
        return self.group_col(6)

    @property
    def count_col(self) -> int:
        return self.group_col(7)

    @property
    def last_judgement_row(self) -> int:
        return self.judgement_row(self.n - 1, self.m - 1)

    # -- Group --------------------------------------------------------------
    criteria_header_row: int = 4
    width_col: int = 6  # the width a spread is a share of
    weight_col: int = 7  # the first analyst's weight share

    def criterion_row(self, j: int) -> int:
        return self.criteria_header_row + 1 + j

    @property
    def group_weight_col(self) -> int:
        return self.weight_col + self.analysts

    @property
    def shares_row(self) -> int:
        """The group's weight shares, across, above the normalised block."""
        return self.criterion_row(self.m - 1) + 2

    @property
    def low_end_row(self) -> int:
        return self.shares_row + 1

    @property
    def high_end_row(self) -> int:
        return self.shares_row + 2

    @property
    def direction_row(self) -> int:
        return self.shares_row + 3

    @property
    def option_header_row(self) -> int:
        return self.shares_row + 5

    def option_row(self, i: int) -> int:
        return self.option_header_row + 1 + i

    def score_col(self, j: int) -> int:
        return 3 + j

    def norm_col(self, j: int) -> int:
        return 4 + self.m + j

    @property
    def total_col(self) -> int:
        return 4 + 2 * self.m + 1

    @property
    def rank_col(self) -> int:
        return self.total_col + 1


#: The Round 2 sheet: its name, the document property holding the round a workbook was
#: handed out for, and its columns (written by matrix.excel.round2_sheet, read back by
#: matrix.io.panel).
ROUND2 = "Round 2"
ROUND_PROPERTY = "policy-matrix panel round"
ROUND2_HEADERS = ["Option", "Criterion", "Your low", "Your score", "Your high", "Group median",
                  "Others' lowest", "Others' highest", "Reason given for the lowest score",
                  "Reason given for the highest score", "Option id", "Criterion id",
                  "Round 1 group", "Round 1 spread"]  # fmt: skip
