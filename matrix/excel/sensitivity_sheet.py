"""The Sensitivity sheet: break-even weights, weight sweeps and tornado charts (from Python)."""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import datetime
from typing import Any

import numpy as np
import pandas as pd
from openpyxl.chart import BarChart, Reference, ScatterChart, Series
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from matrix.excel.book import Book
from matrix.excel.computed import fit_rows, style_chart, write_header, write_input_check
from matrix.excel.styles import NUMBER_FORMATS, merge, put_number, put_text, set_widths
from matrix.model import DecisionModel
from matrix.robustness.flip import WinnerFlip
from matrix.robustness.sensitivity import Tornado
from matrix.text.redlines import threshold_words

__all__ = ["SWEEP_MAX_OPTIONS", "swept_options", "write_sensitivity"]


def _rows(table: pd.DataFrame) -> list[Any]:
    """The table's rows as named tuples (typed loosely: pandas types each field as a union)."""
    return list(table.itertuples())


_SHARE = "0.0%"

#: Charts' height (cm), and the rows each row of charts takes on the sheet: the chart (15
#: rows of 15 points), a line for a note under it, and a gap. Two rows of sweep charts fit
#: on a printed page.
_CHART_HEIGHT = 7.5
_CHART_ROWS = 17
#: A sweep chart draws at most this many options, those ranked highest now: more lines
#: than this cannot be told apart, and a legend for them leaves no room for the lines.
SWEEP_MAX_OPTIONS = 10
#: A tornado bar narrower than this (in score) is no bar: the input cannot move the score.
_STILL = 1e-12
_HEADERS = [
    "Criterion",
    "Weight now (share)",
    "Weight now (points)",
    "First place changes if the share rises above",
    "…then first",
    "…or if it falls below",
    "…then first",
    "Nearest break-even, in weight points",
]


def _break_even_table(ws: Worksheet, model: DecisionModel, flip: WinnerFlip, row: int) -> int:
    options = {o.id: o.label for o in model.options}
    put_text(ws, row, 1, "Break-even weights", "pm heading")
    put_text(
        ws,
        row + 1,
        1,
        "Each weight moved alone, as a share of the total; the other weights keep their "
        "proportions, exactly as when one weight is edited on the Scores sheet and the rest are "
        "left alone. At the break-even share the leader ties with the option named; any further "
        "move hands it first place. 'never': no share from 0% to 100% changes first place.",
        "pm note",
    )
    merge(ws, row + 1, 1, row + 1, len(_HEADERS))
    ws.row_dimensions[row + 1].height = 42
    header = row + 2
    for col, name in enumerate(_HEADERS, start=1):
        put_text(ws, header, col, name, "pm header")
    ws.row_dimensions[header].height = 45
    for offset, line in enumerate(_rows(flip.weights), start=1):
        r = header + offset
        put_text(ws, r, 1, line.label, "pm text")
        put_number(ws, r, 2, float(line.weight), "pm centre", _SHARE)
        put_number(ws, r, 3, float(line.raw_weight), "pm centre", NUMBER_FORMATS["weight"])
        for col, share, winner in (
            (4, line.rise_above, line.winner_if_rise),
            (6, line.fall_below, line.winner_if_fall),
        ):
            if math.isnan(share):
                put_text(ws, r, col, "never", "pm centre")
                put_text(ws, r, col + 1, "", "pm text")
            else:
                put_number(ws, r, col, float(share), "pm centre", _SHARE)
                put_text(ws, r, col + 1, options[winner], "pm text")
        raw = line.raw_break_even
        if math.isnan(raw):
            put_text(ws, r, 8, "never", "pm centre")
        elif math.isinf(raw):
            put_text(ws, r, 8, "all the weight", "pm centre")
        else:
            put_number(ws, r, 8, round(float(raw), 6), "pm centre", "0.0")
    return header + len(flip.weights) + 2


