"""``policy-matrix weights`` and ``--perspective``: what they print, and that bad input writes nothing."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from helpers import (
    TINY_CRITERIA,
    TINY_PERSPECTIVE_WEIGHTS,
    TINY_PERSPECTIVES,
    TINY_SCORES,
    add_perspectives,
    make_case,
    snapshot,
)
from helpers import run_cli as run

import matrix
from matrix.cli import format_ranking
from matrix.text.reading import ranking_table

README = Path(__file__).resolve().parents[2] / "README.md"


def test_weights_lists_every_perspective_with_consistency_and_ranks(monkeypatch):
    monkeypatch.setenv("COLUMNS", "100")
    code, out, err = run("weights")
    assert (code, err) == (0, "")
    model = matrix.load_case()
    for persp in model.perspectives:
        assert persp.id in out and persp.label in out
    assert "AHP consistency" in out and "CR 0.009" in out and "consistent" in out
    assert "WARNING" not in out and "INCONSISTENT" not in out
    assert "Rank of each option under each perspective" in out
    # the case's red lines rank the military option and accepting nuclear status last for
    # every perspective, which lifts Leave it to China
    assert (
        "Robust across perspectives (never ranked worse than 2nd): Diplomatic surge, Leave it to "
        "China." in out
    )
    # each weight column sums to 100
    rows = [line for line in out.splitlines() if line.startswith("Risk of war")]
    assert rows and rows[0].split()[-6:] == ["20.0", "21.5", "10.0", "31.4", "14.0", "27.5"]


def test_weights_for_one_perspective_shows_what_was_given(monkeypatch):
    monkeypatch.setenv("COLUMNS", "100")
    code, out, _ = run("weights", "--perspective", "beijing")
    assert code == 0
    assert "Perspective 'beijing': Beijing" in out
    assert "Evidence: “China must be clear with North Korea" in out
    assert "Pairwise judgements" in out and "CR 0.009: consistent" in out
    assert "revisit these first" in out
    code, out, _ = run("weights", "--perspective", "max_pressure")
    assert "Swing points" in out and "100" in out
    code, out, _ = run("weights", "--perspective", "seoul")
    assert "Position" in out and "rank-order centroid" in out


def test_default_run_under_a_perspective(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COLUMNS", "100")
    code, out, _ = run("--perspective", "seoul", "--no-workbook")
    assert code == 0
    assert "Weights of perspective 'seoul' (Seoul (Moon Jae-in government)), from importance" in out
    model = matrix.load_case().under("seoul")
    expected = format_ranking(ranking_table(model, matrix.evaluate(model)), 100)
    assert expected in out
    assert list(tmp_path.iterdir()) == []


def _three_criteria_case(folder: Path, judgements) -> Path:
    comfort = dict(TINY_CRITERIA[1], id="comfort", label="Comfort", scale_min="0", scale_max="10")
    scores = [
        *TINY_SCORES,
        *(
            {
                **TINY_SCORES[0],
                "option": o,
                "criterion": "comfort",
                "score": s,
                "low": "",
                "high": "",
            }
            for o, s in (("bus", "3"), ("tram", "8"), ("nothing", "1"))
        ),
    ]
    make_case(folder, criteria=[*TINY_CRITERIA, comfort], scores=scores)
    council = [p for p in TINY_PERSPECTIVES if p["id"] == "council"]
    pairwise = [
        {"perspective": "council", "row": r, "column": c, "value": v} for r, c, v in judgements
    ]
    return add_perspectives(folder, perspectives=council, weights=[], pairwise=pairwise)


def test_inconsistent_ahp_is_flagged_prominently(tmp_path, monkeypatch):
    monkeypatch.setenv("COLUMNS", "100")
    case = _three_criteria_case(
        tmp_path / "muddle",
        [("cost", "riders", "3"), ("riders", "comfort", "3"), ("cost", "comfort", "1/5")],
    )
    code, out, _ = run("weights", str(case))
    assert code == 0
    first = out.splitlines()[1]
    assert first.startswith("WARNING: perspective 'council' has inconsistent AHP judgements: CR")
    assert "INCONSISTENT: revisit" in out
    assert re.search(r"Cost \(EUR m\) over Comfort: judged 1/5, the priorities imply \d", out)
    code, out, _ = run(str(case), "--perspective", "council", "--no-workbook")
    assert code == 0 and "WARNING: perspective 'council'" in out
    code, out, _ = run("weights", str(case), "--perspective", "council")
    assert "INCONSISTENT (threshold 0.10)" in out


def test_case_without_perspectives(tiny_case, monkeypatch):
    monkeypatch.setenv("COLUMNS", "100")
    code, out, _ = run("weights", str(tiny_case))
    assert code == 0 and "This case has no perspectives" in out
    code, _, err = run(str(tiny_case), "--perspective", "hawk", "--no-workbook")
    assert code == 2 and "unknown perspective 'hawk'; the case has: none" in err


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {
                "weights": [
                    dict(TINY_PERSPECTIVE_WEIGHTS[0], criterion="speed"),
                    *TINY_PERSPECTIVE_WEIGHTS[1:],
                ]
            },
            "perspective_weights.csv row 2, column 'criterion': unknown criterion 'speed'",
        ),
        (
            {
                "weights": [
                    *TINY_PERSPECTIVE_WEIGHTS[:2],
                    dict(TINY_PERSPECTIVE_WEIGHTS[2], value="-1"),
                    *TINY_PERSPECTIVE_WEIGHTS[3:],
                ]
            },
            "perspective_weights.csv row 4, column 'value': perspective 'growth': swing points must be >= 0",
        ),
        (
            {
                "pairwise": [
                    {"perspective": "council", "row": "cost", "column": "riders", "value": "0"}
                ]
            },
            "perspective_pairwise.csv row 2, column 'value': perspective 'council': judgement",
        ),
    ],
)
@pytest.mark.parametrize("command", [[], ["weights"], ["--perspective", "thrift"]])
def test_bad_perspective_input_exits_2_and_writes_nothing(
    tmp_path, monkeypatch, changes, message, command
):
    case = add_perspectives(make_case(tmp_path / "bad"), **changes)
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    (out_dir / "bad.xlsx").write_bytes(b"an earlier workbook")
    monkeypatch.chdir(out_dir)
    before = snapshot(out_dir)
    args = (
        [command[0], str(case), *command[1:]] if command == ["weights"] else [str(case), *command]
    )
    code, out, err = run(*args)
    assert code == 2, out
    assert message in err and err.count("\n") == 1 and "Traceback" not in err
    assert snapshot(out_dir) == before


def test_readme_shows_what_weights_prints(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COLUMNS", "100")
    blocks = re.findall(r"```text\n(.*?)```", README.read_text(encoding="utf-8"), re.S)
    shown = next(b for b in blocks if b.startswith("$ policy-matrix weights\n"))
    _, out, _ = run("weights")
    assert out.splitlines() == shown.splitlines()[1:]
