"""``policy-matrix panel round2``: each analyst's workbook again, with the group's judgements
beside their own (others anonymised) and the reasons given for the extremes."""

from __future__ import annotations

import numpy as np
import openpyxl
import pandas as pd
from helpers import run_cli, snapshot
from panel_edits import edit_scores

import matrix
from matrix.excel.round2_sheet import HEADERS, ROUND2
from matrix.io.panel import load_panel, read_analyst, read_panel_workbook


def test_round2_hands_back_the_group_beside_each_analyst(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "r1").mkdir()
    (tmp_path / "r2").mkdir()
    assert run_cli("panel", "init", "--analysts", "Ana,Ben,Cat", "-o", "r1")[0] == 0
    edit_scores(tmp_path / "r1" / "north_korea-Ben.xlsx",
                {("diplomatic_surge", "nuclear_constraint"): (2, 1, 4)})  # fmt: skip
    edit_scores(tmp_path / "r1" / "north_korea-Cat.xlsx",
                {("diplomatic_surge", "nuclear_constraint"): (7, 5, 8)})  # fmt: skip
    code, _, err = run_cli("panel", "merge", "r1", "-o", "panel.xlsx", "--samples", "200")
    assert (code, err) == (0, "")
    models, _, _ = read_panel_workbook("panel.xlsx")
    case = matrix.load_case()
    cell = ("diplomatic_surge", "nuclear_constraint")
    assert models["Ana"].rationale.loc[cell] == case.rationale.loc[cell]  # kept in the panel

    code, out, err = run_cli("panel", "round2", "panel.xlsx", "-o", "r2")
    assert (code, err) == (0, ""), err
    assert "policy-matrix panel merge r2" in out
    ben = tmp_path / "r2" / "north_korea-Ben-round2.xlsx"
    assert read_analyst(ben) == "Ben"
    ws = openpyxl.load_workbook(ben)[ROUND2]
    assert [ws.cell(4, c).value for c in range(1, len(HEADERS) + 1)] == HEADERS
    rows = {(ws.cell(r, 1).value, ws.cell(r, 2).value): r for r in range(5, ws.max_row + 1)}
    r = rows[(case.option("diplomatic_surge").label, case.criterion("nuclear_constraint").label)]
    # Ben 2 (1-4); the others 5 (Ana) and 7 (Cat): median 5, others' lowest 5 and highest 7
    assert [ws.cell(r, c).value for c in range(3, 9)] == [1, 2, 4, 5, 5, 7]
    assert ws.cell(r, 9).value == case.rationale.loc[cell]  # Ben's own, the lowest: not named
    assert "Ben" not in str(ws.cell(r, 9).value) and "Cat" not in str(ws.cell(r, 10).value)

    # returned unrevised, the round-2 workbooks merge into the same panel as round 1
    first = matrix.Panel.from_models(load_panel(["r1"])[0])
    second = matrix.Panel.from_models(load_panel(["r2"])[0])
    assert first.analysts == second.analysts
    np.testing.assert_allclose(first.values, second.values)
    code, out, _ = run_cli("panel", "merge", "r2", "--samples", "200")
    assert code == 0 and "the group's score moved on 0 of 45 scores" in " ".join(out.split())

    # Ben comes up to 4 after seeing the others: the group moves from 14/3 to 16/3
    edit_scores(tmp_path / "r2" / "north_korea-Ben-round2.xlsx", {cell: (4, 3, 5)})
    code, out, _ = run_cli("panel", "merge", "r2", "--samples", "200", "-o", "panel2.xlsx")
    assert code == 0, out
    findings = openpyxl.load_workbook("panel2.xlsx")["Panel"]
    assert findings["A8"].value == "Since round 1"
    assert "moved on 1 of 45 scores" in findings["A9"].value
    said = " ".join(out.split())
    assert "the group's score moved on 1 of 45 scores (by 0.01 on average)" in said  # 2/3 / 45
    assert "spread went from 0.11 to 0.07 on average" in said  # 5/45 -> 3/45
    assert (
        "Largest move: Diplomatic surge, Nuclear & missile constraint: from 4.67 to 5.33." in said
    )


def test_round2_refuses_what_is_not_a_panel_workbook(tmp_path):
    (tmp_path / "r2").mkdir()
    before = snapshot(tmp_path)
    code, _, err = run_cli(
        "panel", "round2", str(tmp_path / "nope.xlsx"), "-o", str(tmp_path / "r2")
    )
    assert code == 2 and "not a panel workbook" in err and err.count("\n") == 1
    assert snapshot(tmp_path) == before


def test_round2_from_the_analysts_workbooks_keeps_what_a_panel_workbook_does_not(
    tmp_path, monkeypatch
):
    """From panel.xlsx a round-2 workbook has no quotes, descriptions, perspectives or
    scenarios (the panel workbook does not hold them); from the round-1 workbooks it keeps
    them, with the same Round 2 sheet."""
    monkeypatch.chdir(tmp_path)
    for folder in ("r1", "from_panel", "from_files"):
        (tmp_path / folder).mkdir()
    assert run_cli("panel", "init", "--analysts", "Ana,Ben", "-o", "r1")[0] == 0
    cell = ("diplomatic_surge", "nuclear_constraint")
    edit_scores(tmp_path / "r1" / "north_korea-Ben.xlsx", {cell: (2, 1, 4)})
    assert run_cli("panel", "merge", "r1", "-o", "panel.xlsx", "--samples", "200")[0] == 0
    assert run_cli("panel", "round2", "panel.xlsx", "-o", "from_panel")[0] == 0
    code, out, err = run_cli("panel", "round2", "r1", "-o", "from_files")
    assert (code, err) == (0, ""), err
    assert "round 2 for each of 2 analysts" in out

    case = matrix.load_case()
    kept = matrix.load_case(tmp_path / "from_files" / "north_korea-Ben-round2.xlsx")
    lost = matrix.load_case(tmp_path / "from_panel" / "north_korea-Ben-round2.xlsx")
    assert kept.scores.loc[cell] == 2 and lost.scores.loc[cell] == 2  # Ben's own, both ways
    assert [o.description for o in kept.options] == [o.description for o in case.options]
    pd.testing.assert_frame_equal(kept.evidence, case.evidence)
    assert [p.id for p in kept.perspectives] == [p.id for p in case.perspectives]
    assert [s.id for s in kept.scenarios] == [s.id for s in case.scenarios]
    assert lost.perspectives == () and lost.scenarios == ()  # what panel.xlsx cannot give

    def round2_sheet(path):
        ws = openpyxl.load_workbook(path)[ROUND2]
        return [[c.value for c in row] for row in ws.iter_rows(min_row=4)]

    assert round2_sheet(tmp_path / "from_files" / "north_korea-Ben-round2.xlsx") == round2_sheet(
        tmp_path / "from_panel" / "north_korea-Ben-round2.xlsx"
    )
