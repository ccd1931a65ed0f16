"""The Scenarios sheet: scores and ranks per scenario, and the regret table (values from Python)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from openpyxl.formatting.rule import ColorScaleRule
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from matrix.excel.book import Book
from matrix.excel.computed import fit_rows, write_header, write_input_check
from matrix.excel.layout import SCORES, cell
from matrix.excel.styles import PALETTE, merge, put_number, put_text, set_widths
from matrix.io.layout import (
    SCENARIO_CHANGES_HEADERS,
    SCENARIO_CHANGES_TITLE,
    SCENARIO_LIST_HEADERS,
    SCENARIO_LIST_TITLE,
)
from matrix.model import DecisionModel
from matrix.robustness.scenarios import ScenarioAnalysis

__all__ = ["write_scenarios"]


#: Headings and columns of the two tables that define the scenarios (read back on import).
LIST_TITLE, LIST_HEADERS = SCENARIO_LIST_TITLE, SCENARIO_LIST_HEADERS
CHANGES_TITLE, CHANGES_HEADERS = SCENARIO_CHANGES_TITLE, SCENARIO_CHANGES_HEADERS


def _scenario_list(ws: Worksheet, model: DecisionModel, row: int) -> int:
    put_text(ws, row, 1, LIST_TITLE, "pm heading")
    for col, name in enumerate(LIST_HEADERS, start=1):
        put_text(ws, row + 1, col, name, "pm header")
    for offset, scen in enumerate(model.scenarios, start=2):
        for col, text in enumerate(
            (scen.id, scen.label, scen.description, scen.rationale, scen.evidence), start=1
        ):
            put_text(ws, row + offset, col, text, "pm cell" if col == 1 else "pm input text")
    return row + len(model.scenarios) + 3


def _changes(book: Book, ws: Worksheet, model: DecisionModel, row: int) -> int:
    put_text(ws, row, 1, CHANGES_TITLE, "pm heading")
    for col, name in enumerate(CHANGES_HEADERS, start=1):
        put_text(ws, row + 1, col, name, "pm header")
    options = {o.id: o.label for o in model.options}
    criteria = {c.id: c.label for c in model.criteria}
    values, rows, cols = model.values, model.option_ids, model.criterion_ids
    lay = book.layout
    r = row + 2
    for scen in model.scenarios:
        for (option, criterion), value in scen.overrides.items():
            i, j = rows.index(option), cols.index(criterion)
            for col, text in enumerate((scen.id, option, criterion), start=1):
                put_text(ws, r, col, text, "pm cell")
            put_text(ws, r, 4, options[option], "pm text")
            put_text(ws, r, 5, criteria[criterion], "pm text")
            book.formula(ws, r, 6, f"={cell(SCORES, lay.score_row(i), lay.crit_col(j))}",
                         float(values[i, j]), "pm centre", "General")  # fmt: skip
            put_number(ws, r, 7, float(value), "pm input", "General")
            put_text(ws, r, 8, scen.score_rationale.get((option, criterion), ""), "pm input text")
            r += 1
    return r + 1


def _table(
    ws: Worksheet,
    model: DecisionModel,
    analysis: ScenarioAnalysis,
    row: int,
    title: str,
    values: Any,
    number_format: str,
    extra: tuple[str, Any] | None = None,
) -> tuple[int, int, int]:
    """Options x scenarios; returns (header row, last row, last column)."""
    put_text(ws, row, 1, title, "pm heading")
    header = row + 1
    put_text(ws, header, 1, "Option", "pm header")
    keys = list(analysis.scores.columns)
    for col, key in enumerate(keys, start=2):
        put_text(ws, header, col, str(analysis.labels[key]), "pm header")
    if extra is not None:
        put_text(ws, header, len(keys) + 2, extra[0], "pm header")
    ws.row_dimensions[header].height = 45
    for offset, option in enumerate(model.options, start=1):
        put_text(ws, header + offset, 1, option.label, "pm text")
        for col, key in enumerate(keys, start=2):
            value = values.loc[option.id, key]
            put_number(ws, header + offset, col, value.item(), "pm centre", number_format)
        if extra is not None:
            value = float(extra[1][option.id])
            put_number(ws, header + offset, len(keys) + 2, value, "pm output", number_format)
    last_col = len(keys) + (2 if extra is not None else 1)
    return header, header + len(model.options), last_col


def write_scenarios(
    book: Book,
    ws: Worksheet,
    model: DecisionModel,
    analysis: ScenarioAnalysis,
    params: Mapping[str, Any],
    *,
    when: datetime | None = None,
) -> None:
    """Scenario list, score changes, scores and ranks per scenario, regret and the choices."""
    row = write_header(
        ws,
        "Scenarios",
        "How the ranking holds up however the world turns out: each scenario replaces some "
        "scores. Regret is an option's shortfall from the best option in that scenario.",
        params,
        width_columns=8,
        when=when,
    )
    row = _scenario_list(ws, model, row)
    row = _changes(book, ws, model, row)
    _, last, _ = _table(
        ws, model, analysis, row, "Score in each scenario", analysis.scores, "0.000"
    )
    _, last, _ = _table(ws, model, analysis, last + 2, "Rank in each scenario", analysis.ranks, "0")
    header, last, last_col = _table(
        ws,
        model,
        analysis,
        last + 2,
        "Regret: shortfall from the best option's score in each scenario",
        analysis.regret,
        "0.000",
        extra=("Largest regret", analysis.max_regret),
    )
    ws.conditional_formatting.add(
        f"B{header + 1}:{get_column_letter(last_col - 1)}{last}",
        ColorScaleRule(
            start_type="min", start_color="FFFFFF", end_type="max", end_color=PALETTE["bad"]
        ),
    )
    labels = {o.id: o.label for o in model.options}
    choice = " and ".join(labels[o] for o in analysis.minimax_regret)
    best = " and ".join(labels[o] for o in analysis.best_in_most)
    wins = int(analysis.wins[analysis.best_in_most[0]])
    count = analysis.scores.shape[1]
    lines = [
        f"Minimax-regret choice: {choice} (largest regret "
        f"{analysis.max_regret[analysis.minimax_regret[0]]:.3f}): the option whose worst "
        "shortfall over the scenarios is smallest.",
        f"First in the most scenarios: {best} ({wins} of {count}, counting the case as scored).",
    ]
    r = last + 2
    for text in lines:
        put_text(ws, r, 1, text, "pm body")
        merge(ws, r, 1, r, 8)
        r += 1
    write_input_check(ws, model, r + 1, book=book)
    # the ids are short; the texts wrap in wide columns (the last, "Why", is the longest)
    set_widths(ws, [24, 20, 30, 30, 30, 11, 11, 40])
    fit_rows(ws, 2)
