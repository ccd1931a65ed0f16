"""The command line: what it prints, what it writes, and its exit codes."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from helpers import TINY_SCORES, make_case, snapshot

from matrix.cli import main


def run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(args), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def test_default_run_ranks_the_bundled_case_and_writes_the_workbook(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, out, err = run()
    assert code == 0, err
    assert err == ""
    assert "North Korea" in out
    assert "Rank  Option" in out and "Strongest criterion" in out
    assert "Diplomatic surge" in out
    assert (tmp_path / "north_korea.xlsx").is_file()
    assert f"Workbook: {tmp_path / 'north_korea.xlsx'}" in out


def test_output_option_and_a_case_folder(tmp_path, tiny_case):
    target = tmp_path / "out" / "tiny.xlsx"
    target.parent.mkdir()
    code, out, _ = run(str(tiny_case), "-o", str(target))
    assert code == 0
    assert "Tiny transport case" in out and "Tram line" in out
    assert openpyxl.load_workbook(target).sheetnames[0] == "Summary"


def test_no_workbook_writes_nothing(tmp_path, tiny_case, monkeypatch):
    monkeypatch.chdir(tmp_path)
    before = snapshot(tmp_path)
    code, out, _ = run(str(tiny_case), "--no-workbook")
    assert code == 0 and "Bus lane" in out
    assert snapshot(tmp_path) == before


def test_help_explains_with_examples():
    code, out, _ = run("--help")
    assert code == 0
    assert "examples:" in out and "policy-matrix -o" in out and "exit status" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["no/such/case"], "no/such/case: no such case folder or workbook"),
        (["--bogus"], "unrecognized arguments: --bogus"),
        (["-o", "report.pdf"], "report.pdf: the workbook's name must end in .xlsx"),
        (["-o", "missing-folder/x.xlsx"], "the folder missing-folder does not exist"),
    ],
)
def test_bad_usage_exits_2_with_one_line_and_writes_nothing(tmp_path, monkeypatch, args, message):
    monkeypatch.chdir(tmp_path)
    code, _, err = run(*args)
    assert code == 2
    assert message in err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert list(tmp_path.iterdir()) == []


def test_bad_case_exits_2_naming_file_row_and_column(tmp_path, monkeypatch):
    rows = [dict(r) for r in TINY_SCORES]
    rows[3]["score"] = "lots"
    case = make_case(tmp_path / "bad", scores=rows)
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    (out_dir / "bad.xlsx").write_bytes(b"an earlier workbook")
    monkeypatch.chdir(out_dir)
    before = snapshot(out_dir)
    code, _, err = run(str(case))
    assert code == 2
    assert "scores.csv row 5, column 'score': expected a number, got 'lots'" in err
    assert err.count("\n") == 1
    assert snapshot(out_dir) == before


def test_internal_errors_exit_1_without_a_traceback(monkeypatch):
    import matrix.io

    def boom(_):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(matrix.io, "load_case", boom)
    code, _, err = run("--no-workbook")
    assert code == 1
    assert "internal error: RuntimeError: disk on fire" in err and "Traceback" not in err


def test_python_dash_m_and_the_console_script_agree(tmp_path):
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[1]))
    proc = subprocess.run(
        [sys.executable, "-m", "matrix", "--no-workbook"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert "Diplomatic surge" in proc.stdout
    proc = subprocess.run(
        [sys.executable, "-m", "matrix", "nowhere"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert proc.returncode == 2
    assert proc.stderr.strip() == "policy-matrix: error: nowhere: no such case folder or workbook"