def _flip_lines(ws: Worksheet, model: DecisionModel, flip: WinnerFlip, row: int) -> int:
    options = {o.id: o.label for o in model.options}
    criteria = {c.id: c.label for c in model.criteria}
    put_text(ws, row, 1, "What would change first place", "pm heading")
    weight, score = flip.weight, flip.score
    if weight is None:
        by_weight = "No single weight change, from 0% to 100% of the total, changes first place."
    else:
        verb = "rises" if weight["direction"] == "rise" else "falls"
        by_weight = (
            f"Smallest weight change: the weight on {criteria[weight['criterion']]} {verb} from "
            f"{weight['weight']:.1%} to {weight['break_even']:.1%} of the total; then "
            f"{options[weight['new_winner']]} is first."
        )
    if score is None:
        by_score = "No single score change within its criterion's scale changes first place."
    else:
        by_score = (
            f"Smallest score change: {options[score['option']]} on "
            f"{criteria[score['criterion']]} from {score['score']:g} to "
            f"{threshold_words(model, score, flip.params.get('red_lines', 'ignore'))} "
            f"({score['share_of_scale']:.0%} of the scale); then "
            f"{options[score['new_winner']]} is first."
        )
    for offset, text in enumerate((by_weight, by_score), start=1):
        put_text(ws, row + offset, 1, text, "pm body")
        merge(ws, row + offset, 1, row + offset, 8)
        ws.row_dimensions[row + offset].height = 30
    return row + 4


def swept_options(model: DecisionModel, ranks: pd.Series) -> list[str]:
    """The options a sweep chart draws: all of them up to :data:`SWEEP_MAX_OPTIONS`, else
    the :data:`SWEEP_MAX_OPTIONS` ranked highest by ``ranks`` (1 best; ties in the case's
    order), best first.

    >>> import matrix
    >>> model = matrix.load_case()
    >>> swept_options(model, matrix.evaluate(model).ranks) == list(model.option_ids)
    True
    """
    if len(model.options) <= SWEEP_MAX_OPTIONS:
        return list(model.option_ids)
    order = ranks.reindex(model.option_ids).sort_values(kind="stable")
    return [str(o) for o in order.index[:SWEEP_MAX_OPTIONS]]


def _by_share(
    sweep: pd.DataFrame, rows: np.ndarray, shown: list[str]
) -> tuple[np.ndarray, np.ndarray]:
    """The sweep's ``rows`` (one criterion's) as ``pivot(index="weight", columns="option",
    values="score")[shown]`` lays them out, as arrays: the shares in order, and the scores
    (shares x options ``shown``)."""
    weights = sweep["weight"].to_numpy(dtype=float)[rows]
    shares = np.unique(weights)
    column = {option: k for k, option in enumerate(shown)}
    at = np.array([column.get(o, -1) for o in sweep["option"].to_numpy()[rows]], dtype=np.int64)
    table = np.full((shares.size, len(shown)), np.nan)
    kept = at >= 0
    scores = sweep["score"].to_numpy(dtype=float)[rows]
    table[np.searchsorted(shares, weights)[kept], at[kept]] = scores[kept]
    return shares, table


