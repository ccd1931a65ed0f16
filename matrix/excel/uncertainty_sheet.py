"""The Uncertainty sheet: Monte Carlo rank acceptability (SMAA-2), values from Python."""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from openpyxl.chart import BarChart, Reference
from openpyxl.formatting.rule import ColorScaleRule
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from matrix.excel.book import Book
from matrix.excel.computed import fit_rows, style_chart, write_header, write_input_check
from matrix.excel.styles import PALETTE, merge, put_number, put_text, set_widths
from matrix.model import DecisionModel
from matrix.robustness.montecarlo import RankAcceptability

__all__ = ["write_uncertainty"]

_SHARE = "0.0%"
#: The chart's least height (cm): on a printed page it fits under the rank acceptability
#: table of a case of a few options; it grows by half a centimetre a bar past ten.
_CHART_HEIGHT = 8.0

#: Rank 1 darkest; later ranks fade towards grey.
_RANK_COLOURS = ["1F3864", "2F5597", "5B8BD0", "9DC3E6", "BDD7EE", "D9D9D9", "EDEDED"]


def _rank_colour(rank: int, ranks: int) -> str:
    if ranks <= len(_RANK_COLOURS):
        return _RANK_COLOURS[rank - 1]
    return _RANK_COLOURS[min(len(_RANK_COLOURS) - 1, (rank - 1) * len(_RANK_COLOURS) // ranks)]


def write_uncertainty(
    book: Book,
    ws: Worksheet,
    model: DecisionModel,
    result: RankAcceptability,
    params: Mapping[str, Any],
    *,
    when: datetime | None = None,
) -> None:
    """Rank acceptability heat map, stacked bar chart, confidence, central weights, errors."""
    options = model.options
    n = len(options)
    last_col = n + 4
    acceptability = result.acceptability.to_numpy()
    central = result.central_weights.to_numpy()
    errors = result.std_error.to_numpy()
    se = float(errors.max())
    row = write_header(
        ws,
        "Uncertainty",
        f"How often each option takes each rank when the weights and scores are drawn at "
        f"random, {result.samples:,} times (stochastic multicriteria acceptability analysis, "
        f"SMAA-2). The largest Monte Carlo standard error is {se:.2%}.",
        params,
        width_columns=max(last_col, 8),
        when=when,
    )

    put_text(ws, row, 1, "Rank acceptability: share of draws giving each rank", "pm heading")
    header = row + 1
    put_text(ws, header, 1, "Option", "pm header")
    for rank in range(1, n + 1):
        put_text(ws, header, rank + 1, f"Rank {rank}", "pm header")
    put_text(ws, header, n + 2, "Mean rank", "pm header")
    put_text(ws, header, n + 3, "Confidence factor", "pm header")
    mean_rank = result.expected_rank
    for offset, option in enumerate(options, start=1):
        r = header + offset
        put_text(ws, r, 1, option.label, "pm text")
        for rank in range(1, n + 1):
            value = float(acceptability[offset - 1, rank - 1])
            put_number(ws, r, rank + 1, value, "pm centre", _SHARE)
        put_number(ws, r, n + 2, float(mean_rank[option.id]), "pm centre", "0.00")
        confidence = float(result.confidence[option.id])
        if math.isnan(confidence):
            put_text(ws, r, n + 3, "never first", "pm centre")
        else:
            put_number(ws, r, n + 3, confidence, "pm centre", _SHARE)
    last = header + n
    cells = f"B{header + 1}:{get_column_letter(n + 1)}{last}"
    ws.conditional_formatting.add(
        cells,
        ColorScaleRule(
            start_type="num",
            start_value=0,
            start_color="FFFFFF",
            end_type="num",
            end_value=1,
            end_color=PALETTE["good"],
        ),
    )
    notes = [
        "Rank acceptability: the share of draws in which the option takes that rank (ties share "
        "the better rank). Confidence factor: how often the option is still first when the "
        "typical weights of its supporters (its central weights, below) are used and only the "
        "scores vary; low values mean the scores are too uncertain to back it. It is "
        "conditional on those weights, so it can be high for an option that is rarely first: "
        "read it beside Rank 1 (below 1% there, too few draws make the central weights).",
    ]
    r = last + 1
    for text in notes:
        put_text(ws, r, 1, text, "pm note")
        merge(ws, r, 1, r, max(last_col, 8))
        ws.row_dimensions[r].height = 42
        r += 1

    chart = BarChart()
    chart.type = "bar"
    chart.grouping = "stacked"
    chart.overlap = 100
    chart.gapWidth = 50
    chart.add_data(
        Reference(ws, min_col=2, max_col=n + 1, min_row=header, max_row=last),
        titles_from_data=True,
    )
    chart.set_categories(Reference(ws, min_col=1, min_row=header + 1, max_row=last))
    for rank, series in enumerate(chart.series, start=1):
        colour = _rank_colour(rank, n)
        series.graphicalProperties.solidFill = colour
        series.graphicalProperties.line.solidFill = colour
    height = max(_CHART_HEIGHT, _CHART_HEIGHT + 0.5 * (n - 10))
    style_chart(chart, "Rank probabilities", "", "Share of draws", width=18, height=height)
    chart.y_axis.scaling.min, chart.y_axis.scaling.max = 0, 1
    chart.y_axis.number_format = "0%"
    chart.x_axis.scaling.orientation = "maxMin"  # first option at the top, as in the table
    chart.x_axis.tickLblPos = "low"
    chart_row = r + 1
    put_text(ws, chart_row, 1, "Rank probabilities", "pm heading")
    ws.add_chart(chart, f"A{chart_row + 1}")
    r = chart_row + math.ceil(height / 2.54 * 72 / 15) + 2  # rows of 15 points, and a gap

    put_text(
        ws, r, 1, "Central weights: the typical weights of each option's supporters", "pm heading"
    )
    header = r + 1
    put_text(ws, header, 1, "Criterion", "pm header")
    put_text(ws, header, 2, "Case's weights", "pm header")
    for col, option in enumerate(options, start=3):
        put_text(ws, header, col, option.label, "pm header")
    ws.row_dimensions[header].height = 45
    shares = model.normalized_weights
    for offset, crit in enumerate(model.criteria, start=1):
        put_text(ws, header + offset, 1, crit.label, "pm text")
        put_number(ws, header + offset, 2, float(shares[crit.id]), "pm centre", _SHARE)
        for col in range(3, n + 3):
            value = float(central[col - 3, offset - 1])
            if math.isnan(value):
                put_text(ws, header + offset, col, "—", "pm centre")
            else:
                put_number(ws, header + offset, col, value, "pm centre", _SHARE)
    r = header + len(model.criteria) + 1
    put_text(
        ws,
        r,
        1,
        "The average weights over the draws in which the option is first; '—' for an option "
        "never first.",
        "pm note",
    )
    merge(ws, r, 1, r, max(last_col, 8))

    r += 2
    put_text(ws, r, 1, "Monte Carlo standard errors", "pm heading")
    header = r + 1
    put_text(ws, header, 1, "Option", "pm header")
    for rank in range(1, n + 1):
        put_text(ws, header, rank + 1, f"Rank {rank}", "pm header")
    for offset, option in enumerate(options, start=1):
        put_text(ws, header + offset, 1, option.label, "pm text")
        for rank in range(1, n + 1):
            value = float(errors[offset - 1, rank - 1])
            put_number(ws, header + offset, rank + 1, value, "pm centre", "0.00%")
    r = header + n + 1
    put_text(
        ws,
        r,
        1,
        "Each share above is an estimate from random draws; about 95% of the time the true "
        "share lies within two standard errors of it. Four times the draws halve the errors.",
        "pm note",
    )
    merge(ws, r, 1, r, max(last_col, 8))
    write_input_check(ws, model, r + 2, book=book)
    # a column per rank: narrow when there are many, so that the table prints legibly
    set_widths(ws, [34, *([14 if n <= 8 else 9] * n), 14, 14, 14])
    fit_rows(ws, 2)
