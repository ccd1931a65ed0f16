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


# -- rank's machine formats and the robustness commands follow the red lines ---------------


def _library_crossings():
    import matrix

    crossed = matrix.redlines.crossings(matrix.load_case())
    return {str(o): [str(c) for c, hit in row.items() if hit] for o, row in crossed.iterrows()}


@pytest.mark.parametrize("method", [[], ["--method", "wsm"], ["--method", "topsis"]])
def test_rank_csv_has_each_options_crossings_and_acceptable_flag(method):
    import io

    code, out, err = run("rank", *method, "--format", "csv")
    assert code == 0, err
    rows = list(csv.DictReader(io.StringIO(out)))
    expected = _library_crossings()
    assert {r["option_id"]: r["crosses"].split(";") if r["crosses"] else [] for r in rows} == (
        expected
    )
    assert {r["option_id"]: r["acceptable"] for r in rows} == {
        o: str(not c) for o, c in expected.items()
    }


def test_rank_json_has_each_options_crossings_and_acceptable_flag():
    import json

    import matrix

    model = matrix.load_case()
    code, out, err = run("rank", "--method", "wsm", "--format", "json")
    assert code == 0, err
    payload = json.loads(out)
    assert payload["red_lines"] == "last"
    expected = _library_crossings()
    for option in payload["options"]:
        crosses = [c["criterion"] for c in option["crosses"]]
        assert crosses == expected[option["id"]]
        assert option["acceptable"] is (not crosses)
        for c in option["crosses"]:
            assert c["score"] == model.scores.at[option["id"], c["criterion"]]
            assert c["red_line"] == model.criterion(c["criterion"]).red_line
    code, out, err = run("rank", "--format", "json")  # every method, each with the flags
    assert code == 0, err
    for ranking in json.loads(out)["methods"].values():
        assert {o["id"]: o["acceptable"] for o in ranking["options"]} == {
            o: not c for o, c in expected.items()
        }


def test_rank_markdown_has_a_red_lines_column():
    code, out, err = run("rank", "--method", "wsm", "--format", "markdown")
    assert code == 0, err
    rows = {
        cells[1]: cells[-1]
        for line in out.splitlines()
        if line.startswith("| ") and (cells := [c.strip() for c in line.split("|")[1:-1]])
    }
    assert rows["Military option"] == "crosses Risk of war"
    assert rows["Accept nuclear status"] == "crosses Nuclear & missile constraint"
    assert rows["Diplomatic surge"] == "acceptable"


def test_a_case_without_red_lines_keeps_its_csv_columns(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("option,a,b\nx,1,2\ny,2,1\n", encoding="utf-8")
    code, out, err = run(
        "rank", str(path), "--directions", "a=max,b=max", "--method", "wsm", "--format", "csv"
    )
    assert code == 0, err
    assert out.splitlines()[0] == "rank,option_id,option,score"


def test_sensitivity_follows_the_red_line_policy():
    code, last, err = run("sensitivity")
    assert code == 0, err
    assert "Options that cross a red line are ranked after every acceptable option." in last
    assert "Accept nuclear status" not in last.split("What moves")[0].split("New leader")[1]
    assert "from 5 to below its red line of 2; then Leave it to China" in " ".join(last.split())
    code, ignored, err = run("sensitivity", "--red-lines", "ignore")
    assert code == 0, err
    said = " ".join(ignored.split())
    assert (
        "Time to effect rises from 5.0% to 39.3% of the total; then Accept nuclear status" in said
    )
    code, excluded, err = run("sensitivity", "--red-lines", "exclude")
    assert code == 0, err
    assert "Options that cross a red line are left out of the ranking." in excluded


def test_scenarios_follow_the_red_line_policy():
    code, out, err = run("scenarios", "--red-lines", "exclude")
    assert code == 0, err
    strike = next(line for line in out.splitlines() if line.startswith("Military option"))
    assert strike.split()[2:] == ["left", "out"] * 5
    code, out, err = run("scenarios")
    assert code == 0, err
    assert "Options that cross a red line are ranked after every acceptable option." in out


def test_montecarlo_refuses_exclude_in_one_line():
    code, out, err = run("montecarlo", "--samples", "200", "--red-lines", "exclude")
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and "use --red-lines last" in err
    assert "red_lines=" not in err  # the command line's words, not Python's