def _sweep_charts(
    ws: Worksheet,
    model: DecisionModel,
    sweep: pd.DataFrame,
    row: int,
    data_row: int,
    shown: list[str],
) -> int:
    """One chart per criterion at ``row``, drawing the options ``shown``; their data in a
    block from ``data_row``. Returns the row after the data block."""
    put_text(ws, row, 1, "Weight sweeps", "pm heading")
    n = len(model.options)
    put_text(
        ws,
        row + 1,
        1,
        "Each chart moves one criterion's share of the weight from 0% to 100% and shows "
        + (
            "every option's score"
            if len(shown) == n
            else f"the score of the {len(shown)} options ranked highest now (of {n:,}; more "
            "lines could not be told apart)"
        )
        + "; the vertical line marks the share now. Where two lines cross, their order "
        f"changes. The data are at the bottom of this sheet (from row {data_row}).",
        "pm note",
    )
    merge(ws, row + 1, 1, row + 1, 8)
    ws.row_dimensions[row + 1].height = 30
    put_text(ws, data_row, 1, "Weight sweep data", "pm heading")
    by_id = {o.id: o for o in model.options}
    options = [by_id[o] for o in shown]
    shares = model.normalized_weights
    r = data_row + 1
    chart_row = row + 2
    swept = sweep["criterion"].to_numpy()
    for index, crit in enumerate(model.criteria):
        points, wide = _by_share(sweep, swept == crit.id, shown)
        put_text(ws, r, 1, f"{crit.label}: share", "pm header")
        for col, option in enumerate(options, start=2):
            put_text(ws, r, col, option.label, "pm header")
        marker_col = len(options) + 2
        put_text(ws, r, marker_col, "Share now", "pm header")
        put_text(ws, r, marker_col + 1, "Weight now", "pm header")
        low, high = float(wide.min()), float(wide.max())
        rows = zip(points, wide, strict=True)
        for offset, (share, scores) in enumerate(rows, start=1):
            put_number(ws, r + offset, 1, float(share), "pm cell", _SHARE)
            for col, value in enumerate(scores, start=2):
                put_number(ws, r + offset, col, float(value), "pm cell", "0.000")
        for offset, value in enumerate((low, high), start=1):
            put_number(ws, r + offset, marker_col, float(shares[crit.id]), "pm cell", _SHARE)
            put_number(ws, r + offset, marker_col + 1, value, "pm cell", "0.000")
        last = r + len(wide)
        chart = ScatterChart(scatterStyle="line")
        xs = Reference(ws, min_col=1, min_row=r + 1, max_row=last)
        for col in range(2, len(options) + 2):
            values = Reference(ws, min_col=col, min_row=r, max_row=last)
            series = Series(values, xs, title_from_data=True)
            series.marker.symbol = "none"
            series.smooth = False
            chart.series.append(series)
        marker = Series(
            Reference(ws, min_col=marker_col + 1, min_row=r, max_row=r + 2),
            Reference(ws, min_col=marker_col, min_row=r + 1, max_row=r + 2),
            title_from_data=True,
        )
        marker.marker.symbol = "none"
        marker.graphicalProperties.line.dashStyle = "dash"
        marker.graphicalProperties.line.solidFill = "7F7F7F"
        chart.series.append(marker)
        style_chart(
            chart,
            f"Weight on {crit.label}",
            "Share of the total weight",
            "Score",
            width=15.5,
            height=_CHART_HEIGHT,
        )
        chart.y_axis.number_format = "0.0"
        chart.x_axis.scaling.min, chart.x_axis.scaling.max = 0, 1
        chart.x_axis.number_format = "0%"
        chart.x_axis.majorUnit = 0.2
        anchor = f"{'A' if index % 2 == 0 else 'E'}{chart_row + _CHART_ROWS * (index // 2)}"
        ws.add_chart(chart, anchor)
        r = last + 4
    return r


