"""``policy-matrix panel init`` and ``panel merge``: stamped workbooks out, the panel's findings
back, bad input refused in one line with nothing written."""

from __future__ import annotations

import shutil

import pytest
from helpers import fails_in_one_line, make_case, run_cli, snapshot
from openpyxl import load_workbook
from panel_edits import edit_scores, hand_out

import matrix
from matrix.excel.analyst import ANALYST_PROPERTY
from matrix.io.panel import read_analyst


@pytest.fixture
def handed_out(tmp_path):
    """The tiny case handed to Ana, Ben and Cat; Ben thinks the bus lane costs four times more."""
    return hand_out(
        tmp_path,
        {"Ben": {("bus", "cost"): (40, 30, 50)},
         "Cat": {("bus", "cost"): (25, 20, 35), ("tram", "riders"): (6, 5, 8)}},
        analysts="Ana, Ben,Cat",  # a space after a comma is allowed
    )  # fmt: skip


def test_init_writes_one_stamped_workbook_per_analyst(handed_out):
    case, out, stdout = handed_out
    assert sorted(p.name for p in out.iterdir()) == [
        "tiny-Ana.xlsx",
        "tiny-Ben.xlsx",
        "tiny-Cat.xlsx",
    ]
    assert "policy-matrix panel merge" in stdout
    path = out / "tiny-Ana.xlsx"
    assert read_analyst(path) == "Ana"
    workbook = load_workbook(path)
    assert workbook["Summary"]["A2"].value.startswith("Scored by Ana, for a panel")
    assert any(p.name == ANALYST_PROPERTY and p.value == "Ana" for p in workbook.custom_doc_props)
    # the case's own workbook: it reads back as the case
    model = matrix.load_case(path)
    assert model.scores.equals(matrix.load_case(case).scores)


def test_merge_prints_the_disagreements_that_matter_first(handed_out):
    _, out, _ = handed_out
    code, stdout, stderr = run_cli("panel", "merge", str(out), "--samples", "2000")
    assert (code, stderr) == (0, "")
    # group cost of the bus lane (10 + 40 + 25) / 3 = 25: 'Do nothing' leads the group;
    # Ana's 10 in its place gives the lead back to the bus lane
    assert "Group leader: Do nothing." in stdout
    pivotal = stdout.index("Disagreements that change the leader")
    spread = stdout.index("Where the analysts disagree most")
    assert pivotal < spread
    section = stdout[pivotal:spread]
    assert "Bus lane" in section and "Ana" in section and "10" in section
    assert "Ben 40" in stdout[spread:]
    assert "Kendall's tau" in stdout and "First place:" in stdout


def test_median_aggregate(handed_out):
    _, out, _ = handed_out
    code, stdout, _ = run_cli(
        "panel", "merge", str(out), "--aggregate", "median", "--samples", "500"
    )
    assert code == 0 and "the median of the analysts' scores" in stdout
    # median bus cost 25: the same leader as the mean here, from the median's own numbers
    assert "Group leader: Do nothing." in stdout


def test_bad_merges_exit_2_in_one_line(handed_out, tmp_path):
    _case, out, _ = handed_out
    fails_in_one_line(
        ["panel", "merge", str(out / "tiny-Ana.xlsx")], tmp_path, "at least two analysts"
    )
    twin = tmp_path / "twin"
    twin.mkdir()
    shutil.copy(out / "tiny-Ana.xlsx", twin / "a.xlsx")
    shutil.copy(out / "tiny-Ana.xlsx", twin / "b.xlsx")
    fails_in_one_line(["panel", "merge", str(twin)], tmp_path, "analyst 'Ana' again")
    other = make_case(
        tmp_path / "other",
        options=[
            {"id": "bus", "label": "Bus", "description": "", "quote": ""},
            {"id": "cable", "label": "Cable car", "description": "", "quote": ""},
        ],
        scores=[
            {"option": o, "criterion": c, "score": "5", "low": "", "high": "", "rationale": "",
             "evidence": ""}
            for o in ("bus", "cable") for c in ("cost", "riders")
        ],
    )  # fmt: skip
    err = fails_in_one_line(
        ["panel", "merge", str(out / "tiny-Ana.xlsx"), str(other)], tmp_path, "is not the same case"
    )
    assert str(other) in err and "'cable'" in err
    fails_in_one_line(
        ["panel", "merge", str(out), "-o", str(tmp_path / "panel.txt")],
        tmp_path,
        "must end in .xlsx",
    )


def test_an_invalid_edit_is_named_by_file_sheet_and_cell(handed_out, tmp_path):
    _, out, _ = handed_out
    edit_scores(out / "tiny-Cat.xlsx", {("bus", "cost"): (250, 20, 35)})
    err = fails_in_one_line(["panel", "merge", str(out)], tmp_path, "tiny-Cat.xlsx")
    assert "Scores" in err


def test_bad_inits_exit_2_in_one_line(tmp_path):
    case = make_case(tmp_path / "tiny")
    out = tmp_path / "out"
    out.mkdir()
    fails_in_one_line(
        ["panel", "init", str(case), "--analysts", "Ana", "-o", str(out)], tmp_path, "at least two"
    )
    fails_in_one_line(
        ["panel", "init", str(case), "--analysts", "Ana,ana", "-o", str(out)],
        tmp_path,
        "named twice",
    )
    fails_in_one_line(
        ["panel", "init", str(case), "--analysts", "Ana,B/en", "-o", str(out)],
        tmp_path,
        "file name",
    )
    fails_in_one_line(
        ["panel", "init", str(case), "--analysts", "Ana,,Ben", "-o", str(out)],
        tmp_path,
        "empty name",
    )
    fails_in_one_line(
        ["panel", "init", str(case), "--analysts", "A,B", "-o", str(tmp_path / "no")],
        tmp_path,
        "no such folder",
    )
    assert run_cli("panel", "init", str(case), "--analysts", "A,B", "-o", str(out))[0] == 0
    fails_in_one_line(
        ["panel", "init", str(case), "--analysts", "A,B", "-o", str(out)],
        tmp_path,
        "already exists",
    )


def test_a_score_left_empty_is_aggregated_over_those_who_gave_it(handed_out, tmp_path):
    _, out, _ = handed_out
    edit_scores(out / "tiny-Cat.xlsx", {("bus", "cost"): (None, 20, 35)})
    code, stdout, stderr = run_cli("panel", "merge", str(out), "--samples", "500")
    assert (code, stderr) == (0, "")
    assert "1 score not given by every analyst" in stdout
    assert "Bus lane, Cost (EUR m): given by 2 of 3" in stdout
    # (10 + 40) / 2 = 25 without Cat: the same leader as with Cat's 25
    assert "Ana 10, Ben 40" in stdout and "Cat 25" not in stdout
    for name in ("Ana", "Ben"):
        edit_scores(out / f"tiny-{name}.xlsx", {("bus", "cost"): (None, 20, 35)})
    before = snapshot(tmp_path)
    code, _, stderr = run_cli("panel", "merge", str(out))
    assert code == 2 and "no analyst scored option 'bus' on criterion 'cost'" in stderr
    assert stderr.count("\n") == 1 and snapshot(tmp_path) == before
