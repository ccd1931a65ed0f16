"""The second round of a panel (``policy-matrix panel round2``): each analyst's own workbook
again, with a Round 2 sheet setting their round-1 judgements beside the group's."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from openpyxl.packaging.custom import StringProperty

from matrix.excel.analyst import stamp_analyst
from matrix.excel.styles import NUMBER_FORMATS, put_number, put_text, set_widths, title_block
from matrix.excel.workbook import build_book, verify_archive
from matrix.io.atomic import atomic_write
from matrix.io.panel_layout import ROUND2, ROUND2_HEADERS, ROUND_PROPERTY
from matrix.panel import Panel
from matrix.text.panel import SHEET_TEXT

__all__ = ["ROUND2", "ROUND_PROPERTY", "round2_rows", "write_round2_workbook"]

HEADERS = ROUND2_HEADERS


def round2_rows(panel: Panel, analyst: str, *, how: str = "mean") -> list[list[object]]:
    """The Round 2 table of one analyst: per score, theirs beside the group's median, the
    others' lowest and highest (anonymised) and the rationale given for the panel's lowest and
    highest score (NaN where not given)."""
    a = panel.analysts.index(analyst)
    base = panel.base
    rationale = [panel.models[name].rationale.to_numpy() for name in panel.analysts]
    others = [b for b in range(len(panel.analysts)) if b != a]
    group = panel.aggregate(how=how).values
    spread = panel.spread.to_numpy()
    rows: list[list[object]] = []
    for i, option in enumerate(base.options):
        for j, criterion in enumerate(base.criteria):
            given = panel.given[:, i, j]
            values = panel.values[:, i, j]
            theirs = [b for b in others if given[b]]
            lowest = min(theirs, key=lambda b: values[b]) if theirs else None
            highest = max(theirs, key=lambda b: values[b]) if theirs else None
            everyone = [b for b in range(len(panel.analysts)) if given[b]]
            low_b = min(everyone, key=lambda b: values[b])
            high_b = max(everyone, key=lambda b: values[b])
            rows.append(
                [
                    option.label,
                    criterion.label,
                    float(panel.low[a, i, j]) if given[a] else None,
                    float(values[a]) if given[a] else None,
                    float(panel.high[a, i, j]) if given[a] else None,
                    float(np.nanmedian(values)),
                    float(values[lowest]) if lowest is not None else None,
                    float(values[highest]) if highest is not None else None,
                    str(rationale[low_b][i, j]),
                    str(rationale[high_b][i, j]),
                    option.id,
                    criterion.id,
                    float(group[i, j]),
                    float(spread[i, j]),
                ]
            )
    return rows


def write_round2_workbook(
    panel: Panel, analyst: str, path: str | Path, *, how: str = "mean"
) -> Path:
    """``analyst``'s workbook for round 2: their own case workbook (stamped), with a Round 2
    sheet of :func:`round2_rows`."""
    a = panel.analysts.index(analyst)
    model = panel.models[analyst]
    book = build_book(model)
    workbook = book.workbook
    stamp_analyst(workbook, workbook["Summary"], analyst)
    workbook.custom_doc_props.append(StringProperty(name=ROUND_PROPERTY, value="2"))
    ws = workbook.create_sheet(ROUND2, 1)
    title_block(ws, f"{model.info.title}: round 2 for {panel.analysts[a]}", SHEET_TEXT[ROUND2],
                len(HEADERS))  # fmt: skip
    for col, text in enumerate(HEADERS, start=1):
        put_text(ws, 4, col, text, "pm header")
    for r, row in enumerate(round2_rows(panel, analyst, how=how), start=5):
        for col, value in enumerate(row, start=1):
            if isinstance(value, str):
                put_text(ws, r, col, value, "pm text")
            elif isinstance(value, float):
                put_number(ws, r, col, value, "pm cell", NUMBER_FORMATS["input"])
    set_widths(ws, [26, 26, 9, 9, 9, 10, 10, 10, 50, 50, 16, 16, 10, 10])
    ws.freeze_panes = "C5"
    return atomic_write(Path(path), book.save, verify=verify_archive)
