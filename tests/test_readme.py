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
    namespaces: list[dict[str, object]] = []
    for block in code:
        namespaces.append({})
        exec(compile(block, str(README), "exec"), namespaces[-1])
    # the first block's claim is checked in the first block's own namespace
    first = namespaces[0]
    claimed = re.search(r"ranks.to_dict\(\)\s+# (\{.*?\})", code[0])
    assert claimed is not None
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