def _tornado(
    ws: Worksheet, model: DecisionModel, data: Tornado, option: str, row: int, anchor_row: int
) -> int:
    """Two tornado charts for ``option`` (weights, then scores); their data from ``row``.

    Inputs that cannot move the option's score (a score with no range, say) would be
    bars of no width: the chart leaves them out and a note under it names them; the
    data list them last, so the sheet's rows do not depend on which inputs move.
    """
    criteria = {c.id: c.label for c in model.criteria}
    label = next(o.label for o in model.options if o.id == option)
    low, high = data.params["weight_range"]
    weights = data.weights[data.weights["option"] == option]
    scores = data.scores[data.scores["option"] == option]
    base = float(weights["base"].iloc[0])
    blocks = [
        (
            f"each weight x{low:g} to x{high:g}",
            [
                (criteria[r.criterion], r.score_low - base, r.score_high - base, r.swing)
                for r in _rows(weights)
            ],
            "Lowest weight",
            "Highest weight",
            "weight",
        ),
        (
            "each score low to high",
            [
                (
                    f"{criteria[r.criterion]} ({r.low:g} to {r.high:g})",
                    r.score_low - base,
                    r.score_high - base,
                    r.swing,
                )
                for r in _rows(scores)
            ],
            "Score at its low",
            "Score at its high",
            "score",
        ),
    ]
    put_text(ws, row, 1, f"Tornado data: change in {label}'s score (now {base:.3f})", "pm heading")
    r = row + 1
    for number, (title, lines, low_name, high_name, what) in enumerate(blocks):
        # The inputs that move the score first, biggest swing last (at the top of a bar
        # chart), then the still ones: the chart draws the first, the data list them all.
        moving = [line for line in lines if max(abs(line[1]), abs(line[2])) > _STILL]
        still = [line[0] for line in lines if max(abs(line[1]), abs(line[2])) <= _STILL]
        moving.sort(key=lambda line: line[3])
        lines = moving + [line for line in lines if line not in moving]
        first_col = 1 if number == 0 else 5
        note_row = anchor_row + _CHART_ROWS - 2
        if still:
            names = ", ".join(still)
            note = (
                f"Not shown: {names}. No change of that {what} within its range moves "
                f"{label}'s score."
                if len(still) == 1
                else f"Not shown: {names}. No change of these {what}s within their ranges "
                f"moves {label}'s score."
            )
            if not moving:
                note = f"No {what} within its range moves {label}'s score: no chart."
            put_text(ws, note_row, first_col, note, "pm note")
            merge(ws, note_row, first_col, note_row, first_col + 3)
        for col, name in enumerate(("Input", low_name, high_name), start=1):
            put_text(ws, r, col, name, "pm header")
        for offset, (name, at_low, at_high, _) in enumerate(lines, start=1):
            put_text(ws, r + offset, 1, name, "pm text")
            put_number(ws, r + offset, 2, float(at_low), "pm cell", "+0.000;-0.000;0.000")
            put_number(ws, r + offset, 3, float(at_high), "pm cell", "+0.000;-0.000;0.000")
        after = r + len(lines) + 2  # the same rows whatever moves: the layout is the case's
        last = r + len(moving)
        if not moving:
            r = after
            continue
        chart = BarChart()
        chart.type = "bar"
        chart.grouping = "clustered"
        chart.overlap = 100
        chart.gapWidth = 40
        chart.add_data(
            Reference(ws, min_col=2, max_col=3, min_row=r, max_row=last), titles_from_data=True
        )
        chart.set_categories(Reference(ws, min_col=1, min_row=r + 1, max_row=last))
        style_chart(
            chart,
            f"{label}: {title}",
            "",
            f"Change in score (now {base:.3f})",
            width=15.5,
            height=_CHART_HEIGHT,
        )
        chart.x_axis.tickLblPos = "low"
        chart.y_axis.number_format = "+0.00;-0.00;0"
        ws.add_chart(chart, f"{get_column_letter(first_col)}{anchor_row}")
        r = after
    return r


def write_sensitivity(
    book: Book,
    ws: Worksheet,
    model: DecisionModel,
    flip: WinnerFlip,
    sweep: pd.DataFrame,
    tornado: Tornado,
    params: Mapping[str, Any],
    *,
    ranks: pd.Series | None = None,
    when: datetime | None = None,
) -> None:
    """Break-even table, what would flip the winner, sweep charts and tornado charts.

    The sweep charts draw the options :func:`swept_options` picks by ``ranks`` (the
    ranking now); without ``ranks``, the first :data:`SWEEP_MAX_OPTIONS` in the case's order.
    """
    leader = next(o.label for o in model.options if o.id == flip.winner)
    row = write_header(
        ws,
        "Sensitivity",
        f"How far the weights and scores can move before {leader} loses first place, and which "
        "inputs move its score most. Computed by policy-matrix from the case as exported.",
        params,
        width_columns=len(_HEADERS),
        when=when,
    )
    row = _break_even_table(ws, model, flip, row)
    row = _flip_lines(ws, model, flip, row)
    tornado_row = row
    put_text(ws, tornado_row, 1, "Tornado charts", "pm heading")
    sweep_row = tornado_row + _CHART_ROWS + 1
    sweep_rows = _CHART_ROWS * ((len(model.criteria) + 1) // 2) + 3
    data_row = sweep_row + sweep_rows + 1
    after = _tornado(ws, model, tornado, flip.winner, data_row, tornado_row + 1)
    shown = (
        swept_options(model, ranks)
        if ranks is not None
        else list(model.option_ids)[:SWEEP_MAX_OPTIONS]
    )
    after = _sweep_charts(ws, model, sweep, sweep_row, after + 1, shown)
    write_input_check(ws, model, after + 1, book=book)
    set_widths(ws, [34, 14, 14, 18, 24, 16, 24, 18, 14, 14, 14])
    fit_rows(ws, 2)
    ws.freeze_panes = None
    # Printed, the sheet is its tables and charts; the data the charts draw stay on screen.
    ws.print_area = f"A1:{get_column_letter(len(_HEADERS))}{data_row - 1}"
