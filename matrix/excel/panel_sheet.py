"""The panel workbook: each analyst's judgements, the group's as live formulas, and the
disagreements that matter (``policy-matrix panel merge -o panel.xlsx``).

The group's scores are ``AVERAGE`` (or ``MEDIAN``) formulas over the analysts' cells,
so editing one analyst's score re-ranks the group in any spreadsheet; the pivotal
disagreements, each analyst's own ranking and the rank acceptability are computed by
Python when the file is written and say so. Every formula goes through
:meth:`Book.formula` with the value Python computes for it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from openpyxl import Workbook
from openpyxl.formatting.rule import ColorScaleRule
from openpyxl.packaging.custom import StringProperty
from openpyxl.utils import get_column_letter

import matrix.excel.formulas as formulas
import matrix.excel.printing as printing
from matrix import __version__
from matrix.excel.book import Book
from matrix.excel.layout import Layout
from matrix.excel.panel_findings import AGGREGATE_FUNCTIONS, write_findings
from matrix.excel.styles import (
    HEAT,
    NUMBER_FORMATS,
    add_styles,
    put_number,
    put_text,
    set_widths,
    title_block,
)
from matrix.excel.workbook import verify_archive
from matrix.io.atomic import atomic_write
from matrix.io.guard import check_not_open
from matrix.io.panel_layout import (
    GROUP,
    JUDGEMENTS,
    PANEL_FORMAT,
    PANEL_PROPERTY,
    RATIONALE,
    PanelLayout,
)
from matrix.methods import RANK_DECIMALS
from matrix.panel import Panel
from matrix.robustness.montecarlo import RankAcceptability
from matrix.text.panel import AGGREGATE_WORDS, SHEET_TEXT

__all__ = ["PANEL_FUNCTIONS", "build_panel_book", "write_panel_workbook"]

#: The functions a panel workbook's formulas call: the main workbook's, and the two
#: aggregates and COUNT (all in Excel, LibreOffice, Gnumeric and Google Sheets).
PANEL_FUNCTIONS = formulas.ALLOWED_FUNCTIONS | {"AVERAGE", "MEDIAN", "COUNT"}

_FUNCTION = AGGREGATE_FUNCTIONS


def _ref(sheet: str, row: int, col: int, *, absolute: bool = False) -> str:
    letter = get_column_letter(col)
    cell = f"${letter}${row}" if absolute else f"{letter}{row}"
    return f"{sheet}!{cell}"


def _cells(row: int, cols: list[int]) -> str:
    return ",".join(f"{get_column_letter(c)}{row}" for c in cols)


def _blank(value: float) -> object:
    return "" if math.isnan(value) else float(value)


def _write_judgements(book: Book, panel: Panel, lay: PanelLayout, how: str) -> None:
    ws = book.workbook.create_sheet(JUDGEMENTS)
    base = panel.base
    k = len(panel.analysts)
    function = _FUNCTION[how]
    title_block(
        ws,
        f"{base.info.title}: each analyst's judgements",
        SHEET_TEXT[JUDGEMENTS].format(how=AGGREGATE_WORDS[how][4:], function=function),
        lay.count_col,
    )
    headers = ["Option id", "Option", "Criterion id", "Criterion"]
    for col, text in enumerate(headers, start=1):
        put_text(ws, lay.header_row, col, text, "pm header")
    for a, name in enumerate(panel.analysts):
        put_text(ws, lay.names_row, lay.analyst_col(a, 0), name, "pm heading")
        for part, text in enumerate(("Low", "Score", "High")):
            put_text(ws, lay.header_row, lay.analyst_col(a, part), text, "pm header")
    put_text(
        ws, lay.names_row, lay.group_col(0), f"Group ({AGGREGATE_WORDS[how][4:]})", "pm heading"
    )
    for col, text in (
        (lay.group_col(0), "Low"),
        (lay.group_col(1), "Score"),
        (lay.group_col(2), "High"),
        (lay.lowest_col, "Lowest"),
        (lay.highest_col, "Highest"),
        (lay.spread_col, "Spread"),
        (lay.share_col, "Of scale"),
        (lay.count_col, "Analysts"),
    ):
        put_text(ws, lay.header_row, col, text, "pm header")

    combine = np.nanmean if how == "mean" else np.nanmedian
    group = [combine(part, axis=0) for part in (panel.low, panel.values, panel.high)]
    lowest, highest = np.nanmin(panel.values, axis=0), np.nanmax(panel.values, axis=0)
    shares = panel.spread_share.to_numpy()
    counts = panel.given.sum(axis=0)
    for j, criterion in enumerate(base.criteria):
        crow = lay.criterion_row(j)
        width = _ref(GROUP, crow, lay.width_col, absolute=True)
        for i, option in enumerate(base.options):
            row = lay.judgement_row(i, j)
            put_text(ws, row, 1, option.id, "pm text")
            put_text(ws, row, 2, option.label, "pm text")
            put_text(ws, row, 3, criterion.id, "pm text")
            put_text(ws, row, 4, criterion.label, "pm text")
            for a in range(k):
                if not panel.given[a, i, j]:
                    continue
                for part, values in enumerate((panel.low, panel.values, panel.high)):
                    put_number(
                        ws, row, lay.analyst_col(a, part), float(values[a, i, j]), "pm input"
                    )
            for part in range(3):
                cols = [lay.analyst_col(a, part) for a in range(k)]
                book.formula(
                    ws, row, lay.group_col(part), f"={function}({_cells(row, cols)})",
                    float(group[part][i, j]), "pm output", NUMBER_FORMATS["score"],
                )  # fmt: skip
            scores = _cells(row, [lay.analyst_col(a, 1) for a in range(k)])
            book.formula(ws, row, lay.lowest_col, f"=MIN({scores})", float(lowest[i, j]), "pm cell")
            book.formula(
                ws, row, lay.highest_col, f"=MAX({scores})", float(highest[i, j]), "pm cell"
            )
            spread = f"{get_column_letter(lay.spread_col)}{row}"
            book.formula(
                ws, row, lay.spread_col,
                f"={get_column_letter(lay.highest_col)}{row}-{get_column_letter(lay.lowest_col)}{row}",
                float(highest[i, j] - lowest[i, j]), "pm output",
            )  # fmt: skip
            book.formula(
                ws, row, lay.share_col, f'=IF({width}=0,"",{spread}/{width})',
                _blank(float(shares[i, j])), "pm output", NUMBER_FORMATS["share"],
            )  # fmt: skip
            book.formula(
                ws, row, lay.count_col, f"=COUNT({scores})", int(counts[i, j]), "pm centre"
            )
    first, last = lay.judgement_row(0, 0), lay.last_judgement_row
    share_col = get_column_letter(lay.share_col)
    ws.conditional_formatting.add(
        f"{share_col}{first}:{share_col}{last}",
        ColorScaleRule(
            start_type="num", start_value=0, start_color="FFFFFF",
            end_type="num", end_value=0.5, end_color=HEAT["bad"],
        ),
    )  # fmt: skip
    set_widths(ws, [16, 26, 16, 26, *([8] * (3 * k + 3)), 9, 9, 9, 10, 9])
    ws.freeze_panes = ws.cell(lay.header_row + 1, lay.first_col)


def _write_rationale(book: Book, panel: Panel, lay: PanelLayout) -> None:
    """Each analyst's rationale for each score, on the Judgements sheet's rows."""
    ws = book.workbook.create_sheet(RATIONALE)
    base = panel.base
    title_block(ws, f"{base.info.title}: why", SHEET_TEXT[RATIONALE], 2 + len(panel.analysts))
    put_text(ws, lay.header_row, 1, "Option id", "pm header")
    put_text(ws, lay.header_row, 2, "Criterion id", "pm header")
    for a, name in enumerate(panel.analysts):
        put_text(ws, lay.header_row, 3 + a, name, "pm header")
    tables = [panel.models[name].rationale for name in panel.analysts]
    for j, criterion in enumerate(base.criteria):
        for i, option in enumerate(base.options):
            row = lay.judgement_row(i, j)
            put_text(ws, row, 1, option.id, "pm text")
            put_text(ws, row, 2, criterion.id, "pm text")
            for a, table in enumerate(tables):
                text = str(table.loc[option.id, criterion.id])
                if text and panel.given[a, i, j]:
                    put_text(ws, row, 3 + a, text, "pm text")
    set_widths(ws, [16, 16, *([40] * len(panel.analysts))])


def _write_group(book: Book, panel: Panel, lay: PanelLayout, how: str) -> None:
    ws = book.workbook.create_sheet(GROUP)
    base = panel.base
    n, m = base.shape
    k = len(panel.analysts)
    title_block(ws, f"{base.info.title}: the group", SHEET_TEXT[GROUP], lay.rank_col)
    headers = ["Criterion id", "Criterion", "Direction", "Scale min", "Scale max", "Spread of"]
    for col, text in enumerate(headers, start=1):
        put_text(ws, lay.criteria_header_row, col, text, "pm header")
    for a, name in enumerate(panel.analysts):
        put_text(ws, lay.criteria_header_row, lay.weight_col + a, name, "pm header")
    put_text(ws, lay.criteria_header_row, lay.group_weight_col, "Group", "pm header")
    weights = panel.weights
    group_shares = np.mean(weights[list(panel.analysts)].to_numpy(), axis=1)
    values = panel.values
    for j, criterion in enumerate(base.criteria):
        row = lay.criterion_row(j)
        put_text(ws, row, 1, criterion.id, "pm text")
        put_text(ws, row, 2, criterion.label, "pm text")
        put_text(ws, row, 3, criterion.direction, "pm centre")
        first, last = lay.judgement_row(0, j), lay.judgement_row(n - 1, j)
        if criterion.has_scale:
            put_number(ws, row, 4, float(criterion.scale_min), "pm cell")  # type: ignore[arg-type]
            put_number(ws, row, 5, float(criterion.scale_max), "pm cell")  # type: ignore[arg-type]
            width = float(criterion.scale_max) - float(criterion.scale_min)  # type: ignore[arg-type]
            formula = f"=E{row}-D{row}"
        else:
            width = float(np.nanmax(values[:, :, j]) - np.nanmin(values[:, :, j]))
            hc, lc = get_column_letter(lay.highest_col), get_column_letter(lay.lowest_col)
            hi = f"{JUDGEMENTS}!${hc}${first}:${hc}${last}"
            lo = f"{JUDGEMENTS}!${lc}${first}:${lc}${last}"
            formula = f"=MAX({hi})-MIN({lo})"
        book.formula(ws, row, lay.width_col, formula, width, "pm cell")
        for a in range(k):
            put_number(ws, row, lay.weight_col + a, float(weights.to_numpy()[j, a]), "pm input",
                       NUMBER_FORMATS["share"])  # fmt: skip
        cols = [lay.weight_col + a for a in range(k)]
        book.formula(
            ws, row, lay.group_weight_col, f"=AVERAGE({_cells(row, cols)})",
            float(group_shares[j]), "pm output", NUMBER_FORMATS["share"],
        )  # fmt: skip

    # the group's weighted sum, live: scores, their 0-1 values between the ends, totals, ranks
    combine = np.nanmean if how == "mean" else np.nanmedian
    scores = combine(values, axis=0)
    put_text(ws, lay.shares_row, 2, "Weight share", "pm label")
    put_text(ws, lay.low_end_row, 2, "Worst-to-best from", "pm label")
    put_text(ws, lay.high_end_row, 2, "to", "pm label")
    put_text(ws, lay.direction_row, 2, "Direction", "pm label")
    put_text(ws, lay.option_header_row, 1, "Option id", "pm header")
    put_text(ws, lay.option_header_row, 2, "Option", "pm header")
    normalised = np.zeros((n, m))
    for j, criterion in enumerate(base.criteria):
        crow = lay.criterion_row(j)
        sc, nc = get_column_letter(lay.score_col(j)), get_column_letter(lay.norm_col(j))
        put_text(ws, lay.option_header_row, lay.score_col(j), criterion.id, "pm header")
        put_text(ws, lay.option_header_row, lay.norm_col(j), criterion.id, "pm header")
        share_cell = f"={get_column_letter(lay.group_weight_col)}{crow}"
        book.formula(ws, lay.shares_row, lay.norm_col(j), share_cell,
                     float(group_shares[j]), "pm cell", NUMBER_FORMATS["share"])  # fmt: skip
        column = f"{sc}${lay.option_row(0)}:{sc}${lay.option_row(n - 1)}"
        if criterion.has_scale:
            low, high = float(criterion.scale_min), float(criterion.scale_max)  # type: ignore[arg-type]
            low_formula, high_formula = f"=$D${crow}", f"=$E${crow}"
        else:
            low, high = float(scores[:, j].min()), float(scores[:, j].max())
            low_formula, high_formula = f"=MIN({column})", f"=MAX({column})"
        book.formula(ws, lay.low_end_row, lay.norm_col(j), low_formula, low, "pm cell")
        book.formula(ws, lay.high_end_row, lay.norm_col(j), high_formula, high, "pm cell")
        book.formula(
            ws, lay.direction_row, lay.norm_col(j), f"=$C${crow}", criterion.direction, "pm centre"
        )
        for i in range(n):
            row = lay.option_row(i)
            source = _ref(JUDGEMENTS, lay.judgement_row(i, j), lay.group_col(1))
            book.formula(ws, row, lay.score_col(j), f"={source}", float(scores[i, j]), "pm cell",
                         NUMBER_FORMATS["score"])  # fmt: skip
            value = float(scores[i, j])
            if high == low:
                normalised[i, j] = 0.0
            elif criterion.direction == "min":
                normalised[i, j] = (high - value) / (high - low)
            else:
                normalised[i, j] = (value - low) / (high - low)
            book.formula(
                ws, row, lay.norm_col(j),
                formulas.normalised(f"{sc}{row}", f"{nc}${lay.low_end_row}",
                                    f"{nc}${lay.high_end_row}", f"{nc}${lay.direction_row}"),
                float(normalised[i, j]), "pm cell", NUMBER_FORMATS["score"],
            )  # fmt: skip
    totals = np.round(normalised @ group_shares, RANK_DECIMALS)
    put_text(ws, lay.option_header_row, lay.total_col, "Group total", "pm header")
    put_text(ws, lay.option_header_row, lay.rank_col, "Group rank", "pm header")
    first_norm, last_norm = (
        get_column_letter(lay.norm_col(0)),
        get_column_letter(lay.norm_col(m - 1)),
    )
    tc = get_column_letter(lay.total_col)
    total_range = f"${tc}${lay.option_row(0)}:${tc}${lay.option_row(n - 1)}"
    ranks = _competition(totals)
    for i, option in enumerate(base.options):
        row = lay.option_row(i)
        put_text(ws, row, 1, option.id, "pm text")
        put_text(ws, row, 2, option.label, "pm text")
        shares = f"${first_norm}${lay.shares_row}:${last_norm}${lay.shares_row}"
        book.formula(
            ws, row, lay.total_col,
            f"=ROUND(SUMPRODUCT({first_norm}{row}:{last_norm}{row},{shares}),{RANK_DECIMALS})",
            float(totals[i]), "pm output", NUMBER_FORMATS["score"],
        )  # fmt: skip
        book.formula(ws, row, lay.rank_col, formulas.rank(f"{tc}{row}", total_range), int(ranks[i]),
                     "pm centre", NUMBER_FORMATS["rank"])  # fmt: skip
    set_widths(ws, [18, 28, 10, 10, 10, 10, *([10] * (2 * m + 4))])


def _competition(totals: np.ndarray) -> np.ndarray:
    return np.array([1 + int((totals > t).sum()) for t in totals])


def build_panel_book(
    panel: Panel,
    *,
    how: str = "mean",
    acceptability: RankAcceptability | None = None,
    method: str = "wsm",
    moved: Sequence[str] = (),
) -> Book:
    """The panel workbook in memory, with the value expected in every formula cell; ``moved``
    (from :func:`matrix.text.panel.moved_lines`) says how far the group moved since round 1."""
    panel.aggregate(how=how)  # an unknown aggregate fails before any work
    n, m = panel.base.shape
    workbook = Workbook()
    add_styles(workbook)
    book = Book(workbook, Layout(n, m))
    lay = PanelLayout(n, m, len(panel.analysts))
    write_findings(book, panel, lay, how, acceptability, method, moved)
    _write_judgements(book, panel, lay, how)
    _write_group(book, panel, lay, how)
    _write_rationale(book, panel, lay)
    info = panel.base.info
    for ws in workbook.worksheets:  # as the case's workbook prints (rows keep their heights)
        printing.page_setup(ws, title=f"{info.title} (a panel of {len(panel.analysts)})",
                            fit_text=False)  # fmt: skip
    props = workbook.properties
    props.title = f"{info.title}: a panel of {len(panel.analysts)}"
    props.creator = f"policy-matrix {__version__}"
    props.keywords = "decision matrix, panel, structured expert judgement"
    for name, value in (
        (PANEL_PROPERTY, PANEL_FORMAT),
        ("policy-matrix case", info.name),
        ("policy-matrix aggregate", how),
        ("policy-matrix title", info.title),
        ("policy-matrix question", info.question),
    ):
        workbook.custom_doc_props.append(StringProperty(name=name, value=value))
    return book


def write_panel_workbook(
    panel: Panel,
    path: str | Path,
    *,
    how: str = "mean",
    acceptability: RankAcceptability | None = None,
    method: str = "wsm",
    force: bool = False,
    moved: Sequence[str] = (),
) -> Path:
    """Write the panel workbook to ``path`` atomically (see :func:`build_panel_book`)."""
    target = Path(path)
    check_not_open(target, force=force)
    book = build_panel_book(panel, how=how, acceptability=acceptability, method=method, moved=moved)
    return atomic_write(target, book.save, verify=verify_archive)
