"""Edit an analyst's workbook as a person would in a spreadsheet: change a score and its range."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook

from matrix.excel.layout import EVIDENCE, SCORES, Layout

_LAY = Layout(1, 1)


def edit_scores(
    path: Path, changes: dict[tuple[str, str], tuple[float | None, float, float]]
) -> None:
    """Set ``{(option, criterion): (score, low, high)}``; a score of None empties the cell."""
    workbook = load_workbook(path)
    scores, evidence = workbook[SCORES], workbook[EVIDENCE]
    columns = {}
    col = _LAY.first_col
    while scores.cell(_LAY.id_row, col).value:
        columns[scores.cell(_LAY.id_row, col).value] = col
        col += 1
    rows = {}
    row = _LAY.first_option_row
    while scores.cell(row, 1).value:
        rows[scores.cell(row, 1).value] = row
        row += 1
    for (option, criterion), (score, low, high) in changes.items():
        scores.cell(rows[option], columns[criterion]).value = score
        for r in range(1, evidence.max_row + 1):
            if evidence.cell(r, 1).value == option and evidence.cell(r, 3).value == criterion:
                evidence.cell(r, 6).value = low
                evidence.cell(r, 7).value = high
    workbook.save(path)


def hand_out(
    tmp_path: Path,
    edits: dict[str, dict[tuple[str, str], tuple[float | None, float, float]]],
    analysts: str = "Ana,Ben,Cat",
) -> tuple[Path, Path, str]:
    """The tiny case handed out by ``policy-matrix panel init`` to ``analysts``, then each
    analyst's ``edits`` made in their workbook: the case folder, the panel folder and what
    ``panel init`` printed."""
    from helpers import make_case, run_cli

    case = make_case(tmp_path / "tiny")
    out = tmp_path / "panel"
    out.mkdir()
    code, stdout, stderr = run_cli("panel", "init", str(case), "--analysts", analysts, "-o",
                                   str(out))  # fmt: skip
    assert (code, stderr) == (0, "")
    for analyst, changes in edits.items():
        edit_scores(out / f"tiny-{analyst}.xlsx", changes)
    return case, out, stdout
