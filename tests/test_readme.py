"""The README shows real output: its examples are run and compared here."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from matrix.cli import main

README = Path(__file__).resolve().parents[1] / "README.md"


def blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", README.read_text(encoding="utf-8"), re.S)


def test_python_examples_run_and_their_comments_hold(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code = blocks("python")
    assert code
    namespaces = []
    for block in code:
        namespace: dict[str, object] = {}
        exec(compile(block, str(README), "exec"), namespace)
        namespaces.append(namespace)
    claimed = re.search(r"ranks.to_dict\(\)\s+# (\{.*?\})", code[0])
    assert claimed is not None
    first = namespaces[0]  # the claim is made in the first block
    assert str(first["matrix"].evaluate(first["model"]).ranks.to_dict()) == claimed.group(1)


def test_the_terminal_example_is_what_the_command_prints(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COLUMNS", "100")
    shown = next(b for b in blocks("text") if b.startswith("$ policy-matrix\n"))
    expected = [line for line in shown.splitlines()[1:] if not line.startswith("Workbook:")]
    out = io.StringIO()
    assert main([], out=out) == 0
    actual = [line for line in out.getvalue().splitlines() if not line.startswith("Workbook:")]
    assert actual == expected


@pytest.mark.parametrize(
    "command", ["pip install . && policy-matrix", "pip install '.[test]' && pytest"]
)
def test_the_two_commands_open_the_readme(command):
    head = README.read_text(encoding="utf-8").split("## ", 1)[0]
    assert command in head


@pytest.mark.parametrize(
    "command", ["sensitivity", "montecarlo --samples 10000 --seed 20170922", "scenarios"]
)
def test_the_robustness_examples_are_what_the_commands_print(monkeypatch, command):
    monkeypatch.setenv("COLUMNS", "100")
    shown = next(b for b in blocks("text") if b.startswith(f"$ policy-matrix {command}\n"))
    out = io.StringIO()
    assert main(command.split(), out=out) == 0
    assert out.getvalue().splitlines() == shown.rstrip("\n").splitlines()[1:]


def test_the_robustness_library_example_says_what_it_computes():
    code = next(b for b in blocks("python") if "rank_acceptability" in b)
    namespace: dict[str, object] = {}
    exec(compile(code, str(README), "exec"), namespace)
    result, flip, scenarios = namespace["result"], namespace["flip"], namespace["scenarios"]
    # under the case's red lines (the default "last" policy): 0.9984 on the scores alone
    assert round(float(result.p_best["diplomatic_surge"]), 4) == 0.9995  # type: ignore[attr-defined]
    assert round(float(result.std_error.loc["diplomatic_surge", 1]), 4) == 0.0002  # type: ignore[attr-defined]
    # the red lines put Accept nuclear status last: Time to effect (39.3%) no longer counts
    assert flip.weight["criterion"] == "cheating_exposure"  # type: ignore[attr-defined]
    assert round(flip.weight["break_even"], 3) == 0.598  # type: ignore[attr-defined]
    ignored = namespace["matrix"].break_even(namespace["model"], red_lines="ignore")  # type: ignore[attr-defined]
    assert round(float(ignored.loc["time_to_effect", "rise_above"]), 3) == 0.393
    assert scenarios.minimax_regret == ("diplomatic_surge",)  # type: ignore[attr-defined]
