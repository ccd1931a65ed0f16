"""The workbook being written, with the value Python expects in each formula cell.

Every formula goes through :meth:`Book.formula`, which records what the Python
code computes for that cell. The tests recalculate the saved file in a real
spreadsheet engine and compare each formula cell with this record, and
:meth:`Book.save` stores it in the file as each formula cell's result.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.worksheet.worksheet import Worksheet

import matrix.excel.results as results
from matrix.excel.layout import Layout
from matrix.excel.styles import put_formula

__all__ = ["Book", "collection_paused"]


@dataclass
class Book:
    """An openpyxl workbook, its layout, and the expected value of every formula cell."""

    workbook: Workbook
    layout: Layout
    expected: dict[tuple[str, str], object] = field(default_factory=dict)

    def formula(
        self,
        ws: Worksheet,
        row: int,
        column: int,
        formula: str,
        expected: object,
        style: str | None = None,
        number_format: str | None = None,
    ) -> Cell:
        """Write a formula and record the value Python computes for it."""
        cell = put_formula(ws, row, column, formula, style, number_format)
        self.expected[(ws.title, cell.coordinate)] = expected
        return cell

    def save(self, path: str | Path) -> None:
        """Save the workbook with the expected value stored as every formula cell's result."""
        with collection_paused():
            results.save(self.workbook, path, self.expected)

    def discard(self) -> None:
        """Take the workbook apart once it is saved and no longer needed.

        Sheets and their cells refer to each other, so a workbook is only freed by a
        pass of the garbage collector over all of its objects; emptied, its objects are
        freed at once.
        """
        for ws in self.workbook.worksheets:
            ws._cells.clear()
            ws._charts.clear()
        self.workbook._sheets.clear()
        self.expected.clear()


@contextmanager
def collection_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a workbook is built or saved.

    A workbook is tens of thousands of cell objects made in a burst, none of them
    garbage, which the collector would otherwise scan again and again as they
    accumulate: about a sixth of the time of a 100 x 20 workbook. Reference counting
    still frees everything else at once, and collection resumes afterwards.
    """
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()
