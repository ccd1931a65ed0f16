"""The command line in hostile surroundings and in the hands of a new user: legacy
encodings, closed streams, typos, case files given alone, plain tables everywhere
(issue 13, items 10, 18 and 22)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from helpers import make_case
from helpers import run_cli as run

TABLE = "Option,Cost,Riders\nbus,1,20\ntram,5,60\nbike,0.5,8\n"


def command(*args: str, env: dict[str, str] | None = None, shell_suffix: str = ""):
    """Run ``python -m matrix ARGS`` in a shell (so that a stream can be closed)."""
    line = " ".join([sys.executable, "-m", "matrix", *args]) + shell_suffix
    return subprocess.run(
        ["sh", "-c", line], capture_output=True, env={**os.environ, **(env or {})}, check=False
    )


@pytest.mark.parametrize("encoding", ["cp1252", "ascii", "latin-1"])
def test_a_legacy_encoding_degrades_rules_and_dashes_instead_of_crashing(tmp_path, encoding):
    case = make_case(tmp_path / "c")
    done = command(str(case), "--no-workbook", env={"PYTHONIOENCODING": encoding})
    assert done.returncode == 0, done.stderr.decode(encoding)
    text = done.stdout.decode(encoding)
    assert "internal error" not in done.stderr.decode(encoding)
    assert "----  " in text and "─" not in text  # the table rules, in ASCII
    assert "Rank  Option" in text


def test_a_legacy_encoding_keeps_its_own_characters(tmp_path):
    case = make_case(tmp_path / "c")
    (case / "case.toml").write_text('title = "Café – € costs"\n', encoding="utf-8")
    done = command(str(case), "--no-workbook", env={"PYTHONIOENCODING": "cp1252"})
    assert done.returncode == 0
    assert done.stdout.decode("cp1252").splitlines()[0] == "Café – € costs"


def test_an_error_message_in_a_legacy_encoding(tmp_path):
    done = command(str(tmp_path / "ça—manque"), env={"PYTHONIOENCODING": "ascii"})
    assert done.returncode == 2
    assert done.stderr.decode("ascii").startswith("policy-matrix: error: ")
    assert "?a-manque: no such case folder" in done.stderr.decode("ascii")


def test_a_closed_stdout_is_not_an_internal_error(tmp_path):
    case = make_case(tmp_path / "c")
    done = command(str(case), "-o", str(tmp_path / "out.xlsx"), shell_suffix=" >&-")
    assert done.returncode == 0, done.stderr
    assert done.stderr == b""
    assert (tmp_path / "out.xlsx").is_file()  # the work is done; only the report is lost


def test_closed_stdout_and_stderr_on_bad_input_still_exit_2(tmp_path):
    done = command(str(tmp_path / "missing"), shell_suffix=" >&- 2>&-")
    assert done.returncode == 2


@pytest.mark.parametrize(
    "typo, meant",
    [("sensitivty", "sensitivity"), ("monte-carlo", "montecarlo"), ("Rank", "rank"),
     ("export_case", "export-case"), ("weigths", "weights"), ("scenario", "scenarios")],
)  # fmt: skip
def test_a_mistyped_command_gets_the_nearest_command(tmp_path, monkeypatch, typo, meant):
    monkeypatch.chdir(tmp_path)
    code, out, err = run(typo, "CASE")
    assert code == 2 and out == ""
    assert err == (
        f"policy-matrix: error: unknown command {typo!r} (and no such case folder or file); "
        f"did you mean {meant!r}?\n"
    )


def test_a_folder_named_like_a_command_typo_is_still_a_case(tmp_path, monkeypatch):
    make_case(tmp_path / "ranks")
    monkeypatch.chdir(tmp_path)
    code, _, err = run("ranks", "--no-workbook")
    assert code == 0, err


@pytest.mark.parametrize("name", ["options.csv", "scores.csv", "criteria.csv", "case.toml"])
def test_a_file_of_a_case_folder_given_alone_points_to_the_folder(tmp_path, name):
    case = make_case(tmp_path / "c")
    code, _, err = run(str(case / name), "--no-workbook")
    assert code == 2
    assert err == (
        f"policy-matrix: error: {case / name} is one file of the case folder {case}; give the "
        f"folder instead: policy-matrix {case}\n"
    )


def test_a_table_that_happens_to_be_called_options_csv_is_still_a_table(tmp_path):
    (tmp_path / "options.csv").write_text(TABLE, encoding="utf-8")
    code, _, err = run(str(tmp_path / "options.csv"), "--directions", "cost=min,riders=max",
                         "--no-workbook")  # fmt: skip
    assert code == 0, err


@pytest.mark.parametrize(
    "args, expect",
    [
        (["rank"], "Consensus"),
        (["rank", "--method", "topsis", "--weights", "cost=3"], "TOPSIS"),
        (["sensitivity"], "Sensitivity of first place (weighted sum): bus is first."),
        (["montecarlo", "--samples", "200", "--weights", "uniform"], "200 draws"),
        (["weights"], "only its own weights"),
    ],
)
def test_every_command_takes_a_plain_table(tmp_path, args, expect):
    path = tmp_path / "trips.csv"
    path.write_text(TABLE, encoding="utf-8")
    code, out, err = run(args[0], str(path), "--directions", "cost=min,riders=max", *args[1:])
    assert code == 0, err
    assert out.startswith("trips\n") and expect in out


def test_plain_table_weights_reach_the_subcommand(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text(TABLE, encoding="utf-8")
    base = ["rank", str(path), "--directions", "cost=min,riders=max", "--format", "csv"]
    _, even, _ = run(*base)
    _, riders, _ = run(*base, "--weights", "riders=20")
    assert even != riders and "tram" in riders.splitlines()[1]


def test_table_options_on_a_case_folder_are_refused_by_every_command(tmp_path):
    case = make_case(tmp_path / "c")
    for name in ("rank", "sensitivity", "scenarios", "weights", "montecarlo"):
        code, _, err = run(name, str(case), "--directions", "cost=min")
        assert code == 2 and "go with a plain table" in err, (name, err)


# -- montecarlo: intervals from the command line, the confidence factor explained (item 26) --


def test_montecarlo_intervals_come_from_the_command_line_and_reach_the_draws():
    base = ["montecarlo", "--samples", "400", "--weights", "intervals"]
    code, out, err = run(*base)
    assert code == 0, err
    said = " ".join(out.split())
    assert "uniform within each weight's interval (from 0.5 to 1.5 times the case's weight)" in said
    code, narrow, err = run(*base, "--intervals", "time_to_effect=60:80")
    assert code == 0, err
    said = " ".join(narrow.split())
    assert "(1 given, the others from 0.5 to 1.5 times the case's weight)" in said
    # a heavy weight on time to effect puts accepting nuclear status first (break-even 39.3%)
    table = narrow.split("\n\n")[2].splitlines()[2:]
    first = {line[:26].strip(): line[26:].split()[0] for line in table}
    assert first["Accept nuclear status"] not in ("0.0%", "<0.1%") and narrow != out


def test_montecarlo_intervals_given_for_every_criterion_are_said_to_be_given(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text(TABLE, encoding="utf-8")
    code, out, err = run("montecarlo", str(path), "--directions", "cost=min,riders=max",
                         "--samples", "100", "--weights", "intervals",
                         "--intervals", "cost=1:2,riders=0:1")  # fmt: skip
    assert code == 0, err
    assert "(as given)" in " ".join(out.split())


@pytest.mark.parametrize(
    "args, message",
    [
        (["--weights", "intervals", "--intervals", "war_risk=10-30"], "--intervals: expected CRITERION=LOW:HIGH pairs"),
        (["--weights", "intervals", "--intervals", "war_risk=a:b"], "got 'war_risk=a:b'"),
        (["--weights", "intervals", "--intervals", "speed=1:2"], "intervals names unknown criterion 'speed'"),
        (["--weights", "intervals", "--intervals", "war_risk=3:1"], "intervals['war_risk'] high"),
        (["--intervals", "war_risk=1:3"], "--intervals goes with --weights intervals"),
    ],
)  # fmt: skip
def test_bad_intervals_are_refused_in_one_line(args, message):
    code, out, err = run("montecarlo", "--samples", "100", *args)
    assert code == 2 and out == "" and err.count("\n") == 1
    assert message in err


def test_the_confidence_factor_is_explained_and_left_out_for_rare_winners():
    code, out, err = run("montecarlo", "--samples", "10000")
    assert code == 0, err
    table = out.split("\n\n")[2].splitlines()[2:]  # the acceptability table's rows
    rows = {line[:26].strip(): line.split() for line in table}
    assert rows["Military option"][-1] == "—"  # first in 0.1% of draws: no confidence shown
    assert rows["Diplomatic surge"][-2:] == ["0.0%", "100.0%"]
    text = " ".join(out.split())
    assert "so it can be high for an option that is rarely first" in text
    assert "Shown for options first in at least 1% of draws" in text


def test_scenarios_on_a_plain_table_says_where_scenarios_live(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text(TABLE, encoding="utf-8")
    code, out, err = run("scenarios", str(path), "--directions", "cost=min,riders=max")
    assert code == 2 and out == ""
    assert err == (
        f"policy-matrix: error: {path}: a plain table has no scenarios; scenarios live in a case "
        "folder (scenarios.csv and scenario_scores.csv, format: data/README.md; policy-matrix "
        "init DIR starts one)\n"
    )
