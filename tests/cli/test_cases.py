"""The command line with workbooks, tables and case folders: round trips, backups, locks."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from helpers import make_case, snapshot
from helpers import run_cli as run

import matrix
from matrix.excel.layout import Layout


@pytest.fixture
def workbook(tmp_path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)
    code, _, err = run(str(make_case(tmp_path / "tiny")))
    assert code == 0, err
    return tmp_path / "tiny.xlsx"


def test_edits_in_a_workbook_come_back_and_it_is_regenerated_with_a_backup(workbook):
    lay = Layout(3, 2)
    wb = openpyxl.load_workbook(workbook)
    wb["Scores"].cell(lay.weight_row, lay.crit_col(1)).value = 10  # riders now matter most
    wb.save(workbook)
    edited = workbook.read_bytes()
    code, out, err = run(str(workbook))
    assert code == 0, err
    backups = sorted(workbook.parent.glob("tiny.backup-*.xlsx"))
    assert len(backups) == 1 and backups[0].read_bytes() == edited
    assert f"Previous version kept as: {backups[0].resolve()}" in out
    assert out.index("Tram line") < out.index("Bus lane")  # the edit changed the ranking
    assert matrix.load_case(workbook).weights.tolist() == [2.0, 10.0]
    code, out, _ = run(str(workbook), "--no-backup")
    assert code == 0 and "Previous version" not in out
    assert len(list(workbook.parent.glob("tiny.backup-*.xlsx"))) == 1


def test_an_open_workbook_is_not_written_over_unless_forced(workbook):
    lock = workbook.parent / f".~lock.{workbook.name}#"
    lock.write_text("analyst,host,2026")
    before = snapshot(workbook.parent)
    code, _, err = run(str(workbook))
    assert code == 2
    assert "open in a spreadsheet (lock file .~lock.tiny.xlsx#)" in err and "--force" in err
    assert snapshot(workbook.parent) == before
    code, _, err = run(str(workbook), "--force", "--no-backup")
    assert code == 0, err


def test_export_case_and_back(workbook, tmp_path):
    code, out, err = run("export-case", str(workbook), str(tmp_path / "case_out"))
    assert code == 0, err
    assert "Case folder:" in out and "scores.csv" in out
    assert matrix.load_case(tmp_path / "case_out").option_ids == ["bus", "tram", "nothing"]
    code, _, err = run("export-case", str(workbook), str(tmp_path / "case_out"))
    assert code == 2 and "the folder is not empty" in err
    code, _, err = run("export-case", str(tmp_path / "missing.xlsx"), str(tmp_path / "x"))
    assert code == 2 and "missing.xlsx" in err and not (tmp_path / "x").exists()


def test_init_folder_and_workbook(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, out, _ = run("init", "my_case")
    assert code == 0 and "New case folder" in out
    assert run("my_case", "--no-workbook")[0] == 0
    code, out, _ = run("init", "blank.xlsx")
    assert code == 0 and "Blank workbook" in out
    code, out, _ = run("blank.xlsx", "--no-backup")
    assert code == 0 and "Option A" in out
    code, _, err = run("init", "blank.xlsx")
    assert code == 2 and "already exists" in err


def test_a_plain_table(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "lines.csv").write_text("Line,Cost,Riders\nBus,10,4\nTram,80,9\n")
    code, out, err = run("lines.csv", "--directions", "Cost=min,Riders=max", "--weights", "Cost=2")
    assert code == 0, err
    assert "Bus" in out and (tmp_path / "lines.xlsx").is_file()
    assert matrix.load_case(tmp_path / "lines.xlsx").weights.tolist() == [2.0, 1.0]
    code, _, err = run("tiny_missing", "--directions", "a=min")
    assert code == 2
    code, _, err = run(str(make_case(tmp_path / "tiny")), "--directions", "cost=min")
    assert code == 2 and "go with a plain table" in err


def test_a_table_with_columns_that_are_not_criteria(tmp_path, monkeypatch):
    """A real spreadsheet has notes and labels beside the numbers: --ignore leaves them out,
    and the error without it says so, naming the column."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "sites.csv").write_text(
        "Site,Region,Cost,Jobs,Notes\nNorth,Coast,10,40,cheap land\nSouth,Hills,30,90,\n"
    )
    code, out, err = run("sites.csv", "--directions", "Cost=min,Jobs=max")
    assert code == 2 and out == ""
    assert err.strip().splitlines() == [
        "policy-matrix: error: sites.csv row 2, column 'Region': expected a number, got 'Coast' "
        '(if the column is not a criterion, leave it out: --ignore "Region")'
    ]
    assert not (tmp_path / "sites.xlsx").exists()
    code, out, err = run(
        "sites.csv", "--directions", "Cost=min,Jobs=max", "--ignore", "Region, notes"
    )
    assert code == 0, err
    model = matrix.load_case(tmp_path / "sites.xlsx")
    assert model.criterion_ids == ["cost", "jobs"] and model.option_ids == ["north", "south"]
    for bad, message in (
        ("Budget", "cannot ignore 'Budget': no such column; the table's columns are Region, Cost"),
        ("Region,Cost,Jobs,Notes", "every criterion column is ignored"),
    ):
        code, _, err = run("sites.csv", "--directions", "Cost=min,Jobs=max", "--ignore", bad)
        assert code == 2 and message in err, err
    code, _, err = run("--ignore", "Notes")
    assert code == 2 and "--ignore go with a plain table" in err


def test_rank_under_a_perspective():
    code, out, _ = run("rank", "--perspective", "beijing", "--method", "wsm")
    assert code == 0 and "(weights of perspective Beijing)" in out
    import matrix as m

    model = m.load_case()
    expected = m.evaluate(model.under("beijing"))
    first = model.option(expected.winner).label
    assert out.index(first) < min(out.index(o.label) for o in model.options if o.label != first)
    code, _, err = run("rank", "--perspective", "nobody")
    assert code == 2 and "unknown perspective 'nobody'" in err
