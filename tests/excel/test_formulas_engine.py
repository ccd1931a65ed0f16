"""A third engine, with Excel's semantics and no spreadsheet installed: the `formulas` package.

`formulas` (PyPI; Vincenzo Arcidiacono) parses the workbook's formulas and computes
them in Python as Excel defines them. It computes the bundled workbook, saved
without stored results so that every value it gives was computed, and must give
no error value anywhere, the value Python expects (``Book.expected``) in every
formula cell, and, where LibreOffice is installed, LibreOffice's number in every
numeric formula cell (1e-9 relative; text exactly). It runs without LibreOffice:
it is the engine-free check of the formula layer.
"""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import pytest
from engines import libreoffice, needs_libreoffice

import matrix
from matrix.excel import build_book

formulas = pytest.importorskip("formulas")

TOLERANCE = 1e-9
_CELL = re.compile(r"'\[[^\]]+\](.+)'!([A-Z]+[0-9]+)")


def agrees(got: object, want: object) -> bool:
    """Text exactly; numbers to 1e-9 relative (absolute below 1)."""
    if isinstance(want, str) or isinstance(got, str):
        return got == want
    if isinstance(got, bool) or not isinstance(got, int | float):
        return False
    return abs(got - want) <= TOLERANCE * max(1.0, abs(want))  # type: ignore[operator]


@pytest.fixture(scope="module")
def computed(tmp_path_factory) -> tuple[Path, dict, dict[tuple[str, str], object]]:
    """The bundled workbook without stored results, what Python expects in it, and what
    `formulas` computes in each cell, by (SHEET NAME IN CAPITALS, cell)."""
    book = build_book(matrix.load_case())
    path = tmp_path_factory.mktemp("formulas") / "bundled.xlsx"
    book.workbook.save(path)  # openpyxl alone: no stored results to fall back on
    solution = formulas.ExcelModel().loads(str(path)).finish().calculate()
    values = {}
    for key, ranges in solution.items():
        match = _CELL.fullmatch(key)
        if match and getattr(ranges.value, "shape", None) == (1, 1):
            values[(match[1].upper(), match[2])] = ranges.value[0, 0]
    return path, book.expected, values


def test_no_cell_is_an_error(computed):
    _, expected, values = computed
    errors = [f"{sheet}!{cell}: {value}" for (sheet, cell), value in values.items()
              if isinstance(value, formulas.tokens.operand.XlError)]  # fmt: skip
    assert errors == []
    assert len(values) > len(expected)  # it read the inputs and labels too


def test_every_formula_cell_equals_python(computed):
    _, expected, values = computed
    problems = [
        f"{sheet}!{cell}: Python {want!r}, formulas {values.get((sheet.upper(), cell))!r}"
        for (sheet, cell), want in expected.items()
        if not agrees(values.get((sheet.upper(), cell)), want)
    ]
    assert len(expected) > 800
    assert problems == []


@needs_libreoffice
@pytest.mark.engine
def test_every_formula_cell_equals_libreoffice(computed, tmp_path):
    path, expected, values = computed
    theirs = openpyxl.load_workbook(libreoffice(path, tmp_path), data_only=True)
    problems = []
    for sheet, cell in expected:
        lo = theirs[sheet][cell].value
        if lo is None and expected[(sheet, cell)] == "":
            lo = ""  # an empty text result, saved as <v></v>: openpyxl reads None
        if not agrees(values.get((sheet.upper(), cell)), lo):
            problems.append(f"{sheet}!{cell}: LibreOffice {lo!r}, formulas "
                            f"{values.get((sheet.upper(), cell))!r}")  # fmt: skip
    assert problems == []


def test_a_wrong_value_is_caught():
    assert agrees(0.5, 0.5 + 1e-12) and agrees("Risk of war", "Risk of war")
    assert not agrees(0.5, 0.5 + 1e-6)
    assert not agrees(None, 0.0) and not agrees("1", 1.0) and not agrees(True, 1.0)
