"""Red lines on the command line: ``--red-lines``, the crossings under every ranking,
the margins in ``sensitivity``, and bad red lines refused in one line."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from helpers import TINY_CRITERIA, make_case, snapshot, write_csv
from helpers import run_cli as run

CROSSINGS = (
    "  Military option crosses: Risk of war 9 (red line 8)\n"
    "  Accept nuclear status crosses: Nuclear & missile constraint 1 (red line 2)\n"
)


def test_rank_prints_the_crossings_and_ranks_them_last():
    code, out, err = run("rank", "--method", "wsm")
    assert code == 0, err
    assert CROSSINGS in out
    assert "Options that cross a red line are ranked after every acceptable option." in out
    ranks = [line.split()[0] for line in out.splitlines() if "Military option  " in line]
    assert ranks == ["5"]
    accept = next(line for line in out.splitlines() if "Accept nuclear status  " in line)
    assert accept.split()[0] == "4" and accept.split()[-1] == "0.357"  # its score is kept


def test_ignore_gives_the_compensatory_ranking():
    code, out, _ = run("rank", "--method", "wsm", "--red-lines", "ignore")
    assert code == 0
    accept = next(line for line in out.splitlines() if "Accept nuclear status  " in line)
    assert accept.split()[0] == "3"
    assert "Red lines are ignored in this ranking" in out
    assert CROSSINGS in out


def test_exclude_leaves_the_crossing_options_out():
    code, out, _ = run("rank", "--red-lines", "exclude")
    assert code == 0
    table = out.split("Agreement between methods")[0]
    assert "Military option" not in table and "Accept nuclear status" not in table
    assert "Maximum pressure (current)    3    3       3      3             3          3" in table
    assert "Options that cross a red line are left out of the ranking." in out
    assert CROSSINGS in out


def test_the_default_run_prints_the_crossings_and_the_risk(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, out, err = run("--no-workbook")
    assert code == 0, err
    assert CROSSINGS in out
    assert "- Red lines: Military option crosses one in all 10,000 draws of the scores;" in out


def test_sensitivity_shows_the_margins():
    code, out, _ = run("sensitivity")
    assert code == 0
    tail = out.split("How far each score is from its red line")[1]
    rows = {line[:26].strip(): line[26:].split() for line in tail.splitlines()[3:]}
    assert rows["Military option"] == ["+2.00", "-1.00"]
    assert rows["Maximum pressure (current)"] == ["0.00", "+2.00"]  # on the line: acceptable
    assert rows["Accept nuclear status"] == ["-1.00", "+5.00"]


def _case(folder: Path, cost: str) -> Path:
    make_case(folder)
    rows = [dict(c, red_line=cost if c["id"] == "cost" else "") for c in TINY_CRITERIA]
    write_csv(folder / "criteria.csv", rows)
    return folder


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("150", "red_line 150 is outside the scale 0 to 100 of criterion 'cost'"),
        ("cheap", "column 'red_line': expected a number, got 'cheap'"),
    ],
)
def test_a_bad_red_line_exits_2_in_one_line_writing_nothing(tmp_path, value, message):
    folder = _case(tmp_path / "case", value)
    before = snapshot(tmp_path)
    code, out, err = run(str(folder), "-o", str(tmp_path / "out.xlsx"))
    assert code == 2 and out == ""
    assert message in err and "criteria.csv row 2" in err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert snapshot(tmp_path) == before


def test_no_acceptable_option_is_said_plainly(tmp_path):
    folder = _case(tmp_path / "case", "5")  # every line costs more than 5, but 'nothing'
    rows = list(csv.DictReader((folder / "scores.csv").open(encoding="utf-8")))
    for row in rows:
        if row["option"] == "nothing" and row["criterion"] == "cost":
            row.update(score="10", low="10", high="10")
    write_csv(folder / "scores.csv", rows)
    for how, then in (
        ("last", "they are ranked on their scores alone"),
        ("exclude", "none is ranked"),
    ):
        code, out, err = run("rank", str(folder), "--method", "wsm", "--red-lines", how)
        assert code == 0, err
        said = f"No option is acceptable: all 3 cross at least one red line, so {then}."
        assert " ".join(out.split()).count(said) == 1


def test_weights_says_the_ranks_follow_the_red_lines(tmp_path):
    code, out, _ = run("weights")
    assert code == 0
    assert " ".join(out.split()).endswith(
        "Ranks follow the case's red lines: an option that crosses one is ranked after every "
        "acceptable option."
    )
    code, out, _ = run("weights", "--perspective", "seoul")
    assert code == 0 and CROSSINGS in out
