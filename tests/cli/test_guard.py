"""The command line never overwrites what it reads, nor what it did not write (issue 13)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import openpyxl
import pytest
from helpers import make_case, snapshot
from helpers import run_cli as run

import matrix


@pytest.fixture
def umask_022():
    old = os.umask(0o022)
    yield
    os.umask(old)


def _mode(path: Path) -> str:
    return oct(stat.S_IMODE(path.stat().st_mode))


def _table(path: Path) -> Path:
    wb = openpyxl.Workbook()
    wb.active.append(["Line", "Cost", "Riders"])
    wb.active.append(["Bus", 10, 4])
    wb.active.append(["Tram", 80, 9])
    wb.save(path)
    return path


def test_a_plain_xlsx_table_is_never_its_own_output(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    mine = _table(tmp_path / "mine.xlsx").read_bytes()
    code, out, err = run("mine.xlsx", "--directions", "Cost=min,Riders=max")
    assert code == 0, err
    assert (tmp_path / "mine.xlsx").read_bytes() == mine  # the input is untouched
    assert f"Workbook: {tmp_path / 'mine-matrix.xlsx'}" in out
    assert not list(tmp_path.glob("*.backup-*"))
    code, _, err = run("mine.xlsx", "--directions", "Cost=min,Riders=max", "-o", "mine.xlsx")
    assert code == 2 and "mine.xlsx: is an input of this run, so the workbook cannot" in err
    assert (tmp_path / "mine.xlsx").read_bytes() == mine


def test_a_default_output_that_policy_matrix_did_not_write_is_not_replaced(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "lines.csv").write_text("Line,Cost,Riders\nBus,10,4\nTram,80,9\n")
    _table(tmp_path / "lines.xlsx")  # the user's own workbook, named as the default output
    before = snapshot(tmp_path)
    code, _, err = run("lines.csv", "--directions", "Cost=min,Riders=max")
    assert code == 2
    assert "lines.xlsx: exists and was not written by policy-matrix" in err and "-o" in err
    assert snapshot(tmp_path) == before
    (tmp_path / "lines.xlsx").write_bytes(b"PK\x03\x04 a damaged file is not ours either")
    before = snapshot(tmp_path)
    code, _, err = run("lines.csv", "--directions", "Cost=min,Riders=max")
    assert code == 2 and "lines.xlsx: exists and was not written by policy-matrix" in err
    assert snapshot(tmp_path) == before


def test_no_workbook_with_an_output_is_a_contradiction(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, out, err = run("--no-workbook", "-o", "out.xlsx")
    assert code == 2 and out == ""
    assert err == (
        "policy-matrix: error: -o out.xlsx asks for a workbook and --no-workbook for none; "
        "give one of them\n"
    )


def test_export_case_force_replaces_only_the_case_files(tmp_path, umask_022):
    source = make_case(tmp_path / "tiny")
    book = matrix.write_workbook(matrix.load_case(source), tmp_path / "t.xlsx")
    folder = tmp_path / "tracked"
    files = {p.name: p.read_bytes() for p in source.iterdir()}
    folder.mkdir()
    for name, data in files.items():
        (folder / name).write_bytes(data)
    (folder / ".git").mkdir()
    (folder / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    (folder / "notes.md").write_text("why we scored tram 80")
    (folder / "README.md").write_text("our case")
    (folder / "perspectives.csv").write_text("id,label\nold,Old\n")  # no longer in the case
    folder.chmod(0o750)
    (folder / "scores.csv").chmod(0o640)
    code, _, err = run("export-case", str(book), str(folder), "--force")
    assert code == 0, err
    assert (folder / ".git" / "HEAD").read_text() == "ref: refs/heads/main\n"
    assert (folder / "notes.md").read_text() == "why we scored tram 80"
    assert (folder / "README.md").read_text() == "our case"
    assert not (folder / "perspectives.csv").exists()
    assert _mode(folder) == "0o750" and _mode(folder / "scores.csv") == "0o640"
    assert _mode(folder / "options.csv") == "0o644"
    again, original = matrix.load_case(folder), matrix.load_case(source)
    assert again.replace(info=original.info).equals(original)  # the folder's name differs
    assert not [p for p in folder.iterdir() if "policy-matrix" in p.name]


def test_new_folders_follow_the_umask(tmp_path, monkeypatch, umask_022):
    monkeypatch.chdir(tmp_path)
    assert run("init", "new_case")[0] == 0
    assert _mode(tmp_path / "new_case") == "0o755"
    assert _mode(tmp_path / "new_case" / "options.csv") == "0o644"
    book = matrix.write_workbook(matrix.load_case(tmp_path / "new_case"), tmp_path / "n.xlsx")
    assert _mode(book) == "0o644"
    assert run("export-case", str(book), "exported")[0] == 0
    assert _mode(tmp_path / "exported") == "0o755"


def test_a_failed_read_back_writes_no_backup(tmp_path, monkeypatch):
    """An immutable workbook (chattr +i) could not be replaced, yet a backup was left."""
    monkeypatch.chdir(tmp_path)
    book = matrix.write_workbook(
        matrix.load_case(make_case(tmp_path / "tiny")), tmp_path / "t.xlsx"
    )
    before = snapshot(tmp_path)

    def immutable(source, target):
        raise PermissionError(1, "Operation not permitted", str(target))

    monkeypatch.setattr(os, "replace", immutable)
    code, _, err = run(str(book))
    assert code == 2 and "t.xlsx: cannot replace the file: no permission" in err
    assert err.count("\n") == 1
    assert snapshot(tmp_path) == before
