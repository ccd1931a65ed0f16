"""Refresh the README's terminal examples from real runs (the tests check they match).

Run from the repository: ``python tools/readme_outputs.py``. Each ```text block that starts
with ``$ policy-matrix ...`` and that tests/test_readme.py or tests/panel/test_readme_example.py
checks is replaced by what the command prints now, at 100 columns; the lines naming where a
workbook was written keep the README's own example path.
"""

from __future__ import annotations

import io
import os
import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

KEEP = ("Workbook:", "Panel workbook:", "Previous version kept as:")


def _replace(text: str, command: str, output: str) -> str:
    pattern = re.compile(rf"(```text\n\$ {re.escape(command)}\n)(.*?)(```)", re.S)
    match = pattern.search(text)
    if match is None:
        raise SystemExit(f"README has no block for: $ {command}")
    kept = [line for line in match.group(2).splitlines() if line.startswith(KEEP)]
    lines = [line for line in output.splitlines() if not line.startswith(KEEP)] + kept
    body = "\n".join(lines) + "\n"
    return text[: match.start(2)] + body + text[match.end(2) :]


def _run(*args: str) -> str:
    from matrix.cli import main

    out, err = io.StringIO(), io.StringIO()
    code = main(list(args), out=out, err=err)
    if code != 0:
        raise SystemExit(f"policy-matrix {' '.join(args)} failed: {err.getvalue()}")
    return out.getvalue()


def main() -> None:
    os.environ["COLUMNS"] = "100"
    text = README.read_text(encoding="utf-8")
    here = os.getcwd()
    with tempfile.TemporaryDirectory() as folder:
        os.chdir(folder)
        try:
            text = _replace(text, "policy-matrix", _run())
            for command in ("sensitivity", "montecarlo --samples 10000 --seed 20170922",
                            "scenarios"):  # fmt: skip
                text = _replace(text, f"policy-matrix {command}", _run(*command.split()))
            from panel_edits import edit_scores

            Path("panel").mkdir()
            init = _run("panel", "init", "--analysts", "Ana,Ben,Cat", "-o", "panel")
            text = _replace(text, "policy-matrix panel init --analysts Ana,Ben,Cat -o panel", init)
            edit_scores(Path("panel/north_korea-Ben.xlsx"),
                        {("diplomatic_surge", "nuclear_constraint"): (2, 1, 4),
                         ("diplomatic_surge", "cheating_exposure"): (8, 6, 9)})  # fmt: skip
            edit_scores(Path("panel/north_korea-Cat.xlsx"),
                        {("leave_to_china", "china_cooperation"): (9, 7, 10),
                         ("leave_to_china", "nuclear_constraint"): (5, 3, 7)})  # fmt: skip
            merged = _run("panel", "merge", "panel", "-o", "panel.xlsx")
            text = _replace(text, "policy-matrix panel merge panel -o panel.xlsx", merged)
        finally:
            os.chdir(here)
    README.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
