"""The README's panel example is what the commands print, with the edits it describes."""

from __future__ import annotations

import re
from pathlib import Path

from helpers import run_cli
from panel_edits import edit_scores

README = Path(__file__).resolve().parents[2] / "README.md"


def _shown(command: str) -> list[str]:
    text = README.read_text(encoding="utf-8")
    block = re.search(rf"```text\n\$ {re.escape(command)}\n(.*?)```", text, re.S)
    assert block is not None, command
    return [line for line in block.group(1).splitlines() if not line.startswith("Panel workbook:")]


def test_the_readme_panel_example_is_what_the_commands_print(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COLUMNS", "100")
    (tmp_path / "panel").mkdir()
    code, out, err = run_cli("panel", "init", "--analysts", "Ana,Ben,Cat", "-o", "panel")
    assert (code, err) == (0, "")
    assert out.splitlines() == _shown("policy-matrix panel init --analysts Ana,Ben,Cat -o panel")
    edit_scores(
        tmp_path / "panel" / "north_korea-Ben.xlsx",
        {("diplomatic_surge", "nuclear_constraint"): (2, 1, 4),
         ("diplomatic_surge", "cheating_exposure"): (8, 6, 9)},
    )  # fmt: skip
    edit_scores(
        tmp_path / "panel" / "north_korea-Cat.xlsx",
        {("leave_to_china", "china_cooperation"): (9, 7, 10),
         ("leave_to_china", "nuclear_constraint"): (5, 3, 7)},
    )  # fmt: skip
    code, out, err = run_cli("panel", "merge", "panel", "-o", "panel.xlsx")
    assert (code, err) == (0, "")
    actual = [line for line in out.splitlines() if not line.startswith("Panel workbook:")]
    assert actual == _shown("policy-matrix panel merge panel -o panel.xlsx")
    assert (tmp_path / "panel.xlsx").is_file()
