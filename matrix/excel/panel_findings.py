"""The Panel sheet of the panel workbook: the group leader (live), the disagreements that
would change it, each analyst's ranking beside the group's and the rank acceptability over the
panel (computed by Python when the file is written, and saying so)."""

from __future__ import annotations

import math
from collections.abc import Sequence

from openpyxl.formatting.rule import ColorScaleRule
from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from matrix.excel.book import Book
from matrix.excel.styles import (
    HEAT,
    NUMBER_FORMATS,
    fit_height,
    merge,
    put_number,
    put_text,
    set_widths,
    title_block,
)
from matrix.io.panel_layout import GROUP, PANEL, PanelLayout
from matrix.panel import Panel
from matrix.robustness.montecarlo import RankAcceptability
from matrix.text.format import percent
from matrix.text.panel import AGGREGATE_WORDS, PIVOTAL_NONE, SHEET_TEXT, STAMPED

__all__ = ["AGGREGATE_FUNCTIONS", "write_findings"]

#: The spreadsheet function of each aggregate.
AGGREGATE_FUNCTIONS = {"mean": "AVERAGE", "median": "MEDIAN"}


def _ref(sheet: str, row: int, col: int) -> str:
    return f"{sheet}!{get_column_letter(col)}{row}"


def _wrap(ws: Worksheet, row: int, first: int, last: int) -> None:
    """Merge a row's text across ``first``..``last`` and make the row tall enough for it."""
    merge(ws, row, first, row, last)
    ws.cell(row, first).alignment = Alignment(wrap_text=True, vertical="top")
    width = sum(
        ws.column_dimensions[get_column_letter(c)].width or 9 for c in range(first, last + 1)
    )
    fit_height(ws, row, [(str(ws.cell(row, first).value or ""), width)])


