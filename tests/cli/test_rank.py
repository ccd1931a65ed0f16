"""``policy-matrix rank`` and the default run's table under every method."""

from __future__ import annotations

import csv
import io
import json

import pytest
from helpers import TINY_OPTIONS, make_case, snapshot
from helpers import run_cli as run

import matrix
from matrix.cli import COMMANDS, RANK_EPILOG, RANK_FORMATS, parse_params
from matrix.text.ranking import FORMATS, csv_safe


def test_every_method_side_by_side_with_the_consensus(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, out, err = run("rank")
    assert code == 0, err
    assert out.startswith("North Korea: what comes after maximum pressure?\n")
    header = next(line for line in out.splitlines() if line.startswith("Option"))
    assert header.split() == [
        "Option",
        "WSM",
        "WPM",
        "TOPSIS",
        "VIKOR",
        "PROMETHEE",
        "II",
        "Consensus",
    ]
    assert "Diplomatic surge              1    1       1      1             1          1" in out
    assert "Agreement between methods (Kendall's tau-b" in out
    assert "Consensus of 5 methods, Borda count" in out
    assert list(tmp_path.iterdir()) == []  # rank writes no workbook


def test_one_method_with_parameters_and_intermediates():
    code, out, _ = run("rank", "--method", "vikor", "--param", "v=0.2")
    assert code == 0
    assert (
        "VIKOR (v=0.2). Score: Q, the distance from the compromise ideal (0-1, lower is better)."
        in out
    )
    assert "Rank  Option" in out and "S" in out.split("Rank  Option")[1].splitlines()[0]
    assert "Compromise set: Diplomatic surge" in out
    model = matrix.load_case()
    expected = matrix.evaluate(model, "vikor", v=0.2)
    assert f"{expected.scores['leave_to_china']:.3f}" in out


def test_per_criterion_parameters_reach_promethee():
    code, out, err = run(
        "rank",
        "--method",
        "promethee2",
        "--param",
        "preference=war_risk:linear",
        "--param",
        "q=war_risk:1",
        "--param",
        "p=war_risk:3",
        "--format",
        "json",
    )
    assert code == 0, err
    payload = json.loads(out)
    assert payload["params"] == {
        "preference": {"war_risk": "linear"},
        "q": {"war_risk": 1.0},
        "p": {"war_risk": 3.0},
    }
    model = matrix.load_case()
    expected = matrix.evaluate(
        model, "promethee2", preference={"war_risk": "linear"}, q={"war_risk": 1}, p={"war_risk": 3}
    )
    got = {o["id"]: o["score"] for o in payload["options"]}
    assert got == pytest.approx(expected.scores.to_dict(), abs=1e-15)
    assert [o["rank"] for o in payload["options"]] == sorted(o["rank"] for o in payload["options"])
    # the bundled case has red lines: each option also says whether it crosses one
    assert set(payload["options"][0]) == {
        "id", "label", "rank", "score", "phi+", "phi-", "acceptable", "crosses"
    }  # fmt: skip


def test_json_of_the_comparison_holds_everything():
    code, out, _ = run("rank", "--format", "json")
    assert code == 0
    payload = json.loads(out)
    assert list(payload["methods"]) == ["wsm", "wpm", "topsis", "vikor", "promethee2"]
    assert payload["methods"]["vikor"]["higher_is_better"] is False
    assert payload["methods"]["vikor"]["details"]["compromise_set"] == ["diplomatic_surge"]
    assert payload["consensus"]["options"][0]["id"] == "diplomatic_surge"
    assert payload["agreement"]["measure"] == "kendall"
    assert payload["agreement"]["matrix"]["wsm"]["wsm"] == 1.0
    assert payload["skipped"] == {}


def test_csv_of_the_comparison_round_trips():
    code, out, _ = run("rank", "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    comparison = matrix.compare(matrix.load_case())
    assert [r["option_id"] for r in rows] == comparison.consensus.order
    for row in rows:
        for name in [*comparison.methods, "consensus"]:
            assert int(row[f"{name}_rank"]) == comparison.ranks.loc[row["option_id"], name]
            assert float(row[f"{name}_score"]) == comparison.scores.loc[row["option_id"], name]


def test_markdown_tables():
    code, out, _ = run("rank", "--method", "topsis", "--format", "markdown")
    assert code == 0
    assert out.startswith("# North Korea")
    assert "| Rank | Option | Score | D+ | D- |" in out and "|---:|:---|---:|---:|---:|" in out
    code, out, _ = run("rank", "--format", "markdown")
    assert "| Option | WSM | WPM | TOPSIS | VIKOR | PROMETHEE II | Consensus |" in out


TRICKY = ['=HYPERLINK("http://x","y")', "+cmd", "-2+3", "@SUM(A1)", "\tTab", "\rCR", "Plain | pipe"]


@pytest.mark.parametrize("method", [None, "wsm"])
def test_csv_neutralises_formulas_in_text(tmp_path, method):
    options = [dict(o) for o in TINY_OPTIONS]
    for option, label in zip(options, TRICKY, strict=False):
        option["label"] = label
    case = make_case(tmp_path / "tricky", options=options)
    args = ["rank", str(case), "--format", "csv"] + (["--method", method] if method else [])
    code, out, err = run(*args)
    assert code == 0, err
    rows = list(csv.DictReader(io.StringIO(out)))
    labels = {r["option"] for r in rows}
    assert labels == {"'" + label for label in TRICKY[:3]}
    # numbers stay numbers, even negative ones
    assert all(
        not r[k].startswith("'") for r in rows for k in r if k not in ("option", "option_id")
    )


def test_markdown_escapes_pipes(tmp_path):
    options = [dict(o) for o in TINY_OPTIONS]
    options[0]["label"] = "Bus | lane"
    code, out, _ = run(
        "rank", str(make_case(tmp_path / "c", options=options)), "--format", "markdown"
    )
    assert code == 0 and "Bus \\| lane" in out


def test_csv_safe():
    assert [csv_safe(t) for t in ["=1", "+1", "-1", "@1", "\t1", "\r1", "1-", "a=b"]] == [
        "'=1",
        "'+1",
        "'-1",
        "'@1",
        "'\t1",
        "'\r1",
        "1-",
        "a=b",
    ]


def test_a_method_undefined_on_the_data_is_named(tmp_path):
    # the tiny case has a cost of 0 for 'nothing': the weighted product is undefined
    case = make_case(tmp_path / "tiny")
    code, out, _ = run("rank", str(case))
    assert code == 0
    assert "Left out: Weighted product: wpm needs scores > 0 on every criterion" in out
    assert "WPM" not in out.split("Agreement")[0]
    code, _, err = run("rank", str(case), "--method", "wpm")
    assert code == 2
    assert "criterion 'cost' has 0 for option 'nothing'" in err and err.count("\n") == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--method", "magic"],
            "unknown method 'magic'; choose one of wsm, wpm, topsis, vikor, promethee2, consensus",
        ),
        (
            ["--method", "wsm", "--param", "v=1"],
            "method 'wsm' has no parameter 'v'; its parameters: normalization",
        ),
        (["--method", "vikor", "--param", "v=2"], "vikor: v must be a number from 0 to 1"),
        (
            ["--method", "vikor", "--param", "v=high"],
            "v must be a number from 0 to 1 (the weight of the group regret S); got 'high'",
        ),
        (
            ["--method", "promethee2", "--param", "preference=spline"],
            "preference must be one of usual, ushape",
        ),
        (
            ["--method", "promethee2", "--param", "preference=ushape", "--param", "q=-1"],
            "q for criterion 'nuclear_constraint' must be a number >= 0; got -1",
        ),
        (
            [
                "--method",
                "promethee2",
                "--param",
                "preference=linear",
                "--param",
                "q=2",
                "--param",
                "p=1",
            ],
            "p must be >= q",
        ),
        (["--param", "v=0.3"], "--param needs --method"),
        (["--method", "vikor", "--param", "v"], "--param expects KEY=VALUE; got 'v'"),
        (["--method", "vikor", "--param", "v=1", "--param", "v=0"], "--param v is given twice"),
        (["--method", "promethee2", "--param", "q=war_risk:"], "expected CRITERION:VALUE pairs"),
        (["--format", "xml"], "argument --format: invalid choice: 'xml'"),
        (["no/such/case"], "no/such/case: no such case folder"),
    ],
)
def test_bad_usage_exits_2_with_one_line(tmp_path, monkeypatch, args, message):
    monkeypatch.chdir(tmp_path)
    code, out, err = run("rank", *args)
    assert code == 2
    assert message in err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert out == "" and list(tmp_path.iterdir()) == []


