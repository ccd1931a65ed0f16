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
from helpers import run_cli as run


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


def test_help_imports_neither_pandas_nor_openpyxl():
    """``--help`` answers without loading the libraries a run needs (issue 12: it imported
    the case reader, and pandas with it, to check whether ``--help`` was a typo)."""
    code = (
        "import io, sys; from matrix.cli import main; main(['--help'], out=io.StringIO()); "
        "print('pandas' in sys.modules, 'openpyxl' in sys.modules)"
    )
    root = str(Path(__file__).resolve().parents[2])
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONPATH": root},
    )
    assert done.stdout.split() == ["False", "False"]
    from matrix.cli.redlines import POLICY_CHOICES
    from matrix.redlines import POLICIES

    assert POLICY_CHOICES == POLICIES  # the parser's choices are the library's policies


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
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[2]))
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


# -- robustness commands -------------------------------------------------------------


def test_the_default_run_ends_with_a_robustness_summary_from_the_run(tmp_path, monkeypatch):
    from matrix.robustness import DEFAULT_SEED, break_even, rank_acceptability

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COLUMNS", "100")
    code, out, _ = run("--no-workbook")
    assert code == 0
    model = matrix_load()
    p_best = rank_acceptability(model, seed=DEFAULT_SEED).p_best["diplomatic_surge"]
    table = break_even(model)
    nearest = table.loc[(table["break_even"] - table["weight"]).abs().idxmin()]
    text = " ".join(out.split())
    assert f"Diplomatic surge is first in {p_best:.1%} of 10,000 draws" in text
    assert (
        f"unless the weight on {nearest['label']} rises above {nearest['break_even']:.1%}" in text
    )
    assert "minimax-regret choice is Diplomatic surge" in text
    assert f"seed {DEFAULT_SEED}" in out
    again = run("--no-workbook")[1]
    assert again == out  # a fixed seed: the same summary every time


def matrix_load():
    import matrix

    return matrix.load_case()


def test_sensitivity_command(tiny_case):
    code, out, err = run("sensitivity", str(tiny_case))
    assert code == 0, err
    assert "Sensitivity of first place (weighted sum)" in out
    assert "First place changes if the weight" in out and "Riders" in out
    assert "Smallest single changes" in out and "What moves" in out


def test_montecarlo_command_is_reproducible_and_says_how_it_drew(tiny_case):
    args = ("montecarlo", str(tiny_case), "--samples", "600", "--seed", "3")
    code, out, err = run(*args)
    assert code == 0, err
    assert "600 draws, seed 3." in out
    assert "Rank 1" in out and "Confidence" in out and "Central weights" in out
    assert "Dirichlet around the case's weights (concentration 30)" in " ".join(out.split())
    assert run(*args)[1] == out
    code, other, _ = run(*args[:-1], "4")
    assert code == 0 and other != out
    code, fixed, _ = run(*args, "--weights", "uniform", "--scores", "fixed")
    fixed = " ".join(fixed.split())
    assert "uniform over all weight vectors" in fixed and "Scores: fixed as scored" in fixed


def test_scenarios_command_on_the_bundled_case():
    code, out, err = run("scenarios")
    assert code == 0, err
    assert "North Korea cheats" in out and "China does not cooperate" in out
    assert "Minimax-regret choice: Diplomatic surge" in out
    assert "First in the most scenarios: Diplomatic surge" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["montecarlo", "--samples", "0"], "samples must be a whole number >= 1; got 0"),
        (["montecarlo", "--samples", "many"], "argument --samples: invalid int value: 'many'"),
        (["montecarlo", "--seed", "-4"], "seed must be a whole number >= 0 or None; got -4"),
        (["montecarlo", "--concentration", "0"], "concentration must be a finite number > 0"),
        (["montecarlo", "--weights", "bogus"], "argument --weights: invalid choice: 'bogus'"),
        (["montecarlo", "--method", "nope"], "unknown method 'nope'; choose one of wsm"),
        (["sensitivity", "--method", "nope"], "unknown method 'nope'; choose one of wsm"),
        (["scenarios", "no/such/case"], "no/such/case: no such case folder"),
    ],
)
def test_robustness_commands_refuse_bad_input_in_one_line(tmp_path, monkeypatch, args, message):
    monkeypatch.chdir(tmp_path)
    code, _, err = run(*args)
    assert code == 2
    assert message in err
    assert err.count("\n") == 1 and "Traceback" not in err


def test_scenarios_of_a_case_without_any(tiny_case):
    code, _, err = run("scenarios", str(tiny_case))
    assert code == 2 and "defines no scenarios; add scenarios.csv" in err


def test_help_lists_the_robustness_commands():
    code, out, _ = run("--help")
    assert code == 0
    for name in ("sensitivity", "montecarlo", "scenarios"):
        assert f"  {name} " in out
    code, out, _ = run("montecarlo", "--help")
    assert code == 0 and "--samples N" in out and "default: 20170922" in out


class FakeClock:
    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now


def test_the_progress_bar_waits_a_second_then_shows_and_clears():
    from matrix.cli import ProgressBar

    stream, clock = io.StringIO(), FakeClock()
    bar = ProgressBar(stream, clock=clock, delay=1.0)
    bar(10, 100)
    assert stream.getvalue() == ""  # quick runs show nothing
    clock.now = 1.5
    bar(50, 100)
    assert "50%" in stream.getvalue() and "50 of 100 evaluations" in stream.getvalue()
    bar.close()
    assert stream.getvalue().endswith("\r") and bar.shown is False
    quiet = ProgressBar(io.StringIO(), clock=FakeClock())
    quiet.close()
    assert quiet.stream.getvalue() == ""


def test_a_long_ranking_prints_its_top_and_says_how_many_more(tmp_path, monkeypatch):
    """The default run prints the first options of each table; the rest are a command away."""
    import matrix.cli.run as run_module
    import matrix.robustness.montecarlo as montecarlo

    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(run_module, "PRINT_MAX_OPTIONS", 3)
    monkeypatch.setattr(montecarlo, "MAX_OPTIONS", 4)  # 5 options: no Monte Carlo
    code, out, err = run("--no-workbook")
    assert code == 0, err
    assert out.count("… and 2 more") == 2
    assert "Every option: policy-matrix rank --format csv" in out
    assert "Left out: the Monte Carlo analysis holds at most 4 options (5 here)" in out
    assert "draws" not in out  # no acceptability line (the flip and scenario lines stay)
    assert "it stays first unless the weight on" in out and "Across 5 scenarios" in out


def test_too_many_draws_or_options_for_monte_carlo_are_refused(monkeypatch):
    import matrix
    import matrix.robustness.montecarlo as montecarlo

    code, out, err = run("montecarlo", "--samples", "20000000")
    assert code == 2 and out == ""
    assert err.strip().endswith("samples must be at most 10,000,000; got 20,000,000")
    monkeypatch.setattr(montecarlo, "MAX_OPTIONS", 4)
    with pytest.raises(matrix.MethodError, match=r"5 options are more than the 4 it can hold"):
        matrix.rank_acceptability(matrix.load_case(), samples=100)