def write_findings(
    book: Book,
    panel: Panel,
    lay: PanelLayout,
    how: str,
    acceptability: RankAcceptability | None,
    method: str,
    moved: Sequence[str] = (),
) -> None:
    """The Panel sheet; ``moved`` says how far the group moved since round 1, if it did."""
    ws = book.workbook.active
    ws.title = PANEL
    base = panel.base
    n, _ = base.shape
    k = len(panel.analysts)
    options = {o.id: o.label for o in base.options}
    criteria = {c.id: c.label for c in base.criteria}
    last_col = max(6, 2 + k, 1 + n)
    set_widths(ws, [30, 30, *([12] * (last_col - 2))])
    title_block(ws, f"{base.info.title}: a panel of {k}", SHEET_TEXT[PANEL], last_col)
    put_text(ws, 3, 1, "Question", "pm heading")
    put_text(ws, 3, 2, base.info.question, "pm body")
    put_text(ws, 4, 1, "Analysts", "pm heading")
    put_text(ws, 4, 2, ", ".join(panel.analysts), "pm body")
    put_text(ws, 5, 1, "Group score", "pm heading")
    put_text(
        ws,
        5,
        2,
        f"{AGGREGATE_WORDS[how]} of the analysts' ({AGGREGATE_FUNCTIONS[how]}); weights: the "
        "mean of their weight shares",
        "pm body",
    )
    rank_col = get_column_letter(lay.rank_col)
    ranks_range = f"{GROUP}!${rank_col}${lay.option_row(0)}:${rank_col}${lay.option_row(n - 1)}"
    labels_range = f"{GROUP}!$B${lay.option_row(0)}:$B${lay.option_row(n - 1)}"
    rankings = panel.rankings(method, how=how)
    group = rankings["group"]
    leader_id = next(o for o in base.option_ids if group[o] == 1)
    put_text(ws, 6, 1, "Group leader", "pm heading")
    book.formula(
        ws,
        6,
        2,
        f"=INDEX({labels_range},MATCH(1,{ranks_range},0))",
        options[leader_id],
        "pm output",
    )

    row = 8
    notes: list[tuple[int, int]] = []
    if moved:
        put_text(ws, row, 1, "Since round 1", "pm heading")
        put_text(ws, row + 1, 1, " ".join(moved), "pm body")
        notes.append((row + 1, 1))
        row += 3
    put_text(ws, row, 1, "Disagreements that change the leader", "pm heading")
    pivotal = panel.pivotal(method, how=how)
    put_text(
        ws,
        row + 1,
        1,
        STAMPED.format(
            detail="one analyst's score in place of the group's, every other score at the group's"
        ),
        "pm note",
    )
    notes.append((row + 1, 1))
    row += 2
    if pivotal.empty:
        leader = " = ".join(options[o] for o in base.option_ids if group[o] == 1)
        put_text(ws, row, 1, PIVOTAL_NONE.format(leader=leader), "pm body")
        notes.append((row, 1))
        row += 2
    else:
        for col, text in enumerate(
            ["Option", "Criterion", "Analyst", "Their score", "Group", "Leader it would give"],
            start=1,
        ):
            put_text(ws, row, col, text, "pm header")
        for record in pivotal.to_dict("records"):
            row += 1
            put_text(ws, row, 1, options[record["option"]], "pm text")
            put_text(ws, row, 2, criteria[record["criterion"]], "pm text")
            put_text(ws, row, 3, str(record["analyst"]), "pm text")
            put_number(ws, row, 4, float(record["value"]), "pm cell")
            put_number(ws, row, 5, float(record["group"]), "pm cell", NUMBER_FORMATS["score"])
            put_text(
                ws,
                row,
                6,
                " = ".join(options[o] for o in str(record["new_leader"]).split(" = ")),
                "pm text",
            )
        row += 2

    put_text(ws, row, 1, "Rankings", "pm heading")
    put_text(
        ws,
        row + 1,
        1,
        STAMPED.format(detail="each analyst's own ranking; the group's rank is live"),
        "pm note",
    )
    notes.append((row + 1, 1))
    row += 2
    put_text(ws, row, 1, "Option", "pm header")
    put_text(ws, row, 2, "Group", "pm header")
    for a, name in enumerate(panel.analysts):
        put_text(ws, row, 3 + a, name, "pm header")
    agreement = panel.agreement(method, how=how)
    group_ranks = group.loc[base.option_ids].to_numpy()
    rank_table = rankings.loc[base.option_ids, list(panel.analysts)].to_numpy()
    taus = agreement.loc[list(panel.analysts), "group"].to_numpy(dtype=float)
    for i, option in enumerate(base.options):
        r = row + 1 + i
        put_text(ws, r, 1, option.label, "pm text")
        live = f"={_ref(GROUP, lay.option_row(i), lay.rank_col)}"
        book.formula(ws, r, 2, live, int(group_ranks[i]),
                     "pm centre", NUMBER_FORMATS["rank"])  # fmt: skip
        for a in range(k):
            put_number(
                ws,
                r,
                3 + a,
                int(rank_table[i, a]),
                "pm centre",
                NUMBER_FORMATS["rank"],
            )
    r = row + 1 + n
    put_text(ws, r, 1, "Kendall's tau with the group", "pm label")
    for a in range(k):
        tau = float(taus[a])
        if not math.isnan(tau):
            put_number(ws, r, 3 + a, tau, "pm cell", "0.00")
    row = r + 2

    if acceptability is not None:
        put_text(ws, row, 1, "Rank acceptability over the panel", "pm heading")
        detail = (f"{acceptability.samples:,} draws, seed {acceptability.params.get('seed')}; "
                  "each score taken from one analyst at random, within that analyst's "
                  "range")  # fmt: skip
        put_text(ws, row + 1, 1, STAMPED.format(detail=detail), "pm note")
        notes.append((row + 1, 1))
        row += 2
        put_text(ws, row, 1, "Option", "pm header")
        ranks = list(acceptability.acceptability.columns)
        shares_table = acceptability.acceptability.loc[base.option_ids].to_numpy()
        for c, rank in enumerate(ranks):
            put_text(ws, row, 2 + c, f"Rank {rank}", "pm header")
        for i, option in enumerate(base.options):
            put_text(ws, row + 1 + i, 1, option.label, "pm text")
            for c in range(len(ranks)):
                value = float(shares_table[i, c])
                put_number(ws, row + 1 + i, 2 + c, value, "pm cell", NUMBER_FORMATS["share"])
        last = get_column_letter(1 + len(ranks))
        ws.conditional_formatting.add(
            f"B{row + 1}:{last}{row + n}",
            ColorScaleRule(start_type="num", start_value=0, start_color="FFFFFF",
                           end_type="num", end_value=1, end_color=HEAT["good"]),
        )  # fmt: skip
        put_text(
            ws,
            row + n + 1,
            1,
            f"First place most often: {options[str(acceptability.p_best.idxmax())]} "
            f"({percent(float(acceptability.p_best.max()))})",
            "pm note",
        )
    for row, first in ((3, 2), (4, 2), (5, 2), *notes):
        _wrap(ws, row, first, last_col)