def test_help_lists_every_method_and_format():
    code, out, _ = run("rank", "--help")
    assert code == 0
    for name in matrix.METHODS:
        assert f"\n  {name} " in RANK_EPILOG and name in out
    assert RANK_FORMATS == FORMATS
    code, out, _ = run("--help")
    assert "rank" in out and COMMANDS["rank"].summary in out


def test_parse_params():
    assert parse_params(["v=0.5", "preference=gaussian", "s=a:1,b:2.5"]) == {
        "v": 0.5,
        "preference": "gaussian",
        "s": {"a": 1.0, "b": 2.5},
    }


def test_the_default_run_adds_the_table_under_every_method(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, out, _ = run("--no-workbook")
    assert code == 0
    first, _, rest = out.partition("Under every method (rank, 1 = best):")
    assert "   1  Diplomatic surge            0.583" in first  # the first table is unchanged
    lines = rest.strip().splitlines()
    assert lines[0].split()[-1] == "Consensus"
    comparison = matrix.compare(matrix.load_case())
    labels = {o.id: o.label for o in matrix.load_case().options}
    for line, option in zip(lines[2:7], comparison.consensus.order, strict=True):
        assert line.startswith(labels[option])
        assert [int(x) for x in line[len(labels[option]) :].split()] == comparison.ranks.loc[
            option
        ].tolist()
    assert "Scores and intermediates: policy-matrix rank" in out


def test_the_default_run_names_the_case_in_its_hint(tmp_path, tiny_case, monkeypatch):
    monkeypatch.chdir(tmp_path)
    before = snapshot(tmp_path)
    code, out, _ = run(str(tiny_case), "--no-workbook")
    assert code == 0 and f"policy-matrix rank {tiny_case}" in out
    assert "Left out: Weighted product" in out
    assert snapshot(tmp_path) == before


@pytest.mark.parametrize("command", ["policy-matrix rank", "policy-matrix rank --method vikor"])
def test_the_readme_shows_what_rank_prints(monkeypatch, command):
    import re
    from pathlib import Path

    monkeypatch.setenv("COLUMNS", "100")
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```text\n(.*?)```", readme, re.S)
    shown = next(b for b in blocks if b.startswith(f"$ {command}\n"))
    code, out, _ = run(*command.split()[1:])
    assert code == 0
    assert out.splitlines() == shown.splitlines()[1:]
